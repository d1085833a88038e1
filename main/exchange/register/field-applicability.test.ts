/**
 * Figures of a section the school's type does not run (issue 10): a 小学's 初中在校生数. A zero —
 * typically a formula's — is dropped with one note; any other figure is an error the user sees; a
 * figure already stored (the type changed since) is left alone with a warning. Nothing of a section
 * the school does not have is ever newly stored.
 */
import { describe, expect, it } from 'vitest';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import type { ParsedStatsRow } from './parse-stats';
import { planStatsImport } from './plan-stats';
import { applyStatsOps, school } from './test-fixtures';

const schools = [
  school(1, '4101000001', '城关第一小学'),
  school(2, '4101000002', '城关第二小学'),
  school(3, '4101000003', '河口九年一贯制学校', { type: '九年一贯制' }),
  school(4, '4101000004', '河口初级中学', { type: '初中' }),
];

const COLS = {
  schoolCode: { column: 'A', label: '学校标识码' },
  pupilsPrimary: { column: 'D', label: '小学在校生数（人）' },
  pupilsJunior: { column: 'E', label: '初中在校生数（人）' },
  classSizesJunior: { column: 'F', label: '初中各班人数（人）' },
};

function row(n: number, code: string, values: ParsedStatsRow['values'], derived: string[] = []): ParsedStatsRow {
  return { sheet: '学校统计', row: n, schoolCode: code, schoolName: '', campusName: null, year: 2024, values, columns: COLS, hidden: false, derived };
}

const at = '统计.xlsx 工作表“学校统计”';

describe('figures a school type does not have', () => {
  it('stores a zero as 0 (shared/cases formula-result-zero) with one note per type and field', () => {
    const plan = planStatsImport(
      [
        row(2, '4101000001', { pupilsPrimary: 860, pupilsJunior: 0, classSizesJunior: [0, 0] }),
        row(3, '4101000002', { pupilsPrimary: 720, pupilsJunior: 0 }),
        row(4, '4101000003', { pupilsPrimary: 380, pupilsJunior: 0 }),
        row(5, '4101000004', { pupilsPrimary: 0, pupilsJunior: 640 }),
      ],
      { schools, current: [], previousYear: [] },
      '统计.xlsx',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.notices.map((n) => n.message)).toEqual([
      '小学不填初中在校生数：第 2、3 行为 0，按 0 保存（不计入该校的任何计算）',
      '小学不填初中各班人数：第 2 行为 0，按 0 保存（不计入该校的任何计算）',
      '初中不填小学在校生数：第 5 行为 0，按 0 保存（不计入该校的任何计算）',
    ]);
    expect(plan.ops.map((o) => [o.schoolId, o.values])).toEqual([
      [1, { pupilsPrimary: 860, pupilsJunior: 0, classSizesJunior: [0, 0] }],
      [2, { pupilsPrimary: 720, pupilsJunior: 0 }],
      // A nine-year school runs both sections: its 0 is a figure.
      [3, { pupilsPrimary: 380, pupilsJunior: 0 }],
      [4, { pupilsPrimary: 0, pupilsJunior: 640 }],
    ]);
  });

  it('refuses any other figure, naming the school, its type, the field and the value', () => {
    const plan = planStatsImport([row(2, '4101000001', { pupilsPrimary: 860, pupilsJunior: 120 })], { schools, current: [], previousYear: [] }, '统计.xlsx');
    expect(plan.errors.map((e) => e.message)).toEqual([
      `${at}第 2 行 E 列（初中在校生数（人））：“城关第一小学”在学校名册中是小学，没有初中学段，不填初中在校生数，本行却填写了 120 人。若该校确有初中学段，请先在学校名册中更正学校类型；否则请删除该值`,
    ]);
    expect(plan.ops).toEqual([]);
    expect(plan.rows).toEqual([]);
  });

  it('says a derived total once, at its grades: a total summed from refused grades is not refused again', () => {
    const plan = planStatsImport(
      [row(2, '4101000001', { pupilsGrade7: 0, pupilsGrade8: 0, pupilsGrade9: 0, pupilsJunior: 0 }, ['pupilsJunior']), row(3, '4101000002', { pupilsGrade7: 5, pupilsGrade8: 0, pupilsGrade9: 0, pupilsJunior: 5 }, ['pupilsJunior'])],
      { schools, current: [], previousYear: [] },
      '统计.xlsx',
    );
    expect(plan.errors.map((e) => e.message)).toEqual([expect.stringContaining('第 3 行：“城关第二小学”在学校名册中是小学，没有初中学段，不填7年级学生数，本行却填写了 5 人')]);
    expect(plan.notices.map((n) => n.message)).toContain('小学不填初中在校生数：第 2 行为 0，按 0 保存（不计入该校的任何计算）');
    expect(plan.notices.map((n) => n.message)).toContain('小学不填8年级学生数：第 2、3 行为 0，按 0 保存（不计入该校的任何计算）');
  });

  it('leaves a stored figure the file repeats as it is, with a warning, so a re-imported export changes nothing', () => {
    const current: StatRecord[] = [{ schoolId: 1, campusId: null, year: 2024, values: { pupilsPrimary: 860, pupilsJunior: 120 }, updatedAt: '' }];
    const plan = planStatsImport([row(2, '4101000001', { pupilsPrimary: 860, pupilsJunior: 120 })], { schools, current, previousYear: [] }, '统计.xlsx');
    expect(plan.errors).toEqual([]);
    expect(plan.warnings.map((w) => w.message)).toEqual([
      `${at}第 2 行 E 列（初中在校生数（人））：“城关第一小学”在学校名册中是小学，没有初中学段，不填初中在校生数；文件中的 120 人与已存的值相同，未改动。请核对学校类型，或在学校页面清除该值`,
    ]);
    expect(plan.rows.map((r) => r.status)).toEqual(['unchanged']);
    expect(plan.ops).toEqual([]);
  });

  it('the same file imported twice changes nothing the second time', () => {
    const file = [row(2, '4101000001', { pupilsPrimary: 860, pupilsJunior: 0 }), row(3, '4101000003', { pupilsPrimary: 380, pupilsJunior: 0 })];
    const first = planStatsImport(file, { schools, current: [], previousYear: [] }, '统计.xlsx');
    const stored = applyStatsOps([], first.ops);
    expect(stored.find((r) => r.schoolId === 1)!.values).toEqual({ pupilsPrimary: 860, pupilsJunior: 0 });
    const again = planStatsImport(file, { schools, current: stored, previousYear: [] }, '统计.xlsx');
    expect(again.errors).toEqual([]);
    expect(again.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(again.ops).toEqual([]);
  });
});
