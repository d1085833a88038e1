import { describe, expect, it } from 'vitest';
import { STAT_FIELD_BY_KEY, STAT_FIELDS } from '../../../../../shared/domain/schools/statistics-fields';
import { totalsWarning, totalsWarnings } from './campus-totals';

const field = (key: string) => STAT_FIELD_BY_KEY.get(key)!;
const pupils = field('pupilsPrimary');

describe('totalsWarning (campus)', () => {
  it('warns when the campus has more than the whole school, naming both numbers', () => {
    expect(totalsWarning(pupils, 1200, { scope: 'campus', school: { pupilsPrimary: 1000 }, otherCampuses: [] })).toBe(
      '本校区小学在校生数 1200 人，超过全校的 1000 人，请核对（校区是学校的一部分）',
    );
  });

  it('warns when the campuses together exceed the school', () => {
    expect(totalsWarning(pupils, 600, { scope: 'campus', school: { pupilsPrimary: 1000 }, otherCampuses: [{ pupilsPrimary: 500 }, {}] })).toBe(
      '各校区小学在校生数合计 1100 人（本校区 600 人），超过全校的 1000 人，请核对',
    );
  });

  it('is quiet at or below the school, without a school record, or for a blank value', () => {
    const school = { pupilsPrimary: 1000 };
    expect(totalsWarning(pupils, 1000, { scope: 'campus', school, otherCampuses: [] })).toBeNull();
    expect(totalsWarning(pupils, 500, { scope: 'campus', school, otherCampuses: [{ pupilsPrimary: 500 }] })).toBeNull();
    expect(totalsWarning(pupils, 5000, { scope: 'campus', school: undefined, otherCampuses: [] })).toBeNull();
    expect(totalsWarning(pupils, 5000, { scope: 'campus', school: { books: 1 }, otherCampuses: [] })).toBeNull();
    expect(totalsWarning(pupils, null, { scope: 'campus', school, otherCampuses: [] })).toBeNull();
  });

  it('does not read float noise as more (areas with decimals)', () => {
    const area = field('teachingAuxArea');
    expect(totalsWarning(area, 0.2, { scope: 'campus', school: { teachingAuxArea: 0.3 }, otherCampuses: [{ teachingAuxArea: 0.1 }] })).toBeNull();
    expect(totalsWarning(area, 0.25, { scope: 'campus', school: { teachingAuxArea: 0.3 }, otherCampuses: [{ teachingAuxArea: 0.1 }] })).toBe(
      '各校区教学及辅助用房面积合计 0.35 平方米（本校区 0.25 平方米），超过全校的 0.3 平方米，请核对',
    );
  });

  it('does not compare percentages or per-class lists', () => {
    // No catalogue field is a percentage today; the kind exists, so the rule is checked on its own.
    const percent = { key: 'rate', label: '达标率', unit: '%', kind: 'percent' as const, group: '其他' };
    expect(totalsWarning(percent, 90, { scope: 'campus', school: { rate: 50 }, otherCampuses: [] })).toBeNull();
    expect(totalsWarning(field('classSizesPrimary'), [50, 50], { scope: 'campus', school: { classSizesPrimary: [40] }, otherCampuses: [] })).toBeNull();
  });
});

describe('totalsWarning (school)', () => {
  it('warns when the whole school has less than its campuses together', () => {
    expect(totalsWarning(pupils, 1000, { scope: 'school', campuses: [{ pupilsPrimary: 700 }, { pupilsPrimary: 400 }] })).toBe(
      '全校小学在校生数 1000 人，少于各校区合计的 1100 人，请核对',
    );
    expect(totalsWarning(pupils, 1100, { scope: 'school', campuses: [{ pupilsPrimary: 700 }, { pupilsPrimary: 400 }] })).toBeNull();
    expect(totalsWarning(pupils, 10, { scope: 'school', campuses: [{}] })).toBeNull();
  });
});

describe('totalsWarnings', () => {
  it('lists every contradicted field in field order', () => {
    const warnings = totalsWarnings(STAT_FIELDS, { books: 9000, pupilsPrimary: 1200, teachers: 10 }, { scope: 'campus', school: { pupilsPrimary: 1000, books: 8000, teachers: 80 }, otherCampuses: [] });
    expect(warnings.map((w) => w.key)).toEqual(['pupilsPrimary', 'books']);
    expect(warnings[1].message).toBe('本校区图书册数 9000 册，超过全校的 8000 册，请核对（校区是学校的一部分）');
  });
});
