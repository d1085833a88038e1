import { CloudUploadOutlined, DeleteOutlined, FolderOpenOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Flex, List, Progress, Radio, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Job, RoundImportParameters } from '../../../../../shared/api/contracts/jobs';
import { PACKAGE_VERDICT_LABELS, type PackagePreview, type SubmissionImportReport } from '../../../../../shared/api/contracts/rounds';
import type { StagedFile } from '../../../../../shared/api/envelope';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { formatDateTime } from '../../../../../shared/domain/text/datetime';
import { discardUpload, hasFolderDialog, pickFolder } from '../../../api/files';
import { FilePicker, type UploadState } from '../../../components/FilePicker';
import { useNotify } from '../../../components/use-notify';
import { uploadText } from '../../attachments/AttachmentsSection';
import { JobProgress, failureText, isActive } from '../../jobs/JobView';
import { FolderUpload } from './FolderUpload';
import { PackageDetail } from './PackageDetail';
import { defaultResolutions, importOutcome, importReport, isDryRun, issueCounts, outcomeCounts, revisionText, toStore, VERDICT_COLORS, VERDICT_ORDER, type Resolution } from './submission-view';
import { useRoundImport, type RoundImportState } from './use-round-import';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * 导入填报包 (issue 11 item 3), beside 生成填报包 on a round's units: a button that says when a
 * check or an import of this round is under way, and opens the import drawer.
 */
export function ImportPackagesButton({ roundId }: { roundId: number }) {
  const state = useRoundImport(roundId);
  const [open, setOpen] = useState(false);
  const job = state.job;
  const busy = job && isActive(job) ? `（正在${isDryRun(job) ? '检查' : '导入'}${job.total ? ` ${job.done}/${job.total}` : ''}）` : '';
  return (
    <>
      <Button icon={<CloudUploadOutlined />} onClick={() => setOpen(true)} data-testid="open-import">
        导入填报包{busy}
      </Button>
      {open && <ImportDrawer roundId={roundId} state={state} onClose={() => setOpen(false)} />}
    </>
  );
}

/** What the drawer shows: choosing packages, a job under way, a check's preview, or an import's outcome. */
type View = 'choose' | 'progress' | 'preview' | 'outcome';

function viewOf(job: Job | null, choosing: boolean): View {
  if (!job || choosing) return 'choose';
  if (isActive(job)) return 'progress';
  if (job.state === '已完成' && importReport(job)) return isDryRun(job) ? 'preview' : 'outcome';
  return 'choose';
}

/**
 * The import drawer. It shows where this round's latest import stands (found again after leaving
 * the page): a check (dry run) under way with 取消, its preview with a decision per conflict and
 * 导入, an import under way, or its outcome with a link to each unit's materials. 重新选择 starts over.
 */
function ImportDrawer({ roundId, state, onClose }: { roundId: number; state: RoundImportState; onClose: () => void }) {
  const [choosing, setChoosing] = useState(false);
  const [decisions, setDecisions] = useState<{ jobId: string; map: Record<string, Resolution> } | null>(null);
  const job = state.job;
  const view = viewOf(job, choosing);
  const report = job ? importReport(job) : null;
  const resolutions = job && report ? (decisions?.jobId === job.id ? decisions.map : defaultResolutions(report)) : {};
  const storing = report ? toStore(report, resolutions) : 0;

  const start = async (sources: { ref: string }[], dryRun: boolean) => {
    if (await state.start({ sources, dryRun, resolutions: dryRun ? {} : resolutions })) setChoosing(false);
  };

  const footer =
    view === 'preview' && job ? (
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary" data-testid="import-footer-text">
          {storing > 0 ? `将保存 ${storing} 个新版本；其余填报包不会写入。` : '没有可以导入的填报包。'}
        </Typography.Text>
        <Flex gap={8}>
          <Button onClick={() => setChoosing(true)}>重新选择</Button>
          <Button
            type="primary"
            disabled={storing === 0 || state.starting}
            loading={state.starting}
            onClick={() => void start((job.parameters as RoundImportParameters).sources, false)}
            data-testid="import-commit"
          >
            导入{storing > 0 ? `（${storing} 个）` : ''}
          </Button>
        </Flex>
      </Flex>
    ) : undefined;

  return (
    <Drawer open title="导入填报包" size={1080} onClose={onClose} destroyOnHidden footer={footer} data-testid="import-drawer">
      {view === 'choose' && <ChooseSources last={job} starting={state.starting} onStart={(sources) => void start(sources, true)} />}
      {view === 'progress' && job && <JobUnderWay job={job} onCancel={() => void state.cancel()} />}
      {view === 'preview' && job && report && (
        <ImportReportView
          report={report}
          job={job}
          roundId={roundId}
          resolutions={resolutions}
          onResolve={(key, r) => setDecisions({ jobId: job.id, map: { ...resolutions, [key]: r } })}
        />
      )}
      {view === 'outcome' && job && report && (
        <Flex vertical gap={12}>
          <ImportReportView report={report} job={job} roundId={roundId} resolutions={resolutions} />
          <Button onClick={() => setChoosing(true)} style={{ alignSelf: 'flex-start' }} data-testid="import-again">
            导入其他填报包
          </Button>
        </Flex>
      )}
    </Drawer>
  );
}

/** A chosen source as the list shows it: a zip, or a folder (with its count of files when it was uploaded). */
type Source = StagedFile & { folder?: boolean; files?: number };

/** “（文件夹，12 个文件，3.4 MB）”, “（文件夹）”, “（1.2 MB）”. */
function sourceText(f: Source): string {
  if (f.folder) return f.files !== undefined ? `（文件夹，${f.files} 个文件，${formatBytes(f.bytes)}）` : '（文件夹）';
  return `（${formatBytes(f.bytes)}）`;
}

/**
 * Step 1: the packages to check — zips (several at once) or folders (one package's folder, or a
 * USB stick's folder holding many): in the desktop app through its folder dialog, in browser mode
 * uploaded file by file with their paths (FolderUpload). Uploads show their progress with 取消.
 */
function ChooseSources({ last, starting, onStart }: { last: Job | null; starting: boolean; onStart: (sources: { ref: string }[]) => void }) {
  const notify = useNotify();
  const [sources, setSources] = useState<Source[]>([]);
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [staging, setStaging] = useState(false);
  const folders = hasFolderDialog();
  const add = (files: Source[]) => setSources((s) => [...s, ...files.filter((f) => !s.some((x) => x.ref === f.ref))]);
  // An upload taken off the list is not needed any more; the service removes only uploads (a file or
  // folder picked through the desktop app's dialog is the user's own and stays where it is).
  const remove = (f: Source) => {
    setSources((s) => s.filter((x) => x.ref !== f.ref));
    void discardUpload(f.ref);
  };
  const lastFailure = last && !isActive(last) && last.state !== '已完成' ? (failureText(last) ?? (last.state === '已取消' ? '上次检查或导入已取消，未写入任何数据。' : last.message)) : null;
  const lastSkipped = last && last.state === '失败' ? (importReport(last)?.skipped ?? []) : [];

  return (
    <Flex vertical gap={12} data-testid="import-choose">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        选择学校交回的填报包：一个或多个 zip 文件，或包含填报包的文件夹（一个学校的填报包文件夹，或存放多个填报包的 U 盘文件夹）。先点“开始检查”：逐个核对填报包的来源、版本和内容，列出每个问题，不写入任何数据；核对检查结果后再导入。
      </Typography.Paragraph>
      {lastFailure && <Alert type="warning" showIcon title={lastFailure} description={lastSkipped.length ? <SkippedList skipped={lastSkipped} /> : undefined} data-testid="import-last-failure" />}
      <FilePicker accept={['.zip']} multiple dragger title="选择填报包（zip 文件）" disabled={starting} onPicked={add} onBusy={setStaging} onProgress={setUpload} data-testid="import-picker">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{upload ? `正在上传${upload.files > 1 ? ` ${upload.files} 个文件` : ''}：${uploadText(upload)}` : staging ? '正在读取…' : '点击选择 zip 文件，或把文件拖到这里（可一次多个）'}</p>
        <p className="ant-upload-hint">学校交回的填报包 zip 文件，文件名一般为“项目名称_报送编码_单位名称.zip”</p>
      </FilePicker>
      {upload && (
        <Flex align="center" gap={12} wrap data-testid="import-upload-progress">
          <Typography.Text type="secondary">正在上传：{uploadText(upload)}</Typography.Text>
          <Progress percent={upload.total > 0 ? Math.floor((upload.sent / upload.total) * 100) : 100} size="small" status="active" style={{ width: 240 }} aria-label="上传进度" />
          {upload.cancel && (
            <Button danger size="small" icon={<StopOutlined />} onClick={upload.cancel} data-testid="import-upload-cancel">
              取消上传
            </Button>
          )}
        </Flex>
      )}
      {folders ? (
        <Button
          icon={<FolderOpenOutlined />}
          style={{ alignSelf: 'flex-start' }}
          disabled={starting}
          onClick={() =>
            void pickFolder('选择包含填报包的文件夹').then(
              (f) => f && add([{ ...f, folder: true }]),
              (e: unknown) => notify.error(e, '无法读取所选文件夹'),
            )
          }
        >
          选择文件夹…
        </Button>
      ) : (
        <FolderUpload disabled={starting || staging} onUploaded={(f) => add([{ ...f, folder: true }])} />
      )}
      {sources.length > 0 && (
        <List
          size="small"
          bordered
          header={<Typography.Text strong>已选择 {sources.length} 项</Typography.Text>}
          data-testid="import-sources"
          dataSource={sources}
          renderItem={(f) => (
            <List.Item
              actions={[<Button key="remove" size="small" type="text" icon={<DeleteOutlined />} aria-label={`移除“${f.fileName}”`} onClick={() => remove(f)} />]}
            >
              <span data-user-text>{f.fileName}</span>
              <Typography.Text type="secondary">{sourceText(f)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
      <Button type="primary" style={{ alignSelf: 'flex-start' }} disabled={sources.length === 0 || staging} loading={starting} onClick={() => onStart(sources.map((s) => ({ ref: s.ref })))} data-testid="import-check">
        开始检查{sources.length ? `（${sources.length} 项）` : ''}
      </Button>
    </Flex>
  );
}

/** A check or an import under way: progress, what it reads now, 取消. */
function JobUnderWay({ job, onCancel }: { job: Job; onCancel: () => void }) {
  const dry = isDryRun(job);
  return (
    <Flex vertical gap={12} data-testid="import-progress">
      <Flex justify="space-between" align="center" gap={12}>
        <Typography.Text strong>
          {dry ? '正在检查填报包' : '正在导入填报包'}（{formatDateTime(job.createdAt)} 开始）
        </Typography.Text>
        <Button danger size="small" icon={<StopOutlined />} onClick={onCancel} data-testid="import-cancel">
          取消
        </Button>
      </Flex>
      <JobProgress job={job} />
      {job.message && <Typography.Text type="secondary">{job.message}</Typography.Text>}
      <Typography.Text type="secondary">
        {dry ? '检查只读取填报包，不写入任何数据。' : '每个填报包单独保存：取消后，已保存的版本保留，其余不写入。'}
        在后台进行，关闭本窗口或离开本页不会中断，回到本页可继续查看。
      </Typography.Text>
    </Flex>
  );
}

function SkippedList({ skipped }: { skipped: readonly { path: string; reason: string }[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="import-skipped">
      {skipped.map((s) => (
        <li key={`${s.path}:${s.reason}`}>
          <span data-user-text>{s.path}</span>：{s.reason}
        </li>
      ))}
    </ul>
  );
}

/** What an import did with one package: 已导入为第 n 版, or 未导入 with the reason beneath. */
function OutcomeCell({ p }: { p: PackagePreview }) {
  const o = importOutcome(p);
  return (
    <Flex vertical gap={2} data-testid="package-outcome">
      <span>
        <Tag color={o.stored ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
          {o.text}
        </Tag>
      </span>
      {!o.stored && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {o.reason}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * A check's preview or an import's outcome: counts per verdict, then one row per package (name,
 * unit, verdict, revision, 逾期, problems), each opening to its detail; in a preview a conflict
 * carries its decision (作为新版本导入 / 不导入, 不导入 until changed); in an outcome each package
 * shows what became of it (已导入为第 n 版 / 未导入 with why) instead of the check's verdict, and
 * each stored package links to its unit's materials.
 */
function ImportReportView({
  report,
  job,
  roundId,
  resolutions,
  onResolve,
}: {
  report: SubmissionImportReport;
  job: Job;
  roundId: number;
  resolutions: Record<string, Resolution>;
  onResolve?: (key: string, r: Resolution) => void;
}) {
  const dry = report.dryRun;
  const conflicts = report.packages.filter((p) => p.verdict === 'conflict').length;
  const outcome = outcomeCounts(report);
  const columns: ColumnsType<PackagePreview> = [
    { title: '填报包', dataIndex: 'name', ellipsis: true, render: (v: string) => <span data-user-text>{v}</span> },
    { title: '单位', key: 'unit', width: 200, render: (_, p) => (p.unit ? `${p.unit.code} ${p.unit.name}` : dash) },
    // A check says what each package would become; an import what became of it (已导入为第 n 版 / 未导入, with why).
    ...(dry
      ? [
          {
            title: '结论',
            key: 'verdict',
            width: 150,
            render: (_: unknown, p: PackagePreview) => (
              <Tag color={VERDICT_COLORS[p.verdict]} data-testid="package-verdict">
                {PACKAGE_VERDICT_LABELS[p.verdict]}
              </Tag>
            ),
          },
          { title: '版本', key: 'revision', width: 130, render: (_: unknown, p: PackagePreview) => revisionText(p) },
        ]
      : [
          {
            title: '导入结果',
            key: 'outcome',
            width: 260,
            render: (_: unknown, p: PackagePreview) => <OutcomeCell p={p} />,
          },
        ]),
    { title: '逾期', key: 'late', width: 70, render: (_, p) => (p.late ? <Tag color="red">逾期</Tag> : dash) },
    {
      title: '问题',
      key: 'issues',
      width: 130,
      render: (_, p) => {
        const c = issueCounts(p.issues);
        if (c.errors + c.warnings === 0) return dash;
        return (
          <Flex gap={4} wrap>
            {c.errors > 0 && <Tag color="red">{c.errors} 个错误</Tag>}
            {c.warnings > 0 && <Tag color="gold">{c.warnings} 个提醒</Tag>}
          </Flex>
        );
      },
    },
    ...(dry && conflicts > 0 && onResolve
      ? [
          {
            title: '如何处理',
            key: 'resolution',
            width: 150,
            render: (_: unknown, p: PackagePreview) =>
              p.verdict === 'conflict' ? (
                <Radio.Group
                  size="small"
                  value={resolutions[p.key] ?? 'skip'}
                  onChange={(e) => onResolve(p.key, e.target.value as Resolution)}
                  style={{ display: 'flex', flexDirection: 'column' }}
                  aria-label={`“${p.name}”如何处理`}
                  data-testid="conflict-resolution"
                >
                  <Radio value="skip">不导入</Radio>
                  <Radio value="accept">作为新版本导入</Radio>
                </Radio.Group>
              ) : (
                dash
              ),
          },
        ]
      : []),
    ...(!dry
      ? [
          {
            title: '材料',
            key: 'open',
            width: 90,
            render: (_: unknown, p: PackagePreview) =>
              p.unit ? (
                <Typography.Link href={`#/rounds/${roundId}/units/${p.unit.id}`} data-testid="imported-unit-link">
                  查看材料
                </Typography.Link>
              ) : (
                dash
              ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={12} data-testid={dry ? 'import-preview' : 'import-outcome'}>
      {dry ? (
        <Typography.Text type="secondary">检查结果（{formatDateTime(job.finishedAt)}）：尚未写入任何数据。展开每一行可查看问题、自评、统计数据、变化和佐证材料。</Typography.Text>
      ) : (
        <Alert
          type={report.stored > 0 ? 'success' : 'info'}
          showIcon
          data-testid="import-result"
          title={report.stored > 0 ? `已导入 ${report.stored} 个填报包（${formatDateTime(job.finishedAt)}）` : `没有导入任何填报包（${formatDateTime(job.finishedAt)}）`}
          description={`每个导入的填报包都保存为该单位的新版本，原有各版本保留；点击“查看材料”查看各单位的材料。${outcome.notStored ? '未导入的原因见“导入结果”列。' : ''}`}
        />
      )}
      <Flex gap={8} wrap data-testid="import-counts">
        {dry ? (
          VERDICT_ORDER.map((v) => (
            <Tag key={v} color={report.counts[v] ? VERDICT_COLORS[v] : 'default'} data-testid={`import-count-${v}`}>
              {PACKAGE_VERDICT_LABELS[v]} {report.counts[v] ?? 0}
            </Tag>
          ))
        ) : (
          <>
            <Tag color={outcome.stored ? 'green' : 'default'} data-testid="import-count-stored">
              已导入 {outcome.stored}
            </Tag>
            <Tag color={outcome.notStored ? 'orange' : 'default'} data-testid="import-count-not-stored">
              未导入 {outcome.notStored}
            </Tag>
          </>
        )}
        <Typography.Text type="secondary">共 {report.packages.length} 个填报包</Typography.Text>
      </Flex>
      {dry && conflicts > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`有 ${conflicts} 个填报包版本冲突，需要您决定`}
          description="同一单位的另一份不同内容已导入，或本次有两份内容不同的填报包（常见于在两台电脑上分别填写，或使用了旧的填报包）。默认不导入；核对内容后可选择“作为新版本导入”，它将保存为该单位的下一版，原有各版本都会保留，不会合并。"
          data-testid="import-conflicts"
        />
      )}
      {report.skipped.length > 0 && <Alert type="warning" showIcon title={`有 ${report.skipped.length} 项不是填报包，已跳过`} description={<SkippedList skipped={report.skipped} />} />}
      <Table<PackagePreview>
        data-testid="import-packages"
        rowKey="key"
        size="middle"
        columns={columns}
        dataSource={report.packages}
        expandable={{ expandedRowRender: (p) => <PackageDetail p={p} committed={!dry} />, defaultExpandedRowKeys: report.packages.length === 1 ? [report.packages[0].key] : [] }}
        pagination={report.packages.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 个` } : false}
      />
    </Flex>
  );
}
