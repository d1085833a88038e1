/**
 * Rankings of units by total score (issue 12, item 7), with a documented tie rule — ties are never
 * ranked by accident (pitfalls: order of insertion deciding a tie).
 *
 * - **competition** (default, 标准竞赛排名): equal totals share a rank and the next rank skips:
 *   1, 2, 2, 4.
 * - **dense** (密集排名): equal totals share a rank and the next follows on: 1, 2, 2, 3.
 * Totals are compared to 2 decimals (in cents), so 85.1 and 85.10000000001 tie. Units that tie are
 * listed in the order of `tieOrder` (the unit's 报送编码 by default), which never changes their rank.
 * Optionally ranked within categories (by school type, or 紧密型/松散型 for partnerships later): each
 * category is ranked on its own. Units without a total (forfeited, not scored) are not ranked here.
 */

export type TieRule = 'competition' | 'dense';

export const TIE_RULE_LABELS: Record<TieRule, string> = {
  competition: '并列占用名次（1、2、2、4）',
  dense: '并列不占用名次（1、2、2、3）',
};

export interface RankInput {
  id: number;
  /** Total score in points. */
  total: number;
  /** The category ranked within (null or one value: one ranking). */
  category?: string | null;
  /** How tied units are listed (not ranked): the 报送编码 by default. */
  tieOrder: string;
}

export interface Ranked {
  id: number;
  rank: number;
  /** Units in the same category (the ranking's size). */
  of: number;
  /** Whether another unit shares the rank (并列). */
  tied: boolean;
  category: string | null;
}

const cents = (x: number) => Math.round(x * 100);

/**
 * Ranks `units` by total, highest first, within their category.
 * @throws RangeError when a total is not finite (a caller's bug: forfeited or unscored units are left out before).
 */
export function rankUnits(units: readonly RankInput[], rule: TieRule = 'competition'): Ranked[] {
  for (const u of units) if (!Number.isFinite(u.total)) throw new RangeError(`单位 ${u.id} 的总分不是有限数`);
  const byCategory = new Map<string, RankInput[]>();
  for (const u of units) {
    const key = u.category ?? '';
    byCategory.set(key, [...(byCategory.get(key) ?? []), u]);
  }
  const out: Ranked[] = [];
  for (const [key, group] of byCategory) {
    const sorted = [...group].sort((a, b) => cents(b.total) - cents(a.total) || a.tieOrder.localeCompare(b.tieOrder, 'zh-CN') || a.id - b.id);
    let rank = 0;
    let distinct = 0;
    sorted.forEach((u, i) => {
      const same = i > 0 && cents(sorted[i - 1]!.total) === cents(u.total);
      if (!same) {
        distinct++;
        rank = rule === 'competition' ? i + 1 : distinct;
      }
      const tied = same || (i + 1 < sorted.length && cents(sorted[i + 1]!.total) === cents(u.total));
      out.push({ id: u.id, rank, of: sorted.length, tied, category: key === '' ? null : key });
    });
  }
  return out;
}
