import { DocumentFormatsField } from '../../components/DocumentFormatsField';
import { DocumentDateField } from '../../components/DocumentDateField';
import { FileTextOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Flex, Input, InputNumber, Modal, Skeleton, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import { BELOW_STANDARD_SHARE, ReportJobResult, reportOutdated, type ReportPart, type ResultLine } from '../../../../shared/api/contracts/scoring';
import type { StagedFile } from '../../../../shared/api/envelope';
import { OutputFolderPicker } from '../../components/OutputFolderPicker';
import { BatchJobView } from '../jobs/BatchJobView';
import { useRoundJob } from './use-round-job';

const ISO = 'YYYY-MM-DD';
/** The usual 公示期: seven days from the day after the document's date. */
const PUBLICATION_DAYS = 7;


const useReportJob = (roundId: number) => useRoundJob('scoring.report', roundId, '无法开始生成督导评估报告和结果公示');

/** What is wrong with the form, in Chinese, or null. */
function problemOf(parts: ReportPart[], formats: DocumentFormat[], percent: number | null, date: Dayjs, period: [Dayjs | null, Dayjs | null] | null, phone: string, supervision: string): string | null {
  if (parts.length === 0) return '请至少选择一种文书';
  if (formats.length === 0) return '请至少选择一种格式';
  if (parts.includes('report') && (percent === null || percent <= 0 || percent > 100)) return '低于标准的得分率应在 1% 到 100% 之间';
  if (parts.includes('publication')) {
    if (!period?.[0] || !period[1]) return '请选择公示期';
    // A 公示 is issued before (or on the day) its period begins; the service refuses it otherwise too.
    if (date.isAfter(period[0], 'day')) return `成文日期（${date.format('YYYY年M月D日')}）晚于公示期开始日期（${period[0].format('YYYY年M月D日')}），请修改成文日期或公示期`;
    if (!phone.trim()) return '请填写联系电话';
    if (!supervision.trim()) return '请填写监督方式';
  }
  return null;
}

/** The dialog: documents, formats, date, 公示 inputs, threshold, folder; then the job as it runs. */
function RoundReportModal({ round, byCategory, onClose }: { round: RoundDetail; byCategory: boolean; onClose: () => void }) {
  const report = useReportJob(round.id);
  const [parts, setParts] = useState<ReportPart[]>(['report', 'publication']);
  const [formats, setFormats] = useState<DocumentFormat[]>(['docx', 'pdf']);
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(() => [dayjs().add(1, 'day'), dayjs().add(PUBLICATION_DAYS, 'day')]);
  const [phone, setPhone] = useState('');
  const [supervision, setSupervision] = useState('');
  const [percent, setPercent] = useState<number | null>(BELOW_STANDARD_SHARE * 100);
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const started = startedId ? report.jobs.find((j) => j.id === startedId) : undefined;
  const publication = parts.includes('publication');
  const problem = problemOf(parts, formats, percent, date, period, phone, supervision);

  const start = async () => {
    if (problem) return;
    const job = await report.start({
      roundId: round.id,
      parts,
      formats,
      date: date.format(ISO),
      byCategory,
      threshold: (percent ?? BELOW_STANDARD_SHARE * 100) / 100,
      publication: publication ? { start: period![0]!.format(ISO), end: period![1]!.format(ISO), phone: phone.trim(), supervision: supervision.trim() } : undefined,
      destination: folder ? { ref: folder.ref } : undefined,
    });
    if (job) setStartedId(job.id);
  };

  if (startedId) {
    return (
      <Modal open title="生成督导评估报告和结果公示" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden width={760}>
        {started ? <BatchJobView job={started} onCancel={() => void report.cancel(started.id)} testId="round-report" /> : <Skeleton active />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          关闭对话框不会中断生成；进度和文件也可在“结果与排名”页和“作业记录”中查看。
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal
      open
      title="生成督导评估报告和结果公示"
      okText="开始生成"
      cancelText="取消"
      onOk={() => void start()}
      onCancel={onClose}
      confirmLoading={report.starting}
      okButtonProps={{ disabled: problem !== null }}
      destroyOnHidden
      width={760}
    >
      <Flex vertical gap={12} data-testid="round-report-form">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          数字均取自评分已锁定单位存储的评分结果（与“结果与排名”和一校一案一致）；未锁定的单位在报告中列明“未纳入”，不列入公示名单。名次按本页当前的排名范围（{byCategory ? '按学校类型分别排名' : '全部单位一起排名'}）。
        </Typography.Paragraph>
        <Flex vertical gap={4}>
          <Typography.Text strong>文书</Typography.Text>
          <Checkbox.Group
            aria-label="文书"
            value={parts}
            onChange={(v) => setParts(v as ReportPart[])}
            options={[
              { value: 'report', label: '督导评估报告（参评情况、分布、排名、平均分、主要问题指标、图表，附各单位结果表）' },
              { value: 'publication', label: '结果公示（文书和 Excel 名单）' },
            ]}
          />
        </Flex>
        <Flex gap={16} wrap align="end">
          <DocumentFormatsField value={formats} onChange={setFormats} />
          <DocumentDateField value={date} onChange={setDate} />
          {parts.includes('report') && (
            <Flex vertical gap={4}>
              <Typography.Text strong>列为“低于标准”的得分率</Typography.Text>
              <InputNumber aria-label="低于标准的得分率" min={1} max={100} step={5} value={percent} onChange={setPercent} suffix="%" style={{ width: 140 }} />
            </Flex>
          )}
        </Flex>
        {publication && (
          <Flex vertical gap={8} data-testid="round-report-publication">
            <Typography.Text strong>结果公示</Typography.Text>
            <Flex gap={16} wrap>
              <Flex vertical gap={4}>
                <Typography.Text>公示期</Typography.Text>
                <DatePicker.RangePicker aria-label="公示期" value={period} onChange={(v) => setPeriod(v as [Dayjs | null, Dayjs | null] | null)} placeholder={['开始日期', '结束日期']} />
              </Flex>
              <Flex vertical gap={4}>
                <Typography.Text>联系电话</Typography.Text>
                <Input aria-label="联系电话" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={60} placeholder="如 0771-1234567" style={{ width: 200 }} />
              </Flex>
            </Flex>
            <Flex vertical gap={4}>
              <Typography.Text>监督方式</Typography.Text>
              <Input.TextArea aria-label="监督方式" value={supervision} onChange={(e) => setSupervision(e.target.value)} maxLength={300} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：来信请寄某某县教育局督导室（地址、邮编），或发送电子邮件至……" />
            </Flex>
          </Flex>
        )}
        {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
        <OutputFolderPicker title="选择督导评估报告的输出文件夹" folder={folder} onPick={setFolder} />
      </Flex>
    </Modal>
  );
}

/**
 * 生成督导评估报告 in the 结果与排名 tab: the button opening the dialog (documents, formats, the
 * 公示 inputs, output folder). The report follows the tab's ranking choice (`byCategory`).
 */
export function RoundReportButton({ round, byCategory }: { round: RoundDetail; byCategory: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<FileTextOutlined />} onClick={() => setOpen(true)} data-testid="round-report-button">
        生成督导评估报告
      </Button>
      {open && <RoundReportModal round={round} byCategory={byCategory} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * The round's latest report job, shown under the results (found again after leaving the page; null
 * when none), marked 已过时 once the round's current results (`lines`, scoring.results) are no longer
 * those its documents were written from.
 */
export function RoundReportPanel({ round, lines }: { round: RoundDetail; lines: readonly ResultLine[] | undefined }) {
  const { latest, cancel } = useReportJob(round.id);
  const [folded, setFolded] = useState(false);
  if (!latest) return null;
  const outcome = ReportJobResult.safeParse(latest.result);
  const outdated = latest.state === '已完成' && outcome.success && lines !== undefined && reportOutdated(outcome.data, lines);
  return (
    <Flex vertical gap={12} style={{ padding: 12, border: '1px solid #e5e9f0', borderRadius: 8 }} data-testid="round-report-panel">
      <Flex justify="space-between" align="center">
        <Flex gap={8} align="center">
          <Typography.Text strong>督导评估报告和结果公示</Typography.Text>
          {outdated && (
            <Tag color="orange" title="生成后有单位的评分被解锁或重新锁定，文书中的数字已不是当前结果，请重新生成" data-testid="round-report-outdated">
              已过时
            </Tag>
          )}
        </Flex>
        <Button size="small" onClick={() => setFolded((f) => !f)}>
          {folded ? '展开' : '收起'}
        </Button>
      </Flex>
      {!folded && <BatchJobView job={latest} onCancel={() => void cancel(latest.id)} testId="round-report" />}
    </Flex>
  );
}
