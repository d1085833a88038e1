import { App, Button, Card, Col, Form, Popconfirm, Row, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StatHistoryEntry, StatRecordWithSources } from '../../../../../shared/api/contracts/statistics';
import type { StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { statCompleteness } from '../../../../../shared/domain/schools/stat-completeness';
import type { SchoolType } from '../../../../../shared/domain/schools/school-enums';
import { formatDateTime } from '../../../../../shared/domain/text/datetime';
import { useUnsavedChanges } from '../../../app/unsaved';
import { totalsWarning, totalsWarnings, type TotalsContext } from './campus-totals';
import { historyByField } from './stat-source';
import { StatFieldInput } from './StatFieldInput';
import { fromStatForm, statFormChanged, toStatForm, type StatFormValues } from './stat-form-values';
import { groupFields } from './visible-fields';

/**
 * The fields of one (school or campus, year) record, grouped as in the national returns, each with
 * its source. Mount with a key per record: the form starts from the stored values. While it holds
 * unsaved edits, leaving — another page, year, campus or tab, reloading, closing — asks first
 * (useUnsavedChanges, with 保存并离开).
 */
export function StatsForm({
  schoolType,
  fields,
  record,
  history = [],
  label,
  totals,
  saving,
  onSave,
  onDelete,
}: {
  /** The school's type: what counts as complete for it (the same count as 填报完整性). */
  schoolType: SchoolType;
  fields: StatFieldDef[];
  record: StatRecordWithSources | undefined;
  /** The record's value history, newest first (empty while loading). */
  history?: readonly StatHistoryEntry[];
  /** What the record is, for the unsaved-changes dialog: “2025 年全校统计数据”. */
  label: string;
  /**
   * The school's other records of the year, to warn when a campus's figures exceed its school's
   * (campus-totals.ts); undefined when there is nothing to compare with.
   */
  totals?: TotalsContext;
  saving: boolean;
  /** Saves; throws when the save failed (the error is already shown). */
  onSave: (values: Record<string, number | number[]>) => Promise<unknown>;
  onDelete: () => Promise<unknown>;
}) {
  const [form] = Form.useForm<StatFormValues>();
  const { modal } = App.useApp();
  const initial = useMemo(() => toStatForm(fields, record?.values), [fields, record]);
  // Counted by the one completeness rule (shared/domain/schools/stat-completeness.ts), so this
  // page and the 填报完整性 overview never give two numbers for the same record.
  const completeness = statCompleteness(schoolType, record?.values);
  const byField = historyByField(history);
  const [dirty, setDirty] = useState(false);
  // The guard's markClean, for after a save (the guard needs `save`, so it is created below).
  const markClean = useRef<() => void>(() => undefined);

  const save = async (): Promise<boolean> => {
    let v: StatFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return false; // each problem stands beside its field
    }
    const values = fromStatForm(fields, v);
    // Figures above the school's are warned beside their fields (validateFields showed them) and
    // once more here, so a save never passes them unnoticed; the user may still save.
    const warnings = totals ? totalsWarnings(fields, values, totals) : [];
    if (warnings.length > 0) {
      const confirmed = await modal.confirm({
        title: '校区数据与全校数据不一致',
        content: (
          <div data-testid="totals-warnings">
            <ul style={{ margin: '8px 0', paddingInlineStart: 18 }}>
              {warnings.map((w) => (
                <li key={w.key}>{w.message}</li>
              ))}
            </ul>
            <Typography.Text type="secondary">如确认无误（例如全校数据尚未更新），可以仍然保存。</Typography.Text>
          </div>
        ),
        okText: '仍然保存',
        cancelText: '返回修改',
        // Asked from 保存并离开 too: above the unsaved-changes dialog (z-index 1100), never hidden under it.
        zIndex: 1200,
      });
      if (!confirmed) return false;
    }
    try {
      await onSave(values);
    } catch {
      return false; // shown by the data layer; the edits stay
    }
    markClean.current();
    setDirty(false);
    return true;
  };
  const guard = useUnsavedChanges(dirty, label, save);
  useEffect(() => {
    markClean.current = guard.markClean;
  }, [guard]);

  return (
    <Form<StatFormValues>
      name="stats"
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={() => void save()}
      onValuesChange={() => setDirty(statFormChanged(fields, form.getFieldsValue(true) as StatFormValues, record?.values))}
      data-testid="stats-form"
    >
      <Typography.Paragraph type="secondary">
        {record ? `已填写 ${completeness.filled} / ${completeness.applicable} 项，最后保存于 ${formatDateTime(record.updatedAt)}。` : '本年度尚未录入数据。'}
        留空表示“未填报”，不会当作 0 计算。每项下方注明数据来源，点击可查看历史。
      </Typography.Paragraph>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {groupFields(fields).map((g) => (
          <Card key={g.group} size="small" title={g.group} data-testid={`stats-group-${g.group}`}>
            <Row gutter={16}>
              {g.fields.map((def) => (
                // A list field's table (one row per class) takes a line of its own: in a narrow
                // column it would leave a tall gap beside the fields next to it.
                <Col key={def.key} xs={24} md={def.kind === 'list' ? 24 : 12} xl={def.kind === 'list' ? 24 : 8}>
                  <StatFieldInput
                    def={def}
                    source={record?.sources[def.key]}
                    history={byField.get(def.key)}
                    warn={totals ? (v) => totalsWarning(def, v, totals) : undefined}
                  />
                </Col>
              ))}
            </Row>
          </Card>
        ))}
      </Space>
      <Space style={{ marginTop: 16, position: 'sticky', bottom: 0, zIndex: 2, background: '#fff', borderTop: '1px solid #f0f0f0', padding: '12px 0', width: '100%' }}>
        <Button type="primary" htmlType="submit" loading={saving}>
          保存统计数据
        </Button>
        <Button
          disabled={!dirty}
          onClick={() => {
            form.resetFields();
            setDirty(false);
          }}
        >
          撤销修改
        </Button>
        {dirty && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
        {record && (
          <Popconfirm title="删除本年度的统计数据？" description="删除后该年度数据为空，可重新录入或导入。" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => onDelete().catch(() => undefined)}>
            <Button danger>删除本年数据</Button>
          </Popconfirm>
        )}
      </Space>
    </Form>
  );
}
