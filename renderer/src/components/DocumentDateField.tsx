import { DatePicker, Flex, Typography } from 'antd';
import type { Dayjs } from 'dayjs';

/** 成文日期 of a document job, with its caption above; always set (no clearing). */
export function DocumentDateField({ value, onChange }: { value: Dayjs; onChange: (d: Dayjs) => void }) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>成文日期</Typography.Text>
      <DatePicker aria-label="成文日期" value={value} allowClear={false} onChange={(d) => d && onChange(d)} />
    </Flex>
  );
}
