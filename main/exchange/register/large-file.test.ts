import { describe, expect, it } from 'vitest';
import type { School } from '../../../shared/api/contracts/schools';
import { STAT_FIELDS } from '../../../shared/domain/schools/statistics-fields';
import { parseSchoolsFile } from './parse-schools';
import { parseStatsFile } from './parse-stats';
import { planSchoolImport } from './plan-schools';
import { planStatsImport } from './plan-stats';
import { exportSchoolsWorkbook } from './schools-workbook';
import { exportStatsWorkbook } from './stats-workbook';
import { school } from './test-fixtures';

const N = 2000;

describe('a large file', () => {
  // 十二年一贯制: every field applies to the type, so every column holds a figure to store.
  const schools: School[] = Array.from({ length: N }, (_, i) => school(i + 1, String(4101000000 + i), `第${i + 1}学校`, { township: `乡镇${i % 30}`, type: '十二年一贯制' }));

  it(`parses and plans ${N} schools`, async () => {
    const buf = await exportSchoolsWorkbook(schools);
    const parsed = await parseSchoolsFile(buf, '名册.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(N);
    const plan = planSchoolImport(parsed.rows, [], '名册.xlsx');
    expect(plan.ops).toHaveLength(N);
  });

  it(`parses and plans statistics for ${N} schools × 1 year with every field`, async () => {
    const stats = schools.map((s, i) => ({
      schoolId: s.id,
      campusId: null,
      year: 2024,
      values: Object.fromEntries(STAT_FIELDS.map((d, j) => [d.key, d.kind === 'list' ? [40, 41, 42] : i + j])),
      updatedAt: '',
    }));
    const buf = await exportStatsWorkbook(2024, schools, stats);
    const parsed = await parseStatsFile(buf, '统计.xlsx', { year: 2024 });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(N);
    const plan = planStatsImport(parsed.rows, { schools, current: [], previousYear: stats.map((r) => ({ ...r, year: 2023 })) }, '统计.xlsx');
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toHaveLength(N);
  });
});
