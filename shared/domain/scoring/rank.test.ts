import { describe, expect, it } from 'vitest';
import { rankUnits } from './rank';

const unit = (id: number, total: number, category: string | null = null) => ({ id, total, category, tieOrder: `01-${String(id).padStart(3, '0')}` });

describe('rankUnits', () => {
  it('competition ranking by default: 1, 2, 2, 4, ties marked, listed by 报送编码', () => {
    const r = rankUnits([unit(3, 80), unit(1, 90), unit(4, 85), unit(2, 85)]);
    expect(r.map((x) => [x.id, x.rank, x.tied])).toEqual([
      [1, 1, false],
      [2, 2, true],
      [4, 2, true],
      [3, 4, false],
    ]);
    expect(r.every((x) => x.of === 4)).toBe(true);
  });

  it('dense ranking: 1, 2, 2, 3', () => {
    expect(rankUnits([unit(1, 90), unit(2, 85), unit(3, 85), unit(4, 80)], 'dense').map((x) => x.rank)).toEqual([1, 2, 2, 3]);
  });

  it('compares totals to 2 decimals: float noise does not break a tie', () => {
    const r = rankUnits([unit(1, 0.1 + 0.2), unit(2, 0.3)]);
    expect(r.map((x) => x.rank)).toEqual([1, 1]);
  });

  it('ranks each category on its own', () => {
    const r = rankUnits([unit(1, 90, '小学'), unit(2, 95, '初中'), unit(3, 92, '小学'), unit(4, 70, '初中')]);
    expect(r.filter((x) => x.category === '小学').map((x) => [x.id, x.rank, x.of])).toEqual([
      [3, 1, 2],
      [1, 2, 2],
    ]);
    expect(r.filter((x) => x.category === '初中').map((x) => [x.id, x.rank])).toEqual([
      [2, 1],
      [4, 2],
    ]);
  });

  it('refuses a total that is not a number (forfeited units are left out before ranking)', () => {
    expect(() => rankUnits([unit(1, Number.NaN)])).toThrow(RangeError);
  });
});
