/**
 * The office's 退回意见 on a unit's submission (issue 11 item 4): the list with each query's target,
 * text, who asked on which revision, and its state (待答复 / 已答复（第 n 版） / 已撤回); the dialog
 * that adds one — about an indicator, a statistics field, the 学校自评报告, or evidence (of one
 * indicator or all) — and the one that withdraws an open query with a reason. Both dialogs ask
 * before their text is thrown away (app/unsaved.tsx).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Modal, Radio, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import type { RoundQuery, RoundUnit, SubmissionRevision } from '../../../../../shared/api/contracts/rounds';
import { flattenNodes, isLeaf } from '../../../../../shared/domain/indicators/tree';
import { formatDateTime } from '../../../../../shared/domain/text/datetime';
import { useOp, useOpMutation } from '../../../api/queries';
import { useUnsavedChanges } from '../../../app/unsaved';
import { errorDescription } from '../../../components/use-notify';
import { ALL_EVIDENCE, indicatorChoices, QUERY_TARGET_LABELS, queryBlocked, queryState, sortQueries, targetInput, type QueryStateKind, type QueryTargetKind, type TargetChoice } from './queries-view';

const STATE_COLORS: Record<QueryStateKind, string> = { open: 'gold', answered: 'green', withdrawn: 'default' };
const KINDS = Object.keys(QUERY_TARGET_LABELS) as QueryTargetKind[];
const QUERY_MAX = 500;
const REASON_MAX = 200;

/**
 * 退回意见 of the unit, open ones first: 针对, 意见, 提出 (who, when, on which revision), 状态 and
 * 撤回 for an open one. `onAsk` opens the dialog for a new query (absent: the page says why not).
 */
export function QueriesCard({ unit, queries, onAsk }: { unit: RoundUnit; queries: readonly RoundQuery[]; onAsk: () => void }) {
  const [withdrawing, setWithdrawing] = useState<RoundQuery | null>(null);
  const blocked = queryBlocked(unit);
  const columns: ColumnsType<RoundQuery> = [
    { title: '针对', key: 'target', width: 220, render: (_, q) => <span data-testid="query-target">{q.target.label}</span> },
    { title: '意见', dataIndex: 'text', render: (v: string) => <span data-testid="query-text">{v}</span> },
    { title: '提出', key: 'asked', width: 230, render: (_, q) => `${q.askedBy}，${formatDateTime(q.askedAt)}（针对第 ${q.askedRevision} 版）` },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_, q) => {
        const s = queryState(q);
        const tag = (
          <Tag color={STATE_COLORS[s.kind]} data-testid="query-state">
            {s.label}
          </Tag>
        );
        // Who closed it and when (a withdrawal carries its reason in closedBy).
        return q.closedAt ? <Tooltip title={`${q.closedBy ?? ''}，${formatDateTime(q.closedAt)}`}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, q) =>
        q.closedAt ? null : (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setWithdrawing(q)} aria-label={`撤回意见“${q.text.slice(0, 20)}”`} data-testid="query-withdraw">
            撤回
          </Button>
        ),
    },
  ];
  const open = queries.filter((q) => !q.closedAt).length;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={`退回意见（${queries.length} 条${open ? `，待答复 ${open} 条` : ''}）`}
      data-testid="unit-queries"
      extra={
        <Tooltip title={blocked}>
          <Button size="small" icon={<PlusOutlined />} disabled={blocked !== null} onClick={onAsk} data-testid="query-add">
            提出意见
          </Button>
        </Tooltip>
      }
    >
      {queries.length === 0 ? (
        <Typography.Text type="secondary">没有退回修改的意见。{blocked ? '' : '可在自评、统计数据、自评报告和佐证材料处逐项提出意见，再“退回修改”。'}</Typography.Text>
      ) : (
        <Table<RoundQuery> size="small" rowKey="id" columns={columns} dataSource={sortQueries(queries)} pagination={queries.length > 20 ? { pageSize: 20, showSizeChanger: false } : false} data-testid="queries-table" />
      )}
      {withdrawing && <WithdrawQueryModal query={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Card>
  );
}

interface AskValues {
  kind: QueryTargetKind;
  key: string | null;
  text: string;
}

/** The default key of a kind: 全部佐证材料 for evidence; the report has none; an indicator or field is chosen. */
const defaultKey = (kind: QueryTargetKind) => (kind === 'evidence' ? ALL_EVIDENCE : null);

/**
 * 提出退回意见 on the unit's latest revision (`revision`): what it is about, chosen or handed in
 * from a row (`initial`) — any indicator of the round's system (`systemId`), a statistics field, the
 * report, evidence — and the text (required, at most 500 characters). Switching between 指标 and
 * 佐证材料 keeps the indicator chosen. Cancelling with text written asks first.
 */
export function AddQueryModal({ unit, systemId, revision, initial, onClose }: { unit: RoundUnit; systemId: number; revision: SubmissionRevision; initial: TargetChoice; onClose: () => void }) {
  const [form] = Form.useForm<AskValues>();
  const [problem, setProblem] = useState<ReactNode>(null);
  const kind = (Form.useWatch('kind', form) as QueryTargetKind | undefined) ?? initial.kind;
  const text = (Form.useWatch('text', form) as string | undefined) ?? '';
  const unsaved = useUnsavedChanges(text.trim() !== '', `对“${unit.name}”的退回意见`);
  const add = useOpMutation('rounds.addQuery', { silent: true, success: (q) => `已提出退回意见（针对${q.target.label}）` });

  const system = useOp('indicators.get', { id: systemId }, { silent: true });
  const leaves = system.data ? flattenNodes(system.data.system.nodes).map((e) => e.node).filter(isLeaf) : null;
  const indicatorOptions = indicatorChoices(leaves, revision.answers);
  const nodeIds = new Set(indicatorOptions.map((o) => o.value));
  const options =
    kind === 'indicator'
      ? indicatorOptions
      : kind === 'statistic'
        ? revision.statistics.map((s) => ({ value: s.key, label: s.label }))
        : kind === 'evidence'
          ? [{ value: ALL_EVIDENCE, label: '全部佐证材料' }, ...indicatorOptions.map((o) => ({ ...o, label: `${o.label} 的佐证材料` }))]
          : [];

  const cancel = async () => {
    if (await unsaved.confirmDiscard()) onClose();
  };

  const submit = async () => {
    setProblem(null);
    let v: AskValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the messages stand beside the fields
    }
    const target = targetInput({ kind: v.kind, key: v.key ?? null });
    if (!target) return;
    try {
      await add.mutateAsync({ unitId: unit.id, target, text: v.text.trim() });
      unsaved.markClean();
      onClose();
    } catch (e) {
      setProblem(errorDescription(e));
    }
  };

  return (
    <Modal
      open
      title={`提出退回意见：${unit.name}`}
      okText="提出意见"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={() => void cancel()}
      confirmLoading={add.isPending}
      maskClosable={false}
      destroyOnHidden
      width={640}
    >
      <Flex vertical gap={12} data-testid="query-dialog">
        <Typography.Text type="secondary">
          意见针对第 {revision.revision} 版材料（最新）。提出意见后可“退回修改”：退回修改包带着学校当前的填报内容和全部待答复的意见交给学校，学校改好后交回的新版本即答复这些意见。
        </Typography.Text>
        {unit.state === 'returned' && <Alert type="info" showIcon title="该单位已退回修改、正在修改中；新提出的意见需要再次“退回修改”才会带给学校。" />}
        {problem && <Alert type="error" showIcon title="未能提出意见" description={problem} />}
        <Form<AskValues>
          form={form}
          layout="vertical"
          name="add-query"
          preserve={false}
          initialValues={{ kind: initial.kind, key: initial.key ?? defaultKey(initial.kind), text: '' }}
          onValuesChange={(changed: Partial<AskValues>, all: AskValues) => {
            if (!changed.kind) return;
            // An indicator chosen stays chosen between 指标 and 佐证材料; anything else starts over.
            const keep = (changed.kind === 'indicator' || changed.kind === 'evidence') && all.key !== null && nodeIds.has(all.key);
            if (!keep) form.setFieldValue('key', defaultKey(changed.kind));
          }}
        >
          <Form.Item name="kind" label="针对">
            <Radio.Group optionType="button" aria-label="意见针对" options={KINDS.map((k) => ({ value: k, label: QUERY_TARGET_LABELS[k] }))} />
          </Form.Item>
          {kind !== 'report' && (
            <Form.Item
              name="key"
              label={kind === 'statistic' ? '统计数据项' : '指标'}
              required
              rules={[{ validator: (_, v: string | null) => (v === null || v === undefined ? Promise.reject(new Error(kind === 'statistic' ? '请选择统计数据项' : '请选择指标')) : Promise.resolve()) }]}
            >
              <Select
                aria-label={kind === 'statistic' ? '意见针对的统计数据项' : kind === 'evidence' ? '意见针对的佐证材料' : '意见针对的指标'}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={kind === 'statistic' ? '选择统计数据项' : '选择指标'}
                options={options}
                notFoundContent="没有可选的项目"
              />
            </Form.Item>
          )}
          <Form.Item
            name="text"
            label="退回意见"
            required
            rules={[
              { required: true, whitespace: true, message: '请填写退回意见' },
              { max: QUERY_MAX, message: `退回意见不能超过 ${QUERY_MAX} 个字` },
            ]}
          >
            <Input.TextArea aria-label="退回意见" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={QUERY_MAX} showCount placeholder="写明需要学校修改或补充什么，如：请补充集团章程原件的扫描件，并在自评说明中写明章程的通过时间" />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

/** 撤回 an open query, with the reason the record keeps; cancelling with a reason written asks first. */
function WithdrawQueryModal({ query, onClose }: { query: RoundQuery; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [problem, setProblem] = useState<ReactNode>(null);
  const reason = (Form.useWatch('reason', form) as string | undefined) ?? '';
  const unsaved = useUnsavedChanges(reason.trim() !== '', '撤回退回意见的原因');
  const withdraw = useOpMutation('rounds.withdrawQuery', { silent: true, success: (q) => `已撤回对${q.target.label}的意见` });

  const submit = async () => {
    setProblem(null);
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await withdraw.mutateAsync({ queryId: query.id, reason: v.reason.trim() });
      unsaved.markClean();
      onClose();
    } catch (e) {
      setProblem(errorDescription(e));
    }
  };

  return (
    <Modal
      open
      title="撤回退回意见"
      okText="撤回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={() => void unsaved.confirmDiscard().then((leave) => leave && onClose())}
      confirmLoading={withdraw.isPending}
      maskClosable={false}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid="withdraw-dialog">
        <Typography.Text>
          针对{query.target.label}：{query.text}
        </Typography.Text>
        <Typography.Text type="secondary">撤回后该意见不再等待学校答复，也不会随退回修改包交给学校；撤回的原因记入操作记录。</Typography.Text>
        {problem && <Alert type="error" showIcon title="未能撤回" description={problem} />}
        <Form form={form} layout="vertical" name="withdraw-query" preserve={false}>
          <Form.Item
            name="reason"
            label="撤回原因"
            required
            rules={[
              { required: true, whitespace: true, message: '请填写撤回原因' },
              { max: REASON_MAX, message: `撤回原因不能超过 ${REASON_MAX} 个字` },
            ]}
          >
            <Input.TextArea aria-label="撤回原因" autoSize={{ minRows: 2 }} maxLength={REASON_MAX} showCount placeholder="如：学校已在自评说明中解释清楚" />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}
