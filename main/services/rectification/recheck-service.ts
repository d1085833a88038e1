/**
 * 数据复核 (issue 14 item 5): every open item born from data is compared with the newest data of
 * the same measure (shared/domain/rectification/recheck.ts):
 * - a school's resource indicator or a section's coefficient: the latest year's statistics after the
 *   item's year, computed with the same standards profile;
 * - an indicator of a round: the same school's latest locked result in a later round scoring an
 *   indicator of the same code.
 * Met: the item moves to 已完成待核验, reported by the data (no operator), so any named operator can
 * verify it with evidence and close it. Worse: it is flagged. A re-check that finds what the last one
 * found changes nothing, so importing the same statistics twice adds no history.
 */
import type { RecheckView, RectificationSource, SourceMeasure } from '../../../shared/api/contracts/rectification';
import { AppError } from '../../../shared/api/envelope';
import { BALANCE_SECTION_LABELS, type BalanceResult, type ProfileId } from '../../../shared/domain/balance';
import { RECHECK_OUTCOME_LABELS, recheckOutcome, type RectificationState } from '../../../shared/domain/rectification';
import * as repo from '../../db/repositories/rectification-repo';
import { currentResultsOfRound, resultsOf } from '../../db/repositories/scoring-results-repo';
import { statsYears } from '../../db/repositories/stats-repo';
import { computeYear } from '../balance-service';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { todayIso } from '../documents/sources';
import { scoredItems } from '../scoring/conclusions-service';
import { recordEvent } from './ledger-service';

const DATA_REPORTER = '数据复核';

interface Found {
  measure: SourceMeasure;
  /** “2027年统计数据”, “2027年城关镇学校评估”. */
  from: string;
}

const fmt = (m: SourceMeasure) => `${m.value.toFixed(m.decimals)}${m.unit ? ` ${m.unit}` : ''}`;

/** What a re-check found, in words, for the history and the ledger. */
function words(source: RectificationSource, before: SourceMeasure, found: Found, outcome: RecheckView['outcome']): string {
  const what = source.indicatorTitle ?? source.indicator ?? '该指标';
  const standard = `${before.direction === 'higher' ? '标准' : '限值'} ${found.measure.standard.toFixed(found.measure.decimals)}${found.measure.unit ? ` ${found.measure.unit}` : ''}`;
  const head = `${found.from}：${what} ${fmt(found.measure)}（原为 ${fmt(before)}，${standard}）`;
  if (outcome === 'met') return `${head}，已达到要求，建议核验销号。`;
  if (outcome === 'worse') return `${head}，较前变差，请加强督办。`;
  return `${head}，${RECHECK_OUTCOME_LABELS[outcome]}。`;
}

/** The measure of a balance-born item in a newer year's result, or null when the school or section is not in it. */
function balanceMeasure(item: RectificationSource, key: string, r: BalanceResult): SourceMeasure | null {
  if (!item.measure || !item.section || !item.indicator) return null;
  if (item.kind === 'balance_school') {
    const schoolId = /^balance-school:[^:]+:([^:]+):/.exec(key)?.[1];
    const row = r.schools.find((s) => s.schoolId === schoolId && !s.exclusion);
    const a = row?.sections.find((s) => s.section === item.section)?.attainment;
    const i = a?.indicators.find((x) => x.code === item.indicator);
    if (!i || i.value === null) return null;
    return { ...item.measure, value: i.value, standard: i.threshold };
  }
  const sec = r.sections.find((s) => s.section === item.section);
  if (!sec) return null;
  if (item.indicator === 'composite') return sec.composite.cv === null ? null : { ...item.measure, value: sec.composite.cv, standard: sec.composite.limit };
  const i = sec.indicators.find((x) => x.code === item.indicator);
  return i && i.cv !== null ? { ...item.measure, value: i.cv, standard: i.limit } : null;
}

/** Re-checks every open data-born item; see the contract `rectification.recheck`. */
export async function recheckItems(ctx: ServiceContext): Promise<{ checked: number; proposedClose: number; worse: number; message: string }> {
  const db = reader(ctx);
  const rows = (await repo.listItems(db)).filter((r) => r.state !== 'closed' && r.source_key && ['balance_school', 'balance_section', 'precondition', 'round_indicator'].includes(r.source_kind));
  if (rows.length === 0) return { checked: 0, proposedClose: 0, worse: 0, message: '没有需要复核的整改事项（仅复核由数据生成且未销号的事项）' };
  const years = [...(await statsYears(db))].sort((a, b) => b - a);
  const balanceCache = new Map<string, BalanceResult | null>();
  const balanceOf = async (year: number, profile: ProfileId): Promise<BalanceResult | null> => {
    const k = `${year}:${profile}`;
    if (!balanceCache.has(k)) {
      try {
        balanceCache.set(k, (await computeYear(ctx, { year, profile })).result);
      } catch (e) {
        if (e instanceof AppError && e.code === 'not_found') balanceCache.set(k, null);
        else throw e;
      }
    }
    return balanceCache.get(k)!;
  };
  const found = new Map<number, Found>();
  for (const r of rows) {
    const source = JSON.parse(r.source) as RectificationSource;
    if (!source.measure) continue;
    if (r.source_kind === 'round_indicator') {
      const f = await laterRoundMeasure(ctx, r, source);
      if (f) found.set(r.id, f);
      continue;
    }
    const latest = years.find((y) => source.year !== null && y > source.year);
    if (latest === undefined) continue;
    const profile = /^[^:]+:([^:]+):/.exec(r.source_key!)?.[1] as ProfileId;
    const result = await balanceOf(latest, profile);
    const m = result ? balanceMeasure(source, r.source_key!, result) : null;
    if (m) found.set(r.id, { measure: m, from: `${latest}年统计数据${source.section ? `（${BALANCE_SECTION_LABELS[source.section]}）` : ''}` });
  }
  let proposedClose = 0;
  let worse = 0;
  const today = todayIso();
  await unitOfWork(
    ctx,
    async (tx, unit) => {
      for (const r0 of rows) {
        const f = found.get(r0.id);
        if (!f) continue;
        const r = await repo.getItem(tx, r0.id);
        if (!r || r.state === 'closed') continue;
        const source = JSON.parse(r.source) as RectificationSource;
        const outcome = recheckOutcome(source.measure!, f.measure, f.measure.decimals);
        const text = words(source, source.measure!, f, outcome);
        const previous = r.recheck ? (JSON.parse(r.recheck) as RecheckView) : null;
        // The same finding again (same data, same figures) adds nothing.
        // A failed verification that sent a met item back is a person's decision: the same data does not move it again.
        if (previous && previous.text === text && previous.outcome === outcome) continue;
        const view: RecheckView = { outcome, text, at: unit.at, measure: f.measure };
        const moves = outcome === 'met' && (r.state === 'not_started' || r.state === 'in_progress');
        await recordEvent(tx, unit, { itemId: r.id, kind: 'recheck', action: moves ? 'report_done' : null, from: moves ? r.state : null, to: moves ? 'awaiting_verification' : null, date: today, text, by: DATA_REPORTER });
        await repo.updateItem(tx, r.id, { recheck: JSON.stringify(view), ...(moves ? { state: 'awaiting_verification', reported_by_id: null, reported_by: DATA_REPORTER, reported_at: unit.at } : {}) }, unit.at);
        unit.audit({
          entityType: 'rectification',
          entityId: r.id,
          entityName: `整改事项 ${r.number}（${r.owner_name}）`,
          action: 'update',
          summary: `数据复核整改事项 ${r.number}：${RECHECK_OUTCOME_LABELS[outcome]}`,
          before: { state: r.state },
          after: { state: moves ? 'awaiting_verification' : (r.state as RectificationState), recheck: text },
        });
        if (outcome === 'met') proposedClose++;
        if (outcome === 'worse') worse++;
      }
    },
    { batch: true },
  );
  const parts = [`复核 ${rows.length} 项由数据生成的整改事项`];
  if (proposedClose) parts.push(`${proposedClose} 项已达到要求，转为“已完成待核验”，请核验后销号`);
  if (worse) parts.push(`${worse} 项较前变差`);
  if (!proposedClose && !worse) parts.push('没有新的变化');
  return { checked: rows.length, proposedClose, worse, message: parts.join('；') };
}

/**
 * The same school's (or campus's) indicator of the same code in its current result of a later round
 * (locked after the item's own round result), the latest first; null when there is none yet.
 */
async function laterRoundMeasure(ctx: ServiceContext, r: repo.ItemRow, source: RectificationSource): Promise<Found | null> {
  const m = /^round-indicator:(\d+):(\d+):/.exec(r.source_key!);
  if (!m || source.roundId === null || !source.measure?.share) return null;
  const db = reader(ctx);
  const schoolId = Number(m[1]);
  const campusId = Number(m[2]) || null;
  const own = source.unitId === null ? undefined : (await resultsOf(db, source.unitId))[0];
  const units = await db
    .selectFrom('round_units as u')
    .innerJoin('rounds as r', 'r.id', 'u.round_id')
    .select(['u.id as unitId', 'u.round_id as roundId', 'r.name as roundName'])
    .where('u.school_id', '=', schoolId)
    .where((eb) => (campusId === null ? eb('u.campus_id', 'is', null) : eb('u.campus_id', '=', campusId)))
    .where('u.round_id', '!=', source.roundId)
    .execute();
  let best: { at: string; unitId: number; roundName: string } | null = null;
  for (const u of units) {
    const current = (await currentResultsOfRound(db, u.roundId)).get(u.unitId);
    if (!current || current.forfeited === 1) continue;
    if (own && current.created_at <= own.created_at) continue;
    if (!best || current.created_at > best.at) best = { at: current.created_at, unitId: u.unitId, roundName: u.roundName };
  }
  if (!best) return null;
  const item = (await scoredItems(db, best.unitId)).find((i) => i.code === source.indicator);
  if (!item) return null;
  return { measure: { ...source.measure, value: item.earned, standard: source.measure.share * item.points }, from: best.roundName };
}
