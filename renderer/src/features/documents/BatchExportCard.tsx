import { DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, List, Progress, Typography } from 'antd';
import { useState } from 'react';
import type { DocumentRequestInput } from '../../../../shared/api/contracts/documents';
import { call } from '../../api/client';
import { saveDownload } from '../../api/files';
import { useNotify } from '../../components/use-notify';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import { useBatch } from './use-batch';
import { useDocumentOptions } from './use-options';

const STATE_TEXT = { running: '正在导出', done: '已完成', cancelled: '已取消', failed: '失败' } as const;

/** Several documents in one go: every year's balance report and/or the register, into one new folder. */
export function BatchExportCard() {
  const { years } = useDocumentOptions();
  const [picked, setPicked] = useState<number[] | null>(null);
  const [register, setRegister] = useState(true);
  const [format, setFormat] = useState<FormatChoice>('both');
  const { job, start, cancel } = useBatch();
  const notify = useNotify();
  const chosenYears = picked ?? years;
  const running = job?.state === 'running';

  const documents: DocumentRequestInput[] = [
    ...chosenYears.map((year): DocumentRequestInput => ({ kind: 'balance', year })),
    ...(register ? [{ kind: 'register' } as DocumentRequestInput] : []),
  ];

  const download = async (name: string) => {
    if (!job) return;
    try {
      saveDownload(await call('documents.batchFile', { jobId: job.jobId, name }));
    } catch (e) {
      notify.error(e, '下载失败');
    }
  };

  return (
    <Card title="批量导出" data-testid="batch-card">
      <Typography.Paragraph type="secondary">
        一次生成多份文书，写入数据目录下新建的导出文件夹（不会覆盖已有文件）；浏览器模式下可逐个下载。
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        <Flex gap={12} wrap align="center">
          <span>差异系数测算报告：</span>
          <Checkbox.Group value={chosenYears} onChange={(v) => setPicked(v as number[])} options={years.map((y) => ({ label: `${y} 年`, value: y }))} />
          <Checkbox checked={register} onChange={(e) => setRegister(e.target.checked)}>
            学校名册
          </Checkbox>
        </Flex>
        <Flex gap={12} align="center">
          <FormatPicker value={format} onChange={setFormat} />
          <Button type="primary" disabled={running || documents.length === 0} onClick={() => start(documents, format)} data-testid="batch-start">
            开始导出（{documents.length} 份）
          </Button>
          {running && (
            <Button danger icon={<StopOutlined />} onClick={cancel} data-testid="batch-cancel">
              取消
            </Button>
          )}
        </Flex>
        {job && (
          <>
            <Progress
              percent={job.total ? Math.round((job.done / job.total) * 100) : 0}
              status={job.state === 'running' ? 'active' : job.state === 'done' ? 'success' : 'exception'}
              format={() => `${job.done}/${job.total}`}
            />
            <Typography.Text type="secondary" data-testid="batch-state">
              {STATE_TEXT[job.state]}
              {job.current ? `：${job.current}` : ''}
              {'\u3000输出文件夹：'}
              {job.folder}
            </Typography.Text>
            {job.errors.map((e) => (
              <Alert key={e} type="error" showIcon title={e} />
            ))}
            {job.files.length > 0 && (
              <List
                size="small"
                bordered
                dataSource={job.files}
                renderItem={(f) => (
                  <List.Item actions={[<Button key="dl" size="small" icon={<DownloadOutlined />} onClick={() => download(f.name)}>下载</Button>]}>
                    {f.name}（{Math.max(1, Math.round(f.bytes / 1024))} KB）
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Flex>
    </Card>
  );
}
