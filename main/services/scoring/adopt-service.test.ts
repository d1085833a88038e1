import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { AdoptSuggestionsResult, Expert, RoundResults, ScoreHistoryEntry, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
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

/** Two schools on the county 100-point system (points items), with two experts on both. */
async function setup() {
  const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
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
  const [u1, u2] = round.units as [RoundDetail['units'][number], RoundDetail['units'][number]];
  const experts: Expert[] = [];
  for (const name of ['李明', '王芳']) {
    const e = await api<Expert>('experts.save', { name });
    await api('scoring.assign', { roundId: round.id, expertId: e.id, unitIds: [u1.id, u2.id] });
    experts.push(e);
  }
  return { round, u1, u2, experts };
}

describe('采用全部建议得分', () => {
  it('adopts agreed suggestions without a final score; skips a departure needing a reason; leaves 需合议 and given finals alone', async () => {
    const { round, u1, experts } = await setup();
    // Consensus within 1 分; a final more than 1 分 from the self-evaluation needs a reason.
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'consensus', tolerance: 1, departureThreshold: 1, tieRule: 'competition' } });
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id });
    const [far, near, split, given] = sheet.rows.filter((r) => !r.computed && r.choices.length === 0 && r.points >= 3) as [UnitScoreSheet['rows'][number], UnitScoreSheet['rows'][number], UnitScoreSheet['rows'][number], UnitScoreSheet['rows'][number]];
    expect(given).toBeDefined();
    // The school rated `far` at full points (as the import stores a revision).
    await (core.ctx.db as Db)
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
        data: JSON.stringify({ answers: [{ nodeId: far.nodeId, code: far.code, answer: { points: far.points }, explanation: '' }], statistics: [], warnings: [] }),
      })
      .execute();
    const both = async (nodeId: string, a: number, b: number) => {
      await api('scoring.setScore', { unitId: u1.id, nodeId, kind: 'expert', expertId: experts[0]!.id, answer: { points: a } });
      await api('scoring.setScore', { unitId: u1.id, nodeId, kind: 'expert', expertId: experts[1]!.id, answer: { points: b } });
    };
    await both(far.nodeId, far.points - 2, far.points - 2); // suggestion 2 分 below the self-evaluation
    await both(near.nodeId, near.points - 1, near.points); // mean, within tolerance
    await both(split.nodeId, 0, split.points); // beyond tolerance: 需合议
    await both(given.nodeId, given.points, given.points);
    await api('scoring.setScore', { unitId: u1.id, nodeId: given.nodeId, kind: 'final', answer: { points: 1 }, note: '现场核查' });

    const r = await api<AdoptSuggestionsResult>('scoring.adoptSuggestions', { unitId: u1.id });
    expect(r.adopted).toEqual([{ nodeId: near.nodeId, code: near.code, title: near.title, text: `${near.points - 0.5} 分` }]);
    expect(r.skipped).toEqual([{ nodeId: far.nodeId, code: far.code, title: far.title, message: `“${far.code} ${far.title}”的最终得分与学校自评相差 2 分，超过 1 分，请在备注中写明理由` }]);

    const after = await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id });
    const row = (id: string) => after.rows.find((x) => x.nodeId === id)!;
    expect(row(near.nodeId).final).toMatchObject({ answer: { points: near.points - 0.5 }, note: '' });
    expect(row(far.nodeId).final).toBeNull();
    expect(row(split.nodeId).final).toBeNull();
    expect(row(given.nodeId).final).toMatchObject({ answer: { points: 1 }, note: '现场核查' });
    // The 评分 list's progress counts the final scores: the one given and the one adopted.
    const line = (await api<RoundResults>('scoring.results', { roundId: round.id })).lines.find((l) => l.unitId === u1.id)!;
    expect(line).toMatchObject({ state: 'open', finalCount: 2, scorableCount: sheet.rows.filter((x) => !x.computed).length });
    // Each adopted score is recorded like one given by hand; a second run finds nothing new.
    expect((await api<ScoreHistoryEntry[]>('scoring.history', { unitId: u1.id, nodeId: near.nodeId })).filter((h) => h.kind === 'final')).toHaveLength(1);
    expect(await api<AdoptSuggestionsResult>('scoring.adoptSuggestions', { unitId: u1.id })).toEqual({ adopted: [], skipped: r.skipped });
  });

  it('is refused for a locked or forfeited unit, adopting nothing', async () => {
    const { round, u1, u2, experts } = await setup();
    const leaf = (await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id })).rows.find((x) => !x.computed && x.choices.length === 0)!;
    for (const unitId of [u1.id, u2.id]) for (const e of experts) await api('scoring.setScore', { unitId, nodeId: leaf.nodeId, kind: 'expert', expertId: e.id, answer: { points: 0 } });
    await (core.ctx.db as Db).insertInto('round_unit_locks').values({ unit_id: u1.id, locked: 1, reason: '', created_at: '2026-12-28T08:00:00.000Z', created_by: '张三' }).execute();
    expect(await refused('scoring.adoptSuggestions', { unitId: u1.id })).toBe('“景行小学”的评分已锁定；如需修改，请先解锁并写明原因');
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u2.id], change: 'forfeit', reason: '学校未按期提交材料' });
    expect(await refused('scoring.adoptSuggestions', { unitId: u2.id })).toBe('“河西小学”已弃权，不再评分');
    for (const unitId of [u1.id, u2.id]) expect((await api<UnitScoreSheet>('scoring.sheet', { unitId })).rows.find((x) => x.nodeId === leaf.nodeId)!.final).toBeNull();
    expect(await refused('scoring.adoptSuggestions', { unitId: 999_999 })).toContain('找不到编号为 999999 的评估单位');
  });
});
