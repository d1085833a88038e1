import { DownloadOutlined } from '@ant-design/icons';
import { Button, List, Progress, Tag } from 'antd';
import type { Job, JobState } from '../../../../shared/api/contracts/jobs';
import { call } from '../../api/client';
import { saveDownload } from '../../api/files';
import { useNotify } from '../../components/use-notify';

const STATE_COLOR: Record<JobState, string> = { 排队: 'default', 运行中: 'processing', 已完成: 'success', 已取消: 'warning', 失败: 'error' };

/** True while a job still works (and can be cancelled). */
export const isActive = (job: Job) => job.state === '排队' || job.state === '运行中';

/** The state as users read it: “失败（程序已退出）” carries the reason. */
export function stateText(job: Job): string {
  return job.state === '失败' && job.message ? `失败（${job.message}）` : job.state;
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
      format={() => `${job.done}/${job.total}`}
    />
  );
}

const fileName = (name: string) => name.split('/').pop() ?? name;

/** A job's files, each with 下载 (names relative to the data directory). */
export function JobOutputs({ job }: { job: Job }) {
  const notify = useNotify();
  if (job.outputs.length === 0) return null;
  const download = async (name: string) => {
    try {
      saveDownload(await call('jobs.file', { id: job.id, name }));
    } catch (e) {
      notify.error(e, '下载失败');
    }
  };
  return (
    <List
      size="small"
      bordered
      dataSource={job.outputs}
      renderItem={(f) => (
        <List.Item
          title={`数据目录/${f.name}`}
          actions={[
            <Button key="dl" size="small" icon={<DownloadOutlined />} onClick={() => download(f.name)}>
              下载
            </Button>,
          ]}
        >
          {fileName(f.name)}（{Math.max(1, Math.round(f.bytes / 1024))} KB）
        </List.Item>
      )}
    />
  );
}

/** “2026-11-29 23:08” in local time. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
