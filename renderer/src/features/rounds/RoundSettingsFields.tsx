import { Col, Form, Input, Radio, Row, type FormInstance } from 'antd';
import { LATE_POLICY_LABELS } from '../../../../shared/api/contracts/rounds';
import { schemaRule, type PlacedIssues } from '../documents/form-issues';
import type { EvaluatorKind } from './round-form-values';
import { StageTableEditor } from './StageTableEditor';

const EVALUATOR_KINDS: { value: EvaluatorKind; label: string }[] = [
  { value: 'office', label: '本单位' },
  { value: 'third_party', label: '第三方机构' },
];

/**
 * The settings a round keeps and 项目设置 can change: name, 评估主体, the stage table and the late
 * policy. Shared by 新建评估项目 and 项目设置, so both say the same things in the same places.
 * `officeName` fills the evaluator's name when switching back to 本单位 with the name left empty.
 */
export function RoundSettingsFields({
  form,
  check,
  officeName,
  collectingLocked,
  closed,
}: {
  form: FormInstance;
  check: () => PlacedIssues;
  officeName?: string;
  collectingLocked?: string;
  /** Stored stages closed, by id, with when (项目设置): their dates are kept. */
  closed?: ReadonlyMap<number, string>;
}) {
  const rules = (name: Parameters<typeof schemaRule>[0]) => [schemaRule(name, check)];
  const kind = Form.useWatch('evaluatorKind', form) as EvaluatorKind | undefined;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item name="name" label="项目名称" required rules={rules('name')}>
            <Input placeholder="如：2026年度义务教育学校督导评估" maxLength={60} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Form.Item name="evaluatorKind" label="评估主体" required rules={rules('evaluatorKind')}>
            <Radio.Group
              optionType="button"
              options={EVALUATOR_KINDS}
              onChange={(e) => {
                // 本单位 is the office: its name comes back when the field was left empty.
                if (e.target.value === 'office' && officeName && !String(form.getFieldValue('evaluatorName') ?? '').trim()) form.setFieldValue('evaluatorName', officeName);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={10}>
          <Form.Item name="evaluatorName" label={kind === 'third_party' ? '第三方机构名称' : '本单位名称'} required rules={rules('evaluatorName')}>
            <Input placeholder={kind === 'third_party' ? '受委托开展评估的机构全称' : '如：城关县人民政府教育督导室'} maxLength={60} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="工作阶段" required>
        <StageTableEditor form={form} check={check} collectingLocked={collectingLocked} closed={closed} />
      </Form.Item>
      <Form.Item name="latePolicy" label="逾期提交" rules={rules('latePolicy')}>
        <Radio.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={(Object.keys(LATE_POLICY_LABELS) as (keyof typeof LATE_POLICY_LABELS)[]).map((k) => ({ value: k, label: LATE_POLICY_LABELS[k] }))}
        />
      </Form.Item>
    </>
  );
}
