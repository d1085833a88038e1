import { describe, expect, it } from 'vitest';
import type { ScoreRow } from '../../../../shared/api/contracts/scoring';
import { ApiError } from '../../api/client';
import { messagesFor } from '../documents/form-issues';
import { answerOfChoice, choiceOf, compareLines, progressText, decided, linesInOrder, refusalField, rowsShown, ruleText, sameAnswer, settingsIssues, settingsKey, settingsValuesOf, sheetCounts, subtotalsDiffer, toSettingsInput, valueNamedIn, withoutFullStop, type SettingsValues } from './score-view';

const base: SettingsValues = { rule: 'mean', trim: 1, tolerance: 0, departureThreshold: null, tieRule: 'competition', forfeitOutcome: 'fail', roundValues: {} };

const row = (over: Partial<ScoreRow>): ScoreRow => ({
  nodeId: 'n',
  code: '1.1',
  title: '领导责任',
  points: 3,
  method: '得分',
  computed: false,
  answerKind: 'points',
  choices: [],
  evidence: [],
  self: { answer: null, text: '', explanation: '' },
  office: null,
  experts: [],
  reconciled: { state: 'none' },
  final: null,
  departure: null,
  ...over,
});
const entry = (points: number | null) => ({ answer: points === null ? null : { points }, text: '', note: '', evidenceViewed: [], at: '2026-12-20T08:00:00.000Z', by: '张三' });

describe('settings form', () => {
  it('asks for the chosen rule’s parameter in Chinese instead of letting the contract’s default stand in', () => {
    const issues = settingsIssues({ ...base, rule: 'consensus', tolerance: null });
    expect(messagesFor(issues, 'tolerance')).toEqual(['请填写允许的分差']);
    expect(messagesFor(settingsIssues({ ...base, rule: 'trimmed_mean', trim: null }), 'trim')).toEqual(['请填写去掉的最高分和最低分个数']);
    // Another rule's empty parameter is no problem: it is left out, and the contract's default applies.
    expect(settingsIssues({ ...base, rule: 'mean', tolerance: null }).byField.size).toBe(0);
    expect(toSettingsInput({ ...base, tolerance: null })).not.toHaveProperty('tolerance');
  });

  it('places the contract’s messages beside their fields', () => {
    expect(messagesFor(settingsIssues({ ...base, rule: 'trimmed_mean', trim: 6 }), 'trim')).toEqual(['去掉的最高分和最低分个数不能超过 5']);
    expect(messagesFor(settingsIssues({ ...base, departureThreshold: -1 }), 'departureThreshold')).toEqual(['相差分值不能为负数']);
  });

  it('finds the round value a refusal names, to mark its box', () => {
    const values = [
      { name: 'satisfaction', caption: '问卷满意度（比例）' },
      { name: 'parentSatisfaction', caption: '家长问卷满意度（比例）' },
      { name: 'cvPrimary', caption: '小学综合差异系数' },
    ];
    expect(valueNamedIn('问卷满意度 填写为 92：按比例应在 0～1 之间', values)).toBe('satisfaction');
    expect(valueNamedIn('家长问卷满意度 填写为 92：按比例应在 0～1 之间', values)).toBe('parentSatisfaction');
    expect(valueNamedIn('小学综合差异系数 填写为“abc”：不是数值', values)).toBe('cvPrimary');
    expect(valueNamedIn('指标体系中没有名为“cvPrimary”的数据项', values)).toBe('cvPrimary');
    expect(valueNamedIn('去掉的个数太多', values)).toBeNull();
  });

  it('an empty threshold means no reason is required (null, never 0)', () => {
    expect(toSettingsInput({ ...base, departureThreshold: null }).departureThreshold).toBeNull();
    expect(toSettingsInput({ ...base, departureThreshold: 0 }).departureThreshold).toBe(0);
  });

  it('sends only the round values typed, as typed, and compares them regardless of order or blanks', () => {
    const v = { ...base, roundValues: { satisfaction: ' 92% ', cvPrimary: '', cvJunior: undefined } };
    expect(toSettingsInput(v).roundValues).toEqual({ satisfaction: '92%' });
    expect(settingsKey(v)).toBe(settingsKey({ ...base, roundValues: { satisfaction: '92%' } }));
    expect(settingsKey(v)).not.toBe(settingsKey(base));
    expect(settingsValuesOf({ ...base, trim: 1, tolerance: 0, roundValues: { cvPrimary: 0.45 } }).roundValues).toEqual({ cvPrimary: '0.45' });
  });

  it('compares what the form holds with what is stored', () => {
    const stored = { rule: 'consensus', trim: 1, tolerance: 0.5, departureThreshold: 2, tieRule: 'dense', forfeitOutcome: 'fail', roundValues: {} } as const;
    expect(settingsKey(settingsValuesOf(stored))).toBe(settingsKey({ ...stored }));
    expect(settingsKey({ ...stored, tolerance: 1 })).not.toBe(settingsKey(settingsValuesOf(stored)));
    expect(ruleText(stored)).toBe('分差超过允许范围时须合议（允许的分差 0.5 分）');
    expect(ruleText({ rule: 'trimmed_mean', trim: 2, tolerance: 0 })).toBe('去掉最高分和最低分后取平均（各去掉 2 个）');
  });
});

describe('answers', () => {
  it('sends the chosen word in the field of the row’s method', () => {
    expect(answerOfChoice({ method: '等级（A/B/C/D）', choices: ['A', 'B', 'C', 'D'] }, 'B')).toEqual({ grade: 'B' });
    expect(answerOfChoice({ method: '是否达标（达标/未达标）', choices: ['达标', '未达标'] }, '未达标')).toEqual({ met: false });
    expect(answerOfChoice({ method: '是否存在该情形（存在/不存在）', choices: ['不存在', '存在'] }, '存在')).toEqual({ triggered: true });
    // A grade list that happens to read 达标/未达标 stays a grade.
    expect(answerOfChoice({ method: '等级（达标/未达标）', choices: ['达标', '未达标'] }, '达标')).toEqual({ grade: '达标' });
    expect(() => answerOfChoice({ method: '等级（A/B）', choices: ['A', 'B'] }, 'Z')).toThrow('不是本项可选的评定');
  });

  it('shows an answer as its word, and the word back as the same answer', () => {
    const veto = { method: '是否存在该情形（存在/不存在）', choices: ['不存在', '存在'] };
    for (const word of veto.choices) expect(choiceOf(answerOfChoice(veto, word))).toBe(word);
    expect(choiceOf({ points: 2 })).toBeNull();
    expect(sameAnswer({ points: 2 }, { points: 2 })).toBe(true);
    expect(sameAnswer({ points: 2 }, { points: 2.5 })).toBe(false);
    expect(sameAnswer(null, { points: 2 })).toBe(false);
  });

  it('puts a refusal asking for a reason beside the note, the rest beside the score', () => {
    const reason = new ApiError({ code: 'invalid_input', message: '“1.1 领导责任”的最终得分与学校自评相差 2 分，超过 1 分，请在备注中写明理由' } as never);
    const range = new ApiError({ code: 'invalid_input', message: '“1.1 领导责任”的分数应在 0 至 3 分之间（填写的是 4）' } as never);
    const long = new ApiError({ code: 'invalid_input', message: '不能超过 500 个字', details: [{ path: ['note'], message: '不能超过 500 个字' }] } as never);
    expect(refusalField(reason)).toBe('note');
    expect(refusalField(long)).toBe('note');
    expect(refusalField(range)).toBe('value');
  });
});

describe('the sheet', () => {
  const rows = [
    row({ nodeId: 'a', final: entry(3) }),
    row({ nodeId: 'b', final: entry(null), reconciled: { state: 'needs_decision', spread: 2, message: '须合议' } }),
    row({ nodeId: 'c', computed: true }),
    row({ nodeId: 'd', final: entry(1), departure: { points: 2, threshold: 1 } }),
  ];

  it('counts the leaves scored by hand, final scores (a withdrawn one not), 需合议 and departures', () => {
    expect(sheetCounts(rows)).toEqual({ scorable: 3, final: 2, needsDecision: 1, departures: 1 });
  });

  it('filters: leaves still without a final score, leaves needing a decision', () => {
    expect(rowsShown(rows, 'pending').map((r) => r.nodeId)).toEqual(['b']);
    expect(rowsShown(rows, 'decide').map((r) => r.nodeId)).toEqual(['b']);
    expect(rowsShown(rows, 'all')).toHaveLength(4);
  });
});

describe('decided 需合议 rows', () => {
  const rows = [
    row({ nodeId: 'open', reconciled: { state: 'needs_decision', spread: 2, message: '须合议' } }),
    row({ nodeId: 'done', final: { ...entry(2), note: '合议后定 2 分' }, reconciled: { state: 'needs_decision', spread: 2, message: '须合议' } }),
    row({ nodeId: 'withdrawn', final: entry(null), reconciled: { state: 'needs_decision', spread: 2, message: '须合议' } }),
  ];

  it('a final score settles a 需合议 row: counted and filtered as 已合议, not as waiting', () => {
    expect(rows.map(decided)).toEqual([false, true, false]);
    expect(sheetCounts(rows).needsDecision).toBe(2);
    expect(rowsShown(rows, 'decide').map((r) => r.nodeId)).toEqual(['open', 'withdrawn']);
  });
});

describe('results', () => {
  it('notes a rounding gap between the subtotals shown and the total, and nothing else', () => {
    expect(subtotalsDiffer(90.01, [30.33, 29.67, 30])).toBe(true);
    expect(subtotalsDiffer(90, [30.33, 29.67, 30])).toBe(false);
    expect(subtotalsDiffer(0.3, [0.1, 0.2])).toBe(false);
    expect(subtotalsDiffer(90, [30, null, 60])).toBe(false);
    // A gap larger than rounding can make (a capped total) is not called rounding.
    expect(subtotalsDiffer(100, [60, 45])).toBe(false);
    expect(subtotalsDiffer(null, [])).toBe(false);
  });

  it('drops a typed full stop before one is appended', () => {
    expect(withoutFullStop('复核。')).toBe('复核');
    expect(withoutFullStop('复核。。 ')).toBe('复核');
    expect(withoutFullStop('recheck.')).toBe('recheck');
    expect(withoutFullStop('复核')).toBe('复核');
  });

  it('ranked within types, lists by type then rank; unranked units last in their type', () => {
    const l = (unitCode: string, schoolType: string, rank: number | null) => ({ unitCode, schoolType, rank: rank === null ? null : { rank } });
    const lines = [l('A1', '小学', 1), l('B1', '初中', 1), l('A2', '小学', 2), l('B3', '初中', null), l('B2', '初中', 2)];
    const types = linesInOrder(lines, true).map((x) => `${x.schoolType}${x.rank?.rank ?? '—'}`);
    expect(types).toEqual(['初中1', '初中2', '初中—', '小学1', '小学2']);
    expect(linesInOrder(lines, false).map((x) => x.unitCode)).toEqual(['A1', 'B1', 'A2', 'B2', 'B3']);
    expect(compareLines(true)(lines[0]!, lines[0]!)).toBe(0);
  });
});

describe('progress', () => {
  it('says a unit’s final scores and lock state; a forfeited unit no count; unknown counts are not made up', () => {
    expect(progressText({ state: 'open', finalCount: 12, scorableCount: 45 })).toBe('已定最终得分 12 / 45 · 未锁定');
    expect(progressText({ state: 'locked', finalCount: 45, scorableCount: 45 })).toBe('已定最终得分 45 / 45 · 已锁定');
    expect(progressText({ state: 'forfeited', finalCount: 0, scorableCount: 45 })).toBe('弃权，不评分');
    expect(progressText({ state: 'open', finalCount: null, scorableCount: null })).toBe('未锁定');
  });
});
