import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import { Button, Flex, Input, InputNumber, Popconfirm, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import {
  flattenNodes,
  isLeaf,
  METHOD_LABELS,
  SCORER_LABELS,
  type IndicatorNode,
  type IndicatorSystem,
  type ScoringMethod,
  type ValidationMessage,
} from '../../../../../shared/domain/indicators';
import { fieldStatus, stripNode } from '../field-messages';
import { UnconfirmedTag } from '../UnconfirmedTag';
import { NodeDrawer } from './NodeDrawer';
import { addChild, addRoot, addSibling, allIds, defaultScoring, findNode, moveNode, removeNode, siblingPosition, updateNode } from './tree-ops';

interface Row {
  key: string;
  node: IndicatorNode;
  children?: Row[];
}

const toRows = (nodes: IndicatorNode[]): Row[] => nodes.map((node) => ({ key: node.id, node, children: node.children.length ? toRows(node.children) : undefined }));
const METHODS = Object.keys(METHOD_LABELS) as ScoringMethod[];

interface Props {
  /** The system being edited (its values and categories are used in the node details). */
  system: IndicatorSystem;
  nodes: IndicatorNode[];
  messages: ValidationMessage[];
  readOnly: boolean;
  onChange: (nodes: IndicatorNode[]) => void;
}

/**
 * The indicator tree as an editable table: inline code/title/points/method, row actions. Each
 * validation message sits under the cell of the field it is about (others under the name), and
 * goes away as soon as the edit fixes it. Deleting a branch asks first (it takes its subtree).
 */
export function TreeEditor({ system, nodes, messages, readOnly, onChange }: Props) {
  const [expanded, setExpanded] = useState<string[]>(() => allIds(nodes, true));
  const [detailId, setDetailId] = useState<string | null>(null);
  const byNode = useMemo(() => {
    const m = new Map<string, ValidationMessage[]>();
    for (const msg of messages) if (msg.nodeId) m.set(msg.nodeId, [...(m.get(msg.nodeId) ?? []), msg]);
    return m;
  }, [messages]);
  const leaves = useMemo(() => flattenNodes(nodes).filter((e) => isLeaf(e.node)).map((e) => e.node), [nodes]);

  const patch = (id: string, p: Partial<IndicatorNode>) => onChange(updateNode(nodes, id, p));
  const added = (r: { nodes: IndicatorNode[]; node: IndicatorNode }, parentId?: string) => {
    onChange(r.nodes);
    setExpanded((e) => [...e, ...(parentId ? [parentId] : []), ...allIds([r.node], true)]);
  };

  const actions = (node: IndicatorNode) => {
    const pos = siblingPosition(nodes, node.id);
    return (
      <Space size={0}>
        <Tooltip title="详细信息与评分参数">
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={`${node.code} 详细`} onClick={() => setDetailId(node.id)} />
        </Tooltip>
        {!readOnly && (
          <>
            <Tooltip title="添加下级指标">
              <Button size="small" type="text" icon={<SubnodeOutlined />} aria-label={`${node.code} 添加下级`} onClick={() => added(addChild(nodes, node.id), node.id)} />
            </Tooltip>
            <Tooltip title="添加同级指标">
              <Button size="small" type="text" icon={<PlusOutlined />} aria-label={`${node.code} 添加同级`} onClick={() => added(addSibling(nodes, node.id))} />
            </Tooltip>
            <Tooltip title="上移">
              <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={`${node.code} 上移`} disabled={!pos || pos.index === 0} onClick={() => onChange(moveNode(nodes, node.id, -1))} />
            </Tooltip>
            <Tooltip title="下移">
              <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={`${node.code} 下移`} disabled={!pos || pos.index === pos.count - 1} onClick={() => onChange(moveNode(nodes, node.id, 1))} />
            </Tooltip>
            {node.children.length ? (
              <Popconfirm
                title={`删除“${node.code} ${node.title}”及其 ${flattenNodes(node.children).length} 个下级指标？`}
                description="保存前可用“放弃修改”撤销。"
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => onChange(removeNode(nodes, node.id))}
              >
                <Tooltip title="删除（含下级）">
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${node.code} 删除`} />
                </Tooltip>
              </Popconfirm>
            ) : (
              <Tooltip title="删除">
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${node.code} 删除`} onClick={() => onChange(removeNode(nodes, node.id))} />
              </Tooltip>
            )}
          </>
        )}
      </Space>
    );
  };

  return (
    <>
      {!readOnly && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => added(addRoot(nodes))}>
          添加一级指标
        </Button>
      )}
      <Table<Row>
        size="small"
        pagination={false}
        dataSource={toRows(nodes)}
        data-testid="tree-editor"
        expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys as string[]), indentSize: 20 }}
        rowClassName={(r) => (byNode.get(r.node.id)?.some((m) => m.severity === 'error') ? 'indicator-row-error' : '')}
        columns={[
          {
            title: '编码',
            width: 210,
            render: (_, { node }) =>
              readOnly ? (
                node.code
              ) : (
                <Flex vertical gap={2}>
                  <Input size="small" style={{ width: 84 }} aria-label={`${node.code} 编码`} status={fieldStatus(byNode.get(node.id) ?? [], 'code')} value={node.code} onChange={(e) => patch(node.id, { code: e.target.value })} />
                  <FieldMessages messages={byNode.get(node.id)} field="code" />
                </Flex>
              ),
          },
          {
            title: '指标名称',
            render: (_, { node }) => (
              <Flex vertical gap={2}>
                {readOnly ? (
                  <Typography.Text strong={!isLeaf(node)}>{node.title}</Typography.Text>
                ) : (
                  <Input size="small" aria-label={`${node.code} 名称`} status={fieldStatus(byNode.get(node.id) ?? [], 'title')} value={node.title} onChange={(e) => patch(node.id, { title: e.target.value })} />
                )}
                <UnconfirmedTag node={node} />
                <FieldMessages messages={byNode.get(node.id)} except={INLINE_ELSEWHERE} />
              </Flex>
            ),
          },
          {
            title: '分值',
            width: 100,
            render: (_, { node }) =>
              readOnly ? (
                node.points ?? (isLeaf(node) ? '—' : '合计')
              ) : (
                <Flex vertical gap={2}>
                  {/* No min: a clamp would turn -3 into 0 without a word; the validator refuses it beside the field. */}
                  <InputNumber
                    size="small"
                    style={{ width: 80 }}
                    aria-label={`${node.code} 分值`}
                    status={fieldStatus(byNode.get(node.id) ?? [], 'points')}
                    placeholder={isLeaf(node) ? '' : '合计'}
                    value={node.points}
                    onChange={(v) => patch(node.id, { points: v })}
                  />
                  <FieldMessages messages={byNode.get(node.id)} field="points" />
                </Flex>
              ),
          },
          {
            title: '评分方式',
            width: 130,
            render: (_, { node }) => {
              if (!isLeaf(node)) return <Typography.Text type="secondary">下级汇总</Typography.Text>;
              const m = node.scoring?.method;
              if (readOnly) return m ? METHOD_LABELS[m] : '—';
              return (
                <Flex vertical gap={2}>
                  <Select<ScoringMethod>
                    size="small"
                    style={{ width: 110 }}
                    aria-label={`${node.code} 评分方式`}
                    status={fieldStatus(byNode.get(node.id) ?? [], 'method')}
                    value={m}
                    placeholder="请选择"
                    options={METHODS.map((k) => ({ value: k, label: METHOD_LABELS[k] }))}
                    onChange={(method) => patch(node.id, { scoring: method === m ? node.scoring : defaultScoring(method) })}
                  />
                  <FieldMessages messages={byNode.get(node.id)} field="method" />
                </Flex>
              );
            },
          },
          { title: '评分主体', width: 90, render: (_, { node }) => (isLeaf(node) ? SCORER_LABELS[node.scorer] : '') },
          { title: '操作', width: readOnly ? 60 : 200, render: (_, { node }) => actions(node) },
        ]}
      />
      <NodeDrawer
        system={system}
        node={detailId ? findNode(nodes, detailId) : undefined}
        leaves={leaves}
        messages={detailId ? byNode.get(detailId) ?? [] : []}
        readOnly={readOnly}
        onPatch={(p) => detailId && patch(detailId, p)}
        onClose={() => setDetailId(null)}
      />
    </>
  );
}

/** Fields with a cell of their own in the tree table; their messages are shown there, not under the name. */
const INLINE_ELSEWHERE: ValidationMessage['field'][] = ['code', 'points', 'method'];

/** A node's messages about `field` (or, with `except`, about every other field), under the cell. */
function FieldMessages({ messages = [], field, except }: { messages?: ValidationMessage[]; field?: ValidationMessage['field']; except?: ValidationMessage['field'][] }) {
  const shown = messages.filter((m) => (field ? m.field === field : !except?.includes(m.field)));
  return shown.map((m, i) => (
    <Typography.Text key={i} type={m.severity === 'error' ? 'danger' : 'warning'} style={{ fontSize: 12 }} data-testid="node-message">
      {field ? stripNode(m) : m.message}
    </Typography.Text>
  ));
}
