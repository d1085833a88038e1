/**
 * The statistics files offices really produce (copied from shared/cases/imports, with what a user
 * expects from each in its README), imported through the service into a real SQLite database; the
 * assertions are on the stored values.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statsForYear } from '../../db/repositories/stats-repo';
import { loadDemo } from '../../services/demo/demo-service';
import { importSchools, importStats } from '../../services/exchange-service';
import { listSchools } from '../../services/schools-service';
import { localFile } from '../../testing/files';
import { tempCore } from '../../testing/temp-core';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name));

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

async function stored(year: number, code: string) {
  const school = (await listSchools(core.ctx, {})).find((s) => s.code === code)!;
  return (await statsForYear(core.database.db, year)).find((r) => r.schoolId === school.id && r.campusId === null)?.values;
}

async function fiveSchoolDistrict() {
  const r = await importSchools(core.ctx, await localFile(core.ctx, 'five-school-register.csv', fixture('five-school-register.csv')), false);
  expect(r.errors).toEqual([]);
  expect(r.committed).toBe(true);
}

async function commit(file: string, year: number, answers: Record<string, string> = {}, buf = fixture(file)) {
  const r = await importStats(core.ctx, await localFile(core.ctx, file, buf), false, year, answers);
  return r;
}

describe('statistics files as offices make them', () => {
  it('formula-result-zero: a formula saved with result 0 stores 0 (with a note where the school type has no such figure); an empty-string result leaves the stored value', async () => {
    await loadDemo(core.ctx, false);
    const before = (await stored(2025, '3601020004'))!;
    const r = await commit('formula-result-zero.xlsx', 2025);
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    // 桃源镇中心小学 is a 小学: its formula's 0 in 初中在校生数 is stored as the file says, and said.
    expect(r.notices.map((n) => n.message)).toContain('小学不填初中在校生数：第 2 行为 0，按 0 保存（不计入该校的任何计算）');
    const after = (await stored(2025, '3601020004'))!;
    expect(after.pupilsJunior).toBe(0);
    expect(after.gymArea).toBe(before.gymArea);
  });

  it('formula-result-zero-and-empty (LibreOffice): results 860, 0 and 0 stored, the empty result blank', async () => {
    await loadDemo(core.ctx, false);
    const before = (await stored(2025, '3601020004'))!;
    const r = await commit('formula-result-zero-and-empty.xlsx', 2025);
    expect(r.errors).toEqual([]);
    const after = (await stored(2025, '3601020004'))!;
    expect(after).toMatchObject({ pupilsPrimary: 860, pupilsJunior: 0, gymArea: 0, sportsGroundArea: 5970 });
    expect(after.teachingAuxArea).toBe(before.teachingAuxArea);
  });

  it('template-with-formulas-below-data: rows with no school and only formulas are ignored with one notice', async () => {
    await loadDemo(core.ctx, false);
    const r = await commit('template-with-formulas-below-data.xlsx', 2025);
    expect(r.errors).toEqual([]);
    // The demo already holds these figures for 2025: two schools, nothing to change.
    expect(r.counts).toEqual({ new: 0, changed: 0, unchanged: 2 });
    expect(r.notices.map((n) => n.message)).toContainEqual(expect.stringMatching(/第 4—30 行没有学校，只有公式.*共 27 行/));
    expect(await stored(2025, '3601020004')).toMatchObject({ pupilsPrimary: 860, pupilsGrade1: 139, pupilsGrade6: 162 });
    expect(await stored(2025, '3601020005')).toMatchObject({ pupilsPrimary: 720 });
  });

  it('money-unit-in-title-row: 金额单位：万元 in a title row is applied, never 万元 stored as 元', async () => {
    await fiveSchoolDistrict();
    const r = await commit('money-unit-in-title-row.xlsx', 2025);
    expect(r.errors).toEqual([]);
    expect(r.questions).toEqual([]);
    expect(r.notices.map((n) => n.message).join('\n')).toMatch(/教学仪器设备资产值”按万元读取（第 2 行标题注明），换算为元保存/);
    const values = await Promise.all(['3609990001', '3609990002', '3609990003', '3609990004', '3609990005'].map((c) => stored(2025, c)));
    expect(values.map((v) => v?.equipmentValue)).toEqual([126000, 98000, 213500, 152000, 110000]);
    expect(values.map((v) => v?.teachingAuxArea)).toEqual([230, 180, 420, 330, 260]);
  });

  it('units-row-under-header: the row of units is recognised, applied and not read as a school', async () => {
    await fiveSchoolDistrict();
    const r = await commit('units-row-under-header.xlsx', 2025);
    expect(r.errors).toEqual([]);
    expect(r.counts.new).toBe(2);
    expect((await stored(2025, '3609990001'))?.equipmentValue).toBe(126000);
    expect((await stored(2025, '3609990002'))?.equipmentValue).toBe(98000);
    expect((await stored(2025, '3609990002'))?.pupilsPrimary).toBe(37);
  });

  it('a money column with no unit anywhere is a question, answered by the user, never a guess', async () => {
    await fiveSchoolDistrict();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校统计');
    ws.addRow(['学校标识码', '学校名称', '年份', '小学在校生数', '教学仪器设备资产值']);
    ws.addRow(['3609990001', '样例县第一小学', 2025, 45, 12.6]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const asked = await commit('无单位.xlsx', 2025, {}, buf);
    expect(asked.committed).toBe(false);
    expect(asked.questions.map((q) => q.id)).toEqual(['unit:equipmentValue']);
    expect(asked.questions[0].message).toContain('12.6');
    expect(await stored(2025, '3609990001')).toBeUndefined();
    const answered = await commit('无单位.xlsx', 2025, { 'unit:equipmentValue': '万元' }, buf);
    expect(answered.committed).toBe(true);
    expect((await stored(2025, '3609990001'))?.equipmentValue).toBe(126000);
  });

  it('a value ~×10,000 off last year is a question; the answer converts only the flagged rows', async () => {
    await loadDemo(core.ctx, false);
    const last = (await stored(2024, '3601020004'))!.equipmentValue as number;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校统计');
    ws.addRow(['学校标识码', '学校名称', '年份', '教学仪器设备资产值（元）']);
    ws.addRow(['3601020004', '桃源镇中心小学', 2025, last / 10000]);
    ws.addRow(['3601020005', '石门镇中心小学', 2025, 1500000]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const asked = await commit('错单位.xlsx', 2025, {}, buf);
    expect(asked.committed).toBe(false);
    expect(asked.questions.map((q) => q.id)).toEqual(['magnitude:equipmentValue']);
    expect(asked.questions[0].message).toContain('第 2 行“桃源镇中心小学”');
    const answered = await commit('错单位.xlsx', 2025, { 'magnitude:equipmentValue': 'scale' }, buf);
    expect(answered.errors).toEqual([]);
    expect(answered.committed).toBe(true);
    expect((await stored(2025, '3601020004'))?.equipmentValue).toBe(last);
    expect((await stored(2025, '3601020005'))?.equipmentValue).toBe(1500000);
  });

  it('numbers-stored-as-text: clean forms are read, hidden characters and units said at their cell, the exponent and 万 in a 元 column refused', async () => {
    await loadDemo(core.ctx, false);
    const before = await stored(2025, '3601020004');
    const r = await importStats(core.ctx, await localFile(core.ctx, 'numbers-stored-as-text.xlsx', fixture('numbers-stored-as-text.xlsx')), true, 2025);
    const at = 'numbers-stored-as-text.xlsx 工作表“学校统计”';
    const [D, E, F] = ['D 列（小学在校生数（人））', 'E 列（教学及辅助用房面积（平方米））', 'F 列（教学仪器设备资产值（元））'];
    expect(r.errors.map((e) => e.message)).toEqual([
      `${at}第 4 行 ${F}：“1.2E+6”是科学计数法显示的数字，可能已丢失位数，请填写完整数值`,
      `${at}第 5 行 ${F}：“49.5万”带“万”字（即乘以 10000），而本列单位是元，为免单位出错不作换算，未读取。请按元填写完整数值（49.5万元即 495000 元）`,
    ]);
    // Full-width digits, thousands separators and plain spaces (rows 2–4) are what the cell shows: no note.
    // What the user cannot see (no-break and zero-width spaces) and a unit typed after the number are said at the cell
    // (among the plan's plausibility warnings against the demo's 2024 figures, which are not this case's concern).
    const notes = r.warnings.filter((w) => /已按 .+读取$/.test(w.message));
    expect(notes.map((w) => w.message)).toEqual([
      `${at}第 3 行 ${D}：“721⟨U+00A0⟩”含不可见字符 U+00A0（不换行空格），已按 721 人读取`,
      `${at}第 3 行 ${E}：“⟨U+00A0⟩3⟨U+00A0⟩500”含不可见字符 U+00A0（不换行空格），已按 3500 平方米读取`,
      `${at}第 5 行 ${D}：“213人”带单位“人”，与本列单位相同，已按 213 人读取`,
      `${at}第 5 行 ${E}：“980㎡”带单位“㎡”，即本列单位平方米，已按 980 平方米读取`,
      `${at}第 6 行 ${D}：“⟨U+200B⟩188”含不可见字符 U+200B（零宽空格），已按 188 人读取`,
      `${at}第 6 行 ${E}：“900⟨U+200B⟩”含不可见字符 U+200B（零宽空格），已按 900 平方米读取`,
    ]);
    expect(notes.map((w) => [w.row, w.column])).toEqual([[3, 'D'], [3, 'E'], [5, 'D'], [5, 'E'], [6, 'D'], [6, 'E']]);
    const changes = Object.fromEntries(r.rows.map((row) => [row.label, Object.fromEntries(row.changes.map((c) => [c.field, c.after]))]));
    expect(changes['桃源镇中心小学']).toMatchObject({ pupilsPrimary: 862, teachingAuxArea: 4021.5, equipmentValue: 1234567 });
    expect(changes['石门镇中心小学']).toMatchObject({ pupilsPrimary: 721, teachingAuxArea: 3500, equipmentValue: 1234567 });
    expect(changes['龙潭镇青石小学']).toMatchObject({ pupilsPrimary: 188, teachingAuxArea: 900 });
    // Rows 4 and 5 hold a refused cell: not planned for writing.
    expect(Object.keys(changes)).not.toContain('柳林乡中心小学');
    expect(Object.keys(changes)).not.toContain('白沙乡杨家坪小学');
    expect(await stored(2025, '3601020004')).toEqual(before);
  });

  it('hidden-row-total-row-hidden-sheet: the closed school gets no record and is flagged; 合计 is skipped with a note', async () => {
    await loadDemo(core.ctx, false);
    const r = await commit('hidden-row-total-row-hidden-sheet.xlsx', 2025);
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    const notices = r.notices.map((n) => n.message).join('\n');
    expect(notices).toContain('第 5 行是合计行，已跳过');
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/第 3 行.*柳林乡河湾小学”已于 2024-08-31 撤并，早于 2025 年，该行（文件中的隐藏行）未导入/));
    expect(await stored(2025, '3601020021')).toBeUndefined();
    expect((await stored(2025, '3601020004'))?.pupilsPrimary).toBe(861);
    expect((await stored(2025, '3601020005'))?.pupilsPrimary).toBe(722);
  });

  it('nine-year-grades-without-section-totals: section totals derived from the grades and said so', async () => {
    await loadDemo(core.ctx, false);
    const r = await commit('nine-year-grades-without-section-totals.xlsx', 2026);
    expect(r.errors).toEqual([]);
    expect(r.notices.map((n) => n.message)).toContainEqual(expect.stringContaining('已由各年级学生数相加得出：小学在校生数 390 人，初中在校生数 315 人'));
    expect(await stored(2026, '3601020014')).toMatchObject({ pupilsPrimary: 390, pupilsJunior: 315, pupilsGrade9: 100 });
  });

  it('a file year that differs from the chosen one is one question at the top, not an error per row', async () => {
    await loadDemo(core.ctx, false);
    const asked = await commit('nine-year-grades-without-section-totals.xlsx', 2025);
    expect(asked.errors).toEqual([]);
    expect(asked.questions).toHaveLength(1);
    expect(asked.questions[0]).toMatchObject({ id: 'year', options: [{ value: 'file', label: '改用文件中的年份（2026）' }, { value: 'chosen' }] });
    const answered = await commit('nine-year-grades-without-section-totals.xlsx', 2025, { year: 'file' });
    expect(answered.committed).toBe(true);
    expect(answered.year).toBe(2026);
    expect((await stored(2026, '3601020014'))?.pupilsJunior).toBe(315);
  });

  it('a stated unit that is almost surely wrong (金额单位：元 with 12.6) is asked against the national standard', async () => {
    await fiveSchoolDistrict();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学校统计');
    ws.addRow(['金额单位：元']);
    ws.addRow(['学校标识码', '学校名称', '年份', '小学在校生数', '教学仪器设备资产值']);
    ws.addRow(['3609990001', '样例县第一小学', 2025, 45, 12.6]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const asked = await commit('单位写错.xlsx', 2025, {}, buf);
    expect(asked.committed).toBe(false);
    expect(asked.questions.map((q) => q.id)).toEqual(['magnitude:equipmentValue']);
    expect(asked.questions[0].message).toContain('每生 0.28 元，国家标准为每生不低于 2000 元');
    const answered = await commit('单位写错.xlsx', 2025, { 'magnitude:equipmentValue': 'scale' }, buf);
    expect(answered.committed).toBe(true);
    expect((await stored(2025, '3609990001'))?.equipmentValue).toBe(126000);
  });

  it('warns only about figures the file gives, not about stored ones it leaves alone', async () => {
    await loadDemo(core.ctx, false);
    const r = await importStats(core.ctx, await localFile(core.ctx, 'formula-result-zero.xlsx', fixture('formula-result-zero.xlsx')), true, 2025);
    expect(r.warnings.map((w) => w.message).join('\n')).not.toMatch(/室外体育运动场地面积|室内体育馆面积/);
  });

  it('the same file imported twice changes nothing', async () => {
    await fiveSchoolDistrict();
    await commit('money-unit-in-title-row.xlsx', 2025);
    const again = await commit('money-unit-in-title-row.xlsx', 2025);
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 5 });
    expect(again.committed).toBe(false);
  });
});
