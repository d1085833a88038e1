import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Typography } from 'antd';
import type { PlacedIssues } from './form-issues';
import { blankStage } from './notice-values';
import { schemaRule } from './form-issues';

/**
 * The dynamic list of stages: name, dates (one range picker) and what happens (主要任务), under
 * visible column labels. Each field's message comes from the contract (“第 2 个阶段的结束日期早于
 * 开始日期”) and sits beside it. The picker keeps the dates in the order typed (`order={false}`):
 * reversed dates are pointed out, not silently swapped.
 */
export function NoticeStages({ check, fromRound = false }: { check: () => PlacedIssues; /** Names and dates come from an 评估项目's stage table: shown, not edited here. */ fromRound?: boolean }) {
  return (
    <Form.List name="stages" rules={[schemaRule('stages', check)]}>
      {(fields, { add, remove }, { errors }) => (
        <>
          {/* Visible column labels: a placeholder alone disappears once the field is filled (new-user trial). */}
          <Flex gap={8} data-testid="stage-columns" style={{ marginBottom: 4 }}>
            <Typography.Text type="secondary" style={{ width: 140 }}>
              阶段名称
            </Typography.Text>
            <Typography.Text type="secondary" style={{ width: 300 }}>
              起止日期
            </Typography.Text>
            <Typography.Text type="secondary" style={{ flex: 1 }}>
              主要任务
            </Typography.Text>
            {/* The delete buttons' column. */}
            <span style={{ width: 32 }} />
          </Flex>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start" data-testid={`stage-${i}`} role="group" aria-label={`第 ${i + 1} 个阶段`}>
              <Form.Item name={[field.name, 'name']} rules={[schemaRule(['stages', field.name, 'name'], check)]} style={{ width: 140 }}>
                <Input placeholder="阶段名称" aria-label={`第${i + 1}阶段名称`} disabled={fromRound} />
              </Form.Item>
              <Form.Item name={[field.name, 'dates']} rules={[schemaRule(['stages', field.name, 'dates'], check)]} style={{ width: 300 }}>
                <DatePicker.RangePicker order={false} allowEmpty={[true, true]} placeholder={['开始日期', '结束日期']} aria-label={`第${i + 1}阶段起止日期`} style={{ width: '100%' }} disabled={fromRound} />
              </Form.Item>
              <Form.Item name={[field.name, 'tasks']} rules={[schemaRule(['stages', field.name, 'tasks'], check)]} style={{ flex: 1 }}>
                <Input placeholder="主要任务" aria-label={`第${i + 1}阶段主要任务`} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={`删除第${i + 1}阶段`} disabled={fromRound || fields.length <= 1} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          {!fromRound && (
            <Button icon={<PlusOutlined />} onClick={() => add(blankStage())}>
              添加阶段
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}
