/** Decides whether a node applies to the evaluated unit (school type, section, partnership, categories). */
import type { Applicability, PartnershipType, SchoolType, Section } from './schema.js';
import { SECTION_LABELS } from './labels.js';

/** What is being evaluated; every field is optional. */
export interface EvaluationContext {
  schoolType?: SchoolType;
  section?: Section;
  partnershipType?: PartnershipType;
  /** e.g. ['成员校', '紧密型'] */
  categories?: string[];
}

/**
 * Returns null when applicable, else the Chinese reason it is not.
 * A dimension restricts only when the node lists values AND the context states a value for it:
 * an unknown context value never excludes a node (we cannot prove it does not apply).
 *
 * Categories are judged per group (`groups`, the system's resolved category groups, see
 * categories.ts): a node restricted to 紧密型 is excluded only when the context states another
 * option of the same group (松散型); a context that says nothing about 紧密程度 (no category, or
 * only 牵头校 of another group) leaves it applicable. Categories in no group form one group.
 */
export function notApplicableReason(a: Applicability, ctx: EvaluationContext, groups: readonly { options: readonly string[] }[] = []): string | null {
  if (a.schoolTypes.length && ctx.schoolType && !a.schoolTypes.includes(ctx.schoolType))
    return `仅适用于${a.schoolTypes.join('、')}，本单位为${ctx.schoolType}`;
  if (a.sections.length && ctx.section && !a.sections.includes(ctx.section))
    return `仅适用于${a.sections.map((s) => SECTION_LABELS[s]).join('、')}学段`;
  if (a.partnershipTypes.length && ctx.partnershipType && !a.partnershipTypes.includes(ctx.partnershipType))
    return `仅适用于${a.partnershipTypes.join('、')}办学共同体`;
  if (a.categories.length && ctx.categories?.length) {
    const groupOf = (c: string) => groups.findIndex((g) => g.options.includes(c));
    for (const gi of new Set(a.categories.map(groupOf))) {
      const wanted = a.categories.filter((c) => groupOf(c) === gi);
      const stated = ctx.categories.filter((c) => groupOf(c) === gi);
      if (stated.length && !wanted.some((c) => stated.includes(c))) return `仅适用于${wanted.join('、')}，本单位为${stated.join('、')}`;
    }
  }
  return null;
}
