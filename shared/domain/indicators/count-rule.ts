/**
 * Count rules: "at least N of these items met, and every item not met reaches R of its threshold".
 * The national school rule is minMet 6 of the 7 resource indicators with othersMinRatio 0.85.
 *
 * N/A items are left out: minMet is counted among applicable items, and when fewer than minMet
 * items apply, all applicable items must be met. An unmet item without a threshold ratio
 * (e.g. a met/not-met item) cannot satisfy the floor. Missing data counts as not met.
 */
import { formatNumber, formatRatio } from './format.js';
import { atLeast, type LeafOutcome } from './leaf.js';
import type { CountScoring } from './schema.js';

interface ItemView {
  nodeId: string;
  code: string;
  title: string;
  applicable: boolean;
  status: string;
  met: boolean | null;
  ratio?: number | null;
}

export function evaluateCountRule(rule: CountScoring, max: number, lookup: (id: string) => ItemView | undefined): LeafOutcome {
  const items = rule.itemIds.map((id) => lookup(id));
  if (items.some((i) => i === undefined)) {
    return { status: 'error', earned: 0, met: false, explanation: '计数规则引用的指标不存在，暂计 0 分' };
  }
  const applicable = (items as ItemView[]).filter((i) => i.applicable);
  const met = applicable.filter((i) => i.met === true);
  const unmet = applicable.filter((i) => i.met !== true);
  const need = Math.min(rule.minMet, applicable.length);
  const countOk = met.length >= need;
  const short = rule.othersMinRatio === null ? [] : unmet.filter((i) => !(typeof i.ratio === 'number' && atLeast(i.ratio, rule.othersMinRatio!)));
  const ok = countOk && short.length === 0;
  const missing = applicable.some((i) => i.status === 'missing' || i.status === 'error');

  const parts = [`${applicable.length} 项适用，达标 ${met.length} 项（需至少 ${need} 项）`];
  if (rule.othersMinRatio !== null && unmet.length) {
    const floor = formatRatio(rule.othersMinRatio, 2);
    parts.push(
      `未达标项：${unmet
        .map((i) => `${i.code || i.title}${typeof i.ratio === 'number' ? ` 为标准的 ${formatRatio(i.ratio)}` : ''}${short.includes(i) ? `（低于 ${floor}）` : ''}`)
        .join('、')}（需不低于标准的 ${floor}）`,
    );
  }
  return {
    status: missing ? 'missing' : 'scored',
    earned: ok ? max : 0,
    met: ok,
    explanation: `${ok ? '达到' : '未达到'}计数规则：${parts.join('；')}，得 ${formatNumber(ok ? max : 0)} 分`,
  };
}
