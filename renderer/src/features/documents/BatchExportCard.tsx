import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import type { DocumentRequestInput } from '../../../../shared/api/contracts/documents';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { JobOutputs, JobProgress, isActive, stateText } from '../jobs/JobView';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import type { BatchState } from './use-batch';
import { useDocumentOptions } from './use-options';

/**
 * Several documents in one go: every year's balance report and/or the register, into one new folder,
 * as a recorded job (progress pushed by the core). The page holds the job (`batch`), so the latest
 * batch — running or finished — is shown again after navigating away or reloading.
 */
export function BatchExportCard({ batch }: { batch: BatchState }) {
  const { years } = useDocumentOptions();
  const [picked, setPicked] = useState<number[] | null>(null);
  const [register, setRegister] = useState(true);
  const [format, setFormat] = useState<FormatChoice>('both');
  const { job, start, cancel, running, starting } = batch;
  const chosenYears = picked ?? years;

  const documents: DocumentRequestInput[] = [
    ...chosenYears.map((year): DocumentRequestInput => ({ kind: 'balance', year })),
    ...(register ? [{ kind: 'register' } as DocumentRequestInput] : []),
  ];

  return (
    <Card title="批量导出" data-testid="batch-card">
      <Typography.Paragraph type="secondary">
        一次生成多份文书，写入数据目录下新建的导出文件夹（不会覆盖已有文件）；浏览器模式下可逐个下载。导出在后台进行：离开本页不会中断，回到本页仍显示最近一次导出的进度和结果，也可在“作业记录”中查看。
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        <Flex gap={12} wrap align="center">
          <span>差异系数测算报告：</span>
          <Checkbox.Group aria-label="报告年份" value={chosenYears} onChange={(v) => setPicked(v as number[])} options={years.map((y) => ({ label: `${y} 年`, value: y }))} />
          <Checkbox checked={register} onChange={(e) => setRegister(e.target.checked)}>
            学校名册
          </Checkbox>
        </Flex>
        <Flex gap={12} align="center">
          <FormatPicker value={format} onChange={setFormat} />
          <Button type="primary" loading={starting} disabled={running || documents.length === 0} onClick={() => start(documents, format)} data-testid="batch-start">
            开始导出（{documents.length} 份）
          </Button>
          {running && (
            <Button danger icon={<StopOutlined />} onClick={() => void cancel()} data-testid="batch-cancel">
              取消
            </Button>
          )}
        </Flex>
        {job && (
          <>
            <Typography.Text strong data-testid="batch-title">
              {isActive(job) ? '正在导出' : '最近一次导出'}：{job.title}（{formatDateTime(job.createdAt)} 开始）
            </Typography.Text>
            <JobProgress job={job} />
            <Typography.Text type="secondary" data-testid="batch-state">
              {stateText(job)}
              {isActive(job) && job.message ? `：${job.message}` : ''}
              {job.folder ? `\u3000输出文件夹：数据目录/${job.folder}` : ''}
            </Typography.Text>
            {job.errors.map((e) => (
              <Alert key={e} type="error" showIcon title={e} />
            ))}
            <JobOutputs job={job} />
          </>
        )}
      </Flex>
    </Card>
  );
}
