/**
 * 下发督导整改通知书 (issue 14 item 7): a self-contained button and dialog for the 整改台账 screens.
 *
 * Props:
 *  - `owners?: string[]`: responsible units (责任单位 names, as the ledger writes them) to preselect,
 *    e.g. the units of the rows selected in the ledger; absent or empty: none is preselected (each
 *    notice takes a 发文字号), the user ticks them or 全选.
 *  - `size?`: the button's antd size (default middle).
 *
 * The dialog lists the units with items to rectify (from rectification.dashboard: open items,
 * overdue, worst 督办 colour), the formats (DOCX/PDF), the 成文日期 and, in the desktop app, the
 * output folder; it starts the `rectification.notices` job — one notice per unit, each with its own
 * 发文字号 from the 发文登记 — and shows it as it runs (progress, 取消, files), then the number each
 * unit's notice carries and the items it lists.
 */
import { DocumentFormatsField } from '../../components/DocumentFormatsField';
import { DocumentDateField } from '../../components/DocumentDateField';
import { NotificationOutlined } from '@ant-design/icons';
import { Button, Flex, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';
import type { JobStartInput } from '../../../../shared/api/contracts/jobs';
import { NoticesJobResult } from '../../../../shared/api/contracts/rectification-outputs';
import type { StagedFile } from '../../../../shared/api/envelope';
import { SUPERVISION_LEVEL_LABELS } from '../../../../shared/domain/rectification';
import { useOp, useOpMutation } from '../../api/queries';
import { OutputFolderPicker } from '../../components/OutputFolderPicker';
import { BatchJobView } from '../jobs/BatchJobView';
import { useJobs } from '../jobs/use-jobs';

const ISO = 'YYYY-MM-DD';
const LEVEL_COLORS = { blue: 'blue', yellow: 'gold', red: 'red' } as const;

/** The dialog: units, formats, date, folder; then the job as it runs and the numbers given. */
function NoticesModal({ preselected, onClose }: { preselected: readonly string[]; onClose: () => void }) {
  const dashboard = useOp('rectification.dashboard', {});
  const { jobs, put, cancel } = useJobs('rectification.notices', 20);
  const start = useOpMutation('jobs.start', { errorTitle: '无法开始生成督导整改通知书', onSuccess: put, invalidates: false });
  const units = useMemo(() => (dashboard.data?.owners ?? []).filter((o) => o.open > 0), [dashboard.data]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  // Nothing ticked unless the caller named units: every notice takes a 发文字号, which is not given back lightly.
  const selected = chosen ?? preselected.filter((p) => units.some((u) => u.name === p));
  const [formats, setFormats] = useState<DocumentFormat[]>(['docx', 'pdf']);
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const started = startedId ? jobs?.find((j) => j.id === startedId) : undefined;
  const problem = selected.length === 0 ? '请至少选择一个责任单位' : formats.length === 0 ? '请至少选择一种格式' : null;

  const run = async () => {
    if (problem) return;
    const parameters = { owners: selected, formats, date: date.format(ISO), destination: folder ? { ref: folder.ref } : undefined };
    const job = await start.mutateAsync({ kind: 'rectification.notices', parameters } as JobStartInput).catch(() => null);
    if (job) setStartedId(job.id);
  };

  if (startedId) {
    const outcome = started ? NoticesJobResult.safeParse(started.result) : null;
    return (
      <Modal open title="生成督导整改通知书" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden width={760}>
        {started ? <BatchJobView job={started} onCancel={() => void cancel(started.id)} testId="rectification-notices" /> : <Skeleton active />}
        {outcome?.success && outcome.data.notices.length > 0 && (
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="owner"
            pagination={false}
            dataSource={outcome.data.notices}
            data-testid="rectification-notices-numbers"
            columns={[
              { title: '责任单位', dataIndex: 'owner' },
              { title: '发文字号', dataIndex: 'docNumber', width: 160 },
              { title: '列出的问题（编号）', dataIndex: 'items', render: (items: string[]) => `${items.length} 项：${items.join('、')}` },
              { title: '整改报告报送期限', dataIndex: 'deadline', width: 150, render: (d: string) => dayjs(d).format('YYYY年M月D日') },
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          关闭对话框不会中断生成；进度和文件也可在“作业记录”中查看，文号已登记在“发文登记”中。
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal
      open
      title="生成督导整改通知书"
      okText={selected.length ? `生成 ${selected.length} 份（占用 ${selected.length} 个文号）` : '开始生成'}
      cancelText="取消"
      onOk={() => void run()}
      onCancel={onClose}
      confirmLoading={start.isPending}
      okButtonProps={{ disabled: problem !== null || dashboard.isPending }}
      destroyOnHidden
      width={760}
    >
      <Flex vertical gap={12} data-testid="rectification-notices-form">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          每个责任单位一份通知书，列出该单位“未启动”和“整改中”的问题、整改要求和整改时限，并要求在最晚的整改时限前报送书面整改报告；每份通知书从发文登记中取一个文号。已完成待核验和已销号的问题不列入。
        </Typography.Paragraph>
        {dashboard.isPending ? (
          <Skeleton active />
        ) : units.length === 0 ? (
          <Typography.Text type="secondary">整改台账中没有未启动或整改中的问题，无需下发通知书。</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            scroll={{ y: 280 }}
            dataSource={units}
            data-testid="rectification-notices-units"
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setChosen(keys as string[]) }}
            columns={[
              { title: '责任单位', dataIndex: 'name' },
              { title: '类别', dataIndex: 'kind', width: 70, render: (k: string) => (k === 'school' ? '学校' : '部门') },
              { title: '待整改', dataIndex: 'open', width: 80, align: 'right', render: (n: number) => `${n} 项` },
              { title: '逾期', dataIndex: 'overdue', width: 70, align: 'right', render: (n: number) => (n ? `${n} 项` : '—') },
              { title: '督办', dataIndex: 'level', width: 100, render: (l: keyof typeof LEVEL_COLORS | null) => (l ? <Tag color={LEVEL_COLORS[l]}>{SUPERVISION_LEVEL_LABELS[l]}</Tag> : '—') },
            ]}
          />
        )}
        <Flex gap={16} wrap align="start">
          <DocumentFormatsField value={formats} onChange={setFormats} />
          <DocumentDateField value={date} onChange={setDate} />
        </Flex>
        {problem && units.length > 0 && <Typography.Text type="danger">{problem}</Typography.Text>}
        <OutputFolderPicker title="选择督导整改通知书的输出文件夹" folder={folder} onPick={setFolder} />
      </Flex>
    </Modal>
  );
}

/** The button opening the dialog (see the file's comment for the props). */
export function NoticesButton({ owners = [], size }: { owners?: string[]; size?: 'small' | 'middle' | 'large' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<NotificationOutlined />} size={size} onClick={() => setOpen(true)} data-testid="rectification-notices-button">
        下发整改通知书
      </Button>
      {open && <NoticesModal preselected={owners} onClose={() => setOpen(false)} />}
    </>
  );
}
