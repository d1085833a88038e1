import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { LockState, RoundResults, ScoreRow, UnitResult, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { tempCore } from '../../testing/temp-core';
import { scoreAllFinal } from '../../testing/scoring';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op as never, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function refused(op: string, input: unknown): Promise<string> {
  const r = await core.dispatch(op as never, input);
  if (r.ok) throw new Error(`${op} was accepted`);
  return r.error.message;
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

/**
 * The county 100-point preset: 80 points scored by hand (points items), 20 by formulas on the
 * round's values (小学 / 初中综合差异系数 6 + 6, 问卷满意度 8), 3 bonus items, 3 vetoes; pass: total ≥ 85,
 * 差异程度 ≥ 26, no veto; grade 合格 from 85.
 */
async function setup(units = 3, name = '2026年度县域督导评估', year = 2026, systemId?: number) {
  let id = systemId;
  if (id === undefined) {
    const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    await api('indicators.publish', { id: system.summary.id });
    id = system.summary.id;
  }
  const existing = await api<School[]>('schools.list', {});
  const schools: School[] = [...existing];
  for (let i = schools.length; i < units; i++) schools.push(await api<School>('schools.create', { code: `450202000${i + 1}`, name: `第${i + 1}小学`, type: '小学', locality: '城区' }));
  const round = await api<RoundDetail>('rounds.create', {
    name,
    year,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: id,
    stages: [{ name: '学校自评', startsOn: `${year}-12-18`, endsOn: `${year}-12-30`, collects: true }],
    units: schools.slice(0, units).map((s) => ({ schoolId: s.id, campusId: null })),
  });
  return { round, systemId: id };
}

const VALUES = { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' };

async function saveSettings(roundId: number, extra: Record<string, unknown> = {}) {
  await api('scoring.saveSettings', { roundId, settings: { rule: 'mean', roundValues: VALUES, ...extra } });
}

/** Final scores: every hand-scored leaf full (bonus 0, no veto) except the given points by code. */
const scoreAll = (unitId: number, points: Record<string, number> = {}) => scoreAllFinal(core, unitId, points);

describe('locking and results', () => {
  it('stores the result computed on the frozen system; refuses to lock before every item has a final score', async () => {
    const { round } = await setup(1);
    await saveSettings(round.id);
    const unitId = round.units[0]!.id;
    expect(await refused('scoring.lock', { unitId })).toMatch(/^“第1小学”还有 \d+ 项没有最终得分：1\.1\.1 领导责任/);
    await scoreAll(unitId, { '1.1.1': 1.5, '4.1': 2 });
    const result = await api<UnitResult>('scoring.lock', { unitId });
    // 80 by hand − 1.5 + 20 by formula (0.45 ≤ 0.65, 0.40 ≤ 0.55, 0.92 ≥ 0.85: full) + bonus 2 = 100.5.
    expect(result.total).toBe(100.5);
    expect(result.maxTotal).toBe(100);
    expect(result.passed).toBe(true);
    expect(result.grade).toBe('合格');
    expect(result.conclusion).toBe('通过，等级 合格（总分 100.5 / 100 分）');
    expect(result.levels.find((l) => l.code === '1')).toMatchObject({ earned: 48.5, maxPoints: 50 });
    expect(result.levels.find((l) => l.code === '2')).toMatchObject({ earned: 30, maxPoints: 30 });
    expect(result.values).toContainEqual({ label: '问卷满意度', value: '92%', source: '督导室填写的项目数据' });
    expect(result.current).toBe(true);
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId });
    expect(sheet.lock).toMatchObject({ locked: true });
    const leaf = sheet.rows.find((r) => r.code === '1.1.1')!;
    expect(await refused('scoring.setScore', { unitId, nodeId: leaf.nodeId, kind: 'final', answer: { points: 3 } })).toBe('“第1小学”的评分已锁定；如需修改，请先解锁并写明原因');
    expect(await refused('scoring.lock', { unitId })).toBe('“第1小学”的评分已经锁定');
    // The values its result was computed with cannot change under it.
    expect(await refused('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { ...VALUES, satisfaction: '80%' } } })).toBe('已有 1 个单位的评分已锁定（第1小学），其结果按原来的项目数据计算；如需修改项目数据，请先解锁这些单位，改后重新锁定');
    // Other settings (the rule, the tie rule) may change: they do not alter stored results.
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'median', tieRule: 'dense', roundValues: VALUES } });
  });

  it('a spread beyond the consensus tolerance needs the group’s decision written with the final score', async () => {
    const { round } = await setup(1);
    await saveSettings(round.id, { rule: 'consensus', tolerance: 1 });
    const unitId = round.units[0]!.id;
    const ids: number[] = [];
    for (const name of ['李明', '王芳']) {
      const e = await api<{ id: number }>('experts.save', { name });
      await api('scoring.assign', { roundId: round.id, expertId: e.id, unitIds: [unitId] });
      ids.push(e.id);
    }
    const leaf = (await api<UnitScoreSheet>('scoring.sheet', { unitId })).rows.find((r) => r.code === '1.1.1')!;
    await api('scoring.setScore', { unitId, nodeId: leaf.nodeId, kind: 'expert', expertId: ids[0], answer: { points: 3 } });
    await api('scoring.setScore', { unitId, nodeId: leaf.nodeId, kind: 'expert', expertId: ids[1], answer: { points: 1 } });
    expect(await refused('scoring.setScore', { unitId, nodeId: leaf.nodeId, kind: 'final', answer: { points: 2 } })).toBe('“1.1.1 领导责任”专家评分最高与最低相差 2 分，超过允许的 1 分，须合议或增加评分人；请在备注中写明合议意见');
    const row = await api<ScoreRow>('scoring.setScore', { unitId, nodeId: leaf.nodeId, kind: 'final', answer: { points: 2 }, note: '专家组合议：制度健全但落实记录不全' });
    expect(row.final).toMatchObject({ text: '2 分', note: '专家组合议：制度健全但落实记录不全' });
  });

  it('reads the county’s 综合差异系数 from the year’s balance computation when the office typed none; a typed value wins', async () => {
    const demo = await api<{ years: number[] }>('demo.load', {});
    const year = Math.max(...demo.years);
    const view = await api<{ result: { sections: { section: string; composite: { cv: number | null } }[] } }>('balance.compute', { year });
    const primary = view.result.sections.find((x) => x.section === 'primary')!.composite.cv!;
    const junior = view.result.sections.find((x) => x.section === 'junior')!.composite.cv!;
    expect(primary).toBeGreaterThan(0);
    const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    await api('indicators.publish', { id: system.summary.id });
    const candidate = (await api<{ schoolId: number; campusId: number | null; schoolType: string }[]>('rounds.candidates', { year })).find((x) => x.schoolType === '小学')!;
    const round = await api<RoundDetail>('rounds.create', { name: '县域评估', year, evaluator: { kind: 'office', name: '督导室' }, systemId: system.summary.id, stages: [{ name: '学校自评', startsOn: `${year}-12-18`, endsOn: `${year}-12-30`, collects: true }], units: [{ schoolId: candidate.schoolId, campusId: candidate.campusId }] });
    await saveSettings(round.id, { roundValues: { satisfaction: 0.9, cvJunior: 0.5 } });
    const unitId = round.units[0]!.id;
    await scoreAll(unitId);
    const r = await api<UnitResult>('scoring.lock', { unitId });
    expect(r.values).toContainEqual({ label: '小学综合差异系数', value: primary, source: `${year} 年差异系数测算：小学综合差异系数` });
    expect(r.values).toContainEqual({ label: '初中综合差异系数', value: 0.5, source: '督导室填写的项目数据' });
    expect(junior).not.toBe(0.5);
    // 2.1.1: full 6 points when the coefficient is within 0.65, partial down to 0 at 0.975 (the preset's rule), at 3 decimals.
    const expected1 = primary <= 0.65 ? 6 : Math.max(0, 6 * (1 - (Math.round(primary * 1000) / 1000 - 0.65) / (0.65 * 1.5 - 0.65)));
    expect(r.levels.find((l) => l.code === '2.1')!.earned).toBeCloseTo(expected1 + 6 + 4, 2);
  });

  it('an agreed final score off the item’s step (the experts’ mean) counts as it stands', async () => {
    const { round } = await setup(1);
    await saveSettings(round.id);
    const unitId = round.units[0]!.id;
    await scoreAll(unitId, { '1.1.2': 2.25 });
    const r = await api<UnitResult>('scoring.lock', { unitId });
    // 80 − 0.75 by hand + 20 by formula.
    expect(r.total).toBe(99.25);
    expect(r.levels.find((l) => l.code === '1.1')).toMatchObject({ earned: 5.25, maxPoints: 6 });
  });

  it('a missing value blocks the lock, naming where it was looked for', async () => {
    const { round } = await setup(1);
    await saveSettings(round.id, { roundValues: { cvPrimary: 0.45, satisfaction: 0.92 } });
    const unitId = round.units[0]!.id;
    await scoreAll(unitId);
    expect(await refused('scoring.lock', { unitId })).toBe('“第1小学”的结果还不完整，不能锁定：2.1.2 缺少初中综合差异系数：统计数据中没有对应的数据，项目数据中也未填写');
    // A ratio typed as 92 is refused when saved, with both readings.
    expect(await refused('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { satisfaction: 92 } } })).toMatch(/问卷满意度 填写为 92/);
  });

  it('unlocking needs a reason, is audited, and makes the stored result outdated; the next lock stores a new one', async () => {
    const { round } = await setup(1);
    await saveSettings(round.id);
    const unitId = round.units[0]!.id;
    await scoreAll(unitId);
    const first = await api<UnitResult>('scoring.lock', { unitId });
    expect(first.total).toBe(100);
    expect(await refused('scoring.unlock', { unitId, reason: ' ' })).toBe('输入有误：请填写解锁原因');
    const state = await api<LockState>('scoring.unlock', { unitId, reason: '复核发现 1.1.1 得分录入有误' });
    expect(state).toMatchObject({ locked: false, reason: '复核发现 1.1.1 得分录入有误' });
    expect(await refused('scoring.unlock', { unitId, reason: '再次解锁' })).toBe('“第1小学”的评分没有锁定');
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId });
    await api('scoring.setScore', { unitId, nodeId: sheet.rows.find((r) => r.code === '1.1.1')!.nodeId, kind: 'final', answer: { points: 2 } });
    const second = await api<UnitResult>('scoring.lock', { unitId, note: '已复核' });
    expect(second.total).toBe(99);
    const all = await api<{ results: UnitResult[]; locks: LockState[] }>('scoring.unitResults', { unitId });
    expect(all.results.map((r) => [r.total, r.current])).toEqual([
      [99, true],
      [100, false],
    ]);
    expect(all.locks.map((l) => l.locked)).toEqual([true, false, true]);
    const audit = await api<{ rows: { summary: string }[] }>('audit.query', { entityType: 'round-unit', entityId: String(unitId) });
    const summaries = audit.rows.map((a) => a.summary);
    expect(summaries).toContain('锁定“第1小学”的评分，结果：通过，等级 合格（总分 100 / 100 分）');
    expect(summaries).toContain('解锁“第1小学”的评分，原因：复核发现 1.1.1 得分录入有误；此前的结果（通过，等级 合格（总分 100 / 100 分））及据此生成的文书已过时');
  });

  it('a forfeited unit is locked with the round’s forfeit outcome, not a zero, and is not ranked', async () => {
    const { round } = await setup(2);
    await saveSettings(round.id);
    const [u1, u2] = round.units;
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u2!.id], change: 'forfeit', reason: '逾期未提交' });
    const leaf = (await api<UnitScoreSheet>('scoring.sheet', { unitId: u2!.id })).rows[0]!;
    expect(await refused('scoring.setScore', { unitId: u2!.id, nodeId: leaf.nodeId, kind: 'final', answer: { points: 1 } })).toBe('“第2小学”已弃权，不再评分');
    const r = await api<UnitResult>('scoring.lock', { unitId: u2!.id });
    expect(r).toMatchObject({ forfeited: true, total: null, passed: false, grade: '不合格', conclusion: '弃权，按未通过处理，等级 不合格' });
    await scoreAll(u1!.id);
    await api('scoring.lock', { unitId: u1!.id });
    const results = await api<RoundResults>('scoring.results', { roundId: round.id });
    expect(results.lines.map((l) => [l.unitName, l.state, l.rank?.rank ?? null])).toEqual([
      ['第1小学', 'locked', 1],
      ['第2小学', 'forfeited', null],
    ]);
    // 不评定: no verdict, no grade.
    // The outcome cannot change under a locked forfeited unit: unlock, change, lock again.
    expect(await refused('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: VALUES, forfeitOutcome: 'unrated' } })).toMatch(/^已有 1 个单位的评分已锁定（第2小学），其结果按原来的弃权单位的结果计算/);
    await api('scoring.unlock', { unitId: u2!.id, reason: '改为不评定' });
    await saveSettings(round.id, { forfeitOutcome: 'unrated' });
    expect(await api<UnitResult>('scoring.lock', { unitId: u2!.id })).toMatchObject({ passed: null, grade: null, conclusion: '弃权，不评定结果' });
  });

  it('ranks by the round’s tie rule and compares with the previous round of the same kind', async () => {
    const first = await setup(3, '2025年度县域督导评估', 2025);
    await saveSettings(first.round.id);
    for (const u of first.round.units) {
      await scoreAll(u.id, { '1.1.1': 2 });
      await api('scoring.lock', { unitId: u.id });
    }
    const { round } = await setup(3, '2026年度县域督导评估', 2026, first.systemId);
    await saveSettings(round.id);
    const [a, b, c] = round.units;
    await scoreAll(a!.id, { '1.1.1': 2.5 });
    await scoreAll(b!.id, { '1.1.1': 2.5 });
    await scoreAll(c!.id, { '1.1.1': 1 });
    for (const u of [a, b, c]) await api('scoring.lock', { unitId: u!.id });
    const competition = await api<RoundResults>('scoring.results', { roundId: round.id });
    expect(competition.previousRound).toBe('2025年度县域督导评估');
    expect(competition.lines.map((l) => [l.result?.total, l.rank?.rank, l.rank?.tied, l.previous?.change])).toEqual([
      [99.5, 1, true, 0.5],
      [99.5, 1, true, 0.5],
      [98, 3, false, -1],
    ]);
    const file = await api<{ ref: string; fileName: string }>('scoring.exportResults', { roundId: round.id });
    expect(file.fileName).toBe('2026年度县域督导评估_评分结果.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(core.ctx.files.download(file.ref).path);
    const ws = wb.getWorksheet('评分结果')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['报送编码', '单位', '类型', '状态', '1 保障措施（50 分）', '2 差异程度（30 分）', '3 公众评价（20 分）', '4 奖励加分', '5 一票否决', '总分', '满分', '是否通过', '等级', '结论', '名次', '并列', '上一轮总分', '较上一轮']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([a!.code, '第1小学', '小学', '已锁定', 49.5, 30, 20, 0, 0, 99.5, 100, '通过', '合格', '通过，等级 合格（总分 99.5 / 100 分）', 1, '并列', 99, 0.5]);
    await saveSettings(round.id, { tieRule: 'dense' });
    const dense = await api<RoundResults>('scoring.results', { roundId: round.id });
    expect(dense.lines.map((l) => l.rank?.rank)).toEqual([1, 1, 2]);
    expect(dense.tieRule).toBe('并列不占用名次（1、2、2、3）');
  });

  it('stored results stay as they were when a later version of the system is edited and published', async () => {
    const { round, systemId } = await setup(1);
    await saveSettings(round.id);
    const unitId = round.units[0]!.id;
    await scoreAll(unitId);
    const before = await api<UnitResult>('scoring.lock', { unitId });
    const draft = await api<{ summary: { id: number }; system: { nodes: { title: string; children: { title: string }[] }[] } }>('indicators.newVersion', { id: systemId });
    const edited = structuredClone(draft.system);
    edited.nodes[0]!.title = '保障措施（修订）';
    await api('indicators.update', { id: draft.summary.id, system: edited });
    await api('indicators.publish', { id: draft.summary.id });
    const after = await api<{ results: UnitResult[] }>('scoring.unitResults', { unitId });
    expect(after.results[0]).toEqual(before);
    expect(after.results[0]!.levels[0]!.title).toBe('保障措施');
  });
});
