/**
 * 一校一案 (issue 13 item 5): per unit of a round, from its CURRENT stored result only (the one its
 * latest lock stored, results-service.ts), a 督导意见书 (DOCX/PDF: profile from the register and the
 * round year's statistics; total, grade, conclusion, rank; first-level scores against the round's
 * average of its locked, scored units with a bar chart; strengths, problems and rectification
 * requirements from the experts' opinions and from the items whose final score is below a share of
 * their points, with a deadline; the unit's resource attainment from the year's balance computation), a one-page 督导评估结果摘要 (PDF) and one workbook with a row per
 * unit. Run as the `scoring.conclusions` job. Each unit's generation is recorded with the result it
 * came from (round_conclusions), and the job's result names every stored result of the round it read
 * (ReportJobResult, as the round report's job does): a 督导意见书 quotes the unit's rank among the
 * locked units and the round's averages, so any lock, unlock or new lock of any unit in the round
 * marks every 意见书 generated before it 已过时 (listConclusions).
 *
 * Decisions: a unit not locked is skipped with the reason (it has no result to write from); a
 * forfeited unit, once locked with the round's forfeit outcome, gets a 督导意见书 stating that
 * outcome (the school is told the result like every other) without scores or opinions. Final scores
 * of the items are read from the score sheet: while the result is current the unit is locked and
 * its final scores cannot change, so they are the ones the result was computed from.
 */
import path from 'node:path';
import { AppError } from '../../../shared/api/envelope';
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import { RECTIFICATION_MONTHS, ReportJobResult, reportOutdated, type ConclusionsParameters, type GeneratedConclusion, type ResultLine, type RoundOpinion } from '../../../shared/api/contracts/scoring';
import { ATTAINMENT_STATUS_LABELS, explainAttainment, formatForDisplay, type BalanceResult, type IndicatorAttainment, type SchoolAttainment } from '../../../shared/domain/balance';
import { indexNodes } from '../../../shared/domain/indicators/tree';
import { SECTION_LABELS, sectionsOfType, type SchoolType } from '../../../shared/domain/schools/school-enums';
import { round2 } from '../../../shared/domain/scoring/reconcile';
import type { Db } from '../../db/connection';
import * as repo from '../../db/repositories/rounds-repo';
import * as results from '../../db/repositories/scoring-results-repo';
import { getSchool } from '../../db/repositories/schools-repo';
import { getStats } from '../../db/repositories/stats-repo';
import { FileExistsError, writeFileAtomic } from '../../documents/write-file';
import { buildConclusion, buildConclusionSummary, conclusionWords, pct, type BelowLine, type ConclusionInput, type LevelLine, type OpinionLine, type ProfileLine, type ResourceInput } from '../../documents/builders/conclusion';
import { computeYear } from '../balance-service';
import { formatChineseDate } from '../../documents/dates';
import { points } from '../../documents/builders/round-report';
import { safeFileName } from '../../documents/write-file';
import { newWorkbook, workbookBuffer } from '../../exchange/register/workbook-style';
import { TaskAborted } from '../../workers/task-runner';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { freshExportFolder } from '../documents/jobs';
import { todayIso } from '../documents/sources';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { opinionsOfRound } from './opinions-service';
import { roundResults } from './results-service';
import { buildSheet, pointsOf, sheetContext } from './scoring-service';

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

/** ISO date `months` later, the day clamped to the month's end (2026-11-30 + 3 → 2027-02-28). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${first.getUTCFullYear()}-${p(first.getUTCMonth() + 1)}-${p(Math.min(d, last))}`;
}

/** The document date and deadline of a generation; refuses an invalid date or a deadline before the date (Chinese). */
export function datesOf(params: Pick<ConclusionsParameters, 'date' | 'deadline'>): { date: string; deadline: string } {
  const date = params.date ?? todayIso();
  const check = (iso: string, label: string) => {
    try {
      formatChineseDate(iso);
    } catch {
      invalid(`${label}“${iso}”不是有效的日期`);
    }
  };
  check(date, '成文日期');
  const deadline = params.deadline ?? addMonths(date, RECTIFICATION_MONTHS);
  check(deadline, '整改期限');
  if (deadline < date) invalid(`整改期限（${formatChineseDate(deadline)}）不能早于成文日期（${formatChineseDate(date)}）`);
  return { date, deadline };
}

async function roundOrThrow(db: Db, roundId: number): Promise<repo.RoundRow> {
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  return round;
}

/**
 * Checks a `scoring.conclusions` job before it exists (jobs-service titleOf): the round, the units
 * (the round's), the dates and the destination folder. Returns the job's title.
 * @throws AppError not_found / invalid_input in Chinese.
 */
export async function checkConclusions(ctx: ServiceContext, params: ConclusionsParameters): Promise<string> {
  const db = reader(ctx);
  const round = await roundOrThrow(db, params.roundId);
  const units = await repo.unitsOf(db, round.id);
  if (params.unitIds) {
    const ids = new Set(units.map((u) => u.id));
    const stranger = params.unitIds.find((id) => !ids.has(id));
    if (stranger !== undefined) invalid(`编号为 ${stranger} 的单位不在评估项目“${round.name}”中`);
  } else if (units.length === 0) invalid(`评估项目“${round.name}”还没有参评单位`);
  datesOf(params);
  if (params.destination) ctx.files.resolveFolder(params.destination.ref);
  return `为“${round.name}”生成一校一案（${params.unitIds ? new Set(params.unitIds).size : units.length} 个单位）`;
}

/** The number of units a job will go through, before the runner knows better. */
export const conclusionsTotal = (params: ConclusionsParameters): number => (params.unitIds ? new Set(params.unitIds).size : 0);

/** The first-level subtotals of a result (the shallowest depth among its levels). */
function topLevels(levels: NonNullable<ResultLine['result']>['levels']) {
  const top = levels.reduce((m, l) => Math.min(m, l.depth), Infinity);
  return levels.filter((l) => l.depth === top);
}

/** Per first-level node: the mean earned over the round's current, non-forfeited results where it applies (分, 2 decimals). */
function averages(lines: readonly ResultLine[]): Map<string, { average: number; of: number }> {
  const sums = new Map<string, { sum: number; of: number }>();
  for (const l of lines) {
    if (!l.result || l.result.forfeited) continue;
    for (const lv of topLevels(l.result.levels)) {
      if (lv.earned === null) continue;
      const s = sums.get(lv.nodeId) ?? { sum: 0, of: 0 };
      s.sum += lv.earned;
      s.of++;
      sums.set(lv.nodeId, s);
    }
  }
  return new Map([...sums].map(([id, s]) => [id, { average: round2(s.sum / s.of), of: s.of }]));
}

/** The unit's register and statistics figures, each with its source. */
export async function profileOf(db: Db, unit: Pick<repo.UnitRow, 'school_id' | 'campus_id' | 'name' | 'code' | 'school_type'>, year: number): Promise<ProfileLine[]> {
  const school = await getSchool(db, unit.school_id);
  const stats = await getStats(db, unit.school_id, unit.campus_id, year);
  const register = '学校名册';
  const statSource = stats ? `${year}年统计数据` : `${year}年统计数据（未录入）`;
  const out: ProfileLine[] = [
    { label: '单位名称', value: unit.name, source: '评估项目参评单位' },
    { label: '报送编码', value: unit.code, source: '评估项目参评单位' },
    { label: '学校类型', value: school?.type ?? unit.school_type, source: register },
  ];
  if (school) {
    out.push({ label: '办学性质', value: school.ownership, source: register }, { label: '城乡类别', value: school.locality, source: register });
    if (school.township) out.push({ label: '所在乡镇', value: school.township, source: register });
    if (school.address) out.push({ label: '校址', value: school.address, source: register });
  }
  // A campus evaluated on its own without campus statistics: the school's figures are shown as the
  // school's (labelled so), never as the campus's own, rather than a column of 未填报.
  const whole = !stats && unit.campus_id !== null && school ? await getStats(db, unit.school_id, null, year) : undefined;
  const figure = (key: string, label: string, unitWord: string) => {
    const v = stats?.values[key];
    const w = whole?.values[key];
    if (typeof v !== 'number' && whole && typeof w === 'number') {
      out.push({ label: `所属学校${label}`, value: `${w} ${unitWord}`, source: `${year}年统计数据（${school!.name}整体，本校区未单独填报）` });
      return;
    }
    out.push({ label, value: typeof v === 'number' ? `${v} ${unitWord}` : '未填报', source: statSource });
  };
  for (const s of sectionsOfType(unit.school_type as SchoolType).filter((x) => x !== 'senior')) {
    const cap = s === 'primary' ? 'Primary' : 'Junior';
    figure(`pupils${cap}`, `${SECTION_LABELS[s]}在校生数`, '人');
    figure(`classes${cap}`, `${SECTION_LABELS[s]}班级数`, '个');
  }
  figure('teachers', '专任教师数', '人');
  return out;
}

/** A scored item's final score as points: what belowStandard and the rectification re-check compare with the item's points. */
export interface ScoredItem {
  nodeId: string;
  code: string;
  title: string;
  /** The final score when it is a rating (“等级 C”, “未达标”); null when it is given in points. */
  rating: string | null;
  earned: number;
  points: number;
}

/**
 * Every graded, pointed or 达标 item with points and a final score, as points earned. Bonus, deduction
 * and veto items are not measured against a standard share; computed ones have no final score.
 */
export async function scoredItems(db: Db, unitId: number): Promise<ScoredItem[]> {
  const c = await sheetContext(db, unitId);
  const sheet = await buildSheet(db, c);
  const nodes = indexNodes(c.system);
  const out: ScoredItem[] = [];
  for (const r of sheet.rows) {
    if (!['grade', 'points', 'met'].includes(r.answerKind) || r.points <= 0 || !r.final?.answer) continue;
    const node = nodes.get(r.nodeId)?.node;
    const earned = node ? pointsOf(node, r.final.answer) : null;
    if (earned === null) continue;
    // A grade or a 达标 judgement is named as such (“等级 D”, “未达标”); a points item is its points.
    out.push({ nodeId: r.nodeId, code: r.code, title: r.title, rating: r.answerKind === 'points' ? null : r.final.text, earned, points: r.points });
  }
  return out;
}

/** The items whose final score earns less than `threshold` of their points; also read by the round report (report-service.ts) and the 整改台账. */
export async function belowStandard(db: Db, unitId: number, threshold: number): Promise<BelowLine[]> {
  return (await scoredItems(db, unitId)).filter((i) => i.earned < threshold * i.points).map(({ code, title, rating, earned, points }) => ({ code, title, rating, earned, points }));
}

/** The year's balance computation (the 差异系数 page's, stored options and profile), or why there is none. */
async function yearBalance(ctx: ServiceContext, year: number): Promise<BalanceResult | string> {
  try {
    return (await computeYear(ctx, { year })).result;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return `${year}年没有统计数据，未进行差异系数测算，资源配置达标情况无从评价。`;
    throw e;
  }
}

/**
 * An indicator value as the 督导意见书 prints it, in its table and its text alike: money per pupil
 * to 2 decimals as offices quote it, other values to 3 (rounding.ts).
 */
function figure(i: Pick<IndicatorAttainment, 'unit'>, x: number | null, kind: 'value' | 'threshold'): string {
  return formatForDisplay(x, i.unit.startsWith('元') ? 'money' : kind);
}

/**
 * The verdict of a section's attainment in detail, without restating the verdict (the document
 * prints “小学：达标。” before it), every figure with its unit and formatted as the table's
 * (`figure`): the balance engine's explanation (shared/domain/balance/attainment.ts) in document form.
 */
export function attainmentDetail(a: Pick<SchoolAttainment, 'indicators' | 'verdict'>, rule: { allowedBelowThreshold: number; floorRatio: number }): string {
  return explainAttainment(a.indicators, a.verdict, rule.allowedBelowThreshold, rule.floorRatio, {
    figure: (i, x, kind) => `${figure(i, x, kind)} ${i.unit}`,
    withVerdict: false,
  });
}

/** The unit's attainment per section from the balance result, each value against its standard and the county's weighted mean. */
export function resourcesOf(balance: BalanceResult | string, unit: Pick<repo.UnitRow, 'school_id' | 'campus_id' | 'name'>): ResourceInput {
  if (typeof balance === 'string') return { kind: 'none', reason: balance };
  // The balance rows are schools (or, under the per-unit basis, campuses split off): a campus unit is not its school's row.
  if (unit.campus_id !== null) return { kind: 'none', reason: `${unit.name}为单独评估的校区；差异系数测算中的学校达标情况按学校整体计算，不单列本校区。` };
  const row = balance.schools.find((s) => s.schoolId === String(unit.school_id) && s.campusOf === undefined);
  if (!row) return { kind: 'none', reason: `${balance.year}年差异系数测算中没有本单位（可能不在办或未纳入测算）。` };
  if (row.exclusion) return { kind: 'none', reason: `本单位未纳入${balance.year}年差异系数测算：${row.exclusion.reason}。` };
  const rule = balance.profile.perSchoolRule;
  const sections = rule
    ? row.sections
        .filter((sec) => sec.attainment !== null)
        .map((sec) => {
          const summary = balance.sections.find((x) => x.section === sec.section);
          const a = sec.attainment!;
          return {
            label: summary?.label ?? sec.section,
            verdict: a.verdictLabel,
            explanation: attainmentDetail(a, rule),
            lines: a.indicators.map((i) => ({
              code: i.code,
              name: i.name,
              unit: i.unit,
              value: figure(i, i.value, 'value'),
              threshold: figure(i, i.threshold, 'threshold'),
              mean: figure(i, summary?.indicators.find((x) => x.code === i.code)?.mean ?? null, 'value'),
              status: ATTAINMENT_STATUS_LABELS[i.status],
            })),
          };
        })
    : [];
  if (sections.length === 0) return { kind: 'none', reason: `${balance.profile.basis}没有逐校达标要求，不评价本单位的资源配置达标情况。` };
  return { kind: 'sections', basis: balance.profile.basis, year: balance.year, sections };
}

/**
 * An opinion as the document quotes it: the issuing office's own (entered as 督导室, no expert) is
 * not tagged in a document the office signs; an expert's keeps the expert's name.
 */
const opinionLine = (o: RoundOpinion, issuedByOffice: boolean): OpinionLine => ({ indicator: o.code ? `${o.code} ${o.title}` : null, author: o.expertId === null && issuedByOffice ? null : o.author, text: o.text });

/**
 * The forfeit reason as the stored result wrote it (results-service forfeitResult: “弃权原因：…。” at
 * the head of its explanation); read from the result, not the unit, whose reason may change after.
 */
function forfeitReason(explanation: string): string | null {
  return /^弃权原因：([\s\S]+?)。本项目对弃权单位的处理/.exec(explanation)?.[1] ?? null;
}

/** What one unit's documents are made from, or why it is skipped. */
type Prepared = { line: ResultLine; input: ConclusionInput } | { line: ResultLine; skipped: string };

async function prepare(
  db: Db,
  round: repo.RoundRow,
  line: ResultLine,
  ctx: { avg: Map<string, { average: number; of: number }>; opinions: RoundOpinion[]; balance: BalanceResult | string; dates: { date: string; deadline: string }; threshold: number },
): Promise<Prepared> {
  const res = line.result;
  if (!res) return { line, skipped: line.state === 'forfeited' ? '已弃权，但尚未锁定（锁定后按本项目对弃权单位的处理生成）' : '评分尚未锁定，没有可依据的结果' };
  const unit = (await repo.getUnitRow(db, line.unitId))!;
  const mine = ctx.opinions.filter((o) => o.unitId === line.unitId);
  const levels: LevelLine[] = topLevels(res.levels).map((l) => ({ code: l.code, title: l.title, earned: l.earned, maxPoints: l.maxPoints, average: ctx.avg.get(l.nodeId)?.average ?? null, averageOf: ctx.avg.get(l.nodeId)?.of ?? 0 }));
  const input: ConclusionInput = {
    roundName: round.name,
    year: round.year,
    evaluator: round.evaluator_name,
    unitName: line.unitName,
    unitCode: line.unitCode,
    schoolType: line.schoolType,
    systemName: res.system.name,
    systemVersion: res.system.version,
    resultId: res.id,
    lockedAt: res.at,
    lockedOn: todayIso(new Date(res.at)),
    // The round's outcome for a forfeit as stored: 未通过 (with the failing grade when the system has
    // one), or 不评定 (neither verdict nor grade; results-service forfeitResult words it “不评定结果”).
    forfeit: res.forfeited ? { reason: forfeitReason(res.explanation), failed: res.passed === false || res.grade !== null || !res.conclusion.includes('不评定') } : null,
    total: res.total,
    maxTotal: res.maxTotal,
    grade: res.grade,
    passed: res.passed,
    rank: line.rank ? { rank: line.rank.rank, of: line.rank.of, tied: line.rank.tied } : null,
    vetoes: res.vetoes,
    profile: await profileOf(db, unit, round.year),
    resources: resourcesOf(ctx.balance, unit),
    levels,
    values: res.values.filter((v) => v.value !== null).map((v) => ({ label: v.label, value: String(v.value), source: v.source })),
    strengths: mine.filter((o) => o.kind === 'strength').map((o) => opinionLine(o, round.evaluator_kind === 'office')),
    problems: mine.filter((o) => o.kind === 'problem').map((o) => opinionLine(o, round.evaluator_kind === 'office')),
    suggestions: mine.filter((o) => o.kind === 'suggestion').map((o) => opinionLine(o, round.evaluator_kind === 'office')),
    below: res.forfeited ? [] : await belowStandard(db, unit.id, ctx.threshold),
    threshold: ctx.threshold,
    date: ctx.dates.date,
    deadline: ctx.dates.deadline,
  };
  return { line, input };
}

/** Writes under a free name: a second file of the same name gets “（2）”, never a silent overwrite. */
export async function writeUnique(dir: string, baseName: string, ext: string, data: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${baseName}${n === 1 ? '' : `（${n}）`}.${ext}`);
    try {
      await writeFileAtomic(file, data);
      return file;
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
    }
  }
}

interface WorkbookLine {
  prepared: Prepared;
  files: string[];
  failure: string | null;
}

/** An ISO time as the office reads it: local date in words and time to the second (2026年11月30日 09:15:02). */
function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${formatChineseDate(todayIso(d))} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The 一校一案汇总 workbook: 说明 (sources, threshold, dates) and 汇总 with a row per unit (skipped ones with the reason). */
async function summaryWorkbook(round: repo.RoundRow, lines: readonly WorkbookLine[], threshold: number, dates: { date: string; deadline: string }): Promise<Buffer> {
  const heads = new Map<string, { code: string; title: string; maxPoints: number }>();
  for (const l of lines) if ('input' in l.prepared) for (const lv of l.prepared.input.levels) if (!heads.has(lv.code)) heads.set(lv.code, lv);
  const wb = await newWorkbook();
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 18 }, { width: 90 }];
  for (const row of [
    ['评估项目', `${round.name}（${round.year} 年）`],
    ['依据', '各单位当前（锁定时存储）的评分结果，“结果编号”即该结果的编号；本项目任一单位的评分此后被锁定、解锁或重新锁定，名次和全项目平均分随之改变，本次生成的一校一案即全部过时，应重新生成'],
    ['全项目平均分', '本项目已锁定且未弃权单位当前结果中该一级指标得分的算术平均（不适用的单位不计入）'],
    ['分数', '单位为分，保留两位小数（评分结果按两位小数存储）'],
    ['低于标准', `最终得分低于该项分值 ${pct(threshold)} 的指标（按等级、分值、达标评分且分值大于 0 的指标）`],
    ['成文日期', formatChineseDate(dates.date)],
    ['整改期限', formatChineseDate(dates.deadline)],
  ])
    info.addRow(row).getCell(1).font = { bold: true };
  const ws = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const levelHeads = [...heads.values()];
  const header = ['报送编码', '单位', '类型', '生成情况', '总分', '满分', '等级', '结论', '名次', ...levelHeads.flatMap((h) => [`${h.code} ${h.title}（${points(h.maxPoints)} 分）`, `${h.code} 全项目平均`]), '资源配置达标情况', '低于标准的指标数', '低于标准的指标', '做法成效', '存在问题', '整改建议', '整改期限', '结果编号', '锁定时间', '文件'];
  ws.addRow(header).font = { bold: true };
  for (const l of lines) {
    const p = l.prepared;
    if ('skipped' in p) {
      ws.addRow([p.line.unitCode, p.line.unitName, p.line.schoolType, `未生成：${l.failure ?? p.skipped}`]);
      continue;
    }
    const i = p.input;
    const byCode = new Map(i.levels.map((lv) => [lv.code, lv]));
    ws.addRow([
      i.unitCode,
      i.unitName,
      i.schoolType,
      l.failure ? `未生成：${l.failure}` : '已生成',
      i.total,
      i.maxTotal,
      i.grade ?? '',
      conclusionWords(i),
      i.rank?.rank ?? null,
      ...levelHeads.flatMap((h) => [byCode.get(h.code)?.earned ?? null, byCode.get(h.code)?.average ?? null]),
      i.resources.kind === 'sections' ? i.resources.sections.map((x) => `${x.label}${x.verdict}`).join('；') : i.resources.reason,
      i.below.length,
      i.below.map((b) => `${b.code} ${b.title}（${points(b.earned)} / ${points(b.points)} 分）`).join('；'),
      i.strengths.length,
      i.problems.length,
      i.suggestions.length,
      i.forfeit ? '' : formatChineseDate(i.deadline),
      i.resultId,
      localTime(i.lockedAt),
      l.files.join('\n'),
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 22 : i === 7 ? 40 : 12));
  // Points stay numbers (sortable, summable) shown with 2 decimals, as the documents print them.
  const pointColumns = [header.indexOf('总分'), header.indexOf('满分'), ...levelHeads.flatMap((_, k) => [9 + 2 * k, 10 + 2 * k])];
  for (const c of pointColumns) ws.getColumn(c + 1).numFmt = '0.00';
  return workbookBuffer(wb);
}

/**
 * The runner of a `scoring.conclusions` job: the round's results (scoring.results) and opinions
 * read once, then unit by unit (报送编码 order) its documents built here and typeset on a worker,
 * written under free names into the chosen folder or a fresh one under 导出文件/一校一案/<项目>, the
 * generation recorded with the result it came from; a unit without a current result is reported
 * and listed in the workbook as skipped. The workbook comes last. Fails only when no unit got its
 * documents.
 */
export async function runConclusions(job: JobHandle, params: ConclusionsParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const db = reader(ctx);
  const round = await roundOrThrow(db, params.roundId);
  const dates = datesOf(params);
  const [all, opinions, balance] = await Promise.all([roundResults(ctx, round.id), opinionsOfRound(db, round.id), yearBalance(ctx, round.year)]);
  const wanted = params.unitIds ? new Set(params.unitIds) : null;
  const lines = all.lines.filter((l) => !wanted || wanted.has(l.unitId)).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  const avg = averages(all.lines);
  // Every 意见书 quotes the rank and the averages of this set of results: recorded before the first
  // unit's row, so a generation cut short is judged against the set it was written from too.
  const source: ReportJobResult = { resultIds: all.lines.flatMap((l) => (l.result ? [l.result.id] : [])) };
  await job.result(source);
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '一校一案', safeFileName(round.name, 60, 150));
  await job.progress({ done: 0, total: lines.length, ...(params.destination ? {} : { folder: dataRelative(ctx.dataDir, folder) }) });
  const named = (file: string) => (params.destination ? path.basename(file) : dataRelative(ctx.dataDir, file));
  const write = async (baseName: string, ext: string, buffer: Buffer): Promise<string> => {
    const file = await writeUnique(folder, baseName, ext, buffer);
    if (!params.destination) await job.output({ name: dataRelative(ctx.dataDir, file), format: ext, bytes: buffer.length });
    return named(file);
  };
  const book: WorkbookLine[] = [];
  let done = 0;
  let succeeded = 0;
  for (const line of lines) {
    job.check();
    await job.progress({ message: `正在生成“${line.unitName}”的一校一案` });
    let prepared: Prepared = { line, skipped: '' };
    const files: string[] = [];
    let failure: string | null = null;
    try {
      prepared = await prepare(db, round, line, { avg, opinions, balance, dates, threshold: params.threshold });
      if ('skipped' in prepared) await job.error(`${line.unitName}：${prepared.skipped}，未生成一校一案`);
      else {
        const stem = (what: string) => safeFileName(`${round.name}_${line.unitCode}_${line.unitName}_${what}`, 100, 200);
        // Typeset on a worker thread; cancelling the job aborts the render where it stands.
        const letter = await ctx.tasks.run('render', { doc: buildConclusion(prepared.input), formats: params.formats as DocumentFormat[] }, { signal: job.signal });
        job.check();
        for (const f of letter.files) files.push(await write(stem('督导意见书'), f.format, f.buffer));
        if (params.summary) {
          const sheet = await ctx.tasks.run('render', { doc: buildConclusionSummary(prepared.input), formats: ['pdf'] }, { signal: job.signal });
          job.check();
          for (const f of sheet.files) files.push(await write(stem('结果摘要'), f.format, f.buffer));
        }
        const resultId = prepared.input.resultId;
        await unitOfWork(ctx, (tx, unit) =>
          tx.insertInto('round_conclusions').values({ unit_id: line.unitId, result_id: resultId, job_id: job.id, files: JSON.stringify(files), created_at: unit.at, created_by: unit.operator.name }).execute(),
        );
        succeeded++;
      }
    } catch (e) {
      if (e instanceof TaskAborted || e instanceof JobCancelled) throw new JobCancelled();
      failure = e instanceof Error ? e.message : String(e);
      await job.error(`${line.unitName}：${failure}`);
    }
    book.push({ prepared, files, failure });
    done++;
    await job.progress({ done });
  }
  job.check();
  await job.progress({ message: '正在生成一校一案汇总表' });
  await write(safeFileName(`${round.name}_一校一案汇总`, 100, 200), 'xlsx', await summaryWorkbook(round, book, params.threshold, dates));
  await job.progress({ message: null });
  return succeeded === 0 ? { failure: '没有一个单位生成了一校一案（只有评分已锁定的单位才能生成）' } : {};
}

/**
 * The 一校一案 generated for a round's units, newest first. One is current only while the round's
 * current stored results are the very set its job read (the job's ReportJobResult): its rank and
 * the round's averages come from all of them, so a lock, unlock or new lock of any unit outdates
 * every 意见书 generated before. A generation whose job recorded no set (none before this rule, or
 * its job record gone) cannot be shown current and is outdated. See contract scoring.conclusions.
 */
export async function listConclusions(ctx: ServiceContext, roundId: number): Promise<GeneratedConclusion[]> {
  const db = reader(ctx);
  await roundOrThrow(db, roundId);
  const [rows, current] = await Promise.all([
    db
      .selectFrom('round_conclusions as c')
      .innerJoin('round_units as u', 'u.id', 'c.unit_id')
      .innerJoin('round_results as r', 'r.id', 'c.result_id')
      .leftJoin('jobs as j', 'j.id', 'c.job_id')
      .where('u.round_id', '=', roundId)
      .select(['c.id', 'c.unit_id', 'c.result_id', 'c.job_id', 'c.files', 'c.created_at', 'c.created_by', 'u.code', 'u.name', 'r.result', 'j.result as job_result'])
      .orderBy('c.id', 'desc')
      .execute(),
    results.currentResultsOfRound(db, roundId),
  ]);
  const now = [...current.values()].map((r) => ({ result: { id: r.id } }));
  const outdated = new Map<string | null, boolean>();
  const outdatedOf = (jobId: string | null, stored: string | null): boolean => {
    if (!outdated.has(jobId)) {
      const source = stored === null ? null : ReportJobResult.safeParse(JSON.parse(stored));
      outdated.set(jobId, !source?.success || reportOutdated(source.data, now));
    }
    return outdated.get(jobId)!;
  };
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitCode: r.code,
    unitName: r.name,
    resultId: r.result_id,
    conclusion: (JSON.parse(r.result) as { conclusion: string }).conclusion,
    jobId: r.job_id,
    files: JSON.parse(r.files) as string[],
    at: r.created_at,
    by: r.created_by,
    // Its own result no longer current is covered too: that result is in the set the job read.
    outdated: r.job_id === null ? true : outdatedOf(r.job_id, r.job_result),
  }));
}
