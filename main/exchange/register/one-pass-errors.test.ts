/**
 * Every error of a row in one pass (issue 10): a row with a wrong cell is still planned against the
 * register, so the errors only the register can tell come with the cell errors, not in a later round;
 * all errors of an import come sorted by row, then column.
 */
import { describe, expect, it } from 'vitest';
import type { ImportIssue } from '../../../shared/api/contracts/exchange';
import { capIssues, makeIssue, mergeIssues } from './issues';
import { parseSchoolsFile } from './parse-schools';
import { parseStatsFile } from './parse-stats';
import { planSchoolImport } from './plan-schools';
import { planStatsImport } from './plan-stats';
import { csvText, school, utf8Bom, xlsx } from './test-fixtures';

const HEAD = ['学校标识码', '学校名称', '简称', '类型', '办学性质', '城乡', '乡镇（街道）', '地址', '校长', '联系电话', '状态', '撤并日期'];
const NO_DATE_HEAD = HEAD.slice(0, 11);
const at = '学校.xlsx 工作表“学校名册”';
const CLOSED_WITHOUT_DATE = '撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）';

/** What the service lists: reading and planning errors merged, sorted by row. */
async function registerErrors(rows: unknown[][], existing = [school(1, '4101000001', '城关第一小学')]): Promise<string[]> {
  const parsed = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows: rows as never }]), '学校.xlsx');
  const plan = planSchoolImport([...parsed.rows, ...parsed.rejected], existing, '学校.xlsx');
  return mergeIssues([parsed.errors, plan.errors]).map((e) => e.message);
}

describe('register rows: every error of a row at once', () => {
  it('a wrong 城乡 and 撤并 without a date are both reported, sorted by column', async () => {
    const errors = await registerErrors([HEAD, ['4101000002', '二小', null, '小学', null, '城郊', null, null, null, null, '撤并', null]]);
    expect(errors).toEqual([
      expect.stringMatching(/^学校\.xlsx 工作表“学校名册”第 2 行 F 列（城乡）：“城郊”不是有效的城乡类别/),
      `${at}第 2 行 L 列（撤并日期）：${CLOSED_WITHOUT_DATE}`,
    ]);
  });

  it('without a 撤并日期 column, the stored date completes 撤并 for a row with a wrong cell, and its absence is said at 状态', async () => {
    const existing = [school(1, '4101000001', '城关第一小学', { status: '撤并', closedOn: '2023-08-31' }), school(2, '4101000002', '河口小学')];
    const errors = await registerErrors(
      [
        NO_DATE_HEAD,
        ['4101000001', '城关第一小学', null, '小学', null, '城郊', null, null, null, null, '撤并'],
        ['4101000002', '河口小学', null, '中学', null, '乡村', null, null, null, null, '撤并'],
      ],
      existing,
    );
    expect(errors).toEqual([
      expect.stringMatching(/第 2 行 F 列（城乡）：“城郊”不是有效的城乡类别/),
      expect.stringMatching(/第 3 行 D 列（类型）：“中学”不是有效的学校类型/),
      `${at}第 3 行 K 列（状态）：${CLOSED_WITHOUT_DATE}（文件中没有“撤并日期”列）`,
    ]);
  });

  it('says nothing about a rule whose outcome hangs on a wrong cell or on which school the row is', async () => {
    const errors = await registerErrors([
      NO_DATE_HEAD,
      // 状态 itself is wrong: whether a date is needed is not known yet.
      ['4101000003', '三小', null, '小学', null, '城区', null, null, null, null, '停办'],
      // The 标识码 is wrong and no 撤并日期 column: the stored school it means may hold the date.
      ['41010004', '四小', null, '小学', null, '城区', null, null, null, null, '撤并'],
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/第 2 行 K 列（状态）：“停办”不是有效的状态/);
    expect(errors[1]).toMatch(/第 3 行 A 列（学校标识码）：“41010004”不是有效的学校标识码/);
  });

  it('reports a 标识码 another school holds, a repeated row, and the cell errors of each row together', async () => {
    const existing = [school(1, '4101000001', '城关第一小学'), school(2, '4101000002', '河口小学')];
    const errors = await registerErrors(
      [
        HEAD,
        // A name the register holds under another 标识码, and a wrong 城乡 in the same row.
        ['4101000009', '城关第一小学', null, '小学', null, '城郊'],
        ['4101000002', '河口小学', null, '小学', null, '乡村'],
        ['4101000002', '河口小学二', null, '小学', '国营', '乡村'],
      ],
      existing,
    );
    expect(errors).toEqual([
      `${at}第 2 行 A 列（学校标识码）：名册中已有学校“城关第一小学”，其标识码为 4101000001，与本行的 4101000009 不一致`,
      expect.stringMatching(/第 2 行 F 列（城乡）：“城郊”不是有效的城乡类别/),
      `${at}第 4 行 A 列（学校标识码）：学校标识码“4101000002”与第 3 行重复`,
      `${at}第 4 行 E 列（办学性质）：“国营”不是有效的办学性质，可选：公办、民办`,
    ]);
  });

  it('a row with errors claims its school, so a later row describing it again is told in the same pass', async () => {
    const errors = await registerErrors([
      HEAD,
      ['4101000001', '城关第一小学', null, '小学', null, '城郊'],
      [null, '城关第一小学', null, '小学', null, '城区'],
    ]);
    expect(errors).toEqual([expect.stringMatching(/第 2 行 F 列（城乡）/), `${at}第 3 行 B 列（学校名称）：学校名称“城关第一小学”与第 2 行重复`]);
  });

  it('a file with errors stores nothing, and a good file still plans as before', async () => {
    const parsed = await parseSchoolsFile(await xlsx([{ name: '学校名册', rows: [HEAD, ['4101000002', '二小', null, '小学', null, '城郊', null, null, null, null, '撤并', null]] }]), '学校.xlsx');
    const plan = planSchoolImport([...parsed.rows, ...parsed.rejected], [], '学校.xlsx');
    expect(plan.ops).toEqual([]);
    expect(plan.rows).toEqual([]);
  });
});

describe('statistics rows: every error of a row at once', () => {
  it('a wrong cell and an unknown school are both reported, with a figure the school type does not have', async () => {
    const rows = [
      ['学校标识码', '学校名称', '年份', '小学在校生数（人）', '初中在校生数（人）', '教学及辅助用房面积（平方米）'],
      ['4101000001', '城关第一小学', 2024, 300, 120, '约800'],
      ['4101000009', '新区小学', 2024, '三百', null, 600],
      [null, '城关第一小学', 2024, 310, null, 700],
    ];
    const parsed = await parseStatsFile(await xlsx([{ name: '学校统计', rows: rows as never }]), '统计.xlsx', { year: 2024 });
    const plan = planStatsImport([...parsed.rows, ...parsed.rejected], { schools: [school(1, '4101000001', '城关第一小学')], current: [], previousYear: [] }, '统计.xlsx');
    const s = '统计.xlsx 工作表“学校统计”';
    expect(mergeIssues([parsed.errors, plan.errors]).map((e) => e.message)).toEqual([
      `${s}第 2 行 E 列（初中在校生数（人））：“城关第一小学”在学校名册中是小学，没有初中学段，不填初中在校生数，本行却填写了 120 人。若该校确有初中学段，请先在学校名册中更正学校类型；否则请删除该值`,
      expect.stringMatching(/^统计\.xlsx 工作表“学校统计”第 2 行 F 列（教学及辅助用房面积（平方米））：.*约800/),
      `${s}第 3 行 A 列（学校标识码）：学校名册中没有标识码为 4101000009 的学校（本行学校名称为“新区小学”），请先在学校名册中登记`,
      expect.stringMatching(/^统计\.xlsx 工作表“学校统计”第 3 行 D 列（小学在校生数（人））：/),
      `${s}第 4 行 B 列（学校名称）：“城关第一小学” 2024 年的数据与第 2 行重复`,
    ]);
    expect(plan.ops).toEqual([]);
  });
});

describe('mergeIssues', () => {
  const issue = (row: number | null, column: string | null, text = 'x'): ImportIssue => makeIssue('a.xlsx', { sheet: '学校名册', row, column }, text);

  it('sorts by row, then column in sheet order (B before AA), issues without a row first, stably', () => {
    const merged = mergeIssues([
      [issue(3, 'F', 'f3'), issue(2, 'AA', 'aa2')],
      [issue(2, 'B', 'b2'), issue(null, null, 'sheet'), issue(2, 'B', 'b2-second'), issue(2, null, 'row2')],
    ]);
    expect(merged.map((i) => i.message.split('：').pop())).toEqual(['sheet', 'row2', 'b2', 'b2-second', 'aa2', 'f3']);
  });

  it('sums the overflow lines of the stages into one exact closing line', () => {
    const parse = capIssues(Array.from({ length: 7 }, (_, i) => issue(i + 2, 'A')), 5);
    expect(parse.at(-1)!.message).toBe('另有 2 处错误未列出');
    const merged = mergeIssues([parse, [issue(1, 'B'), issue(30, 'C')]], 5);
    expect(merged).toHaveLength(6);
    expect(merged[0].row).toBe(1);
    expect(merged.at(-1)!.message).toBe('另有 4 处错误未列出');
  });
});

describe('a CSV register (no sheets)', () => {
  it('lists both errors of the row, naming the file, row and column', async () => {
    const csv = utf8Bom(csvText([HEAD, ['4101000002', '二小', null, '小学', null, '城郊', null, null, null, null, '撤并', null]] as (string | null)[][]));
    const parsed = await parseSchoolsFile(csv, '学校.csv');
    const plan = planSchoolImport([...parsed.rows, ...parsed.rejected], [], '学校.csv');
    const merged = mergeIssues([parsed.errors, plan.errors]);
    expect(merged.map((e) => [e.file, e.sheet, e.row, e.column, e.columnLabel])).toEqual([
      ['学校.csv', null, 2, 'F', '城乡'],
      ['学校.csv', null, 2, 'L', '撤并日期'],
    ]);
    expect(merged[1].message).toBe(`学校.csv 第 2 行 L 列（撤并日期）：${CLOSED_WITHOUT_DATE}`);
  });
});
