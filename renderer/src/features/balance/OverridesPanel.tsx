import { Button, Card, Flex, Input, InputNumber, Popconfirm, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import type { BalanceOverride, BalanceView } from '../../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS, SECTION_OVERRIDABLE_FIELDS, type BalanceSection } from '../../../../shared/domain/balance';
import { sectionsOfType } from '../../../../shared/domain/schools/school-enums';
import { STAT_FIELD_BY_KEY } from '../../../../shared/domain/schools/statistics-fields';
import { call } from '../../api/client';
import { useNotify } from '../../components/use-notify';

/** Manual figures per school, section and year: kept, listed with their notes, and used by every computation. */
export function OverridesPanel({ view, onChanged }: { view: BalanceView; onChanged: () => Promise<void> }) {
  const notify = useNotify();
  const schools = view.input.schools.filter((s) => s.type !== '特殊教育学校');
  const [schoolId, setSchoolId] = useState<string | undefined>();
  const [section, setSection] = useState<BalanceSection | undefined>();
  const [target, setTarget] = useState<string | undefined>();
  const [value, setValue] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const school = schools.find((s) => s.id === schoolId);
  const sections = school ? sectionsOfType(school.type).filter((s): s is BalanceSection => s !== 'senior') : [];

  const targets = section
    ? [
        { label: '指标分子（实际数量）', options: view.result.profile.indicators.map((i) => ({ value: i.code, label: `${i.code} ${i.name}：${i.gap.what}（${i.gap.unit}）` })) },
        {
          label: '分学段教师数',
          options: [...SECTION_OVERRIDABLE_FIELDS].filter((k) => STAT_FIELD_BY_KEY.get(k)?.section === section).map((k) => ({ value: k, label: STAT_FIELD_BY_KEY.get(k)!.label })),
        },
      ]
    : [];

  const save = async () => {
    if (!schoolId || !section || !target || value === null) return;
    setBusy(true);
    try {
      await call('balance.setOverride', { schoolId: Number(schoolId), year: view.year, section, target, value, note: note || null });
      notify.success('已保存人工调整');
      setTarget(undefined);
      setValue(null);
      setNote('');
      await onChanged();
    } catch (e) {
      notify.error(e, '保存失败');
    } finally {
      setBusy(false);
    }
  };
  const remove = async (o: BalanceOverride) => {
    try {
      await call('balance.deleteOverride', { id: o.id });
      notify.success('已删除');
      await onChanged();
    } catch (e) {
      notify.error(e, '删除失败');
    }
  };

  return (
    <>
      <Card size="small" title={`添加 ${view.year} 年人工调整`} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap align="center">
          <Select aria-label="调整学校" placeholder="学校" showSearch={{ optionFilterProp: 'label' }} style={{ width: 220 }} value={schoolId} onChange={(v) => (setSchoolId(v), setSection(undefined), setTarget(undefined))} options={schools.map((s) => ({ value: s.id, label: s.name }))} />
          <Select aria-label="调整学段" placeholder="学段" style={{ width: 90 }} value={section} onChange={(v) => (setSection(v), setTarget(undefined))} options={sections.map((s) => ({ value: s, label: BALANCE_SECTION_LABELS[s] }))} />
          <Select aria-label="调整项目" placeholder="指标分子或教师数" style={{ width: 380 }} value={target} onChange={setTarget} options={targets} />
          <InputNumber aria-label="调整数值" placeholder="数值" min={0} style={{ width: 130 }} value={value} onChange={(v) => setValue(v === null ? null : Number(v))} />
          <Input aria-label="调整说明" placeholder="说明（如：按任教学段核实）" style={{ width: 260 }} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          <Button type="primary" loading={busy} disabled={!schoolId || !section || !target || value === null} onClick={save}>
            保存
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          指标分子按实际数量填写（人、平方米、元、间），优先于统计数据和分摊结果；分学段教师数用于一贯制学校按任教学段核定的教师。调整按年份保存，记入操作日志。
        </Typography.Paragraph>
      </Card>
      <Table<BalanceOverride>
        data-testid="overrides-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={view.overrides}
        locale={{ emptyText: `${view.year} 年没有人工调整` }}
        columns={[
          { title: '学校', dataIndex: 'schoolName', width: 200 },
          { title: '学段', key: 's', width: 60, render: (_, o) => BALANCE_SECTION_LABELS[o.section] },
          { title: '调整项目', dataIndex: 'targetLabel' },
          { title: '数值', key: 'v', align: 'right', width: 130, render: (_, o) => `${o.value} ${o.unit}` },
          { title: '说明', dataIndex: 'note', render: (n: string | null) => n ?? '—' },
          { title: '修改人 / 时间', key: 'u', width: 230, render: (_, o) => `${o.updatedBy} ${o.updatedAt.slice(0, 16).replace('T', ' ')}` },
          {
            title: '',
            key: 'x',
            width: 70,
            render: (_, o) => (
              <Popconfirm title="删除这项人工调整？" okText="删除" cancelText="取消" onConfirm={() => remove(o)}>
                <Button size="small" danger type="link">
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}
