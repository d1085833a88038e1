import { Button, Card, Col, Form, Popconfirm, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { StatHistoryEntry, StatRecordWithSources } from '../../../../../shared/api/contracts/statistics';
import type { StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { historyByField } from './stat-source';
import { StatFieldInput } from './StatFieldInput';
import { fromStatForm, toStatForm, type StatFormValues } from './stat-form-values';
import { groupFields } from './visible-fields';

/** The fields of one (school or campus, year) record, grouped as in the national returns, each with its source. */
export function StatsForm({
  fields,
  record,
  history = [],
  onSave,
  onDelete,
}: {
  fields: StatFieldDef[];
  record: StatRecordWithSources | undefined;
  /** The record's value history, newest first (empty while loading). */
  history?: readonly StatHistoryEntry[];
  onSave: (values: Record<string, number | number[]>) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const [form] = Form.useForm<StatFormValues>();
  const [saving, setSaving] = useState(false);
  const initial = toStatForm(fields, record?.values);
  const filled = Object.keys(initial).length;
  const byField = historyByField(history);

  const finish = async (v: StatFormValues) => {
    setSaving(true);
    try {
      await onSave(fromStatForm(fields, v));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<StatFormValues> name="stats" form={form} layout="vertical" initialValues={initial} onFinish={finish} data-testid="stats-form">
      <Typography.Paragraph type="secondary">
        {record ? `已填写 ${filled} / ${fields.length} 项，最后保存于 ${dayjs(record.updatedAt).format('YYYY-MM-DD HH:mm')}。` : '本年度尚未录入数据。'}
        留空表示“未填报”，不会当作 0 计算。每项下方注明数据来源，点击可查看历史。
      </Typography.Paragraph>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {groupFields(fields).map((g) => (
          <Card key={g.group} size="small" title={g.group} data-testid={`stats-group-${g.group}`}>
            <Row gutter={16}>
              {g.fields.map((def) => (
                <Col key={def.key} xs={24} md={12} xl={8}>
                  <StatFieldInput def={def} source={record?.sources[def.key]} history={byField.get(def.key)} />
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
        <Button onClick={() => form.resetFields()}>撤销修改</Button>
        {record && (
          <Popconfirm title="删除本年度的统计数据？" description="删除后该年度数据为空，可重新录入或导入。" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={onDelete}>
            <Button danger>删除本年数据</Button>
          </Popconfirm>
        )}
      </Space>
    </Form>
  );
}
