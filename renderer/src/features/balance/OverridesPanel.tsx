import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { Button, Card, Flex, Input, InputNumber, Popconfirm, Select, Table, Typography } from 'antd';
import { useEffect, useState, type RefObject } from 'react';
import type { BalanceOverride, BalanceView } from '../../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS, SECTION_OVERRIDABLE_FIELDS, type BalanceSection } from '../../../../shared/domain/balance';
import { sectionsOfType } from '../../../../shared/domain/schools/school-enums';
import { STAT_FIELD_BY_KEY } from '../../../../shared/domain/schools/statistics-fields';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';

/** An override being entered but not saved yet: what the page asks about before exporting. */
export interface OverrideDraft {
  /** What would be lost, as the user reads it. */
  label: string;
  /** Saves the draft; false when it cannot be saved (incomplete) or saving failed. */
  save: () => Promise<boolean>;
}

/**
 * Manual figures per school, section and year: kept, listed with their notes, and used by every
 * computation. A half-entered figure is an unsaved change: leaving the page (or switching year,
 * tab …) asks first, and the page's export asks whether to save it first (`draft`).
 */
export function OverridesPanel({ view, draftRef }: { view: BalanceView; draftRef?: RefObject<OverrideDraft | null> }) {
  const schools = view.input.schools.filter((s) => s.type !== '特殊教育学校');
  const [schoolId, setSchoolId] = useState<string | undefined>();
  const [section, setSection] = useState<BalanceSection | undefined>();
  const [target, setTarget] = useState<string | undefined>();
  const [value, setValue] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const school = schools.find((s) => s.id === schoolId);
  const sections = school ? sectionsOfType(school.type).filter((s): s is BalanceSection => s !== 'senior') : [];
  const complete = !!schoolId && !!section && !!target && value !== null;
  // Choosing a school and section alone is not worth a question; a figure, item or note is.
  const dirty = target !== undefined || value !== null || note !== '';

  const setOverride = useOpMutation('balance.setOverride', {
    success: '已保存人工调整',
    errorTitle: '保存失败',
    onSuccess: () => {
      setTarget(undefined);
      setValue(null);
      setNote('');
    },
  });
  const deleteOverride = useOpMutation('balance.deleteOverride', { success: '已删除人工调整', errorTitle: '删除失败' });

  const save = async (): Promise<boolean> => {
    if (!complete) return false;
    try {
      await setOverride.mutateAsync({ schoolId: Number(schoolId), year: view.year, section: section!, target: target!, value: value!, note: note || null });
      return true;
    } catch {
      return false; // the notification already says why
    }
  };
  const label = `${view.year} 年未保存的人工调整`;
  // Only a complete entry can be saved on the way out; an incomplete one can only be kept or dropped.
  useUnsavedChanges(dirty, label, complete ? save : undefined);
  useEffect(() => {
    if (!draftRef) return;
    draftRef.current = dirty ? { label, save } : null;
    return () => {
      draftRef.current = null;
    };
  });

  const targets = section
    ? [
        { label: '指标分子（实际数量）', options: view.result.profile.indicators.map((i) => ({ value: i.code, label: `${i.code} ${i.name}：${i.gap.what}（${i.gap.unit}）` })) },
        {
          label: '分学段教师数',
          options: [...SECTION_OVERRIDABLE_FIELDS].filter((k) => STAT_FIELD_BY_KEY.get(k)?.section === section).map((k) => ({ value: k, label: STAT_FIELD_BY_KEY.get(k)!.label })),
        },
      ]
    : [];
  const schoolNames = [...new Set(view.overrides.map((o) => o.schoolName))];

  return (
    <>
      <Card size="small" title={`添加 ${view.year} 年人工调整`} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap align="center">
          <Select aria-label="调整学校" placeholder="学校" showSearch={{ optionFilterProp: 'label' }} style={{ width: 220 }} value={schoolId} onChange={(v) => (setSchoolId(v), setSection(undefined), setTarget(undefined))} options={schools.map((s) => ({ value: s.id, label: s.name }))} />
          <Select aria-label="调整学段" placeholder="学段" style={{ width: 90 }} value={section} onChange={(v) => (setSection(v), setTarget(undefined))} options={sections.map((s) => ({ value: s, label: BALANCE_SECTION_LABELS[s] }))} />
          <Select aria-label="调整项目" placeholder="指标分子或教师数" style={{ width: 380 }} value={target} onChange={setTarget} options={targets} />
          <InputNumber aria-label="调整数值" placeholder="数值" min={0} style={{ width: 130 }} value={value} onChange={(v) => setValue(v === null ? null : Number(v))} />
          <Input aria-label="调整说明" placeholder="说明（如：按任教学段核实）" style={{ width: 260 }} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          <Button type="primary" loading={setOverride.isPending} disabled={!complete} onClick={() => void save()}>
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
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={view.overrides}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: `${view.year} 年没有人工调整` }}
        columns={[
          {
            title: '学校',
            dataIndex: 'schoolName',
            width: 200,
            fixed: 'left',
            sorter: (a, b) => byPinyin(a.schoolName, b.schoolName),
            filters: schoolNames.map((n) => ({ text: n, value: n })),
            filterSearch: true,
            onFilter: (v, o) => o.schoolName === v,
          },
          {
            title: '学段',
            key: 's',
            width: 70,
            filters: (['primary', 'junior'] as const).map((s) => ({ text: BALANCE_SECTION_LABELS[s], value: s })),
            onFilter: (v, o) => o.section === v,
            render: (_, o) => BALANCE_SECTION_LABELS[o.section],
          },
          { title: '调整项目', dataIndex: 'targetLabel', width: 260 },
          { title: '数值', key: 'v', align: 'right', width: 130, render: (_, o) => `${o.value} ${o.unit}` },
          { title: '说明', dataIndex: 'note', width: 220, render: (n: string | null) => n ?? '—' },
          {
            title: '修改人 / 时间',
            key: 'u',
            width: 210,
            sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
            defaultSortOrder: 'descend',
            render: (_, o) => `${o.updatedBy} ${formatDateTime(o.updatedAt)}`,
          },
          {
            title: '操作',
            key: 'x',
            width: 70,
            fixed: 'right',
            render: (_, o) => (
              <Popconfirm
                title="删除这项人工调整？"
                description={`${o.schoolName}（${BALANCE_SECTION_LABELS[o.section]}）${o.targetLabel}将恢复按统计数据计算。`}
                okText="删除"
                cancelText="取消"
                onConfirm={() => deleteOverride.mutateAsync({ id: o.id }).catch(() => undefined)}
              >
                <Button size="small" danger type="link" aria-label={`删除${o.schoolName}的人工调整`}>
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
