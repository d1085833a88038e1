import { DocumentFormatsField } from '../../components/DocumentFormatsField';
import { DocumentDateField } from '../../components/DocumentDateField';
import { FileDoneOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Flex, InputNumber, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';
import type { Job } from '../../../../shared/api/contracts/jobs';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import { BELOW_STANDARD_SHARE, RECTIFICATION_MONTHS, type GeneratedConclusion } from '../../../../shared/api/contracts/scoring';
import type { StagedFile } from '../../../../shared/api/envelope';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { useOp } from '../../api/queries';
import { BatchJobView } from '../jobs/BatchJobView';
import { OutputFolderPicker } from '../../components/OutputFolderPicker';
import { useRoundJob } from './use-round-job';

const ISO = 'YYYY-MM-DD';


const useConclusionsJob = (roundId: number) => useRoundJob('scoring.conclusions', roundId, '无法开始生成一校一案');

/** A 一校一案 job in place: progress with 取消 while it runs, then its state, folder, skipped units and each file to download. */
function ConclusionsJobView({ job, onCancel }: { job: Job; onCancel: () => void }) {
  return <BatchJobView job={job} onCancel={onCancel} testId="conclusions" />;
}

/** The 一校一案 generated for the round, newest first, each marked 已过时 once any unit's result changed after (ranks and averages with it). */
function GeneratedList({ roundId, refreshKey }: { roundId: number; refreshKey: string }) {
  const list = useOp('scoring.conclusions', { roundId }, { silent: true });
  const { refetch } = list;
  // A job started, progressed to its end or was replaced since the list was read: read it again.
  useEffect(() => {
    if (refreshKey) void refetch();
  }, [refreshKey, refetch]);
  if (list.error) return <Alert type="error" showIcon title="无法读取已生成的一校一案" description={list.error.message} />;
  if (!list.data || list.data.length === 0) return null;
  return (
    <Table<GeneratedConclusion>
      data-testid="conclusions-list"
      size="small"
      rowKey="id"
      dataSource={list.data}
      pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: '报送编码', dataIndex: 'unitCode', key: 'code', width: 100 },
        { title: '单位', dataIndex: 'unitName', key: 'name' },
        { title: '依据的结果', key: 'result', render: (_, c) => `第 ${c.resultId} 号：${c.conclusion}` },
        { title: '生成时间', key: 'at', width: 160, render: (_, c) => formatDateTime(c.at) },
        {
          title: '状态',
          key: 'outdated',
          width: 90,
          render: (_, c) =>
            c.outdated ? (
              <Tag color="orange" title="生成后本项目有单位的评分被锁定或解锁，意见书所依据的结果（含名次和全项目平均分）已不是当前结果，请重新生成" data-testid="conclusion-outdated">
                已过时
              </Tag>
            ) : (
              <Tag color="green">有效</Tag>
            ),
        },
      ]}
    />
  );
}

/** The dialog: formats, summary, dates, threshold, folder; then the job as it runs and the generated list. */
function ConclusionsModal({ round, onClose }: { round: RoundDetail; onClose: () => void }) {
  const conclusions = useConclusionsJob(round.id);
  const [formats, setFormats] = useState<DocumentFormat[]>(['docx', 'pdf']);
  const [summary, setSummary] = useState(true);
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [percent, setPercent] = useState<number | null>(BELOW_STANDARD_SHARE * 100);
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const started = startedId ? conclusions.jobs.find((j) => j.id === startedId) : undefined;
  const effectiveDeadline = deadline ?? date.add(RECTIFICATION_MONTHS, 'month');
  const problem = formats.length === 0 ? '请至少选择一种格式' : percent === null || percent <= 0 || percent > 100 ? '低于标准的得分率应在 1% 到 100% 之间' : effectiveDeadline.isBefore(date, 'day') ? '整改期限不能早于成文日期' : null;

  const start = async () => {
    if (problem) return;
    const job = await conclusions.start({
      roundId: round.id,
      formats,
      summary,
      date: date.format(ISO),
      deadline: effectiveDeadline.format(ISO),
      threshold: percent! / 100,
      destination: folder ? { ref: folder.ref } : undefined,
    });
    if (job) setStartedId(job.id);
  };

  if (startedId) {
    return (
      <Modal open title="生成一校一案" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden width={760}>
        {started ? <ConclusionsJobView job={started} onCancel={() => void conclusions.cancel(started.id)} /> : <Skeleton active />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          关闭对话框不会中断生成；进度和文件也可在“结果与排名”页和“作业记录”中查看。
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal open title="生成一校一案" okText="开始生成" cancelText="取消" onOk={() => void start()} onCancel={onClose} confirmLoading={conclusions.starting} okButtonProps={{ disabled: problem !== null }} destroyOnHidden width={760}>
      <Flex vertical gap={12} data-testid="conclusions-form">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          为评分已锁定的每个单位生成一份督导意见书（学校基本情况、资源配置达标情况、评估结果及与全项目平均分的对比、主要成绩、存在问题和整改要求，分数均注明取自哪一号评分结果）和一页结果摘要，并生成全部单位的汇总表（Excel）。未锁定的单位跳过并说明原因；弃权单位锁定后按本项目对弃权单位的处理写明结论。
        </Typography.Paragraph>
        <DocumentFormatsField value={formats} onChange={setFormats} label="督导意见书格式">
        <Checkbox checked={summary} onChange={(e) => setSummary(e.target.checked)} data-testid="conclusions-summary">
          同时生成每个单位一页的结果摘要（PDF）
        </Checkbox>
        </DocumentFormatsField>
        <Flex gap={16} wrap align="center">
          <DocumentDateField value={date} onChange={setDate} />
          <Flex vertical gap={4}>
            <Typography.Text strong>整改期限</Typography.Text>
            <DatePicker aria-label="整改期限" value={deadline} onChange={setDeadline} placeholder={`默认 ${effectiveDeadline.format('YYYY年M月D日')}`} />
          </Flex>
          <Flex vertical gap={4}>
            <Typography.Text strong>列为“低于标准”的得分率</Typography.Text>
            <InputNumber aria-label="低于标准的得分率" min={1} max={100} step={5} value={percent} onChange={setPercent} suffix="%" style={{ width: 140 }} />
          </Flex>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          最终得分低于该项分值此比例的指标（按等级、分值、达标评分的指标）列入“存在问题”和“整改要求”；整改期限不选时为成文日期后 {RECTIFICATION_MONTHS} 个月。
        </Typography.Text>
        {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
        <OutputFolderPicker title="选择一校一案的输出文件夹" folder={folder} onPick={setFolder} />
      </Flex>
    </Modal>
  );
}

/**
 * 生成一校一案 in the 结果与排名 tab: the button opening the dialog, and below it the round's latest
 * 一校一案 job (found again after leaving the page, kept current by the core's events) and the
 * conclusions generated so far, each 有效 or 已过时.
 */
export function ConclusionsButton({ round }: { round: RoundDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<FileDoneOutlined />} onClick={() => setOpen(true)} data-testid="conclusions-button">
        生成一校一案
      </Button>
      {open && <ConclusionsModal round={round} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The round's latest 一校一案 job and the generated list, shown under the results (null when none). */
export function ConclusionsPanel({ round }: { round: RoundDetail }) {
  const { latest, cancel } = useConclusionsJob(round.id);
  const [folded, setFolded] = useState(false);
  // The list is read again whenever the latest job changes state or finishes.
  const refreshKey = latest ? `${latest.id}:${latest.state}` : '';
  if (!latest) return <GeneratedList roundId={round.id} refreshKey={refreshKey} />;
  return (
    <Flex vertical gap={12} style={{ padding: 12, border: '1px solid #e5e9f0', borderRadius: 8 }} data-testid="conclusions-panel">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>一校一案</Typography.Text>
        <Button size="small" onClick={() => setFolded((f) => !f)}>
          {folded ? '展开' : '收起'}
        </Button>
      </Flex>
      {!folded && <ConclusionsJobView job={latest} onCancel={() => void cancel(latest.id)} />}
      {!folded && <GeneratedList roundId={round.id} refreshKey={refreshKey} />}
    </Flex>
  );
}
