import { describe, expect, it } from 'vitest';
import { STAT_FIELD_BY_KEY } from './statistics-fields';
import { parseStatText, statValueIssue, statValuesIssues, statValueText } from './stat-validation';

const def = (key: string) => STAT_FIELD_BY_KEY.get(key)!;

describe('statistics value rules', () => {
  it('refuses negative figures with a Chinese message naming the field, instead of turning them into 0', () => {
    expect(statValueIssue(def('pupilsPrimary'), -5)).toBe('“小学在校生数”不能为负数（填写的是 -5）');
    expect(statValueIssue(def('equipmentValue'), -0.5)).toBe('“教学仪器设备资产值”不能为负数（填写的是 -0.5）');
    expect(statValueIssue(def('classSizesPrimary'), [45, -3])).toBe('“小学各班人数”第 2 班不能为负数（填写的是 -3）');
    expect(statValueIssue(def('musicRoomAreas'), [96, -1])).toBe('“各音乐教室面积”第 2 间不能为负数（填写的是 -1）');
  });

  it('accepts zero, missing values, decimals where the unit allows them', () => {
    expect(statValueIssue(def('pupilsPrimary'), 0)).toBeNull();
    expect(statValueIssue(def('pupilsPrimary'), undefined)).toBeNull();
    expect(statValueIssue(def('pupilsPrimary'), null)).toBeNull();
    expect(statValueIssue(def('teachingAuxArea'), 1234.5)).toBeNull();
    expect(statValueIssue(def('musicRoomAreas'), [96.5, 100])).toBeNull();
    expect(statValueIssue(def('classSizesPrimary'), [])).toBeNull();
  });

  it('refuses fractions of people, wrong shapes and non-numbers', () => {
    expect(statValueIssue(def('pupilsPrimary'), 12.5)).toBe('“小学在校生数”应为整数（人），填写的是 12.5');
    expect(statValueIssue(def('classSizesPrimary'), [45.5])).toBe('“小学各班人数”第 1 班应为整数（人），填写的是 45.5');
    expect(statValueIssue(def('classSizesPrimary'), 45)).toBe('“小学各班人数”应为每班一个数字的列表');
    expect(statValueIssue(def('pupilsPrimary'), [45])).toBe('“小学在校生数”应为单个数字');
    expect(statValueIssue(def('pupilsPrimary'), Number.NaN)).toBe('“小学在校生数”应为数字');
  });

  it('lists every problem of a record, unknown fields included', () => {
    expect(statValuesIssues({ pupilsPrimary: 800, books: -1, nonsense: 3 })).toEqual([
      { field: 'books', label: '图书册数', message: '“图书册数”不能为负数（填写的是 -1）' },
      { field: 'nonsense', label: 'nonsense', message: '未知的统计字段“nonsense”' },
    ]);
    expect(statValuesIssues({ pupilsPrimary: 800, classSizesPrimary: [40, 41] })).toEqual([]);
  });
});

describe('statistics values typed or pasted as text', () => {
  it('reads numbers as Excel copies them: thousands separators, full-width digits, blanks and placeholders', () => {
    expect(parseStatText(def('equipmentValue'), '1,833,700')).toEqual({ ok: true, value: 1833700 });
    expect(parseStatText(def('pupilsPrimary'), ' １２３ ')).toEqual({ ok: true, value: 123 });
    expect(parseStatText(def('pupilsPrimary'), '')).toEqual({ ok: true, value: null });
    expect(parseStatText(def('pupilsPrimary'), '—')).toEqual({ ok: true, value: null });
    expect(parseStatText(def('pupilsPrimary'), '0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses a negative or non-numeric cell with the field named', () => {
    expect(parseStatText(def('pupilsPrimary'), '-12')).toEqual({ ok: false, message: '“小学在校生数”不能为负数（填写的是 -12）' });
    expect(parseStatText(def('pupilsPrimary'), '八百')).toEqual({ ok: false, message: '“小学在校生数”填写的“八百”不是数字' });
    expect(parseStatText(def('books'), '1.2E+6')).toMatchObject({ ok: false, message: expect.stringContaining('科学计数法') });
  });

  it('reads lists with any of the usual separators and refuses a bad item', () => {
    expect(parseStatText(def('classSizesPrimary'), '45，43、46 ')).toEqual({ ok: true, value: [45, 43, 46] });
    expect(parseStatText(def('classSizesPrimary'), '45,abc')).toEqual({ ok: false, message: '“小学各班人数”第 2 班填写的“abc”不是数字，多个数值请用逗号或顿号分隔' });
    expect(parseStatText(def('classSizesPrimary'), '45,-1')).toEqual({ ok: false, message: '“小学各班人数”第 2 班不能为负数（填写的是 -1）' });
    expect(parseStatText(def('classSizesPrimary'), '  ')).toEqual({ ok: true, value: null });
  });

  it('writes values back as text that reads the same', () => {
    expect(statValueText(1833700)).toBe('1833700');
    expect(statValueText([96, 100.5])).toBe('96,100.5');
    expect(statValueText(undefined)).toBe('');
    for (const [key, v] of [['equipmentValue', 1833700], ['musicRoomAreas', [96, 100.5]]] as const) {
      expect(parseStatText(def(key), statValueText(v as never))).toEqual({ ok: true, value: v });
    }
  });
});
