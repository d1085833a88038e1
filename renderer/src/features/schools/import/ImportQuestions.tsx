import { Alert, Button, Card, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ImportNotice, ImportQuestion } from '../../../../../shared/api/contracts/exchange';

const NOTICE_KIND_LABELS: Record<ImportNotice['kind'], string> = {
  unit: '单位',
  year: '年份',
  mapping: '对照',
  derived: '推算',
  skipped: '跳过',
  duplicate: '名称',
  other: '说明',
};

/** File-level facts stated once at the top of the preview (units applied, rows skipped, totals derived). */
export function ImportNotices({ notices }: { notices: ImportNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      title="读取文件时的说明"
      data-testid="import-notices"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {notices.map((n, i) => (
            <li key={i}>
              <Typography.Text type="secondary">［{NOTICE_KIND_LABELS[n.kind]}］</Typography.Text>
              {n.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * Questions the import cannot answer by itself; nothing is stored while one is open. The user picks an
 * option per question and the preview runs again with the answers.
 */
export function ImportQuestions({
  questions,
  busy,
  onAnswer,
}: {
  questions: ImportQuestion[];
  busy: boolean;
  onAnswer: (answers: Record<string, string>) => void;
}) {
  const [picked, setPicked] = useState<Record<string, string>>({});
  if (questions.length === 0) return null;
  const complete = questions.every((q) => picked[q.id]);
  return (
    <Card size="small" title={`请先确认（${questions.length}）`} data-testid="import-questions" styles={{ header: { background: '#fffbe6' } }}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">以下问题确认之前，不会导入任何数据。</Typography.Text>
        {questions.map((q) => (
          <div key={q.id} data-testid={`question-${q.id}`}>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{q.message}</Typography.Paragraph>
            <Radio.Group value={picked[q.id]} onChange={(e) => setPicked((p) => ({ ...p, [q.id]: e.target.value as string }))}>
              <Space orientation="vertical">
                {q.options.map((o) => (
                  <Radio key={o.value} value={o.value}>
                    {o.label}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </div>
        ))}
        <Button type="primary" disabled={!complete} loading={busy} onClick={() => onAnswer(picked)} data-testid="answer-questions">
          按所选重新预览
        </Button>
      </Space>
    </Card>
  );
}
