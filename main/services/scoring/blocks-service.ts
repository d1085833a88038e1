/**
 * 评估组 (issue 12 item 2): a round's groups of indicators for the on-site visit — each covering
 * nodes of the round's frozen system (frozenSystem: editing the system later changes nothing here)
 * with its 采集方式 — and the groups each of the round's experts works in (none: all). Stored in
 * round_blocks and round_expert_blocks (migration 0014); every change is audited as 评分设置.
 * Rules shared with the screens are in shared/domain/scoring/blocks.ts.
 */
import { AppError } from '../../../shared/api/envelope';
import { BlockInput as BlockInputSchema, type BlockInput, type BlockTreeNode, type RoundBlocks } from '../../../shared/api/contracts/scoring';
import type { IndicatorNode, IndicatorSystem } from '../../../shared/domain/indicators';
import { allLeafIds, blockLeafIds, cleanMethod, normaliseBlockNodes, PROPOSED_BLOCKS } from '../../../shared/domain/scoring/blocks';
import { nameKey } from '../../../shared/domain/text/normalize';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import * as repo from '../../db/repositories/rounds-repo';
import * as blocks from '../../db/repositories/scoring-blocks-repo';
import * as scores from '../../db/repositories/scoring-repo';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { parseInput } from '../parse-input';
import { frozenSystem } from '../rounds/packages-service';

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

async function roundOrThrow(db: Db, roundId: number): Promise<repo.RoundRow> {
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  return round;
}

/** A stored group with its JSON read (the columns hold arrays the service wrote). */
export interface StoredBlock {
  id: number;
  name: string;
  position: number;
  nodeIds: string[];
  methods: string[];
}

const parseList = (json: string): string[] => {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

const storedOf = (r: blocks.BlockRow): StoredBlock => ({ id: r.id, name: r.name, position: r.position, nodeIds: parseList(r.node_ids), methods: parseList(r.methods) });

/** A round's groups in their order. */
export async function storedBlocks(db: Db, roundId: number): Promise<StoredBlock[]> {
  return (await blocks.blocksOf(db, roundId)).map(storedOf);
}

const treeOf = (nodes: readonly IndicatorNode[]): BlockTreeNode[] => nodes.map((n) => ({ id: n.id, code: n.code, title: n.title, children: treeOf(n.children) }));

function nodeIndex(system: IndicatorSystem): Map<string, IndicatorNode> {
  const m = new Map<string, IndicatorNode>();
  const go = (list: readonly IndicatorNode[]) => {
    for (const n of list) {
      m.set(n.id, n);
      go(n.children);
    }
  };
  go(system.nodes);
  return m;
}

const nodeWords = (n: IndicatorNode) => [n.code.trim(), n.title.trim()].filter(Boolean).join(' ') || '（未命名指标）';

async function view(db: Db, round: repo.RoundRow): Promise<RoundBlocks> {
  const [system, stored, pairs, experts] = await Promise.all([frozenSystem(db, round), storedBlocks(db, round.id), blocks.expertBlocksOf(db, round.id), scores.roundExperts(db, round.id)]);
  const expertOf = new Map(experts.map((x) => [x.roundExpertId, x.expert.id]));
  const covered = new Set<string>();
  const out = stored.map((b) => {
    const leaves = blockLeafIds(system.nodes, b.nodeIds);
    leaves.forEach((id) => covered.add(id));
    const expertIds = pairs.filter((p) => p.block_id === b.id).map((p) => expertOf.get(p.round_expert_id)!);
    return { id: b.id, name: b.name, position: b.position, nodeIds: b.nodeIds, methods: b.methods, leafCount: leaves.length, expertIds };
  });
  const index = nodeIndex(system);
  const leaves = allLeafIds(system.nodes);
  return {
    roundId: round.id,
    blocks: out,
    experts: experts.map((x) => ({ expertId: x.expert.id, blockIds: pairs.filter((p) => p.round_expert_id === x.roundExpertId).map((p) => p.block_id) })),
    tree: treeOf(system.nodes),
    leafCount: leaves.length,
    uncovered: leaves.filter((id) => !covered.has(id)).map((id) => ({ nodeId: id, code: index.get(id)!.code, title: index.get(id)!.title })),
    proposal: PROPOSED_BLOCKS.map((p) => ({ name: p.name, methods: [...p.methods], nodeIds: [] })),
  };
}

/** A round's groups, its system's tree, uncovered leaves, experts' groups and the proposal (see contract scoring.blocks). */
export async function roundBlocks(ctx: ServiceContext, roundId: number): Promise<RoundBlocks> {
  const db = reader(ctx);
  return view(db, await roundOrThrow(db, roundId));
}

/** How the audit log reads a round's groups: one line per group, by name. */
function blocksSnapshot(list: readonly { name: string; nodeIds: readonly string[]; methods: readonly string[] }[], index: Map<string, IndicatorNode>): Record<string, string> {
  return Object.fromEntries(
    list.map((b, i) => [
      `评估组“${b.name}”`,
      `第 ${i + 1} 组；指标：${b.nodeIds.length ? b.nodeIds.map((id) => (index.has(id) ? nodeWords(index.get(id)!) : id)).join('、') : '未选择'}；采集方式：${b.methods.join('、')}`,
    ]),
  );
}

const BlockList = z.array(BlockInputSchema).max(20, '评估组不能超过 20 个');

/**
 * Replaces a round's groups (see contract scoring.saveBlocks).
 *
 * An indicator may sit in more than one group on purpose: the methods complement each other on
 * the same item — 课堂教学 is seen in 随堂听课 and in the lesson plans of 资料查阅, 满意度 in the
 * 问卷 and in the 座谈 — and each group's expert scores it, the round's reconciliation rule then
 * making one suggested score of them as for any two experts. Within one group a node is listed
 * once and never below another listed node (normaliseBlockNodes), so a leaf counts once per group.
 */
export async function saveBlocks(ctx: ServiceContext, roundId: number, raw: readonly BlockInput[]): Promise<RoundBlocks> {
  const input = parseInput(BlockList, raw);
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundOrThrow(tx, roundId);
    const system = await frozenSystem(tx, round);
    const index = nodeIndex(system);
    const existing = await storedBlocks(tx, roundId);
    const byId = new Map(existing.map((b) => [b.id, b]));

    const names = new Map<string, string>();
    const wanted = input.map((b) => {
      if (b.id !== undefined && !byId.has(b.id)) invalid(`评估组“${b.name}”不在本项目中（可能已被删除），请刷新后重试`);
      const key = nameKey(b.name);
      if (names.has(key)) invalid(`评估组名称“${b.name}”重复，每个评估组的名称应不同`);
      names.set(key, b.name);
      const { nodeIds, unknown } = normaliseBlockNodes(system.nodes, b.nodeIds);
      if (unknown.length) invalid(`评估组“${b.name}”中有 ${unknown.length} 项指标不在本项目的指标体系中，请重新选择指标`);
      const methods = [...new Set(b.methods.map(cleanMethod))];
      return { id: b.id, name: b.name, nodeIds, methods };
    });
    if (new Set(wanted.filter((b) => b.id !== undefined).map((b) => b.id)).size !== wanted.filter((b) => b.id !== undefined).length) invalid('同一个评估组出现了两次，请刷新后重试');

    const keptIds = new Set(wanted.map((b) => b.id).filter((id): id is number => id !== undefined));
    const removed = existing.filter((b) => !keptIds.has(b.id));
    if (removed.length) {
      // Removing an expert's group would leave them with fewer groups — or none, which means all:
      // the office decides that in the expert's assignment, not as a side effect here.
      const [pairs, experts] = await Promise.all([blocks.expertBlocksOf(tx, roundId), scores.roundExperts(tx, roundId)]);
      const nameOf = new Map(experts.map((x) => [x.roundExpertId, x.expert.name]));
      for (const b of removed) {
        const who = pairs.filter((p) => p.block_id === b.id).map((p) => nameOf.get(p.round_expert_id) ?? '');
        if (who.length) invalid(`评估组“${b.name}”已分配给专家 ${who.join('、')}，请先在“评估专家”中调整其评估组，再删除该组`);
      }
    }

    const before = blocksSnapshot(existing, index);
    const after = blocksSnapshot(wanted, index);
    if (JSON.stringify(before) === JSON.stringify(after)) return;

    // Two passes: a swap of two names must not meet the (round, name) uniqueness half-way.
    for (const b of existing) if (keptIds.has(b.id)) await blocks.updateBlock(tx, b.id, { name: `\u0001${b.id}` });
    await blocks.deleteBlocks(
      tx,
      removed.map((b) => b.id),
    );
    for (const [i, b] of wanted.entries()) {
      const row = { position: i + 1, name: b.name, node_ids: JSON.stringify(b.nodeIds), methods: JSON.stringify(b.methods) };
      if (b.id !== undefined) await blocks.updateBlock(tx, b.id, row);
      else await blocks.insertBlock(tx, { round_id: roundId, ...row });
    }
    unit.audit({
      entityType: 'round-scoring',
      entityId: roundId,
      entityName: round.name,
      action: 'update',
      summary: `修改评估项目“${round.name}”的评估组（${wanted.length ? wanted.map((b) => b.name).join('、') : '全部删除'}）`,
      before,
      after,
    });
  });
  return roundBlocks(ctx, roundId);
}

/** The groups an expert of the round works in; none: all (see contract scoring.assignBlocks). */
export async function assignBlocks(ctx: ServiceContext, roundId: number, expertId: number, blockIds: readonly number[]): Promise<RoundBlocks> {
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundOrThrow(tx, roundId);
    const expert = await scores.getExpert(tx, expertId);
    if (!expert) throw new AppError('not_found', `找不到编号为 ${expertId} 的专家`);
    const onRound = (await scores.roundExperts(tx, roundId)).find((x) => x.expert.id === expertId);
    if (!onRound) invalid(`专家“${expert.name}”不在评估项目“${round.name}”中，请先添加专家并分配单位`);
    const groups = await storedBlocks(tx, roundId);
    const byId = new Map(groups.map((b) => [b.id, b]));
    const wanted = [...new Set(blockIds)];
    const stranger = wanted.find((id) => !byId.has(id));
    if (stranger !== undefined) invalid(`编号为 ${stranger} 的评估组不在评估项目“${round.name}”中，请刷新后重试`);
    // Stored in the groups' order, so the log and the screens read them the same way.
    const ordered = groups.filter((b) => wanted.includes(b.id));
    const current = (await blocks.expertBlocksOf(tx, roundId)).filter((p) => p.round_expert_id === onRound.roundExpertId).map((p) => p.block_id);
    const words = (ids: readonly number[]) => (ids.length ? groups.filter((b) => ids.includes(b.id)).map((b) => b.name).join('、') : '全部评估组');
    if (words(current) === words(ordered.map((b) => b.id))) return;
    await blocks.setExpertBlocks(
      tx,
      onRound.roundExpertId,
      ordered.map((b) => b.id),
    );
    unit.audit({
      entityType: 'round-scoring',
      entityId: roundId,
      entityName: round.name,
      action: 'update',
      summary: ordered.length ? `分配专家“${expert.name}”负责评估组：${words(ordered.map((b) => b.id))}` : `专家“${expert.name}”负责全部评估组`,
      before: { 评估组: words(current) },
      after: { 评估组: words(ordered.map((b) => b.id)) },
    });
  });
  return roundBlocks(ctx, roundId);
}

/**
 * The leaves each expert of a round scores, by round_experts.id: the leaves of the 评估组 they are
 * assigned to, or null (every leaf) for an expert with no group. Used where an expert's work is
 * bounded — their score on another item is refused, their 专家评分包 lists only these items.
 */
export async function expertLeafScopes(db: Db, roundId: number, system: IndicatorSystem): Promise<Map<number, Set<string> | null>> {
  const [stored, pairs] = await Promise.all([storedBlocks(db, roundId), blocks.expertBlocksOf(db, roundId)]);
  const leavesOf = new Map(stored.map((b) => [b.id, blockLeafIds(system.nodes, b.nodeIds)]));
  const out = new Map<number, Set<string> | null>();
  for (const p of pairs) {
    const set = out.get(p.round_expert_id) ?? new Set<string>();
    for (const id of leavesOf.get(p.block_id) ?? []) set.add(id);
    out.set(p.round_expert_id, set);
  }
  return out;
}
