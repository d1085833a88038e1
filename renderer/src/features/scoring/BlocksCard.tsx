import { ArrowDownOutlined, ArrowUpOutlined, BulbOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Input, Select, Skeleton, Space, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import type { BlockTreeNode, RoundBlocks, RoundScoringSetup } from '../../../../shared/api/contracts/scoring';
import { allLeafIds, blockLeafIds, STANDARD_METHODS } from '../../../../shared/domain/scoring/blocks';
import { nameKey } from '../../../../shared/domain/text/normalize';
import { errorMessage } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';

/** A group as edited: `key` tells rows apart before a new group has an id. */
interface Draft {
  key: string;
  id?: number;
  name: string;
  nodeIds: string[];
  methods: string[];
}

type TreeOption = { value: string; title: string; children: TreeOption[] };
const treeOptions = (nodes: readonly BlockTreeNode[]): TreeOption[] => nodes.map((n) => ({ value: n.id, title: [n.code, n.title].filter(Boolean).join(' '), children: treeOptions(n.children) }));

const draftsOf = (data: RoundBlocks): Draft[] => data.blocks.map((b) => ({ key: `b${b.id}`, id: b.id, name: b.name, nodeIds: b.nodeIds, methods: b.methods }));
const draftsKey = (list: readonly Draft[]) => JSON.stringify(list.map(({ id, name, nodeIds, methods }) => [id ?? null, name.trim(), [...nodeIds].sort(), methods]));

/** What is wrong with a row before it is sent (the service checks again): a name, unique; a method. */
function rowProblems(list: readonly Draft[]): Map<string, { name?: string; methods?: string }> {
  const out = new Map<string, { name?: string; methods?: string }>();
  const seen = new Map<string, string>();
  for (const d of list) {
    const p: { name?: string; methods?: string } = {};
    const key = nameKey(d.name);
    if (!d.name.trim()) p.name = '请填写评估组名称';
    else if (seen.has(key)) p.name = '与前面的评估组重名';
    seen.set(key, d.key);
    if (d.methods.length === 0) p.methods = '请至少选择一种采集方式';
    if (p.name || p.methods) out.set(d.key, p);
  }
  return out;
}

/**
 * 评估组: the round's groups for the on-site visit — each with its name, the indicators of the
 * round's frozen system it covers (a tree to tick; a ticked branch covers its leaves) and its
 * 采集方式 (seed 000's six, or the office's own) — in order, with the experts assigned to each.
 * Seed 000's four groups can be taken as a start (their indicators left for the office to
 * choose). Saved as a whole with 保存评估组; leaving with unsaved edits asks.
 */
export function BlocksCard({ round, setup }: { round: RoundDetail; setup: RoundScoringSetup }) {
  const blocks = useOp('scoring.blocks', { roundId: round.id }, { silent: true });
  if (blocks.error) {
    return (
      <Card title="评估组" size="small">
        <Alert type="error" showIcon title="无法读取评估组" description={blocks.error.message} />
      </Card>
    );
  }
  if (!blocks.data) {
    return (
      <Card title="评估组" size="small">
        <Skeleton active />
      </Card>
    );
  }
  // A new answer from the service (after saving) starts the editor again from what is stored.
  return <BlocksEditor key={draftsKey(draftsOf(blocks.data))} round={round} setup={setup} data={blocks.data} />;
}

function BlocksEditor({ round, setup, data }: { round: RoundDetail; setup: RoundScoringSetup; data: RoundBlocks }) {
  const [initial] = useState(() => draftsOf(data));
  const [drafts, setDrafts] = useState<Draft[]>(initial);
  const [tried, setTried] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const counter = useRef(0);
  const save = useOpMutation('scoring.saveBlocks', { silent: true, success: '已保存评估组' });
  const dirty = draftsKey(drafts) !== draftsKey(initial);
  const problems = useMemo(() => rowProblems(drafts), [drafts]);
  const options = useMemo(() => treeOptions(data.tree), [data.tree]);
  const leaves = useMemo(() => allLeafIds(data.tree), [data.tree]);
  const titles = useMemo(() => {
    const m = new Map<string, string>();
    const walk = (nodes: readonly BlockTreeNode[]) => nodes.forEach((n) => (m.set(n.id, [n.code, n.title].filter(Boolean).join(' ')), walk(n.children)));
    walk(data.tree);
    return m;
  }, [data.tree]);
  const expertName = useMemo(() => new Map(setup.experts.map((x) => [x.expert.id, x.expert.name])), [setup.experts]);
  const expertsOf = (d: Draft) => (d.id === undefined ? [] : (data.blocks.find((b) => b.id === d.id)?.expertIds ?? []).map((id) => expertName.get(id) ?? ''));
  const covered = new Set(drafts.flatMap((d) => blockLeafIds(data.tree, d.nodeIds)));
  const uncovered = leaves.filter((id) => !covered.has(id));
  // An expert with no group works in all of them: named apart, not in every row.
  const unrestricted = data.experts.filter((x) => x.blockIds.length === 0).map((x) => expertName.get(x.expertId) ?? '');

  const change = (key: string, patch: Partial<Draft>) => {
    setProblem(null);
    setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  };
  const move = (at: number, by: -1 | 1) =>
    setDrafts((list) => {
      const next = [...list];
      [next[at], next[at + by]] = [next[at + by]!, next[at]!];
      return next;
    });
  const newKey = () => `n${++counter.current}`;
  const add = () => setDrafts((list) => [...list, { key: newKey(), name: '', nodeIds: [], methods: [] }]);
  const propose = () => setDrafts(data.proposal.map((p) => ({ key: newKey(), name: p.name, nodeIds: p.nodeIds, methods: p.methods })));

  const markCleanRef = useRef<() => void>(() => undefined);
  const submit = async (): Promise<boolean> => {
    setTried(true);
    setProblem(null);
    if (rowProblems(drafts).size > 0) return false;
    try {
      await save.mutateAsync({ roundId: round.id, blocks: drafts.map((d) => ({ id: d.id, name: d.name.trim(), nodeIds: d.nodeIds, methods: d.methods })) });
      markCleanRef.current();
      return true;
    } catch (e) {
      setProblem(errorMessage(e));
      return false;
    }
  };
  const guard = useUnsavedChanges(dirty, `“${round.name}”的评估组`, submit, ['round', 'tab']);
  useEffect(() => {
    markCleanRef.current = guard.markClean;
  }, [guard]);

  const columns: ColumnsType<Draft> = [
    {
      title: '顺序',
      key: 'order',
      width: 86,
      render: (_, d, i) => (
        <Flex gap={2} align="center">
          <Typography.Text style={{ width: 20 }}>{i + 1}</Typography.Text>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={`上移${d.name || '该评估组'}`} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === drafts.length - 1} onClick={() => move(i, 1)} aria-label={`下移${d.name || '该评估组'}`} />
        </Flex>
      ),
    },
    {
      title: '名称',
      key: 'name',
      width: 170,
      render: (_, d) => {
        const p = tried ? problems.get(d.key)?.name : undefined;
        return (
          <Flex vertical gap={2}>
            <Input aria-label="评估组名称" data-testid="block-name" value={d.name} maxLength={30} status={p ? 'error' : undefined} placeholder="如：校园观察组" onChange={(e) => change(d.key, { name: e.target.value })} />
            {p && <Typography.Text type="danger">{p}</Typography.Text>}
          </Flex>
        );
      },
    },
    {
      title: '负责的指标',
      key: 'nodes',
      render: (_, d) => {
        const n = blockLeafIds(data.tree, d.nodeIds).length;
        return (
          <Flex vertical gap={2}>
            <TreeSelect
              aria-label={`${d.name || '评估组'}负责的指标`}
              data-testid="block-nodes"
              style={{ width: '100%' }}
              treeData={options}
              value={d.nodeIds}
              onChange={(v: string[]) => change(d.key, { nodeIds: v })}
              treeCheckable
              showCheckedStrategy={TreeSelect.SHOW_PARENT}
              showSearch={{ treeNodeFilterProp: 'title' }}
              maxTagCount="responsive"
              placeholder="选择指标（勾选一级指标即包含其下全部指标）"
              listHeight={360}
              allowClear
              notFoundContent="没有符合的指标"
            />
            <Typography.Text type={n === 0 ? 'warning' : 'secondary'} style={{ fontSize: 12 }} data-testid="block-leaf-count">
              {n === 0 ? '还没有选择指标：生成工作用表时不含此组' : `共 ${n} 项指标`}
            </Typography.Text>
          </Flex>
        );
      },
    },
    {
      title: '采集方式',
      key: 'methods',
      width: 260,
      render: (_, d) => {
        const p = tried ? problems.get(d.key)?.methods : undefined;
        return (
          <Flex vertical gap={2}>
            <Select<string[]>
              aria-label={`${d.name || '评估组'}的采集方式`}
              data-testid="block-methods"
              mode="tags"
              style={{ width: '100%' }}
              value={d.methods}
              status={p ? 'error' : undefined}
              onChange={(v) => change(d.key, { methods: [...new Set(v.map((m) => m.trim()).filter(Boolean))] })}
              options={STANDARD_METHODS.map((m) => ({ value: m, label: m }))}
              placeholder="选择或输入采集方式"
              tokenSeparators={['，', ',', '、']}
            />
            {p && <Typography.Text type="danger">{p}</Typography.Text>}
          </Flex>
        );
      },
    },
    {
      title: '负责的专家',
      key: 'experts',
      width: 140,
      render: (_, d) => {
        const names = expertsOf(d);
        return names.length ? names.join('、') : <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 64,
      render: (_, d) => {
        const names = expertsOf(d);
        const button = (
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={names.length > 0}
            aria-label={`删除${d.name || '该评估组'}`}
            onClick={() => {
              setProblem(null);
              setDrafts((list) => list.filter((x) => x.key !== d.key));
            }}
          />
        );
        return names.length ? <Tooltip title={`已分配给专家 ${names.join('、')}：请先在“评估专家”中调整其评估组`}>{button}</Tooltip> : button;
      },
    },
  ];

  return (
    <Card
      title="评估组"
      size="small"
      data-testid="blocks-card"
      extra={
        <Space>
          {drafts.length === 0 && (
            <Button icon={<BulbOutlined />} onClick={propose} data-testid="propose-blocks">
              采用建议的四个评估组
            </Button>
          )}
          <Button icon={<PlusOutlined />} onClick={add} disabled={drafts.length >= 20} data-testid="add-block">
            新增评估组
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        实地督导时专家组可分成几个评估组同时采集信息，每组负责部分指标并采用各自的采集方式；专家可只负责某些评估组（在“评估专家”中“调整单位”时选择，不选则负责全部）。同一指标可以分到多个评估组，例如“课堂教学”既随堂听课又查阅教案，各组专家的评分按汇总规则合并。评估组也决定现场督导工作用表的分页。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title="未能保存评估组" description={problem} style={{ marginBottom: 12 }} data-testid="blocks-problem" />}
      {drafts.length === 0 ? (
        <Empty description="本项目还没有评估组。不设评估组时，现场督导工作用表每个单位一份，包含全部指标。可点“采用建议的四个评估组”（校园观察、问卷调查、座谈访谈、听课查阅，再为各组选择指标），或新增评估组。" />
      ) : (
        <Table<Draft> data-testid="blocks-table" rowKey="key" size="small" columns={columns} dataSource={drafts} pagination={false} />
      )}
      {drafts.length > 0 && unrestricted.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="blocks-unrestricted">
          不限评估组（负责全部评估组）的专家：{unrestricted.join('、')}
        </Typography.Paragraph>
      )}
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 12 }}>
        <Space>
          <Button type="primary" onClick={() => void submit()} loading={save.isPending} disabled={!dirty} data-testid="save-blocks">
            保存评估组
          </Button>
          <Button
            disabled={!dirty}
            onClick={() => {
              setDrafts(initial);
              setTried(false);
              setProblem(null);
            }}
          >
            放弃修改
          </Button>
        </Space>
        {drafts.length > 0 && (
          <Typography.Text type="secondary" data-testid="blocks-coverage">
            共 {leaves.length} 项指标，
            {uncovered.length === 0 ? (
              '都已分到评估组'
            ) : (
              <Tooltip title={uncovered.map((id) => titles.get(id)).join('、')}>
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {uncovered.length} 项未分到评估组
                </Tag>
              </Tooltip>
            )}
            {uncovered.length > 0 ? '（现场督导工作用表不含这些指标）' : ''}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
