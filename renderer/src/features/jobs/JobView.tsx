import { PACKAGE_VERDICT_LABELS, type SubmissionImportReport } from '../../../../shared/api/contracts/rounds';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, List, Progress, Tag } from 'antd';
import type { ImportReport } from '../../../../shared/api/contracts/exchange';
import type { Job, JobState } from '../../../../shared/api/contracts/jobs';
import { formatBytes } from '../../../../shared/domain/text/bytes';
import { call } from '../../api/client';
import { useDownload } from '../../components/use-download';
import { outcomeCounts } from '../rounds/submissions/submission-view';

const STATE_COLOR: Record<JobState, string> = { 排队: 'default', 运行中: 'processing', 已完成: 'success', 已取消: 'warning', 失败: 'error' };

/** True while a job still works (and can be cancelled). */
export const isActive = (job: Job) => job.state === '排队' || job.state === '运行中';

/** The state as users read it: a short reason rides along (“失败（程序已退出）”); a long one is shown beside it (failureText). */
export function stateText(job: Job): string {
  return job.state === '失败' && job.message && job.message.length <= 12 ? `失败（${job.message}）` : job.state;
}

/** The reason of a failure too long for the state tag, else null. */
export function failureText(job: Job): string | null {
  return job.state === '失败' && job.message && job.message.length > 12 ? job.message : null;
}

/** The state as a coloured tag. */
export function JobStateTag({ job }: { job: Job }) {
  return (
    <Tag color={STATE_COLOR[job.state]} data-testid="job-state">
      {stateText(job)}
    </Tag>
  );
}

/** Progress as done/total with a bar. */
export function JobProgress({ job, size }: { job: Job; size?: 'small' }) {
  const percent = job.total ? Math.round((job.done / job.total) * 100) : job.state === '已完成' ? 100 : 0;
  return (
    <Progress
      size={size}
      percent={percent}
      status={isActive(job) ? 'active' : job.state === '已完成' ? 'success' : job.state === '已取消' ? 'normal' : 'exception'}
      // A backup counts percent; a batch counts documents.
      format={() => (job.kind === 'backup.create' ? `${percent}%` : `${job.done}/${job.total}`)}
    />
  );
}

const fileName = (name: string) => name.split('/').pop() ?? name;

/**
 * What a 导入填报包 job found (a check: one count per verdict) or did (an import: stored and not
 * stored — the check's verdicts, such as 可导入, would read as still to do), from its report.
 */
function RoundImportSummary({ report }: { report: SubmissionImportReport }) {
  if (!report.dryRun) {
    const o = outcomeCounts(report);
    return (
      <Alert
        type={o.stored > 0 ? 'info' : 'warning'}
        showIcon
        title={`导入了 ${o.stored} 个填报包（共 ${report.packages.length} 个）${o.notStored ? `，${o.notStored} 个未导入` : ''}`}
        data-testid="job-result"
      />
    );
  }
  const counts = (Object.keys(PACKAGE_VERDICT_LABELS) as (keyof typeof PACKAGE_VERDICT_LABELS)[])
    .filter((v) => report.counts[v] > 0)
    .map((v) => `${PACKAGE_VERDICT_LABELS[v]} ${report.counts[v]} 个`)
    .join('，');
  return <Alert type="info" showIcon title={`检查了 ${report.packages.length} 个填报包（未导入任何内容）${counts ? `：${counts}` : ''}`} data-testid="job-result" />;
}

/** What an import job did (its report, kept with the job): counts, or why nothing was written. */
export function JobResultSummary({ job }: { job: Job }) {
  if (job.kind === 'rounds.import' && job.result) return <RoundImportSummary report={job.result as SubmissionImportReport} />;
  if (job.kind !== 'register.import' || !job.result) return null;
  const r = job.result as ImportReport;
  const counts = `新增 ${r.counts.new} 条，修改 ${r.counts.changed} 条，无变化 ${r.counts.unchanged} 条${r.year ? `（${r.year} 年）` : ''}`;
  if (r.committed) return <Alert type="success" showIcon title={`已导入“${r.fileName}”：${counts}`} data-testid="job-result" />;
  const why = r.errors.length > 0 ? `文件中有 ${r.errors.length} 处错误` : r.questions.length > 0 ? `还有 ${r.questions.length} 个问题需要回答` : '没有需要写入的变化';
  return (
    <Alert
      type={r.errors.length + r.questions.length > 0 ? 'warning' : 'info'}
      showIcon
      title={`“${r.fileName}”未写入任何数据：${why}`}
      description={r.errors.slice(0, 5).map((e) => <div key={`${e.row}-${e.message}`}>{e.message}</div>)}
      data-testid="job-result"
    />
  );
}

/**
 * A job's files, each with 下载 (names relative to the data directory), and 全部下载 in one zip
 * unless the caller has its own (`downloadAll` false).
 */
export function JobOutputs({ job, downloadAll = true }: { job: Job; downloadAll?: boolean }) {
  const { busy, run } = useDownload('下载失败', '已保存');
  if (job.outputs.length === 0) return null;
  // 全部下载: several files of a finished job, in one zip (a batch of 300 一校一案 is ~900 files).
  const all = downloadAll && !isActive(job) && job.outputs.length > 1;
  return (
    <>
    {all && (
      <Button
        icon={<DownloadOutlined />}
        style={{ alignSelf: 'flex-start', marginBottom: 8 }}
        loading={busy === `${job.id}:all`}
        onClick={() => run(`${job.id}:all`, () => call('jobs.outputsZip', { id: job.id }))}
        data-testid="job-download-all"
      >
        全部下载（{job.outputs.length} 个文件打包为一个 zip 文件）
      </Button>
    )}
    <List
      size="small"
      bordered
      dataSource={job.outputs}
      renderItem={(f) => (
        <List.Item
          actions={[
            <Button key="dl" size="small" icon={<DownloadOutlined />} loading={busy === f.name} onClick={() => run(f.name, () => call('jobs.file', { id: job.id, name: f.name }))}>
              下载
            </Button>,
          ]}
        >
          {fileName(f.name)}（{formatBytes(f.bytes)}）
        </List.Item>
      )}
    />
    </>
  );
}
