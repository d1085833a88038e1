/**
 * Categories (类别) of a system: the free labels in a node's applicability (紧密型, 松散型, 牵头校 …),
 * grouped and declared once with the system (`categoryGroups`, e.g. 紧密程度: 紧密型 / 松散型), so
 * that the 试算 form and the indicator editor offer the system's own choices, never a list built
 * into the UI (issue 10, item 9).
 */
import type { CategoryGroup, IndicatorSystem, PartnershipType } from './schema.js';
import { flattenNodes } from './tree.js';

/** A category group as shown to users, with where it came from. */
export interface ResolvedCategoryGroup extends CategoryGroup {
  /**
   * declared: in the system's `categoryGroups`. inferred: the categories the nodes use that no
   * group declares (systems saved before groups existed), gathered as one group “其他类别”.
   */
  source: 'declared' | 'inferred';
}

/** Label of the group that gathers undeclared categories. */
export const OTHER_CATEGORIES_LABEL = '其他类别';

/**
 * The declared groups, then (when the nodes use categories no group declares) one inferred group
 * “其他类别” with those categories in document order. Pure.
 */
export function resolveCategoryGroups(system: Pick<IndicatorSystem, 'nodes' | 'categoryGroups'>): ResolvedCategoryGroup[] {
  const declared = new Set(system.categoryGroups.flatMap((g) => g.options));
  const others: string[] = [];
  for (const { node } of flattenNodes(system.nodes))
    for (const c of node.applicability.categories) if (!declared.has(c) && !others.includes(c)) others.push(c);
  const out: ResolvedCategoryGroup[] = system.categoryGroups.map((g) => ({ ...g, source: 'declared' as const }));
  if (others.length) out.push({ label: OTHER_CATEGORIES_LABEL, options: others, partnershipTypes: [], source: 'inferred' });
  return out;
}

/**
 * The groups a unit of `partnershipType` is asked about: groups restricted to other partnership
 * types are left out; with no type chosen every group is offered.
 */
export function categoryGroupsFor<G extends CategoryGroup>(groups: readonly G[], partnershipType: PartnershipType | undefined): G[] {
  return groups.filter((g) => !partnershipType || g.partnershipTypes.length === 0 || g.partnershipTypes.includes(partnershipType));
}

/**
 * Checks the categories a trial states against the groups: a category the system does not define
 * (it cannot make any indicator apply) and two options of one declared group (a unit is either
 * 紧密型 or 松散型). Returns Chinese notices; empty when all is well.
 */
export function categoryNotices(categories: readonly string[] | undefined, groups: readonly ResolvedCategoryGroup[]): string[] {
  const out: string[] = [];
  for (const c of categories ?? [])
    if (!groups.some((g) => g.options.includes(c))) out.push(`类别“${c}”不是本指标体系定义的类别，未参与判断`);
  for (const g of groups) {
    if (g.source !== 'declared') continue;
    const chosen = g.options.filter((o) => categories?.includes(o));
    if (chosen.length > 1) out.push(`“${g.label}”只能选一项，现选了 ${chosen.join('、')}：两类指标都按适用计算`);
  }
  return out;
}
