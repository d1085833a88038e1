import { describe, expect, it } from 'vitest';
import type { SchoolInput } from '../../../shared/api/contracts/schools';
import type { ParsedSchoolRow } from './parse-schools';
import { planSchoolImport } from './plan-schools';
import { campus, school } from './test-fixtures';

const ALL_FIELDS: ParsedSchoolRow['fields'] = ['code', 'name', 'shortName', 'type', 'ownership', 'locality', 'township', 'address', 'principal', 'contact', 'status', 'closedOn'];

function row(n: number, input: Partial<SchoolInput> & { name: string }, campuses: string[] = [], fields = ALL_FIELDS): ParsedSchoolRow {
  const full: SchoolInput = {
    code: null, shortName: null, type: '小学', ownership: '公办', locality: '城区', township: null, address: null,
    principal: null, contact: null, status: '在办', closedOn: null, ...input,
  };
  return { sheet: '学校名册', row: n, input: full, campuses, fields, columns: { code: { column: 'A', label: '学校标识码' }, name: { column: 'B', label: '学校名称' } } };
}

describe('planSchoolImport', () => {
  const existing = [
    school(1, '4101000001', '城关第一小学', { campuses: [campus(11, 1, '本部')] }),
    school(2, null, '河口小学', { locality: '乡村' }),
    school(3, '4101000003', '城关中学', { type: '初中' }),
  ];

  it('classifies rows as new, changed and unchanged, with field changes', () => {
    const plan = planSchoolImport(
      [
        row(2, { code: '4101000001', name: '城关第一小学' }, ['本部', '北校区']),
        row(3, { name: '河口小学', locality: '乡村' }),
        row(4, { code: '4101000003', name: '城关中学', type: '初中', principal: '李华' }),
        row(5, { code: '4101000009', name: '新区实验小学' }, ['东校区']),
      ],
      existing,
      '学校.xlsx',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => r.status)).toEqual(['changed', 'unchanged', 'changed', 'new']);
    expect(plan.rows[0].changes).toEqual([{ field: 'campuses', label: '校区', before: '本部', after: '本部、北校区' }]);
    expect(plan.rows[2].changes).toEqual([{ field: 'principal', label: '校长', before: null, after: '李华' }]);
    expect(plan.ops).toEqual([
      expect.objectContaining({ kind: 'update', id: 1, addCampuses: ['北校区'] }),
      expect.objectContaining({ kind: 'update', id: 3, input: expect.objectContaining({ principal: '李华', type: '初中' }) }),
      expect.objectContaining({ kind: 'insert', campuses: ['东校区'], input: expect.objectContaining({ name: '新区实验小学' }) }),
    ]);
  });

  it('matches by name when the row has no code, and adds the code to a school without one', () => {
    const plan = planSchoolImport([row(2, { code: '4101000002', name: '河口小学', locality: '乡村' })], existing, '学校.xlsx');
    expect(plan.rows[0]).toMatchObject({ status: 'changed', changes: [{ field: 'code', before: null, after: '4101000002' }] });
    expect(plan.ops[0]).toMatchObject({ kind: 'update', id: 2 });
  });

  it('renames a school matched by code', () => {
    const plan = planSchoolImport([row(2, { code: '4101000003', name: '城关第一初级中学', type: '初中' })], existing, '学校.xlsx');
    expect(plan.rows[0].changes).toEqual([{ field: 'name', label: '学校名称', before: '城关中学', after: '城关第一初级中学' }]);
  });

  it('keeps stored values of columns absent from the file, and a blank code', () => {
    const stored = [school(5, '4101000005', '五小', { principal: '王五', township: '城关镇' })];
    const plan = planSchoolImport([row(2, { name: '五小' }, [], ['code', 'name', 'type', 'locality'])], stored, '学校.xlsx');
    expect(plan.rows[0].status).toBe('unchanged');
    expect(plan.ops).toEqual([]);
  });

  it('clears an optional field when its column is present and blank', () => {
    const stored = [school(5, '4101000005', '五小', { principal: '王五' })];
    const plan = planSchoolImport([row(2, { code: '4101000005', name: '五小' })], stored, '学校.xlsx');
    expect(plan.rows[0].changes).toEqual([{ field: 'principal', label: '校长', before: '王五', after: null }]);
  });

  it('refuses to take another school’s name or code, or to match one school twice', () => {
    const plan = planSchoolImport(
      [
        row(2, { code: '4101000003', name: '城关第一小学' }),
        row(3, { code: '4101000077', name: '城关中学' }),
        row(4, { name: '河口小学' }),
        row(5, { code: '4101000002', name: '河口小学' }),
      ],
      existing,
      '学校.xlsx',
    );
    expect(plan.errors.map((e) => e.message)).toEqual([
      '学校.xlsx 工作表“学校名册”第 2 行 B 列（学校名称）：学校名称“城关第一小学”已被名册中另一所学校（4101000001）使用',
      '学校.xlsx 工作表“学校名册”第 3 行 A 列（学校标识码）：名册中已有学校“城关中学”，其标识码为 4101000003，与本行的 4101000077 不一致',
      '学校.xlsx 工作表“学校名册”第 5 行 A 列（学校标识码）：与第 4 行对应同一所已有学校“河口小学”',
    ]);
  });

  it('matches a name that differs from a stored one only by an inner space or invisible characters, keeps the stored name and says so', () => {
    const stored = [school(5, '3601020005', '石门镇中心小学', { locality: '镇区' }), school(6, null, '柳林乡中心小学\u200b', { locality: '乡村' })];
    const plan = planSchoolImport(
      [row(2, { name: '石门镇 中心小学', locality: '镇区' }), row(3, { name: '柳林乡中心小学', locality: '乡村' })],
      stored,
      '学校.csv',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => [r.status, r.label])).toEqual([['unchanged', '石门镇中心小学'], ['changed', '柳林乡中心小学']]);
    expect(plan.rows[1].changes).toEqual([{ field: 'name', label: '学校名称', before: '柳林乡中心小学\u200b', after: '柳林乡中心小学' }]);
    expect(plan.ops).toEqual([expect.objectContaining({ kind: 'update', id: 6 })]);
    expect(plan.notices).toEqual([
      { kind: 'duplicate', message: '第 2 行的“石门镇 中心小学”与名册中的“石门镇中心小学”只差空格，按同一所学校处理，名称保持不变' },
      { kind: 'duplicate', message: '第 3 行的“柳林乡中心小学”与名册中的“柳林乡中心小学⟨U+200B⟩”只差空格、全角半角或不可见字符，按同一所学校处理，名称整理为“柳林乡中心小学”' },
    ]);
  });

  it('refuses a look-alike name with another code, or one that another school already has, instead of a second school that looks identical', () => {
    const stored = [school(5, '3601020005', '石门镇中心小学'), school(7, '3601020007', '石门镇初级中学', { type: '初中' })];
    const plan = planSchoolImport(
      [row(2, { code: '3601020099', name: '石门镇 中心小学' }), row(3, { code: '3601020007', name: '石门镇中心 小学', type: '初中' })],
      stored,
      '学校.xlsx',
    );
    expect(plan.ops).toEqual([]);
    expect(plan.errors.map((e) => e.message)).toEqual([
      '学校.xlsx 工作表“学校名册”第 2 行 A 列（学校标识码）：名册中已有学校“石门镇中心小学”（与本行的“石门镇 中心小学”只差空格），其标识码为 3601020005，与本行的 3601020099 不一致',
      '学校.xlsx 工作表“学校名册”第 3 行 B 列（学校名称）：学校名称“石门镇中心 小学”与名册中另一所学校“石门镇中心小学”（3601020005）只差空格，可能是同一所学校',
    ]);
  });
});

describe('planSchoolImport — the shared rules', () => {
  const cols = (...keys: (keyof ParsedSchoolRow['columns'])[]): ParsedSchoolRow['columns'] => {
    const letters: Record<string, [string, string]> = { code: ['A', '学校标识码'], name: ['B', '学校名称'], status: ['K', '状态'], closedOn: ['L', '撤并日期'] };
    return Object.fromEntries(keys.map((k) => [k, { column: letters[k][0], label: letters[k][1] }]));
  };

  it('refuses a school marked 撤并 without a closing date, naming the cell', () => {
    const withDateColumn = { ...row(2, { name: '新区小学', status: '撤并' }), columns: cols('name', 'status', 'closedOn') };
    const noDateColumn = { ...row(3, { name: '旧区小学', status: '撤并' }, [], ['name', 'type', 'locality', 'status']), columns: cols('name', 'status') };
    const plan = planSchoolImport([withDateColumn, noDateColumn], [], '学校.xlsx');
    expect(plan.ops).toEqual([]);
    expect(plan.errors.map((e) => e.message)).toEqual([
      '学校.xlsx 工作表“学校名册”第 2 行 L 列（撤并日期）：撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）',
      '学校.xlsx 工作表“学校名册”第 3 行 K 列（状态）：撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）（文件中没有“撤并日期”列）',
    ]);
    expect(plan.errors[0]).toMatchObject({ file: '学校.xlsx', sheet: '学校名册', row: 2, column: 'L', columnLabel: '撤并日期' });
  });

  it('refuses a closing date on a school in operation, and accepts 撤并 completed by the stored date', () => {
    const stored = [school(8, '4101000008', '河湾小学', { status: '撤并', closedOn: '2024-08-31' })];
    const plan = planSchoolImport(
      [
        { ...row(2, { name: '新区小学', closedOn: '2021-09-01' }), columns: cols('name', 'status', 'closedOn') },
        { ...row(3, { code: '4101000008', name: '河湾小学', status: '撤并' }, [], ['code', 'name', 'type', 'locality', 'status']), columns: cols('code', 'name', 'status') },
      ],
      stored,
      '学校.xlsx',
    );
    expect(plan.errors.map((e) => e.message)).toEqual([
      '学校.xlsx 工作表“学校名册”第 2 行 L 列（撤并日期）：填写了撤并日期 2021-09-01，但办学状态是“在办”：已撤并的学校请把状态改为“撤并”，仍在办的学校请清空撤并日期',
    ]);
    expect(plan.rows).toEqual([expect.objectContaining({ row: 3, status: 'unchanged' })]);
  });
});
