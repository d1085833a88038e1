import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import { parseBalanceYearInput, SECTION_OVERRIDABLE_FIELDS } from './input';

describe('parseBalanceYearInput', () => {
  it('accepts a well-formed year, with null stats treated as missing', () => {
    const input = parseBalanceYearInput({
      year: 2024,
      schools: [{ id: '1', name: '一小', type: '小学', stats: { pupilsPrimary: 100, gymArea: null }, overrides: { sectionFields: { backboneTeachersPrimary: 2 } } }],
    });
    const r = computeBalance(input, { sections: ['primary'] });
    expect(r.schools[0].sections[0].values.find((v) => v.code === 'L5')!.missing.map((m) => m.key)).toEqual(['sportsGroundArea']);
    expect(r.schools[0].sections[0].values.find((v) => v.code === 'L2')!.value).toBe(2);
  });

  it('rejects unknown school types, negative overrides and overrides of non-section fields', () => {
    expect(() => parseBalanceYearInput({ year: 2024, schools: [{ id: '1', name: 'x', type: '大学', stats: {} }] })).toThrow();
    expect(() => parseBalanceYearInput({ year: 2024, schools: [{ id: '1', name: 'x', type: '小学', stats: {}, overrides: { numerators: { primary: { L4: -1 } } } }] })).toThrow();
    expect(() => parseBalanceYearInput({ year: 2024, schools: [{ id: '1', name: 'x', type: '小学', stats: {}, overrides: { sectionFields: { teachingAuxArea: 1 } } }] })).toThrow();
  });

  it('lists the per-section teacher fields as overridable', () => {
    expect([...SECTION_OVERRIDABLE_FIELDS].sort()).toEqual(
      ['backboneTeachersJunior', 'backboneTeachersPrimary', 'peArtTeachersJunior', 'peArtTeachersPrimary', 'teachersAboveDegreeJunior', 'teachersAboveDegreePrimary', 'teachersJunior', 'teachersPrimary'].sort(),
    );
  });
});
