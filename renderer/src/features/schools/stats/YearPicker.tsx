import { PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Popover, Select, Space } from 'antd';
import { useState } from 'react';

/** Existing years to pick from, plus a way to start a new year. */
export function YearPicker({ years, value, onChange }: { years: number[]; value: number; onChange: (y: number) => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<number | null>(null);
  const add = () => {
    if (draft === null) return;
    onChange(draft);
    setOpen(false);
  };
  return (
    <Space.Compact>
      <Select
        aria-label="统计年份"
        data-testid="stats-year"
        value={value}
        onChange={onChange}
        style={{ width: 120 }}
        options={years.map((y) => ({ value: y, label: `${y} 年` }))}
      />
      <Popover
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (o) setDraft(Math.max(value, ...years) + 1);
        }}
        trigger="click"
        title="添加年份"
        content={
          <Space>
            <InputNumber aria-label="新年份" controls={false} min={2000} max={2100} precision={0} value={draft} onChange={(v) => setDraft(v)} onPressEnter={add} suffix="年" />
            <Button type="primary" onClick={add}>
              确定
            </Button>
          </Space>
        }
      >
        <Button icon={<PlusOutlined />}>添加年份</Button>
      </Popover>
    </Space.Compact>
  );
}
