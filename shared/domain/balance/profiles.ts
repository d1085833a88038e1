/**
 * The built-in standards profiles. 'quality2017' is the default.
 */
import { BASIC_2012_INDICATORS, QUALITY_2017_INDICATORS } from './indicators';
import { StandardsProfile } from './profile-schema';

export const PROFILE_IDS = ['quality2017', 'basic2012', 'application2019'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];
export const DEFAULT_PROFILE_ID: ProfileId = 'quality2017';

const quality2017: StandardsProfile = {
  id: 'quality2017',
  name: '县域义务教育优质均衡发展（2017）',
  basis: '《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）',
  indicators: [...QUALITY_2017_INDICATORS],
  cvLimits: { primary: 0.5, junior: 0.45 },
  cvTest: 'perIndicator',
  perSchoolRule: { allowedBelowThreshold: 1, floorRatio: 0.85 },
  priorYearsRequired: null,
  notes: [
    '每项指标的差异系数分别检验：小学不高于 0.50，初中不高于 0.45。',
    '综合差异系数（7 项差异系数的平均值）仅供参考，不作为判定依据。',
    '每所学校至少 6 项指标达到要求，其余 1 项不低于要求的 85%。',
  ],
};

const basic2012: StandardsProfile = {
  id: 'basic2012',
  name: '县域义务教育基本均衡发展（2012）',
  basis: '《县域义务教育均衡发展督导评估暂行办法》（教督〔2012〕3号）',
  indicators: [...BASIC_2012_INDICATORS],
  cvLimits: { primary: 0.65, junior: 0.55 },
  cvTest: 'composite',
  perSchoolRule: null,
  priorYearsRequired: null,
  notes: [
    '检验综合差异系数（8 项差异系数的平均值）：小学不高于 0.65，初中不高于 0.55；单项差异系数不单独判定。',
    '学校办学基本标准由各省规定，本方案不含学校达标标准值。',
  ],
};

/**
 * 渝教督发〔2019〕4号 五(二): “申报前三年未发生义务教育基本均衡规定指标不达标现象，其中，小学、初中
 * 差异系数分别不超过 0.60、0.50”. The clause names the basic-balance indicators and says neither
 * “综合” nor “每项”; under 教督〔2012〕3号 the only coefficient those indicators are tested on is the
 * composite, so the limits apply to the composite of the 8 basic-balance indicators, in each of the
 * three years before the application. Clause 五(四) (0.50 / 0.45 on the quality indicators) is the
 * 'quality2017' profile itself.
 */
const application2019: StandardsProfile = {
  id: 'application2019',
  name: '优质均衡申报条件：前三年基本均衡差异系数（重庆 2019）',
  basis: '《重庆市义务教育优质均衡发展区县督导评估工作方案》（渝教督发〔2019〕4号）五、申报条件（二）',
  indicators: [...BASIC_2012_INDICATORS],
  cvLimits: { primary: 0.6, junior: 0.5 },
  cvTest: 'composite',
  perSchoolRule: null,
  priorYearsRequired: 3,
  notes: [
    '申报前三年每一年，按基本均衡 8 项指标测算的综合差异系数：小学不超过 0.60，初中不超过 0.50。',
    '原文未写“综合”或“每项”；基本均衡规定指标只检验综合差异系数，故按综合差异系数判定，单项差异系数仅供参考。',
    '申报条件（四）“按优质均衡规定指标测算的差异系数小学、初中分别不高于 0.50、0.45”见“优质均衡（2017）”方案。',
  ],
};

export const BUILT_IN_PROFILES: Readonly<Record<ProfileId, StandardsProfile>> = { quality2017, basic2012, application2019 };

export function isProfileId(id: string): id is ProfileId {
  return (PROFILE_IDS as readonly string[]).includes(id);
}

/** A built-in profile by id, or a custom profile validated against the schema. */
export function resolveProfile(profile: ProfileId | StandardsProfile | undefined): StandardsProfile {
  if (profile === undefined) return BUILT_IN_PROFILES[DEFAULT_PROFILE_ID];
  if (typeof profile === 'string') {
    const found = BUILT_IN_PROFILES[profile];
    if (!found) throw new Error(`未知的评估标准方案：${String(profile)}`);
    return found;
  }
  return StandardsProfile.parse(profile);
}

function decimals(x: number): number | null {
  const s = String(x);
  if (s.includes('e')) return null;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * The 85 % floor of a threshold (derived, never stored), computed in decimal: both numbers are
 * scaled to integers, multiplied exactly and divided once, so 0.85 × 10.2 is the double nearest
 * 8.67 (plain floating point gives 8.669999999999998) and 0.85 × 4.5 the one nearest 3.825.
 */
export function floorOf(threshold: number, floorRatio: number): number {
  const dt = decimals(threshold);
  const dr = decimals(floorRatio);
  if (dt === null || dr === null || dt + dr > 15) return threshold * floorRatio;
  const t = Math.round(threshold * 10 ** dt);
  const r = Math.round(floorRatio * 10 ** dr);
  if (!Number.isSafeInteger(t * r)) return threshold * floorRatio;
  return (t * r) / 10 ** (dt + dr);
}
