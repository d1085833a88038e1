/**
 * Core shared types of the balance (资源配置与校际均衡) computation.
 * Only the two compulsory sections are evaluated; senior pupils only take part in apportioning.
 */
export type BalanceSection = 'primary' | 'junior';
export const BALANCE_SECTIONS: readonly BalanceSection[] = ['primary', 'junior'];
export const BALANCE_SECTION_LABELS: Record<BalanceSection, string> = { primary: '小学', junior: '初中' };

/** A statistics field that was needed but absent (or unusable) for one school. */
export interface MissingField {
  key: string;
  /** Chinese label from the statistics catalogue, shown to the user. */
  label: string;
  reason: 'absent' | 'invalid';
}

export type AttainmentStatus = 'met' | 'within85' | 'below' | 'missing';
export const ATTAINMENT_STATUS_LABELS: Record<AttainmentStatus, string> = {
  met: '达标',
  within85: '未达标但不低于85%',
  below: '低于85%',
  missing: '数据缺失',
};

export type Verdict = 'pass' | 'fail' | 'incomplete';
export const VERDICT_LABELS: Record<Verdict, string> = { pass: '达标', fail: '未达标', incomplete: '数据不全' };
