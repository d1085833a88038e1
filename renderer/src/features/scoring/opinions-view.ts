/**
 * What the unit's 评估意见 card (OpinionsCard.tsx) shows, as plain functions: the opinions by kind in
 * the service's order (the unit as a whole, then the indicators in the system's order), filtered by
 * who gave them, and the words for an opinion's target and author.
 */
import { OFFICE_AUTHOR, OPINION_KINDS, type Opinion, type OpinionKind, type UnitOpinions } from '../../../../shared/api/contracts/scoring';

/** Whose opinions are shown: everyone's, the office's, or one expert's (by experts.id). */
export type AuthorFilter = 'all' | 'office' | `expert:${number}`;

/** The filter value naming an opinion's author. */
export const authorKey = (o: Pick<Opinion, 'expertId'>): AuthorFilter => (o.expertId === null ? 'office' : `expert:${o.expertId}`);

/** What an opinion is about, in words: 整体, or the indicator's code and title. */
export const targetLabel = (o: Pick<Opinion, 'code' | 'title'>): string => (o.code === null ? '整体' : `${o.code} ${o.title ?? ''}`.trim());

/** The current opinions of each kind, in the service's group order, by `filter`. */
export function opinionsByKind(data: Pick<UnitOpinions, 'groups'>, filter: AuthorFilter): Record<OpinionKind, Opinion[]> {
  const out: Record<OpinionKind, Opinion[]> = { strength: [], problem: [], suggestion: [] };
  for (const g of data.groups) for (const kind of OPINION_KINDS) out[kind].push(...g[kind].filter((o) => filter === 'all' || authorKey(o) === filter));
  return out;
}

/**
 * The choices of the author filter: everyone, 督导室, then the unit's experts (one no longer
 * assigned says so), each with how many current opinions they gave.
 */
export function authorFilterOptions(data: Pick<UnitOpinions, 'groups' | 'experts'>): { value: AuthorFilter; label: string }[] {
  const counts = new Map<AuthorFilter, number>();
  let total = 0;
  for (const g of data.groups) {
    for (const kind of OPINION_KINDS) {
      for (const o of g[kind]) {
        counts.set(authorKey(o), (counts.get(authorKey(o)) ?? 0) + 1);
        total++;
      }
    }
  }
  const n = (k: AuthorFilter) => `（${counts.get(k) ?? 0}）`;
  return [
    { value: 'all', label: `全部提出人（${total}）` },
    { value: 'office', label: `${OFFICE_AUTHOR}${n('office')}` },
    ...data.experts.map((e) => ({ value: `expert:${e.expertId}` as AuthorFilter, label: `专家 ${e.name}${e.assigned ? '' : '（已不再评估本单位）'}${n(`expert:${e.expertId}`)}` })),
  ];
}
