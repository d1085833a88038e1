import { Alert, Form, Input, Modal } from 'antd';
import { useCallback, useState } from 'react';
import { ExpertInput, type Expert } from '../../../../shared/api/contracts/scoring';
import { ApiError, errorMessage } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { placeIssues, schemaRule, showServerIssues, type FieldOf } from '../documents/form-issues';

interface ExpertValues {
  name: string;
  organisation: string;
  speciality: string;
}

const FIELDS = ['name', 'organisation', 'speciality'] as const;
const fieldOf: FieldOf = (path) => ((FIELDS as readonly PropertyKey[]).includes(path[0]) ? (path[0] as string) : null);

/**
 * Puts a new expert on the office's list (姓名、工作单位、专业领域), or changes one (`expert`). The
 * contract's rules stand beside each field; the same name with the same 工作单位 already on the
 * list is refused beside the name. `onSaved` receives the stored expert.
 */
export function ExpertModal({ expert, onClose, onSaved }: { expert?: Expert; onClose: () => void; onSaved?: (e: Expert) => void }) {
  const [form] = Form.useForm<ExpertValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const save = useOpMutation('experts.save', {
    silent: true,
    success: (e) => (expert ? `已修改专家“${e.name}”的信息` : `已将“${e.name}”加入专家名单`),
    onSuccess: (e) => {
      onSaved?.(e);
      onClose();
    },
  });
  const check = useCallback(() => {
    const r = ExpertInput.safeParse(form.getFieldsValue(true));
    return placeIssues(r.success ? [] : r.error.issues, fieldOf);
  }, [form]);
  const rules = (name: (typeof FIELDS)[number]) => [schemaRule(name, check)];

  const submit = async () => {
    setProblem(null);
    let v: ExpertValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the messages stand beside the fields
    }
    try {
      await save.mutateAsync({ ...(expert ? { id: expert.id } : {}), name: v.name, organisation: v.organisation ?? '', speciality: v.speciality ?? '' });
    } catch (e) {
      // The one conflict is a name already on the list with the same 工作单位: it belongs to the name.
      if (e instanceof ApiError && e.code === 'conflict') return form.setFields([{ name: 'name', errors: [e.message] }]);
      const rest = showServerIssues(form, e, fieldOf);
      setProblem(rest === null ? errorMessage(e) : rest.join('；') || null);
    }
  };

  return (
    <Modal
      open
      title={expert ? `修改专家信息：${expert.name}` : '新增专家'}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form<ExpertValues>
        form={form}
        layout="vertical"
        name="expert"
        preserve={false}
        initialValues={{ name: expert?.name ?? '', organisation: expert?.organisation ?? '', speciality: expert?.speciality ?? '' }}
        onFinish={() => void submit()}
        data-testid="expert-form"
      >
        <Form.Item name="name" label="姓名" required rules={rules('name')}>
          <Input aria-label="专家姓名" maxLength={30} autoFocus />
        </Form.Item>
        <Form.Item name="organisation" label="工作单位" rules={rules('organisation')} extra="同名专家以工作单位区分。">
          <Input aria-label="工作单位" maxLength={60} placeholder="如：市教育科学研究院" />
        </Form.Item>
        <Form.Item name="speciality" label="专业领域" rules={rules('speciality')}>
          <Input aria-label="专业领域" maxLength={60} placeholder="如：学校管理、课程教学" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
