/**
 * What the 评分 screens compute from the contract's answers (pure, tested on their own): the
 * settings form's values and their problems in Chinese, the choice a score shows and the answer a
 * chosen word sends, the sheet's counts, and where a refused score's message belongs.
 */
import type { z } from 'zod';
import { ScoringSettings, type ReconciledView, type ScoreAnswer, type ScoreRow } from '../../../../shared/api/contracts/scoring';
import { RECONCILE_RULE_LABELS } from '../../../../shared/domain/scoring/reconcile';
import { ApiError } from '../../api/client';
import { placeIssues, type FieldOf, type PlacedIssues } from '../documents/form-issues';

// ---------------------------------------------------------------- settings form

/** The settings form's values: an empty number box is null (the contract never sees it as 0). */
export interface SettingsValues {
  rule: ScoringSettings['rule'];
  trim: number | null;
  tolerance: number | null;
  departureThreshold: number | null;
  tieRule: ScoringSettings['tieRule'];
  forfeitOutcome: ScoringSettings['forfeitOutcome'];
  /** The round's values as typed (text, so that “85%” keeps its meaning); '' or absent: not given. */
  roundValues: Record<string, string | undefined>;
}

export const SETTINGS_FIELDS = ['rule', 'trim', 'tolerance', 'departureThreshold', 'tieRule', 'forfeitOutcome', 'roundValues'] as const satisfies readonly (keyof SettingsValues)[];

export const settingsValuesOf = (s: ScoringSettings): SettingsValues => ({
  rule: s.rule,
  trim: s.trim,
  tolerance: s.tolerance,
  departureThreshold: s.departureThreshold,
  tieRule: s.tieRule,
  forfeitOutcome: s.forfeitOutcome,
  roundValues: Object.fromEntries(Object.entries(s.roundValues).map(([k, v]) => [k, String(v)])),
});

/** The round's values that were typed, trimmed, by name in order (empty boxes left out). */
const typedValues = (r: SettingsValues['roundValues'] | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(r ?? {})
      .map(([k, v]) => [k, (v ?? '').trim()] as const)
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** A comparable text of the values (unsaved-changes check; the form restarts when the stored one changes). */
export const settingsKey = (v: Partial<SettingsValues> | undefined) => JSON.stringify(SETTINGS_FIELDS.map((f) => (f === 'roundValues' ? typedValues(v?.roundValues) : (v?.[f] ?? null))));

/**
 * The values as the contract takes them. A parameter of another rule than the chosen one is kept
 * when filled (switching back finds it) and left out when empty, so the contract's own default
 * (1 个, 0 分) applies to a parameter no rule uses — never a number made up here.
 */
export function toSettingsInput(v: SettingsValues): z.input<typeof ScoringSettings> {
  return {
    rule: v.rule,
    ...(v.trim !== null && v.trim !== undefined ? { trim: v.trim } : {}),
    ...(v.tolerance !== null && v.tolerance !== undefined ? { tolerance: v.tolerance } : {}),
    departureThreshold: v.departureThreshold ?? null,
    tieRule: v.tieRule,
    forfeitOutcome: v.forfeitOutcome,
    roundValues: typedValues(v.roundValues),
  };
}

/** An issue of the settings belongs to the field its path starts with (the input's `settings.` dropped). */
export const settingsFieldOf: FieldOf = (raw) => {
  const path = raw[0] === 'settings' ? raw.slice(1) : raw;
  return (SETTINGS_FIELDS as readonly PropertyKey[]).includes(path[0]) ? (path[0] as string) : null;
};

/**
 * Every problem of the settings, placed by field: the chosen rule's parameter left empty (said
 * here: the contract would fill in its default), then what the contract says.
 */
export function settingsIssues(v: SettingsValues): PlacedIssues {
  const missing: { path: string[]; message: string }[] = [];
  if (v.rule === 'trimmed_mean' && (v.trim === null || v.trim === undefined)) missing.push({ path: ['trim'], message: '请填写去掉的最高分和最低分个数' });
  if (v.rule === 'consensus' && (v.tolerance === null || v.tolerance === undefined)) missing.push({ path: ['tolerance'], message: '请填写允许的分差' });
  const r = ScoringSettings.safeParse(toSettingsInput(v));
  return placeIssues([...missing, ...(r.success ? [] : r.error.issues)], settingsFieldOf);
}

/**
 * The round value a refusal names (“问卷满意度 填写为 92：按比例应在 0～1 之间”), so its box can be
 * marked: the value whose caption without its scale (“问卷满意度（比例）” → 问卷满意度) or name the
 * message contains, the longest such caption when several do; null when none is named.
 */
export function valueNamedIn(message: string, values: readonly { name: string; caption: string }[]): string | null {
  const hits = values
    .map((v) => ({ name: v.name, words: [v.caption.replace(/（[^（）]*）$/u, '').trim(), `“${v.name}”`] }))
    .map((v) => ({ name: v.name, length: Math.max(...v.words.filter((w) => w !== '' && message.includes(w)).map((w) => w.length), 0) }))
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
  return hits[0]?.name ?? null;
}

/** The rule in one phrase, with its parameter: 去掉最高分和最低分后取平均（各去掉 1 个）. */
export function ruleText(s: Pick<ScoringSettings, 'rule' | 'trim' | 'tolerance'>): string {
  const label = RECONCILE_RULE_LABELS[s.rule];
  if (s.rule === 'trimmed_mean') return `${label}（各去掉 ${s.trim} 个）`;
  if (s.rule === 'consensus') return `${label}（允许的分差 ${s.tolerance} 分）`;
  return label;
}

// ---------------------------------------------------------------- answers

/** The word a choice answer shows (its grade, 达标/未达标, 存在/不存在); null for points or nothing. */
export function choiceOf(a: ScoreAnswer | null | undefined): string | null {
  if (!a) return null;
  if (a.grade !== undefined) return a.grade;
  if (a.met !== undefined) return a.met ? '达标' : '未达标';
  if (a.triggered !== undefined) return a.triggered ? '存在' : '不存在';
  return null;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The answer a chosen word sends for a choice row. The row says its method in words: a grade row's
 * reads 等级（A/B/C/D）, so its word is the grade; the two yes/no methods have fixed words
 * (main/exchange/packages/format.ts MET_WORDS, VETO_WORDS) in the order the service gives them.
 * A row matching none of them is refused here rather than sent as a guess.
 */
export function answerOfChoice(row: Pick<ScoreRow, 'method' | 'choices'>, word: string): ScoreAnswer {
  if (!row.choices.includes(word)) throw new Error(`“${word}”不是本项可选的评定`);
  if (row.method.startsWith('等级')) return { grade: word };
  if (same(row.choices, ['达标', '未达标'])) return { met: word === '达标' };
  if (same(row.choices, ['不存在', '存在'])) return { triggered: word === '存在' };
  throw new Error('无法识别本项的评分方式');
}

/** Whether two answers say the same (the final score already equals the suggestion). */
export function sameAnswer(a: ScoreAnswer | null | undefined, b: ScoreAnswer | null | undefined): boolean {
  if (!a || !b) return false;
  return a.grade === b.grade && a.points === b.points && a.met === b.met && a.triggered === b.triggered;
}

/** The answer the rule suggests, when it suggests one. */
export const suggestion = (r: ReconciledView): ScoreAnswer | null => (r.state === 'agreed' ? r.answer : null);

// ---------------------------------------------------------------- the sheet

export interface SheetCounts {
  /** Leaves scored by hand (not computed from statistics). */
  scorable: number;
  /** Of those, with a final score (not withdrawn). */
  final: number;
  /** Experts disagree beyond the rule and no final score decides it yet: 需合议 (decided ones are 已合议). */
  needsDecision: number;
  /** Final scores departing from the self-evaluation beyond the threshold (⚠). */
  departures: number;
}

/**
 * A 需合议 row whose final score was decided (已合议): the experts' disagreement was settled by the
 * final score, so it is no longer waiting for anyone.
 */
export const decided = (r: ScoreRow): boolean => r.reconciled.state === 'needs_decision' && !!r.final?.answer;

/** A 需合议 row still without a final score. */
export const undecided = (r: ScoreRow): boolean => r.reconciled.state === 'needs_decision' && !r.final?.answer;

export function sheetCounts(rows: readonly ScoreRow[]): SheetCounts {
  const scorable = rows.filter((r) => !r.computed);
  return {
    scorable: scorable.length,
    final: scorable.filter((r) => r.final?.answer).length,
    needsDecision: scorable.filter(undecided).length,
    departures: scorable.filter((r) => r.departure).length,
  };
}

/** The sheet's row filters (in the address as `show`). */
export const SHOW = ['all', 'pending', 'decide'] as const;
export type Show = (typeof SHOW)[number];

export function rowsShown(rows: readonly ScoreRow[], show: Show): ScoreRow[] {
  if (show === 'pending') return rows.filter((r) => !r.computed && !r.final?.answer);
  if (show === 'decide') return rows.filter(undecided);
  return [...rows];
}

/**
 * Where a refused score's message belongs in the editor: the note when the contract names it (its
 * length) or the service asks for a reason 在备注中; the score otherwise (out of range, not a
 * grade of the list, not a multiple of the step, an expert not on the unit).
 */
export function refusalField(e: unknown): 'note' | 'value' {
  if (e instanceof ApiError && Array.isArray(e.details) && (e.details as { path?: unknown[] }[]).some((d) => Array.isArray(d.path) && d.path[0] === 'note')) return 'note';
  if (e instanceof Error && e.message.includes('备注')) return 'note';
  return 'value';
}

// ---------------------------------------------------------------- results

/**
 * Whether the first-level subtotals, as shown (each 2 decimals), add up to something else than the
 * total (2 decimals): each is rounded on its own, so the sum can be off by about 0.01 分 — said on
 * the card rather than left for the reader to find. Not-applicable levels (null) count as nothing.
 */
export function subtotalsDiffer(total: number | null, earned: readonly (number | null)[]): boolean {
  if (total === null) return false;
  const shown = earned.filter((e): e is number => e !== null);
  // In hundredths of a point, as integers, so float noise is not mistaken for a difference.
  const gap = Math.abs(Math.round(shown.reduce((s, e) => s + e, 0) * 100) - Math.round(total * 100));
  // Each rounding moves a subtotal by at most half a hundredth; a larger gap has another cause (a
  // capped total, say) and is not explained away as rounding.
  return gap > 0 && gap <= Math.ceil(shown.length / 2);
}

/** A typed reason without its closing full stop (。 or .), so a sentence appended after it has one. */
export const withoutFullStop = (text: string): string => text.trim().replace(/[。．.]+$/u, '');

type Rankable = { schoolType: string; unitCode: string; rank: { rank: number } | null };

/**
 * The order of a round's result lines by rank: units without a rank last, then by 报送编码; ranked
 * within school types, by type first, so each type's ranking reads as one block instead of the
 * types interleaving (两个“第 1 名”相邻).
 */
export const compareLines =
  (byType: boolean) =>
  (a: Rankable, b: Rankable): number =>
    (byType ? a.schoolType.localeCompare(b.schoolType, 'zh-Hans-CN') : 0) || (a.rank?.rank ?? Infinity) - (b.rank?.rank ?? Infinity) || a.unitCode.localeCompare(b.unitCode);

/** A round's result lines in that order (compareLines). */
export const linesInOrder = <L extends Rankable>(lines: readonly L[], byType: boolean): L[] => [...lines].sort(compareLines(byType));

/**
 * A unit's scoring progress in one phrase for the 评分 list: 已定最终得分 12 / 45 · 未锁定, or
 * 已锁定 / 弃权 once settled (a forfeited unit is not scored, so it shows no count). Null counts
 * (the round's system could not be read) give the state alone — no count is made up.
 */
export function progressText(line: { state: 'open' | 'locked' | 'forfeited'; finalCount: number | null; scorableCount: number | null }): string {
  if (line.state === 'forfeited') return '弃权，不评分';
  const state = line.state === 'locked' ? '已锁定' : '未锁定';
  if (line.finalCount === null || line.scorableCount === null) return state;
  return `已定最终得分 ${line.finalCount} / ${line.scorableCount} · ${state}`;
}
