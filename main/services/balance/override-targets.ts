/**
 * What an office may override: an indicator's numerator for one section (real units), or a
 * per-section teacher count. Labels and units come from the shared indicator and field catalogues.
 */
import { BALANCE_SECTION_LABELS, BUILT_IN_PROFILES, SECTION_OVERRIDABLE_FIELDS, fieldLabel, type BalanceSection, type IndicatorDef } from '../../../shared/domain/balance';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';

export interface OverrideTarget {
  kind: 'indicator' | 'field';
  label: string;
  unit: string;
}

const INDICATORS = new Map<string, IndicatorDef>();
for (const p of Object.values(BUILT_IN_PROFILES)) for (const ind of p.indicators) if (!INDICATORS.has(ind.code)) INDICATORS.set(ind.code, ind);

/** The target's kind, label and unit; null when unknown or not valid for the section. */
export function overrideTarget(target: string, section: BalanceSection): OverrideTarget | null {
  const ind = INDICATORS.get(target);
  if (ind) return { kind: 'indicator', label: `${ind.code} ${ind.name}（分子：${ind.gap.what}）`, unit: ind.gap.unit };
  if (SECTION_OVERRIDABLE_FIELDS.has(target) && STAT_FIELD_BY_KEY.get(target)?.section === section) {
    return { kind: 'field', label: fieldLabel(target), unit: STAT_FIELD_BY_KEY.get(target)!.unit };
  }
  return null;
}

export function describeTargetProblem(target: string, section: BalanceSection): string {
  if (SECTION_OVERRIDABLE_FIELDS.has(target)) return `“${fieldLabel(target)}”不属于${BALANCE_SECTION_LABELS[section]}学段`;
  return `不能调整“${target}”：只能调整指标分子（L1—L7、B1—B8）或分学段的教师数`;
}
