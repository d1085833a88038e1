import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ISSUES } from './issues';
import { parseSchoolsFile } from './parse-schools';
import { csvText, gbk, utf8Bom, xlsx } from './test-fixtures';

const HEAD = ['学校标识码', '学校名称', '简称', '类型', '办学性质', '城乡', '乡镇（街道）', '地址', '校长', '联系电话', '状态', '撤并日期', '校区'];
const GOOD = [
  HEAD,
  ['4101000001', '城关第一小学', '一小', '小学', '公办', '城区', '城关镇', '人民路 1 号', '张明', '0371-1234567', '在办', null, '本部、北校区'],
  ['4101000002', '河口初级中学', null, '初中', null, '乡村', '河口乡', null, null, null, null, null, null],
  [null, '柳树湾教学点', null, '教学点', '公办', '乡村', '河口乡', null, null, null, '撤并', '2021/9/1', null],
];

const messages = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message);

describe('parseSchoolsFile — good files', () => {
  it('reads the template layout from xlsx, applying defaults and splitting campuses', async () => {
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows: GOOD }]), '学校.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(3);
    const [a, b, c] = r.rows;
    expect(a).toMatchObject({ sheet: '学校名册', row: 2, campuses: ['本部', '北校区'] });
    expect(a.input).toEqual({
      code: '4101000001', name: '城关第一小学', shortName: '一小', type: '小学', ownership: '公办', locality: '城区',
      township: '城关镇', address: '人民路 1 号', principal: '张明', contact: '0371-1234567', status: '在办', closedOn: null,
    });
    expect(b.input).toMatchObject({ ownership: '公办', status: '在办', shortName: null });
    expect(c.input).toMatchObject({ code: null, status: '撤并', closedOn: '2021-09-01' });
    expect(a.fields).toContain('township');
    expect(a.columns.name).toEqual({ column: 'B', label: '学校名称' });
  });

  it('reads a UTF-8 CSV with BOM', async () => {
    const r = await parseSchoolsFile(utf8Bom(csvText(GOOD)), '学校.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.input.name)).toEqual(['城关第一小学', '河口初级中学', '柳树湾教学点']);
    expect(r.rows[0].sheet).toBe('CSV');
  });

  it('reads a GBK CSV as Excel on Chinese Windows saves it', async () => {
    const r = await parseSchoolsFile(gbk(csvText(GOOD)), '学校.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows[0].input).toMatchObject({ name: '城关第一小学', township: '城关镇', principal: '张明' });
    expect(r.rows[0].campuses).toEqual(['本部', '北校区']);
  });

  it('keeps a 标识码 typed as a number and a date cell', async () => {
    const rows = [HEAD, [4101000001, '一小', null, '小学', null, '城区', null, null, null, null, '撤并', new Date(Date.UTC(2020, 8, 1))]];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), 'a.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows[0].input).toMatchObject({ code: '4101000001', closedOn: '2020-09-01' });
  });

  it('tolerates spaces, half-width parentheses, stars and aliases in headers, and only some columns', async () => {
    const rows = [[' 学校 名称* ', '学校类型', '城乡', '乡镇(街道)'], ['一小', '九年一贯制学校', '镇区', '城关镇']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), 'a.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows[0].input).toMatchObject({ name: '一小', type: '九年一贯制', township: '城关镇' });
    expect(r.rows[0].fields.sort()).toEqual(['locality', 'name', 'township', 'type']);
  });

  it('finds the header below merged title rows', async () => {
    const rows = [['某某县义务教育学校名册'], ['填报单位：某某县教育局', null, null, '2024 年'], [], ...GOOD];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows, merges: ['A1:M1', 'A2:C2'] }]), 'a.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.row)).toEqual([5, 6, 7]);
  });

  it('finds a header merged down over two rows', async () => {
    const rows = [['学校名称', '类型', '城乡'], [null, null, null], ['一小', '小学', '城区']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows, merges: ['A1:A2', 'B1:B2', 'C1:C2'] }]), 'a.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.row, x.input.name])).toEqual([[3, '一小']]);
  });

  it('finds the data sheet by its header when the sheet is renamed, ignoring the guide', async () => {
    const buf = await xlsx([{ name: '填写说明', rows: [['说明']] }, { name: '封面', rows: [['某某县']] }, { name: 'Sheet1', rows: GOOD }]);
    const r = await parseSchoolsFile(buf, 'a.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows[0].sheet).toBe('Sheet1');
  });

  it('uses the cached result of a formula', async () => {
    const rows = [HEAD, ['4101000001', { formula: 'CONCAT("城关","一小")', result: '城关一小' }, null, '小学', null, '城区']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), 'a.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows[0].input.name).toBe('城关一小');
  });
});

describe('parseSchoolsFile — errors', () => {
  it('names the sheets found when no sheet has the header', async () => {
    const buf = await xlsx([{ name: '汇总', rows: [['合计', 12]] }, { name: '附表', rows: [['说明']] }]);
    const r = await parseSchoolsFile(buf, '学校.xlsx');
    expect(messages(r)).toEqual([
      '学校.xlsx：没有找到工作表“学校名册”，其他工作表中也没有找到包含“学校名称”“类型”“城乡”的表头。文件中的工作表有：“汇总”、“附表”',
    ]);
  });

  it('reports a sheet without any recognisable header', async () => {
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows: [['甲', '乙'], ['1', '2']] }]), '学校.xlsx');
    expect(messages(r)[0]).toContain('在前 10 行中没有找到表头');
  });

  it('names every missing required column and every unknown one', async () => {
    const rows = [['学校名称', '学校性质X', '备注'], ['一小', '公办', '']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), '学校.xlsx');
    expect(messages(r)).toEqual([
      '学校.xlsx 工作表“学校名册”第 1 行 B 列（学校性质X）：无法识别的列名“学校性质X”，请删除该列或改用模板中的列名',
      '学校.xlsx 工作表“学校名册”第 1 行：缺少“类型”列',
      '学校.xlsx 工作表“学校名册”第 1 行：缺少“城乡”列',
    ]);
  });

  it('reports a duplicated column', async () => {
    const rows = [['学校名称', '类型', '城乡', '学校类型'], ['一小', '小学', '城区', '初中']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), '学校.xlsx');
    expect(messages(r)[0]).toBe('学校.xlsx 工作表“学校名册”第 1 行 D 列（学校类型）：与 B 列“类型”重复，同一项只能有一列');
  });

  it('collects every row error: bad code, unknown enum values, blanks, bad date, duplicates', async () => {
    const rows = [
      HEAD,
      ['41010001', '一小', null, '中学', '国营', '城区'],
      ['4101000002', null, null, '小学', null, '城郊'],
      ['4101000003', '二小', null, '小学', null, '城区', null, null, null, null, '撤并', '去年九月'],
      ['4101000004', '三小', null, '小学', null, '城区'],
      ['4101000004', '四小', null, '小学', null, '城区'],
      ['4101000005', '三小', null, '小学', null, '城区'],
      ['4101000006', '五小', null, '小学', null, '城区'],
    ];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), '学校.xlsx');
    const at = '学校.xlsx 工作表“学校名册”';
    expect(messages(r)).toEqual([
      `${at}第 2 行 A 列（学校标识码）：“41010001”不是有效的学校标识码，应为 10 位数字`,
      expect.stringMatching(/^学校\.xlsx 工作表“学校名册”第 2 行 D 列（类型）：“中学”不是有效的学校类型，可选：小学、初中、九年一贯制、十二年一贯制、完全中学、教学点、特殊教育学校，或教育统计的学校类别名称（.*初级中学.*）$/),
      `${at}第 2 行 E 列（办学性质）：“国营”不是有效的办学性质，可选：公办、民办`,
      `${at}第 3 行 B 列（学校名称）：“学校名称”不能为空`,
      `${at}第 3 行 F 列（城乡）：“城郊”不是有效的城乡类别，可选：城区、镇区、乡村，或国家统计城乡划分的名称或代码（111 主城区、112 城乡结合区、121 镇中心区、122 镇乡结合区、123 特殊区域、210 乡中心区、220 村庄）`,
      `${at}第 4 行 L 列（撤并日期）：“去年九月”不是日期，应写成 2020-09-01`,
      `${at}第 6 行 A 列（学校标识码）：学校标识码“4101000004”与第 5 行重复`,
      `${at}第 7 行 B 列（学校名称）：学校名称“三小”与第 5 行重复`,
    ]);
    expect(r.rows.map((x) => x.input.name)).toEqual(['三小', '五小']);
    expect(r.errors[0]).toMatchObject({ file: '学校.xlsx', sheet: '学校名册', row: 2, column: 'A', columnLabel: '学校标识码' });
  });

  it('names the cell of a formula saved without a result', async () => {
    const rows = [HEAD, [{ formula: 'TEXT(4101000001,"0")' }, '一小', null, '小学', null, '城区']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), '学校.xlsx');
    expect(messages(r)).toEqual([
      '学校.xlsx 工作表“学校名册”第 2 行 A 列（学校标识码）：是公式“=TEXT(4101000001,"0")”，但文件中没有保存计算结果。请在 Excel 中打开该文件并保存后再导入，或直接填写数值',
    ]);
  });

  it('reports over-long text with a Chinese message', async () => {
    const rows = [HEAD, ['4101000001', '一小'.repeat(60), null, '小学', null, '城区']];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), '学校.xlsx');
    expect(messages(r)[0]).toContain('第 2 行 B 列（学校名称）：学校名称不能超过 100 个字');
  });

  it('lists at most 500 errors, then how many more', async () => {
    const rows = [HEAD, ...Array.from({ length: 620 }, (_, i) => [`x${i}`, `学校${i}`, null, '小学', null, '城区'])];
    const r = await parseSchoolsFile(utf8Bom(csvText(rows as (string | null)[][])), '学校.csv');
    expect(r.errors).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(r.errors[0].message).toBe('学校.csv 第 2 行 A 列（学校标识码）：“x0”不是有效的学校标识码，应为 10 位数字');
    expect(r.errors[MAX_LISTED_ISSUES].message).toBe('另有 120 处错误未列出');
  });
});

describe('parseSchoolsFile — text hygiene', () => {
  it('removes invisible characters and odd spaces from every column, says so with the characters shown, and keeps inner spaces', async () => {
    const rows = [
      ['学校标识码', '学校名称', '类型', '城乡', '乡镇（街道）', '状态', '撤并日期'],
      ['\u200b４１０１０００００１', '柳林乡中心小学\u200b', '小学\u00a0', '乡村', '柳林乡\u3000', '撤并\ufeff', '2021/9/1\u200b'],
      ['4101000002 ', '石门镇\u00a0\u00a0中心小学', '小学', '镇区', '石门镇', null, null],
    ];
    const r = await parseSchoolsFile(utf8Bom(csvText(rows)), '学校.csv');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.input)).toEqual([
      expect.objectContaining({ code: '4101000001', name: '柳林乡中心小学', type: '小学', township: '柳林乡', status: '撤并', closedOn: '2021-09-01' }),
      expect.objectContaining({ code: '4101000002', name: '石门镇 中心小学' }),
    ]);
    const notes = r.notices.map((n) => n.message);
    expect(notes).toContain('“学校名称”列有 2 个单元格含不可见字符或特殊空格，已去除后再匹配和保存：第 2 行“柳林乡中心小学⟨U+200B⟩”、第 3 行“石门镇⟨U+00A0⟩⟨U+00A0⟩中心小学”');
    expect(notes).toContain('“学校标识码”列有 1 个单元格含不可见字符或特殊空格，已去除后再匹配和保存：第 2 行“⟨U+200B⟩４１０１０００００１”');
    expect(r.notices.every((n) => n.kind === 'other')).toBe(true);
  });

  it('treats names that differ only by spaces or invisible characters as the same school repeated', async () => {
    const rows = [['学校名称', '类型', '城乡'], ['石门镇中心小学', '小学', '镇区'], ['石门镇 中心小学', '小学', '镇区'], ['石门镇中心小学\u200b', '小学', '镇区']];
    const r = await parseSchoolsFile(utf8Bom(csvText(rows)), '学校.csv');
    expect(r.errors.map((e) => e.message)).toEqual([
      '学校.csv 第 3 行 A 列（学校名称）：学校名称“石门镇 中心小学”与第 2 行的“石门镇中心小学”只差空格、全角半角或不可见字符，视为同一所学校重复出现',
      '学校.csv 第 4 行 A 列（学校名称）：学校名称“石门镇中心小学”与第 2 行重复',
    ]);
  });

  it('shows an invisible character inside an unknown value', async () => {
    const rows = [['学校名称', '类型', '城乡', '办学性质'], ['一小', '小学', '城区', '公\u200b营']];
    const r = await parseSchoolsFile(utf8Bom(csvText(rows)), '学校.csv');
    expect(r.errors.map((e) => e.message)).toEqual(['学校.csv 第 2 行 D 列（办学性质）：“公⟨U+200B⟩营”不是有效的办学性质，可选：公办、民办']);
  });
});

describe('parseSchoolsFile — national statistics vocabulary', () => {
  it('maps the urban–rural names and codes and the school-category names, one notice per term', async () => {
    const rows = [
      ['学校名称', '办学类型', '城乡分类'],
      ['甲小学', '小学', '镇中心区'],
      ['乙初中', '初级中学', '主城区'],
      ['丙教学点', '小学教学点', '村庄'],
      ['丁学校', '九年一贯制学校', '城乡结合区'],
      ['戊学校', '十二年一贯制学校', 111],
      ['己初中', '初级中学', '主城区(111)'],
      ['庚小学', '普通小学', '122'],
      ['辛学校', '特殊教育学校', '123 特殊区域'],
      ['壬小学', '小学', '210'],
      ['癸小学', '小学', '农村'],
    ];
    const r = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows }]), '学校.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.input.name, x.input.type, x.input.locality])).toEqual([
      ['甲小学', '小学', '镇区'],
      ['乙初中', '初中', '城区'],
      ['丙教学点', '教学点', '乡村'],
      ['丁学校', '九年一贯制', '城区'],
      ['戊学校', '十二年一贯制', '城区'],
      ['己初中', '初中', '城区'],
      ['庚小学', '小学', '镇区'],
      ['辛学校', '特殊教育学校', '镇区'],
      ['壬小学', '小学', '乡村'],
      ['癸小学', '小学', '乡村'],
    ]);
    expect(r.notices.filter((n) => n.kind === 'mapping').map((n) => n.message)).toEqual([
      '城乡“镇中心区”（第 2 行）按国家统计城乡划分记为“镇区”',
      '学校类型“初级中学”（第 3、7 行）按教育统计学校类别记为“初中”',
      '城乡“主城区”（第 3 行）按国家统计城乡划分记为“城区”',
      '学校类型“小学教学点”（第 4 行）按教育统计学校类别记为“教学点”',
      '城乡“村庄”（第 4 行）按国家统计城乡划分记为“乡村”',
      '学校类型“九年一贯制学校”（第 5 行）按教育统计学校类别记为“九年一贯制”',
      '城乡“城乡结合区”（第 5 行）按国家统计城乡划分记为“城区”',
      '学校类型“十二年一贯制学校”（第 6 行）按教育统计学校类别记为“十二年一贯制”',
      '城乡“111”（主城区）（第 6、7 行）按国家统计城乡划分代码记为“城区”',
      '学校类型“普通小学”（第 8 行）按教育统计学校类别记为“小学”',
      '城乡“122”（镇乡结合区）（第 8 行）按国家统计城乡划分代码记为“镇区”',
      '城乡“123”（特殊区域）（第 9 行）按国家统计城乡划分代码记为“镇区”',
      '城乡“210”（乡中心区）（第 10 行）按国家统计城乡划分代码记为“乡村”',
      '城乡“农村”（第 11 行）按教育统计 2011 年以前的口径记为“乡村”',
    ]);
  });

  it('refuses a code and a name that disagree, 城镇, and categories outside the register, with the reason', async () => {
    const rows = [['学校名称', '类型', '城乡'], ['甲', '小学', '111村庄'], ['乙', '职业初中', '城镇'], ['丙', '高级中学', '城区']];
    const r = await parseSchoolsFile(utf8Bom(csvText(rows)), '学校.csv');
    expect(r.errors.map((e) => e.message)).toEqual([
      '学校.csv 第 2 行 C 列（城乡）：“111村庄”中的代码 111（主城区）与名称“村庄”不一致，请核对',
      '学校.csv 第 3 行 B 列（类型）：“职业初中”不是本系统的学校类型；职业初中是否纳入评估各地规定不同，如需纳入请填写“初中”，否则请删除该行',
      '学校.csv 第 3 行 C 列（城乡）：“城镇”包括城区和镇区，请写明是城区还是镇区（或填写国家统计城乡划分代码 111–123）',
      '学校.csv 第 4 行 B 列（类型）：“高级中学”不是义务教育学校，请删除该行（有初中部的请填写“完全中学”）',
    ]);
  });
});
