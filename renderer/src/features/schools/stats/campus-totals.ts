/**
 * A campus's figures against its school's (issue 10, new-user trial): a campus is part of its
 * school, so a campus with more pupils (teachers, rooms, area, money) than the whole school — or
 * campuses that together have more — is almost always a typing slip or figures entered at the wrong
 * level. The balance page would only say so later (排除与提示, “数据不一致，按无效处理”), so the form
 * warns beside the field when the figures are entered. It is a warning, not a refusal: the school's
 * own record may be the one that is out of date, and the user decides.
 *
 * Only figures that add up are compared (counts, areas, money); percentages and per-class lists are
 * not. A figure left blank on either side is not compared: missing is never read as zero.
 *
 * Pure: no DOM.
 */
import type { StatFieldDef, StatValues } from '../../../../../shared/domain/schools/statistics-fields';

/** What the record being edited is compared with: the other records of the same school and year. */
export type TotalsContext =
  | {
      /** Editing a campus's record. */
      scope: 'campus';
      /** The school's whole-school record of the year; undefined when it has none (nothing to compare). */
      school: StatValues | undefined;
      /** The records of the school's other campuses of the year. */
      otherCampuses: readonly StatValues[];
    }
  | {
      /** Editing the whole-school record. */
      scope: 'school';
      /** The records of the school's campuses of the year. */
      campuses: readonly StatValues[];
    };

const ADDITIVE: ReadonlySet<StatFieldDef['kind']> = new Set(['count', 'area', 'money']);
// Areas and money carry decimals: 0.1 + 0.2 must not read as more than 0.3.
const clean = (x: number) => Math.round(x * 1e6) / 1e6;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The warning for one field's value (in the field's unit), naming both numbers; null when the
 * value is blank, the field does not add up, or nothing contradicts it.
 *
 * - campus: the campus's value above the school's (“本校区小学在校生数 1200 人，超过全校的 1000 人”), or
 *   the campuses together above it (“各校区小学在校生数合计 1100 人（本校区 600 人），超过全校的 1000 人”);
 * - school: the school's value below its campuses' sum (“全校小学在校生数 1000 人，少于各校区合计的 1100 人”).
 */
export function totalsWarning(def: StatFieldDef, value: unknown, ctx: TotalsContext): string | null {
  if (!ADDITIVE.has(def.kind)) return null;
  const v = num(value);
  if (v === null) return null;
  const u = def.unit;
  if (ctx.scope === 'campus') {
    const whole = num(ctx.school?.[def.key]);
    if (whole === null) return null;
    if (v > whole) return `本校区${def.label} ${v} ${u}，超过全校的 ${whole} ${u}，请核对（校区是学校的一部分）`;
    const others = ctx.otherCampuses.map((c) => num(c[def.key])).filter((n): n is number => n !== null);
    if (others.length === 0) return null;
    const sum = clean(others.reduce((s, n) => s + n, v));
    if (sum > whole) return `各校区${def.label}合计 ${sum} ${u}（本校区 ${v} ${u}），超过全校的 ${whole} ${u}，请核对`;
    return null;
  }
  const parts = ctx.campuses.map((c) => num(c[def.key])).filter((n): n is number => n !== null);
  if (parts.length === 0) return null;
  const sum = clean(parts.reduce((s, n) => s + n, 0));
  if (v < sum) return `全校${def.label} ${v} ${u}，少于各校区合计的 ${sum} ${u}，请核对`;
  return null;
}

/** Every warning of a record about to be saved, in field order: the field's label and the message. */
export function totalsWarnings(fields: readonly StatFieldDef[], values: StatValues, ctx: TotalsContext): { key: string; label: string; message: string }[] {
  const out: { key: string; label: string; message: string }[] = [];
  for (const def of fields) {
    const message = totalsWarning(def, values[def.key], ctx);
    if (message) out.push({ key: def.key, label: def.label, message });
  }
  return out;
}
