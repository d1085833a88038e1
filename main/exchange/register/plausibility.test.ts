import { describe, expect, it } from 'vitest';
import { checkPlausibility } from './plausibility';

const fields = (notes: { field: string }[]) => notes.map((n) => n.field);

describe('checkPlausibility', () => {
  it('flags pupil and teacher swings over 30 % but not within', () => {
    const prev = { pupilsPrimary: 1000, pupilsJunior: 500, teachers: 100 };
    expect(checkPlausibility({ pupilsPrimary: 1300, pupilsJunior: 340, teachers: 69 }, prev).map((n) => n.message)).toEqual([
      '初中在校生数由上一年的 500 人变为 340 人，减少了 32.0%，超过 30%，请核实',
      '专任教师数由上一年的 100 人变为 69 人，减少了 31.0%，超过 30%，请核实',
    ]);
  });

  it('flags shrinking areas and equipment value, not growth', () => {
    const prev = { teachingAuxArea: 5000, sportsGroundArea: 8000, gymArea: 600, equipmentValue: 2000000 };
    expect(fields(checkPlausibility({ teachingAuxArea: 5100, sportsGroundArea: 7999, gymArea: 600, equipmentValue: 1999999.99 }, prev))).toEqual([
      'sportsGroundArea',
      'equipmentValue',
    ]);
  });

  it('checks teacher sub-counts against totals', () => {
    const notes = checkPlausibility({ teachers: 50, teachersPrimary: 40, teachersAboveDegreePrimary: 41, teachersAboveDegreeJunior: 51, backboneTeachers: 60 }, undefined);
    expect(notes.map((n) => n.message)).toEqual([
      '小学专科及以上学历专任教师数（41）多于小学专任教师数（40）',
      '初中本科及以上学历专任教师数（51）多于专任教师数（50）',
      '县级及以上骨干教师数（60）多于专任教师数（50）',
    ]);
  });

  it('checks class sizes and grades against section pupils, and class counts', () => {
    const notes = checkPlausibility(
      { pupilsPrimary: 100, classSizesPrimary: [50, 49], classesPrimary: 3, pupilsGrade1: 60, pupilsGrade2: 39, pupilsJunior: 90, classSizesJunior: [45, 45] },
      undefined,
    );
    expect(notes.map((n) => n.message)).toEqual([
      '小学各班人数之和（99）与小学在校生数（100）不一致',
      '1—2 年级学生数之和（99）与小学在校生数（100）不一致',
      '小学各班人数列出了 2 个班，与小学班级数（3）不一致',
    ]);
  });

  it('does not warn on large classes, which are data, nor on consistent figures', () => {
    expect(checkPlausibility({ pupilsPrimary: 120, classSizesPrimary: [60, 60], classesPrimary: 2, teachers: 10, backboneTeachers: 10 }, { pupilsPrimary: 100 })).toEqual([]);
    expect(checkPlausibility({ pupilsPrimary: 10 }, { pupilsPrimary: 0 })).toEqual([]);
  });
});
