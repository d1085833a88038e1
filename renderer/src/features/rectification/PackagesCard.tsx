/**
 * 整改进展包 (issue 14 item 6) on the 整改台账 screens: a self-contained card.
 *
 * Props:
 *  - `onImported?(report)`: called after a package was imported (a new revision stored), e.g. to
 *    reload an item page the host shows; cached reads of the ledger refresh by themselves.
 *  - `style?`: the card's outer style (spacing in the host's layout).
 *
 * It offers, top to bottom: 生成 — the schools with open items (未启动, 整改中), chosen in a table,
 * one package each, made as a recorded job (progress, 取消) under the data directory (or a chosen
 * folder in the desktop app), the zips downloaded from the job's outputs; 导入 — a returned package (zip or folder) checked first (nothing written: the
 * entries, state moves and every problem with file, sheet, row and column), then imported on
 * confirmation (a version conflict only when the user says so), with its 回执; and 接收记录 — the
 * accepted packages with their 回执 (PDF, Excel).
 */
import { CloudUploadOutlined, FileExcelOutlined, FilePdfOutlined, FolderOpenOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Divider, Flex, Table, Tag, Typography, type CardProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import {
  RECTIFICATION_IMPORT_VERDICT_LABELS,
  type PackageSchool,
  type RectificationImportReport,
  type RectificationPackageImport,
} from '../../../../shared/api/contracts/rectification-packages';
import type { PackageIssueDto } from '../../../../shared/api/contracts/rounds';
import type { StagedFile } from '../../../../shared/api/envelope';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { call } from '../../api/client';
import { hasFolderDialog, pickFolder } from '../../api/files';
import { useOp, useOpMutation } from '../../api/queries';
import { FilePicker, type UploadState } from '../../components/FilePicker';
import { useDownload } from '../../components/use-download';
import { useNotify } from '../../components/use-notify';
import { uploadText } from '../attachments/AttachmentsSection';
import { JobOutputs, JobProgress, failureText, isActive, stateText } from '../jobs/JobView';
import { useJobs } from '../jobs/use-jobs';
import { FolderUpload } from '../rounds/submissions/FolderUpload';

export interface PackagesCardProps {
  /** Called after a package was imported (a new revision stored). */
  onImported?: (report: RectificationImportReport) => void;
  style?: CardProps['style'];
}

const VERDICT_COLORS: Record<RectificationImportReport['verdict'], string> = { refused: 'red', unchanged: 'default', new: 'green', conflict: 'orange' };

/** Where a problem is: “整改进展表.xlsx 整改进展 第 3 行 J 列”. */
export function issuePlace(i: PackageIssueDto): string {
  return [i.file, i.sheet ? `工作表“${i.sheet}”` : '', i.row ? `第 ${i.row} 行` : '', i.column ? `${i.column} 列` : ''].filter(Boolean).join(' ');
}

/** 整改进展包: generate, check and import, receipts (see the module comment for the props). */
export function PackagesCard({ onImported, style }: PackagesCardProps) {
  return (
    <Card title="整改进展包（U 盘报送）" style={style} data-testid="rectification-packages">
      <Typography.Paragraph type="secondary">
        把学校未完成的整改事项（未启动、整改中，含核验未通过退回的）生成整改进展包，拷贝给学校填写进展并放入佐证材料；学校交回后在这里检查并导入，导入的内容记为各事项的整改进展。学校标记“已完成整改”并附佐证材料的事项转为“已完成待核验”，由督导室核验后销号。
      </Typography.Paragraph>
      <Generate />
      <Divider />
      <Import onImported={onImported} />
      <Divider />
      <Received />
    </Card>
  );
}

/**
 * 生成: choose schools with open items, then make their packages as a recorded job (progress per
 * school, 取消; found again after leaving the page), each package also as a zip to download
 * (JobOutputs, with 全部下载) when written under the data directory.
 */
function Generate() {
  const schools = useOp('rectification.packageSchools', {}, { silent: true });
  const { jobs, put, cancel } = useJobs('rectification.packages', 5);
  const job = jobs?.[0] ?? null;
  const [selected, setSelected] = useState<number[]>([]);
  const [folder, setFolder] = useState<StagedFile | null>(null);
  // Starting changes nothing shown yet: the job's events keep its progress current.
  const start = useOpMutation('jobs.start', { errorTitle: '无法开始生成整改进展包', onSuccess: put, invalidates: false });
  const list = schools.data ?? [];
  const chosen = selected.filter((id) => list.some((s) => s.schoolId === id));
  const count = chosen.length || list.length;
  const running = job !== null && isActive(job);
  const columns: ColumnsType<PackageSchool> = [
    { title: '学校', dataIndex: 'schoolName', render: (v: string) => <span data-user-text>{v}</span> },
    { title: '未完成事项', dataIndex: 'open', align: 'right', width: 110 },
    { title: '逾期', dataIndex: 'overdue', align: 'right', width: 80, render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : 0) },
    { title: '最近一次交回', dataIndex: 'lastImport', width: 220, render: (v: PackageSchool['lastImport']) => (v ? `第 ${v.revision} 版（${formatDateTime(v.receivedAt)}）` : <Typography.Text type="secondary">尚未交回</Typography.Text>) },
  ];
  const failure = job ? failureText(job) : null;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        生成整改进展包
      </Typography.Title>
      {schools.error && <Alert type="error" showIcon title="无法读取有未完成整改事项的学校" />}
      <Table<PackageSchool>
        size="small"
        rowKey="schoolId"
        loading={schools.isLoading}
        columns={columns}
        dataSource={list}
        pagination={list.length > 30 ? { pageSize: 30 } : false}
        rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setSelected(keys as number[]) }}
        locale={{ emptyText: '没有学校负责的未完成整改事项' }}
        data-testid="packages-schools"
      />
      {hasFolderDialog() && (
        <Flex gap={8} align="center">
          <Button icon={<FolderOpenOutlined />} onClick={() => void pickFolder('选择整改进展包的输出文件夹').then((f) => f && setFolder(f))}>
            选择输出文件夹…
          </Button>
          <Typography.Text type="secondary" data-user-text>
            {folder ? `写入“${folder.fileName}”` : '不选则写入数据目录下新建的文件夹，并可在本页下载 zip 文件'}
          </Typography.Text>
        </Flex>
      )}
      <Button
        type="primary"
        style={{ alignSelf: 'flex-start' }}
        disabled={list.length === 0 || running}
        loading={start.isPending}
        onClick={() => start.mutate({ kind: 'rectification.packages', parameters: { schoolIds: chosen, zip: true, destination: folder ? { ref: folder.ref } : undefined } })}
        data-testid="packages-make"
      >
        {chosen.length ? `为所选的 ${count} 所学校生成` : `为全部 ${count} 所学校生成`}
      </Button>
      {job && (
        <Flex vertical gap={8} style={{ padding: 12, border: '1px solid #e5e9f0', borderRadius: 8 }} data-testid="packages-job">
          <Flex justify="space-between" align="center" gap={12} wrap>
            <Typography.Text strong>
              {running ? '正在生成' : '最近一次生成'}：{job.title}（{formatDateTime(job.createdAt)} 开始）
            </Typography.Text>
            {running && (
              <Button danger size="small" icon={<StopOutlined />} onClick={() => void cancel(job.id)} data-testid="packages-cancel">
                取消
              </Button>
            )}
          </Flex>
          <JobProgress job={job} />
          <Typography.Text type="secondary">
            {stateText(job)}
            {running && job.message ? `：${job.message}` : ''}
            {job.folder ? `\u3000文件夹：数据目录/${job.folder}` : ''}
          </Typography.Text>
          {failure && <Alert type="error" showIcon title={failure} />}
          {!running && job.state === '已完成' && job.outputs.length === 0 && <Typography.Text type="secondary">整改进展包已写入生成时所选的文件夹。</Typography.Text>}
          <JobOutputs job={job} />
        </Flex>
      )}
    </Flex>
  );
}

/** A chosen package: a zip or a folder. */
type Source = StagedFile & { folder?: boolean };

/** 导入: choose a returned package, check it, then import it on confirmation. */
function Import({ onImported }: { onImported?: (report: RectificationImportReport) => void }) {
  const notify = useNotify();
  const [source, setSource] = useState<Source | null>(null);
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [staging, setStaging] = useState(false);
  const [preview, setPreview] = useState<RectificationImportReport | null>(null);
  const [outcome, setOutcome] = useState<RectificationImportReport | null>(null);
  const [acceptConflict, setAcceptConflict] = useState(false);
  const check = useOpMutation('rectification.importPackage', { errorTitle: '检查整改进展包失败', invalidates: false });
  const commit = useOpMutation('rectification.importPackage', { errorTitle: '导入整改进展包失败' });
  const choose = (s: Source) => {
    setSource(s);
    setPreview(null);
    setOutcome(null);
    setAcceptConflict(false);
  };
  const runCheck = () => source && check.mutate({ source: { ref: source.ref }, dryRun: true }, { onSuccess: (r) => setPreview(r) });
  const runImport = () =>
    source &&
    commit.mutate(
      { source: { ref: source.ref }, dryRun: false, acceptConflict },
      {
        onSuccess: (r) => {
          setPreview(null);
          setOutcome(r);
          if (r.revision !== null) {
            notify.success(`已导入“${r.schoolName ?? ''}”的整改进展包（第 ${r.revision} 版）`);
            onImported?.(r);
          }
        },
      },
    );
  const importable = preview && (preview.verdict === 'new' || (preview.verdict === 'conflict' && acceptConflict));
  return (
    <Flex vertical gap={12} data-testid="packages-import">
      <Typography.Title level={5} style={{ margin: 0 }}>
        导入学校交回的整改进展包
      </Typography.Title>
      <FilePicker accept={['.zip']} dragger title="选择整改进展包（zip 文件）" disabled={check.isPending || commit.isPending} onPicked={(f) => f[0] && choose(f[0])} onBusy={setStaging} onProgress={setUpload} data-testid="packages-import-picker">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{upload ? `正在上传：${uploadText(upload)}` : staging ? '正在读取…' : '点击选择 zip 文件，或把文件拖到这里'}</p>
        <p className="ant-upload-hint">学校交回的整改进展包，文件名一般为“学校名称_整改进展包.zip”；也可选择整改进展包文件夹</p>
      </FilePicker>
      {hasFolderDialog() ? (
        <Button
          icon={<FolderOpenOutlined />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            void pickFolder('选择整改进展包文件夹').then(
              (f) => f && choose({ ...f, folder: true }),
              (e: unknown) => notify.error(e, '无法读取所选文件夹'),
            )
          }
        >
          选择文件夹…
        </Button>
      ) : (
        <FolderUpload disabled={staging || check.isPending} onUploaded={(f) => choose({ ...f, folder: true })} />
      )}
      {source && (
        <Flex gap={12} align="center" wrap>
          <Typography.Text>
            已选择：<span data-user-text>{source.fileName}</span>
            {source.folder ? '（文件夹）' : ''}
          </Typography.Text>
          <Button type="primary" icon={<CloudUploadOutlined />} loading={check.isPending} disabled={staging} onClick={runCheck} data-testid="packages-check">
            开始检查
          </Button>
        </Flex>
      )}
      {preview && (
        <Flex vertical gap={12} data-testid="packages-preview">
          <ReportView report={preview} />
          {preview.verdict === 'conflict' && (
            <Checkbox checked={acceptConflict} onChange={(e) => setAcceptConflict(e.target.checked)} data-testid="packages-accept-conflict">
              我已核对，仍然导入这个较早生成的整改进展包
            </Checkbox>
          )}
          {/* Nothing to import (refused, or all imported before): no button, only the verdict above. */}
          {(preview.verdict === 'new' || preview.verdict === 'conflict') && (
            <Flex gap={8} align="center">
              <Button type="primary" disabled={!importable} loading={commit.isPending} onClick={runImport} data-testid="packages-commit">
                确认导入{preview.entries.length ? `（${preview.entries.length} 条整改进展）` : ''}
              </Button>
              <Typography.Text type="secondary">检查不写入任何数据；确认后一次写入全部内容。</Typography.Text>
            </Flex>
          )}
        </Flex>
      )}
      {outcome && (
        <Flex vertical gap={8} data-testid="packages-outcome">
          {outcome.revision !== null ? (
            <Alert type="success" showIcon title={`已导入“${outcome.schoolName ?? ''}”的整改进展包，记为第 ${outcome.revision} 版：${outcome.entries.length} 条整改进展`} />
          ) : (
            <ReportView report={outcome} />
          )}
          {outcome.importId !== null && <ReceiptButtons importId={outcome.importId} />}
        </Flex>
      )}
    </Flex>
  );
}

/** The verdict and what a check found: problems, entries, state moves, rows not imported. */
function ReportView({ report }: { report: RectificationImportReport }) {
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const summary: Record<RectificationImportReport['verdict'], string> = {
    refused: `有 ${errors} 处错误，不能导入；请学校按下表修改后重新交回。`,
    unchanged: '整改进展包中的内容此前已全部导入，没有新的内容。',
    new: `可导入 ${report.entries.length} 条整改进展。`,
    conflict: `该整改进展包生成于 ${formatDateTime(report.issuedAt)}，早于该校已导入的第 ${report.latestRevision} 版所用的整改进展包（${formatDateTime(report.latestIssuedAt)}），其中的内容可能已过时。`,
  };
  const issueColumns: ColumnsType<PackageIssueDto & { key: number }> = [
    { title: '类别', dataIndex: 'severity', width: 70, render: (v: string) => (v === 'error' ? <Tag color="red">错误</Tag> : <Tag color="gold">提醒</Tag>) },
    { title: '位置', key: 'place', width: 260, render: (_: unknown, i) => <span data-user-text>{issuePlace(i)}</span> },
    { title: '说明', dataIndex: 'message', render: (v: string) => <span data-user-text>{v}</span> },
  ];
  const entryColumns: ColumnsType<RectificationImportReport['entries'][number] & { key: number }> = [
    { title: '编号', dataIndex: 'number', width: 100 },
    { title: '进展日期', dataIndex: 'date', width: 110 },
    { title: '进展情况', dataIndex: 'text', render: (v: string) => <span data-user-text>{v}</span> },
    { title: '佐证材料', dataIndex: 'files', width: 220, render: (v: string[]) => (v.length ? <span data-user-text>{v.join('、')}</span> : <Typography.Text type="secondary">无</Typography.Text>) },
    { title: '已完成整改', dataIndex: 'complete', width: 100, render: (v: boolean) => (v ? '是' : '否') },
  ];
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        <Tag color={VERDICT_COLORS[report.verdict]} data-testid="packages-verdict">
          {RECTIFICATION_IMPORT_VERDICT_LABELS[report.verdict]}
        </Tag>
        <Typography.Text strong data-user-text>
          {report.schoolName ?? report.source}
        </Typography.Text>
        {report.issuedAt && <Typography.Text type="secondary">生成于 {formatDateTime(report.issuedAt)}</Typography.Text>}
      </Flex>
      <Typography.Text>{summary[report.verdict]}</Typography.Text>
      {report.issues.length > 0 && (
        <Table size="small" rowKey="key" columns={issueColumns} dataSource={report.issues.map((i, key) => ({ ...i, key }))} pagination={report.issues.length > 10 ? { pageSize: 10 } : false} data-testid="packages-issues" />
      )}
      {report.entries.length > 0 && (
        <Table size="small" rowKey="key" columns={entryColumns} dataSource={report.entries.map((e, key) => ({ ...e, key }))} pagination={report.entries.length > 10 ? { pageSize: 10 } : false} data-testid="packages-entries" />
      )}
      {report.moves.length > 0 && (
        <>
          <Typography.Text strong>状态变化</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="packages-moves">
            {report.moves.map((m, i) => (
              <li key={i}>
                {m.number}：{m.from} → {m.to}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.skipped.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${report.skipped.length} 行未导入`}
          description={report.skipped.map((s) => `${s.number}：${s.reason}`).join('；')}
        />
      )}
    </Flex>
  );
}

/** 回执 of one accepted package, as PDF (to print and sign) or Excel. */
function ReceiptButtons({ importId }: { importId: number }) {
  const download = useDownload('回执下载失败', '已保存');
  const produce = (format: 'pdf' | 'xlsx') => async () => (await call('rectification.packageReceipt', { importId }))[format];
  return (
    <Flex gap={8}>
      <Button size="small" icon={<FilePdfOutlined />} loading={download.busy === 'pdf'} disabled={download.busy !== null} onClick={() => download.run('pdf', produce('pdf'))}>
        下载回执（PDF）
      </Button>
      <Button size="small" icon={<FileExcelOutlined />} loading={download.busy === 'xlsx'} disabled={download.busy !== null} onClick={() => download.run('xlsx', produce('xlsx'))}>
        下载回执（Excel）
      </Button>
    </Flex>
  );
}

/** 接收记录: every accepted package, newest first, with its 回执. */
function Received() {
  const imports = useOp('rectification.packageImports', {}, { silent: true });
  const columns: ColumnsType<RectificationPackageImport> = [
    { title: '学校', dataIndex: 'schoolName', render: (v: string) => <span data-user-text>{v}</span> },
    { title: '版本', dataIndex: 'revision', width: 80, render: (v: number) => `第 ${v} 版` },
    { title: '接收时间', dataIndex: 'receivedAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: '接收人', dataIndex: 'receivedBy', width: 100 },
    { title: '内容', key: 'content', render: (_: unknown, r) => `进展 ${r.entries} 条，报告完成 ${r.moved} 项，佐证材料 ${r.files} 个` },
    { title: '回执', key: 'receipt', width: 280, render: (_: unknown, r) => <ReceiptButtons importId={r.id} /> },
  ];
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        接收记录
      </Typography.Title>
      <Table<RectificationPackageImport>
        size="small"
        rowKey="id"
        loading={imports.isLoading}
        columns={columns}
        dataSource={imports.data ?? []}
        pagination={(imports.data?.length ?? 0) > 10 ? { pageSize: 10 } : false}
        locale={{ emptyText: '还没有导入过整改进展包' }}
        data-testid="packages-received"
      />
    </Flex>
  );
}
