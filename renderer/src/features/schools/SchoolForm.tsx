import { Button, Col, DatePicker, Form, Input, Radio, Row, Select, Space, type FormRule } from 'antd';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { School, SchoolInput } from '../../../../shared/api/contracts/schools';
import { useUnsavedChanges } from '../../app/unsaved';
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

/** What a form holder can ask: before closing the dialog the form is in, whether its edits may go. */
export interface SchoolFormHandle {
  confirmDiscard(): Promise<boolean>;
}

/** The draft as the API would receive it, as text: equal texts mean nothing was changed. */
const draftKey = (v: SchoolFormValues) => JSON.stringify(toSchoolInput(v));

/**
 * Create and edit share one form; the caller decides what saving means (`onSubmit` throws when
 * the save failed — the error is already shown) and what happens after (`onSaved`). While edited
 * and unsaved the form registers with the unsaved-changes guard, which offers 保存并离开.
 */
export function SchoolForm<T = unknown>({
  school,
  submitLabel = '保存',
  onSubmit,
  onSaved,
  onCancel,
  ref,
}: {
  school?: School;
  submitLabel?: string;
  onSubmit: (input: SchoolInput) => Promise<T>;
  onSaved?: (result: T) => void;
  onCancel?: () => void;
  ref?: Ref<SchoolFormHandle>;
}) {
  const [form] = Form.useForm<SchoolFormValues>();
  const [saving, setSaving] = useState(false);
  const status = Form.useWatch('status', form);
  const initialValues = useMemo(() => toFormValues(school), [school]);
  const [dirty, setDirty] = useState(false);
  // The guard's markClean, for after a save (the guard needs the save function, so it is created below).
  const markClean = useRef<() => void>(() => undefined);

  const submit = async (values: SchoolFormValues): Promise<boolean> => {
    setSaving(true);
    try {
      const result = await onSubmit(toSchoolInput(values));
      markClean.current();
      setDirty(false);
      onSaved?.(result);
      return true;
    } catch {
      return false; // the error notification is shown by the data layer; the edits stay
    } finally {
      setSaving(false);
    }
  };
  const saveFromGuard = async () => {
    try {
      return await submit(await form.validateFields());
    } catch {
      return false; // the messages stand beside the fields
    }
  };
  const guard = useUnsavedChanges(dirty, school ? `“${school.name}”的学校信息` : '新学校的信息', saveFromGuard);
  useEffect(() => {
    markClean.current = guard.markClean;
  }, [guard]);
  useImperativeHandle(ref, () => ({ confirmDiscard: guard.confirmDiscard }), [guard]);

  return (
    <Form<SchoolFormValues>
      name="school"
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(v) => void submit(v)}
      onValuesChange={() => setDirty(draftKey(form.getFieldsValue(true) as SchoolFormValues) !== draftKey(initialValues))}
      data-testid="school-form"
      requiredMark
    >
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
          <Form.Item name="township" label="乡镇（街道）" rules={[shared('township')]}>
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
        {onCancel && (
          <Button
            onClick={async () => {
              if (await guard.confirmDiscard()) onCancel();
            }}
          >
            取消
          </Button>
        )}
      </Space>
    </Form>
  );
}
