/**
 * How a unit's page shows the office's 退回意见 and when it offers 提出意见 and 退回修改 (issue 11
 * item 4). Pure, so it is tested on its own. The availability rules mirror the service's refusals
 * (main/services/rounds/returns-service.ts), so a button is greyed with the reason instead of
 * failing after a click; the service still checks.
 */
import type { AnswerView, RoundQuery, RoundUnit } from '../../../../../shared/api/contracts/rounds';
import { answerLabel } from './submission-view';

export type QueryTargetKind = RoundQuery['target']['kind'];

/** What a query can be about, as the dialog offers it. */
export const QUERY_TARGET_LABELS: Record<QueryTargetKind, string> = { indicator: '指标', statistic: '统计数据', report: '学校自评报告', evidence: '佐证材料' };

/** The evidence target meaning 全部佐证材料 in the dialog's chooser (the contract's key null). */
export const ALL_EVIDENCE = '';

/** A query target as the dialog holds it: kind, and the node id / catalogue key (`ALL_EVIDENCE` for all evidence, null for the report). */
export interface TargetChoice {
  kind: QueryTargetKind;
  key: string | null;
}

/** The contract's target (rounds.addQuery) for a choice; null while the choice still lacks its indicator or field. */
export function targetInput(choice: TargetChoice): { kind: 'indicator' | 'statistic'; key: string } | { kind: 'report'; key: null } | { kind: 'evidence'; key: string | null } | null {
  switch (choice.kind) {
    case 'report':
      return { kind: 'report', key: null };
    case 'evidence':
      if (choice.key === null) return null;
      return { kind: 'evidence', key: choice.key === ALL_EVIDENCE ? null : choice.key };
    default:
      return choice.key ? { kind: choice.kind, key: choice.key } : null;
  }
}

export type QueryStateKind = 'open' | 'answered' | 'withdrawn';

/**
 * A query's state in words: 待答复 while open; 已答复（第 n 版） once a revision answered it; 已撤回
 * when the office closed it without an answer.
 */
export function queryState(q: Pick<RoundQuery, 'closedAt' | 'answeredRevision'>): { kind: QueryStateKind; label: string } {
  if (q.answeredRevision !== null) return { kind: 'answered', label: `已答复（第 ${q.answeredRevision} 版）` };
  if (q.closedAt) return { kind: 'withdrawn', label: '已撤回' };
  return { kind: 'open', label: '待答复' };
}

/** Queries as the list shows them: open ones first (what a 退回修改 would carry), then the rest; newest first within each. */
export function sortQueries<Q extends Pick<RoundQuery, 'id' | 'askedAt' | 'closedAt'>>(queries: readonly Q[]): Q[] {
  return [...queries].sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null) || b.askedAt.localeCompare(a.askedAt) || b.id - a.id);
}

type UnitFacts = Pick<RoundUnit, 'state' | 'revision' | 'openQueries'>;

/** Why 提出意见 is not offered for the unit, or null when it is (queries attach to the latest revision). */
export function queryBlocked(unit: UnitFacts): string | null {
  if (unit.state === 'forfeited') return '该单位已弃权';
  if (unit.revision === 0) return '该单位还没有提交材料';
  if (unit.state === 'confirmed') return '该单位的材料已确认；如需退回修改，请先撤销确认';
  return null;
}

/**
 * Why 退回修改 is not offered, or null when it is: the unit must have a submission, at least one
 * open query, and be neither 已确认 nor 弃权 (rounds.returnPackage refuses the same).
 */
export function returnBlocked(unit: UnitFacts): string | null {
  const blocked = queryBlocked(unit);
  if (blocked) return blocked;
  if (unit.openQueries === 0) return '请先提出至少一条退回意见';
  return null;
}

/**
 * The indicators a query can be about: every leaf of the round's system (a school may have left one
 * blank, and the query asks it to fill it), in tree order, those without a self-evaluation in the
 * revision marked （未自评）. While the system is still loading (`leaves` null), the answered ones.
 */
export function indicatorChoices(leaves: readonly { id: string; code: string; title: string }[] | null, answers: readonly Pick<AnswerView, 'nodeId' | 'code' | 'title' | 'answer'>[]): { value: string; label: string }[] {
  if (!leaves) return answers.map((a) => ({ value: a.nodeId, label: answerLabel(a) }));
  const answered = new Set(answers.filter((a) => a.answer !== '').map((a) => a.nodeId));
  return leaves.map((n) => ({ value: n.id, label: `${answerLabel(n)}${answered.has(n.id) ? '' : '（未自评）'}` }));
}
