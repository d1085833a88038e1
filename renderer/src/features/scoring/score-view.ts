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
  /** Experts disagree beyond the rule: 需合议. */
  needsDecision: number;
  /** Final scores departing from the self-evaluation beyond the threshold (⚠). */
  departures: number;
}

export function sheetCounts(rows: readonly ScoreRow[]): SheetCounts {
  const scorable = rows.filter((r) => !r.computed);
  return {
    scorable: scorable.length,
    final: scorable.filter((r) => r.final?.answer).length,
    needsDecision: scorable.filter((r) => r.reconciled.state === 'needs_decision').length,
    departures: scorable.filter((r) => r.departure).length,
  };
}

/** The sheet's row filters (in the address as `show`). */
export const SHOW = ['all', 'pending', 'decide'] as const;
export type Show = (typeof SHOW)[number];

export function rowsShown(rows: readonly ScoreRow[], show: Show): ScoreRow[] {
  if (show === 'pending') return rows.filter((r) => !r.computed && !r.final?.answer);
  if (show === 'decide') return rows.filter((r) => r.reconciled.state === 'needs_decision');
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
