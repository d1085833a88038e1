/**
 * 锁定与结果 (issue 12, items 4 and 7): a unit's scores are locked once agreed, and its result is
 * computed then by the indicator engine (shared/domain/indicators/evaluate.ts) on the round's frozen
 * system version from the final scores and the unit's values (shared/domain/scoring/result.ts), and
 * stored immutably with that version's key, number and hash. An unlock (reason required, audited)
 * makes the stored result outdated — it is kept, and anything made from it is marked 已过时 — and
 * the next lock stores a new one. A unit that forfeited is locked with the round's forfeit outcome,
 * never a silent zero. Rankings follow the round's tie rule (shared/domain/scoring/rank.ts).
 */
import { recheckAfterData } from '../rectification/after-data';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import { FORFEIT_OUTCOME_LABELS, RESULT_STATE_LABELS, type LockState, type ResultLine, type RoundResults, type UnitResult } from '../../../shared/api/contracts/scoring';
import { evaluateSystem, type IndicatorSystem, type SchoolType } from '../../../shared/domain/indicators';
import { judgesPass } from '../../../shared/domain/indicators/verdict';
import { rankUnits, TIE_RULE_LABELS, type Ranked } from '../../../shared/domain/scoring/rank';
import { round2 } from '../../../shared/domain/scoring/reconcile';
import { finalScoringSystem, unitContext, unitValues, type YearValue } from '../../../shared/domain/scoring/result';
import type { Db } from '../../db/connection';
import { safeFileName } from '../../documents/write-file';
import { newWorkbook, workbookBuffer } from '../../exchange/register/workbook-style';
import { getSystem } from '../../db/repositories/indicator-systems-repo';
import * as repo from '../../db/repositories/rounds-repo';
import * as results from '../../db/repositories/scoring-results-repo';
import * as scores from '../../db/repositories/scoring-repo';
import { getStats } from '../../db/repositories/stats-repo';
import { frozenSystem } from '../rounds/packages-service';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { evaluationRows, indicatorSystemHash } from '../../exchange/packages/format';
import { buildSheet, isComputed, lockState, settingsOf, sheetContext, type SheetContext } from './scoring-service';
import { yearBalanceValues } from './year-values';

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

/** What round_results.result holds besides its columns. */
interface StoredResult {
  unitName: string;
  unitCode: string;
  schoolType: string;
  systemName: string;
  conclusion: string;
  levels: UnitResult['levels'];
  vetoes: UnitResult['vetoes'];
  explanation: string;
  values: UnitResult['values'];
}

const listed = (items: string[], max = 5) => `${items.slice(0, max).join('、')}${items.length > max ? ` 等 ${items.length} 项` : ''}`;

/** “通过，等级 优秀（总分 92.5 / 100 分）”; vetoes named. */
function conclusionOf(passed: boolean | null, grade: string | null, total: number, maxTotal: number, vetoes: UnitResult['vetoes']): string {
  const parts: string[] = [];
  if (passed !== null) parts.push(passed ? '通过' : '未通过');
  if (grade) parts.push(`等级 ${grade}`);
  const head = parts.join('，');
  const veto = vetoes.length ? `；触发一票否决：${vetoes.map((v) => `${v.code} ${v.title}`).join('、')}` : '';
  return `${head}${head ? '' : '结果'}（总分 ${total} / ${maxTotal} 分）${veto}`;
}

/**
 * The result of a unit that is not forfeited, from its sheet's final scores.
 * @throws AppError('invalid_input') naming the leaves without a final score, or the missing/refused values.
 */
async function computeResult(db: Db, c: SheetContext, yearValues: Record<string, YearValue>): Promise<{ columns: { total: number; maxTotal: number; passed: boolean | null; grade: string | null }; stored: StoredResult }> {
  const sheet = await buildSheet(db, c);
  const unscored = sheet.rows.filter((r) => !r.computed && !r.final?.answer);
  if (unscored.length) invalid(`“${c.unit.name}”还有 ${unscored.length} 项没有最终得分：${listed(unscored.map((r) => `${r.code} ${r.title}`))}。请先确定最终得分再锁定`);
  const items: Record<string, { grade?: string; points?: number; met?: boolean; triggered?: boolean }> = {};
  for (const r of sheet.rows) if (r.final?.answer) items[r.nodeId] = r.final.answer;
  const type = c.unit.school_type as SchoolType;
  const stats = await getStats(db, c.unit.school_id, c.unit.campus_id, c.round.year);
  const { values, notes } = unitValues(c.system, type, stats?.values, c.settings.roundValues, yearValues);
  // Final scores may be agreed means off the item's step (reconcile.ts): evaluated without the step.
  const result = evaluateSystem(finalScoringSystem(c.system), { context: unitContext(type), values, items });
  // A missing value is explained by where it was looked for; values only other sections read are not mentioned.
  const explain = (i: { code: string; message: string }) => {
    const n = notes.find((x) => x.problem && i.message.includes(`缺少数据：${x.label}`));
    return `${i.code} ${n ? n.problem : i.message}`.trim();
  };
  const problems = [...result.refusedValues.map((v) => v.message), ...result.issues.map(explain)];
  if (!result.complete || problems.length) invalid(`“${c.unit.name}”的结果还不完整，不能锁定：${listed(problems, 4)}`);
  const vetoes = result.vetoes.map((v) => ({ code: v.code, title: v.title, reason: v.reason }));
  const total = round2(result.total);
  const maxTotal = round2(result.maxTotal);
  const grade = result.grade?.label ? result.grade.label : null;
  const levels = result.nodes.filter((n) => n.method === 'branch').map((n) => ({ nodeId: n.nodeId, code: n.code, title: n.title, depth: n.depth, earned: n.applicable ? round2(n.earned) : null, maxPoints: round2(n.maxPoints) }));
  const read = notes.filter((n) => n.value !== null).map((n) => ({ label: n.label, value: n.value, source: n.source }));
  return {
    columns: { total, maxTotal, passed: result.passed, grade },
    stored: {
      unitName: c.unit.name,
      unitCode: c.unit.code,
      schoolType: c.unit.school_type,
      systemName: c.system.name,
      conclusion: conclusionOf(result.passed, grade, total, maxTotal, vetoes),
      levels,
      vetoes,
      explanation: result.explanation,
      values: read,
    },
  };
}

/** A forfeited unit's result: the round's forfeit outcome (未通过 with the failing grade, or 不评定). */
function forfeitResult(c: SheetContext): { columns: { total: null; maxTotal: null; passed: boolean | null; grade: string | null }; stored: StoredResult } {
  const fail = c.settings.forfeitOutcome === 'fail';
  const passed = fail && judgesPass(c.system) ? false : null;
  const grade = fail ? (c.system.grading?.gradeWhenFailed ?? null) : null;
  const conclusion = fail ? `弃权，按未通过处理${grade ? `，等级 ${grade}` : ''}` : '弃权，不评定结果';
  const reason = c.unit.forfeit_reason ? `弃权原因：${c.unit.forfeit_reason}。` : '';
  return {
    columns: { total: null, maxTotal: null, passed, grade },
    stored: { unitName: c.unit.name, unitCode: c.unit.code, schoolType: c.unit.school_type, systemName: c.system.name, conclusion, levels: [], vetoes: [], explanation: `${reason}本项目对弃权单位的处理：${FORFEIT_OUTCOME_LABELS[c.settings.forfeitOutcome]}。`, values: [] },
  };
}

function resultDto(r: results.ResultRow, current: boolean): UnitResult {
  const s = JSON.parse(r.result) as StoredResult;
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: s.unitName,
    unitCode: s.unitCode,
    schoolType: s.schoolType,
    system: { name: s.systemName, version: r.system_version, hash: r.system_hash },
    forfeited: r.forfeited === 1,
    total: r.total,
    maxTotal: r.max_total,
    passed: r.passed === null ? null : r.passed === 1,
    grade: r.grade,
    conclusion: s.conclusion,
    levels: s.levels,
    vetoes: s.vetoes,
    explanation: s.explanation,
    values: s.values,
    at: r.created_at,
    by: r.created_by,
    current,
  };
}

/** Locks a unit's scores and stores its result (see contract scoring.lock). */
export async function lockUnit(ctx: ServiceContext, unitId: number, note = ''): Promise<UnitResult> {
  const u = await repo.getUnitRow(reader(ctx), unitId);
  if (!u) throw new AppError('not_found', `找不到编号为 ${unitId} 的评估单位`);
  // Computed before the unit of work (it reads the whole year); what it gave is stored with the result.
  const round = (await repo.getRoundRow(reader(ctx), u.round_id))!;
  const yearValues = await yearBalanceValues(ctx, round.year, await frozenSystem(reader(ctx), round));
  const id = await unitOfWork(ctx, async (tx, unit) => {
    const c = await sheetContext(tx, unitId);
    if ((await results.locksOf(tx, unitId))[0]?.locked === 1) throw new AppError('conflict', `“${c.unit.name}”的评分已经锁定`);
    const forfeited = c.unit.state === 'forfeited';
    const r = forfeited ? forfeitResult(c) : await computeResult(tx, c, yearValues);
    const lockId = await results.insertLock(tx, { unit_id: unitId, locked: 1, reason: note, created_at: unit.at, created_by: unit.operator.name });
    const stored = await getSystem(tx, c.round.system_id);
    const resultId = await results.insertResult(tx, {
      unit_id: unitId,
      lock_id: lockId,
      system_key: stored!.key,
      system_version: stored!.version,
      system_hash: c.round.system_hash,
      forfeited: forfeited ? 1 : 0,
      total: r.columns.total,
      max_total: r.columns.maxTotal,
      passed: r.columns.passed === null ? null : r.columns.passed ? 1 : 0,
      grade: r.columns.grade,
      complete: 1,
      result: JSON.stringify(r.stored),
      created_at: unit.at,
      created_by: unit.operator.name,
    });
    unit.audit({
      entityType: 'round-unit',
      entityId: unitId,
      entityName: `${c.round.name} · ${c.unit.name}`,
      action: 'update',
      summary: `锁定“${c.unit.name}”的评分，结果：${r.stored.conclusion}${note ? `；备注：${note}` : ''}`,
      before: null,
      after: { locked: '已锁定', conclusion: r.stored.conclusion },
    });
    return resultId;
  });
  // A later round's result may close or worsen the school's problems in the 整改台账 (issue 14 item 5).
  await recheckAfterData(ctx, `锁定“${u.name}”的评分`);
  const row = (await results.resultsOf(reader(ctx), unitId)).find((r) => r.id === id)!;
  return resultDto(row, true);
}

/** Unlocks a unit's scores with a reason (see contract scoring.unlock). */
export async function unlockUnit(ctx: ServiceContext, unitId: number, reason: string): Promise<LockState> {
  const why = reason.trim();
  if (!why) invalid('请写明解锁原因');
  await unitOfWork(ctx, async (tx, unit) => {
    const u = await repo.getUnitRow(tx, unitId);
    if (!u) throw new AppError('not_found', `找不到编号为 ${unitId} 的评估单位`);
    const round = (await repo.getRoundRow(tx, u.round_id))!;
    const latest = (await results.locksOf(tx, unitId))[0];
    if (latest?.locked !== 1) throw new AppError('conflict', `“${u.name}”的评分没有锁定`);
    const current = (await results.resultsOf(tx, unitId)).find((r) => r.lock_id === latest.id);
    const conclusion = current ? (JSON.parse(current.result) as StoredResult).conclusion : '';
    await results.insertLock(tx, { unit_id: unitId, locked: 0, reason: why, created_at: unit.at, created_by: unit.operator.name });
    unit.audit({
      entityType: 'round-unit',
      entityId: unitId,
      entityName: `${round.name} · ${u.name}`,
      action: 'update',
      summary: `解锁“${u.name}”的评分，原因：${why}；此前的结果（${conclusion}）及据此生成的文书已过时`,
      before: { locked: '已锁定', conclusion },
      after: { locked: '未锁定', reason: why },
    });
  });
  return lockState((await results.locksOf(reader(ctx), unitId))[0]!);
}

/** Every result stored for a unit, and its lock events (see contract scoring.unitResults). */
export async function unitResults(ctx: ServiceContext, unitId: number): Promise<{ results: UnitResult[]; locks: LockState[] }> {
  const db = reader(ctx);
  if (!(await repo.getUnitRow(db, unitId))) throw new AppError('not_found', `找不到编号为 ${unitId} 的评估单位`);
  const [rows, locks] = await Promise.all([results.resultsOf(db, unitId), results.locksOf(db, unitId)]);
  const latest = locks[0];
  return { results: rows.map((r) => resultDto(r, latest?.locked === 1 && r.lock_id === latest.id)), locks: locks.map(lockState) };
}

/**
 * The previous round of the same kind on the same indicator system (same key), before `round` by
 * year then creation, with its current results by school and campus; null when there is none.
 */
async function previousRound(db: Db, round: repo.RoundRow, systemKey: string): Promise<{ name: string; byPlace: Map<string, results.ResultRow> } | null> {
  const candidates = (await repo.listRoundRows(db)).filter((r) => r.id !== round.id && r.unit_kind === round.unit_kind && (r.year < round.year || (r.year === round.year && r.id < round.id)));
  candidates.sort((a, b) => b.year - a.year || b.id - a.id);
  for (const r of candidates) {
    const s = await getSystem(db, r.system_id);
    if (s?.key !== systemKey) continue;
    const [units, current] = await Promise.all([repo.unitsOf(db, r.id), results.currentResultsOfRound(db, r.id)]);
    const byPlace = new Map<string, results.ResultRow>();
    for (const u of units) {
      const res = current.get(u.id);
      if (res) byPlace.set(`${u.school_id}|${u.campus_id ?? ''}`, res);
    }
    return { name: r.name, byPlace };
  }
  return null;
}

/**
 * Each unit's scoring progress (ResultLine finalCount/scorableCount): the leaves of its type scored
 * by hand, and those whose latest final score is not withdrawn — the round's final scores read in
 * one query, oldest first, so the last one per unit and leaf stands (scores are append-only).
 */
async function finalProgress(db: Db, roundId: number, system: IndicatorSystem): Promise<(unitId: number, type: SchoolType) => { finalCount: number; scorableCount: number }> {
  const rows = await db
    .selectFrom('round_scores as s')
    .innerJoin('round_units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 's.node_id', 's.answer'])
    .where('u.round_id', '=', roundId)
    .where('s.kind', '=', 'final')
    .orderBy('s.id')
    .execute();
  const latest = new Map<string, boolean>();
  for (const r of rows) latest.set(`${r.unit_id}|${r.node_id}`, r.answer !== null);
  const leavesOf = new Map<SchoolType, string[]>();
  return (unitId, type) => {
    let leaves = leavesOf.get(type);
    if (!leaves) leavesOf.set(type, (leaves = evaluationRows(system, type).filter((r) => r.leaf && !isComputed(r.node)).map((r) => r.node.id)));
    return { finalCount: leaves.filter((id) => latest.get(`${unitId}|${id}`) === true).length, scorableCount: leaves.length };
  };
}

/** A round's results with ranks and the change against the previous round (see contract scoring.results). */
export async function roundResults(ctx: ServiceContext, roundId: number, byCategory = false): Promise<RoundResults> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const [units, locks, current, settingsRow, stored] = await Promise.all([repo.unitsOf(db, roundId), results.latestLocksOfRound(db, roundId), results.currentResultsOfRound(db, roundId), scores.getSettings(db, roundId), getSystem(db, round.system_id)]);
  const settings = settingsOf(settingsRow);
  const ranked = new Map<number, Ranked>(
    rankUnits(
      units.filter((u) => current.get(u.id)?.total != null && current.get(u.id)!.forfeited === 0).map((u) => ({ id: u.id, total: current.get(u.id)!.total!, category: byCategory ? u.school_type : null, tieOrder: u.code })),
      settings.tieRule,
    ).map((r) => [r.id, r]),
  );
  const prev = stored ? await previousRound(db, round, stored.key) : null;
  const progress = stored && indicatorSystemHash(stored.system) === round.system_hash ? await finalProgress(db, roundId, stored.system) : null;
  const lines: ResultLine[] = units.map((u) => {
    const res = current.get(u.id);
    const lock = locks.get(u.id);
    const rank = ranked.get(u.id);
    const before = prev?.byPlace.get(`${u.school_id}|${u.campus_id ?? ''}`);
    let previous: ResultLine['previous'] = null;
    if (prev && before) {
      const bothScored = res?.total != null && before.total !== null;
      const sameScale = bothScored && before.max_total === res!.max_total;
      previous = {
        roundName: prev.name,
        total: before.total,
        grade: before.grade,
        change: sameScale ? round2(res!.total! - before.total!) : null,
        note: before.forfeited === 1 ? '上一轮弃权' : !bothScored ? '' : sameScale ? '' : `满分不同（${before.max_total} 分 / ${res!.max_total} 分），不作比较`,
      };
    }
    return {
      unitId: u.id,
      unitName: u.name,
      unitCode: u.code,
      schoolType: u.school_type,
      state: u.state === 'forfeited' ? 'forfeited' : lock?.locked === 1 ? 'locked' : 'open',
      ...(progress ? progress(u.id, u.school_type as SchoolType) : { finalCount: null, scorableCount: null }),
      result: res ? resultDto(res, true) : null,
      rank: rank ? { rank: rank.rank, of: rank.of, tied: rank.tied, category: rank.category } : null,
      previous,
    };
  });
  return { roundId, tieRule: TIE_RULE_LABELS[settings.tieRule], byCategory, previousRound: prev?.name ?? null, lines };
}



/** The round's results as xlsx (see contract scoring.exportResults). Numbers as numbers, 2 decimals shown. */
export async function exportResults(ctx: ServiceContext, roundId: number, byCategory = false): Promise<FileResult> {
  const r = await roundResults(ctx, roundId, byCategory);
  const round = (await repo.getRoundRow(reader(ctx), roundId))!;
  const stored = await getSystem(reader(ctx), round.system_id);
  // The first-level indicators, in the order of the first stored result that has them.
  const all = r.lines.flatMap((l) => l.result?.levels ?? []);
  const top = all.reduce((m, l) => Math.min(m, l.depth), Infinity);
  const levels = all.filter((l) => l.depth === top);
  const heads = [...new Map(levels.map((l) => [l.nodeId, l])).values()];
  const wb = await newWorkbook();
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 18 }, { width: 80 }];
  for (const row of [
    ['评估项目', `${round.name}（${round.year} 年）`],
    ['指标体系', stored ? `${stored.system.name} 第 ${stored.version} 版` : ''],
    ['排名', `${r.byCategory ? '按学校类型分别排名' : '全部单位一起排名'}；${r.tieRule}；总分精确到 0.01 分比较；只有锁定的单位参加排名，弃权单位不参加排名`],
    ['对比', r.previousRound ? `较上一轮“${r.previousRound}”的总分变化（满分不同时不比较）` : '没有同类的上一轮评估项目'],
    ['导出时间', new Date().toISOString().slice(0, 19).replace('T', ' ')],
  ])
    info.addRow(row).getCell(1).font = { bold: true };
  const ws = wb.addWorksheet('评分结果', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const header = ['报送编码', '单位', '类型', '状态', ...heads.map((h) => `${h.code} ${h.title}${h.maxPoints > 0 ? `（${h.maxPoints} 分）` : ''}`), '总分', '满分', '是否通过', '等级', '结论', '名次', '并列', ...(r.previousRound ? ['上一轮总分', '较上一轮'] : [])];
  ws.addRow(header).font = { bold: true };
  for (const l of r.lines) {
    const res = l.result;
    const byNode = new Map((res?.levels ?? []).map((x) => [x.nodeId, x.earned]));
    ws.addRow([
      l.unitCode,
      l.unitName,
      l.schoolType,
      RESULT_STATE_LABELS[l.state],
      ...heads.map((h) => (res ? (byNode.get(h.nodeId) ?? null) : null)),
      res?.total ?? null,
      res?.maxTotal ?? null,
      res?.passed === null || res?.passed === undefined ? '' : res.passed ? '通过' : '未通过',
      res?.grade ?? '',
      res?.conclusion ?? '',
      l.rank?.rank ?? null,
      l.rank?.tied ? '并列' : '',
      ...(r.previousRound ? [l.previous?.total ?? null, l.previous ? (l.previous.change ?? l.previous.note) : '上一轮未参评'] : []),
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 22 : i === header.indexOf('结论') ? 44 : 12));
  // Points to 2 decimals, as offices quote them; the cells keep the numbers.
  for (let c = 5; c <= 4 + heads.length + 2; c++) ws.getColumn(c).numFmt = '0.00';
  const stem = safeFileName(`${round.name}_评分结果`, 100, 200);
  return ctx.files.writeResult(`${stem}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await workbookBuffer(wb));
}
