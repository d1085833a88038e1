/**
 * 评分 (issue 12 item 6): the experts' and the office's opinions on a unit — 做法成效 (strengths),
 * 存在问题 (problems), 整改建议 (suggestions) — on the unit as a whole or on one indicator of the
 * round's frozen system. They feed the per-school conclusions and the rectification ledger, which
 * read them round-wide through `opinionsOfRound`.
 *
 * Storage is append-only (round_opinions, migration 0014): a change is a new row naming the row it
 * `replaces`, a withdrawal a new row marked `withdrawn`; so each opinion is a chain of rows, and the
 * current opinions are the chains whose latest row is not a withdrawal. Like scores, opinions are not
 * written to the audit log change by change: the chain is their history, shown by
 * scoring.opinionHistory. The author (round_expert_id: an expert, or null for the office) is fixed
 * when the opinion is first recorded and every later row keeps it, so an opinion the office edits on
 * an expert's behalf still reads as the expert's; created_by records the operator of each row.
 */
import { AppError } from '../../../shared/api/envelope';
import {
  OFFICE_AUTHOR,
  OPINION_KINDS,
  SaveOpinionInput as SaveOpinionInputSchema,
  type Opinion,
  type OpinionGroup,
  type OpinionKind,
  type OpinionVersion,
  type RoundOpinion,
  type SaveOpinionInput,
  type UnitOpinions,
} from '../../../shared/api/contracts/scoring';
import { walkNodes, type IndicatorSystem, type SchoolType } from '../../../shared/domain/indicators';
import type { Db } from '../../db/connection';
import * as opinions from '../../db/repositories/scoring-opinions-repo';
import * as repo from '../../db/repositories/rounds-repo';
import * as scores from '../../db/repositories/scoring-repo';
import { evaluationRows } from '../../exchange/packages/format';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { parseInput } from '../parse-input';
import { frozenSystem } from '../rounds/packages-service';
import { sheetContext } from './scoring-service';

type Row = opinions.OpinionRow;
type RoundExpert = Awaited<ReturnType<typeof scores.roundExperts>>[number];
type Context = Awaited<ReturnType<typeof sheetContext>>;

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

// ---------------------------------------------------------------- chains of rows

/**
 * The unit's (or round's) rows as opinions: one chain per opinion, each oldest row first, the
 * chains in the order the opinions were first recorded (so an edit does not move an opinion).
 */
function chainsOf(rows: readonly Row[]): Row[][] {
  const next = new Map<number, Row>();
  for (const r of rows) if (r.replaces !== null) next.set(r.replaces, r);
  const chains: Row[][] = [];
  for (const root of rows) {
    if (root.replaces !== null) continue;
    const chain = [root];
    for (let r = next.get(root.id); r; r = next.get(r.id)) chain.push(r);
    chains.push(chain);
  }
  return chains;
}

const latest = (chain: readonly Row[]): Row => chain[chain.length - 1]!;

/** The current version of every opinion among `rows` (the latest row of each chain, not withdrawn). */
export function currentOpinionRows(rows: readonly Row[]): Row[] {
  return chainsOf(rows)
    .map(latest)
    .filter((r) => r.withdrawn === 0);
}

/** The code and title of every node of a system, and each node's position in the system's order. */
function nodeIndex(system: IndicatorSystem): Map<string, { code: string; title: string; order: number }> {
  const index = new Map<string, { code: string; title: string; order: number }>();
  walkNodes(system.nodes, ({ node }) => index.set(node.id, { code: node.code, title: node.title, order: index.size }));
  return index;
}

type NodeIndex = ReturnType<typeof nodeIndex>;

/** An opinion's target in words: code and title of its indicator, all null for the unit as a whole. */
function targetOf(nodeId: string | null, nodes: NodeIndex): { nodeId: string | null; code: string | null; title: string | null } {
  if (nodeId === null) return { nodeId: null, code: null, title: null };
  // The round's system is frozen, so a stored node is always found; the fallback only keeps a damaged row readable.
  const n = nodes.get(nodeId);
  return { nodeId, code: n?.code ?? '', title: n?.title ?? '（指标已不在体系中）' };
}

/** Author lookup of a round: round_experts.id → the expert's id and name. */
function authorsOf(experts: readonly RoundExpert[]) {
  const byRoundExpert = new Map(experts.map((x) => [x.roundExpertId, x.expert]));
  return (roundExpertId: number | null): { expertId: number | null; author: string } => {
    if (roundExpertId === null) return { expertId: null, author: OFFICE_AUTHOR };
    // Taking an expert who wrote opinions off the round is refused; the fallback only keeps old data readable.
    const e = byRoundExpert.get(roundExpertId);
    return { expertId: e?.id ?? null, author: e?.name ?? '（已移出的专家）' };
  };
}

type Authors = ReturnType<typeof authorsOf>;

function opinionOf(chain: readonly Row[], nodes: NodeIndex, authors: Authors): Opinion {
  const head = latest(chain);
  return {
    id: head.id,
    ...targetOf(head.node_id, nodes),
    kind: head.kind,
    ...authors(head.round_expert_id),
    text: head.text,
    createdAt: chain[0]!.created_at,
    at: head.created_at,
    by: head.created_by,
    edits: chain.filter((r) => r.withdrawn === 0).length - 1,
    withdrawn: head.withdrawn === 1,
  };
}

const kindOrder = (k: OpinionKind) => OPINION_KINDS.indexOf(k);

// ---------------------------------------------------------------- who and what

/**
 * The round expert an author names, checked for writing on the unit: the office always may; an
 * expert must be on the round and assigned to the unit (as for scores, scoring-service setScore).
 * @throws AppError('invalid_input') in Chinese.
 */
function checkAuthor(c: Context, author: { expertId: number } | { roundExpertId: number } | null, changing: boolean): number | null {
  if (author === null) return null;
  const x = 'expertId' in author ? c.experts.find((e) => e.expert.id === author.expertId) : c.experts.find((e) => e.roundExpertId === author.roundExpertId);
  if (!x) invalid('该专家不在本评估项目的专家名单中');
  if (!x.unitIds.includes(c.unit.id)) {
    if (changing) invalid(`专家“${x.expert.name}”已不再评估“${c.unit.name}”，其意见保留在记录中，不能修改或撤回；如需修改，请先重新分配该专家评估本单位`);
    invalid(`专家“${x.expert.name}”没有被分配评估“${c.unit.name}”`);
  }
  return x.roundExpertId;
}

/**
 * Checks that an opinion's indicator applies to the unit in the round's frozen system (any row of
 * its evaluation table, a branch as well as a leaf); null (the unit as a whole) always does.
 * @throws AppError('invalid_input') naming the indicator.
 */
function checkNode(c: Context, nodeId: string | null): void {
  if (nodeId === null) return;
  if (evaluationRows(c.system, c.unit.school_type as SchoolType).some((r) => r.node.id === nodeId)) return;
  const n = nodeIndex(c.system).get(nodeId);
  if (!n) invalid('本评估项目的指标体系中没有这项指标');
  invalid(`指标“${n.code} ${n.title}”不适用于“${c.unit.name}”（${c.unit.school_type}），不能对它提出意见`);
}

/**
 * The row `id` as the current version of its opinion.
 * @throws AppError('not_found') for an unknown row (or one of another unit when `unitId` is given);
 *   AppError('conflict') when a later row has replaced or withdrawn it, or it is itself a withdrawal.
 */
async function currentRow(db: Db, id: number, unitId?: number): Promise<Row> {
  const row = await opinions.getOpinionRow(db, id);
  if (!row || (unitId !== undefined && row.unit_id !== unitId)) throw new AppError('not_found', '找不到这条意见');
  if (row.withdrawn === 1) throw new AppError('conflict', '这条意见已被撤回');
  if (await opinions.replacementOf(db, id)) throw new AppError('conflict', '这条意见已被修改或撤回，请刷新后再试');
  return row;
}

/** The opinion whose chain holds row `id`, as it now stands. */
async function opinionById(db: Db, c: Context, id: number): Promise<Opinion> {
  const chain = chainsOf(await opinions.opinionRowsOfUnit(db, c.unit.id)).find((ch) => ch.some((r) => r.id === id))!;
  return opinionOf(chain, nodeIndex(c.system), authorsOf(c.experts));
}

// ---------------------------------------------------------------- operations

/** A unit's opinions, grouped by indicator and kind, with its withdrawn ones (see contract scoring.opinions). */
export async function unitOpinions(ctx: ServiceContext, unitId: number): Promise<UnitOpinions> {
  const db = reader(ctx);
  const c = await sheetContext(db, unitId);
  const rows = await opinions.opinionRowsOfUnit(db, unitId);
  const nodes = nodeIndex(c.system);
  const authors = authorsOf(c.experts);
  const all = chainsOf(rows).map((chain) => opinionOf(chain, nodes, authors));

  const groups = new Map<string | null, OpinionGroup>();
  for (const o of all.filter((x) => !x.withdrawn)) {
    let g = groups.get(o.nodeId);
    if (!g) groups.set(o.nodeId, (g = { nodeId: o.nodeId, code: o.code, title: o.title, strength: [], problem: [], suggestion: [] }));
    g[o.kind].push(o);
  }
  const order = (nodeId: string | null) => (nodeId === null ? -1 : (nodes.get(nodeId)?.order ?? Number.MAX_SAFE_INTEGER));

  const wrote = new Set(rows.map((r) => r.round_expert_id));
  const experts = c.experts
    .filter((x) => x.unitIds.includes(unitId) || wrote.has(x.roundExpertId))
    .map((x) => ({ expertId: x.expert.id, name: x.expert.name, assigned: x.unitIds.includes(unitId) }));

  return {
    roundId: c.round.id,
    unitId,
    unitName: c.unit.name,
    experts,
    indicators: evaluationRows(c.system, c.unit.school_type as SchoolType).map((r) => ({ nodeId: r.node.id, code: r.node.code, title: r.node.title, depth: r.depth, leaf: r.leaf })),
    groups: [...groups.values()].sort((a, b) => order(a.nodeId) - order(b.nodeId)),
    withdrawn: all.filter((o) => o.withdrawn).sort((a, b) => b.id - a.id),
  };
}

/**
 * Records an opinion or changes one (see contract scoring.saveOpinion). A change that alters
 * nothing (same indicator, kind and text) writes no new version.
 * @returns the opinion as it now stands.
 */
export async function saveOpinion(ctx: ServiceContext, raw: SaveOpinionInput): Promise<Opinion> {
  const input = parseInput(SaveOpinionInputSchema, raw);
  return unitOfWork(ctx, async (tx, unit) => {
    const c = await sheetContext(tx, input.unitId);
    let roundExpertId: number | null;
    let replaces: number | null = null;
    if (input.id !== undefined) {
      const prev = await currentRow(tx, input.id, c.unit.id);
      const prevExpert = prev.round_expert_id === null ? null : (c.experts.find((x) => x.roundExpertId === prev.round_expert_id)?.expert.id ?? null);
      if (input.expertId !== undefined && input.expertId !== prevExpert) invalid('修改意见时不能更换提出人；如需以其他专家或督导室的名义提出，请另行录入一条意见');
      roundExpertId = checkAuthor(c, prev.round_expert_id === null ? null : { roundExpertId: prev.round_expert_id }, true);
      checkNode(c, input.nodeId);
      if (prev.node_id === input.nodeId && prev.kind === input.kind && prev.text === input.text) return opinionById(tx, c, prev.id);
      replaces = prev.id;
    } else {
      if (input.expertId === undefined) invalid('请选择提出意见的专家或督导室');
      roundExpertId = checkAuthor(c, input.expertId === null ? null : { expertId: input.expertId }, false);
      checkNode(c, input.nodeId);
    }
    const id = await opinions.insertOpinion(tx, {
      unit_id: c.unit.id,
      node_id: input.nodeId,
      round_expert_id: roundExpertId,
      kind: input.kind,
      text: input.text,
      replaces,
      withdrawn: 0,
      created_at: unit.at,
      created_by: unit.operator.name,
    });
    return opinionById(tx, c, id);
  });
}

/**
 * Withdraws an opinion (see contract scoring.withdrawOpinion): a row marked withdrawn that repeats
 * the opinion's last words, so the withdrawn list shows what was withdrawn without reading back.
 * @returns the opinion, now withdrawn.
 */
export async function withdrawOpinion(ctx: ServiceContext, id: number): Promise<Opinion> {
  return unitOfWork(ctx, async (tx, unit) => {
    const prev = await currentRow(tx, id);
    const c = await sheetContext(tx, prev.unit_id);
    checkAuthor(c, prev.round_expert_id === null ? null : { roundExpertId: prev.round_expert_id }, true);
    const row = await opinions.insertOpinion(tx, {
      unit_id: prev.unit_id,
      node_id: prev.node_id,
      round_expert_id: prev.round_expert_id,
      kind: prev.kind,
      text: prev.text,
      replaces: prev.id,
      withdrawn: 1,
      created_at: unit.at,
      created_by: unit.operator.name,
    });
    return opinionById(tx, c, row);
  });
}

/** Every version of the opinion row `id` belongs to, newest first (see contract scoring.opinionHistory). */
export async function opinionHistory(ctx: ServiceContext, id: number): Promise<OpinionVersion[]> {
  const db = reader(ctx);
  const row = await opinions.getOpinionRow(db, id);
  if (!row) throw new AppError('not_found', '找不到这条意见');
  const c = await sheetContext(db, row.unit_id);
  const chain = chainsOf(await opinions.opinionRowsOfUnit(db, row.unit_id)).find((ch) => ch.some((r) => r.id === id))!;
  const nodes = nodeIndex(c.system);
  const authors = authorsOf(c.experts);
  return chain
    .map((r, i): OpinionVersion => {
      const t = targetOf(r.node_id, nodes);
      return { action: i === 0 ? 'create' : r.withdrawn === 1 ? 'withdraw' : 'edit', code: t.code, title: t.title, kind: r.kind, author: authors(r.round_expert_id).author, text: r.text, at: r.created_at, by: r.created_by };
    })
    .reverse();
}

/**
 * Every current opinion of a round, for what is built on them (per-school conclusions, the
 * rectification ledger): each with its unit (报送编码 and name), indicator code and title (null for
 * the unit as a whole), kind, author (expert's name or 督导室) and text. Ordered by 报送编码, then the
 * unit as a whole before its indicators in the system's order, then kind (做法成效, 存在问题,
 * 整改建议), then as first recorded. Reads the round's frozen system for the indicators' words.
 * @throws AppError('not_found') for an unknown round; AppError('conflict') when its system was altered (frozenSystem).
 */
export async function opinionsOfRound(db: Db, roundId: number): Promise<RoundOpinion[]> {
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const [system, units, experts, rows] = await Promise.all([frozenSystem(db, round), repo.unitsOf(db, roundId), scores.roundExperts(db, roundId), opinions.opinionRowsOfRound(db, roundId)]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const nodes = nodeIndex(system);
  const authors = authorsOf(experts);
  const order = (nodeId: string | null) => (nodeId === null ? -1 : (nodes.get(nodeId)?.order ?? Number.MAX_SAFE_INTEGER));
  const current = chainsOf(rows)
    .map((chain) => ({ root: chain[0]!.id, head: latest(chain) }))
    .filter((x) => x.head.withdrawn === 0);
  current.sort((a, b) => {
    const ua = unitById.get(a.head.unit_id)!;
    const ub = unitById.get(b.head.unit_id)!;
    return (ua.code < ub.code ? -1 : ua.code > ub.code ? 1 : 0) || order(a.head.node_id) - order(b.head.node_id) || kindOrder(a.head.kind) - kindOrder(b.head.kind) || a.root - b.root;
  });
  return current.map(({ head }) => {
    const u = unitById.get(head.unit_id)!;
    return { id: head.id, unitId: u.id, unitCode: u.code, unitName: u.name, ...targetOf(head.node_id, nodes), kind: head.kind, ...authors(head.round_expert_id), text: head.text, at: head.created_at, by: head.created_by };
  });
}

/** A round's current opinions (see contract scoring.roundOpinions and opinionsOfRound). */
export async function roundOpinions(ctx: ServiceContext, roundId: number): Promise<RoundOpinion[]> {
  return opinionsOfRound(reader(ctx), roundId);
}
