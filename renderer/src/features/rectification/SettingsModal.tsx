/**
 * 督办设置 (issue 14): the reminder days before a deadline, the overdue days from which an item is
 * under 蓝/黄/红 supervision, the default 整改时限 of new items and the share of an indicator's points
 * under which a round's result is proposed as a problem. Checked by the contract's own schema
 * before saving, so the dialog says the same as the core would.
 */
import { SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Form, InputNumber, Modal, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { SupervisionRulesSchema, type RectificationSettings } from '../../../../shared/api/contracts/rectification';
import { useOp, useOpMutation } from '../../api/queries';

interface Values {
  reminderDays: number;
  blueAfterDays: number;
  yellowAfterDays: number;
  redAfterDays: number;
  defaultDeadlineDays: number;
  /** In percent on screen (60), a share in the contract (0.6). */
  thresholdPercent: number;
}

const toValues = (s: RectificationSettings): Values => ({ ...s, thresholdPercent: Math.round(s.roundThreshold * 1000) / 10 });

function SettingsForm({ initial, onClose }: { initial: RectificationSettings; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const save = useOpMutation('rectification.saveSettings', { success: '督办设置已保存', errorTitle: '无法保存督办设置', onSuccess: onClose });
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const parsed = SupervisionRulesSchema.safeParse({
      reminderDays: v.reminderDays,
      blueAfterDays: v.blueAfterDays,
      yellowAfterDays: v.yellowAfterDays,
      redAfterDays: v.redAfterDays,
      defaultDeadlineDays: v.defaultDeadlineDays,
      roundThreshold: Math.round(v.thresholdPercent * 10) / 1000,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0] === 'roundThreshold' ? 'thresholdPercent' : (issue?.path[0] as keyof Values | undefined);
      if (field) form.setFields([{ name: field, errors: [issue!.message] }]);
      setProblem(issue?.message ?? '设置不正确');
      return;
    }
    setProblem(null);
    save.mutate(parsed.data);
  };

  const num = (name: keyof Values, label: string, suffix: string, min: number, max: number, help?: string) => (
    <Form.Item name={name} label={label} extra={help} rules={[{ required: true, message: `请填写${label}` }]}>
      <InputNumber aria-label={label} min={min} max={max} precision={name === 'thresholdPercent' ? 1 : 0} suffix={suffix} style={{ width: 200 }} />
    </Form.Item>
  );

  return (
    <Modal open title="督办设置" okText="保存" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden width={560}>
      <Form form={form} layout="horizontal" labelCol={{ span: 9 }} initialValues={toValues(initial)} data-testid="rectification-settings-form">
        {num('reminderDays', '到期提醒', '天前', 0, 90, '整改时限前这么多天内的事项标为“即将到期”')}
        {num('blueAfterDays', '蓝色督办', '逾期天数起', 1, 365)}
        {num('yellowAfterDays', '黄色督办', '逾期天数起', 2, 365)}
        {num('redAfterDays', '红色督办', '逾期天数起', 3, 730)}
        {num('defaultDeadlineDays', '默认整改时限', '天', 1, 730, '新增事项的整改时限默认为登记之日后这么多天')}
        {num('thresholdPercent', '评估结果生成标准', '%', 1, 100, '评估指标得分低于该项分值的这一比例时列为问题')}
      </Form>
      {problem && <Alert type="error" showIcon title={problem} />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0, marginTop: 8 }}>
        督办颜色按逾期天数确定，黄色应晚于蓝色、红色应晚于黄色。
      </Typography.Paragraph>
    </Modal>
  );
}

/** The 督办设置 button with its dialog. */
export function SettingsButton() {
  const [open, setOpen] = useState(false);
  const settings = useOp('rectification.settings', {}, { enabled: open });
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)}>
        督办设置
      </Button>
      {open &&
        (settings.data ? (
          <SettingsForm initial={settings.data} onClose={() => setOpen(false)} />
        ) : (
          <Modal open title="督办设置" footer={null} onCancel={() => setOpen(false)}>
            {settings.error ? <Alert type="error" showIcon title="无法读取督办设置" description={settings.error.message} /> : <Skeleton active />}
          </Modal>
        ))}
    </>
  );
}
