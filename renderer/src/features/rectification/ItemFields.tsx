/**
 * The fields of an item (整改事项) as one form body, shared by 新增整改事项 and the item page's
 * editor, with the conversion to the contract's ItemInput.
 */
import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { SEVERITIES, SEVERITY_LABELS, type ItemInput, type RectificationItem, type Severity } from '../../../../shared/api/contracts/rectification';
import { ownerFromValue, ownerValue } from './ledger-view';
import { OwnerSelect } from './OwnerSelect';

export const ISO = 'YYYY-MM-DD';

export interface ItemValues {
  problem: string;
  target: string;
  owner?: string;
  cooperating: string;
  person: string;
  measures: string;
  deadline: Dayjs | null;
  severity: Severity;
  remarks: string;
  sourceNote: string;
}

export const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }));

export function valuesOf(item: RectificationItem): ItemValues {
  return {
    problem: item.problem,
    target: item.target,
    owner: ownerValue(item.owner),
    cooperating: item.cooperating,
    person: item.person,
    measures: item.measures,
    deadline: item.deadline ? dayjs(item.deadline) : null,
    severity: item.severity,
    remarks: item.remarks,
    sourceNote: '',
  };
}

export function emptyValues(defaultDeadlineDays: number): ItemValues {
  return { problem: '', target: '', cooperating: '', person: '', measures: '', deadline: dayjs().add(defaultDeadlineDays, 'day'), severity: 'minor', remarks: '', sourceNote: '' };
}

/** The contract's input from the form (null when the 责任单位 is not a known school or a name). */
export function inputOf(v: ItemValues, schoolName: (id: number) => string | undefined): Omit<ItemInput, 'id' | 'version'> | null {
  const owner = ownerFromValue(v.owner, schoolName);
  if (!owner) return null;
  return {
    problem: v.problem,
    target: v.target ?? '',
    owner,
    cooperating: v.cooperating ?? '',
    person: v.person ?? '',
    measures: v.measures ?? '',
    deadline: v.deadline ? v.deadline.format(ISO) : null,
    severity: v.severity,
    remarks: v.remarks ?? '',
    sourceNote: v.sourceNote ?? '',
  };
}

/** The form items; `withSource` adds 问题来源 (hand-entered items only). */
export function ItemFields({ withSource }: { withSource?: boolean }) {
  return (
    <>
      {withSource && (
        <Form.Item name="sourceNote" label="问题来源" extra="如：责任督学日常督导、群众反映、专项检查">
          <Input maxLength={200} />
        </Form.Item>
      )}
      <Form.Item name="problem" label="问题描述" rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} showCount />
      </Form.Item>
      <Form.Item name="owner" label="责任单位" rules={[{ required: true, message: '请选择或输入责任单位' }]}>
        <OwnerSelect />
      </Form.Item>
      <Form.Item name="cooperating" label="配合单位">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="person" label="责任人">
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="target" label="整改目标">
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
      </Form.Item>
      <Form.Item name="measures" label="整改措施">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="deadline" label="整改时限">
        <DatePicker format={ISO} placeholder="选择日期" allowClear />
      </Form.Item>
      <Form.Item name="severity" label="严重程度">
        <Select options={SEVERITY_OPTIONS} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="remarks" label="备注">
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
      </Form.Item>
    </>
  );
}
