import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BalanceView, TrendView, WhatIfView } from '../../shared/api/contracts/balance';
import type { School } from '../../shared/api/contracts/schools';
import type { StatRecord } from '../../shared/api/contracts/statistics';
import type { FileResult } from '../../shared/api/envelope';
import { computeBalance, describeGap, whatIf, type SchoolSectionBalance } from '../../shared/domain/balance';
import { listAudit } from '../db/repositories/audit-repo';
import { tempCore } from '../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
const compute = (year = 2025, extra: object = {}) => api<BalanceView>('balance.compute', { year, ...extra });
const section = (v: BalanceView, name: string, s: 'primary' | 'junior'): SchoolSectionBalance => {
  const school = v.result.schools.find((x) => x.schoolName === name);
  if (!school) throw new Error(`no ${name}`);
  return school.sections.find((x) => x.section === s)!;
};
let schools: School[];
const idOf = (name: string) => schools.find((s) => s.name === name)!.id;

beforeEach(async () => {
  core = await tempCore();
  await api('demo.load');
  schools = await api<School[]>('schools.list');
});
afterEach(async () => core.dispose());

describe('balance.compute with the demo district', () => {
  it('shows the schools that fail, with the indicators that fail them', async () => {
    const v = await compute();
    const failing = v.result.schools.flatMap((s) => s.sections.filter((sb) => sb.attainment?.verdict === 'fail').map((sb) => `${s.schoolName}/${sb.section}`));
    expect(failing).toEqual(expect.arrayContaining(['云溪区第二实验小学/primary', '柳林乡中心小学/primary', '石门镇初级中学/junior', '白沙乡民族学校/primary', '白沙乡民族学校/junior']));
    const l5 = section(v, '云溪区第二实验小学', 'primary').attainment!.indicators.find((i) => i.code === 'L5')!;
    expect(l5).toMatchObject({ status: 'below', threshold: 7.5, floor: 6.375 });
    expect(l5.shortfall).toBeCloseTo(7.5 - l5.value!, 12);
    // Schools that meet everything pass.
    expect(section(v, '云溪区育才小学', 'primary').attainment!.verdict).toBe('pass');
    expect(v.result.sections.map((s) => s.schoolCount)).toEqual([14, 9]);
  });

  it('gap planning names what each failing school needs, in real units, with county totals', async () => {
    const v = await compute();
    const liulin = v.result.gaps.items.filter((g) => g.schoolName === '柳林乡中心小学');
    expect(liulin.map((g) => g.code)).toEqual(['L2', 'L6', 'L7']);
    const l2 = liulin[0];
    expect(l2).toMatchObject({ unit: '人', what: '县级及以上骨干教师' });
    expect(Number.isInteger(l2.planAmount)).toBe(true);
    expect(describeGap(l2)).toMatch(/^柳林乡中心小学（小学）每百名学生拥有县级以上骨干教师数差 .+，需增加县级及以上骨干教师 \d+ 人$/);
    expect(liulin[1]).toMatchObject({ unit: '元', what: '教学仪器设备值' });
    expect(liulin[2]).toMatchObject({ unit: '间', what: '网络多媒体教室' });
    // Adding exactly the planned amounts meets each threshold.
    const pupils = l2.pupils;
    const stats = v.input.schools.find((s) => s.name === '柳林乡中心小学')!.stats as Record<string, number>;
    expect(((stats.backboneTeachers + l2.planAmount) * 100) / pupils).toBeGreaterThanOrEqual(1);
    const total = v.result.gaps.totals.find((t) => t.section === 'primary' && t.code === 'L2')!;
    expect(total.planAmount).toBe(v.result.gaps.items.filter((g) => g.section === 'primary' && g.code === 'L2').reduce((a, g) => a + g.planAmount, 0));
  });

  it('lists the special-education school and the closed school, each with its reason', async () => {
    const v = await compute();
    expect(v.result.exclusions).toContainEqual(expect.objectContaining({ schoolName: '云溪区特殊教育学校', kind: 'specialEducation', reason: '特殊教育学校不参与校际均衡计算' }));
    expect(v.notInOperation).toEqual([{ schoolId: idOf('柳林乡河湾小学'), schoolName: '柳林乡河湾小学', closedOn: '2024-08-31', reason: '已于 2024-08-31 撤并，不在 2025 年统计范围内' }]);
    expect(v.input.schools.some((s) => s.name === '柳林乡河湾小学')).toBe(false);
    // Closed on 2024-08-31: still in the 2023 census, not in 2024's.
    expect((await compute(2023)).input.schools.some((s) => s.name === '柳林乡河湾小学')).toBe(true);
    expect((await compute(2024)).notInOperation.map((n) => n.schoolName)).toEqual(['柳林乡河湾小学']);
  });

  it('flags missing data (never zero) and treats a blank gym as 0 m² with a note', async () => {
    const id = idOf('桃源镇中心小学');
    const rec = (await api<StatRecord[]>('stats.forSchool', { schoolId: id })).find((r) => r.year === 2025)!;
    const { teachingAuxArea: _a, gymArea: _g, ...rest } = rec.values;
    await api('stats.save', { schoolId: id, campusId: null, year: 2025, values: rest });
    const v = await compute();
    const sb = section(v, '桃源镇中心小学', 'primary');
    expect(sb.values.find((x) => x.code === 'L4')).toMatchObject({ value: null, missing: [{ key: 'teachingAuxArea', label: '教学及辅助用房面积', reason: 'absent' }] });
    expect(sb.attainment!.verdict).toBe('incomplete');
    expect(v.result.warnings.map((w) => w.message)).toContain('桃源镇中心小学（小学）L4 生均教学及辅助用房面积：缺少“教学及辅助用房面积”，未计入该指标差异系数');
    expect(v.result.sections[0].indicators.find((i) => i.code === 'L4')!.missingSchools).toBe(1);
    expect(sb.values.find((x) => x.code === 'L5')!.numerator).toBe(rest.sportsGroundArea);
    expect(sb.notes).toContain('L5 生均体育运动场馆面积：未填报“室内体育馆面积”，按 0 平方米计（视为没有）');
  });

  it('sums campus records when a school has no school-level record, and says so', async () => {
    const school = await api<School>('schools.create', { name: '云溪区新城小学', type: '小学', locality: '城区' });
    const a = await api<School>('schools.saveCampus', { schoolId: school.id, campus: { name: '东校区' } });
    const b = await api<School>('schools.saveCampus', { schoolId: school.id, campus: { name: '西校区' } });
    const [east, west] = [a.campuses[0].id, b.campuses[1].id];
    await api('stats.save', { schoolId: school.id, campusId: east, year: 2025, values: { pupilsPrimary: 300, teachingAuxArea: 1500, sportsGroundArea: 2400, equipmentValue: 700000, multimediaRooms: 8, backboneTeachers: 4 } });
    await api('stats.save', { schoolId: school.id, campusId: west, year: 2025, values: { pupilsPrimary: 200, teachingAuxArea: 900, sportsGroundArea: 1600, equipmentValue: 400000, multimediaRooms: 5 } });
    const v = await compute();
    const input = v.input.schools.find((s) => s.name === '云溪区新城小学')!;
    expect(input.stats).toMatchObject({ pupilsPrimary: 500, teachingAuxArea: 2400, sportsGroundArea: 4000, equipmentValue: 1100000, multimediaRooms: 13 });
    expect(input.stats.backboneTeachers).toBeUndefined();
    expect(v.sourceNotes.find((n) => n.schoolName === '云溪区新城小学')!.note).toBe('未填报全校统计数据，按 2 个校区（东校区、西校区）的统计数据汇总；“县级及以上骨干教师数”只有部分校区填报，按缺失处理');
    expect(section(v, '云溪区新城小学', 'primary').values.find((x) => x.code === 'L4')!.value).toBeCloseTo(4.8, 12);
  });

  it('refuses a year without statistics, in Chinese', async () => {
    await expect(compute(2019)).rejects.toThrow('没有 2019 年的统计数据（已有：2025、2024、2023 年）');
  });
});

describe('计算口径 (calculation basis) with a campus evaluated separately', () => {
  async function flaggedCampus() {
    const id = idOf('云溪区育才小学');
    const whole = (await api<StatRecord[]>('stats.forSchool', { schoolId: id })).find((r) => r.year === 2025 && r.campusId === null)!.values as Record<string, number>;
    // 本部 registered and evaluated with the school; 南校区 evaluated separately, with its own figures.
    await api<School>('schools.saveCampus', { schoolId: id, campus: { name: '本部', evaluatedSeparately: false } });
    const s = await api<School>('schools.saveCampus', { schoolId: id, campus: { name: '南校区', evaluatedSeparately: true } });
    const campusId = s.campuses.find((c) => c.name === '南校区')!.id;
    const part = { pupilsPrimary: 120, teachingAuxArea: 400, sportsGroundArea: 600, equipmentValue: 150000, multimediaRooms: 3, teachersAboveDegreePrimary: 6, backboneTeachers: 1, peArtTeachersPrimary: 1 };
    await api('stats.save', { schoolId: id, campusId, year: 2025, values: part });
    return { id, campusId, whole, part };
  }

  it('按学校 (default): the campus is folded into its school, the notes say so, the view states the basis', async () => {
    const { id, whole } = await flaggedCampus();
    const v = await compute();
    expect(v.basis).toEqual({ id: 'school', label: '按学校（国家统计口径）', description: expect.stringContaining('每个学校标识码计为一所学校') });
    expect(v.result.options.basis).toBe('school');
    expect(v.input.schools.filter((s) => s.name.startsWith('云溪区育才小学')).map((s) => [s.id, s.stats.pupilsPrimary])).toEqual([[String(id), whole.pupilsPrimary]]);
    expect(v.basisNotes).toEqual([
      expect.objectContaining({ schoolId: id, unitName: '云溪区育才小学南校区', kind: 'folded', note: '单独评估，有 2025 年的校区统计数据；按学校计算（国家统计口径），并入云溪区育才小学：采用全校统计数据，该校区的数据已含在内，不另计。按评估单位计算时单列' }),
    ]);
  });

  it('the xlsx states the basis and lists what it did with the campus', async () => {
    await flaggedCampus();
    const file = await api<FileResult>('balance.export', { year: 2025 });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(core.ctx.files.download(file.ref).path) as never);
    const rows = wb.getWorksheet('排除与提示')!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1, 3).join('|') : ''));
    expect(rows).toContain('校区并入学校|云溪区育才小学南校区');
  });

  it('按评估单位: the campus is its own row in coefficients and attainment; the school is the rest; overrides stay with the school and say so', async () => {
    const { id, whole, part } = await flaggedCampus();
    await api('balance.setOverride', { schoolId: id, year: 2025, section: 'primary', target: 'L7', value: 20 });
    const before = await compute();
    await api('balance.setOptions', { ...(await api<object>('balance.getOptions')), basis: 'unit' });
    const v = await compute();
    expect(v.basis.id).toBe('unit');
    expect(v.result.options.basis).toBe('unit');
    const rows = v.input.schools.filter((s) => s.name.startsWith('云溪区育才小学'));
    expect(rows.map((s) => [s.name, s.stats.pupilsPrimary, s.campusOf ?? null, !!s.overrides])).toEqual([
      ['云溪区育才小学', whole.pupilsPrimary - part.pupilsPrimary, null, true],
      ['云溪区育才小学南校区', part.pupilsPrimary, String(id), false],
    ]);
    expect(v.result.sections[0].schoolCount).toBe(before.result.sections[0].schoolCount + 1);
    expect(v.result.sections[0].pupils).toBe(before.result.sections[0].pupils);
    const campus = v.result.schools.find((s) => s.schoolName === '云溪区育才小学南校区')!;
    expect(campus.campusOf).toBe(String(id));
    expect(campus.sections[0].attainment!.verdict).toBeDefined();
    expect(campus.sections[0].values.find((x) => x.code === 'L4')!.value).toBeCloseTo((400 / 120), 12);
    expect(v.basisNotes.filter((n) => n.schoolId === id).map((n) => n.kind)).toEqual(['ownRow']);
    // The demo's 云溪区实验小学 has both campuses marked 单独评估 but no campus figures: they stay in it, said so.
    expect(v.basisNotes.filter((n) => n.schoolName === '云溪区实验小学').map((n) => [n.unitName, n.kind])).toEqual([['云溪区实验小学本部', 'noStatistics'], ['云溪区实验小学北校区', 'noStatistics']]);
    expect(v.input.schools.some((s) => s.name === '云溪区实验小学')).toBe(true);
    const notes = v.sourceNotes.filter((n) => n.schoolId === id).map((n) => n.note);
    expect(notes).toEqual([expect.stringContaining('全校统计数据减去单列的南校区后计算'), expect.stringContaining('人工调整（1 项）按学校设定，按评估单位计算时用于单列校区以外的部分')]);
    // The same basis in the what-if and the trend.
    const w = await api<WhatIfView>('balance.whatIf', { year: 2025, changes: [{ schoolId: campus.schoolId, stats: { multimediaRooms: 10 } }] });
    expect(w.changedSchoolIds).toEqual([campus.schoolId]);
    const t = await api<TrendView>('balance.trend', {});
    expect(t.trend.years.find((y) => y.year === 2025)).toBeDefined();
  });
});

describe('overrides and options', () => {
  it('keeps a manual override, applies it, shows it, audits it, and deletes it', async () => {
    const id = idOf('柳林乡中心小学');
    const o = await api<{ id: number; targetLabel: string; unit: string }>('balance.setOverride', { schoolId: id, year: 2025, section: 'primary', target: 'L7', value: 10, note: '新建多媒体教室已验收' });
    expect(o).toMatchObject({ targetLabel: 'L7 每百名学生拥有网络多媒体教室数（分子：网络多媒体教室）', unit: '间' });
    const v = await compute();
    const sb = section(v, '柳林乡中心小学', 'primary');
    expect(sb.values.find((x) => x.code === 'L7')).toMatchObject({ source: 'override', numerator: 10 });
    expect(sb.overrides).toEqual([expect.objectContaining({ target: 'L7', value: 10, note: '新建多媒体教室已验收' })]);
    expect(v.overrides).toHaveLength(1);
    // Same key again: replaced, not duplicated.
    await api('balance.setOverride', { schoolId: id, year: 2025, section: 'primary', target: 'L7', value: 11 });
    expect(await api<unknown[]>('balance.listOverrides', { year: 2025 })).toHaveLength(1);
    expect((await compute(2024)).overrides).toHaveLength(0);
    await api('balance.deleteOverride', { id: o.id });
    expect(section(await compute(), '柳林乡中心小学', 'primary').values.find((x) => x.code === 'L7')!.source).toBe('shared');
    const audit = await listAudit(core.database.db, 10, 'balance-override');
    expect(audit.map((a) => a.summary)).toEqual([
      '删除“柳林乡中心小学”2025 年小学人工调整：L7 每百名学生拥有网络多媒体教室数（分子：网络多媒体教室）',
      '修改“柳林乡中心小学”2025 年小学人工调整：L7 每百名学生拥有网络多媒体教室数（分子：网络多媒体教室） = 11 间',
      '设置“柳林乡中心小学”2025 年小学人工调整：L7 每百名学生拥有网络多媒体教室数（分子：网络多媒体教室） = 10 间',
    ]);
  });

  it('teacher-by-section overrides for a nine-year school; bad targets are refused in Chinese', async () => {
    const id = idOf('白沙乡民族学校');
    await api('balance.setOverride', { schoolId: id, year: 2025, section: 'junior', target: 'teachersAboveDegreeJunior', value: 30 });
    const sb = section(await compute(), '白沙乡民族学校', 'junior');
    expect(sb.values.find((x) => x.code === 'L1')).toMatchObject({ source: 'section', numerator: 30 });
    await expect(api('balance.setOverride', { schoolId: id, year: 2025, section: 'primary', target: 'teachersAboveDegreeJunior', value: 3 })).rejects.toThrow('“初中本科及以上学历专任教师数”不属于小学学段');
    await expect(api('balance.setOverride', { schoolId: idOf('云溪区育才小学'), year: 2025, section: 'junior', target: 'L4', value: 3 })).rejects.toThrow('“云溪区育才小学”（小学）没有初中学段');
    await expect(api('balance.setOverride', { schoolId: id, year: 2025, section: 'primary', target: 'books', value: 3 })).rejects.toThrow(/不能调整“books”/);
  });

  it('stores options: plain pupil ratio split, teaching points below a size, default profile', async () => {
    const defaults = await api<any>('balance.getOptions');
    expect(defaults).toEqual({ defaultProfile: 'quality2017', split: { mode: 'weighted', nineYear: { primary: 1, junior: 1.1 }, twelveYear: { primary: 1, junior: 1.1, senior: 1.32 }, completeMiddle: { junior: 1, senior: 1.2 } }, excludeTeachingPointsBelow: null, basis: 'school' });
    const before = section(await compute(), '云溪区实验学校', 'primary').shares!.facility;
    await api('balance.setOptions', { ...defaults, split: { ...defaults.split, mode: 'pupilRatio' }, excludeTeachingPointsBelow: 50, defaultProfile: 'basic2012' });
    const v = await compute();
    expect(v.result.profile.id).toBe('basic2012');
    const after = section(v, '云溪区实验学校', 'primary').shares!.facility;
    expect(after).toBeCloseTo(1120 / (1120 + 690), 12);
    expect(after).not.toBeCloseTo(before, 6);
    expect(v.result.exclusions).toContainEqual(expect.objectContaining({ schoolName: '白沙乡马鞍山教学点', kind: 'smallTeachingPoint', reason: '教学点在校生 38 人，少于 50 人，不参与计算' }));
    expect(v.result.exclusions.some((e) => e.schoolName === '龙潭镇堃山教学点')).toBe(false);
    expect((await listAudit(core.database.db, 5, 'balance-options'))[0].summary).toBe('修改差异系数计算设置');
  });
});

describe('what-if, trend, export', () => {
  it('recomputes attainment and every coefficient for planned values, equal to the domain, storing nothing', async () => {
    const v = await compute();
    const school = v.input.schools.find((s) => s.name === '柳林乡中心小学')!;
    const stats = school.stats as Record<string, number>;
    const gaps = v.result.gaps.items.filter((g) => g.schoolId === school.id);
    const plan = (code: string) => gaps.find((g) => g.code === code)!.planAmount;
    const planned = { backboneTeachers: stats.backboneTeachers + plan('L2'), equipmentValue: stats.equipmentValue + plan('L6'), multimediaRooms: stats.multimediaRooms + plan('L7') };
    const w = await api<WhatIfView>('balance.whatIf', { year: 2025, changes: [{ schoolId: school.id, stats: planned }] });
    expect(w.attainmentChanges).toEqual([{ schoolId: school.id, schoolName: '柳林乡中心小学', section: 'primary', before: 'fail', after: 'pass' }]);
    expect(w.coefficientChanges).toHaveLength(16);
    const local = whatIf(v.input, computeBalance(v.input), [{ schoolId: school.id, stats: planned }]);
    expect(w.coefficientChanges.map((c) => c.after)).toEqual(local.coefficientChanges.map((c) => c.after));
    expect(JSON.stringify((await compute()).result.sections)).toBe(JSON.stringify(v.result.sections));
    await expect(api('balance.whatIf', { year: 2025, changes: [{ schoolId: '9999', stats: {} }] })).rejects.toThrow('2025 年的计算中没有这些学校：9999');
  });

  it('trend covers every year on record', async () => {
    const t = await api<TrendView>('balance.trend', {});
    expect(t.trend.years.map((y) => y.year)).toEqual([2023, 2024, 2025]);
    expect(t.trend.series).toHaveLength(16);
    expect(t.priorYears).toBeNull();
    const app = await api<TrendView>('balance.trend', { profile: 'application2019' });
    expect(app.priorYears!.map((c) => c.text)).toEqual(['小学：2023—2025 年差异系数均达到要求', '初中：2023—2025 年差异系数均达到要求']);
    const y2025 = t.trend.years[2].sections[0].indicators.map((i) => i.cv);
    expect(y2025).toEqual((await compute()).result.sections[0].indicators.map((i) => i.cv));
  });

  it('exports the tables to xlsx with Chinese headers and full-precision cells', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const file = await api<FileResult>('balance.export', { year: 2025 });
    expect(file.fileName).toBe('差异系数-2025-优质均衡.xlsx');
    // By reference: what the door serves is exactly the file described (size and hash taken while writing).
    const served = core.ctx.files.download(file.ref);
    expect(served).toMatchObject({ fileName: file.fileName, mimeType: file.mimeType, bytes: file.bytes });
    const bytes = fs.readFileSync(served.path);
    expect(bytes.length).toBe(file.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '差异系数', '学校达标', '达标明细', '贡献度', '达标差距', '差距汇总', '排除与提示']);
    const cv = wb.getWorksheet('差异系数')!;
    expect(cv.getRow(1).getCell(3).value).toBe('L1 每百名学生拥有高于规定学历教师数');
    const v = await compute();
    expect(cv.getRow(4).getCell(2).value).toBe('差异系数（按学生数加权）');
    expect(cv.getRow(4).getCell(3).value).toBe(v.result.sections[0].indicators[0].cv);
    expect(cv.getRow(4).getCell(3).numFmt).toBe('0.0000');
    const notices = wb.getWorksheet('排除与提示')!;
    const texts = notices.getColumn(4).values.map(String);
    expect(texts).toContain('特殊教育学校不参与校际均衡计算');
    expect(texts).toContain('已于 2024-08-31 撤并，不在 2025 年统计范围内');
    // The basis is stated in the guide sheet.
    expect(JSON.stringify(wb.getWorksheet('说明')!.getSheetValues())).toContain('按学校计算（国家统计口径）');
    const gaps = wb.getWorksheet('达标差距')!;
    expect(gaps.rowCount - 1).toBe(v.result.gaps.items.length);
  });
});
