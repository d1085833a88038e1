import { Segmented } from 'antd';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';

export type FormatChoice = 'docx' | 'pdf' | 'both';

export const formatsOf = (choice: FormatChoice): DocumentFormat[] => (choice === 'both' ? ['docx', 'pdf'] : [choice]);

/** Word (DOCX) for colleagues to edit, PDF to publish, or both from the same content. */
export function FormatPicker({ value, onChange }: { value: FormatChoice; onChange: (v: FormatChoice) => void }) {
  return (
    <Segmented<FormatChoice>
      data-testid="format-picker"
      aria-label="文件格式"
      value={value}
      onChange={onChange}
      options={[
        { label: 'Word 文档', value: 'docx' },
        { label: 'PDF 文件', value: 'pdf' },
        { label: 'Word 和 PDF', value: 'both' },
      ]}
    />
  );
}
