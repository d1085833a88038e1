/**
 * 评分总表 (issue 12, item 8): a round's units × applicable leaves with every score kind — the
 * school's self-evaluation, the office's initial score, each expert's, the suggested score of the
 * round's rule and the agreed final score — in one answer, with what the screen needs to recompute
 * each unit's total and grade as the office types: the round's frozen system and each unit's values
 * (shared/domain/scoring/result.ts, the same reading as the stored results). The cells follow the
 * score sheet's rules (scoring-service.ts buildSheet: same reconciliation, same departure check);
 * only the reading differs: the round is read in a fixed number of queries (all scores of the round
 * at once, all latest self-evaluations at once), never one query per unit. Scores are saved one by
 * one through scoring.setScore, which checks them again.
 */
import { AppError } from '../../../shared/api/envelope';
import type { GridCell, GridLeaf, GridUnit, RoundGrid } from '../../../shared/api/contracts/scoring';
import { walkNodes, isLeaf, type IndicatorNode, type SchoolType } from '../../../shared/domain/indicators';
import { blockLeafIds } from '../../../shared/domain/scoring/blocks';
import { gridMethodOf, markOf, type GridMark, type MarkAnswer } from '../../../shared/domain/scoring/grid';
import { departureNeedsReason, reconcile, round2 } from '../../../shared/domain/scoring/reconcile';
import { unitValues } from '../../../shared/domain/scoring/result';
import { yearBalanceValues } from './year-values';
import * as repo from '../../db/repositories/rounds-repo';
import * as blocksRepo from '../../db/repositories/scoring-blocks-repo';
import * as gridRepo from '../../db/repositories/scoring-grid-repo';
import * as scores from '../../db/repositories/scoring-repo';
import * as results from '../../db/repositories/scoring-results-repo';
import { statsForYear } from '../../db/repositories/stats-repo';
import { answerKindLabel, evaluationRows } from '../../exchange/packages/format';
import { reader, type ServiceContext } from '../context';
import { frozenSystem } from '../rounds/packages-service';
import { storedBlocks } from './blocks-service';
import { answerOfChoice, choicesOf, lockState, pointsOf, reconcileItem, reconcileRuleOf, settingsOf } from './scoring-service';

const parseAnswer = (json: string | null): MarkAnswer | null => (json === null ? null : (JSON.parse(json) as MarkAnswer));

/** A leaf as the grid's column. */
function leafOf(node: IndicatorNode): GridLeaf {
  const s = node.scoring;
  return {
    nodeId: node.id,
    code: node.code,
    title: node.title,
    points: node.points ?? 0,
    method: gridMethodOf(node),
    methodText: answerKindLabel(s).replace(/^自评/, ''),
    step: s && (s.method === 'points' || s.method === 'bonus' || s.method === 'deduction') ? s.step : 0,
    choices: choicesOf(node),
  };
}

/** A round's 评分总表 (see contract scoring.grid). */
/** A stored result as the grid shows it (see contract GridUnit.stored). */
function storedOf(r: results.ResultRow | undefined): GridUnit['stored'] {
  if (!r) return null;
  return { total: r.total, maxTotal: r.max_total, grade: r.grade, passed: r.passed === null ? null : r.passed === 1, conclusion: (JSON.parse(r.result) as { conclusion: string }).conclusion };
}

export async function roundGrid(ctx: ServiceContext, roundId: number): Promise<RoundGrid> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const [system, settingsRow, experts, units, current, submissions, locks, storedResults, stats, blocks, expertBlocks] = await Promise.all([
    frozenSystem(db, round),
    scores.getSettings(db, roundId),
    scores.roundExperts(db, roundId),
    repo.unitsOf(db, roundId),
    gridRepo.currentScoresOfRound(db, roundId),
    gridRepo.latestSubmissionsOfRound(db, roundId),
    results.latestLocksOfRound(db, roundId),
    results.currentResultsOfRound(db, roundId),
    statsForYear(db, round.year),
    storedBlocks(db, roundId),
    blocksRepo.expertBlocksOf(db, roundId),
  ]);
  const settings = settingsOf(settingsRow);
  // The same values the lock will use, so the live totals and the stored result agree.
  const yearValues = await yearBalanceValues(ctx, round.year, system);
  const rule = reconcileRuleOf(settings);
  const threshold = settings.departureThreshold;

  // Applicable leaves per school type (the engine decides applicability, as on the score sheet).
  const leavesOfType = new Map<string, IndicatorNode[]>();
  for (const t of new Set(units.map((u) => u.school_type))) {
    leavesOfType.set(
      t,
      evaluationRows(system, t as SchoolType)
        .filter((r) => r.leaf)
        .map((r) => r.node),
    );
  }
  const used = new Set([...leavesOfType.values()].flatMap((list) => list.map((n) => n.id)));
  const leaves: GridLeaf[] = [];
  walkNodes(system.nodes, ({ node }) => {
    if (isLeaf(node) && used.has(node.id)) leaves.push(leafOf(node));
  });

  // Current scores by unit, then by slot (leaf | kind | round expert).
  const slots = new Map<number, Map<string, MarkAnswer | null>>();
  for (const s of current) {
    let m = slots.get(s.unit_id);
    if (!m) slots.set(s.unit_id, (m = new Map()));
    m.set(`${s.node_id}|${s.kind}|${s.round_expert_id ?? ''}`, parseAnswer(s.answer));
  }
  const selfOf = new Map<number, Map<string, MarkAnswer>>();
  for (const s of submissions) {
    const answers = (JSON.parse(s.data) as { answers: { nodeId: string; answer: MarkAnswer }[] }).answers;
    selfOf.set(s.unit_id, new Map(answers.map((a) => [a.nodeId, a.answer])));
  }
  const statsOf = new Map(stats.map((r) => [`${r.schoolId}|${r.campusId ?? ''}`, r.values]));

  const gridUnits: GridUnit[] = units.map((u) => {
    const got = slots.get(u.id) ?? new Map<string, MarkAnswer | null>();
    const self = selfOf.get(u.id);
    const cells: Record<string, GridCell> = {};
    for (const node of leavesOfType.get(u.school_type)!) {
      const cell: GridCell = {};
      const selfAnswer = self?.get(node.id) ?? null;
      const set = (key: 'self' | 'office' | 'final' | 'suggested', a: MarkAnswer | null | undefined) => {
        const m = markOf(a);
        if (m !== undefined) cell[key] = m;
      };
      set('self', selfAnswer);
      set('office', got.get(`${node.id}|office|`));
      const finalAnswer = got.get(`${node.id}|final|`) ?? null;
      set('final', finalAnswer);
      // Every expert's current score of this unit, assigned or not (a reassigned expert's score stays, as on the sheet).
      const marks: { expert: string; answer: MarkAnswer }[] = [];
      const byExpert: Record<string, GridMark> = {};
      for (const x of experts) {
        const a = got.get(`${node.id}|expert|${x.roundExpertId}`);
        const m = markOf(a);
        if (a && m !== undefined) {
          byExpert[String(x.expert.id)] = m;
          marks.push({ expert: x.expert.name, answer: a });
        }
      }
      if (marks.length) cell.experts = byExpert;
      const item = reconcileItem(node, marks);
      if (item) {
        const r = reconcile(item, rule);
        if (r.state === 'agreed') {
          cell.reconciled = 'agreed';
          set('suggested', item.kind === 'numeric' ? { points: r.value } : answerOfChoice(node, r.value));
        } else if (r.state === 'needs_decision') {
          cell.reconciled = 'needs_decision';
          cell.reconcileText = r.message;
        }
      }
      if (threshold !== null && finalAnswer) {
        const fp = pointsOf(node, finalAnswer);
        const sp = selfAnswer ? pointsOf(node, selfAnswer) : null;
        if (fp !== null && departureNeedsReason(fp, sp, threshold)) cell.departure = round2(Math.abs(fp - sp!));
      }
      if (Object.keys(cell).length) cells[node.id] = cell;
    }
    const { values, notes } = unitValues(system, u.school_type as SchoolType, statsOf.get(`${u.school_id}|${u.campus_id ?? ''}`), settings.roundValues, yearValues);
    const lock = locks.get(u.id);
    return {
      unitId: u.id,
      code: u.code,
      name: u.name,
      schoolType: u.school_type,
      state: u.state === 'forfeited' ? 'forfeited' : lock?.locked === 1 ? 'locked' : 'open',
      lock: lock ? lockState(lock) : null,
      stored: storedOf(storedResults.get(u.id)),
      expertIds: experts.filter((x) => x.unitIds.includes(u.id)).map((x) => x.expert.id),
      values,
      valueProblems: notes.filter((n) => n.problem).map((n) => n.problem!),
      cells,
    };
  });

  return {
    roundId,
    system,
    departureThreshold: threshold,
    leaves,
    types: [...leavesOfType].map(([schoolType, list]) => ({ schoolType, nodeIds: list.map((n) => n.id) })),
    experts: experts.map((x) => ({
      expertId: x.expert.id,
      name: x.expert.name,
      unitIds: x.unitIds,
      blockIds: expertBlocks.filter((p) => p.round_expert_id === x.roundExpertId).map((p) => p.block_id),
    })),
    blocks: blocks.map((b) => ({ id: b.id, name: b.name, nodeIds: blockLeafIds(system.nodes, b.nodeIds) })),
    units: gridUnits,
  };
}
