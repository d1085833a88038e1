import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { Expert, GridCell, RoundGrid, ScoreAnswer, ScoreRow, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import type { Db } from '../../db/connection';
import { tempCore } from '../../testing/temp-core';
import { roundGrid } from './grid-service';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op as never, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

const VALUES = { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' };

/** The county 100-point preset (points, bonus, veto, formulas) published, `n` schools (小学, one 初中 last) in one round. */
async function setup(n: number, name = '2026年度县域督导评估') {
  const existing = await api<School[]>('schools.list', {});
  let systemId = (await api<{ id: number }[]>('indicators.list', {}))[0]?.id;
  if (systemId === undefined) {
    const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    await api('indicators.publish', { id: system.summary.id });
    systemId = system.summary.id;
  }
  const schools = [...existing];
  for (let i = schools.length; i < n; i++) {
    const type = i === n - 1 && n > 2 ? '初中' : '小学';
    schools.push(await api<School>('schools.create', { code: `45020200${String(i + 1).padStart(2, '0')}`, name: `第${i + 1}${type === '初中' ? '中学' : '小学'}`, type, locality: '城区' }));
  }
  const round = await api<RoundDetail>('rounds.create', {
    name,
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.slice(0, n).map((s) => ({ schoolId: s.id, campusId: null })),
  });
  return round;
}

/** A revision as the import stores it, with the school's self-evaluation of some leaves. */
async function submit(unitId: number, answers: { nodeId: string; answer: ScoreAnswer }[]) {
  await (core.ctx.db as Db)
    .insertInto('round_submissions')
    .values({
      unit_id: unitId,
      revision: 1,
      package_id: `p-${unitId}`,
      package_version: 1,
      content_hash: `h-${unitId}`,
      source_name: `${unitId}.zip`,
      received_at: '2026-12-20T08:00:00.000Z',
      received_by: '张三',
      late: 0,
      data: JSON.stringify({ answers: answers.map((a) => ({ ...a, code: '', explanation: '' })), statistics: [], warnings: [] }),
    })
    .execute();
}

/** The sheet's row as the grid should carry it: the independent reading through scoring.sheet. */
function cellOfRow(row: ScoreRow): GridCell {
  const mark = (a: ScoreAnswer | null | undefined) => (a ? (a.grade ?? a.points ?? a.met ?? a.triggered) : undefined);
  const cell: GridCell = {};
  if (mark(row.self.answer) !== undefined) cell.self = mark(row.self.answer);
  if (mark(row.office?.answer) !== undefined) cell.office = mark(row.office?.answer);
  const experts = Object.fromEntries(row.experts.filter((e) => e.score?.answer).map((e) => [String(e.expertId), mark(e.score!.answer)!]));
  if (Object.keys(experts).length) cell.experts = experts;
  if (mark(row.final?.answer) !== undefined) cell.final = mark(row.final?.answer);
  if (row.reconciled.state === 'agreed') Object.assign(cell, { reconciled: 'agreed', suggested: mark(row.reconciled.answer) });
  if (row.reconciled.state === 'needs_decision') Object.assign(cell, { reconciled: 'needs_decision', reconcileText: row.reconciled.message });
  if (row.departure) cell.departure = row.departure.points;
  return cell;
}

describe('scoring.grid', () => {
  it('carries every applicable leaf of each unit with the same scores, suggestion and departure as the score sheet', async () => {
    const round = await setup(3);
    const [u1, u2, u3] = round.units as [RoundDetail['units'][number], RoundDetail['units'][number], RoundDetail['units'][number]];
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'consensus', tolerance: 1, departureThreshold: 1, roundValues: VALUES } });
    const li = await api<Expert>('experts.save', { name: '李明', organisation: '市教科院' });
    const wang = await api<Expert>('experts.save', { name: '王芳', organisation: '师范学院' });
    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [u1.id, u2.id] });
    await api('scoring.assign', { roundId: round.id, expertId: wang.id, unitIds: [u1.id] });

    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: u1.id });
    const [p1, p2] = sheet.rows.filter((r) => !r.computed && r.choices.length === 0 && r.points >= 3);
    const veto = sheet.rows.find((r) => r.choices.includes('存在'))!;
    await submit(u1.id, [{ nodeId: p1!.nodeId, answer: { points: 3 } }, { nodeId: veto.nodeId, answer: { triggered: false } }]);
    const set = (unitId: number, nodeId: string, kind: string, answer: ScoreAnswer, extra: Record<string, unknown> = {}) => api('scoring.setScore', { unitId, nodeId, kind, answer, ...extra });
    // p1: the experts 2 apart (beyond the tolerance of 1); p2: 0.5 apart (agreed, mean 2.75).
    await set(u1.id, p1!.nodeId, 'expert', { points: 3 }, { expertId: li.id });
    await set(u1.id, p1!.nodeId, 'expert', { points: 1 }, { expertId: wang.id });
    await set(u1.id, p2!.nodeId, 'expert', { points: 3 }, { expertId: li.id });
    await set(u1.id, p2!.nodeId, 'expert', { points: 2.5 }, { expertId: wang.id });
    await set(u1.id, p1!.nodeId, 'office', { points: 2 });
    await set(u1.id, p1!.nodeId, 'final', { points: 1 }, { note: '合议后定为 1 分' });
    await set(u1.id, veto.nodeId, 'final', { triggered: false });
    // A withdrawn score is no score.
    await set(u2.id, p1!.nodeId, 'office', { points: 2 });
    await api('scoring.setScore', { unitId: u2.id, nodeId: p1!.nodeId, kind: 'office', answer: null });

    const grid = await api<RoundGrid>('scoring.grid', { roundId: round.id });
    expect(grid.roundId).toBe(round.id);
    expect(grid.departureThreshold).toBe(1);
    expect(grid.system.key).toBe('county-balance-100-points');
    expect(grid.units.map((u) => u.unitId)).toEqual([u1.id, u2.id, u3.id]);
    expect(grid.experts).toEqual([
      { expertId: li.id, name: '李明', unitIds: [u1.id, u2.id], blockIds: [] },
      { expertId: wang.id, name: '王芳', unitIds: [u1.id], blockIds: [] },
    ]);

    // Written out for the first unit: the experts' marks, the decision needed, the departure (3 → 1).
    const c1 = grid.units[0]!.cells;
    expect(c1[p1!.nodeId]).toEqual({
      self: 3,
      office: 2,
      experts: { [li.id]: 3, [wang.id]: 1 },
      final: 1,
      reconciled: 'needs_decision',
      reconcileText: expect.stringContaining('2'),
      departure: 2,
    });
    expect(c1[p2!.nodeId]).toMatchObject({ experts: { [li.id]: 3, [wang.id]: 2.5 }, reconciled: 'agreed', suggested: 2.75 });
    expect(c1[veto.nodeId]).toEqual({ self: false, final: false });
    expect(grid.units[1]!.cells[p1!.nodeId]).toBeUndefined();

    // Every unit, every leaf: the same as its score sheet says; leaves in the sheet's order per type.
    for (const u of grid.units) {
      const s = await api<UnitScoreSheet>('scoring.sheet', { unitId: u.unitId });
      expect(grid.types.find((t) => t.schoolType === u.schoolType)!.nodeIds).toEqual(s.rows.map((r) => r.nodeId));
      for (const row of s.rows) expect(u.cells[row.nodeId] ?? {}, `${u.name} ${row.code}`).toEqual(cellOfRow(row));
      expect(u.expertIds).toEqual(grid.experts.filter((x) => x.unitIds.includes(u.unitId)).map((x) => x.expertId));
    }
    // Columns: each leaf applicable to some unit once, with its method; computed leaves say so.
    const allIds = new Set(grid.types.flatMap((t) => t.nodeIds));
    expect(grid.leaves.map((l) => l.nodeId).sort()).toEqual([...allIds].sort());
    const byId = new Map(grid.leaves.map((l) => [l.nodeId, l]));
    expect(byId.get(p1!.nodeId)).toMatchObject({ method: 'points', points: p1!.points, choices: [] });
    expect(byId.get(veto.nodeId)).toMatchObject({ method: 'veto', choices: ['不存在', '存在'] });
    expect(grid.leaves.some((l) => l.method === 'computed')).toBe(true);
    // The values the formulas read: the round's typed values, as results read them.
    expect(grid.units[0]!.values).toMatchObject({ satisfaction: '92%' });
    expect(grid.units[0]!.state).toBe('open');
  });

  it('flags locked and forfeited units, and an unlocked one as open again with its lock history', async () => {
    const round = await setup(2);
    const [u1, u2] = round.units;
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: VALUES } });
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: u1!.id });
    for (const r of sheet.rows.filter((x) => !x.computed)) {
      const answer = r.choices.length ? { triggered: false } : { points: r.method.includes('加分') ? 0 : r.points };
      await api('scoring.setScore', { unitId: u1!.id, nodeId: r.nodeId, kind: 'final', answer });
    }
    await api('scoring.lock', { unitId: u1!.id, note: '合议通过' });
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u2!.id], change: 'forfeit', reason: '逾期未提交' });

    let grid = await api<RoundGrid>('scoring.grid', { roundId: round.id });
    expect(grid.units.map((u) => u.state)).toEqual(['locked', 'forfeited']);
    expect(grid.units[0]!.lock).toMatchObject({ locked: true, reason: '合议通过' });
    expect(grid.units[1]!.lock).toBeNull();

    await api('scoring.unlock', { unitId: u1!.id, reason: '复核 1.1.1' });
    grid = await api<RoundGrid>('scoring.grid', { roundId: round.id });
    expect(grid.units[0]!.state).toBe('open');
    expect(grid.units[0]!.lock).toMatchObject({ locked: false, reason: '复核 1.1.1' });
  });

  it('reads a round in the same number of queries whatever its size', async () => {
    // Counts every statement the grid's reader sends.
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery({ node }) {
        queries++;
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const ctx = { ...core.ctx, db: (core.ctx.db as Db).withPlugin(counter) };
    const scoreSome = async (r: RoundDetail) => {
      for (const u of r.units) {
        const s = await api<UnitScoreSheet>('scoring.sheet', { unitId: u.id });
        for (const row of s.rows.filter((x) => !x.computed && x.choices.length === 0).slice(0, 3)) await api('scoring.setScore', { unitId: u.id, nodeId: row.nodeId, kind: 'office', answer: { points: 1 } });
        await submit(u.id, [{ nodeId: s.rows[0]!.nodeId, answer: { points: 1 } }]);
      }
    };
    const small = await setup(2, '小项目');
    await scoreSome(small);
    const large = await setup(8, '大项目');
    await scoreSome(large);

    queries = 0;
    const a = await roundGrid(ctx, small.id);
    const smallCount = queries;
    queries = 0;
    const b = await roundGrid(ctx, large.id);
    expect(a.units).toHaveLength(2);
    expect(b.units).toHaveLength(8);
    expect(b.units.every((u) => Object.values(u.cells).filter((c) => c.office === 1).length === 3)).toBe(true);
    expect(queries).toBe(smallCount);
    // 11 today (round, system, settings, experts, units, scores, self-evaluations, locks, statistics, groups); per-unit reads would be dozens here.
    expect(smallCount).toBeLessThanOrEqual(13);
  });

  it('carries the round’s 评估组 with the leaves each covers (a branch: its leaves) and each expert’s groups', async () => {
    const round = await setup(2);
    const li = await api<Expert>('experts.save', { name: '李明', organisation: '市教科院' });
    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [round.units[0]!.id] });
    const tree = await api<{ tree: { id: string; children: { id: string; children: { id: string }[] }[] }[] }>('scoring.blocks', { roundId: round.id });
    const branch = tree.tree[0]!.children[0]!;
    const saved = await api<{ blocks: { id: number }[] }>('scoring.saveBlocks', { roundId: round.id, blocks: [{ name: '资料查阅组', nodeIds: [branch.id], methods: ['资料查阅'] }] });
    await api('scoring.assignBlocks', { roundId: round.id, expertId: li.id, blockIds: [saved.blocks[0]!.id] });

    const grid = await api<RoundGrid>('scoring.grid', { roundId: round.id });
    const leavesOfBranch: string[] = [];
    const walk = (n: { id: string; children?: { id: string }[] }) => (n.children?.length ? n.children.forEach((c) => walk(c as never)) : leavesOfBranch.push(n.id));
    walk(branch);
    expect(grid.blocks).toEqual([{ id: saved.blocks[0]!.id, name: '资料查阅组', nodeIds: leavesOfBranch }]);
    expect(grid.experts).toEqual([{ expertId: li.id, name: '李明', unitIds: [round.units[0]!.id], blockIds: [saved.blocks[0]!.id] }]);
  });

  it('refuses an unknown round', async () => {
    const r = await core.dispatch('scoring.grid', { roundId: 999 });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'not_found', message: '找不到编号为 999 的评估项目' });
  });
});
