/**
 * The ×10,000 check (issue 8 §3): a money or area value that differs from the same school's value
 * last year, or (without one) from the district's per-pupil median, or (without any district data)
 * from the national per-pupil standard, by roughly ten thousand times
 * was almost certainly typed in 万元 where 元 was meant (or the reverse). Such a value is never
 * stored on a guess: the preview asks, per field, whether to convert the flagged rows or keep them.
 */
import type { ImportNotice, ImportQuestion } from '../../../shared/api/contracts/exchange';
import type { School } from '../../../shared/api/contracts/schools';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import { QUALITY_2017_INDICATORS } from '../../../shared/domain/balance/indicators';
import { STAT_FIELDS, type StatFieldDef, type StatValues } from '../../../shared/domain/schools/statistics-fields';
import { formatNumber } from './cell-values';
import { describeRows } from './issues';
import type { ParsedStatsRow } from './parse-stats';

/** Ratios at or beyond these (≈ 10^4 within about half an order of magnitude either way) are flagged. */
export const MAGNITUDE_HIGH = 2000;
export const MAGNITUDE_LOW = 1 / MAGNITUDE_HIGH;
/** The district median needs at least this many schools to say anything. */
const MIN_DISTRICT_SAMPLES = 3;

const FIELDS: readonly StatFieldDef[] = STAT_FIELDS.filter((d) => d.kind === 'money' || d.kind === 'area');

/**
 * The national per-pupil standard of a field that is the whole numerator of a 2017 resource
 * indicator (教学及辅助用房 4.5 m², 体育运动场地 7.5 m², 教学仪器设备 2,000 元 per primary pupil;
 * domain.md §1.2): the last reference when neither last year nor the district says anything.
 * The lower (primary) standard is taken; a school 2,000 times off it is a unit slip, whatever its section.
 */
const STANDARD_PER_PUPIL: ReadonlyMap<string, number> = new Map(
  QUALITY_2017_INDICATORS.flatMap((ind) =>
    ind.numerator.kind === 'shared' && ind.numerator.fields.length === 1 && !ind.per100 && ind.thresholds
      ? [[ind.numerator.fields[0], Math.min(ind.thresholds.primary, ind.thresholds.junior)] as const]
      : [],
  ),
);

export function magnitudeQuestionId(fieldKey: string): string {
  return `magnitude:${fieldKey}`;
}

function pupils(values: StatValues | undefined): number | null {
  if (!values) return null;
  let n = 0;
  for (const k of ['pupilsPrimary', 'pupilsJunior', 'pupilsSenior']) {
    const v = values[k];
    if (typeof v === 'number') n += v;
  }
  return n > 0 ? n : null;
}

function median(xs: number[]): number | null {
  if (xs.length < MIN_DISTRICT_SAMPLES) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

interface Flag {
  row: number;
  label: string;
  value: number;
  basis: string;
  /** Multiply by this to bring the value in line (10000 or 1/10000). */
  factor: number;
}

export interface MagnitudeCheck {
  /** The row's file values with answered conversions applied; records what needs a question. */
  apply(p: ParsedStatsRow, school: School, campusId: number | null, merged: StatValues): StatValues;
  questions(): ImportQuestion[];
  notices(): ImportNotice[];
}

/**
 * Prepares the check for one import: last year's values by school and campus, and the district's
 * per-pupil medians per field from the stored records of the year and the year before.
 */
export function magnitudeCheck(
  ctx: { current: StatRecord[]; previousYear: StatRecord[] },
  answers: Readonly<Record<string, string>>,
): MagnitudeCheck {
  const previous = new Map(ctx.previousYear.map((r) => [`${r.schoolId}|${r.campusId ?? 0}|${r.year}`, r.values]));
  const perPupil = new Map<string, number | null>();
  for (const def of FIELDS) {
    const xs: number[] = [];
    for (const r of [...ctx.current, ...ctx.previousYear]) {
      const v = r.values[def.key];
      const n = pupils(r.values);
      if (typeof v === 'number' && v > 0 && n) xs.push(v / n);
    }
    perPupil.set(def.key, median(xs));
  }
  const flags = new Map<string, Flag[]>();
  const applied = new Map<string, Flag[]>();

  return {
    apply(p, school, campusId, merged) {
      const out: StatValues = { ...p.values };
      for (const def of FIELDS) {
        const v = p.values[def.key];
        if (typeof v !== 'number' || v <= 0) continue;
        let ratio: number | null = null;
        let basis = '';
        const last = previous.get(`${school.id}|${campusId ?? 0}|${p.year - 1}`)?.[def.key];
        if (typeof last === 'number' && last > 0) {
          ratio = v / last;
          basis = `上一年为 ${formatNumber(last)} ${def.unit}`;
        } else {
          const m = perPupil.get(def.key);
          const std = STANDARD_PER_PUPIL.get(def.key);
          const n = pupils(merged);
          if (m && n) {
            ratio = v / n / m;
            basis = `每生 ${formatNumber(v / n)} ${def.unit}，全区每生中位数为 ${formatNumber(m)} ${def.unit}`;
          } else if (std && n) {
            ratio = v / n / std;
            basis = `每生 ${formatNumber(v / n)} ${def.unit}，国家标准为每生不低于 ${formatNumber(std)} ${def.unit}`;
          }
        }
        if (ratio === null || (ratio < MAGNITUDE_HIGH && ratio > MAGNITUDE_LOW)) continue;
        const flag: Flag = { row: p.row, label: school.name, value: v, basis, factor: ratio <= MAGNITUDE_LOW ? 10000 : 1 / 10000 };
        const answer = answers[magnitudeQuestionId(def.key)];
        if (answer === 'scale') {
          out[def.key] = round2(v * flag.factor);
          applied.set(def.key, [...(applied.get(def.key) ?? []), flag]);
        } else if (answer !== 'keep') {
          flags.set(def.key, [...(flags.get(def.key) ?? []), flag]);
        }
      }
      return out;
    },
    questions() {
      return [...flags].map(([key, list]) => {
        const def = FIELDS.find((d) => d.key === key)!;
        const examples = list
          .slice(0, 3)
          .map((f) => `第 ${f.row} 行“${f.label}”为 ${formatNumber(f.value)} ${def.unit}（${f.basis}）`)
          .join('；');
        const up = list.every((f) => f.factor > 1);
        const down = list.every((f) => f.factor < 1);
        const scaleLabel = up ? '这些数值是按万元（万平方米）填写的：乘以 10000 后保存' : down ? '这些数值多乘了 10000：除以 10000 后保存' : '按约一万倍换算后保存';
        return {
          id: magnitudeQuestionId(key),
          message: `“${def.label}”有 ${list.length} 个数值与上一年、全区其他学校或国家标准相差约一万倍，可能填错了单位（元与万元${def.kind === 'area' ? '、平方米与万平方米' : ''}）：${examples}。请确认`,
          options: [
            { value: 'scale', label: scaleLabel },
            { value: 'keep', label: '数值无误，按填写值保存' },
          ],
        };
      });
    },
    notices() {
      return [...applied].map(([key, list]) => {
        const def = FIELDS.find((d) => d.key === key)!;
        return {
          kind: 'unit' as const,
          message: `按您的选择，“${def.label}”${describeRows(list.map((f) => f.row))}的数值已按一万倍换算后保存`,
        };
      });
    },
  };
}
