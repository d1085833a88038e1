import { Button, Col, DatePicker, Form, Input, Radio, Row, Select, Space, type FormRule } from 'antd';
import { useState } from 'react';
import type { School, SchoolInput } from '../../../../shared/api/contracts/schools';
import { LOCALITIES, OWNERSHIPS, SCHOOL_STATUSES, SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import { isSchoolFieldRequired, type SchoolRuleField } from '../../../../shared/domain/schools/school-rules';
import { schoolFieldError, toFormValues, toSchoolInput, type SchoolFormValues } from './school-form-values';

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** Every field's validation is the shared schema's verdict on the whole draft: one home for each rule. */
const shared =
  (field: SchoolRuleField): FormRule =>
  ({ getFieldsValue }) => ({
    validator: async () => {
      const message = schoolFieldError(field, getFieldsValue(true) as SchoolFormValues);
      if (message) throw new Error(message);
    },
  });

/** Create and edit share one form; the caller decides what saving means and reports server errors. */
export function SchoolForm({
  school,
  submitLabel = '保存',
  onSubmit,
  onCancel,
}: {
  school?: School;
  submitLabel?: string;
  onSubmit: (input: SchoolInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const [form] = Form.useForm<SchoolFormValues>();
  const [saving, setSaving] = useState(false);
  const status = Form.useWatch('status', form);

  const finish = async (values: SchoolFormValues) => {
    setSaving(true);
    try {
      await onSubmit(toSchoolInput(values));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<SchoolFormValues> name="school" form={form} layout="vertical" initialValues={toFormValues(school)} onFinish={finish} data-testid="school-form" requiredMark>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label="学校名称" required={isSchoolFieldRequired('name')} rules={[shared('name')]}>
            <Input placeholder="如：云溪区实验小学" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="shortName" label="简称" rules={[shared('shortName')]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name="code"
            label="学校标识码"
            tooltip="全国统一的 10 位学校标识码；没有可不填"
            rules={[shared('code')]}
          >
            <Input inputMode="numeric" placeholder="10 位数字" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="type" label="学校类型" required={isSchoolFieldRequired('type')} rules={[shared('type')]}>
            <Select options={options(SCHOOL_TYPES)} placeholder="请选择" aria-label="学校类型" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="locality" label="城乡类别" required={isSchoolFieldRequired('locality')} rules={[shared('locality')]}>
            <Radio.Group options={options(LOCALITIES)} optionType="button" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="ownership" label="办学性质" required={isSchoolFieldRequired('ownership')} rules={[shared('ownership')]}>
            <Radio.Group options={options(OWNERSHIPS)} optionType="button" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="township" label="乡镇/街道" rules={[shared('township')]}>
            <Input placeholder="如：云溪街道" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="address" label="地址" rules={[shared('address')]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="principal" label="校长" rules={[shared('principal')]}>
            <Input aria-label="校长" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="contact" label="联系电话" rules={[shared('contact')]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="status" label="办学状态" required={isSchoolFieldRequired('status')} rules={[shared('status')]}>
            <Radio.Group optionType="button" options={options(SCHOOL_STATUSES)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name="closedOn"
            label="撤并日期"
            dependencies={['status']}
            tooltip="撤并的学校保留历年数据，只是不再参加之后的评估"
            required={isSchoolFieldRequired('closedOn', status)}
            rules={[shared('closedOn')]}
          >
            <DatePicker disabled={status !== '撤并'} style={{ width: '100%' }} placeholder="选择日期" aria-label="撤并日期" />
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>取消</Button>}
      </Space>
    </Form>
  );
}
