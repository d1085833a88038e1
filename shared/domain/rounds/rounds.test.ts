import { describe, expect, it } from 'vitest';
import { applyManualChange, checkStages, stagePhase, stateAfterSubmission, submissionTiming, unitCode } from './rounds';

const stage = { name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', closedAt: null };

describe('submissionTiming (the one deadline rule)', () => {
  it('is on time up to and including the end day, and before the stage opens', () => {
    expect(submissionTiming(stage, '2026-12-30', null, 'refuse')).toEqual({ kind: 'on_time', deadline: '2026-12-30' });
    expect(submissionTiming(stage, '2026-12-01', null, 'refuse').kind).toBe('on_time');
  });
  it('refuses a late package unless the unit has an extension, or the round accepts late ones (marked)', () => {
    const late = submissionTiming(stage, '2026-12-31', null, 'refuse');
    expect(late).toMatchObject({ kind: 'refused', deadline: '2026-12-30' });
    expect(late.kind === 'refused' && late.message).toBe('已过截止日期：“学校自评”阶段截止于 2026-12-30，本次于 2026-12-31 收到。如需接收，请为该单位办理延期，或在项目设置中允许逾期提交');
    expect(submissionTiming(stage, '2026-12-31', '2027-01-03', 'refuse')).toEqual({ kind: 'on_time', deadline: '2027-01-03' });
    const afterExtension = submissionTiming(stage, '2027-01-04', '2027-01-03', 'accept');
    expect(afterExtension).toMatchObject({ kind: 'late_accepted', deadline: '2027-01-03' });
    expect(afterExtension.kind === 'late_accepted' && afterExtension.message).toContain('（已延期）');
    // An "extension" earlier than the stage's end never shortens it.
    expect(submissionTiming(stage, '2026-12-30', '2026-12-20', 'refuse').kind).toBe('on_time');
  });
});

describe('checkStages', () => {
  it('accepts the seeds’ tables', () => {
    expect(
      checkStages([
        { name: '自评', startsOn: '2026-08-01', endsOn: '2026-08-31', collects: true },
        { name: '初评', startsOn: '2026-09-01', endsOn: '2026-09-30', collects: false },
        { name: '复评', startsOn: '2026-10-08', endsOn: '2026-11-30', collects: false },
      ]),
    ).toEqual([]);
  });
  it('names the stage and field as the form labels them', () => {
    const problems = checkStages([
      { name: '', startsOn: '2026-02-30', endsOn: '2026-03-01', collects: false },
      { name: '复评', startsOn: '2026-03-01', endsOn: '', collects: false },
    ]);
    expect(problems.map((p) => [p.index, p.field, p.message])).toEqual([
      [0, 'name', '请填写第 1 个阶段的名称'],
      [0, 'startsOn', '请填写第 1 个阶段的开始日期'],
      [1, 'endsOn', '请填写第 2 个阶段的结束日期'],
      [null, 'collects', '请指定接收学校填报材料的阶段（通常为“学校自评”）'],
    ]);
    expect(checkStages([])).toEqual([{ index: null, field: null, message: '请至少设置一个阶段' }]);
  });
});

describe('unit states', () => {
  const unit = (state: Parameters<typeof applyManualChange>[0]['state'], revision = 0, packageVersion = 1) => ({ state, revision, packageVersion });
  it('allows each manual change only from its state, and every one can be undone', () => {
    expect(applyManualChange(unit('submitted', 1), 'confirm')).toEqual({ state: 'confirmed' });
    expect(applyManualChange(unit('confirmed', 1), 'unconfirm')).toEqual({ state: 'submitted' });
    expect(applyManualChange(unit('issued'), 'forfeit')).toEqual({ state: 'forfeited' });
    expect(applyManualChange(unit('forfeited'), 'unforfeit')).toEqual({ state: 'issued' });
    expect(applyManualChange(unit('forfeited', 0, 0), 'unforfeit')).toEqual({ state: 'pending' });
    expect(applyManualChange(unit('returned', 1), 'forfeit')).toEqual({ refused: '该单位已提交过材料（第 1 版），不能记为弃权' });
    expect(applyManualChange(unit('issued'), 'confirm')).toEqual({ refused: '只有“已提交”的单位可以确认（当前为“已下发”）' });
  });
  it('a submission makes a unit 已提交, except a forfeited or confirmed one', () => {
    expect(stateAfterSubmission('returned')).toEqual({ state: 'submitted' });
    expect(stateAfterSubmission('forfeited')).toEqual({ refused: '该单位已记为弃权，请先撤销弃权再导入' });
    expect(stateAfterSubmission('confirmed')).toEqual({ refused: '该单位的材料已确认，请先撤销确认再导入新的版本' });
  });
});

describe('timeline and codes', () => {
  it('places a stage relative to today', () => {
    expect(stagePhase(stage, '2026-12-17')).toBe('upcoming');
    expect(stagePhase(stage, '2026-12-30')).toBe('open');
    expect(stagePhase(stage, '2026-12-31')).toBe('ended');
    expect(stagePhase({ ...stage, closedAt: '2026-12-31T01:00:00Z' }, '2026-12-20')).toBe('closed');
  });
  it('writes 报送编码 as round-sequence', () => {
    expect(unitCode(3, 17)).toBe('03-017');
    expect(unitCode(112, 1234)).toBe('112-1234');
  });
});
