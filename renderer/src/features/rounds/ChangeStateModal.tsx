import { Alert, Flex, Form, Input, Modal, Typography } from 'antd';
import type { RoundUnit } from '../../../../shared/api/contracts/rounds';
import { MANUAL_CHANGE_LABELS, type ManualChange } from '../../../../shared/domain/rounds/rounds';
import { useOpMutation } from '../../api/queries';
import { reasonRequired, splitByChange } from './round-view';

/** What each change does, in one sentence for the dialog. */
const EXPLAIN: Record<ManualChange, string> = {
  confirm: '确认后，该单位本次提交的材料作为评估依据，不再接收新的版本（需要时可撤销确认）。',
  unconfirm: '撤销确认后，单位回到“已提交”，可以再退回修改或接收新的版本。',
  forfeit: '弃权是记录在案的结果，评分、报告和台账都会读取；只有尚未提交过材料的单位可以记为弃权。',
  unforfeit: '撤销弃权后，单位回到弃权前的状态（已下发或未下发）。',
};

const names = (units: readonly RoundUnit[]) => `${units.slice(0, 10).map((u) => u.name).join('、')}${units.length > 10 ? ` 等 ${units.length} 个单位` : ''}`;

/**
 * 确认 / 撤销确认 / 确认弃权 / 撤销弃权 for the selected units, with a reason (required for 弃权 and
 * every 撤销). The units the change does not apply to are named with the domain's reason and left
 * out, so one unit in the wrong state does not refuse the others.
 */
export function ChangeStateModal({ roundId, units, change, onClose, onDone }: { roundId: number; units: readonly RoundUnit[]; change: ManualChange; onClose: () => void; onDone?: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { applies, refused } = splitByChange(units, change);
  const label = MANUAL_CHANGE_LABELS[change];
  const mutation = useOpMutation('rounds.changeUnitState', { errorTitle: `${label}未完成`, success: (r) => `已${label}：${r.changed} 个单位`, onSuccess: onDone ?? onClose });
  const required = reasonRequired(change);

  const submit = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return; // the message stands beside the field
    }
    mutation.mutate({ roundId, unitIds: applies.map((u) => u.id), change, reason: v.reason?.trim() ?? '' });
  };

  return (
    <Modal
      open
      title={`${label}（${applies.length} 个单位）`}
      okText={label}
      okButtonProps={{ disabled: applies.length === 0, danger: change === 'forfeit' }}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{EXPLAIN[change]}</Typography.Text>
        {applies.length > 0 && <Typography.Text data-testid="change-units">{names(applies)}</Typography.Text>}
        {refused.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={`以下 ${refused.length} 个单位不适用，将不做改动`}
            description={refused.slice(0, 10).map(({ unit, reason }) => <div key={unit.id}>{`${unit.name}：${reason}`}</div>)}
          />
        )}
        <Form form={form} layout="vertical" name={`change-${change}`} preserve={false}>
          <Form.Item
            name="reason"
            label={required ? '原因' : '说明（可选）'}
            required={required}
            rules={[
              { required, whitespace: true, message: `请填写${label}的原因` },
              { max: 200, message: '原因不能超过 200 个字' },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={200} showCount aria-label={`${label}的原因`} placeholder={change === 'forfeit' ? '如：截止日期前未提交材料，电话确认放弃' : ''} />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}
