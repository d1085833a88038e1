import { describe, expect, it } from 'vitest';
import { STAT_FIELDS } from '../../../../../shared/domain/schools/statistics-fields';
import { fromStatForm, parseList, toStatForm } from './stat-form-values';

describe('statistics form values', () => {
  it('keeps missing values missing in both directions, never 0', () => {
    const form = toStatForm(STAT_FIELDS, { pupilsPrimary: 0, books: 1200 });
    expect(form).toEqual({ pupilsPrimary: 0, books: 1200 });
    expect('computers' in form).toBe(false);
    expect(fromStatForm(STAT_FIELDS, { pupilsPrimary: 0, books: null, computers: undefined, classSizesPrimary: '' })).toEqual({ pupilsPrimary: 0 });
  });

  it('round-trips list fields through "45,43,46"', () => {
    const form = toStatForm(STAT_FIELDS, { classSizesPrimary: [45, 43, 46] });
    expect(form.classSizesPrimary).toBe('45,43,46');
    expect(fromStatForm(STAT_FIELDS, { classSizesPrimary: '45，43、46 ' })).toEqual({ classSizesPrimary: [45, 43, 46] });
  });

  it('rejects non-numbers in lists with a Chinese message', () => {
    expect(parseList('45,abc').error).toContain('abc');
    expect(parseList('45,-1').error).toBeDefined();
    expect(parseList('   ')).toEqual({ value: null });
  });
});
