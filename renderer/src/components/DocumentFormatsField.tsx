import { Checkbox, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { DocumentFormat } from '../../../shared/api/contracts/documents';

/** The two formats a document job writes, as every dialog offers them. */
const FORMAT_OPTIONS: { value: DocumentFormat; label: string }[] = [
  { value: 'docx', label: 'Word（DOCX，可修改）' },
  { value: 'pdf', label: 'PDF（打印）' },
];

/**
 * 格式 of a document job (Word to edit, PDF to print) with its caption above; `children` follow
 * below it (a note, an extra option, the “请至少选择一种格式” message).
 */
export function DocumentFormatsField({ value, onChange, label = '格式', children }: { value: DocumentFormat[]; onChange: (v: DocumentFormat[]) => void; label?: string; children?: ReactNode }) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{label}</Typography.Text>
      <Checkbox.Group aria-label="格式" value={value} onChange={(v) => onChange(v as DocumentFormat[])} options={FORMAT_OPTIONS} />
      {children}
    </Flex>
  );
}
