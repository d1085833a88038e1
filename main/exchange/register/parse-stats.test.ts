import { describe, expect, it } from 'vitest';
import { STAT_FIELDS } from '../../../shared/domain/schools/statistics-fields';
import { parseStatsFile } from './parse-stats';
import { csvText, gbk, utf8Bom, xlsx } from './test-fixtures';

const H = ['学校标识码', '学校名称', '校区', '年份', '小学在校生数（人）', '教学及辅助用房面积（平方米）', '教学仪器设备资产值（元）', '小学各班人数（人）'];
const at = '统计表.xlsx 工作表“学校统计”';
const book = (rows: unknown[][], name = '学校统计') => xlsx([{ name, rows: rows as never }]);
const messages = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message);

describe('parseStatsFile — good files', () => {
  it('reads values, keeps blanks missing (never 0), and converts list fields', async () => {
    const rows = [
      H,
      ['4101000001', '城关第一小学', null, 2024, 1200, 5400.5, 2600000, '45,43,46'],
      ['4101000002', '河口小学', '本部', 2024, 0, null, null, '45、43、46'],
      [null, '柳树湾教学点', null, 2024, null, '-', null, '30，28'],
    ];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024 });
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.values)).toEqual([
      { pupilsPrimary: 1200, teachingAuxArea: 5400.5, equipmentValue: 2600000, classSizesPrimary: [45, 43, 46] },
      { pupilsPrimary: 0, classSizesPrimary: [45, 43, 46] },
      { classSizesPrimary: [30, 28] },
    ]);
    expect(r.rows[1]).toMatchObject({ schoolCode: '4101000002', schoolName: '河口小学', campusName: '本部', year: 2024, row: 3 });
    expect(r.rows[2]).toMatchObject({ schoolCode: null, campusName: null });
  });

  it('converts a 万元 column to 元 exactly', async () => {
    const rows = [
      ['学校名称', '年份', '教学仪器设备资产值（万元）', '公用经费拨款 (万元)'],
      ['一小', 2024, 12.3456, '0.07'],
      ['二小', 2024, 1.15, 260.1],
      ['三小', 2024, '1,234.5678', 0.123456],
    ];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', {});
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.values)).toEqual([
      { equipmentValue: 123456, publicFunding: 700 },
      { equipmentValue: 11500, publicFunding: 2601000 },
      { equipmentValue: 12345678, publicFunding: 1234.56 },
    ]);
    expect(r.rows[0].columns.equipmentValue).toEqual({ column: 'C', label: '教学仪器设备资产值（万元）' });
  });

  it('takes the year from the options when the column is absent or blank', async () => {
    const rows = [['学校名称', '年份', '小学在校生数'], ['一小', null, 300]];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2023 });
    expect(r.errors).toEqual([]);
    expect(r.rows[0].year).toBe(2023);
    const noCol = await parseStatsFile(await book([['学校名称', '小学在校生数'], ['一小', 300]]), '统计表.xlsx', { year: 2022 });
    expect(noCol.rows[0].year).toBe(2022);
  });

  it('reads GBK and UTF-8 CSV with the 万元 header', async () => {
    const rows = [['学校名称', '年份', '小学在校生数（人）', '教学仪器设备资产值（万元）', '各音乐教室面积（平方米）'], ['城关第一小学', '2024', '1,200', '86.5', '96,100']];
    for (const buf of [gbk(csvText(rows)), utf8Bom(csvText(rows))]) {
      const r = await parseStatsFile(buf, '统计表.csv', { year: 2024 });
      expect(r.errors).toEqual([]);
      expect(r.rows[0]).toMatchObject({ schoolName: '城关第一小学', sheet: 'CSV', values: { pupilsPrimary: 1200, equipmentValue: 865000, musicRoomAreas: [96, 100] } });
    }
  });

  it('accepts m² and ㎡ as 平方米 and formulas with cached results', async () => {
    const rows = [
      ['学校名称', '年份', '教学及辅助用房面积(m²)', '室外体育运动场地面积（㎡）', '小学在校生数'],
      ['一小', 2024, { formula: 'B5*2', result: 800 }, { sharedFormula: 'C2', result: 1600 }, { formula: 'SUM(H2:M2)', result: 300 }],
    ];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', {});
    expect(r.errors).toEqual([]);
    expect(r.rows[0].values).toEqual({ teachingAuxArea: 800, sportsGroundArea: 1600, pupilsPrimary: 300 });
  });

  it('reads every catalogue field from its template header', async () => {
    const head = ['学校名称', '年份', ...STAT_FIELDS.map((d) => `${d.label}（${d.unit}）`)];
    const row = ['一小', 2024, ...STAT_FIELDS.map((d) => (d.kind === 'list' ? '1,2' : 3))];
    const r = await parseStatsFile(await book([head, row]), '统计表.xlsx', {});
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.rows[0].values)).toHaveLength(STAT_FIELDS.length);
  });
});

describe('parseStatsFile — errors', () => {
  it('reports text, negatives, decimals in counts and bad list items, all at once', async () => {
    const rows = [
      ['学校名称', '年份', '小学在校生数（人）', '初中在校生数（人）', '学校标识码', '教学及辅助用房面积（平方米）', '小学各班人数（人）'],
      ['一小', 2024, -5, 12.5, '4101000001', '约800', '45,四十'],
      ['二小', 2024, 300, 0, '4101000002', '#REF!', '45,-3'],
    ];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024 });
    expect(messages(r)).toEqual([
      `${at}第 2 行 C 列（小学在校生数（人））：“-5”是负数，应为 0 或正数`,
      `${at}第 2 行 D 列（初中在校生数（人））：“12.5”不是整数`,
      `${at}第 2 行 F 列（教学及辅助用房面积（平方米））：“约800”不是数字`,
      `${at}第 2 行 G 列（小学各班人数（人））：“45,四十”中的“四十”不是数字，多个数值请用逗号或顿号分隔`,
      `${at}第 3 行 F 列（教学及辅助用房面积（平方米））：“#REF!”不是数字`,
      `${at}第 3 行 G 列（小学各班人数（人））：“45,-3”中“-3”是负数，应为 0 或正数`,
    ]);
    expect(r.rows).toEqual([]);
  });

  it('names the cell of a formula without a cached result and of an error value', async () => {
    const rows = [['学校名称', '年份', '小学在校生数'], ['一小', 2024, { formula: 'SUM(H2:M2)' }], ['二小', 2024, { formula: '1/0', result: { error: '#DIV/0!' } }]];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', {});
    expect(messages(r)).toEqual([
      `${at}第 2 行 C 列（小学在校生数）：是公式“=SUM(H2:M2)”，但文件中没有保存计算结果。请在 Excel 中打开该文件并保存后再导入，或直接填写数值`,
      `${at}第 3 行 C 列（小学在校生数）：单元格显示错误值“#DIV/0!”，不是数字`,
    ]);
  });

  it('asks once when the years in the file disagree with the chosen year; then reports a blank year and a bad code', async () => {
    const rows = [['学校标识码', '学校名称', '年份', '小学在校生数'], ['4101000001', '一小', 2023, 1], ['410100', '二小', 2024, 1], [null, null, 2024, 5]];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024 });
    expect(messages(r)).toEqual([]);
    expect(r.rows).toEqual([]);
    expect(r.questions).toEqual([
      {
        id: 'year',
        message: '文件“年份”列（C 列）写的是 2023、2024 年，与导入时选择的 2024 年不同。请确认这些数据属于哪一年',
        options: [
          { value: 'file', label: '改用文件中的年份（2023、2024）' },
          { value: 'chosen', label: '仍作为 2024 年的数据导入' },
        ],
      },
    ]);
    const answered = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024, answers: { year: 'file' } });
    expect(answered.questions).toEqual([]);
    expect(messages(answered)).toEqual([
      `${at}第 3 行 A 列（学校标识码）：“410100”不是有效的学校标识码，应为 10 位数字`,
      `${at}第 4 行：学校标识码和学校名称都没有填写，无法确定是哪所学校`,
    ]);
    expect(answered.rows.map((x) => [x.schoolName, x.year])).toEqual([['一小', 2023]]);
    const chosen = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024, answers: { year: 'chosen' } });
    expect(chosen.rows.map((x) => [x.schoolName, x.year])).toEqual([['一小', 2024]]);
    const noYear = await parseStatsFile(await book([['学校名称', '年份', '小学在校生数'], ['一小', null, 1]]), '统计表.xlsx', {});
    expect(messages(noYear)).toEqual([`${at}第 2 行 B 列（年份）：年份不能为空`]);
  });

  it('reports missing identity, year and field columns', async () => {
    const r = await parseStatsFile(await book([['校区', '备注', '小学在校生数'], ['本部', '', 1]]), '统计表.xlsx', {});
    expect(messages(r)).toEqual([
      `${at}第 1 行：缺少“学校名称”列（或“学校标识码”列），无法确定每行是哪所学校`,
      `${at}第 1 行：缺少“年份”列，且导入时没有指定年份`,
    ]);
    const noFields = await parseStatsFile(await book([['学校名称', '年份'], ['一小', 2024]]), '统计表.xlsx', {});
    expect(messages(noFields)[0]).toContain('没有找到任何统计项列');
  });

  it('reports a header with a wrong unit and a misspelt field', async () => {
    const rows = [['学校名称', '年份', '教学及辅助用房面积（亩）', '小学在校学生数（人）', '小学在校生数'], ['一小', 2024, 3, 4, 5]];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', {});
    expect(messages(r)).toEqual([
      `${at}第 1 行 C 列（教学及辅助用房面积（亩））：单位“亩”无法识别，应为“平方米”或“万平方米”`,
      `${at}第 1 行 D 列（小学在校学生数（人））：无法识别的列名“小学在校学生数（人）”，请删除该列或改用模板中的列名`,
    ]);
    // The readable columns are still parsed, so every error in the file is listed in one pass.
    expect(r.rows[0].values).toEqual({ pupilsPrimary: 5 });
  });

  it('finds the header below merged title rows on a renamed sheet', async () => {
    const rows = [['2024 年学校基本情况统计表'], ['单位：某某县教育局'], H, ['4101000001', '一小', null, 2024, 10, 20, 30, '5,5']];
    const buf = await xlsx([{ name: '填写说明', rows: [['列名']] }, { name: '统计', rows: rows as never, merges: ['A1:H1', 'A2:H2'] }]);
    const r = await parseStatsFile(buf, '统计表.xlsx', { year: 2024 });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ sheet: '统计', row: 4, values: { pupilsPrimary: 10, classSizesPrimary: [5, 5] } });
  });
});

describe('parseStatsFile — offices’ own layouts (issue 8 §3)', () => {
  const head = ['学校标识码', '学校名称', '年份', '小学在校生数', '教学及辅助用房面积', '教学仪器设备资产值'];
  const data = ['3609990001', '一小', 2025, 45, 230, 12.6];

  it('reads a units row in brackets, or led by a 单位 label', async () => {
    for (const units of [[null, null, null, '（人）', '（平方米）', '（万元）'], ['单位', null, null, '(人)', '(平方米)', '(万元)'], [null, null, null, '单位：人', '单位：平方米', '单位：万元']]) {
      const r = await parseStatsFile(await book([head, units, data]), '统计表.xlsx', { year: 2025 });
      expect(messages(r)).toEqual([]);
      expect(r.questions).toEqual([]);
      expect(r.rows.map((x) => x.values)).toEqual([{ pupilsPrimary: 45, teachingAuxArea: 230, equipmentValue: 126000 }]);
    }
  });

  it('skips total rows however they are written, with one note naming the sheet', async () => {
    const rows = [head.slice(0, 4), data.slice(0, 4), [null, '总 计：', null, 45], [null, '合计：', null, 45], [null, '总计(21所)', null, 45], [null, '镇区学校小计', null, 45]];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2025 });
    expect(messages(r)).toEqual([]);
    expect(r.rows).toHaveLength(1);
    expect(r.notices.map((n) => n.message)).toContain('工作表“学校统计”第 3—6 行是合计行，已跳过，不作为学校数据导入');
  });

  it('applies a 单位 column row by row and says so', async () => {
    const rows = [[...head, '单位'], [...data, '万元'], ['3609990002', '二小', 2025, 37, 180, 98000, '元']];
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2025 });
    expect(messages(r)).toEqual([]);
    expect(r.rows.map((x) => x.values.equipmentValue)).toEqual([126000, 98000]);
    expect(r.notices.map((n) => n.message)).toContain('“教学仪器设备资产值”有 1 行按“单位”列（G 列）注明的万元读取，换算为元保存（×10000）');
  });

  it('refuses answers to questions that were not asked or with a choice not offered', async () => {
    const r = await parseStatsFile(await book([head, data]), '统计表.xlsx', { year: 2025, answers: { year: '2024', 'unit:equipmentValue': '美元', 'colour:x': 'red' } });
    expect(messages(r)).toEqual([
      '统计表.xlsx：对问题“year”的回答“2024”无效，可选：file、chosen、column、title',
      '统计表.xlsx：对问题“unit:equipmentValue”的回答“美元”无效，可选：元、万元、千元',
      '统计表.xlsx：没有编号为“colour:x”的待确认问题，请按预览中列出的编号回答',
    ]);
  });
});

describe('a register file chosen as statistics', () => {
  it('says it looks like the register and which choice to make', async () => {
    const csv = Buffer.from('学校标识码,学校名称,类型,城乡,乡镇（街道）\n3609990001,样例县第一小学,小学,城区,城关镇\n');
    const r = await parseStatsFile(csv, '名册.csv', { year: 2025 });
    expect(r.errors.map((e) => e.message)).toContain('名册.csv 第 1 行：这像是学校名册文件（有“类型”“城乡”“乡镇（街道）”等列），请在“导入内容”中选择“学校名册”后重新导入');
  });
});
