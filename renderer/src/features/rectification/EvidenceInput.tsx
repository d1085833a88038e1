/**
 * 佐证材料 chosen for a progress entry or a move: the files staged so far (name, size, 移除) and a
 * button to add more. Files go to the local service as references; the contract stores them when
 * the entry is saved, so a file removed here is simply never sent.
 */
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT, ATTACHMENT_TYPES_TEXT } from '../../../../shared/api/contracts/attachments';
import type { StagedFile } from '../../../../shared/api/envelope';
import { FilePicker } from '../../components/FilePicker';
import { sizeText } from './ledger-view';

export function EvidenceInput({ value, onChange, testId }: { value: StagedFile[]; onChange: (files: StagedFile[]) => void; testId?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Flex vertical gap={8} data-testid={testId}>
      <FilePicker accept={[...ATTACHMENT_ACCEPT]} multiple title="选择佐证材料" onPicked={(files) => onChange([...value, ...files])} onBusy={setBusy}>
        <Button icon={<UploadOutlined />} loading={busy}>
          添加佐证材料
        </Button>
      </FilePicker>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        可添加{ATTACHMENT_TYPES_TEXT}
      </Typography.Text>
      {value.map((f) => (
        <Flex key={f.ref} align="center" gap={8} data-testid="evidence-file">
          <PaperClipOutlined />
          <span>{f.fileName}</span>
          <Typography.Text type="secondary">（{sizeText(f.bytes)}）</Typography.Text>
          <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={`移除 ${f.fileName}`} onClick={() => onChange(value.filter((x) => x.ref !== f.ref))} />
        </Flex>
      ))}
    </Flex>
  );
}
