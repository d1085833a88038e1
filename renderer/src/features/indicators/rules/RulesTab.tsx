import { Card, Flex, Form, Input, InputNumber, Select } from 'antd';
import { judgesPass, LEVEL_LABELS, SYSTEM_LEVELS, type IndicatorSystem, type ValidationMessage } from '../../../../../shared/domain/indicators';
import { CategoriesEditor } from './CategoriesEditor';
import { GradingEditor } from './GradingEditor';
import { PassRulesEditor } from './PassRulesEditor';
import { ValuesEditor } from './ValuesEditor';

interface Props {
  system: IndicatorSystem;
  messages: ValidationMessage[];
  readOnly: boolean;
  onChange: (s: IndicatorSystem) => void;
}

/** 基本信息, 通过规则, 加分上限, 等级划分 (and how it relates to the rules), 数据项 (labels, units, scales) and 类别 of a system. */
export function RulesTab({ system, messages, readOnly, onChange }: Props) {
  const systemMessages = messages.filter((m) => !m.nodeId);
  return (
    <Flex vertical gap={16}>
      <Card size="small" title="基本信息">
        <Form layout="vertical" disabled={readOnly}>
          <Flex gap={16} wrap>
            <Form.Item label="名称" style={{ flex: '1 1 320px' }}>
              <Input aria-label="体系名称" value={system.name} onChange={(e) => onChange({ ...system, name: e.target.value })} />
            </Form.Item>
            <Form.Item label="评估对象">
              <Select style={{ width: 140 }} value={system.level} onChange={(level) => onChange({ ...system, level })} options={SYSTEM_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))} />
            </Form.Item>
            <Form.Item label="体系加分上限（空 = 只按各项上限）">
              <InputNumber min={0} value={system.bonusCap} onChange={(bonusCap) => onChange({ ...system, bonusCap })} suffix="分" />
            </Form.Item>
          </Flex>
          <Form.Item label="依据文件">
            <Input value={system.sourceDocument} onChange={(e) => onChange({ ...system, sourceDocument: e.target.value })} />
          </Form.Item>
          <Form.Item label="说明">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} value={system.description} onChange={(e) => onChange({ ...system, description: e.target.value })} />
          </Form.Item>
        </Form>
      </Card>
      <Form disabled={readOnly} component={false}>
        <PassRulesEditor system={system} messages={systemMessages} readOnly={readOnly} onChange={(passRules) => onChange({ ...system, passRules })} />
      </Form>
      <Form disabled={readOnly} component={false}>
        <GradingEditor grading={system.grading} judged={judgesPass(system)} messages={systemMessages} onChange={(grading) => onChange({ ...system, grading })} />
      </Form>
      <Form disabled={readOnly} component={false}>
        <ValuesEditor system={system} messages={systemMessages} readOnly={readOnly} onChange={(values) => onChange({ ...system, values })} />
      </Form>
      <Form disabled={readOnly} component={false}>
        <CategoriesEditor system={system} messages={systemMessages} readOnly={readOnly} onChange={(categoryGroups) => onChange({ ...system, categoryGroups })} />
      </Form>
    </Flex>
  );
}
