import { describe, expect, it } from 'vitest';
import { STAT_FIELD_BY_KEY, STAT_FIELDS } from '../../../../../shared/domain/schools/statistics-fields';
import { fromStatForm, listFieldError, statFormChanged, toStatForm } from './stat-form-values';

const sizes = STAT_FIELD_BY_KEY.get('classSizesPrimary')!;

describe('statistics form values', () => {
  it('keeps missing values missing in both directions, never 0', () => {
    const form = toStatForm(STAT_FIELDS, { pupilsPrimary: 0, books: 1200 });
    expect(form).toEqual({ pupilsPrimary: 0, books: 1200 });
    expect('computers' in form).toBe(false);
    expect(fromStatForm(STAT_FIELDS, { pupilsPrimary: 0, books: null, computers: undefined, classSizesPrimary: [] })).toEqual({ pupilsPrimary: 0 });
  });

  it('holds list fields as table rows, one per class', () => {
    const form = toStatForm(STAT_FIELDS, { classSizesPrimary: [45, 43, 46] });
    expect(form.classSizesPrimary).toEqual([45, 43, 46]);
    expect(fromStatForm(STAT_FIELDS, { classSizesPrimary: [45, 43, 46] })).toEqual({ classSizesPrimary: [45, 43, 46] });
    expect(fromStatForm(STAT_FIELDS, { classSizesPrimary: [null, null] })).toEqual({});
  });

  it('refuses an empty row among filled ones and negative sizes, naming the class', () => {
    expect(listFieldError(sizes, [45, null, 46])).toBe('“小学各班人数”第 2 班未填写，请填写或删除该行');
    expect(listFieldError(sizes, [45, -1])).toBe('“小学各班人数”第 2 班不能为负数（填写的是 -1）');
    expect(listFieldError(sizes, [45, 43])).toBeNull();
    expect(listFieldError(sizes, [null])).toBeNull();
    expect(listFieldError(sizes, undefined)).toBeNull();
  });

  it('is changed only when what would be saved differs from what is stored', () => {
    const stored = { pupilsPrimary: 800, classSizesPrimary: [40, 41] };
    expect(statFormChanged(STAT_FIELDS, toStatForm(STAT_FIELDS, stored), stored)).toBe(false);
    expect(statFormChanged(STAT_FIELDS, { ...toStatForm(STAT_FIELDS, stored), classSizesPrimary: [40, 41, null] }, stored)).toBe(false);
    expect(statFormChanged(STAT_FIELDS, { ...toStatForm(STAT_FIELDS, stored), pupilsPrimary: 801 }, stored)).toBe(true);
    expect(statFormChanged(STAT_FIELDS, { ...toStatForm(STAT_FIELDS, stored), classSizesPrimary: [40, 42] }, stored)).toBe(true);
    expect(statFormChanged(STAT_FIELDS, { pupilsPrimary: 800 }, undefined)).toBe(true);
  });
});
