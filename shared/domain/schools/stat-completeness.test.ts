import { describe, expect, it } from 'vitest';
import { applicableStatFields, statCompleteness } from './stat-completeness';
import { STAT_FIELDS } from './statistics-fields';

const keys = (type: Parameters<typeof applicableStatFields>[0]) => applicableStatFields(type).map((f) => f.key);

describe('applicable statistics fields', () => {
  it('a 小学 has no 初中 or 高中 fields and no per-section teacher breakdown (its total is the section figure)', () => {
    const k = keys('小学');
    expect(k).toContain('pupilsPrimary');
    expect(k).toContain('teachersAboveDegreePrimary');
    expect(k).toContain('teachers');
    expect(k).not.toContain('pupilsJunior');
    expect(k).not.toContain('pupilsSenior');
    expect(k).not.toContain('teachersPrimary');
    expect(k).not.toContain('peArtTeachersPrimary');
    expect(k).not.toContain('backboneTeachersPrimary');
  });

  it('a 九年一贯制 school has both sections with their breakdowns; 完全中学 junior and senior', () => {
    const nine = keys('九年一贯制');
    expect(nine).toEqual(expect.arrayContaining(['pupilsPrimary', 'pupilsJunior', 'teachersPrimary', 'teachersJunior', 'peArtTeachersJunior']));
    expect(nine).not.toContain('pupilsSenior');
    const complete = keys('完全中学');
    expect(complete).toEqual(expect.arrayContaining(['pupilsJunior', 'pupilsSenior', 'teachersJunior']));
    expect(complete).not.toContain('pupilsPrimary');
    // Every applicable field is a catalogue field, in catalogue order.
    const order = STAT_FIELDS.map((f) => f.key);
    expect(nine.map((k) => order.indexOf(k))).toEqual([...nine.map((k) => order.indexOf(k))].sort((a, b) => a - b));
  });
});

describe('statistics completeness', () => {
  it('no record: nothing filled, every applicable label missing', () => {
    const c = statCompleteness('初中', undefined);
    expect(c.filled).toBe(0);
    expect(c.applicable).toBe(applicableStatFields('初中').length);
    expect(c.missing[0]).toBe('初中在校生数');
  });

  it('0 and an empty list are answers; absent and null are missing', () => {
    const all = Object.fromEntries(applicableStatFields('小学').map((f) => [f.key, 1]));
    const c = statCompleteness('小学', { ...all, gymArea: 0, musicRoomAreas: [], books: null as unknown as number, computers: undefined });
    expect(c.missing).toEqual(['图书册数', '计算机台数']);
    expect(c.filled).toBe(c.applicable - 2);
  });

  it('a 小学 that filled 小学专任教师数 instead of 专任教师数 has the total counted as filled', () => {
    const only = (values: Record<string, number>) => statCompleteness('小学', values).missing;
    expect(only({ teachersPrimary: 30 })).not.toContain('专任教师数');
    expect(only({ backboneTeachersPrimary: 3 })).not.toContain('县级及以上骨干教师数');
    expect(only({})).toContain('专任教师数');
    // A nine-year school needs the per-section figures as such.
    expect(statCompleteness('九年一贯制', { teachers: 60 }).missing).toEqual(expect.arrayContaining(['小学专任教师数', '初中专任教师数']));
  });
});
