import { TableOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import { useGenerate } from './use-generate';

/** 学校名册 as a landscape table document. */
export function RegisterCard() {
  const [includeClosed, setIncludeClosed] = useState(false);
  const [format, setFormat] = useState<FormatChoice>('both');
  const { busy, generate } = useGenerate();
  return (
    <Card title="学校名册" data-testid="register-card">
      <Typography.Paragraph type="secondary">横排表格，表头在每页重复。</Typography.Paragraph>
      <Flex gap={12} wrap align="center">
        <Checkbox checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)}>
          含已撤并学校
        </Checkbox>
        <FormatPicker value={format} onChange={setFormat} />
        <Button type="primary" icon={<TableOutlined />} loading={busy} onClick={() => void generate({ kind: 'register', includeClosed }, format)}>
          生成名册
        </Button>
      </Flex>
    </Card>
  );
}
