import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';

/** The dynamic list of stages: name, start and end dates, and what happens. */
export function NoticeStages() {
  return (
    <Form.List name="stages">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start" data-testid={`stage-${i}`}>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: '请填写阶段名称' }]} style={{ width: 140 }}>
                <Input placeholder="阶段名称" aria-label={`第${i + 1}阶段名称`} />
              </Form.Item>
              <Form.Item name={[field.name, 'start']} rules={[{ required: true, message: '开始日期' }]}>
                <Input type="date" aria-label={`第${i + 1}阶段开始日期`} />
              </Form.Item>
              <Form.Item name={[field.name, 'end']} rules={[{ required: true, message: '结束日期' }]}>
                <Input type="date" aria-label={`第${i + 1}阶段结束日期`} />
              </Form.Item>
              <Form.Item name={[field.name, 'tasks']} rules={[{ required: true, message: '请填写主要任务' }]} style={{ flex: 1 }}>
                <Input placeholder="主要任务" aria-label={`第${i + 1}阶段主要任务`} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label="删除阶段" disabled={fields.length <= 1} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ name: '', start: '', end: '', tasks: '' })}>
            添加阶段
          </Button>
        </>
      )}
    </Form.List>
  );
}
