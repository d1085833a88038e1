import { CloudUploadOutlined, DownloadOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Drawer, Flex, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ExpertImportReport, ExpertPackageMade, RoundScoringSetup } from '../../../../shared/api/contracts/scoring';
import type { StagedFile } from '../../../../shared/api/envelope';
import { formatBytes } from '../../../../shared/domain/text/bytes';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { errorMessage } from '../../api/client';
import { hasFolderDialog, pickFolder, saveResult } from '../../api/files';
import { useOp, useOpMutation } from '../../api/queries';
import { FilePicker } from '../../components/FilePicker';
import { FolderUpload } from '../rounds/submissions/FolderUpload';

const VERDICTS: Record<ExpertImportReport['verdict'], { label: string; color: string }> = {
  refused: { label: '有错误，不能导入', color: 'red' },
  unchanged: { label: '已导入过，没有变化', color: 'default' },
  new: { label: '可以导入', color: 'green' },
  conflict: { label: '版本冲突', color: 'orange' },
};

/**
 * 专家评分包 in 专家与设置: 生成 makes each expert's package (a zip to download; in the desktop app
 * also written into a chosen folder, e.g. a USB stick), 导入 checks a returned package first —
 * every change, every refused cell with its row and column — and imports it on 确认导入; the
 * received revisions are listed with their 回执.
 */
export function ExpertPackagesCard({ roundId, setup }: { roundId: number; setup: RoundScoringSetup }) {
  const make = useOpMutation('scoring.expertPackages', { silent: true });
  const submissions = useOp('scoring.expertSubmissions', { roundId }, { silent: true });
  const receipt = useOpMutation('scoring.expertReceipt', { errorTitle: '无法生成回执' });
  const [made, setMade] = useState<ExpertPackageMade[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);

  const generate = async (toFolder: boolean) => {
    setError(null);
    let destination: StagedFile | null = null;
    if (toFolder) {
      destination = await pickFolder('选择保存专家评分包的文件夹（如 U 盘）');
      if (!destination) return;
    }
    try {
      setMade(await make.mutateAsync({ roundId, expertIds: [], ...(destination ? { destination: { ref: destination.ref } } : {}) }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const noExperts = setup.experts.length === 0;

  return (
    <Card
      size="small"
      title="专家评分包"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} disabled={noExperts} loading={make.isPending} onClick={() => void generate(false)} data-testid="make-expert-packages">
            生成专家评分包
          </Button>
          {hasFolderDialog() && (
            <Button icon={<FolderOpenOutlined />} disabled={noExperts} onClick={() => void generate(true)}>
              生成到文件夹…
            </Button>
          )}
          <Button icon={<CloudUploadOutlined />} disabled={noExperts} onClick={() => setImporting(true)} data-testid="open-expert-import">
            导入专家评分包
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        专家可带着评分包到现场或在自己的电脑上评分：评分表列出所评单位的每项指标、学校自评和佐证材料清单，专家填写评分和备注后交回导入。每位专家的评分包只导入该专家本人的评分；同一评分包重复导入不会改变任何内容。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title="未能生成专家评分包" description={error} style={{ marginBottom: 8 }} />}
      {made && (
        <List
          size="small"
          header={`已生成 ${made.length} 个专家评分包`}
          dataSource={made}
          data-testid="expert-packages-made"
          renderItem={(m) => (
            <List.Item actions={[<Typography.Link key="dl" onClick={() => void saveResult(m.zip)}>下载</Typography.Link>]}>
              {m.expertName}：{m.units} 个单位，{m.rows} 项（{m.zip.fileName}）
            </List.Item>
          )}
        />
      )}
      {(submissions.data?.length ?? 0) > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          rowKey={(s) => `${s.expertId}-${s.revision}`}
          pagination={false}
          dataSource={submissions.data}
          data-testid="expert-submissions"
          columns={[
            { title: '专家', dataIndex: 'expertName', key: 'expert', width: 100 },
            { title: '版本', key: 'revision', width: 80, render: (_, s) => `第 ${s.revision} 版` },
            { title: '接收时间', key: 'at', width: 150, render: (_, s) => formatDateTime(s.receivedAt) },
            { title: '来源', dataIndex: 'sourceName', key: 'source', render: (v: string) => <span data-user-text>{v}</span> },
            { title: '内容', key: 'content', width: 200, render: (_, s) => `已评 ${s.scored} 项，${s.changed} 项有变化（${formatBytes(s.workbook.bytes)}）` },
            {
              title: '回执',
              key: 'receipt',
              width: 120,
              render: (_, s) => (
                <Space size={8}>
                  <Typography.Link onClick={() => void receipt.mutateAsync({ roundId, expertId: s.expertId, revision: s.revision }).then((r) => saveResult(r.pdf))}>PDF</Typography.Link>
                  <Typography.Link onClick={() => void receipt.mutateAsync({ roundId, expertId: s.expertId, revision: s.revision }).then((r) => saveResult(r.xlsx))}>Excel</Typography.Link>
                </Space>
              ),
            },
          ]}
        />
      )}
      {importing && <ExpertImportDrawer roundId={roundId} onClose={() => setImporting(false)} />}
    </Card>
  );
}

/** Choose a returned package (a zip, or a folder in the desktop app), see its check, then import. */
function ExpertImportDrawer({ roundId, onClose }: { roundId: number; onClose: () => void }) {
  const check = useOpMutation('scoring.importExpertPackage', { silent: true });
  const [source, setSource] = useState<StagedFile | null>(null);
  const [report, setReport] = useState<ExpertImportReport | null>(null);
  const [done, setDone] = useState<ExpertImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (file: StagedFile, dryRun: boolean, acceptConflict = false) => {
    setError(null);
    try {
      const r = await check.mutateAsync({ roundId, source: { ref: file.ref }, dryRun, acceptConflict });
      if (dryRun) setReport(r);
      else setDone(r);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const picked = async (files: StagedFile[]) => {
    const f = files[0];
    if (!f) return;
    setSource(f);
    setReport(null);
    setDone(null);
    await run(f, true);
  };
  // After an import the drawer starts again for the next package (experts hand theirs in one by one).
  const another = () => {
    setSource(null);
    setReport(null);
    setDone(null);
    setError(null);
  };
  const shown = done ?? report;
  const errors = shown?.issues.filter((i) => i.severity === 'error') ?? [];

  return (
    <Drawer open title="导入专家评分包" size={820} onClose={onClose} destroyOnHidden data-testid="expert-import">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="expert-import-help">
          选择专家交回的评分包后先检查：列出每项评分的变化和每处错误，此时不改动任何评分；确认无误后点“确认导入”。只导入该评分包所属专家本人的评分；同一评分包重复导入不会改变任何内容。
        </Typography.Paragraph>
        {done ? (
          <Button style={{ alignSelf: 'flex-start' }} onClick={another} data-testid="expert-import-another">
            导入另一个评分包
          </Button>
        ) : (
          <Flex gap={8} wrap align="flex-start">
            <FilePicker accept={['.zip']} title="选择专家交回的评分包（zip 文件）" onPicked={picked} data-testid="expert-import-file">
              <Button>选择评分包 zip 文件</Button>
            </FilePicker>
            {hasFolderDialog() ? (
              <Button
                onClick={() =>
                  void pickFolder('选择专家评分包文件夹').then((f) => {
                    if (f) void picked([f]);
                  })
                }
              >
                选择评分包文件夹
              </Button>
            ) : (
              // Browser mode: the folder's files are uploaded and put back together as one folder.
              <FolderUpload disabled={check.isPending} onUploaded={(f) => void picked([f])} />
            )}
          </Flex>
        )}
        {check.isPending && <Typography.Text>正在读取评分包……</Typography.Text>}
        {error && <Alert type="error" showIcon title={error} />}
        {shown && (
          <Flex vertical gap={8} data-testid="expert-import-report">
            <Space wrap>
              <Typography.Text strong data-user-text>
                {shown.source}
              </Typography.Text>
              {shown.expertName && <Typography.Text>专家：{shown.expertName}</Typography.Text>}
              {done ? (
                <Tag color={done.revision ? 'green' : 'default'} data-testid="expert-import-verdict">
                  {done.revision ? `已导入，第 ${done.revision} 版` : VERDICTS[done.verdict].label}
                </Tag>
              ) : (
                <Tag color={VERDICTS[shown.verdict].color} data-testid="expert-import-verdict">
                  {VERDICTS[shown.verdict].label}
                </Tag>
              )}
            </Space>
            <Typography.Text type="secondary">
              已评 {shown.scored} 项，留空 {shown.empty} 项；{shown.changes.length} 项评分有变化
              {shown.opinions.length ? `，${shown.opinions.length} 条评估意见有变化` : ''}
              {shown.skipped.length ? `，${shown.skipped.length} 项不导入` : ''}
            </Typography.Text>
            {shown.verdict === 'conflict' && !done && (
              <Alert
                type="warning"
                showIcon
                title={`该评分包按第 ${shown.baseRevision} 版生成，之后已导入该专家的第 ${shown.latestRevision} 版`}
                description="可能是旧的评分包或在另一台电脑上填写的副本。确认以它为准时，它有变化的评分将作为新的版本导入（此前的评分保留在修改记录中）。"
              />
            )}
            {errors.length > 0 && (
              <Alert
                type="error"
                showIcon
                title={`有 ${errors.length} 处错误，评分包不能导入；请专家改正后重新交回`}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="expert-import-errors">
                    {errors.map((i, n) => (
                      <li key={n}>{[i.file, i.sheet, i.row ? `第 ${i.row} 行` : '', i.column ? `${i.column} 列` : ''].filter(Boolean).join(' ')}：{i.message}</li>
                    ))}
                  </ul>
                }
              />
            )}
            {shown.changes.length > 0 && (
              <Table
                size="small"
                rowKey={(c) => `${c.unitName}-${c.code}`}
                pagination={shown.changes.length > 50 ? { pageSize: 50 } : false}
                dataSource={shown.changes}
                data-testid="expert-import-changes"
                columns={[
                  { title: '单位', dataIndex: 'unitName', key: 'unit', width: 140 },
                  { title: '指标', key: 'item', render: (_, c) => `${c.code} ${c.title}` },
                  { title: '原评分', dataIndex: 'before', key: 'before', width: 90 },
                  { title: '新评分', dataIndex: 'after', key: 'after', width: 90 },
                  { title: '备注', dataIndex: 'note', key: 'note', width: 180 },
                ]}
              />
            )}
            {shown.opinions.length > 0 && (
              <Table
                size="small"
                rowKey={(o) => `${o.unitName}-${o.item}-${o.kind}-${o.before}-${o.after}`}
                pagination={false}
                dataSource={shown.opinions}
                data-testid="expert-import-opinions"
                title={() => `评估意见有变化（${shown.opinions.length} 条）`}
                columns={[
                  { title: '单位', dataIndex: 'unitName', key: 'unit', width: 140 },
                  { title: '指标', dataIndex: 'item', key: 'item', width: 80 },
                  { title: '类别', dataIndex: 'kind', key: 'kind', width: 90 },
                  { title: '原意见', key: 'before', render: (_, o) => o.before || <Typography.Text type="secondary">（新增）</Typography.Text> },
                  { title: '新意见', key: 'after', render: (_, o) => o.after || <Typography.Text type="secondary">（撤回）</Typography.Text> },
                ]}
              />
            )}
            {shown.skipped.length > 0 && (
              <Alert type="info" showIcon title="以下评分不导入" description={shown.skipped.map((s) => `${s.unitName} ${s.code}：${s.reason}`).join('；')} />
            )}
            {!done && source && (shown.verdict === 'new' || shown.verdict === 'conflict') && (
              <Flex justify="flex-end">
                <Button type="primary" loading={check.isPending} onClick={() => void run(source, false, shown.verdict === 'conflict')} data-testid="expert-import-commit">
                  {shown.verdict === 'conflict' ? '以此评分包为准导入' : '确认导入'}
                </Button>
              </Flex>
            )}
          </Flex>
        )}
      </Flex>
    </Drawer>
  );
}
