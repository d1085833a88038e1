/**
 * 整改台账 items proposed from data (issue 14 item 1): a round's locked results (indicators earning
 * less than the threshold share of their points, vetoes, experts' 存在问题) and a year's balance
 * computation (schools below a standard on a resource indicator; sections whose coefficient is over
 * the limit, owned by a county department; the application preconditions). Proposals are computed,
 * shown, reviewed and confirmed: confirm recomputes them, so an item's figures are the data's.
 *
 * Every origin has a key; an origin found in data of a given year or round is `<identity>@<year|round>`,
 * and a later proposal of the same identity is matched to an item still open, so a problem that
 * persists into next year is not entered twice.
 */
import {
  RectificationSource,
  ConfirmInput,
  type Owner,
  type Proposal,
  type ProposalList,
  ProposalSpec,
  type RectificationItem,
  type Severity,
  type SourceMeasure,
} from '../../../shared/api/contracts/rectification';
import type { z } from 'zod';
import { AppError } from '../../../shared/api/envelope';
import { ATTAINMENT_STATUS_LABELS, BALANCE_SECTION_LABELS, formatForDisplay, type BalanceResult, type ProfileId } from '../../../shared/domain/balance';
import { atLevel, levelOf, type RectificationState } from '../../../shared/domain/rectification';
import * as roundsRepo from '../../db/repositories/rounds-repo';
import { opinionRowsOfRound } from '../../db/repositories/scoring-opinions-repo';
import * as repo from '../../db/repositories/rectification-repo';
import { computeYear } from '../balance-service';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { todayIso } from '../documents/sources';
import { belowStandard } from '../scoring/conclusions-service';
import { opinionsOfRound } from '../scoring/opinions-service';
import { roundResults } from '../scoring/results-service';
import { getRectificationSettings } from './settings';
import { getDocumentSettings, regionOf } from '../documents/settings';
import { createItem, toItem } from './ledger-service';

type Spec = z.output<typeof ProposalSpec>;
type Draft = Omit<Proposal, 'existing' | 'deadline'>;

/** `<identity>@<scope>` → identity: what stays the same for the same problem in later data. */
export const identityOf = (key: string): string => key.replace(/@[^@]*$/, '');

/** The date `days` after `from` (ISO). */
export function addDays(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const source = (s: Partial<RectificationSource> & Pick<RectificationSource, 'kind' | 'text'>): RectificationSource => RectificationSource.parse(s);

/** Figures as the ledger prints them: points to 2 decimals, coefficients to 4, values by the balance engine's rule. */
function fig(x: number, decimals: number): string {
  return x.toFixed(decimals);
}

async function fromRound(ctx: ServiceContext, roundId: number, threshold: number): Promise<{ basis: string; drafts: Draft[]; notes: string[] }> {
  const db = reader(ctx);
  const round = await roundsRepo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const results = await roundResults(ctx, roundId, false);
  const locked = results.lines.filter((l) => l.result && !l.result.forfeited);
  const forfeited = results.lines.filter((l) => l.result?.forfeited);
  if (locked.length === 0 && forfeited.length === 0) throw new AppError('invalid_input', `“${round.name}”还没有锁定评分的单位，锁定后才能从评估结果生成整改事项`);
  const notes: string[] = [];
  const open = results.lines.filter((l) => !l.result);
  if (open.length) notes.push(`${open.length} 个单位尚未锁定评分，未生成其整改事项：${open.map((l) => l.unitName).join('、')}`);
  const opinions = await opinionsOfRound(db, roundId);
  // An opinion's identity is its chain's first version, so an edited opinion is the same problem.
  const rows = await opinionRowsOfRound(db, roundId);
  const replaces = new Map(rows.map((r) => [r.id, r.replaces]));
  const rootOf = (id: number) => {
    let x = id;
    for (let guard = 0; guard < 10_000; guard++) {
      const prev = replaces.get(x);
      if (prev === null || prev === undefined) return x;
      x = prev;
    }
    return x;
  };
  const drafts: Draft[] = [];
  const pct = `${Math.round(threshold * 100)}%`;
  for (const line of locked) {
    const unit = (await roundsRepo.getUnitRow(db, line.unitId))!;
    const owner: Owner = { kind: 'school', schoolId: unit.school_id, name: unit.name };
    const base = { roundId, roundName: round.name, unitId: unit.id, year: round.year };
    const suggestions = opinions.filter((o) => o.unitId === unit.id && o.kind === 'suggestion');
    for (const b of await belowStandard(db, unit.id, threshold)) {
      const measure: SourceMeasure = { value: b.earned, standard: threshold * b.points, direction: 'higher', unit: '分', decimals: 2, share: threshold };
      drafts.push({
        key: `round-indicator:${unit.school_id}:${unit.campus_id ?? 0}:${b.code}@round${roundId}`,
        source: source({ kind: 'round_indicator', text: `${round.name}·${b.code} ${b.title}`, ...base, indicator: b.code, indicatorTitle: b.title, measure }),
        problem: `${b.code} ${b.title}：最终得分 ${fig(b.earned, 2)} 分（满分 ${fig(b.points, 2)} 分${b.rating ? `，${b.rating}` : ''}），低于满分的 ${pct}。`,
        target: `${b.code} ${b.title}得分达到满分的 ${pct} 以上。`,
        owner,
        ownerName: unit.name,
        severity: b.earned === 0 ? 'major' : 'minor',
      });
    }
    for (const v of line.result!.vetoes) {
      drafts.push({
        key: `round-veto:${unit.school_id}:${unit.campus_id ?? 0}:${v.code}@round${roundId}`,
        source: source({ kind: 'round_veto', text: `${round.name}·否决项 ${v.code} ${v.title}`, ...base, indicator: v.code, indicatorTitle: v.title }),
        problem: `${v.code} ${v.title}：存在否决情形。${v.reason}`,
        target: '消除否决情形。',
        owner,
        ownerName: unit.name,
        severity: 'critical',
      });
    }
    for (const o of opinions.filter((x) => x.unitId === unit.id && x.kind === 'problem')) {
      const related = suggestions.filter((s) => s.nodeId === o.nodeId).map((s) => s.text);
      drafts.push({
        key: `round-opinion:${rootOf(o.id)}@round${roundId}`,
        source: source({ kind: 'round_opinion', text: `${round.name}·${o.author}意见${o.code ? `（${o.code} ${o.title}）` : ''}`, ...base, indicator: o.code, indicatorTitle: o.title, opinionId: rootOf(o.id) }),
        problem: o.text,
        target: related.join('；'),
        owner,
        ownerName: unit.name,
        severity: 'minor',
      });
    }
  }
  // A unit that forfeited (弃权) has no scores, but its result (未通过, or 不评定) is a problem of its own.
  for (const line of forfeited) {
    const unit = (await roundsRepo.getUnitRow(db, line.unitId))!;
    const reason = /^弃权原因：([\s\S]+?)。/.exec(line.result!.explanation)?.[1];
    drafts.push({
      key: `round-forfeit:${unit.school_id}:${unit.campus_id ?? 0}@round${roundId}`,
      source: source({ kind: 'round_forfeit', text: `${round.name}·弃权`, roundId, roundName: round.name, unitId: unit.id, year: round.year }),
      problem: `未按要求参加“${round.name}”（弃权${reason ? `：${reason}` : ''}），评估结果：${line.result!.conclusion}。`,
      target: '查明弃权原因，按要求完成自评并报送材料，参加下一轮督导评估。',
      owner: { kind: 'school', schoolId: unit.school_id, name: unit.name },
      ownerName: unit.name,
      severity: 'major',
    });
  }
  const parts = [locked.length ? `${locked.length} 个单位已锁定评分；得分低于满分 ${pct} 的指标、否决项和专家提出的“存在问题”各列一条` : '', forfeited.length ? `${forfeited.length} 个单位弃权，各列一条` : ''];
  return { basis: `${round.name}：${parts.filter(Boolean).join('；')}。`, drafts, notes };
}

/** The county department that leads on a resource indicator (domain.md §7.3: funding → 财政, staffing → 人社/编制). */
export function departmentOf(unit: string): { owner: string; cooperating: string } {
  if (unit.startsWith('人/')) return { owner: '县教育局', cooperating: '县委机构编制委员会办公室、县人力资源和社会保障局' };
  if (unit.startsWith('平方米')) return { owner: '县教育局', cooperating: '县财政局、县住房和城乡建设局、县自然资源局' };
  if (unit.startsWith('元')) return { owner: '县财政局', cooperating: '县教育局' };
  return { owner: '县教育局', cooperating: '县财政局' };
}

async function fromBalance(ctx: ServiceContext, year: number, profile: ProfileId | undefined): Promise<{ basis: string; drafts: (Draft & { cooperating?: string })[]; notes: string[] }> {
  const view = await computeYear(ctx, { year, profile });
  const r: BalanceResult = view.result;
  const precondition = r.profile.id === 'application2019';
  const drafts: (Draft & { cooperating?: string })[] = [];
  const notes: string[] = [];
  const tag = r.profile.id;
  if (r.profile.perSchoolRule && !precondition) {
    for (const s of r.schools) {
      if (s.exclusion) continue;
      const schoolId = Number(s.campusOf ?? s.schoolId);
      for (const sec of s.sections) {
        const a = sec.attainment;
        if (!a) continue;
        for (const i of a.indicators) {
          if (i.status !== 'below' && i.status !== 'within85') continue;
          if (i.value === null) continue;
          const label = BALANCE_SECTION_LABELS[sec.section];
          const measure: SourceMeasure = { value: i.value, standard: i.threshold, direction: 'higher', unit: i.unit, decimals: 3, share: null };
          drafts.push({
            key: `balance-school:${tag}:${s.schoolId}:${sec.section}:${i.code}@${year}`,
            source: source({ kind: 'balance_school', text: `${year}年资源配置达标测算·${label}${i.code} ${i.name}`, year, section: sec.section, indicator: i.code, indicatorTitle: i.name, measure }),
            // The section is named only for a school with two (“城关中学（初中）…”): “第一小学小学生均…” misreads.
            problem: `${s.schoolName}${s.sections.length > 1 ? `（${label}）` : ''}${i.name} ${formatForDisplay(i.value, 'value')} ${i.unit}，未达到标准 ${formatForDisplay(i.threshold, 'threshold')} ${i.unit}（${ATTAINMENT_STATUS_LABELS[i.status]}）。`,
            target: `${i.name}达到 ${formatForDisplay(i.threshold, 'threshold')} ${i.unit}以上。`,
            owner: { kind: 'school', schoolId, name: s.schoolName },
            ownerName: s.schoolName,
            severity: i.status === 'below' ? 'major' : 'minor',
          });
        }
      }
    }
  }
  for (const sec of r.sections) {
    const failing =
      r.profile.cvTest === 'composite'
        ? sec.composite.pass === false && sec.composite.cv !== null
          ? [{ code: 'composite', name: '综合差异系数', unit: '', cv: sec.composite.cv, limit: sec.composite.limit }]
          : []
        : sec.indicators.filter((i) => i.pass === false && i.cv !== null).map((i) => ({ code: i.code, name: `${i.name}差异系数`, unit: i.unit, cv: i.cv!, limit: i.limit }));
    for (const f of failing) {
      const d = f.code === 'composite' ? { owner: '县教育局', cooperating: '县财政局、县人力资源和社会保障局' } : departmentOf(f.unit);
      const measure: SourceMeasure = { value: f.cv, standard: f.limit, direction: 'lower', unit: '', decimals: 4, share: null };
      drafts.push({
        key: `${precondition ? 'precondition' : 'balance-section'}:${tag}:${sec.section}:${f.code}@${year}`,
        source: source({
          kind: precondition ? 'precondition' : 'balance_section',
          text: `${year}年${precondition ? '申报条件' : '差异系数'}测算·${sec.label}${f.code === 'composite' ? '' : `${f.code} `}${f.name}`,
          year,
          section: sec.section,
          indicator: f.code,
          indicatorTitle: f.name,
          measure,
        }),
        problem: `${year}年全县${sec.label}${f.name} ${formatForDisplay(f.cv, 'cv')}，高于 ${f.limit.toFixed(2)}，${precondition ? '未达到申报条件' : '未达到要求'}。`,
        target: `${sec.label}${f.name}不高于 ${f.limit.toFixed(2)}。`,
        owner: { kind: 'department', name: d.owner },
        ownerName: d.owner,
        cooperating: d.cooperating,
        severity: 'major',
      });
    }
  }
  const excluded = r.schools.filter((s) => s.exclusion);
  if (excluded.length) notes.push(`${excluded.length} 所学校未纳入测算，未生成其整改事项：${excluded.map((s) => `${s.schoolName}（${s.exclusion!.reason}）`).join('、')}。`);
  const missing = r.schools.flatMap((s) => s.sections.flatMap((sec) => (sec.attainment?.indicators ?? []).filter((i) => i.status === 'missing').map(() => s.schoolName)));
  if (missing.length) notes.push(`${new Set(missing).size} 所学校有指标缺少统计数据，缺数据的指标不生成整改事项，请先补齐统计数据。`);
  return { basis: `${year}年统计数据，按“${r.profile.name}”测算${r.profile.perSchoolRule && !precondition ? '：未达到标准的学校指标（学校负责）和' : '：'}未达到要求的差异系数（县级部门负责）各列一条。`, drafts, notes };
}

/** A draft's department names (owner and 配合单位) at the office's level. */
function draftAtLevel<T extends { owner: Owner; ownerName: string; cooperating?: string }>(d: T, level: string): T {
  if (level === '县') return d;
  const name = atLevel(d.ownerName, level);
  return {
    ...d,
    ...(d.owner.kind === 'department' ? { owner: { kind: 'department' as const, name }, ownerName: name } : {}),
    ...(d.cooperating ? { cooperating: atLevel(d.cooperating, level) } : {}),
  };
}

async function drafts(ctx: ServiceContext, spec: Spec): Promise<{ basis: string; drafts: (Draft & { cooperating?: string })[]; notes: string[] }> {
  const settings = await getRectificationSettings(ctx);
  const d = spec.from === 'round' ? await fromRound(ctx, spec.roundId, spec.threshold ?? settings.roundThreshold) : await fromBalance(ctx, spec.year, spec.profile);
  const level = levelOf(regionOf(await getDocumentSettings(ctx)));
  return { ...d, drafts: d.drafts.map((x) => draftAtLevel(x, level)) };
}

/** The ledger's items by exact key and, for items not closed, by identity. */
async function existingOf(ctx: ServiceContext): Promise<(key: string) => repo.ItemRow | undefined> {
  const rows = await repo.listItems(reader(ctx));
  const exact = new Map(rows.filter((r) => r.source_key).map((r) => [r.source_key!, r]));
  const open = new Map(rows.filter((r) => r.source_key && r.state !== 'closed').map((r) => [identityOf(r.source_key!), r]));
  return (key) => exact.get(key) ?? open.get(identityOf(key));
}

/** Proposes items (nothing stored); see the contract `rectification.propose`. */
export async function proposeItems(ctx: ServiceContext, spec: Spec): Promise<ProposalList> {
  const settings = await getRectificationSettings(ctx);
  const d = await drafts(ctx, spec);
  const find = await existingOf(ctx);
  const deadline = addDays(todayIso(), settings.defaultDeadlineDays);
  return {
    spec,
    basis: d.basis,
    notes: d.notes,
    proposals: d.drafts.map(({ cooperating: _c, ...x }) => {
      const e = find(x.key);
      return { ...x, deadline, existing: e ? { id: e.id, number: e.number, state: e.state as RectificationState } : null };
    }),
  };
}

/**
 * Creates the kept proposals (recomputed now), skipping any whose origin the ledger already holds;
 * one unit of work, one audit entry per item.
 */
export async function confirmProposals(ctx: ServiceContext, input: z.output<typeof ConfirmInput>): Promise<{ created: RectificationItem[]; skipped: number; message: string }> {
  const settings = await getRectificationSettings(ctx);
  const d = await drafts(ctx, input.spec);
  const byKey = new Map(d.drafts.map((x) => [x.key, x]));
  const gone = input.items.filter((i) => !byKey.has(i.key));
  if (gone.length) throw new AppError('invalid_input', `有 ${gone.length} 条问题已不在最新的测算或评估结果中（数据在审核期间发生了变化），请重新生成待确认清单`);
  const today = todayIso();
  const deadline = addDays(today, settings.defaultDeadlineDays);
  const ids = await unitOfWork(
    ctx,
    async (tx, unit) => {
      const rows = await repo.listItems(tx);
      const exact = new Set(rows.map((r) => r.source_key).filter((k): k is string => k !== null));
      const open = new Set(rows.filter((r) => r.source_key && r.state !== 'closed').map((r) => identityOf(r.source_key!)));
      const created: number[] = [];
      let skipped = 0;
      for (const i of input.items) {
        const x = byKey.get(i.key)!;
        if (exact.has(x.key) || open.has(identityOf(x.key))) {
          skipped++;
          continue;
        }
        const row = await createItem(tx, unit, {
          sourceKey: x.key,
          source: x.source,
          problem: i.problem?.trim() || x.problem,
          target: x.target,
          owner: i.owner ?? x.owner,
          cooperating: x.cooperating ?? '',
          person: i.person ?? '',
          measures: '',
          deadline: i.deadline ?? deadline,
          severity: (i.severity ?? x.severity) as Severity,
          remarks: '',
        });
        exact.add(x.key);
        open.add(identityOf(x.key));
        created.push(row.id);
      }
      return { created, skipped };
    },
    { batch: true },
  );
  const rows = await repo.listItems(reader(ctx));
  const created = rows.filter((r) => ids.created.includes(r.id)).map((r) => toItem(r, today, settings));
  const parts = [created.length ? `已登记 ${created.length} 条整改事项` : '没有登记新的整改事项'];
  if (ids.skipped) parts.push(`${ids.skipped} 条台账中已有，未重复登记`);
  return { created, skipped: ids.skipped, message: parts.join('；') };
}

