/**
 * 评估意见 of a unit (issue 12 item 6), under its score sheet: the experts' and the office's opinions
 * in three groups — 做法成效, 存在问题, 整改建议 — each on the unit as a whole (整体) or on one
 * indicator, with who gave it, when, and who entered it. 添加意见 chooses the author (an expert
 * assigned to the unit, or 督导室), the indicator or 整体, the kind and the words; 修改 keeps the
 * author (the change is a new version); 撤回 asks first; 记录 shows every version. Withdrawn opinions
 * stay in view below. A filter shows one author's opinions. The dialog asks before typed words are
 * thrown away (app/unsaved.tsx).
 */
import { HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Drawer, Flex, Form, Input, Modal, Popconfirm, Radio, Row, Select, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState, type ReactNode } from 'react';
import { OFFICE_AUTHOR, OPINION_ACTION_LABELS, OPINION_KIND_LABELS, OPINION_KINDS, type Opinion, type OpinionKind, type OpinionVersion, type UnitOpinions } from '../../../../shared/api/contracts/scoring';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { useOp, useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';
import { errorDescription } from '../../components/use-notify';
import { showServerIssues, type FieldOf } from '../documents/form-issues';
import { authorFilterOptions, authorKey, opinionsByKind, targetLabel, type AuthorFilter } from './opinions-view';
import './opinions.css';

const KIND_COLORS: Record<OpinionKind, string> = { strength: 'green', problem: 'orange', suggestion: 'blue' };
const TEXT_MAX = 2000;
/** The target select's values: the unit as a whole, or `node:` and the node's id (prefixed, so no node id can read as 整体). */
const WHOLE = 'whole';
const nodeValue = (nodeId: string) => `node:${nodeId}`;
const OFFICE = 'office';

/** The card, fed by scoring.opinions for `unitId`. */
export function OpinionsCard({ unitId }: { unitId: number }) {
  const data = useOp('scoring.opinions', { unitId }, { silent: true });
  const [filter, setFilter] = useState<AuthorFilter>('all');
  const [editing, setEditing] = useState<{ opinion: Opinion | null } | null>(null);
  const [history, setHistory] = useState<Opinion | null>(null);
  const [showWithdrawn, setShowWithdrawn] = useState(false);
  const withdraw = useOpMutation('scoring.withdrawOpinion', { success: (o) => `已撤回${o.author}对“${targetLabel(o)}”的${OPINION_KIND_LABELS[o.kind]}意见` });

  const card = (body: ReactNode, extra?: ReactNode) => (
    <Card title="评估意见" style={{ marginTop: 16 }} extra={extra} data-testid="opinions-card">
      {body}
    </Card>
  );
  if (data.error) return card(<Alert type="error" showIcon title="无法读取评估意见" description={data.error.message} />);
  if (!data.data) return card(<Skeleton active />);
  const d = data.data;
  const options = authorFilterOptions(d);
  // A filter left on an author no longer listed (e.g. after a reload) shows everyone.
  const by = options.some((o) => o.value === filter) ? filter : 'all';
  const byKind = opinionsByKind(d, by);
  const assigned = new Map(d.experts.map((e) => [e.expertId, e.assigned]));
  const withdrawn = d.withdrawn.filter((o) => by === 'all' || authorKey(o) === by);
  // An expert no longer assigned keeps their opinions as they are (the service refuses changes).
  const blockedFor = (o: Opinion) => (o.expertId !== null && assigned.get(o.expertId) === false ? `专家“${o.author}”已不再评估本单位，其意见保留在记录中；重新分配后才能修改或撤回` : null);

  const item = (o: Opinion) => {
    const blocked = blockedFor(o);
    return (
      <div key={o.id} className={o.withdrawn ? 'opinion-item opinion-item-withdrawn' : 'opinion-item'} data-testid="opinion-item">
        <Flex justify="space-between" align="start" gap={8}>
          <Flex gap={4} wrap>
            {/* Withdrawn ones are listed together, so each says its kind. */}
            {o.withdrawn && <Tag style={{ marginInlineEnd: 0 }}>{OPINION_KIND_LABELS[o.kind]}</Tag>}
            <Tag style={{ marginInlineEnd: 0, whiteSpace: 'normal' }} data-testid="opinion-target">
              {targetLabel(o)}
            </Tag>
          </Flex>
          <Flex gap={0} style={{ flexShrink: 0 }}>
            {!o.withdrawn && (
              <Tooltip title={blocked}>
                <Button type="link" size="small" disabled={blocked !== null} onClick={() => setEditing({ opinion: o })} data-testid="opinion-edit">
                  修改
                </Button>
              </Tooltip>
            )}
            {!o.withdrawn &&
              (blocked ? (
                <Tooltip title={blocked}>
                  <Button type="link" size="small" danger disabled>
                    撤回
                  </Button>
                </Tooltip>
              ) : (
                <Popconfirm
                  title="撤回这条意见？"
                  description="撤回后不再计入评估结论和整改台账；意见的修改记录仍然保留。"
                  okText="撤回"
                  cancelText="取消"
                  okButtonProps={{ danger: true, loading: withdraw.isPending }}
                  onConfirm={() => withdraw.mutateAsync({ id: o.id }).catch(() => undefined)}
                >
                  <Button type="link" size="small" danger data-testid="opinion-withdraw">
                    撤回
                  </Button>
                </Popconfirm>
              ))}
            <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(o)} data-testid="opinion-history">
              记录
            </Button>
          </Flex>
        </Flex>
        <div className="opinion-text" data-testid="opinion-text">
          {o.text}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="opinion-meta">
          {o.author} · {formatDateTime(o.createdAt)}
          {o.withdrawn ? ` · ${o.by}于 ${formatDateTime(o.at)} 撤回` : o.edits > 0 ? ` · 已修改 ${o.edits} 次，最近由${o.by}于 ${formatDateTime(o.at)} 修改` : ` · 录入人 ${o.by}`}
        </Typography.Text>
      </div>
    );
  };

  const total = d.groups.reduce((n, g) => n + g.strength.length + g.problem.length + g.suggestion.length, 0);
  const extra = (
    <Flex gap={8} align="center">
      <Select<AuthorFilter> aria-label="按提出人筛选意见" style={{ width: 240 }} value={by} onChange={setFilter} options={options} data-testid="opinions-filter" />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ opinion: null })} data-testid="add-opinion">
        添加意见
      </Button>
    </Flex>
  );
  return card(
    <>
      {total === 0 && d.withdrawn.length === 0 && (
        <Typography.Paragraph type="secondary">还没有评估意见。专家和督导室可以就本单位整体或某项指标填写做法成效、存在问题和整改建议，这些意见将用于形成学校的评估结论和整改台账。</Typography.Paragraph>
      )}
      <Row gutter={[16, 16]}>
        {OPINION_KINDS.map((kind) => (
          <Col key={kind} xs={24} lg={8}>
            <div className="opinion-column" data-testid={`opinions-${kind}`}>
              <Flex align="center" gap={6} className="opinion-column-title">
                <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
                  {OPINION_KIND_LABELS[kind]}
                </Tag>
                <Typography.Text type="secondary">{byKind[kind].length} 条</Typography.Text>
              </Flex>
              {byKind[kind].length === 0 ? <Typography.Text type="secondary">暂无</Typography.Text> : <Flex vertical gap={8}>{byKind[kind].map(item)}</Flex>}
            </div>
          </Col>
        ))}
      </Row>
      {withdrawn.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Button type="link" style={{ padding: 0 }} onClick={() => setShowWithdrawn((v) => !v)} data-testid="opinions-withdrawn-toggle">
            {showWithdrawn ? '收起已撤回的意见' : `已撤回的意见（${withdrawn.length} 条）`}
          </Button>
          {showWithdrawn && (
            <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="opinions-withdrawn">
              {withdrawn.map(item)}
            </Flex>
          )}
        </div>
      )}
      {editing && <OpinionModal data={d} opinion={editing.opinion} defaultAuthor={by === 'all' ? undefined : by} onClose={() => setEditing(null)} />}
      {history && <OpinionHistoryDrawer opinion={history} onClose={() => setHistory(null)} />}
    </>,
    extra,
  );
}

interface OpinionValues {
  /** 'office' or `expert:<experts.id>`; unset until chosen for a new opinion. */
  author: string | undefined;
  nodeId: string;
  kind: OpinionKind;
  text: string;
}

const FIELDS: Record<string, keyof OpinionValues> = { expertId: 'author', nodeId: 'nodeId', kind: 'kind', text: 'text' };
const fieldOf: FieldOf = (path) => FIELDS[String(path[0])] ?? null;

/**
 * 添加意见 / 修改意见. A new opinion's author is 督导室 or an expert assigned to the unit (one the
 * filter names is proposed); a change keeps its author. The target lists the unit's applicable
 * indicators in the system's order, indented by level, after 整体.
 */
function OpinionModal({ data, opinion, defaultAuthor, onClose }: { data: UnitOpinions; opinion: Opinion | null; defaultAuthor?: AuthorFilter; onClose: () => void }) {
  const [form] = Form.useForm<OpinionValues>();
  const [problem, setProblem] = useState<ReactNode>(null);
  const authors = useMemo(
    () => [
      { value: OFFICE, label: OFFICE_AUTHOR },
      ...data.experts.filter((e) => e.assigned || e.expertId === opinion?.expertId).map((e) => ({ value: `expert:${e.expertId}`, label: `专家 ${e.name}` })),
    ],
    [data.experts, opinion],
  );
  const initial: OpinionValues = opinion
    ? { author: opinion.expertId === null ? OFFICE : `expert:${opinion.expertId}`, nodeId: opinion.nodeId === null ? WHOLE : nodeValue(opinion.nodeId), kind: opinion.kind, text: opinion.text }
    : { author: defaultAuthor && authors.some((a) => a.value === defaultAuthor) ? defaultAuthor : undefined, nodeId: WHOLE, kind: 'problem', text: '' };
  const watched = Form.useWatch([], form) as Partial<OpinionValues> | undefined;
  const dirty = watched !== undefined && ((watched.text ?? '').trim() !== initial.text.trim() || (watched.nodeId ?? initial.nodeId) !== initial.nodeId || (watched.kind ?? initial.kind) !== initial.kind);
  const unsaved = useUnsavedChanges(dirty, opinion ? `对“${data.unitName}”的意见的修改` : `对“${data.unitName}”的新意见`);
  const save = useOpMutation('scoring.saveOpinion', { silent: true, success: (o) => (!opinion ? `已添加${o.author}的${OPINION_KIND_LABELS[o.kind]}意见` : o.id === opinion.id ? '意见没有变化，未另存新版本' : `已修改${o.author}的意见`) });

  const targets = useMemo(
    () => [
      { value: WHOLE, label: '整体（本单位总体评价）', depth: 1 },
      ...data.indicators.map((i) => ({ value: nodeValue(i.nodeId), label: `${i.code} ${i.title}`, depth: i.depth })),
    ],
    [data.indicators],
  );

  const submit = async () => {
    setProblem(null);
    let v: OpinionValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the messages stand beside the fields
    }
    const nodeId = v.nodeId === WHOLE ? null : v.nodeId.slice('node:'.length);
    try {
      await save.mutateAsync({
        unitId: data.unitId,
        ...(opinion ? { id: opinion.id } : { expertId: v.author === OFFICE ? null : Number(v.author!.slice('expert:'.length)) }),
        nodeId,
        kind: v.kind,
        text: v.text,
      });
      unsaved.markClean();
      onClose();
    } catch (e) {
      const rest = showServerIssues(form, e, fieldOf);
      setProblem(rest === null ? errorDescription(e) : rest.join('；') || null);
    }
  };

  return (
    <Modal
      open
      title={opinion ? `修改意见：${opinion.author}` : `添加评估意见：${data.unitName}`}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={() => void unsaved.confirmDiscard().then((leave) => leave && onClose())}
      confirmLoading={save.isPending}
      maskClosable={false}
      destroyOnHidden
      width={680}
    >
      <Flex vertical gap={12} data-testid="opinion-dialog">
        {problem && <Alert type="error" showIcon title={opinion ? '未能修改意见' : '未能添加意见'} description={problem} />}
        <Form<OpinionValues> form={form} layout="vertical" name="opinion" preserve={false} initialValues={initial}>
          <Form.Item name="author" label="提出人" required rules={[{ required: true, message: '请选择提出意见的专家或督导室' }]} extra={opinion ? '修改意见时保留原提出人，录入人记为当前操作人。' : '专家只能对分配给他评估的单位提出意见。'}>
            <Select aria-label="提出人" placeholder="选择专家或督导室" options={authors} disabled={opinion !== null} data-testid="opinion-author" />
          </Form.Item>
          <Form.Item name="nodeId" label="针对" required rules={[{ required: true, message: '请选择意见针对的指标或“整体”' }]}>
            <Select
              aria-label="意见针对"
              showSearch={{ optionFilterProp: 'label' }}
              options={targets}
              optionRender={(o) => <span style={{ paddingInlineStart: ((o.data as { depth: number }).depth - 1) * 16 }}>{o.label}</span>}
              notFoundContent="没有符合的指标"
              data-testid="opinion-target-select"
            />
          </Form.Item>
          <Form.Item name="kind" label="类别" required>
            <Radio.Group aria-label="意见类别" optionType="button" options={OPINION_KINDS.map((k) => ({ value: k, label: OPINION_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item
            name="text"
            label="意见内容"
            required
            rules={[
              { required: true, whitespace: true, message: '请填写意见内容' },
              { max: TEXT_MAX, message: `意见内容不能超过 ${TEXT_MAX} 个字` },
            ]}
          >
            <Input.TextArea aria-label="意见内容" autoSize={{ minRows: 4, maxRows: 12 }} maxLength={TEXT_MAX} showCount placeholder="如：学校课程表执行不严格，个别班级存在随意调课现象" />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

/** 意见记录: every version of one opinion, newest first — 录入, 修改, 撤回 — with who entered it and when. */
function OpinionHistoryDrawer({ opinion, onClose }: { opinion: Opinion; onClose: () => void }) {
  const history = useOp('scoring.opinionHistory', { id: opinion.id }, { silent: true });
  const versions = history.data ?? [];
  const columns: ColumnsType<OpinionVersion> = [
    { title: '时间', key: 'at', width: 140, render: (_, v) => formatDateTime(v.at) },
    { title: '操作', key: 'action', width: 60, render: (_, v) => OPINION_ACTION_LABELS[v.action] },
    { title: '针对', key: 'target', width: 150, render: (_, v) => targetLabel(v) },
    { title: '类别', key: 'kind', width: 80, render: (_, v) => OPINION_KIND_LABELS[v.kind] },
    { title: '意见内容', key: 'text', render: (_, v) => <span style={{ whiteSpace: 'pre-wrap' }}>{v.text}</span> },
    { title: '录入人', dataIndex: 'by', key: 'by', width: 80 },
  ];
  return (
    <Drawer open title={`意见记录：${opinion.author}对“${targetLabel(opinion)}”的意见`} size={820} onClose={onClose} destroyOnHidden data-testid="opinion-history-drawer">
      {history.error && <Alert type="error" showIcon title="无法读取意见记录" description={history.error.message} style={{ marginBottom: 12 }} />}
      <Table<OpinionVersion>
        // Versions may share a time to the millisecond: the position in the list is the key.
        rowKey={(v) => versions.indexOf(v)}
        size="small"
        columns={columns}
        dataSource={versions}
        loading={history.isPending && !history.error}
        pagination={false}
        locale={{ emptyText: '没有记录' }}
        data-testid="opinion-history-table"
      />
    </Drawer>
  );
}
