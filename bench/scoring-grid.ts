/**
 * 评分总表 (issue 12, item 8): the time from a score typed in the grid to the unit's recomputed total
 * and grade — what the screen does between the key press and the new total, before the service's
 * answer (renderer/src/features/scoring/grid-model.ts applyMark: the cell changed, the unit
 * re-evaluated by the shared engine evaluateSystem on the round's frozen system with its values).
 *
 * Set-up, generated here (deterministic, mulberry32): a published-shape system of 100 leaves worth
 * 1 point each (100 points) under 10 first-level indicators, leaves alternating 等级 A/B/C/D (shares
 * 1, 0.8, 0.6, 0.4) and 得分 in steps of 0.5; pass rule total ≥ 60, grades 不合格/合格/良好/优秀. A round
 * of 300 units (小学) with a grid as scoring.grid gives it: every cell with a self-evaluation and
 * 3 score kinds filled for ~90 % of the leaves — 初评, one expert's, 最终得分 — so the model holds
 * 300 × 100 × 3 scores.
 *
 * Measured:
 *  - build: the model from the contract's answer plus every unit's total of the 3 kinds (what the
 *    screen does on opening the grid and on first showing each kind);
 *  - edit: 1,000 random single-cell edits (random unit, leaf and kind; a valid grade or points, or a
 *    withdrawal 1 time in 20), each timed from the call to the recomputed total; p50 / p95 / max.
 *  - anchor: recomputing every unit of the round after an edit (the non-incremental way), median
 *    of 5, to show what the incremental recompute saves.
 *  - service: `scoring.grid` through the dispatcher (contract output check included) on a real
 *    database holding the same round — the system published, 300 schools, the 90,000 current
 *    scores (plus a second, older row for 10 % of them: history the query must skip) written
 *    directly — median of 5, and the answer's size as JSON; beside it, as the anchor, the 300
 *    units' score sheets read one by one (scoring.sheet, once each: what the grid would cost
 *    without the round-wide reads).
 * Target (issue 12): edit p95 ≤ 15 ms. Run: `npx tsx bench/run.ts scoring-grid`.
 */
import { pathToFileURL } from 'node:url';
import type { Db } from '../main/db/connection';
import { tempCore } from '../main/testing/temp-core';
import type { RoundDetail } from '../shared/api/contracts/rounds';
import type { School } from '../shared/api/contracts/schools';
import type { GridCell, GridLeaf, RoundGrid } from '../shared/api/contracts/scoring';
import { loadIndicatorSystem, type IndicatorNodeInput } from '../shared/domain/indicators';
import { applyMark, buildGridModel, ensureTotals, computeTotal, type GridModel, type KindKey } from '../renderer/src/features/scoring/grid-model';
import { round } from './measure';

const UNITS = Number(process.env.BENCH_GRID_UNITS ?? 300);
const LEAVES = 100;
const EDITS = Number(process.env.BENCH_GRID_EDITS ?? 1000);
const EXPERT_ID = 7;
const KINDS: KindKey[] = ['final', 'office', `expert:${EXPERT_ID}`];
const GRADES = ['A', 'B', 'C', 'D'];

export interface ScoringGridBenchResult {
  units: number;
  leaves: number;
  scoreKinds: number;
  scores: number;
  /** The model built from the contract's answer with every unit's total of the three kinds. */
  buildMs: number;
  edits: number;
  editP50Ms: number;
  editP95Ms: number;
  editMaxMs: number;
  /** Recomputing all units after one edit (the non-incremental way), median of 5. */
  fullRecomputeMs: number;
  targetP95Ms: number;
  targetMet: boolean;
  /** scoring.grid on a database holding the same round: median of 5 (ms), the answer's size (KB of JSON), and 300 × scoring.sheet (ms). */
  service: { medianMs: number; minMs: number; payloadKB: number; scoreRows: number; sheetsMs: number };
  /** Sanity: a unit's final total before and after the edits, so a broken engine shows next to the timing. */
  sampleTotal: { before: number; after: number; grade: string | null };
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isGrade = (i: number) => i % 2 === 0;

/** The synthetic system: 10 × 10 leaves of 1 point, grades and points alternating. */
function system() {
  const nodes: IndicatorNodeInput[] = [];
  for (let b = 0; b < 10; b++) {
    const children: IndicatorNodeInput[] = [];
    for (let l = 0; l < LEAVES / 10; l++) {
      const i = b * 10 + l;
      children.push({
        id: `n${i}`,
        code: `${b + 1}.${l + 1}`,
        title: `指标${i + 1}`,
        points: 1,
        scoring: isGrade(i)
          ? { method: 'grade', grades: GRADES.map((label, k) => ({ label, share: [1, 0.8, 0.6, 0.4][k]!, met: k < 3 })) }
          : { method: 'points', step: 0.5 },
      });
    }
    nodes.push({ id: `b${b}`, code: String(b + 1), title: `一级指标${b + 1}`, children });
  }
  return loadIndicatorSystem({
    key: 'bench-grid',
    name: '评分总表基准体系',
    level: 'school',
    version: 1,
    state: 'published',
    passRules: [{ kind: 'totalAtLeast', min: 60 }],
    grading: {
      basis: 'points',
      bands: [
        { label: '不合格', min: 0, max: 60 },
        { label: '合格', min: 60, max: 75 },
        { label: '良好', min: 75, max: 90 },
        { label: '优秀', min: 90, max: null },
      ],
    },
    nodes,
  });
}

/** A valid random mark of leaf i. */
const markFor = (i: number, rnd: () => number) => (isGrade(i) ? GRADES[Math.floor(rnd() * 4)]! : Math.round(rnd() * 2) / 2);

function grid(rnd: () => number): RoundGrid {
  const sys = system();
  const leaves: GridLeaf[] = [];
  for (let i = 0; i < LEAVES; i++) {
    leaves.push({ nodeId: `n${i}`, code: '', title: `指标${i + 1}`, points: 1, method: isGrade(i) ? 'grade' : 'points', methodText: '', step: isGrade(i) ? 0 : 0.5, choices: isGrade(i) ? GRADES : [] });
  }
  const units: RoundGrid['units'] = [];
  for (let u = 0; u < UNITS; u++) {
    const cells: Record<string, GridCell> = {};
    for (let i = 0; i < LEAVES; i++) {
      const c: GridCell = { self: markFor(i, rnd) };
      if (rnd() < 0.9) c.office = markFor(i, rnd);
      if (rnd() < 0.9) c.experts = { [EXPERT_ID]: markFor(i, rnd) };
      if (rnd() < 0.9) c.final = markFor(i, rnd);
      cells[`n${i}`] = c;
    }
    units.push({ unitId: u + 1, code: String(u + 1).padStart(4, '0'), name: `第${u + 1}小学`, schoolType: '小学', state: 'open', lock: null, stored: null, expertIds: [EXPERT_ID], values: {}, valueProblems: [], cells });
  }
  return {
    roundId: 1,
    system: sys,
    departureThreshold: null,
    leaves,
    types: [{ schoolType: '小学', nodeIds: leaves.map((l) => l.nodeId) }],
    experts: [{ expertId: EXPERT_ID, name: '李明', unitIds: units.map((u) => u.unitId), blockIds: [] }],
    blocks: [],
    units,
  };
}

/**
 * The same round in a real database: the system created and published through the contract, the
 * schools and the round too; the scores written directly (setting 90,000 scores one by one through
 * scoring.setScore would take the bench minutes and measure nothing of the grid).
 */
async function serviceFigures(data: RoundGrid, rnd: () => number): Promise<ScoringGridBenchResult['service']> {
  const core = await tempCore('bench');
  try {
    const ok = async <T>(op: string, input: unknown): Promise<T> => {
      const r = await core.dispatch(op as never, input);
      if (!r.ok) throw new Error(`${op}: ${r.error.message}`);
      return r.value as T;
    };
    const created = await ok<{ summary: { id: number }; system: Record<string, unknown> }>('indicators.create', { name: '评分总表基准体系', level: 'school' });
    const { nodes, passRules, grading } = data.system;
    await ok('indicators.update', { id: created.summary.id, system: { ...created.system, nodes, passRules, grading } });
    await ok('indicators.publish', { id: created.summary.id });
    const schools: School[] = [];
    for (let i = 0; i < UNITS; i++) schools.push(await ok<School>('schools.create', { code: `45029${String(i).padStart(5, '0')}`, name: `第${i + 1}小学`, type: '小学', locality: '城区' }));
    const project = await ok<RoundDetail>('rounds.create', {
      name: '评分总表基准项目',
      year: 2026,
      evaluator: { kind: 'office', name: '督导室' },
      systemId: created.summary.id,
      stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
      units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
    });
    const expert = await ok<{ id: number }>('experts.save', { name: '李明', organisation: '市教科院' });
    await ok('scoring.assign', { roundId: project.id, expertId: expert.id, unitIds: project.units.map((u) => u.id) });
    const db = core.ctx.db as Db;
    const { id: roundExpertId } = await db.selectFrom('round_experts').select('id').where('round_id', '=', project.id).executeTakeFirstOrThrow();
    const rows: { unit_id: number; node_id: string; kind: 'office' | 'expert' | 'final'; round_expert_id: number | null; answer: string; note: string; evidence_viewed: string; created_at: string; created_by: string }[] = [];
    for (const u of project.units) {
      for (let i = 0; i < LEAVES; i++) {
        for (const kind of ['office', 'expert', 'final'] as const) {
          const answer = () => JSON.stringify(isGrade(i) ? { grade: markFor(i, rnd) } : { points: markFor(i, rnd) });
          const row = { unit_id: u.id, node_id: `n${i}`, kind, round_expert_id: kind === 'expert' ? roundExpertId : null, note: '', evidence_viewed: '[]', created_at: '2026-12-20T08:00:00.000Z', created_by: '基准' };
          if (rnd() < 0.1) rows.push({ ...row, answer: answer() });
          rows.push({ ...row, answer: answer() });
        }
      }
    }
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('round_scores').values(rows.slice(i, i + 500)).execute();
    });
    const times: number[] = [];
    let size = 0;
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      const grid = await ok<RoundGrid>('scoring.grid', { roundId: project.id });
      times.push(performance.now() - t);
      size = JSON.stringify(grid).length;
    }
    times.sort((a, b) => a - b);
    // The anchor: the same scores read unit by unit, as the score sheet reads them.
    const t = performance.now();
    for (const u of project.units) await ok('scoring.sheet', { unitId: u.id });
    const sheetsMs = performance.now() - t;
    return { medianMs: round(times[2]!), minMs: round(times[0]!), payloadKB: Math.round(size / 1024), scoreRows: rows.length, sheetsMs: round(sheetsMs) };
  } finally {
    await core.dispose();
  }
}

function summarise(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0, 2);
  return { p50: at(0.5), p95: at(0.95), max: round(s[s.length - 1] ?? 0, 2) };
}

export async function runScoringGridBench(): Promise<ScoringGridBenchResult> {
  const rnd = prng(20261218);
  const data = grid(rnd);

  const t0 = performance.now();
  let model: GridModel = buildGridModel(data);
  for (const k of KINDS) model = ensureTotals(model, k);
  const buildMs = performance.now() - t0;
  const before = model.units[0]!.totals.final!.total;

  // Warm-up outside the samples (the JIT's first compilations), on a throwaway copy.
  let warm = model;
  for (let i = 0; i < 50; i++) warm = applyMark(warm, 1 + (i % UNITS), `n${i % LEAVES}`, 'final', markFor(i % LEAVES, rnd));

  const samples: number[] = [];
  for (let e = 0; e < EDITS; e++) {
    const unitId = 1 + Math.floor(rnd() * UNITS);
    const leaf = Math.floor(rnd() * LEAVES);
    const kind = KINDS[Math.floor(rnd() * KINDS.length)]!;
    const mark = rnd() < 0.05 ? null : markFor(leaf, rnd);
    const s = performance.now();
    model = applyMark(model, unitId, `n${leaf}`, kind, mark);
    // The figure the screen shows: read it, so nothing is left lazily undone.
    if (model.units[unitId - 1]!.totals[kind]!.total < 0) throw new Error('negative total');
    samples.push(performance.now() - s);
  }
  const edit = summarise(samples);

  const full: number[] = [];
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    for (const u of model.units) computeTotal(model, u, 'final');
    full.push(performance.now() - s);
  }
  full.sort((a, b) => a - b);
  const sample = model.units[0]!.totals.final!;
  const service = await serviceFigures(data, rnd);

  return {
    units: UNITS,
    leaves: LEAVES,
    scoreKinds: KINDS.length,
    scores: UNITS * LEAVES * KINDS.length,
    buildMs: round(buildMs),
    edits: EDITS,
    editP50Ms: edit.p50,
    editP95Ms: edit.p95,
    editMaxMs: edit.max,
    fullRecomputeMs: round(full[2]!),
    targetP95Ms: 15,
    targetMet: edit.p95 <= 15,
    service,
    sampleTotal: { before, after: sample.total, grade: sample.grade },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runScoringGridBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
