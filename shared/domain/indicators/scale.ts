/**
 * Declared scales of named values (issue 8, item 4: every ratio has ONE declared scale).
 *
 * A value a system reads — a trial input such as 社会认可度, the threshold of a formula on it, the
 * minimum of a value rule — is on exactly one of three scales, declared in the system's `values`
 * (see schema.ts, {@link VALUE_SCALES}):
 *  - `ratio`: a share written 0–1 (0.85 means 85 %), shown as a percentage;
 *  - `percent`: a percentage written 0–100 (85 means 85 %), shown with a % sign;
 *  - `number`: a plain quantity (pupils, m², 元, difference coefficients …), no range implied.
 *
 * Input is read against that declaration only: "85%" / "85 %" / "85％" are unambiguous and are
 * normalised to the declared scale; a bare number that fits the declared range is taken as it is;
 * a bare number that does not fit (80 for a ratio) is refused with a message that states both
 * readings, e.g. “社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%”.
 * Nothing is guessed silently.
 */
import { readNumberText } from '../text/number.js';
import { showInvisible } from '../text/normalize.js';
import { formatNumber, formatRatio, isRatio } from './format.js';
import type { ValueScale } from './schema.js';

/** The reading of one typed value: the number on the declared scale, or why it is refused. */
export type ScaledReading =
  | { ok: true; value: number; /** Set when the text was converted (e.g. "85%" → 0.85), in Chinese. */ note?: string }
  | { ok: false; message: string };

/**
 * Reads a typed value (a number, or text such as "85 %", "0.85", "８５％", "1,200") on `scale`.
 *
 * - text: read by readNumberText (shared/domain/text/number.ts), the same reader as the imports:
 *   full-width digits and ％, thousands separators, spaces at either end; an invisible character
 *   inside the number is refused and shown as ⟨U+200B⟩; a trailing % makes it a percentage:
 *   ratio → ÷ 100, percent → as is, number → refused.
 * - ratio: 0 ≤ v ≤ 1; above 1 (up to 100) refused with both readings (80 → 0.8 or 80%).
 * - percent: 0 ≤ v ≤ 100.
 * - number: any finite value.
 *
 * `label` names the value in the messages (Chinese). Never throws.
 */
export function readScaledValue(raw: number | string, scale: ValueScale, label: string): ScaledReading {
  if (typeof raw === 'number') return checkOnScale(raw, formatNumber(raw, 6), scale, label);
  const shown = raw.trim();
  const r = readNumberText(raw, { allowPercent: true });
  if (r.kind === 'missing') return { ok: false, message: `${label} 未填写` };
  if (r.kind === 'invalid') return { ok: false, message: `${label} 填写为“${showInvisible(shown)}”：${r.problem}` };
  if (r.percent) {
    const p = r.value;
    if (scale === 'number') return { ok: false, message: `${label} 填写为 ${shown}：该项是数值，不是百分比，请直接填写数值` };
    if (p < 0 || p > 100) return { ok: false, message: `${label} 填写为 ${shown}：百分比应在 0%～100% 之间` };
    return scale === 'ratio' ? { ok: true, value: p / 100, note: `${label} ${shown} 按比例 ${formatNumber(p / 100, 8)} 计` } : { ok: true, value: p };
  }
  return checkOnScale(r.value, shown, scale, label);
}

function checkOnScale(v: number, shown: string, scale: ValueScale, label: string): ScaledReading {
  if (!Number.isFinite(v)) return { ok: false, message: `${label} 填写为 ${shown}：不是有限数值` };
  switch (scale) {
    case 'number':
      return { ok: true, value: v };
    case 'ratio':
      if (isRatio(v)) return { ok: true, value: Math.min(Math.max(v, 0), 1) };
      return { ok: false, message: ratioMessage(label, `填写为 ${shown}`, v) };
    case 'percent':
      if (v >= 0 && v <= 100) return { ok: true, value: v };
      return { ok: false, message: `${label} 填写为 ${shown}：按百分数应在 0～100 之间` };
  }
}

/**
 * The message for a number that should be a ratio 0–1 but is not, stating both readings:
 * “社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%”. The second reading is
 * offered only when it exists (1 < v ≤ 100); negative values are simply out of range.
 */
export function ratioMessage(label: string, what: string, v: number): string {
  const head = `${label} ${what}：按比例应在 0～1 之间`;
  if (v > 1 && v <= 100) return `${head}；若指 ${formatNumber(v, 6)}%，请填写 ${formatNumber(v / 100, 8)} 或 ${formatNumber(v, 6)}%`;
  return head;
}

/**
 * Checks a threshold typed for a value on `scale` (a formula's 标准值, a value rule's minimum).
 * Returns null when it fits the scale, else the Chinese message with both readings.
 */
export function thresholdScaleProblem(v: number, scale: ValueScale, label: string, what: string): string | null {
  if (scale === 'ratio' && !isRatio(v)) return ratioMessage(label, what, v);
  if (scale === 'percent' && (v < 0 || v > 100)) return `${label} ${what}：按百分数应在 0～100 之间`;
  return null;
}

/**
 * Formats a value on its declared scale: ratio → "85%" (via {@link formatRatio}, the one ratio
 * formatter), percent → "85%", number → "4.2" followed by `unit`. `decimals` are those of the
 * number as shown (for a ratio: of the percentage).
 */
export function formatScaled(v: number | null | undefined, scale: ValueScale, decimals = 2, unit = ''): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (scale === 'ratio') return formatRatio(v, Math.max(decimals - 2, 1));
  if (scale === 'percent') return `${formatNumber(v, decimals)}%`;
  return `${formatNumber(v, decimals)}${unit}`;
}
