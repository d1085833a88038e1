import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { Expert, RoundScoringSetup, ScoreHistoryEntry, ScoreRow, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import type { Db } from '../../db/connection';
import { tempCore } from '../../testing/temp-core';

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
 * Two schools, a preset published (the five-section school system: grades; the county 100-point
 * system: points, bonus, veto), a round with both schools, and three experts.
 */
async function setup(presetKey = 'county-balance-100-points') {
  const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey });
  await api('indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>('rounds.create', {
    name: '2026年度学校督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [
      { schoolId: a.id, campusId: null },
      { schoolId: b.id, campusId: null },
    ],
  });
  const experts: Expert[] = [];
  for (const [name, organisation] of [
    ['李明', '市教育科学研究院'],
    ['王芳', '某某师范学院'],
    ['赵强', '邻县教育局'],
  ]) {
    experts.push(await api<Expert>('experts.save', { name, organisation, speciality: '学校管理' }));
  }
  const [u1, u2] = round.units;
  return { round, experts, u1: u1!, u2: u2! };
}

/** A grade leaf (choices A–D) and a points leaf of a sheet, where the system has them. */
function leaves(sheet: UnitScoreSheet) {
  const grade = sheet.rows.find((r) => r.choices.length > 2 && !r.computed);
  const points = sheet.rows.find((r) => r.choices.length === 0 && !r.computed && r.points > 0);
  return { grade: grade!, points: points! };
}

/** A second round, on the five-section school system (grade items), with the first school. */
async function gradeRound() {
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api('indicators.publish', { id: system.summary.id });
  const schools = await api<School[]>('schools.list', {});
  const round = await api<RoundDetail>('rounds.create', {
    name: '2026年度学校自评复核',
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [{ schoolId: schools[0]!.id, campusId: null }],
  });
  return { round, unitId: round.units[0]!.id };
}

describe('scoring', () => {
  it('keeps an expert list: names with their organisation are unique, and changes are audited', async () => {
    const { experts } = await setup();
    expect((await api<Expert[]>('experts.list')).map((e) => e.name)).toEqual(['李明', '王芳', '赵强'].sort((x, y) => x.localeCompare(y)));
    expect(await refused('experts.save', { name: '李明', organisation: '市教育科学研究院' })).toContain('专家名单中已有“李明”');
    const changed = await api<Expert>('experts.save', { id: experts[0]!.id, name: '李明', organisation: '市教育科学研究院', speciality: '课程教学' });
    expect(changed.speciality).toBe('课程教学');
    const log = await api<{ summary: string }[]>('audit.list', {});
    expect(log.map((r) => r.summary)).toEqual(expect.arrayContaining(['添加评估专家“李明”', '修改评估专家“李明”的信息']));
  });

  it('experts score only their units; the suggested score follows the round’s rule, whatever order the scores came in', async () => {
    const { round, experts, u1, u2 } = await setup();
    const [li, wang, zhao] = experts as [Expert, Expert, Expert];
    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [u1.id, u2.id] });
    const setup2 = await api<RoundScoringSetup>('scoring.assign', { roundId: round.id, expertId: wang.id, unitIds: [u1.id, u2.id] });
    expect(setup2.settings).toMatchObject({ rule: 'mean', tieRule: 'competition' });
    expect(setup2.experts.map((x) => [x.expert.name, x.unitIds.length])).toEqual(expect.arrayContaining([['李明', 2], ['王芳', 2]]));
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id });
    const { points } = leaves(sheet);
    expect(points.experts.map((e) => e.name).sort()).toEqual(['李明', '王芳'].sort());
    expect(await refused('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'expert', expertId: zhao.id, answer: { points: 1 } })).toContain('不在本评估项目的专家名单中');

    // Points: the mean, 2 decimals; in the other unit the same scores in the other order.
    const half = points.points / 2;
    const score = (unitId: number, expertId: number, p: number) => api<ScoreRow>('scoring.setScore', { unitId, nodeId: points.nodeId, kind: 'expert', expertId, answer: { points: p } });
    await score(u1.id, li.id, points.points);
    const r1 = await score(u1.id, wang.id, half);
    await score(u2.id, wang.id, half);
    const r2 = await score(u2.id, li.id, points.points);
    expect(r1.reconciled).toEqual(r2.reconciled);
    expect(r1.reconciled).toMatchObject({ state: 'agreed', answer: { points: (points.points + half) / 2 } });
    // The suggestion (an average, not on the item's step) can be taken as the final score; an expert's score keeps to the step.
    const adopted = await api<ScoreRow>('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: { points: 2.75 }, note: '采用平均分' });
    expect(adopted.final?.answer).toEqual({ points: 2.75 });
    expect(await refused('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: { points: 2.755 } })).toContain('最多保留两位小数');

    // Consensus: beyond the tolerance the item needs a decision, and no score is invented.
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'consensus', tolerance: 0.5, departureThreshold: null, tieRule: 'competition' } });
    const now = (await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id })).rows.find((r) => r.nodeId === points.nodeId)!;
    expect(now.reconciled).toMatchObject({ state: 'needs_decision', message: expect.stringContaining('须合议或增加评分人') });

    // Grades (the five-section system): all experts must agree under consensus.
    const other = await gradeRound();
    await api('scoring.saveSettings', { roundId: other.round.id, settings: { rule: 'consensus', tolerance: 0.5, departureThreshold: null, tieRule: 'competition' } });
    for (const x of [li, wang]) await api('scoring.assign', { roundId: other.round.id, expertId: x.id, unitIds: [other.unitId] });
    const { grade } = leaves(await api<UnitScoreSheet>('scoring.sheet', { unitId: other.unitId }));
    await api('scoring.setScore', { unitId: other.unitId, nodeId: grade.nodeId, kind: 'expert', expertId: li.id, answer: { grade: grade.choices[0] } });
    const split = await api<ScoreRow>('scoring.setScore', { unitId: other.unitId, nodeId: grade.nodeId, kind: 'expert', expertId: wang.id, answer: { grade: grade.choices[1] } });
    expect(split.reconciled).toMatchObject({ state: 'needs_decision', message: `专家意见不一致（李明：${grade.choices[0]}，王芳：${grade.choices[1]}），须合议或增加评分人` });
    const g = await api<ScoreRow>('scoring.setScore', { unitId: other.unitId, nodeId: grade.nodeId, kind: 'expert', expertId: wang.id, answer: { grade: grade.choices[0] } });
    expect(g.reconciled).toMatchObject({ state: 'agreed', answer: { grade: grade.choices[0] }, basis: `2 位专家一致评为“${grade.choices[0]}”` });
    expect(await refused('scoring.setScore', { unitId: other.unitId, nodeId: grade.nodeId, kind: 'expert', expertId: li.id, answer: { grade: 'Z' } })).toContain('应评为');
    expect(await refused('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'office', answer: { points: points.points + 1 } })).toContain(`应在 0 至 ${points.points} 分之间`);
  });

  it('a final score departing from the self-evaluation beyond the threshold needs a reason; every change keeps its history', async () => {
    const { round, u1 } = await setup();
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', departureThreshold: 1, tieRule: 'competition' } });
    const { points } = leaves(await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id }));
    // A revision as the import stores it, with the school's self-evaluation of the points item.
    const db = core.ctx.db as Db;
    await db
      .insertInto('round_submissions')
      .values({
        unit_id: u1.id,
        revision: 1,
        package_id: 'p-1',
        package_version: 1,
        content_hash: 'h',
        source_name: '景行小学.zip',
        received_at: '2026-12-20T08:00:00.000Z',
        received_by: '张三',
        late: 0,
        data: JSON.stringify({ answers: [{ nodeId: points.nodeId, code: points.code, answer: { points: points.points }, explanation: '自评满分' }], statistics: [], warnings: [] }),
      })
      .execute();
    const sha = 'a'.repeat(64);
    await db.insertInto('blobs').values({ sha256: sha, bytes: 10, created_at: '2026-12-20T08:00:00.000Z' }).execute();
    const submission = await db.selectFrom('round_submissions').select('id').where('unit_id', '=', u1.id).executeTakeFirstOrThrow();
    await db.insertInto('round_submission_files').values({ submission_id: submission.id, role: 'evidence', path: '佐证材料/1.1/照片.jpg', name: '照片.jpg', node_id: points.nodeId, blob_sha256: sha, bytes: 10, mime_type: 'image/jpeg' }).execute();
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id });
    expect(sheet.revision).toBe(1);
    expect(sheet.rows.find((r) => r.nodeId === points.nodeId)!.self).toEqual({ answer: { points: points.points }, text: `${points.points} 分`, explanation: '自评满分' });

    expect((await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id })).rows.find((r) => r.nodeId === points.nodeId)!.evidence).toEqual([{ path: '佐证材料/1.1/照片.jpg', name: '照片.jpg' }]);
    const low = points.points - 2;
    // Only a file the unit handed in can be recorded as viewed.
    expect(await refused('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: { points: low }, note: '理由', evidenceViewed: ['佐证材料/1.1/别处的照片.jpg'] })).toBe('“佐证材料/1.1/别处的照片.jpg”不是“景行小学”提交的文件');
    expect(await refused('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: { points: low } })).toContain('与学校自评相差 2 分，超过 1 分，请在备注中写明理由');
    const row = await api<ScoreRow>('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: { points: low }, note: '实地查看校舍，功能室不足', evidenceViewed: ['佐证材料/1.1/照片.jpg'] });
    expect(row.final).toMatchObject({ answer: { points: low }, note: '实地查看校舍，功能室不足', evidenceViewed: ['佐证材料/1.1/照片.jpg'] });
    expect(row.departure).toEqual({ points: 2, threshold: 1 });
    // Within the threshold no reason is asked; a withdrawal is recorded too.
    await api('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: { points: points.points - 1 } });
    const withdrawn = await api<ScoreRow>('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'final', answer: null });
    expect(withdrawn.final).toMatchObject({ answer: null, text: '（已撤回）' });
    const history = await api<ScoreHistoryEntry[]>('scoring.history', { unitId: u1.id, nodeId: points.nodeId });
    expect(history.map((h) => [h.kind, h.text])).toEqual([
      ['final', '（已撤回）'],
      ['final', `${points.points - 1} 分`],
      ['final', `${low} 分`],
    ]);
  });

  it('an expert who has scored cannot be taken off the round', async () => {
    const { round, experts, u1 } = await setup();
    const li = experts[0]!;
    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [u1.id] });
    const { points } = leaves(await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id }));
    await api('scoring.setScore', { unitId: u1.id, nodeId: points.nodeId, kind: 'expert', expertId: li.id, answer: { points: 0 } });
    expect(await refused('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [] })).toContain('已在本项目中评分，不能移出');
    const other = experts[1]!;
    await api('scoring.assign', { roundId: round.id, expertId: other.id, unitIds: [u1.id] });
    const off = await api<RoundScoringSetup>('scoring.assign', { roundId: round.id, expertId: other.id, unitIds: [] });
    expect(off.experts.map((x) => x.expert.name)).toEqual(['李明']);
  });
});
