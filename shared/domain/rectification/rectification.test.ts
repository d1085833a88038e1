import { describe, expect, it } from 'vitest';
import { actionsFrom, atLevel, checkMove, daysBetween, departmentsAt, levelOf, meets, recheckOutcome, regionOfSignature, supervisionOf, targetOf, type MoveContext } from '.';

const ctx = (over: Partial<MoveContext>): MoveContext => ({ state: 'awaiting_verification', operatorId: 2, operatorName: '李华', reportedBy: { id: 1, name: '张明' }, reason: '', evidenceCount: 1, ...over });

describe('rectification states', () => {
  it('offers only the moves of each state, and reverts one step back', () => {
    expect(actionsFrom('not_started')).toEqual(['start', 'report_done']);
    expect(actionsFrom('awaiting_verification')).toEqual(['verify_pass', 'verify_fail', 'revert']);
    expect(actionsFrom('closed')).toEqual(['reopen']);
    expect(targetOf('awaiting_verification', 'revert')).toBe('in_progress');
    expect(targetOf('in_progress', 'revert')).toBe('not_started');
    expect(targetOf('closed', 'revert')).toBeNull();
  });

  it('closes only by a second, named operator with evidence; moves back need a reason', () => {
    expect(checkMove('verify_pass', ctx({}))).toEqual({ ok: true, to: 'closed' });
    expect(checkMove('verify_pass', ctx({ operatorId: 1, operatorName: '张明' }))).toMatchObject({ ok: false, message: expect.stringContaining('不能自报自验') });
    expect(checkMove('verify_pass', ctx({ operatorId: null }))).toMatchObject({ ok: false, message: expect.stringContaining('具名操作人') });
    expect(checkMove('verify_pass', ctx({ evidenceCount: 0 }))).toMatchObject({ ok: false, message: '销号须附核验佐证材料（至少一个文件）' });
    // The data re-check reported it (no operator): any named operator verifies.
    expect(checkMove('verify_pass', ctx({ operatorId: 1, reportedBy: { id: null, name: '数据复核' } }))).toEqual({ ok: true, to: 'closed' });
    expect(checkMove('verify_fail', ctx({}))).toMatchObject({ ok: false, message: '“核验未通过”须填写原因' });
    expect(checkMove('reopen', ctx({ state: 'closed', reason: '  ' }))).toMatchObject({ ok: false });
    expect(checkMove('reopen', ctx({ state: 'closed', reason: '问题反弹' }))).toEqual({ ok: true, to: 'in_progress' });
    expect(checkMove('start', ctx({ state: 'closed' }))).toMatchObject({ ok: false, message: '当前状态为“已销号”，不能“开始整改”' });
  });
});

describe('supervision', () => {
  it('counts calendar days and escalates blue, yellow, red by days past the deadline', () => {
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
    const open = (deadline: string, today: string) => supervisionOf({ state: 'in_progress', deadline }, today);
    expect(open('2026-12-04', '2026-12-01')).toMatchObject({ dueSoon: true, overdue: false, text: '还剩 3 天到期' });
    expect(open('2026-12-05', '2026-12-01')).toMatchObject({ dueSoon: false, text: '' });
    expect(open('2026-12-01', '2026-12-01')).toMatchObject({ dueSoon: true, text: '今天到期' });
    expect(open('2026-12-01', '2026-12-02')).toMatchObject({ overdue: true, level: 'blue', text: '已逾期 1 天（蓝色督办）' });
    expect(open('2026-12-01', '2026-12-16')).toMatchObject({ level: 'yellow' });
    expect(open('2026-12-01', '2026-12-31')).toMatchObject({ level: 'red', text: '已逾期 30 天（红色督办）' });
    // Reported done or closed: nothing is due from the unit.
    expect(supervisionOf({ state: 'awaiting_verification', deadline: '2026-12-01' }, '2027-03-01')).toMatchObject({ overdue: false, level: null });
    expect(supervisionOf({ state: 'not_started', deadline: null }, '2027-03-01')).toMatchObject({ overdue: false, daysLeft: null });
  });
});

describe('recheck', () => {
  it('compares as printed, in the measure\'s direction', () => {
    const area = { value: 6.1, standard: 7.5, direction: 'higher' as const, unit: '平方米/生' };
    expect(recheckOutcome(area, { ...area, value: 7.5 }, 3)).toBe('met');
    expect(recheckOutcome(area, { ...area, value: 6.5 }, 3)).toBe('improved');
    expect(recheckOutcome(area, { ...area, value: 6.1004 }, 3)).toBe('unchanged');
    expect(recheckOutcome(area, { ...area, value: 5.9 }, 3)).toBe('worse');
    const cv = { value: 0.52, standard: 0.5, direction: 'lower' as const, unit: '' };
    expect(meets({ ...cv, value: 0.5 })).toBe(true);
    expect(recheckOutcome(cv, { ...cv, value: 0.55 }, 4)).toBe('worse');
    expect(recheckOutcome(cv, { ...cv, value: 0.51 }, 4)).toBe('improved');
  });
});

describe('departments at the office\'s level', () => {
  it('names a district\'s departments 区…, leaving 乡镇人民政府 as it is', () => {
    expect(regionOfSignature('云溪区人民政府教育督导室')).toBe('云溪区');
    expect(departmentsAt(levelOf('云溪区'))).toContain('区财政局');
    expect(departmentsAt(levelOf('云溪区'))).toContain('乡镇人民政府');
    expect(atLevel('县财政局、县住房和城乡建设局', '区')).toBe('区财政局、区住房和城乡建设局');
    expect(departmentsAt(levelOf('某某自治县'))).toContain('县财政局');
  });
});
