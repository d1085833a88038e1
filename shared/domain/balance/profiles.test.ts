import { describe, expect, it } from 'vitest';
import { STAT_FIELD_BY_KEY } from '../schools/statistics-fields';
import { resolveOptions } from './options';
import { StandardsProfile } from './profile-schema';
import { BUILT_IN_PROFILES, PROFILE_IDS, resolveProfile } from './profiles';

describe('built-in standards profiles', () => {
  it.each(PROFILE_IDS)('%s validates against the schema', (id) => {
    expect(() => StandardsProfile.parse(BUILT_IN_PROFILES[id])).not.toThrow();
  });

  it('every numerator field exists in the statistics catalogue', () => {
    for (const p of Object.values(BUILT_IN_PROFILES)) {
      for (const ind of p.indicators) {
        const n = ind.numerator;
        const keys = n.kind === 'shared' ? n.fields : [...(n.sectionFields?.primary ?? []), ...(n.sectionFields?.junior ?? []), ...(n.totalFields ?? [])];
        for (const k of keys) expect(STAT_FIELD_BY_KEY.has(k), `${p.id} ${ind.code} ${k}`).toBe(true);
      }
    }
  });

  it('quality2017: 7 indicators, per-indicator limits 0.50 / 0.45, 6 + 85 % rule', () => {
    const p = BUILT_IN_PROFILES.quality2017;
    expect(p.indicators.map((i) => i.code)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(p.cvLimits).toEqual({ primary: 0.5, junior: 0.45 });
    expect(p.cvTest).toBe('perIndicator');
    expect(p.perSchoolRule).toEqual({ allowedBelowThreshold: 1, floorRatio: 0.85 });
    expect(p.indicators.filter((i) => i.per100).map((i) => i.code)).toEqual(['L1', 'L2', 'L3', 'L7']);
    expect(p.indicators.filter((i) => i.numerator.kind === 'teacher').map((i) => i.code)).toEqual(['L1', 'L2', 'L3']);
  });

  it('basic2012: 8 indicators, composite 0.65 / 0.55, teacher indicators per pupil', () => {
    const p = BUILT_IN_PROFILES.basic2012;
    expect(p.indicators.map((i) => i.name)).toEqual([
      '生均教学及辅助用房面积',
      '生均体育运动场馆面积',
      '生均教学仪器设备值',
      '每百名学生拥有计算机台数',
      '生均图书册数',
      '师生比',
      '生均高于规定学历教师数',
      '生均中级及以上专业技术职务教师数',
    ]);
    expect(p.cvLimits).toEqual({ primary: 0.65, junior: 0.55 });
    expect(p.cvTest).toBe('composite');
    expect(p.perSchoolRule).toBeNull();
    expect(p.indicators.filter((i) => i.numerator.kind === 'teacher').every((i) => !i.per100)).toBe(true);
  });

  it('application2019: the basic-balance indicators, composite 0.60 / 0.50, three prior years', () => {
    const p = BUILT_IN_PROFILES.application2019;
    expect(p.indicators).toEqual(BUILT_IN_PROFILES.basic2012.indicators);
    expect(p.cvLimits).toEqual({ primary: 0.6, junior: 0.5 });
    expect(p.cvTest).toBe('composite');
    expect(p.priorYearsRequired).toBe(3);
    expect(p.basis).toContain('渝教督发〔2019〕4号');
  });
});

describe('resolveProfile / custom profiles', () => {
  it('defaults to quality2017 and rejects unknown ids', () => {
    expect(resolveProfile(undefined).id).toBe('quality2017');
    expect(() => resolveProfile('nope' as never)).toThrow('未知的评估标准方案');
  });

  it('accepts a valid custom profile (e.g. a provincial variant with other limits)', () => {
    const custom = { ...BUILT_IN_PROFILES.quality2017, id: 'hebei', cvLimits: { primary: 0.45, junior: 0.4 } };
    expect(resolveOptions({ profile: custom }).profile.cvLimits.primary).toBe(0.45);
  });

  it('rejects unknown fields, duplicate codes, and a per-school rule without thresholds', () => {
    const q = BUILT_IN_PROFILES.quality2017;
    const badField = { ...q, indicators: [{ ...q.indicators[3], numerator: { kind: 'shared', fields: ['nope'] } }] };
    expect(StandardsProfile.safeParse(badField).success).toBe(false);
    const dup = { ...q, indicators: [q.indicators[0], q.indicators[0]] };
    expect(StandardsProfile.safeParse(dup).success).toBe(false);
    const noThreshold = { ...q, indicators: [{ ...q.indicators[0], thresholds: null }] };
    expect(StandardsProfile.safeParse(noThreshold).success).toBe(false);
    const emptyTeacher = { ...q, indicators: [{ ...q.indicators[0], numerator: { kind: 'teacher', sectionFields: null, totalFields: null } }] };
    expect(StandardsProfile.safeParse(emptyTeacher).success).toBe(false);
  });
});

describe('resolveOptions', () => {
  it('fills the defaults', () => {
    const o = resolveOptions(undefined);
    expect(o.sections).toEqual(['primary', 'junior']);
    expect(o.split).toEqual({ mode: 'weighted', nineYear: { primary: 1, junior: 1.1 }, twelveYear: { primary: 1, junior: 1.1, senior: 1.32 }, completeMiddle: { junior: 1, senior: 1.2 } });
    expect(o.excludeTeachingPointsBelow).toBeNull();
  });
  it('keeps section order and passes resolved options through', () => {
    const o = resolveOptions({ sections: ['junior', 'primary'], split: { mode: 'pupilRatio' } });
    expect(o.sections).toEqual(['primary', 'junior']);
    expect(o.split.mode).toBe('pupilRatio');
    expect(o.split.twelveYear.senior).toBe(1.32);
    expect(resolveOptions(o)).toBe(o);
  });
});
