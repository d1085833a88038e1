/**
 * 生成整改情况报告 (issue 14 item 7): a self-contained button and dialog for the 整改台账 screens.
 *
 * Props:
 *  - `size?`: the button's antd size (default middle).
 *
 * The dialog asks for the formats (DOCX/PDF), the 成文日期 and, in the desktop app, the output
 * folder, and starts the `rectification.report` job: the whole ledger summarised by state, by
 * responsible school and department, by source, and the overdue items by 督办 colour, with charts;
 * every figure is the ledger's on the day it runs. The job is shown as it runs (progress, 取消,
 * files); the latest one is found again when the dialog opens later.
 */
import { DocumentFormatsField } from '../../components/DocumentFormatsField';
import { DocumentDateField } from '../../components/DocumentDateField';
import { BarChartOutlined } from '@ant-design/icons';
import { Button, Flex, Modal, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';
import type { StagedFile } from '../../../../shared/api/envelope';
import { useOpMutation } from '../../api/queries';
import { OutputFolderPicker } from '../../components/OutputFolderPicker';
import { BatchJobView } from '../jobs/BatchJobView';
import { useJobs } from '../jobs/use-jobs';

const ISO = 'YYYY-MM-DD';

function ReportModal({ onClose }: { onClose: () => void }) {
  const { jobs, put, cancel } = useJobs('rectification.report', 20);
  const start = useOpMutation('jobs.start', { errorTitle: '无法开始生成整改情况报告', onSuccess: put, invalidates: false });
  const [formats, setFormats] = useState<DocumentFormat[]>(['docx', 'pdf']);
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const started = startedId ? jobs?.find((j) => j.id === startedId) : undefined;
  const latest = jobs?.[0];

  const run = async () => {
    if (formats.length === 0) return;
    const job = await start.mutateAsync({ kind: 'rectification.report', parameters: { formats, date: date.format(ISO), destination: folder ? { ref: folder.ref } : undefined } }).catch(() => null);
    if (job) setStartedId(job.id);
  };

  if (startedId) {
    return (
      <Modal open title="生成整改情况报告" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden width={720}>
        {started ? <BatchJobView job={started} onCancel={() => void cancel(started.id)} testId="rectification-report" /> : <Skeleton active />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          关闭对话框不会中断生成；进度和文件也可在“作业记录”中查看。
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal
      open
      title="生成整改情况报告"
      okText="开始生成"
      cancelText="取消"
      onOk={() => void run()}
      onCancel={onClose}
      confirmLoading={start.isPending}
      okButtonProps={{ disabled: formats.length === 0 }}
      destroyOnHidden
      width={720}
    >
      <Flex vertical gap={12} data-testid="rectification-report-form">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          按状态、责任学校、责任部门和问题来源汇总整改台账，列出逾期问题及其督办等级，计算整改销号率，附统计图；各项数字取自生成当天的整改台账。
        </Typography.Paragraph>
        <Flex gap={16} wrap align="start">
          <DocumentFormatsField value={formats} onChange={setFormats} />
          <DocumentDateField value={date} onChange={setDate} />
        </Flex>
        {formats.length === 0 && <Typography.Text type="danger">请至少选择一种格式</Typography.Text>}
        <OutputFolderPicker title="选择整改情况报告的输出文件夹" folder={folder} onPick={setFolder} />
        {latest && (
          <Flex vertical gap={4} data-testid="rectification-report-latest">
            <Typography.Text strong>上次生成</Typography.Text>
            <BatchJobView job={latest} onCancel={() => void cancel(latest.id)} testId="rectification-report-latest" />
          </Flex>
        )}
      </Flex>
    </Modal>
  );
}

/** The button opening the dialog (see the file's comment for the props). */
export function ReportButton({ size }: { size?: 'small' | 'middle' | 'large' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<BarChartOutlined />} size={size} onClick={() => setOpen(true)} data-testid="rectification-report-button">
        生成整改情况报告
      </Button>
      {open && <ReportModal onClose={() => setOpen(false)} />}
    </>
  );
}
