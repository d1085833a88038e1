/**
 * A unit's result in a round (issue 12, item 7): the agreed final scores and the unit's data put
 * through the indicator engine (shared/domain/indicators/evaluate.ts) on the round's frozen system.
 *
 * Where the values a formula reads come from (README “评分”, domain.md §4 for the formulas):
 *  1. the unit's statistics for the round's year, a value named `x` reading the statistics field
 *     `x` — or, for a unit of one compulsory section, the field `xPrimary` / `xJunior` (the national
 *     preset's `pupils` reads 小学在校生数 at a primary school). A two-section unit (九年一贯制) has no
 *     single reading of a per-section value: it stays missing rather than being summed or guessed;
 *  2. the round's values typed by the office (县域差异系数, 问卷满意度 …), read on the value's declared
 *     scale like any typed value — used only where the statistics give nothing;
 *  3. the year's balance values computed from the statistics (the county's 综合差异系数 of each
 *     section, main/services/scoring/year-values.ts) — where neither gives one. A value the office
 *     typed wins over the computed one: it is their deliberate choice (a coefficient published by
 *     the province, say), and the result names which was used.
 * A statistics field whose unit differs from the value's declared unit (万元 against 元) is refused
 * with both units named, never converted silently. A value with no source is missing: the leaf
 * counts 0 and the result is incomplete, which blocks locking (numbers are sacred).
 */
import type { IndicatorNode, IndicatorSystem, SchoolType } from '../indicators';
import { resolveValues } from '../indicators/values';
import { sectionsOfType } from '../schools/school-enums';
import { STAT_FIELD_BY_KEY, type StatValues } from '../schools/statistics-fields';

/** A value computed for the round's year, with where it came from (“2026 年差异系数测算：小学综合差异系数”). */
export interface YearValue {
  value: number;
  source: string;
}

/** Where one value of a unit's result came from, in Chinese (“统计数据：小学在校生数（人）”). */
export interface ValueSourceNote {
  name: string;
  label: string;
  /** Null when the value has no source (missing) or was refused. */
  value: number | string | null;
  source: string;
  /** Why the value could not be read (refused unit, two sections), in Chinese. */
  problem?: string;
}

const SECTION_SUFFIX = { primary: 'Primary', junior: 'Junior' } as const;

/**
 * The values `system` reads for one unit, with where each came from.
 * @param stats the unit's statistics for the round's year (undefined: none stored)
 * @param roundValues the round's typed values (name → number or text such as "85%")
 * @param yearValues values computed for the round's year (balance), used last
 */
export function unitValues(
  system: Pick<IndicatorSystem, 'nodes' | 'passRules' | 'values'>,
  schoolType: SchoolType,
  stats: StatValues | undefined,
  roundValues: Readonly<Record<string, number | string>>,
  yearValues: Readonly<Record<string, YearValue>> = {},
): { values: Record<string, number | string>; notes: ValueSourceNote[] } {
  const sections = sectionsOfType(schoolType).filter((s): s is 'primary' | 'junior' => s !== 'senior');
  const values: Record<string, number | string> = {};
  const notes: ValueSourceNote[] = [];
  for (const v of resolveValues(system)) {
    const direct = STAT_FIELD_BY_KEY.get(v.name);
    const perSection = sections.map((s) => STAT_FIELD_BY_KEY.get(`${v.name}${SECTION_SUFFIX[s]}`)).filter((d) => d !== undefined);
    const field = direct ?? (perSection.length === 1 ? perSection[0] : undefined);
    const raw = field ? stats?.[field.key] : undefined;
    if (field && typeof raw === 'number' && Number.isFinite(raw)) {
      const declared = v.unit.trim();
      if (v.scale === 'number' && declared !== '' && declared !== field.unit) {
        notes.push({ name: v.name, label: v.label, value: null, source: `统计数据：${field.label}（${field.unit}）`, problem: `${v.label}的单位是${declared}，统计数据“${field.label}”的单位是${field.unit}，单位不一致，未采用` });
        continue;
      }
      values[v.name] = raw;
      notes.push({ name: v.name, label: v.label, value: raw, source: `统计数据：${field.label}（${field.unit}）` });
      continue;
    }
    const typed = roundValues[v.name];
    if (typed !== undefined && typed !== '') {
      values[v.name] = typed;
      notes.push({ name: v.name, label: v.label, value: typed, source: '督导室填写的项目数据' });
      continue;
    }
    const computed = yearValues[v.name];
    if (computed) {
      values[v.name] = computed.value;
      notes.push({ name: v.name, label: v.label, value: computed.value, source: computed.source });
      continue;
    }
    if (!direct && perSection.length > 1) {
      notes.push({ name: v.name, label: v.label, value: null, source: '', problem: `${v.label}按学段统计，本单位有小学和初中两个学段，无法确定采用哪个学段的数据，请在项目数据中填写或在指标体系中分学段设置` });
      continue;
    }
    notes.push({ name: v.name, label: v.label, value: null, source: '', problem: `缺少${v.label}：统计数据中没有${field ? `“${field.label}”` : '对应的数据'}，项目数据中也未填写` });
  }
  return { values, notes };
}

/**
 * The statistics fields a value may be read from (its own name, or per section), as labels; empty
 * when only the round's typed value can give it.
 */
export function statisticsFieldsFor(name: string): string[] {
  const fields = [STAT_FIELD_BY_KEY.get(name), STAT_FIELD_BY_KEY.get(`${name}Primary`), STAT_FIELD_BY_KEY.get(`${name}Junior`)].filter((d) => d !== undefined);
  return fields.map((d) => `${d.label}（${d.unit}）`);
}

/** The evaluation context of a unit: its type and, when it has one compulsory section, that section. */
export function unitContext(schoolType: SchoolType): { schoolType: SchoolType; section?: 'primary' | 'junior' } {
  const compulsory = sectionsOfType(schoolType).filter((s): s is 'primary' | 'junior' => s !== 'senior');
  return compulsory.length === 1 ? { schoolType, section: compulsory[0] } : { schoolType };
}

const FINAL_SYSTEMS = new WeakMap<object, IndicatorSystem>();

/**
 * The system final scores are evaluated on: the frozen system with the step of points, bonus and
 * deduction items lifted. An agreed final score may be the experts' mean to 2 decimals (2.25 on a
 * 0.5-point item; shared/domain/scoring/reconcile.ts), which the item's step would otherwise refuse
 * as an input error counting 0 — the sheet would accept a score the result then discards. Ranges are
 * still checked; nothing else changes. Kept per system object (systems are never mutated).
 */
export function finalScoringSystem(system: IndicatorSystem): IndicatorSystem {
  let out = FINAL_SYSTEMS.get(system);
  if (!out) {
    const lift = (nodes: readonly IndicatorNode[]): IndicatorNode[] =>
      nodes.map((n) => {
        const sc = n.scoring;
        const scoring = sc && (sc.method === 'points' || sc.method === 'bonus' || sc.method === 'deduction') && sc.step > 0 ? { ...sc, step: 0 } : sc;
        return { ...n, scoring, children: lift(n.children) } as IndicatorNode;
      });
    out = { ...system, nodes: lift(system.nodes) };
    FINAL_SYSTEMS.set(system, out);
  }
  return out;
}
