import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Table, Typography } from 'antd';
import { statListItemName } from '../../../../../shared/domain/schools/stat-validation';
import type { StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { formatFigure } from '../labels';
import type { ListEntry } from './stat-form-values';

/**
 * A list field (各班人数, 各教室面积) as a small table, one row per class or room, instead of one
 * comma-separated line: each figure has its own box, its own row name in messages (第 2 班), and
 * rows are added and removed one by one. A form control: `value` / `onChange` from Form.Item.
 */
export function ListTableInput({ def, value, onChange }: { def: StatFieldDef; value?: ListEntry[] | null; onChange?: (v: ListEntry[]) => void }) {
  const rows = value ?? [];
  const perClass = def.unit === '人';
  const set = (next: ListEntry[]) => onChange?.(next);
  const filled = rows.filter((r): r is number => typeof r === 'number');
  const total = filled.reduce((a, b) => a + b, 0);
  return (
    <div data-testid={`stat-${def.key}`} style={{ maxWidth: 460 }}>
      <Table<{ index: number; value: ListEntry }>
        size="small"
        pagination={false}
        scroll={rows.length > 8 ? { y: 300 } : undefined}
        bordered
        rowKey="index"
        dataSource={rows.map((v, index) => ({ index, value: v }))}
        locale={{ emptyText: '未填写' }}
        columns={[
          { title: perClass ? '班级' : '教室', key: 'name', width: 90, render: (_, r) => statListItemName(def, r.index).replace(/ /g, '') },
          {
            title: `${perClass ? '人数' : '面积'}（${def.unit}）`,
            key: 'value',
            render: (_, r) => (
              <InputNumber
                size="small"
                controls={false}
                aria-label={`${def.label} ${statListItemName(def, r.index)}`}
                value={r.value}
                onChange={(v) => set(rows.map((x, i) => (i === r.index ? (typeof v === 'number' ? v : null) : x)))}
                style={{ width: '100%' }}
                placeholder="未填"
              />
            ),
          },
          {
            title: '操作',
            key: 'remove',
            width: 56,
            render: (_, r) => (
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                aria-label={`删除${statListItemName(def, r.index)}`}
                onClick={() => set(rows.filter((_x, i) => i !== r.index))}
              />
            ),
          },
        ]}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 4 }}>
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => set([...rows, null])}>
          {perClass ? '添加一班' : '添加一间'}
        </Button>
        {filled.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            共 {filled.length} {perClass ? '班' : '间'}，合计 {formatFigure(total)} {def.unit}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
