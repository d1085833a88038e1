import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Job } from '../../../../shared/api/contracts/jobs';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { JobOutputs, JobProgress, failureText, isActive, stateText } from './JobView';

/**
 * A batch job that writes files, shown in place (work sheets, 一校一案): its title and start, progress
 * with 取消 while it runs, then its state, the folder, the problems it met, and each file to
 * download. `testId` names its parts (`<testId>-job`, `-title`, `-cancel`, `-state`).
 */
export function BatchJobView({ job, onCancel, testId, extra }: { job: Job; onCancel: () => void; testId: string; extra?: ReactNode }) {
  const failure = failureText(job);
  return (
    <Flex vertical gap={8} data-testid={`${testId}-job`}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text strong data-testid={`${testId}-title`}>
          {isActive(job) ? '正在生成' : '最近一次生成'}：{job.title}（{formatDateTime(job.createdAt)} 开始）
        </Typography.Text>
        <Flex gap={8}>
          {isActive(job) && (
            <Button danger size="small" icon={<StopOutlined />} onClick={onCancel} data-testid={`${testId}-cancel`}>
              取消
            </Button>
          )}
          {extra}
        </Flex>
      </Flex>
      <JobProgress job={job} />
      <Typography.Text type="secondary" data-testid={`${testId}-state`}>
        {stateText(job)}
        {isActive(job) && job.message ? `：${job.message}` : ''}
        {job.folder ? `\u3000文件夹：数据目录/${job.folder}` : ''}
      </Typography.Text>
      {failure && <Alert type="error" showIcon title={failure} />}
      {job.errors.map((e) => (
        <Alert key={e} type="warning" showIcon title={e} />
      ))}
      {!isActive(job) && job.state === '已完成' && job.outputs.length === 0 && <Typography.Text type="secondary">文件已写入生成时所选的文件夹。</Typography.Text>}
      <JobOutputs job={job} />
    </Flex>
  );
}
