import { Segmented } from 'antd';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';

export type FormatChoice = 'docx' | 'pdf' | 'both';

export const formatsOf = (choice: FormatChoice): DocumentFormat[] => (choice === 'both' ? ['docx', 'pdf'] : [choice]);

/** DOCX for colleagues to edit, PDF to publish, or both from the same content. */
export function FormatPicker({ value, onChange }: { value: FormatChoice; onChange: (v: FormatChoice) => void }) {
  return (
    <Segmented<FormatChoice>
      data-testid="format-picker"
      value={value}
      onChange={onChange}
      options={[
        { label: 'DOCX', value: 'docx' },
        { label: 'PDF', value: 'pdf' },
        { label: '两者', value: 'both' },
      ]}
    />
  );
}
