/**
 * How the submission screens show returned 填报包 and stored revisions (issue 11 items 3 and 7):
 * verdict colours, the order of a package's problems, what a commit would store, evidence grouped
 * by indicator, which files are shown in place. Pure, so it is tested on its own; the verdicts and
 * the diffs themselves come from the core (main/services/rounds/submissions-service.ts).
 */
import type { Job, RoundImportParameters } from '../../../../../shared/api/contracts/jobs';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { ISSUE_GROUP_LABELS, PACKAGE_VERDICT_LABELS, type PackageIssueDto, type PackagePreview, type PackageVerdict, type SubmissionChanges, type SubmissionImportReport, type SubmittedFile } from '../../../../../shared/api/contracts/rounds';

/** Tag colours of the verdicts: green goes in, grey changes nothing, orange needs a decision, red stays out. */
export const VERDICT_COLORS: Record<PackageVerdict, string> = { new: 'green', unchanged: 'default', conflict: 'orange', refused: 'red', error: 'red' };

/** The order verdicts are counted and listed in: what goes in first, then what needs a look. */
export const VERDICT_ORDER: readonly PackageVerdict[] = ['new', 'conflict', 'unchanged', 'refused', 'error'];

/** A conflict's decision (jobs.ts RoundImportParameters.resolutions): stored as the next revision, or not. */
export type Resolution = 'accept' | 'skip';

const byPlace = new Intl.Collator('zh-CN', { numeric: true }).compare;

/**
 * A package's problems in the order a user works through them: errors before warnings, then by
 * file, sheet, row and column (problems of a whole file, without a row, first). Stable.
 */
export function sortPackageIssues(issues: readonly PackageIssueDto[]): PackageIssueDto[] {
  const rank = (i: PackageIssueDto) => (i.severity === 'error' ? 0 : 1);
  return [...issues].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      byPlace(a.file, b.file) ||
      byPlace(a.sheet ?? '', b.sheet ?? '') ||
      (a.row ?? -1) - (b.row ?? -1) ||
      (a.column ?? '').length - (b.column ?? '').length ||
      byPlace(a.column ?? '', b.column ?? ''),
  );
}

/** A kind of frequent warning (PackageIssueDto.group). */
export type IssueGroup = NonNullable<PackageIssueDto['group']>;

/** The order the folded kinds are listed and counted in: the self-evaluation first, the statistics last. */
const GROUP_ORDER = Object.keys(ISSUE_GROUP_LABELS) as IssueGroup[];

/** Warnings of one kind, folded into one line: its title (ISSUE_GROUP_LABELS) and its items in place order. */
export interface FoldedIssueGroup {
  group: IssueGroup;
  title: string;
  issues: PackageIssueDto[];
}

/**
 * A package's problems as the lists show them: `errors` one by one, `warnings` (those of no kind)
 * one by one, and `groups` — the warnings the core tagged with a kind (a school that filled 1 of 40
 * indicators gets 39 未填写自评结果), one entry per kind present, in ISSUE_GROUP_LABELS order, so
 * the few warnings that matter are not buried. Each list is in place order (sortPackageIssues);
 * nothing is dropped: the three lists together hold every issue once. An error is never folded,
 * whatever its group.
 */
export function foldIssues(issues: readonly PackageIssueDto[]): { errors: PackageIssueDto[]; warnings: PackageIssueDto[]; groups: FoldedIssueGroup[] } {
  const sorted = sortPackageIssues(issues);
  const errors = sorted.filter((i) => i.severity === 'error');
  const warnings = sorted.filter((i) => i.severity === 'warning' && !i.group);
  const groups = GROUP_ORDER.map((group) => ({ group, title: ISSUE_GROUP_LABELS[group], issues: sorted.filter((i) => i.severity === 'warning' && i.group === group) })).filter((g) => g.issues.length > 0);
  return { errors, warnings, groups };
}

/**
 * The one line above a problem list: `错误 2 条；提醒 52 条：未填写自评结果 39 项、缺少佐证材料 12 项、
 * 其他 1 条`. The breakdown is given only when some warnings are folded (提醒 3 条 alone needs none);
 * 其他 counts the warnings of no kind. Empty when there is nothing.
 */
export function issuesSummary(fold: ReturnType<typeof foldIssues>): string {
  const warningCount = fold.warnings.length + fold.groups.reduce((n, g) => n + g.issues.length, 0);
  const parts = fold.groups.map((g) => `${g.title} ${g.issues.length} 项`);
  if (parts.length > 0 && fold.warnings.length > 0) parts.push(`其他 ${fold.warnings.length} 条`);
  const warningText = warningCount ? `提醒 ${warningCount} 条${parts.length ? `：${parts.join('、')}` : ''}` : '';
  return [fold.errors.length ? `错误 ${fold.errors.length} 条` : '', warningText].filter(Boolean).join('；');
}

/** Errors and warnings of a package, counted apart. */
export function issueCounts(issues: readonly PackageIssueDto[]): { errors: number; warnings: number } {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { errors, warnings: issues.length - errors };
}

/** The decision each conflict starts with: 不导入 (the service skips a conflict nobody decided on, too). */
export function defaultResolutions(report: Pick<SubmissionImportReport, 'packages'>): Record<string, Resolution> {
  return Object.fromEntries(report.packages.filter((p) => p.verdict === 'conflict').map((p) => [p.key, 'skip' as const]));
}

/** How many revisions a commit with these decisions would store: every `new` package and every accepted conflict. */
export function toStore(report: Pick<SubmissionImportReport, 'packages'>, resolutions: Readonly<Record<string, Resolution>>): number {
  return report.packages.filter((p) => p.verdict === 'new' || (p.verdict === 'conflict' && resolutions[p.key] === 'accept')).length;
}

/** What the statistics' before values are, in words (a first revision compares with the values its package was issued with). */
export function statisticsBaseText(base: SubmissionChanges['statisticsBase']): string {
  if (base === 'previous') return '与上一版相比';
  return base === 'issued' ? '与下发时预填的数值相比' : '与名册中的统计数据相比';
}

/** True when a diff holds nothing at all. */
export function noChanges(c: SubmissionChanges): boolean {
  return c.indicators.length + c.statistics.length + c.evidenceAdded.length + c.evidenceChanged.length + c.evidenceRemoved.length === 0;
}

/** The label the core gives an indicator in a diff (nodeLabel: `编码 名称`), for an answer row. */
export const answerLabel = (a: { code: string; title: string }): string => {
  const code = a.code.trim();
  const title = a.title.trim();
  return code && title ? `${code} ${title}` : code || title || '（未命名指标）';
};

/** Labels of the indicators a revision changed (to mark their rows); empty for a first revision. */
export function changedIndicators(changes: SubmissionChanges | null): Set<string> {
  return new Set((changes?.indicators ?? []).map((c) => c.label));
}

/** Labels of the statistics a revision changed. */
export function changedStatistics(changes: SubmissionChanges | null): Set<string> {
  return new Set((changes?.statistics ?? []).map((c) => c.label));
}

const UNFILED = '未归类';

/**
 * Evidence grouped by the indicator it was filed under, in indicator-code order (numbers compared
 * as numbers: 1.2 before 1.10), 未归类 last; files by name within a group.
 */
export function groupEvidence<F extends Pick<SubmittedFile, 'indicator' | 'name'>>(files: readonly F[]): { indicator: string; files: F[] }[] {
  const groups = new Map<string, F[]>();
  for (const f of files) groups.set(f.indicator, [...(groups.get(f.indicator) ?? []), f]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === UNFILED ? 1 : b === UNFILED ? -1 : byPlace(a, b)))
    .map(([indicator, list]) => ({ indicator, files: [...list].sort((x, y) => byPlace(x.name, y.name)) }));
}

/**
 * How a received file is shown: images in place, PDFs in a frame (browser mode: the browser's own
 * viewer), anything else opened or downloaded. Judged on the type the core read from the file's
 * first bytes; the service serves only these inline (main/web/security.ts INLINE_VIEW_TYPES).
 */
export function viewKind(mimeType: string | null): 'image' | 'pdf' | 'other' {
  if (mimeType === 'application/pdf') return 'pdf';
  if (mimeType && ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'].includes(mimeType)) return 'image';
  return 'other';
}

/** Whether a `rounds.import` job is a dry run (its parameters; a dry run is the default). */
export const isDryRun = (job: Pick<Job, 'parameters'>): boolean => (job.parameters as Partial<RoundImportParameters> | null)?.dryRun !== false;

/** The report a finished `rounds.import` job holds, or null (still running, failed before reading). */
export function importReport(job: Pick<Job, 'result'>): SubmissionImportReport | null {
  const r = job.result as SubmissionImportReport | null;
  return r && Array.isArray(r.packages) ? r : null;
}

/** The revision a package's row shows in a check (dry run): the one it would become, or the one it equals. */
export function revisionText(p: Pick<PackagePreview, 'verdict' | 'revision'>): string {
  if (p.revision === null) return '—';
  if (p.verdict === 'unchanged') return `已有第 ${p.revision} 版`;
  return p.verdict === 'conflict' ? `若导入则为第 ${p.revision} 版` : `将成为第 ${p.revision} 版`;
}

/**
 * What an import (commit) did with one package — never the check's verdict, which after the commit
 * read as if it were still to do (可导入; new-user trial): stored as revision n, or not imported
 * with the reason (a conflict left at 不导入, the same content as a stored revision, refused,
 * unreadable — the core's words where it gave them).
 */
export function importOutcome(p: Pick<PackagePreview, 'verdict' | 'revision' | 'stored' | 'reason'>): { stored: true; text: string } | { stored: false; text: string; reason: string } {
  if (p.stored && p.revision !== null) return { stored: true, text: `已导入为第 ${p.revision} 版` };
  // A conflict's reason asks for a decision, which the commit has taken: 不导入.
  if (p.verdict === 'conflict') return { stored: false, text: '未导入', reason: '版本冲突，未选择“作为新版本导入”' };
  // A `new` package a finished import did not store does not occur (a failed store fails the job); said plainly if it did.
  return { stored: false, text: '未导入', reason: p.reason ?? (p.verdict === 'new' ? '未保存' : PACKAGE_VERDICT_LABELS[p.verdict]) };
}

/** Packages an import (commit) stored and did not store, for its counts. */
export function outcomeCounts(report: Pick<SubmissionImportReport, 'packages'>): { stored: number; notStored: number } {
  const stored = report.packages.filter((p) => importOutcome(p).stored).length;
  return { stored, notStored: report.packages.length - stored };
}

/**
 * The received files of a package or a revision in words, the same wherever they are counted (the
 * import's check, the unit's page): 佐证材料 counts the evidence alone; the 自评报告 and the 自评表
 * are named apart — one place counting the report with the evidence showed 4 where the other
 * showed 3 for the same package (new-user trial). `workbook` undefined: not known (an import
 * report kept from before the check carried it), so it is not mentioned. Files that were not received (`refused`)
 * are counted last, when there are any.
 */
export function filesSummary(files: {
  evidence: readonly Pick<SubmittedFile, 'bytes'>[];
  report: Pick<SubmittedFile, 'bytes'> | null;
  workbook?: Pick<SubmittedFile, 'bytes'> | null;
  refused?: readonly unknown[];
}): string {
  const n = files.evidence.length;
  const total = files.evidence.reduce((sum, f) => sum + f.bytes, 0);
  const also = [files.report ? '自评报告 1 份' : null, files.workbook ? '自评表 1 份' : null].filter(Boolean);
  const missing = [files.report ? null : '自评报告', files.workbook === null ? '自评表' : null].filter(Boolean);
  // Named as the section that lists them (未接收的文件), which the stored warnings point to.
  const refused = files.refused?.length ? `；${REFUSED_FILES} ${files.refused.length} 个` : '';
  return `${evidenceCount(n)}${n ? `（${formatBytes(total)}）` : ''}${also.length ? `，另有${also.join('、')}` : ''}${missing.length ? `；未提交${missing.join('、')}` : ''}${refused}`;
}

/** The name of the list of a package's files that were not received; the core's warnings point to it by this name (“见未接收的文件”). */
export const REFUSED_FILES = '未接收的文件';

/** `佐证材料 3 个`: the evidence count, as the files tab's label and the summary write it. */
export const evidenceCount = (n: number): string => `佐证材料 ${n} 个`;

/** The files tab's label, the same in the import's check and on the unit's page. */
export const filesTabLabel = (evidence: readonly unknown[]): string => `自评报告和佐证材料（${evidenceCount(evidence.length)}）`;
