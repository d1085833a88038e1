/**
 * 评分总表's model (pure, tested on its own; ScoringGridTab draws it): the round's grid as the
 * contract gives it (scoring.grid), the score kind being shown and typed, what a typed text means
 * on a leaf, which cells can be edited, the filters, and each unit's total and grade recomputed
 * with the shared engine (evaluateSystem on the round's frozen system, with the unit's values, as
 * results-service computes the stored result) the moment a score is typed — before the service has
 * answered; the service's answer (the leaf's ScoreRow) then replaces the cell.
 *
 * Recomputing is incremental: an edit re-evaluates only the edited unit, for only the kind edited
 * (a final score changes the final total, not the office's), and every other unit keeps its object
 * so the grid redraws one row. Totals of a kind are computed for all units only when that kind is
 * first shown (ensureTotals). bench/scoring-grid.ts times applyMark at 300 units × 100 leaves.
 */
import type { GridCell, GridLeaf, GridUnit, LockState, RoundGrid, ScoreKind, ScoreRow } from '../../../../shared/api/contracts/scoring';
import { evaluateSystem, type IndicatorSystem, type LeafInput, type SchoolType } from '../../../../shared/domain/indicators';
import { answerOfMark, markOf, markText, type GridMark } from '../../../../shared/domain/scoring/grid';
import { round2 } from '../../../../shared/domain/scoring/reconcile';
import { finalScoringSystem, unitContext } from '../../../../shared/domain/scoring/result';

// ---------------------------------------------------------------- kinds

/** The score kind a grid shows and edits: 最终得分, 初评, or one expert's (`expert:<experts.id>`). */
export type KindKey = 'final' | 'office' | `expert:${number}`;

export const kindKeyOf = (kind: ScoreKind, expertId?: number): KindKey => (kind === 'expert' ? `expert:${expertId!}` : kind);

export function parseKindKey(key: KindKey): { kind: ScoreKind; expertId?: number } {
  if (key === 'final' || key === 'office') return { kind: key };
  return { kind: 'expert', expertId: Number(key.slice('expert:'.length)) };
}

/** The kind in words: 最终得分, 初评, 专家“李明”. */
export function kindLabel(key: KindKey, experts: readonly { expertId: number; name: string }[]): string {
  if (key === 'final') return '最终得分';
  if (key === 'office') return '初评';
  const id = parseKindKey(key).expertId;
  return `专家“${experts.find((x) => x.expertId === id)?.name ?? ''}”`;
}

/** A cell's mark of a kind (undefined: none). */
export function markOfKind(cell: GridCell | undefined, key: KindKey): GridMark | undefined {
  if (!cell) return undefined;
  if (key === 'final' || key === 'office') return cell[key];
  return cell.experts?.[String(parseKindKey(key).expertId)];
}

// ---------------------------------------------------------------- the model

/** A unit's total of one kind, as the engine gives it. */
export interface UnitTotal {
  /** Points (分, 2 decimals). */
  total: number;
  maxTotal: number;
  /** The grade, only when the result is complete (an incomplete total graded would mislead). */
  grade: string | null;
  passed: boolean | null;
  /**
   * Hand-scored leaves without a score of this kind — counted as locking counts them (a 否决 or
   * 加分 item left blank counts here too, though the engine reads it as 不存在 / 0).
   */
  unscored: number;
  /** Other reasons the result is incomplete (a missing or refused value), in Chinese. */
  problems: string[];
  complete: boolean;
  /** Points the engine gives each computed leaf (formula, count), by leaf id. */
  computed: Record<string, number>;
}

/** A cell typed but not (yet) stored: being saved, or refused with the message (kept as typed). */
export interface PendingCell {
  text: string;
  status: 'saving' | 'refused';
  message?: string;
  /** Refused for want of a reason (备注): the grid offers to write one. */
  needsReason?: boolean;
  /** Which save this is (a later save of the same cell wins). */
  seq: number;
}

export interface GridUnitModel {
  unitId: number;
  code: string;
  name: string;
  schoolType: string;
  state: GridUnit['state'];
  lock: LockState | null;
  /** The stored result of a locked unit: its final total is this, never a recomputation. */
  stored: GridUnit['stored'];
  expertIds: readonly number[];
  /** Leaves applicable to the unit's type, in order. */
  leafIds: readonly string[];
  applicable: ReadonlySet<string>;
  cells: Readonly<Record<string, GridCell>>;
  /** By cellKey(nodeId, kind). */
  pending: Readonly<Record<string, PendingCell>>;
  /** The engine's inputs that do not change as scores are typed. */
  context: ReturnType<typeof unitContext>;
  values: Readonly<Record<string, number | string>>;
  valueProblems: readonly string[];
  /** Totals by kind, computed when first needed and after each edit of that kind. */
  totals: Readonly<Partial<Record<KindKey, UnitTotal>>>;
}

export interface GridModel {
  roundId: number;
  system: IndicatorSystem;
  threshold: number | null;
  leaves: readonly GridLeaf[];
  leafById: ReadonlyMap<string, GridLeaf>;
  experts: RoundGrid['experts'];
  blocks: RoundGrid['blocks'];
  /** By 报送编码, as the service gives them. */
  units: readonly GridUnitModel[];
  unitIndex: ReadonlyMap<number, number>;
}

/** What a cell needs of the model besides its unit: fixed for one answer of scoring.grid (edits do not change it). */
export type GridStatics = Pick<GridModel, 'leafById' | 'experts' | 'blocks' | 'threshold'>;

export const cellKey = (nodeId: string, key: KindKey) => `${nodeId}|${key}`;

/** The model of a round's grid (no totals yet: see ensureTotals). */
export function buildGridModel(grid: RoundGrid): GridModel {
  const typeLeaves = new Map(grid.types.map((t) => [t.schoolType, t.nodeIds]));
  const units = grid.units.map((u): GridUnitModel => {
    const leafIds = typeLeaves.get(u.schoolType) ?? [];
    return {
      unitId: u.unitId,
      code: u.code,
      name: u.name,
      schoolType: u.schoolType,
      state: u.state,
      lock: u.lock,
      stored: u.stored,
      expertIds: u.expertIds,
      leafIds,
      applicable: new Set(leafIds),
      cells: u.cells,
      pending: {},
      context: unitContext(u.schoolType as SchoolType),
      values: u.values,
      valueProblems: u.valueProblems,
      totals: {},
    };
  });
  return {
    roundId: grid.roundId,
    system: grid.system,
    threshold: grid.departureThreshold,
    leaves: grid.leaves,
    leafById: new Map(grid.leaves.map((l) => [l.nodeId, l])),
    experts: grid.experts,
    blocks: grid.blocks,
    units,
    unitIndex: new Map(units.map((u, i) => [u.unitId, i])),
  };
}

/** The engine's items of a unit for one kind: every applicable leaf with a mark of that kind. */
export function itemsOf(model: GridModel, unit: GridUnitModel, key: KindKey): Record<string, LeafInput> {
  const items: Record<string, LeafInput> = {};
  for (const id of unit.leafIds) {
    const mark = markOfKind(unit.cells[id], key);
    if (mark === undefined) continue;
    const answer = answerOfMark(model.leafById.get(id)!.method, mark);
    if (answer) items[id] = answer;
  }
  return items;
}

/** A unit's total of one kind, by the shared engine on the round's frozen system. */
export function computeTotal(model: GridModel, unit: GridUnitModel, key: KindKey): UnitTotal {
  const items = itemsOf(model, unit, key);
  // A final score may be an agreed mean off the item's step, as locking reads it (result.ts finalScoringSystem).
  const r = evaluateSystem(key === 'final' ? finalScoringSystem(model.system) : model.system, { context: unit.context, values: unit.values as Record<string, number | string>, items });
  // An expert working in some 评估组 scores only their items: the others are not counted as missing,
  // and their total is a partial one (no grade).
  const scope = key === 'final' || key === 'office' ? null : expertScope(model, parseKindKey(key).expertId!);
  let unscored = 0;
  const computed: Record<string, number> = {};
  for (const id of unit.leafIds) {
    if (model.leafById.get(id)!.method === 'computed') computed[id] = round2(r.byId[id]?.earned ?? 0);
    else if (!items[id] && (!scope || scope.has(id))) unscored++;
  }
  // The engine's other reasons (a value missing or refused, an input it refused); an unscored leaf is counted above.
  const problems = r.issues
    .filter((i) => {
      const leaf = model.leafById.get(i.nodeId);
      return !(leaf && leaf.method !== 'computed' && !items[i.nodeId]);
    })
    .map((i) => i.message);
  const complete = unscored === 0 && r.complete && scope === null;
  return {
    total: round2(r.total),
    maxTotal: round2(r.maxTotal),
    grade: complete && r.grade?.label ? r.grade.label : null,
    passed: complete ? r.passed : null,
    unscored,
    problems,
    complete,
    computed,
  };
}

function replaceUnit(model: GridModel, unit: GridUnitModel): GridModel {
  const i = model.unitIndex.get(unit.unitId)!;
  const units = model.units.slice();
  units[i] = unit;
  return { ...model, units };
}

/**
 * The model with the units' totals of `key` computed (the kind just chosen) — at most `limit` of
 * those still without one, so the screen can spread a large round over a few frames; units that
 * have it keep their object. Returns the same model when nothing was missing.
 */
export function ensureTotals(model: GridModel, key: KindKey, limit = Infinity): GridModel {
  let left = limit;
  let changed = false;
  const units = model.units.map((u) => {
    if (u.totals[key] || left <= 0) return u;
    left--;
    changed = true;
    return { ...u, totals: { ...u.totals, [key]: computeTotal(model, u, key) } };
  });
  return changed ? { ...model, units } : model;
}

/** Whether every unit has its total of `key`. */
export const hasAllTotals = (model: GridModel, key: KindKey) => model.units.every((u) => u.totals[key]);

const unitOf = (model: GridModel, unitId: number) => model.units[model.unitIndex.get(unitId)!]!;

function withMark(cell: GridCell | undefined, key: KindKey, mark: GridMark | null): GridCell {
  const next: GridCell = { ...cell };
  if (key === 'final' || key === 'office') {
    if (mark === null) delete next[key];
    else next[key] = mark;
    return next;
  }
  const id = String(parseKindKey(key).expertId);
  const experts = { ...next.experts };
  if (mark === null) delete experts[id];
  else experts[id] = mark;
  if (Object.keys(experts).length) next.experts = experts;
  else delete next.experts;
  return next;
}

/**
 * One score typed (or withdrawn: null): the cell changes and the unit's total of that kind is
 * recomputed at once, for that unit only (totals of other kinds are kept, a cached kind not shown
 * is dropped to be recomputed when shown). This is what the screen does between a key press and
 * the new total.
 */
export function applyMark(model: GridModel, unitId: number, nodeId: string, key: KindKey, mark: GridMark | null): GridModel {
  const unit = unitOf(model, unitId);
  const cells = { ...unit.cells, [nodeId]: withMark(unit.cells[nodeId], key, mark) };
  const next: GridUnitModel = { ...unit, cells };
  next.totals = { ...unit.totals, [key]: computeTotal(model, next, key) };
  return replaceUnit(model, next);
}

/** A cell as the service now has it (scoring.setScore's answer): every kind of the leaf, its suggestion and departure. */
export function cellOfRow(row: ScoreRow, previous: GridCell | undefined): GridCell {
  const cell: GridCell = {};
  const put = (k: 'self' | 'office' | 'final' | 'suggested', m: GridMark | undefined) => {
    if (m !== undefined) cell[k] = m;
  };
  put('self', previous?.self);
  put('office', markOf(row.office?.answer));
  const experts: Record<string, GridMark> = {};
  for (const e of row.experts) {
    const m = markOf(e.score?.answer);
    if (m !== undefined) experts[String(e.expertId)] = m;
  }
  if (Object.keys(experts).length) cell.experts = experts;
  put('final', markOf(row.final?.answer));
  if (row.reconciled.state === 'agreed') {
    cell.reconciled = 'agreed';
    put('suggested', markOf(row.reconciled.answer));
  } else if (row.reconciled.state === 'needs_decision') {
    cell.reconciled = 'needs_decision';
    cell.reconcileText = row.reconciled.message;
  }
  if (row.departure) cell.departure = row.departure.points;
  return cell;
}

const KIND_KEYS_OF = (cell: GridCell | undefined): KindKey[] => ['final', 'office', ...Object.keys(cell?.experts ?? {}).map((id) => `expert:${id}` as KindKey)];

/**
 * The service's answer for one leaf of a unit: the cell replaced by what is stored, and every
 * cached total whose kind's mark changed recomputed (it confirms the total shown since the key press).
 */
export function applyServerRow(model: GridModel, unitId: number, row: ScoreRow): GridModel {
  const unit = unitOf(model, unitId);
  const before = unit.cells[row.nodeId];
  const after = cellOfRow(row, before);
  const next: GridUnitModel = { ...unit, cells: { ...unit.cells, [row.nodeId]: after } };
  const totals = { ...unit.totals };
  const kinds = new Set([...KIND_KEYS_OF(before), ...KIND_KEYS_OF(after)]);
  for (const k of Object.keys(totals) as KindKey[]) {
    if (kinds.has(k) && markOfKind(before, k) !== markOfKind(after, k)) totals[k] = computeTotal(model, next, k);
  }
  next.totals = totals;
  return replaceUnit(model, next);
}

/** Sets (or with null clears) a cell's pending state. */
export function setPending(model: GridModel, unitId: number, nodeId: string, key: KindKey, pending: PendingCell | null): GridModel {
  const unit = unitOf(model, unitId);
  const k = cellKey(nodeId, key);
  if (pending === null && !(k in unit.pending)) return model;
  const next = { ...unit.pending };
  if (pending === null) delete next[k];
  else next[k] = pending;
  return replaceUnit(model, { ...unit, pending: next });
}

/** Carries refused cells over to a model rebuilt from fresh data (a value typed and refused stays in its cell). */
export function carryRefused(from: GridModel, to: GridModel): GridModel {
  let out = to;
  for (const u of from.units) {
    if (!to.unitIndex.has(u.unitId)) continue;
    for (const [k, p] of Object.entries(u.pending)) {
      if (p.status !== 'refused') continue;
      const [nodeId, key] = k.split('|') as [string, KindKey];
      out = setPending(out, u.unitId, nodeId, key, p);
    }
  }
  return out;
}

// ---------------------------------------------------------------- editing

/**
 * The leaves an expert scores: those of the 评估组 they work in, or null (every leaf) for an expert
 * with none — the service's rule (blocks-service.ts expertLeafScopes), which refuses the others.
 */
export function expertScope(model: Pick<GridModel, 'experts' | 'blocks'>, expertId: number): ReadonlySet<string> | null {
  const ids = model.experts.find((x) => x.expertId === expertId)?.blockIds ?? [];
  if (ids.length === 0) return null;
  return new Set(model.blocks.filter((b) => ids.includes(b.id)).flatMap((b) => b.nodeIds));
}

/**
 * Why a cell cannot be edited in the kind shown, in Chinese; null when it can. Only open units are
 * scored, only hand-scored leaves applicable to the unit's type, and an expert only on their units
 * and the items of their 评估组.
 */
export function readOnlyReason(model: GridStatics, unit: GridUnitModel, nodeId: string, key: KindKey): string | null {
  if (!unit.applicable.has(nodeId)) return `该项不适用于${unit.schoolType}`;
  if (model.leafById.get(nodeId)!.method === 'computed') return '由统计数据计算得出，不需要评分';
  if (unit.state === 'forfeited') return '本单位已弃权，不评分';
  if (unit.state === 'locked') return '评分已锁定；如需修改，请先在单位评分表中解锁并写明原因';
  if (key !== 'final' && key !== 'office') {
    const id = parseKindKey(key).expertId!;
    if (!unit.expertIds.includes(id)) return `${kindLabel(key, model.experts)}没有被分配评估本单位`;
    const scope = expertScope(model, id);
    if (scope && !scope.has(nodeId)) return `该项不在${kindLabel(key, model.experts)}负责的评估组中`;
  }
  return null;
}

/** What a typed text means: a mark, null (the cell emptied: withdraw), or a refusal in Chinese. */
export type TypedReading = { ok: true; mark: GridMark | null } | { ok: false; message: string };

const YES = new Set(['是', 'y', 'yes', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', '0', '×', 'x']);

/**
 * Reads what was typed into a cell of `leaf` for a score of `kind`, with the service's own checks
 * (scoring-service.ts checkAnswer; it checks again): a grade of the list (A or a — full-width
 * letters and digits are read as half-width); points from 0 to the item's points in its steps
 * (a final score: any value to 2 decimals, as an average may be), “分” allowed after the number;
 * 达标/未达标 or 存在/不存在, also 是/否 and Y/N. An emptied cell withdraws the score.
 */
export function readTyped(leaf: GridLeaf, text: string, kind: ScoreKind): TypedReading {
  const t = text.normalize('NFKC').trim();
  if (t === '') return { ok: true, mark: null };
  const item = `“${leaf.code} ${leaf.title}”`;
  switch (leaf.method) {
    case 'grade': {
      const found = leaf.choices.find((c) => c.normalize('NFKC').toLowerCase() === t.toLowerCase());
      return found !== undefined ? { ok: true, mark: found } : { ok: false, message: `${item}应评为 ${leaf.choices.join('、')} 之一（填写的是“${t}”）` };
    }
    case 'points':
    case 'bonus':
    case 'deduction': {
      const s = t.replace(/\s*分$/, '');
      const p = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
      if (!Number.isFinite(p)) return { ok: false, message: `${item}请填写分数（填写的是“${t}”）` };
      if (p < 0 || p > leaf.points) return { ok: false, message: `${item}的分数应在 0 至 ${leaf.points} 分之间（填写的是 ${p}）` };
      if (kind !== 'final' && leaf.step > 0 && Math.abs(p / leaf.step - Math.round(p / leaf.step)) > 1e-9) return { ok: false, message: `${item}的分数应为 ${leaf.step} 分的整数倍（填写的是 ${p}）` };
      if (kind === 'final' && round2(p) !== p) return { ok: false, message: `${item}的最终得分最多保留两位小数（填写的是 ${p}）` };
      return { ok: true, mark: p };
    }
    case 'boolean':
    case 'veto': {
      const [yes, no] = leaf.choices[0] === '达标' ? ['达标', '未达标'] : ['存在', '不存在'];
      const low = t.toLowerCase();
      if (t === yes || YES.has(low)) return { ok: true, mark: true };
      if (t === no || NO.has(low)) return { ok: true, mark: false };
      return { ok: false, message: `${item}请填写“${yes}”或“${no}”（也可输入“是”或“否”；填写的是“${t}”）` };
    }
    default:
      return { ok: false, message: `${item}由统计数据计算得出，不需要评分` };
  }
}

/** The text a cell shows (and starts editing from): what was typed if pending, else the kind's mark. */
export function cellText(unit: GridUnitModel, leaf: GridLeaf, key: KindKey): string {
  const p = unit.pending[cellKey(leaf.nodeId, key)];
  if (p) return p.text;
  return markText(leaf.method, markOfKind(unit.cells[leaf.nodeId], key));
}

// ---------------------------------------------------------------- filters

/** A cell needing attention: the experts disagree beyond the round's rule, or the final score departs from the self-evaluation beyond the threshold. */
export const isDiscrepancy = (cell: GridCell | undefined) => cell?.reconciled === 'needs_decision' || cell?.departure !== undefined;

export interface GridFilters {
  /** Only units and leaves with a discrepancy (isDiscrepancy). */
  discrepancies: boolean;
  /** Only units whose scores are not locked (forfeited ones are not scored either). */
  unlockedOnly: boolean;
  /** Only the units assigned to this expert and, when they work in 评估组, those groups' leaves. */
  expertId: number | null;
  /** Only the leaves of this 评估组. */
  blockId: number | null;
}

export const NO_FILTERS: GridFilters = { discrepancies: false, unlockedOnly: false, expertId: null, blockId: null };

/** The units and leaves the filters keep (ids, in the model's order). */
export function visible(model: GridModel, f: GridFilters): { unitIds: number[]; nodeIds: string[] } {
  const expert = f.expertId === null ? undefined : model.experts.find((x) => x.expertId === f.expertId);
  let leafIds: Set<string> | null = null;
  const restrict = (ids: readonly string[]) => {
    const s = new Set(ids);
    leafIds = leafIds === null ? s : new Set([...leafIds].filter((id) => s.has(id)));
  };
  const scope = expert ? expertScope(model, expert.expertId) : null;
  if (scope) restrict([...scope]);
  if (f.blockId !== null) restrict(model.blocks.find((b) => b.id === f.blockId)?.nodeIds ?? []);
  const leafOk = (id: string) => leafIds === null || (leafIds as Set<string>).has(id);

  let units = model.units.filter((u) => (!f.unlockedOnly || u.state === 'open') && (!expert || expert.unitIds.includes(u.unitId)));
  let leaves = model.leaves.filter((l) => leafOk(l.nodeId) && units.some((u) => u.applicable.has(l.nodeId)));
  if (f.discrepancies) {
    units = units.filter((u) => leaves.some((l) => isDiscrepancy(u.cells[l.nodeId])));
    leaves = leaves.filter((l) => units.some((u) => isDiscrepancy(u.cells[l.nodeId])));
  }
  return { unitIds: units.map((u) => u.unitId), nodeIds: leaves.map((l) => l.nodeId) };
}

// ---------------------------------------------------------------- words

const fmt = (n: number) => String(round2(n));

/**
 * A unit's final total in words when it is not computed live: a locked unit's stored result (what
 * 结果与排名 shows, whatever the round's settings became since), a forfeited unit's 弃权. Null: live.
 */
export function storedWords(unit: Pick<GridUnitModel, 'state' | 'stored'>): { total: string; note: string; tone: 'ok' | 'warn' | 'muted'; title: string } | null {
  const r = unit.stored;
  if (r) {
    const total = r.total === null ? '—' : `${fmt(r.total)} / ${fmt(r.maxTotal ?? 0)} 分`;
    const note = unit.state === 'forfeited' ? '弃权' : ['已锁定', r.passed === null ? '' : r.passed ? '通过' : '未通过', r.grade ?? ''].filter(Boolean).join(' · ');
    return { total, note, tone: unit.state === 'forfeited' ? 'muted' : 'ok', title: `已锁定的结果：${r.conclusion}` };
  }
  if (unit.state === 'forfeited') return { total: '—', note: '弃权', tone: 'muted', title: '本单位已弃权，不评分；锁定后按本项目对弃权单位的处理得出结果' };
  return null;
}

/** A unit's total in words for its column: “85.5 / 100 分”, with the grade or what is missing. */
export function totalWords(t: UnitTotal | undefined): { total: string; note: string; tone: 'ok' | 'warn' | 'muted' } {
  if (!t) return { total: '—', note: '', tone: 'muted' };
  const total = `${fmt(t.total)} / ${fmt(t.maxTotal)} 分`;
  if (t.unscored > 0) return { total, note: `未评 ${t.unscored} 项`, tone: 'warn' };
  if (t.problems.length) return { total, note: '缺少数据', tone: 'warn' };
  if (!t.complete) return { total, note: '所负责评估组已评完', tone: 'muted' };
  const verdict = t.passed === null ? '' : t.passed ? '通过' : '未通过';
  return { total, note: [verdict, t.grade ?? ''].filter(Boolean).join(' · '), tone: 'ok' };
}

/**
 * Everything known of one cell, line by line (the cell's tooltip and the line above the grid
 * for the cell under the cursor): the leaf, each kind's score, the suggestion, the departure.
 */
export function cellLines(model: GridStatics, unit: GridUnitModel, leaf: GridLeaf, key: KindKey): string[] {
  const cell = unit.cells[leaf.nodeId];
  const m = (mark: GridMark | undefined) => (mark === undefined ? '—' : markText(leaf.method, mark));
  const lines = [`${unit.name} · ${leaf.code} ${leaf.title}（${leaf.methodText}${leaf.points ? `，满分 ${leaf.points} 分` : ''}）`];
  const p = unit.pending[cellKey(leaf.nodeId, key)];
  if (p?.status === 'refused') lines.push(`未保存：${p.message ?? ''}`);
  if (p?.status === 'saving') lines.push(`正在保存：${p.text}`);
  const why = readOnlyReason(model, unit, leaf.nodeId, key);
  if (why && unit.applicable.has(leaf.nodeId)) lines.push(why);
  if (!unit.applicable.has(leaf.nodeId)) return [...lines, why ?? ''];
  if (leaf.method === 'computed') {
    const earned = unit.totals[key]?.computed[leaf.nodeId];
    return earned === undefined ? lines : [...lines, `按统计数据计算：${fmt(earned)} 分`];
  }
  lines.push(`学校自评：${m(cell?.self)}`, `初评：${m(cell?.office)}`);
  for (const x of model.experts) {
    const mark = cell?.experts?.[String(x.expertId)];
    if (mark !== undefined || unit.expertIds.includes(x.expertId)) lines.push(`专家 ${x.name}：${m(mark)}`);
  }
  if (cell?.reconciled === 'agreed') lines.push(`建议得分：${m(cell.suggested)}`);
  if (cell?.reconciled === 'needs_decision') lines.push(`建议得分：需合议（${cell.reconcileText ?? ''}）`);
  lines.push(`最终得分：${m(cell?.final)}${cell?.departure !== undefined ? `（与学校自评相差 ${fmt(cell.departure)} 分，超过 ${model.threshold ?? 0} 分）` : ''}`);
  return lines;
}
