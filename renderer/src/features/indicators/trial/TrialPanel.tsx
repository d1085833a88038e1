import { SaveOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useUnsavedChanges } from '../../../app/unsaved';
import {
  evaluateSystem,
  formatNumber,
  isLeaf,
  resolveCategoryGroups,
  type IndicatorNode,
  type IndicatorSystem,
  type LeafInput,
  type NodeResult,
  type TrialInput,
} from '../../../../../shared/domain/indicators';
import type { TrialInputFile } from '../../../../../shared/api/contracts/indicators';
import { useOpMutation } from '../../../api/queries';
import { useNotify } from '../../../components/use-notify';
import { allIds } from '../tree/tree-ops';
import { UnconfirmedTag } from '../UnconfirmedTag';
import { LeafInputControl } from './LeafInputControl';
import { TrialContext } from './TrialContext';
import { TrialFileButtons } from './TrialFileButtons';
import { TrialSummary } from './TrialSummary';
import { compactInput, fullMarks, hasEntries, valueFields } from './trial-helpers';

interface Row {
  key: string;
  node: IndicatorNode;
  children?: Row[];
}
const toRows = (nodes: IndicatorNode[]): Row[] => nodes.map((node) => ({ key: node.id, node, children: node.children.length ? toRows(node.children) : undefined }));

interface Props {
  system: IndicatorSystem;
  /** Stored version id, for saving a result; null while there are unsaved edits. */
  savedId: number | null;
}

/**
 * 试算: enter grades, points or statistics and see every subtotal, veto, rule and grade live,
 * computed by the shared engine. Values are asked by their Chinese labels and units, categories
 * from the system's own definition; clearing what was entered asks first. The entries go to an
 * Excel file and come back from one (TrialFileButtons); what a file held that this system lacks is
 * listed above the table.
 */
export function TrialPanel({ system, savedId }: Props) {
  const [input, setInput] = useState<TrialInput>({});
  const notify = useNotify();
  // What the last 导入录入 left out or read otherwise (shown until closed or the next import).
  const [loaded, setLoaded] = useState<TrialInputFile | null>(null);
  // The input last stored as a result: what was entered since then is lost on leaving the page.
  const [storedInput, setStoredInput] = useState<TrialInput>({});
  // Saving refreshes the stored results (the 已存结果 tab) through the data layer's invalidation.
  const saveTrial = useOpMutation('indicators.saveTrial', {
    success: (r) => `已保存试算结果“${r.label}”（第 ${r.systemVersion} 版）`,
    errorTitle: '保存失败',
  });
  // Entries are kept across this page's tabs (the panes stay mounted), so only leaving the page
  // (or another version) loses them: watch no address parameter.
  const unsavedEntries = hasEntries(input) && input !== storedInput;
  useUnsavedChanges(
    unsavedEntries,
    `“${system.name}”的试算录入`,
    savedId
      ? async () => {
          try {
            await saveTrial.mutateAsync({ id: savedId, input: compactInput(input) });
            setStoredInput(input);
            return true;
          } catch {
            return false;
          }
        }
      : undefined,
    [],
  );
  const [expanded, setExpanded] = useState<string[]>(() => allIds(system.nodes, true));
  const result = useMemo(() => evaluateSystem(system, input), [system, input]);
  const fields = useMemo(() => valueFields(system), [system]);
  const categoryGroups = useMemo(() => resolveCategoryGroups(system), [system]);
  const entered = Object.keys(input.items ?? {}).length > 0;
  const defs = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const items = input.items ?? {};
  const setItem = (id: string, v: LeafInput) => setInput({ ...input, items: { ...items, [id]: v } });

  const save = () => {
    if (savedId) saveTrial.mutate({ id: savedId, input: compactInput(input) }, { onSuccess: () => setStoredInput(input) });
  };

  const load = (r: TrialInputFile) => {
    setInput(r.input);
    setLoaded(r.notices.length ? r : null);
    notify.success(`已读入“${r.fileName}”中的录入`);
  };

  const score = (r: NodeResult) => {
    if (r.method === 'veto') return r.vetoTriggered ? <Tag color="red">否决</Tag> : <Typography.Text type="secondary">—</Typography.Text>;
    if (!r.applicable) return <Tag>不适用</Tag>;
    const sign = r.method === 'deduction' && r.earned > 0 ? '−' : r.method === 'bonus' && r.earned > 0 ? '+' : '';
    return (
      <span data-testid={`score-${r.code}`}>
        {sign}
        {formatNumber(r.earned)}
        <Typography.Text type="secondary"> / {formatNumber(r.maxPoints)}</Typography.Text>
      </span>
    );
  };

  return (
    <Flex vertical gap={16} data-testid="trial-panel">
      <TrialSummary result={result} />
      <TrialContext input={input} fields={fields} categoryGroups={categoryGroups} refused={result.refusedValues} onChange={setInput} />
      <Card
        size="small"
        title="逐项录入与得分"
        extra={
          <Space wrap>
            <Button icon={<ThunderboltOutlined />} onClick={() => setInput(fullMarks(system, input))}>
              全部填满分
            </Button>
            <Popconfirm
              title="清空逐项录入的等级、分值和判定？"
              description="评估对象与数据保留；清空后无法恢复。"
              okText="清空"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              disabled={!entered}
              onConfirm={() => setInput({ context: input.context, values: input.values })}
            >
              <Button disabled={!entered}>清空录入</Button>
            </Popconfirm>
            <TrialFileButtons system={system} input={input} onLoad={load} />
            <Tooltip title={savedId ? '结果与所用版本一同保存，之后修改体系不会改变它' : '有未保存的修改，请先保存体系'}>
              <Button type="primary" icon={<SaveOutlined />} disabled={!savedId} loading={saveTrial.isPending} onClick={save}>
                保存试算结果
              </Button>
            </Tooltip>
          </Space>
        }
      >
        {loaded && (
          <Alert
            type="warning"
            showIcon
            closable={{ onClose: () => setLoaded(null) }}
            style={{ marginBottom: 12 }}
            data-testid="trial-import-notices"
            title={`“${loaded.fileName}”中有 ${loaded.notices.length} 处未按原样读入`}
            description={loaded.notices.map((n) => (
              <div key={n}>{n}</div>
            ))}
          />
        )}
        <Table<Row>
          size="small"
          pagination={false}
          dataSource={toRows(system.nodes)}
          rowClassName={(r) => (isLeaf(r.node) ? '' : 'trial-branch-row')}
          expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (k) => setExpanded(k as string[]), indentSize: 20 }}
          data-testid="trial-table"
          columns={[
            {
              title: '指标',
              render: (_, { node }) => (
                <Flex gap={6} align="center" wrap>
                  <span>
                    {node.code} {node.title}
                  </span>
                  <UnconfirmedTag node={node} />
                </Flex>
              ),
            },
            {
              title: '录入',
              width: 330,
              render: (_, { node }) => (isLeaf(node) ? <LeafInputControl node={node} value={items[node.id]} shared={input.values ?? {}} defs={defs} onChange={(v) => setItem(node.id, v)} /> : null),
            },
            {
              title: '不适用',
              width: 70,
              render: (_, { node }) => (
                <Switch size="small" aria-label={`${node.code} 不适用`} checked={items[node.id]?.na === true} onChange={(na) => setItem(node.id, { ...items[node.id], na: na || undefined })} />
              ),
            },
            { title: '得分', width: 120, render: (_, { node }) => score(result.byId[node.id]!) },
            {
              title: '达标',
              width: 80,
              render: (_, { node }) => {
                const r = result.byId[node.id]!;
                if (r.method === 'veto') return null; // a veto is triggered or not; 达标 would mislead
                return r.met === true ? <Tag color="green">达标</Tag> : r.met === false ? <Tag color="red">未达标</Tag> : null;
              },
            },
            {
              title: '说明',
              render: (_, { node }) => {
                const r = result.byId[node.id]!;
                // A notice (e.g. a bonus above its cap counted as the cap) is the engine's own words, shown as a warning.
                const type = r.status === 'error' ? 'danger' : r.status === 'missing' || r.notice ? 'warning' : undefined;
                return (
                  <Typography.Text type={type} style={{ fontSize: 12 }} data-testid={`explanation-${r.code}`}>
                    {r.explanation}
                  </Typography.Text>
                );
              },
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
