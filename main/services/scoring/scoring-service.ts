/**
 * 评分 (issue 12): experts, a round's scoring settings and assignments, and the scores of a unit's
 * leaves side by side — the school's self-evaluation (its latest revision), the office's initial
 * score, each expert's, the score the round's rule suggests (shared/domain/scoring/reconcile.ts) and
 * the agreed final score. Scores are append-only rows (main/db/migrations/0013_scoring.ts): a change
 * is a new row with its scorer and time, so every change keeps its history. Scoring reads the
 * round's frozen system version (frozenSystem), so editing the system later changes nothing here.
 */
import { AppError } from '../../../shared/api/envelope';
import type { ExpertInput, LockState, ReconciledView, RoundScoringSetup, ScoreAnswer, ScoreEntry, ScoreHistoryEntry, ScoreKind, ScoreRow, ScoringSettings, SetScoreInput, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import { FORFEIT_OUTCOME_LABELS, ScoringSettings as ScoringSettingsSchema, SetScoreInput as SetScoreInputSchema, ExpertInput as ExpertInputSchema } from '../../../shared/api/contracts/scoring';
import type { IndicatorNode, IndicatorSystem, SchoolType } from '../../../shared/domain/indicators';
import { readScaledValue } from '../../../shared/domain/indicators/scale';
import { resolveValues, valueCaption, type ResolvedValue } from '../../../shared/domain/indicators/values';
import { statisticsFieldsFor } from '../../../shared/domain/scoring/result';
import { TIE_RULE_LABELS } from '../../../shared/domain/scoring/rank';
import { departureNeedsReason, RECONCILE_RULE_LABELS, reconcile, round2, type ChoiceItem, type NumericItem, type ReconcileRule } from '../../../shared/domain/scoring/reconcile';
import type { z } from 'zod';
import type { Db } from '../../db/connection';
import type { Tx } from '../../db/unit-of-work';
import * as repo from '../../db/repositories/rounds-repo';
import * as scores from '../../db/repositories/scoring-repo';
import * as results from '../../db/repositories/scoring-results-repo';
import * as subs from '../../db/repositories/submissions-repo';
import { answerKindLabel, evaluationRows, MET_WORDS, VETO_WORDS, type SelfAnswer } from '../../exchange/packages/format';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { parseInput } from '../parse-input';
import { frozenSystem } from '../rounds/packages-service';
import { expertLeafScopes } from './blocks-service';
import { computedSourceOf } from './year-values';
import { answerText } from '../rounds/submissions-service';

const DEFAULT_SETTINGS: ScoringSettings = { rule: 'mean', trim: 1, tolerance: 0, departureThreshold: null, tieRule: 'competition', forfeitOutcome: 'fail', roundValues: {} };

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

// ---------------------------------------------------------------- experts

const expertDto = (e: scores.ExpertRow & { rounds?: number }) => ({ id: e.id, name: e.name, organisation: e.organisation, speciality: e.speciality, rounds: Number(e.rounds ?? 0) });

/** The office's experts, by name (see contract experts.list). */
export async function listExperts(ctx: ServiceContext) {
  return (await scores.listExperts(reader(ctx))).map(expertDto);
}

/** Adds or changes an expert (see contract experts.save). */
export async function saveExpert(ctx: ServiceContext, raw: ExpertInput) {
  const input = parseInput(ExpertInputSchema, raw);
  const id = await unitOfWork(ctx, async (tx, unit) => {
    const same = await scores.findExpert(tx, input.name, input.organisation);
    if (same && same.id !== input.id) throw new AppError('conflict', `专家名单中已有“${input.name}”${input.organisation ? `（${input.organisation}）` : ''}`);
    if (input.id === undefined) {
      const created = await scores.insertExpert(tx, { name: input.name, organisation: input.organisation, speciality: input.speciality, created_at: unit.at, created_by: unit.operator.name, updated_at: unit.at });
      unit.audit({ entityType: 'expert', entityId: created, entityName: input.name, action: 'create', summary: `添加评估专家“${input.name}”`, before: null, after: { name: input.name, organisation: input.organisation, speciality: input.speciality } });
      return created;
    }
    const before = await scores.getExpert(tx, input.id);
    if (!before) throw new AppError('not_found', `找不到编号为 ${input.id} 的专家`);
    await scores.updateExpert(tx, input.id, { name: input.name, organisation: input.organisation, speciality: input.speciality, updated_at: unit.at });
    unit.audit({
      entityType: 'expert',
      entityId: input.id,
      entityName: input.name,
      action: 'update',
      summary: `修改评估专家“${input.name}”的信息`,
      before: { name: before.name, organisation: before.organisation, speciality: before.speciality },
      after: { name: input.name, organisation: input.organisation, speciality: input.speciality },
    });
    return input.id;
  });
  return (await listExperts(ctx)).find((e) => e.id === id)!;
}

// ---------------------------------------------------------------- settings and assignments

async function roundOrThrow(db: Db, roundId: number): Promise<repo.RoundRow> {
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  return round;
}

/** A round's settings as stored, or the defaults (平均分, ties 1, 2, 2, 4, forfeit 按未通过处理). */
export function settingsOf(row: scores.ScoringSettingsRow | undefined): ScoringSettings {
  if (!row) return { ...DEFAULT_SETTINGS, roundValues: {} };
  return {
    rule: row.rule,
    trim: row.trim,
    tolerance: row.tolerance,
    departureThreshold: row.departure_threshold,
    tieRule: row.tie_rule,
    forfeitOutcome: row.forfeit_outcome,
    roundValues: JSON.parse(row.round_values) as ScoringSettings['roundValues'],
  };
}

/** A round's scoring settings and experts (see contract scoring.setup). */
export async function scoringSetup(ctx: ServiceContext, roundId: number): Promise<RoundScoringSetup> {
  const db = reader(ctx);
  const round = await roundOrThrow(db, roundId);
  const [settings, experts, all, system] = await Promise.all([scores.getSettings(db, roundId), scores.roundExperts(db, roundId), scores.listExperts(db), frozenSystem(db, round)]);
  const rounds = new Map(all.map((e) => [e.id, Number(e.rounds)]));
  const values = resolveValues(system).map((v) => ({ name: v.name, caption: valueCaption(v), scale: v.scale, statistics: statisticsFieldsFor(v.name), computed: computedSourceOf(v.name) }));
  return { roundId, settings: settingsOf(settings), values, experts: experts.map((x) => ({ expert: expertDto({ ...x.expert, rounds: rounds.get(x.expert.id) ?? 0 }), unitIds: x.unitIds })) };
}

/** The round's typed values in words: “问卷满意度（比例） 92%；小学综合差异系数 0.45” (captions, never keys). */
function roundValuesWords(values: ScoringSettings['roundValues'], captions: ReadonlyMap<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${captions.get(k) ?? k} ${v}`)
    .join('；');
}

function settingsSnapshot(s: ScoringSettings, captions: ReadonlyMap<string, string>) {
  return {
    rule: RECONCILE_RULE_LABELS[s.rule],
    ...(s.rule === 'trimmed_mean' ? { trim: s.trim } : {}),
    ...(s.rule === 'consensus' ? { tolerance: s.tolerance } : {}),
    departureThreshold: s.departureThreshold,
    tieRule: TIE_RULE_LABELS[s.tieRule],
    forfeitOutcome: FORFEIT_OUTCOME_LABELS[s.forfeitOutcome],
    ...(Object.keys(s.roundValues).length ? { roundValues: roundValuesWords(s.roundValues, captions) } : {}),
  };
}

/** Saves a round's scoring settings (see contract scoring.saveSettings). */
export async function saveScoringSettings(ctx: ServiceContext, roundId: number, raw: ScoringSettings): Promise<RoundScoringSetup> {
  const s = parseInput(ScoringSettingsSchema, raw);
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundOrThrow(tx, roundId);
    const before = settingsOf(await scores.getSettings(tx, roundId));
    // The frozen system's values, read once: for checking the typed ones and for naming them in the log.
    const declared = new Map(resolveValues(await frozenSystem(tx, round)).map((v) => [v.name, v]));
    const captions = new Map([...declared.values()].map((v) => [v.name, valueCaption(v)]));
    // Stored results were computed with the values and the forfeit outcome in force when locked: a
    // change now would leave one ranking mixing results of two settings, unmarked. Unlock first.
    const valuesChanged = JSON.stringify(sortedEntries(before.roundValues)) !== JSON.stringify(sortedEntries(s.roundValues));
    const outcomeChanged = before.forfeitOutcome !== s.forfeitOutcome;
    if (valuesChanged || outcomeChanged) {
      const latest = await results.latestLocksOfRound(tx, roundId);
      const units = (await repo.unitsOf(tx, roundId)).filter((u) => latest.get(u.id)?.locked === 1);
      const hit = units.filter((u) => (valuesChanged && u.state !== 'forfeited') || (outcomeChanged && u.state === 'forfeited'));
      if (hit.length) {
        const what = valuesChanged && hit.some((u) => u.state !== 'forfeited') ? '项目数据' : '弃权单位的结果';
        invalid(`已有 ${hit.length} 个单位的评分已锁定（${hit.slice(0, 3).map((u) => u.name).join('、')}${hit.length > 3 ? ' 等' : ''}），其结果按原来的${what}计算；如需修改${what}，请先解锁这些单位，改后重新锁定`);
      }
    }
    await scores.putSettings(tx, {
      round_id: roundId,
      rule: s.rule,
      trim: s.trim,
      tolerance: s.tolerance,
      departure_threshold: s.departureThreshold,
      tie_rule: s.tieRule,
      forfeit_outcome: s.forfeitOutcome,
      round_values: JSON.stringify(checkedRoundValues(declared, s.roundValues)),
    });
    unit.audit({ entityType: 'round-scoring', entityId: roundId, entityName: round.name, action: 'update', summary: `修改评估项目“${round.name}”的评分设置`, before: settingsSnapshot(before, captions), after: settingsSnapshot(s, captions) });
  });
  return scoringSetup(ctx, roundId);
}

/** Puts an expert on a round with their units, or takes them off (see contract scoring.assign). */
export async function assignExpert(ctx: ServiceContext, roundId: number, expertId: number, unitIds: readonly number[]): Promise<RoundScoringSetup> {
  await unitOfWork(ctx, async (tx, unit) => {
    const round = await roundOrThrow(tx, roundId);
    const expert = await scores.getExpert(tx, expertId);
    if (!expert) throw new AppError('not_found', `找不到编号为 ${expertId} 的专家`);
    const units = await repo.unitsOf(tx, roundId);
    const byId = new Map(units.map((u) => [u.id, u]));
    const wanted = [...new Set(unitIds)];
    const stranger = wanted.find((id) => !byId.has(id));
    if (stranger !== undefined) invalid(`编号为 ${stranger} 的单位不在评估项目“${round.name}”中`);
    const current = (await scores.roundExperts(tx, roundId)).find((x) => x.expert.id === expertId);
    if (wanted.length === 0) {
      if (!current) return;
      if ((await scores.scoreCountOf(tx, current.roundExpertId)) > 0) invalid(`专家“${expert.name}”已在本项目中评分，不能移出；如不再参与，可不再分配单位以外的工作`);
      await scores.deleteRoundExpert(tx, current.roundExpertId);
      unit.audit({ entityType: 'round-scoring', entityId: roundId, entityName: round.name, action: 'update', summary: `将专家“${expert.name}”移出评估项目“${round.name}”`, before: { units: current.unitIds.length }, after: null });
      return;
    }
    const roundExpertId = current?.roundExpertId ?? (await scores.ensureRoundExpert(tx, roundId, expertId));
    await scores.setExpertUnits(tx, roundExpertId, wanted);
    const names = wanted.map((id) => byId.get(id)!.name);
    unit.audit({
      entityType: 'round-scoring',
      entityId: roundId,
      entityName: round.name,
      action: 'update',
      summary: `分配专家“${expert.name}”评估 ${wanted.length} 个单位：${names.slice(0, 5).join('、')}${names.length > 5 ? ' 等' : ''}`,
      before: current ? { units: current.unitIds.map((id) => byId.get(id)?.name ?? String(id)) } : null,
      after: { units: names },
    });
  });
  return scoringSetup(ctx, roundId);
}

// ---------------------------------------------------------------- answers

/** A leaf's choices, most favourable first, for choice methods (grade, 达标, 否决); [] for numbers. */
export function choicesOf(node: IndicatorNode): string[] {
  switch (node.scoring?.method) {
    case 'grade':
      return node.scoring.grades.map((g) => g.label);
    case 'boolean':
      return [MET_WORDS.yes, MET_WORDS.no];
    case 'veto':
      return [VETO_WORDS.no, VETO_WORDS.yes];
    default:
      return [];
  }
}

export const isComputed = (node: IndicatorNode) => node.scoring === null || node.scoring.method === 'formula' || node.scoring.method === 'count';

/**
 * Checks a score against the leaf's method and returns it in its one shape (only the field the
 * method uses). Grades: one of the list; points, bonus, deduction: 0 to the item's points, in its
 * steps — except a final score, which may be an average of the experts' (2 decimals, not a step:
 * shared/domain/scoring/reconcile.ts); boolean: met; veto: triggered.
 * @throws AppError('invalid_input') in Chinese naming the item.
 */
export function checkAnswer(node: IndicatorNode, a: ScoreAnswer, kind: ScoreKind): SelfAnswer {
  const item = `“${node.code} ${node.title}”`;
  const s = node.scoring;
  if (!s || isComputed(node)) invalid(`${item}由统计数据计算得出，不需要评分`);
  switch (s.method) {
    case 'grade': {
      if (a.grade === undefined || !s.grades.some((g) => g.label === a.grade)) invalid(`${item}应评为 ${s.grades.map((g) => g.label).join('、')} 之一`);
      return { grade: a.grade };
    }
    case 'points':
    case 'bonus':
    case 'deduction': {
      const p = a.points;
      if (p === undefined || !Number.isFinite(p)) invalid(`${item}请填写分数`);
      if (p < 0 || p > (node.points ?? 0)) invalid(`${item}的分数应在 0 至 ${node.points ?? 0} 分之间（填写的是 ${p}）`);
      const step = s.step;
      if (kind !== 'final' && step > 0 && Math.abs(p / step - Math.round(p / step)) > 1e-9) invalid(`${item}的分数应为 ${step} 分的整数倍（填写的是 ${p}）`);
      if (kind === 'final' && round2(p) !== p) invalid(`${item}的最终得分最多保留两位小数（填写的是 ${p}）`);
      return { points: p };
    }
    case 'boolean':
      if (a.met === undefined) invalid(`${item}请选择达标或未达标`);
      return { met: a.met };
    case 'veto':
      if (a.triggered === undefined) invalid(`${item}请选择存在或不存在该情形`);
      return { triggered: a.triggered };
    default:
      invalid(`${item}由统计数据计算得出，不需要评分`);
  }
}

/** The points an answer earns on its leaf (a grade by its share, 达标 all or nothing, a veto's flip as the item's points), for the departure check. */
export function pointsOf(node: IndicatorNode, a: SelfAnswer): number | null {
  const s = node.scoring;
  const full = node.points ?? 0;
  switch (s?.method) {
    case 'grade': {
      const g = s.grades.find((x) => x.label === a.grade);
      return g ? round2(g.share * full) : null;
    }
    case 'points':
    case 'bonus':
    case 'deduction':
      return a.points ?? null;
    case 'boolean':
      return a.met === undefined ? null : a.met ? full : 0;
    case 'veto':
      return a.triggered === undefined ? null : a.triggered ? full : 0;
    default:
      return null;
  }
}

/** The reconciliation input of a leaf from the experts' current answers. */
export function reconcileItem(node: IndicatorNode, marks: { expert: string; answer: SelfAnswer }[]): NumericItem | ChoiceItem | null {
  const choices = choicesOf(node);
  const s = node.scoring;
  if (!s || isComputed(node)) return null;
  if (choices.length === 0) return { kind: 'numeric', marks: marks.filter((m) => m.answer.points !== undefined).map((m) => ({ expert: m.expert, value: m.answer.points! })) };
  const indexOf = (a: SelfAnswer): number => {
    if (s.method === 'grade') return choices.indexOf(a.grade ?? '');
    if (s.method === 'boolean') return a.met === undefined ? -1 : a.met ? 0 : 1;
    return a.triggered === undefined ? -1 : a.triggered ? 1 : 0;
  };
  return { kind: 'choice', choices, marks: marks.map((m) => ({ expert: m.expert, value: indexOf(m.answer) })).filter((m) => m.value >= 0) };
}

export function answerOfChoice(node: IndicatorNode, index: number): SelfAnswer {
  const s = node.scoring!;
  if (s.method === 'grade') return { grade: choicesOf(node)[index]! };
  if (s.method === 'boolean') return { met: index === 0 };
  return { triggered: index === 1 };
}

// ---------------------------------------------------------------- the sheet

export interface SheetContext {
  round: repo.RoundRow;
  unit: repo.UnitRow;
  system: IndicatorSystem;
  settings: ScoringSettings;
  experts: { roundExpertId: number; expert: scores.ExpertRow; unitIds: number[] }[];
}

/** A unit with its round, the round's frozen system, scoring settings and experts (with their units). @throws AppError('not_found') for an unknown unit. */
export async function sheetContext(db: Db, unitId: number): Promise<SheetContext> {
  const unit = await repo.getUnitRow(db, unitId);
  if (!unit) throw new AppError('not_found', `找不到编号为 ${unitId} 的评估单位`);
  const round = (await repo.getRoundRow(db, unit.round_id))!;
  const [system, settings, experts] = await Promise.all([frozenSystem(db, round), scores.getSettings(db, round.id), scores.roundExperts(db, round.id)]);
  return { round, unit, system, settings: settingsOf(settings), experts };
}

const parseAnswer = (json: string | null): SelfAnswer | null => (json === null ? null : (JSON.parse(json) as SelfAnswer));

function entryOf(row: scores.ScoreRowData): ScoreEntry {
  const answer = parseAnswer(row.answer);
  return { answer, text: answer ? answerText(answer) : '（已撤回）', note: row.note, evidenceViewed: JSON.parse(row.evidence_viewed) as string[], at: row.created_at, by: row.created_by };
}

const slot = (nodeId: string, kind: ScoreKind, roundExpertId: number | null) => `${nodeId}|${kind}|${roundExpertId ?? ''}`;

/** The unit's self-evaluation from its latest revision, by leaf (empty before a first submission), and that revision's number (0: none). */
export async function selfEvaluation(db: Db, unitId: number): Promise<{ revision: number; answers: Map<string, { answer: SelfAnswer; explanation: string }> }> {
  const latest = (await subs.submissionsOf(db, unitId))[0];
  const answers = new Map<string, { answer: SelfAnswer; explanation: string }>();
  if (latest) for (const a of (JSON.parse(latest.data) as { answers: { nodeId: string; answer: SelfAnswer; explanation: string }[] }).answers) answers.set(a.nodeId, a);
  return { revision: latest?.revision ?? 0, answers };
}

/** The round's reconciliation rule as reconcile.ts takes it. */
export function reconcileRuleOf(s: Pick<ScoringSettings, 'rule' | 'trim' | 'tolerance'>): ReconcileRule {
  return s.rule === 'trimmed_mean' ? { kind: 'trimmed_mean', trim: s.trim } : s.rule === 'consensus' ? { kind: 'consensus', tolerance: s.tolerance } : { kind: s.rule };
}

/** The score the rule suggests for a leaf from its experts' current answers (none, agreed, or needs a decision). */
function reconciledView(node: IndicatorNode, marks: { expert: string; answer: SelfAnswer }[], rule: ReconcileRule): ReconciledView {
  const item = reconcileItem(node, marks);
  if (!item) return { state: 'none' };
  const r = reconcile(item, rule);
  if (r.state !== 'agreed') return r;
  const answer = item.kind === 'numeric' ? { points: r.value } : answerOfChoice(node, r.value);
  return { state: 'agreed', answer, text: answerText(answer), basis: r.basis, spread: r.spread };
}

/** The unit's experts as the sheet lists them: those assigned to it, and any who scored it before being reassigned. */
function unitExperts(c: SheetContext, rows: readonly scores.ScoreRowData[]) {
  const scoredBy = new Set(rows.filter((r) => r.round_expert_id !== null).map((r) => r.round_expert_id!));
  return c.experts.filter((x) => x.unitIds.includes(c.unit.id) || scoredBy.has(x.roundExpertId));
}

/** A unit's score sheet (see contract scoring.sheet). */
export async function buildSheet(db: Db, c: SheetContext): Promise<UnitScoreSheet> {
  const [rows, self, locks, evidence, scopes] = await Promise.all([
    scores.scoresOf(db, c.unit.id),
    selfEvaluation(db, c.unit.id),
    results.locksOf(db, c.unit.id),
    evidenceByNode(db, c.unit.id),
    expertLeafScopes(db, c.round.id, c.system),
  ]);
  const current = new Map<string, scores.ScoreRowData>();
  for (const r of rows) current.set(slot(r.node_id, r.kind, r.round_expert_id), r);
  const selfAnswers = self.answers;
  const experts = unitExperts(c, rows);
  const rule = reconcileRuleOf(c.settings);

  const leaves = evaluationRows(c.system, c.unit.school_type as SchoolType).filter((r) => r.leaf);
  const out: ScoreRow[] = leaves.map(({ node }) => {
    const self = selfAnswers.get(node.id);
    const get = (kind: ScoreKind, roundExpertId: number | null = null) => {
      const r = current.get(slot(node.id, kind, roundExpertId));
      return r ? entryOf(r) : null;
    };
    const expertScores = experts.map((x) => ({ expertId: x.expert.id, name: x.expert.name, score: get('expert', x.roundExpertId), inGroup: scopes.get(x.roundExpertId)?.has(node.id) ?? true }));
    const reconciled = reconciledView(
      node,
      expertScores.filter((e) => e.score?.answer).map((e) => ({ expert: e.name, answer: e.score!.answer! })),
      rule,
    );
    const final = get('final');
    const threshold = c.settings.departureThreshold;
    const finalPoints = final?.answer ? pointsOf(node, final.answer) : null;
    const selfPoints = self ? pointsOf(node, self.answer) : null;
    const departure = threshold !== null && finalPoints !== null && departureNeedsReason(finalPoints, selfPoints, threshold) ? { points: round2(Math.abs(finalPoints - selfPoints!)), threshold } : null;
    return {
      nodeId: node.id,
      code: node.code,
      title: node.title,
      points: node.points ?? 0,
      method: answerKindLabel(node.scoring).replace(/^自评/, ''),
      computed: isComputed(node),
      answerKind: answerKindOf(node),
      choices: choicesOf(node),
      evidence: evidence.get(node.id) ?? [],
      self: { answer: self?.answer ?? null, text: answerText(self?.answer), explanation: self?.explanation ?? '' },
      office: get('office'),
      experts: expertScores,
      reconciled,
      final,
      departure,
    };
  });
  const lock = locks[0];
  return {
    roundId: c.round.id,
    unitId: c.unit.id,
    unitName: c.unit.name,
    revision: self.revision,
    forfeited: c.unit.state === 'forfeited',
    lock: lock ? lockState(lock) : null,
    rows: out,
  };
}

/** A unit's score sheet (see contract scoring.sheet). */
export async function unitScoreSheet(ctx: ServiceContext, unitId: number): Promise<UnitScoreSheet> {
  const db = reader(ctx);
  return buildSheet(db, await sheetContext(db, unitId));
}

/** Records one score (see contract scoring.setScore); returns the leaf's row as it now stands. */
export async function setScore(ctx: ServiceContext, raw: SetScoreInput): Promise<ScoreRow> {
  const input = parseInput(SetScoreInputSchema, raw);
  await unitOfWork(ctx, async (tx, unit) => recordScore(tx, unit.at, unit.operator.name, await sheetContext(tx, input.unitId), input));
  const sheet = await unitScoreSheet(ctx, input.unitId);
  return sheet.rows.find((r) => r.nodeId === input.nodeId)!;
}

/**
 * Checks one score against every rule of scoring.setScore and records it, inside the caller's unit
 * of work (several scores of a unit in one, e.g. 采用全部建议得分). @throws AppError as setScore.
 */
export async function recordScore(tx: Tx, at: string, by: string, c: SheetContext, input: z.output<typeof SetScoreInputSchema>): Promise<void> {
  {
    const row = evaluationRows(c.system, c.unit.school_type as SchoolType).find((r) => r.leaf && r.node.id === input.nodeId);
    if (!row) throw new AppError('not_found', `指标体系中没有适用于“${c.unit.name}”的指标（编号 ${input.nodeId}）`);
    const node = row.node;
    if (c.unit.state === 'forfeited') invalid(`“${c.unit.name}”已弃权，不再评分`);
    if ((await results.locksOf(tx, c.unit.id))[0]?.locked === 1) invalid(`“${c.unit.name}”的评分已锁定；如需修改，请先解锁并写明原因`);
    let roundExpertId: number | null = null;
    if (input.kind === 'expert') {
      if (input.expertId === undefined) invalid('请选择评分的专家');
      const x = c.experts.find((e) => e.expert.id === input.expertId);
      if (!x) invalid('该专家不在本评估项目的专家名单中');
      if (!x.unitIds.includes(c.unit.id)) invalid(`专家“${x.expert.name}”没有被分配评估“${c.unit.name}”`);
      const scope = (await expertLeafScopes(tx, c.round.id, c.system)).get(x.roundExpertId);
      if (scope && !scope.has(node.id)) invalid(`“${node.code} ${node.title}”不在专家“${x.expert.name}”负责的评估组中`);
      roundExpertId = x.roundExpertId;
    } else if (input.expertId !== undefined) invalid('只有专家评分需要选择专家');
    const answer = input.answer === null ? null : checkAnswer(node, input.answer, input.kind);
    if (input.kind === 'final' && answer && c.settings.departureThreshold !== null) {
      // Only the school's answer to this leaf: the departure needs nothing else of the sheet.
      const selfAnswer = (await selfEvaluation(tx, c.unit.id)).answers.get(node.id)?.answer ?? null;
      const fp = pointsOf(node, answer);
      const sp = selfAnswer ? pointsOf(node, selfAnswer) : null;
      if (fp !== null && departureNeedsReason(fp, sp, c.settings.departureThreshold) && input.note === '') {
        invalid(`“${node.code} ${node.title}”的最终得分与学校自评相差 ${round2(Math.abs(fp - sp!))} 分，超过 ${c.settings.departureThreshold} 分，请在备注中写明理由`);
      }
    }
    if (input.evidenceViewed.length) {
      // Only files the unit handed in: a path typed at random would read as evidence that was never there.
      const known = new Set<string>();
      for (const sub of await subs.submissionsOf(tx, c.unit.id)) for (const f of await subs.filesOf(tx, sub.id)) known.add(f.path);
      const stranger = input.evidenceViewed.find((p) => !known.has(p));
      if (stranger !== undefined) invalid(`“${stranger}”不是“${c.unit.name}”提交的文件`);
    }
    if (input.kind === 'final' && answer && input.note === '') {
      // A spread beyond the round's tolerance is settled by the group: its decision is recorded with the
      // score. Only this leaf's expert scores are read, as the sheet reads them.
      const rows = await scores.scoresOf(tx, c.unit.id);
      const current = new Map<number, scores.ScoreRowData>();
      for (const r of rows) if (r.node_id === node.id && r.kind === 'expert' && r.round_expert_id !== null) current.set(r.round_expert_id, r);
      const marks = unitExperts(c, rows).flatMap((x) => {
        const a = current.get(x.roundExpertId)?.answer;
        return a ? [{ expert: x.expert.name, answer: JSON.parse(a) as SelfAnswer }] : [];
      });
      const reconciled = reconciledView(node, marks, reconcileRuleOf(c.settings));
      if (reconciled.state === 'needs_decision') invalid(`“${node.code} ${node.title}”${reconciled.message}；请在备注中写明合议意见`);
    }
    await scores.insertScore(tx, {
      unit_id: c.unit.id,
      node_id: node.id,
      kind: input.kind,
      round_expert_id: roundExpertId,
      answer: answer === null ? null : JSON.stringify(answer),
      note: input.note,
      evidence_viewed: JSON.stringify(input.evidenceViewed),
      created_at: at,
      created_by: by,
    });
  }
}

/** Every score of one leaf of a unit, newest first (see contract scoring.history). */
export async function scoreHistory(ctx: ServiceContext, unitId: number, nodeId: string): Promise<ScoreHistoryEntry[]> {
  const db = reader(ctx);
  const c = await sheetContext(db, unitId);
  const names = new Map(c.experts.map((x) => [x.roundExpertId, x.expert.name]));
  const rows = (await scores.scoresOf(db, unitId)).filter((r) => r.node_id === nodeId).reverse();
  return rows.map((r) => ({ ...entryOf(r), kind: r.kind, expert: r.round_expert_id === null ? null : (names.get(r.round_expert_id) ?? '（已移出的专家）') }));
}

/** The leaf's method as the contract names it (ScoreRow.answerKind). */
function answerKindOf(node: IndicatorNode): ScoreRow['answerKind'] {
  const m = node.scoring?.method;
  if (!m || isComputed(node)) return 'computed';
  return m === 'boolean' ? 'met' : (m as ScoreRow['answerKind']);
}

/** The evidence files of a unit's latest revision, by leaf (path in the package and file name). */
export async function evidenceByNode(db: Db, unitId: number): Promise<Map<string, { path: string; name: string }[]>> {
  const latest = (await subs.submissionsOf(db, unitId))[0];
  const out = new Map<string, { path: string; name: string }[]>();
  if (!latest) return out;
  for (const f of await subs.filesOf(db, latest.id)) {
    if (f.role !== 'evidence' || !f.node_id) continue;
    out.set(f.node_id, [...(out.get(f.node_id) ?? []), { path: f.path, name: f.name }]);
  }
  return out;
}

const sortedEntries = (r: Record<string, unknown>) => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** A lock event as shown (see contract LockState). */
export function lockState(l: results.LockRow): LockState {
  return { locked: l.locked === 1, at: l.created_at, by: l.created_by, reason: l.reason };
}

/**
 * The round's typed values, each checked against the value the frozen system declares (its scale):
 * a name the system does not read, or a value refused on its scale, is an invalid_input in Chinese.
 */
function checkedRoundValues(declared: ReadonlyMap<string, ResolvedValue>, raw: ScoringSettings['roundValues']): ScoringSettings['roundValues'] {
  const out: ScoringSettings['roundValues'] = {};
  for (const [name, v] of Object.entries(raw).filter(([, x]) => x !== '')) {
    const def = declared.get(name);
    if (!def) invalid(`指标体系中没有名为“${name}”的数据项`);
    const r = readScaledValue(v, def.scale, def.label);
    if (!r.ok) invalid(r.message);
    out[name] = v;
  }
  return out;
}
