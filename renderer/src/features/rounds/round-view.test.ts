import { describe, expect, it } from 'vitest';
import type { RoundUnit, Stage } from '../../../../shared/api/contracts/rounds';
import { formatDate } from '../../../../shared/domain/text/datetime';
import { awaitingPackage, dateRange, localToday, scheduleToday, splitByChange, todayOnTimeline } from './round-view';

const stage = (id: number, name: string, startsOn: string, endsOn: string, closedAt: string | null = null): Stage => ({
  id,
  position: id,
  name,
  startsOn,
  endsOn,
  collects: id === 1,
  closedAt,
  closedBy: closedAt ? '张老师' : null,
});

// Seed 000: 自评 12/18–12/30, expert visits 1/4–1/8 of the next year.
const SEED = [stage(1, '学校自评', '2026-12-18', '2026-12-30'), stage(2, '实地督导', '2027-01-04', '2027-01-08')];

const unit = (id: number, state: RoundUnit['state'], revision = 0, packageVersion = 0): RoundUnit => ({
  id,
  roundId: 1,
  schoolId: id,
  campusId: null,
  name: `学校${id}`,
  schoolType: '小学',
  township: null,
  code: `01-00${id}`,
  state,
  revision,
  packageVersion,
  issuedAt: null,
  lastImportAt: null,
  late: false,
  forfeit: null,
  extensions: [],
  openQueries: 0,
  stateChangedAt: '2026-12-01T00:00:00.000Z',
});

describe('todayOnTimeline', () => {
  it('puts today at the left end before the first stage and at the right end after the last', () => {
    expect(todayOnTimeline(SEED, '2026-11-30')).toEqual({ at: 0, where: 'before' });
    expect(todayOnTimeline(SEED, '2027-01-09')).toEqual({ at: 1, where: 'after' });
  });

  it('places today inside a stage in proportion to its days, in that stage’s equal slot', () => {
    // 学校自评 has 13 days; 12/18 is the middle of its first day: 0.5/13 of the first half.
    expect(todayOnTimeline(SEED, '2026-12-18').at).toBeCloseTo(0.5 / 13 / 2, 10);
    expect(todayOnTimeline(SEED, '2026-12-24').where).toBe('within');
    expect(todayOnTimeline(SEED, '2026-12-24').at).toBeCloseTo(6.5 / 13 / 2, 10);
    // The last day of 实地督导 (5 days): just before the right end.
    expect(todayOnTimeline(SEED, '2027-01-08').at).toBeCloseTo((1 + 4.5 / 5) / 2, 10);
  });

  it('puts a day between two stages on the boundary of their slots', () => {
    expect(todayOnTimeline(SEED, '2026-12-31')).toEqual({ at: 0.5, where: 'between' });
    expect(todayOnTimeline(SEED, '2027-01-03')).toEqual({ at: 0.5, where: 'between' });
  });

  it('counts days across a month and year end without time-zone drift', () => {
    const one = [stage(1, '自评', '2026-12-30', '2027-01-02')];
    expect(todayOnTimeline(one, '2027-01-01').at).toBeCloseTo(2.5 / 4, 10);
  });
});

describe('scheduleToday', () => {
  it('names the stage under way with its deadline, else the next one, else what is left', () => {
    expect(scheduleToday(SEED, '2026-12-20')).toEqual({ text: '学校自评（进行中，2026-12-30 截止）', phase: 'open' });
    expect(scheduleToday(SEED, '2026-11-30')).toEqual({ text: '学校自评（未开始，2026-12-18 开始）', phase: 'upcoming' });
    expect(scheduleToday(SEED, '2027-02-01')).toEqual({ text: '学校自评、实地督导已到期，尚未关闭', phase: 'ended' });
    const closed = SEED.map((s) => ({ ...s, closedAt: '2027-01-10T00:00:00.000Z' }));
    expect(scheduleToday(closed, '2027-02-01')).toEqual({ text: '各阶段均已关闭', phase: 'closed' });
  });

  it('says a stage closed early is not under way even within its dates', () => {
    const early = [stage(1, '学校自评', '2026-12-18', '2026-12-30', '2026-12-25T00:00:00.000Z'), SEED[1]];
    expect(scheduleToday(early, '2026-12-26').text).toBe('实地督导（未开始，2027-01-04 开始）');
  });
});

describe('units and changes', () => {
  it('offers packages only to units without a submission (the service’s rule)', () => {
    expect(['pending', 'issued', 'submitted', 'returned', 'confirmed', 'forfeited'].filter((s) => awaitingPackage({ state: s as RoundUnit['state'] }))).toEqual(['pending', 'issued']);
  });

  it('splits a selection by whether the change applies, with the domain’s reason for the others', () => {
    const units = [unit(1, 'issued', 0, 1), unit(2, 'submitted', 1, 1), unit(3, 'forfeited', 0, 1)];
    const forfeit = splitByChange(units, 'forfeit');
    expect(forfeit.applies.map((u) => u.id)).toEqual([1]);
    expect(forfeit.refused.map((r) => [r.unit.id, r.reason])).toEqual([
      [2, '该单位已提交过材料（第 1 版），不能记为弃权'],
      [3, '该单位已是“弃权”'],
    ]);
    expect(splitByChange(units, 'confirm').applies.map((u) => u.id)).toEqual([2]);
    expect(splitByChange(units, 'unforfeit').applies.map((u) => u.id)).toEqual([3]);
  });
});

describe('dates', () => {
  it('writes a stage’s days in the one on-screen style, the year always written', () => {
    expect(dateRange('2026-12-18', '2026-12-30')).toBe('2026-12-18 至 2026-12-30');
    expect(dateRange('2026-12-30', '2027-01-04')).toBe('2026-12-30 至 2027-01-04');
    // The same style as every other date of the round pages (the shared formatter), never 12-18 or 12月18日.
    expect(dateRange('2026-12-18', '2026-12-30')).toBe(`${formatDate('2026-12-18')} 至 ${formatDate('2026-12-30')}`);
  });

  it('takes today from the local calendar', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
