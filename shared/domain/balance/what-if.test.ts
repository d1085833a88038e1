import { describe, expect, it } from 'vitest';
import { computeBalance } from './compute';
import { primarySchool } from './test-support';
import { whatIf } from './what-if';

const input = {
  year: 2024,
  schools: [primarySchool('a', 500, { backboneTeachersPrimary: 2 }), primarySchool('b', 400), primarySchool('c', 300, { multimediaRooms: 5 })],
};
const base = computeBalance(input, { sections: ['primary'] });

describe('whatIf', () => {
  it('recomputes the changed school’s attainment and every coefficient, equal to a full recompute', () => {
    const w = whatIf(input, base, [{ schoolId: 'a', stats: { backboneTeachersPrimary: 6 } }]);
    const full = computeBalance(w.input, { sections: ['primary'] });
    expect(w.result.sections).toEqual(full.sections);
    expect(w.result.gaps).toEqual(full.gaps);
    expect(w.changedSchoolIds).toEqual(['a']);
    expect(w.attainmentChanges).toEqual([{ schoolId: 'a', schoolName: 'a小学', section: 'primary', before: 'fail', after: 'pass' }]);
    const l2 = w.coefficientChanges.find((c) => c.code === 'L2')!;
    expect(l2.before).toBeGreaterThan(l2.after!);
    expect(w.coefficientChanges.find((c) => c.code === 'composite')).toBeDefined();
    expect(w.coefficientChanges).toHaveLength(8);
  });

  it('reuses unchanged schools and leaves the base result untouched', () => {
    const before = JSON.stringify(base);
    const w = whatIf(input, base, [{ schoolId: 'c', stats: { multimediaRooms: 9 } }]);
    expect(w.result.schools[0]).toBe(base.schools[0]);
    expect(w.result.schools[2]).not.toBe(base.schools[2]);
    expect(JSON.stringify(base)).toBe(before);
    expect(input.schools[2].stats.multimediaRooms).toBe(5);
  });

  it('null removes a value (missing), and unknown school ids are reported', () => {
    const w = whatIf(input, base, [{ schoolId: 'b', stats: { sportsGroundArea: null } }, { schoolId: 'zz', stats: { gymArea: 1 } }]);
    expect(w.unknownSchoolIds).toEqual(['zz']);
    expect(w.result.schools[1].sections[0].attainment!.verdict).toBe('incomplete');
  });

  it('planned overrides replace the school’s overrides', () => {
    const w = whatIf(input, base, [{ schoolId: 'a', overrides: { numerators: { primary: { L2: 5 } } } }]);
    expect(w.result.schools[0].sections[0].values.find((v) => v.code === 'L2')).toMatchObject({ source: 'override', value: 1 });
  });

  it('can skip the contribution tables for a live preview', () => {
    const w = whatIf(input, base, [{ schoolId: 'a', stats: { backboneTeachersPrimary: 6 } }], { contributions: false });
    expect(w.result.contributions).toEqual([]);
    expect(w.result.sections).toEqual(whatIf(input, base, [{ schoolId: 'a', stats: { backboneTeachersPrimary: 6 } }]).result.sections);
  });

  it('combines several changes to the same school', () => {
    const w = whatIf(input, base, [
      { schoolId: 'a', stats: { backboneTeachersPrimary: 6 } },
      { schoolId: 'a', stats: { multimediaRooms: 20 } },
    ]);
    expect(w.input.schools[0].stats).toMatchObject({ backboneTeachersPrimary: 6, multimediaRooms: 20 });
    expect(w.changedSchoolIds).toEqual(['a']);
  });

  it('chains: a what-if on a what-if', () => {
    const w1 = whatIf(input, base, [{ schoolId: 'a', stats: { backboneTeachersPrimary: 6 } }]);
    const w2 = whatIf(w1.input, w1.result, [{ schoolId: 'c', stats: { multimediaRooms: 9 } }]);
    const full = computeBalance(w2.input, { sections: ['primary'] });
    expect(w2.result.sections).toEqual(full.sections);
  });
});
