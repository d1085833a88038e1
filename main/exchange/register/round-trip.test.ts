import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import { STAT_FIELDS } from '../../../shared/domain/schools/statistics-fields';
import { parseSchoolsFile } from './parse-schools';
import { parseStatsFile } from './parse-stats';
import { planSchoolImport } from './plan-schools';
import { planStatsImport } from './plan-stats';
import { buildSchoolsTemplate, exportSchoolsWorkbook } from './schools-workbook';
import { buildStatsTemplate, exportStatsWorkbook } from './stats-workbook';
import { applySchoolOps, applyStatsOps, campus, csvText, gbk, school, xlsx } from './test-fixtures';

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

type Validated = ExcelJS.Worksheet & { dataValidations: { model: Record<string, ExcelJS.DataValidation> } };

const SCHOOLS = [
  school(1, '4101000001', '城关第一小学', { shortName: '一小', township: '城关镇', principal: '张明', contact: '0371-1234567', campuses: [campus(11, 1, '本部'), campus(12, 1, '北校区')] }),
  school(2, null, '河口初级中学', { type: '初中', locality: '乡村', ownership: '民办' }),
  school(3, '4101000003', '柳树湾教学点', { type: '教学点', locality: '乡村', status: '撤并', closedOn: '2021-09-01' }),
];

describe('templates', () => {
  it('builds the register template with validations, a frozen header and a guide', async () => {
    const wb = await load(await buildSchoolsTemplate());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['学校名册', '填写说明']);
    const ws = wb.getWorksheet('学校名册') as Validated;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['学校标识码', '学校名称', '简称', '类型', '办学性质', '城乡', '乡镇（街道）', '地址', '校长', '联系电话', '状态', '撤并日期', '校区']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const dv = ws.dataValidations.model;
    expect(dv.D2).toMatchObject({ type: 'list', formulae: ['"小学,初中,九年一贯制,十二年一贯制,完全中学,教学点,特殊教育学校"'] });
    expect(dv.E2.formulae).toEqual(['"公办,民办"']);
    expect(dv.F2.formulae).toEqual(['"城区,镇区,乡村"']);
    expect(dv.K2.formulae).toEqual(['"在办,撤并"']);
    const guide = wb.getWorksheet('填写说明')!;
    const text = guide.getSheetValues().flat().join(' ');
    expect(text).toContain('学校标识码');
    expect(text).toContain('小学、初中');
  });

  it('builds the statistics template with one “标签（单位）” column per field, pre-filled schools and a guide', async () => {
    const wb = await load(await buildStatsTemplate({ year: 2024, schools: [{ code: '4101000001', name: '城关第一小学' }, { code: null, name: '河口小学' }] }));
    const ws = wb.getWorksheet('学校统计') as Validated;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 4)).toEqual(['学校标识码', '学校名称', '校区', '年份']);
    expect(head).toHaveLength(4 + STAT_FIELDS.length);
    expect(head).toContain('教学及辅助用房面积（平方米）');
    expect(head).toContain('教学仪器设备资产值（元）');
    expect((ws.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['4101000001', '城关第一小学', undefined, 2024]);
    expect((ws.getRow(3).values as unknown[]).slice(1, 5)).toEqual([undefined, '河口小学', undefined, 2024]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.dataValidations.model.D2).toMatchObject({ type: 'whole' });
    const guide = wb.getWorksheet('填写说明')!.getSheetValues().flat().join(' ');
    expect(guide).toContain('小学各班人数（人）');
    expect(guide).toContain('万元');
    // A pre-filled, blank template imports as nothing to change.
    const parsed = await parseStatsFile(await buildStatsTemplate({ year: 2024, schools: [{ code: '4101000001', name: '城关第一小学' }] }), 't.xlsx', { year: 2024 });
    expect(parsed.errors).toEqual([]);
    const plan = planStatsImport(parsed.rows, { schools: SCHOOLS, current: [], previousYear: [] }, 't.xlsx');
    expect(plan.ops).toEqual([]);
  });
});

describe('re-import changes nothing', () => {
  it('a school file imported twice yields all unchanged the second time (xlsx and GBK CSV)', async () => {
    const rows = [
      ['学校标识码', '学校名称', '类型', '城乡', '校区', '撤并日期', '状态'],
      ['4101000001', '城关第一小学', '小学', '城区', '本部、北校区', null, null],
      [null, '河口小学', '小学', '乡村', null, '2020/9/1', '撤并'],
    ];
    const files: [Buffer, string][] = [[gbk(csvText(rows)), '学校.csv'], [await xlsx([{ name: '学校名册', rows }]), '学校.xlsx']];
    for (const [buf, name] of files) {
      const first = await parseSchoolsFile(buf, name);
      const plan1 = planSchoolImport(first.rows, [], name);
      expect(plan1.rows.map((r) => r.status)).toEqual(['new', 'new']);
      const stored = applySchoolOps([], plan1.ops);
      const again = planSchoolImport((await parseSchoolsFile(buf, name)).rows, stored, name);
      expect(again.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
      expect(again.ops).toEqual([]);
    }
  });

  it('a statistics file imported twice yields all unchanged the second time', async () => {
    const buf = gbk(csvText([
      ['学校标识码', '学校名称', '校区', '年份', '小学在校生数（人）', '教学仪器设备资产值（万元）', '小学各班人数（人）'],
      ['4101000001', '城关第一小学', null, '2024', '1200', '12.3456', '45、43'],
      ['4101000001', '城关第一小学', '北校区', '2024', '300', null, null],
    ]));
    const first = await parseStatsFile(buf, 's.csv', { year: 2024 });
    const plan1 = planStatsImport(first.rows, { schools: SCHOOLS, current: [], previousYear: [] }, 's.csv');
    expect(plan1.rows.map((r) => r.status)).toEqual(['new', 'new']);
    expect(plan1.ops[0].values).toEqual({ pupilsPrimary: 1200, equipmentValue: 123456, classSizesPrimary: [45, 43] });
    const stored = applyStatsOps([], plan1.ops);
    const again = planStatsImport((await parseStatsFile(buf, 's.csv', { year: 2024 })).rows, { schools: SCHOOLS, current: stored, previousYear: [] }, 's.csv');
    expect(again.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(again.ops).toEqual([]);
  });
});

describe('export → re-import changes nothing', () => {
  it('for the register', async () => {
    const buf = await exportSchoolsWorkbook(SCHOOLS);
    const parsed = await parseSchoolsFile(buf, '名册导出.xlsx');
    expect(parsed.errors).toEqual([]);
    const plan = planSchoolImport(parsed.rows, SCHOOLS, '名册导出.xlsx');
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(plan.ops).toEqual([]);
    // And into an empty database it recreates the same schools.
    const fresh = applySchoolOps([], planSchoolImport(parsed.rows, [], 'x.xlsx').ops);
    expect(fresh.map((s) => [s.code, s.name, s.type, s.ownership, s.status, s.closedOn, s.campuses.map((c) => c.name)])).toEqual(
      SCHOOLS.map((s) => [s.code, s.name, s.type, s.ownership, s.status, s.closedOn, s.campuses.map((c) => c.name)]),
    );
  });

  it('for statistics, with every field kind including lists and decimals', async () => {
    const full = Object.fromEntries(STAT_FIELDS.map((d, i) => [d.key, d.kind === 'list' ? [45, 43, 46.5 - (d.unit === '人' ? 0.5 : 0)] : d.kind === 'count' ? i * 7 : 1234.56 + i]));
    const stats: StatRecord[] = [
      { schoolId: 1, campusId: null, year: 2024, values: full, updatedAt: '' },
      { schoolId: 1, campusId: 12, year: 2024, values: { pupilsPrimary: 300, musicRoomAreas: [96, 100] }, updatedAt: '' },
      { schoolId: 2, campusId: null, year: 2024, values: { pupilsJunior: 450, equipmentValue: 2600000.5, extraKeyFromLaterVersion: 1 }, updatedAt: '' },
      { schoolId: 2, campusId: null, year: 2023, values: { pupilsJunior: 999 }, updatedAt: '' },
    ];
    const buf = await exportStatsWorkbook(2024, SCHOOLS, stats);
    const parsed = await parseStatsFile(buf, '统计导出.xlsx', { year: 2024 });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.schoolName, r.campusName])).toEqual([
      // 本部 is evaluated separately but has no 2024 record: an empty campus row is left out;
      // 柳树湾教学点 closed in 2021, so it has no row.
      ['城关第一小学', null], ['城关第一小学', '北校区'], ['河口初级中学', null],
    ]);
    expect(parsed.rows[0].values).toEqual(full);
    const current = stats.filter((r) => r.year === 2024);
    const plan = planStatsImport(parsed.rows, { schools: SCHOOLS, current, previousYear: [] }, '统计导出.xlsx');
    expect(plan.errors).toEqual([]);
    expect(plan.rows.every((r) => r.status === 'unchanged')).toBe(true);
    expect(plan.ops).toEqual([]);
  });
});
