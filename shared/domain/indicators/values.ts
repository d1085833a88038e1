/**
 * Named values a system reads (trial `values`, formula variables, value rules): their labels and
 * declared scales, and the reading of a trial's typed values against them (issue 8, item 4).
 */
import { compileFormula } from './formula.js';
import { readScaledValue } from './scale.js';
import type { FormulaScoring, IndicatorSystem, ValueDef, ValueScale } from './schema.js';
import { flattenNodes } from './tree.js';

/** A value the system reads, with where its label came from. */
export interface ResolvedValue extends ValueDef {
  /** declared: in the system's `values`; inferred: label taken from a rule or an indicator title. */
  source: 'declared' | 'inferred';
}

/**
 * Every named value the system reads, in document order (formula variables first, then value
 * rules), followed by declared values nothing reads yet. Label: the declaration's; else a value
 * rule's label; else the title of a formula indicator whose whole expression is that value (e.g.
 * cvPrimary → 小学综合差异系数); else the key marked “（未定义中文名称）”. Scale: the declaration's,
 * else `number`. Every value read must be declared: validate.ts reports the others as errors.
 */
export function resolveValues(system: Pick<IndicatorSystem, 'nodes' | 'passRules' | 'values'>): ResolvedValue[] {
  const declared = new Map(system.values.map((v) => [v.name, v]));
  const titles = new Map<string, string>();
  const order: string[] = [];
  const see = (name: string) => {
    if (!order.includes(name)) order.push(name);
  };
  for (const { node } of flattenNodes(system.nodes)) {
    if (node.scoring?.method !== 'formula') continue;
    const c = compileFormula(node.scoring.expression);
    if (!c.ok) continue;
    c.formula.variables.forEach(see);
    const single = singleVariable(node.scoring);
    if (single && !titles.has(single)) titles.set(single, node.title);
  }
  const ruleLabels = new Map<string, string>();
  for (const r of system.passRules) {
    if (r.kind !== 'valueAtLeast') continue;
    see(r.name);
    if (!ruleLabels.has(r.name)) ruleLabels.set(r.name, r.label);
  }
  for (const v of system.values) see(v.name);
  return order.map((name) => {
    const d = declared.get(name);
    if (d) return { ...d, source: 'declared' as const };
    // Not declared: a validation error (validate.ts); meanwhile the best label there is. Only a
    // value with neither rule nor single-value formula falls back to its name, marked as such.
    return { name, label: ruleLabels.get(name) ?? titles.get(name) ?? `${name}（未定义中文名称）`, scale: 'number' as const, unit: '', source: 'inferred' as const };
  });
}

/**
 * How a value is named to users: its Chinese label followed by its unit — "在校生数（人）",
 * "社会认可度（比例）", "问卷满意度（%）"; a plain number without a unit is the label alone.
 * An undeclared value is named by its inferred label (see {@link resolveValues}).
 */
export function valueCaption(v: Pick<ValueDef, 'label' | 'scale' | 'unit'>): string {
  const unit = v.scale === 'ratio' ? '比例' : v.scale === 'percent' ? '%' : v.unit.trim();
  return unit ? `${v.label}（${unit}）` : v.label;
}

/**
 * Names a value by key for messages and formula readings: the caption of `lookup`'s entry, or
 * “未定义的数据”: a key that the system does not read has no label, and the key itself is never shown.
 */
export function captionOf(lookup: ReadonlyMap<string, Pick<ValueDef, 'label' | 'scale' | 'unit'>>, name: string, withUnit = true): string {
  const v = lookup.get(name);
  if (!v) return '未定义的数据';
  return withUnit ? valueCaption(v) : v.label;
}

/** The variable a formula consists of when its whole expression is one name, else null. */
export function singleVariable(s: Pick<FormulaScoring, 'expression'>): string | null {
  const c = compileFormula(s.expression);
  if (!c.ok || c.formula.variables.length !== 1) return null;
  return s.expression.trim() === c.formula.variables[0] ? c.formula.variables[0]! : null;
}

/**
 * The scale of a formula's computed value and of its thresholds: the declared scale of the value
 * when the expression is that one value (社会认可度 → ratio), otherwise a plain number (a
 * computed quantity such as teachers per 100 pupils, shown with the formula's unit).
 */
export function formulaScale(s: Pick<FormulaScoring, 'expression'>, lookup: ReadonlyMap<string, ResolvedValue>): ValueScale {
  const v = singleVariable(s);
  return v ? lookup.get(v)?.scale ?? 'number' : 'number';
}

/** One refused value of a trial input. */
export interface ValueProblem {
  name: string;
  label: string;
  message: string;
}

/** Trial values read against their declared scales. */
export interface ReadValues {
  /** The accepted values, each a number on its declared scale. */
  values: Record<string, number>;
  /** Refused values by name (they count as missing, so rules and formulas on them do not pass). */
  problems: Map<string, ValueProblem>;
  /** Conversions made, in Chinese (e.g. "社会认可度 85% 按比例 0.85 计"). */
  notes: string[];
}

/**
 * Reads the typed values of a trial (numbers or text such as "85%") against the declared scales
 * of `lookup` (see {@link readScaledValue}); names not in `lookup` are not read and get a note. Pure.
 */
export function readTrialValues(raw: Readonly<Record<string, number | string>> | undefined, lookup: ReadonlyMap<string, ResolvedValue>): ReadValues {
  const values: Record<string, number> = {};
  const problems = new Map<string, ValueProblem>();
  const notes: string[] = [];
  for (const [name, v] of Object.entries(raw ?? {})) {
    const def = lookup.get(name);
    if (!def) {
      // A value the system never reads is not silently dropped: the result says it was not used.
      notes.push(`“${name}”不是本指标体系的数据项，未参与计算`);
      continue;
    }
    const label = def?.label ?? name;
    const r = readScaledValue(v, def?.scale ?? 'number', label);
    if (r.ok) {
      values[name] = r.value;
      if (r.note) notes.push(r.note);
    } else problems.set(name, { name, label, message: r.message });
  }
  return { values, problems, notes };
}
