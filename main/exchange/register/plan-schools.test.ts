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
});
