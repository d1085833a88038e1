import { HistoryOutlined, MessageOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Popover, Select, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, type RefObject } from 'react';
import type { ScoreAnswer, ScoreEntry, ScoreKind, ScoreRow } from '../../../../shared/api/contracts/scoring';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { errorMessage } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';
import { answerOfChoice, choiceOf, refusalField, suggestion } from './score-view';

/** One editable score of a row: the office's 初评, an expert's, or the 最终得分. */
export interface CellRef {
  nodeId: string;
  kind: ScoreKind;
  expertId?: number;
}

/** The cell being edited, optionally started from an answer with a message (采用建议得分 refused for want of a reason). */
export interface Editing extends CellRef {
  preset?: { answer: ScoreAnswer; error: string };
}

export const sameCell = (a: CellRef | null, b: CellRef) => a !== null && a.nodeId === b.nodeId && a.kind === b.kind && a.expertId === b.expertId;

/** The cell's name in tests and messages: office, final, expert-<id>. */
export const cellKey = (c: CellRef) => (c.kind === 'expert' ? `expert-${c.expertId}` : c.kind);

export function cellLabel(row: ScoreRow, c: CellRef): string {
  if (c.kind === 'office') return '初评';
  if (c.kind === 'final') return '最终得分';
  return `专家评分（${row.experts.find((e) => e.expertId === c.expertId)?.name ?? ''}）`;
}

export function entryOf(row: ScoreRow, c: CellRef): ScoreEntry | null {
  if (c.kind === 'office') return row.office;
  if (c.kind === 'final') return row.final;
  return row.experts.find((e) => e.expertId === c.expertId)?.score ?? null;
}

/** A score as the cell shows it: the answer in words, a withdrawal greyed, nothing as a dash. */
export function EntryText({ entry }: { entry: ScoreEntry | null }) {
  if (!entry) return <span className="score-cell-empty">—</span>;
  if (!entry.answer) return <span className="score-cell-withdrawn">{entry.text}</span>;
  return <span>{entry.text}</span>;
}

/** Who gave a score and when, with its note, for a tooltip. */
function entryDetail(entry: ScoreEntry) {
  return (
    <div>
      <div>
        {entry.by}，{formatDateTime(entry.at)}
      </div>
      {entry.note && <div>备注：{entry.note}</div>}
    </div>
  );
}

export interface ScoreCellProps {
  unitId: number;
  row: ScoreRow;
  cell: CellRef;
  /** Why the cell cannot be edited (computed leaf, expert no longer on the unit); absent: editable. */
  locked?: string;
  editing: Editing | null;
  /** Asks to edit a cell (or none); the page asks first when the open editor holds changes. */
  onRequest: (next: Editing | null) => void;
  /** The open editor's guard: resolves true when it may close (the page asks it before every switch). */
  guardRef: RefObject<() => Promise<boolean>>;
  /** Opens the cell's history (the page closes the editor first, asking when it holds changes). */
  onHistory: (cell: CellRef) => void;
  /** 最终得分 only: the final score departs from the self-evaluation beyond the threshold. */
  departure?: ScoreRow['departure'];
  /** 最终得分 only: the round's threshold, to say a reason may be needed. */
  threshold?: number | null;
}

/**
 * One score cell: the score in words (a note marked, who and when on hover; ⚠ on a final score far
 * from the self-evaluation); a click opens the editor beside it.
 */
export function ScoreCell({ unitId, row, cell, locked, editing, onRequest, guardRef, onHistory, departure, threshold }: ScoreCellProps) {
  const entry = entryOf(row, cell);
  const open = sameCell(editing, cell);
  const content = (
    <>
      <EntryText entry={entry} />
      {entry?.note && (
        <Tooltip title={entryDetail(entry)}>
          <MessageOutlined style={{ color: '#8c8c8c', fontSize: 12 }} aria-label="有备注" />
        </Tooltip>
      )}
      {departure && (
        <Tooltip title={`最终得分与学校自评相差 ${departure.points} 分，超过 ${departure.threshold} 分${entry?.note ? `；理由：${entry.note}` : ''}`}>
          <WarningOutlined style={{ color: '#fa8c16' }} data-testid="score-departure" aria-label="与学校自评相差较大" />
        </Tooltip>
      )}
    </>
  );
  const testId = `score-${row.code}-${cellKey(cell)}`;
  if (locked) {
    return (
      <Tooltip title={locked}>
        <Flex gap={4} align="center" style={{ padding: '2px 6px' }} data-testid={testId}>
          {content}
        </Flex>
      </Tooltip>
    );
  }
  return (
    <Popover
      open={open}
      trigger="click"
      placement="bottomLeft"
      destroyOnHidden
      onOpenChange={(o) => onRequest(o ? cell : null)}
      title={`${row.code} ${row.title} · ${cellLabel(row, cell)}`}
      content={open ? <ScoreEditor unitId={unitId} row={row} cell={cell} entry={entry} preset={editing?.preset} guardRef={guardRef} threshold={threshold ?? null} onDone={() => onRequest(null)} onHistory={() => onHistory(cell)} /> : null}
    >
      <button type="button" className="score-cell" data-open={open} data-testid={testId} aria-label={`${row.code} ${cellLabel(row, cell)}`}>
        {content}
      </button>
    </Popover>
  );
}

interface EditorValues {
  /** A choice's word, or points. */
  value: string | number | null;
  note: string;
  /** Paths of the school's evidence the scorer looked at (the item's files of the latest revision). */
  evidenceViewed: string[];
}

/**
 * The small editor of one score, by the row's method: a choice row's words in a select, else
 * points from 0 to the item's points. 备注 is the reason a final score far from the
 * self-evaluation needs (the service says when, beside the note). 撤回评分 records a withdrawal;
 * 采用建议得分 (final score) fills in the suggestion. Closing with changes asks first.
 */
function ScoreEditor({
  unitId,
  row,
  cell,
  entry,
  preset,
  guardRef,
  threshold,
  onDone,
  onHistory,
}: {
  unitId: number;
  row: ScoreRow;
  cell: CellRef;
  entry: ScoreEntry | null;
  preset?: Editing['preset'];
  guardRef: RefObject<() => Promise<boolean>>;
  threshold: number | null;
  onDone: () => void;
  onHistory: () => void;
}) {
  const [form] = Form.useForm<EditorValues>();
  const choices = row.choices.length > 0;
  const valueOf = (a: ScoreAnswer | null | undefined): string | number | null => (a ? (choices ? choiceOf(a) : (a.points ?? null)) : null);
  const initial: EditorValues = { value: valueOf(preset?.answer ?? entry?.answer), note: preset ? '' : (entry?.note ?? ''), evidenceViewed: entry?.evidenceViewed ?? [] };
  const values = Form.useWatch([], form) as EditorValues | undefined;
  const dirty =
    values !== undefined && (values.value !== initial.value || (values.note ?? '') !== initial.note || JSON.stringify(values.evidenceViewed ?? []) !== JSON.stringify(initial.evidenceViewed) || preset !== undefined);
  const label = cellLabel(row, cell);
  const setScore = useOpMutation('scoring.setScore', { silent: true, success: (_, input) => `已${input.answer === null ? '撤回' : '保存'}“${row.code} ${row.title}”的${label}` });
  const offer = cell.kind === 'final' ? suggestion(row.reconciled) : null;

  // The guard is known only after save is defined (its dialog saves through it): reached through a ref.
  const markCleanRef = useRef<() => void>(() => undefined);
  const send = async (answer: ScoreAnswer | null): Promise<boolean> => {
    try {
      await setScore.mutateAsync({ unitId, nodeId: row.nodeId, kind: cell.kind, ...(cell.kind === 'expert' ? { expertId: cell.expertId } : {}), answer, note: (form.getFieldValue('note') as string | undefined) ?? '', evidenceViewed: (form.getFieldValue('evidenceViewed') as string[] | undefined) ?? [] });
      markCleanRef.current();
      guardRef.current = async () => true;
      onDone();
      return true;
    } catch (e) {
      form.setFields([{ name: refusalField(e), errors: [errorMessage(e)] }]);
      return false;
    }
  };
  const save = async (): Promise<boolean> => {
    const v = form.getFieldValue('value') as EditorValues['value'];
    if (v === null || v === undefined || v === '') {
      form.setFields([{ name: 'value', errors: [choices ? '请选择评定结果' : '请填写分数'] }]);
      return false;
    }
    return send(choices ? answerOfChoice(row, String(v)) : { points: Number(v) });
  };

  const leave = useUnsavedChanges(dirty, `“${row.code} ${row.title}”的${label}`, save, ['show']);
  // The page asks this editor before it closes it or opens another cell's.
  useEffect(() => {
    markCleanRef.current = leave.markClean;
    guardRef.current = async () => !dirty || leave.confirmDiscard();
    return () => {
      guardRef.current = async () => true;
    };
  }, [guardRef, dirty, leave]);
  // A preset comes with the service's message: show it where it belongs once the form is there.
  useEffect(() => {
    if (preset) form.setFields([{ name: 'note', errors: [preset.error] }]);
  }, [form, preset]);

  return (
    <Form<EditorValues> form={form} layout="vertical" initialValues={initial} onFinish={() => void save()} style={{ width: 320 }} data-testid="score-editor">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {row.method}
        {row.points ? `，满分 ${row.points} 分` : ''}
        {row.self.text ? `；学校自评：${row.self.text}` : ''}
      </Typography.Paragraph>
      <Form.Item name="value" label={choices ? '评定' : `分数（0 至 ${row.points} 分）`} required>
        {choices ? (
          <Select aria-label="评定" options={row.choices.map((c) => ({ value: c, label: c }))} placeholder="选择评定结果" autoFocus />
        ) : (
          // No min/max here: the box would silently pull 5 back to the item's 3 on leaving it; the
          // service says what is wrong instead, beside the box.
          <InputNumber aria-label="分数" suffix="分" style={{ width: 160 }} autoFocus />
        )}
      </Form.Item>
      {offer && (
        <Button size="small" style={{ marginTop: -12, marginBottom: 12 }} onClick={() => form.setFieldsValue({ value: valueOf(offer) })} data-testid="use-suggestion-in-editor">
          采用建议得分（{row.reconciled.state === 'agreed' ? row.reconciled.text : ''}）
        </Button>
      )}
      <Form.Item name="note" label="备注" extra={cell.kind === 'final' && threshold !== null ? `与学校自评相差超过 ${threshold} 分时，须在备注中写明理由` : undefined}>
        <Input.TextArea aria-label="备注" autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
      </Form.Item>
      {row.evidence.length > 0 && (
        <Form.Item name="evidenceViewed" label="查看的佐证材料">
          <Select
            aria-label="查看的佐证材料"
            mode="multiple"
            allowClear
            placeholder="记录评分时查看了哪些佐证材料（可不填）"
            options={row.evidence.map((f) => ({ value: f.path, label: f.name }))}
            data-testid="score-evidence-viewed"
          />
        </Form.Item>
      )}
      <Flex justify="space-between" align="center">
        <Space size={4}>
          <Button type="primary" htmlType="submit" loading={setScore.isPending} data-testid="score-save">
            保存
          </Button>
          <Button onClick={onDone}>取消</Button>
          {entry?.answer && (
            <Button danger type="text" onClick={() => void send(null)} disabled={setScore.isPending}>
              撤回评分
            </Button>
          )}
        </Space>
        <Button type="link" size="small" icon={<HistoryOutlined />} onClick={onHistory}>
          修改记录
        </Button>
      </Flex>
    </Form>
  );
}
