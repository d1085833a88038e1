import { Alert, Empty, Space, Table, Tag, Typography } from 'antd';
import type { FieldChange, IndicatorSystem, NodeDiffEntry, SystemDiff } from '../../../../../shared/domain/indicators';
import { changeText } from './format-value';

interface Row {
  key: string;
  kind: 'system' | 'added' | 'removed' | 'changed';
  what: string;
  field: string;
  before: string;
  after: string;
}

const KIND: Record<Row['kind'], { color: string; text: string }> = {
  system: { color: 'blue', text: '体系' },
  added: { color: 'green', text: '新增' },
  removed: { color: 'red', text: '删除' },
  changed: { color: 'gold', text: '修改' },
};

const name = (e: NodeDiffEntry) => `${e.code} ${e.title}`.trim();

/**
 * The changes from one version to another, one row per changed field. `system` (the newer
 * version) lets rules name their indicators and formulas their values by Chinese label.
 */
export function DiffView({ diff, system }: { diff: SystemDiff; system: IndicatorSystem | undefined }) {
  if (diff.identical) return <Empty description="两个版本内容相同" />;
  const rows: Row[] = [];
  const push = (kind: Row['kind'], what: string, c: FieldChange | null, i: number) => {
    const [before, after] = c ? changeText(c, system ?? { nodes: [] }) : ['', ''];
    rows.push({ key: `${kind}-${what}-${c?.field ?? ''}-${i}`, kind, what, field: c?.label ?? '', before, after });
  };
  diff.system.forEach((c, i) => push('system', '体系信息', c, i));
  diff.added.forEach((e, i) => push('added', name(e), null, i));
  diff.removed.forEach((e, i) => push('removed', name(e), null, i));
  diff.changed.forEach((n) => n.changes.forEach((c, i) => push('changed', name(n), c, i)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title={`体系信息改动 ${diff.system.length} 处；新增 ${diff.added.length} 项，删除 ${diff.removed.length} 项，修改 ${diff.changed.length} 项指标`}
      />
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        data-testid="diff-table"
        columns={[
          { title: '类型', dataIndex: 'kind', width: 70, render: (k: Row['kind']) => <Tag color={KIND[k].color}>{KIND[k].text}</Tag> },
          { title: '指标', dataIndex: 'what', width: 220 },
          { title: '内容', dataIndex: 'field', width: 100 },
          { title: '原值', dataIndex: 'before', render: (t: string) => <Typography.Text type="secondary">{t}</Typography.Text> },
          { title: '新值', dataIndex: 'after' },
        ]}
      />
    </Space>
  );
}
