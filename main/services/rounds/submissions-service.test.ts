import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { RoundDetail, SubmissionImportReport, UnitSubmissions } from '../../../shared/api/contracts/rounds';
import type { School } from '../../../shared/api/contracts/schools';
import type { StatRecordWithSources } from '../../../shared/api/contracts/statistics';
import { EVALUATION_COLUMN_ORDER, EVALUATION_HEADER_ROW, SHEETS, STATISTICS_COLUMN_ORDER, STATISTICS_HEADER_ROW } from '../../exchange/packages/format';
import { SAMPLE_BYTES } from '../../exchange/packages/testing/build-package';
import { tempCore, tempDir } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';

let core: Awaited<ReturnType<typeof tempCore>>;
let dir: string;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function job(kind: string, parameters: object): Promise<Job> {
  const started = await api<Job>('jobs.start', { kind, parameters });
  return waitForJob(started.id);
}

beforeEach(async () => {
  core = await tempCore();
  dir = tempDir('desk-round-import-');
});
afterEach(async () => {
  await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Files in the content-addressed store (its temporary folder left out). */
function storedBlobs(): string[] {
  const root = path.join(core.ctx.dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => !p.startsWith('tmp') && fs.statSync(path.join(root, p)).isFile());
}

const ANSWER_COL = EVALUATION_COLUMN_ORDER.indexOf('answer') + 1;
const EXPLANATION_COL = EVALUATION_COLUMN_ORDER.indexOf('explanation') + 1;
const STAT_VALUE_COL = STATISTICS_COLUMN_ORDER.indexOf('value') + 1;

/** Fills the package's workbook as a school would: the first gradeable leaf, and one statistics value. */
async function fill(folder: string, grade: string, explanation: string, pupils: number, pupilsNote?: string) {
  const file = path.join(folder, '自评表.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(SHEETS.evaluation)!;
  let filled = false;
  sheet.eachRow((row, n) => {
    if (filled || n <= EVALUATION_HEADER_ROW) return;
    if (String(row.getCell(EVALUATION_COLUMN_ORDER.indexOf('method') + 1).value ?? '').startsWith('自评等级')) {
      row.getCell(ANSWER_COL).value = grade;
      row.getCell(EXPLANATION_COL).value = explanation;
      filled = true;
    }
  });
  expect(filled).toBe(true);
  const stats = wb.getWorksheet(SHEETS.statistics)!;
  stats.eachRow((row, n) => {
    if (n > STATISTICS_HEADER_ROW && String(row.getCell(1).value).startsWith('小学在校生数')) {
      row.getCell(STAT_VALUE_COL).value = pupils;
      if (pupilsNote !== undefined) row.getCell(STATISTICS_COLUMN_ORDER.indexOf('note') + 1).value = pupilsNote;
    }
  });
  await wb.xlsx.writeFile(file);
}

async function setup(stages?: object[], latePolicy = 'refuse', lastYearValues?: Record<string, number>) {
  const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  if (lastYearValues) await api('stats.save', { schoolId: a.id, year: new Date().getFullYear() - 1, values: lastYearValues });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
  await api('indicators.publish', { id: system.summary.id });
  const year = new Date().getFullYear();
  const round = await api<RoundDetail>('rounds.create', {
    name: '督导评估',
    year,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: stages ?? [{ name: '学校自评', startsOn: `${year - 1}-01-01`, endsOn: `${year + 1}-12-31`, collects: true }],
    latePolicy,
    units: [{ schoolId: a.id, campusId: null }],
  });
  const out = path.join(dir, 'U盘');
  fs.mkdirSync(out);
  const destination = await core.ctx.files.registerFolder(out);
  const issued = await job('rounds.packages', { roundId: round.id, zip: false, destination: { ref: destination.ref } });
  expect(issued.state).toBe('已完成');
  const folder = path.join(out, fs.readdirSync(out)[0]!);
  return { round, folder, schoolId: a.id, year };
}

async function importFrom(roundId: number, folder: string, dryRun: boolean, resolutions: Record<string, string> = {}) {
  const source = await core.ctx.files.registerFolder(folder);
  const done = await job('rounds.import', { roundId, sources: [{ ref: source.ref }], dryRun, resolutions });
  expect(done.message ?? '').not.toContain('错误编号');
  return done.result as SubmissionImportReport;
}

/** Rows of the 统计数据 sheet by 数据项 label (without its unit). */
async function statisticsRows(folder: string): Promise<Record<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(folder, '自评表.xlsx'));
  const rows: Record<string, number> = {};
  wb.getWorksheet(SHEETS.statistics)!.eachRow((row, n) => {
    if (n > STATISTICS_HEADER_ROW) rows[String(row.getCell(1).value ?? '').replace(/（.*$/, '')] = n;
  });
  return rows;
}

/** Sets 本年数值 cells of the 统计数据 sheet by the start of their 数据项 label (null empties the cell); returns each label's row. */
async function setStatistics(folder: string, values: Record<string, number | null>): Promise<Record<string, number>> {
  const file = path.join(folder, '自评表.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: Record<string, number> = {};
  wb.getWorksheet(SHEETS.statistics)!.eachRow((row, n) => {
    if (n <= STATISTICS_HEADER_ROW) return;
    const label = String(row.getCell(1).value ?? '');
    for (const [start, value] of Object.entries(values)) {
      if (label.startsWith(start)) {
        row.getCell(STAT_VALUE_COL).value = value;
        rows[start] = n;
      }
    }
  });
  await wb.xlsx.writeFile(file);
  return rows;
}

describe('returned packages', () => {
  it('a first submission is compared with the values its package was issued with; emptied values and figures that disagree are named with their row', async () => {
    // Last year's figures only: the package pre-fills them as this year's, for the school to confirm or correct.
    const lastYear = { pupilsPrimary: 600, pupilsGrade1: 100, pupilsGrade2: 100, pupilsGrade3: 100, pupilsGrade4: 100, pupilsGrade5: 100, pupilsGrade6: 100, teachers: 40, books: 12000 };
    const { round, folder, schoolId, year } = await setup(undefined, 'refuse', lastYear);
    await fill(folder, 'B', '有集团章程和年度计划', 650);
    // 650 pupils now, but the grades still add up to 600; the school empties 图书 (books).
    const rows = await setStatistics(folder, { 图书: null });
    const preview = await importFrom(round.id, folder, true);
    const p = preview.packages[0]!;
    expect(p.verdict).toBe('new');
    expect(p.changes?.statisticsBase).toBe('issued');
    // Confirmed values (teachers 40, the grades) are not changes; the correction and the emptied value are.
    expect(p.changes?.statistics).toEqual([
      { label: '小学在校生数（人）', before: '600', after: '650' },
      { label: expect.stringContaining('图书'), before: '12000', after: '（留空，未写入）' },
    ]);
    const emptied = p.issues.find((i) => i.message.includes('被清空'));
    expect(emptied).toMatchObject({ severity: 'warning', file: '自评表.xlsx', sheet: '统计数据', row: rows['图书'], column: 'C', group: 'statistics' });
    expect(emptied?.message).toContain('原有数值 12000 被清空');
    const grades = p.issues.find((i) => i.message.includes('年级学生数之和'));
    expect(grades?.message).toBe('统计数据：1—6 年级学生数之和（600）与小学在校生数（650）不一致');
    expect(grades?.sheet).toBe('统计数据');
    expect(grades?.row).toBeGreaterThan(STATISTICS_HEADER_ROW);

    const committed = await importFrom(round.id, folder, false);
    expect(committed.stored).toBe(1);
    const records = await api<StatRecordWithSources[]>('stats.forSchool', { schoolId });
    const thisYear = records.find((r) => r.year === year && r.campusId === null)!;
    // The confirmed figures become this year's; the emptied one is not written.
    expect(thisYear.values).toMatchObject({ pupilsPrimary: 650, teachers: 40, pupilsGrade1: 100 });
    expect(thisYear.values).not.toHaveProperty('books');
    // The warnings are kept with the revision, for the unit's page.
    const unit = (await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!;
    const subs = await api<UnitSubmissions>('rounds.submissions', { unitId: unit.id });
    expect(subs.revisions[0]!.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([expect.stringContaining('年级学生数之和（600）')]));
    // The emptied value is named once, not also as a field without any figure.
    expect(p.issues.filter((i) => i.message.includes('图书'))).toHaveLength(1);
    // The grade-sum note points at the figure the school corrected (小学在校生数), not at 1年级.
    expect(grades?.row).toBe((await statisticsRows(folder))['小学在校生数']);
    // After the import the unit's first revision still shows what the school corrected.
    expect(subs.revisions[0]!.changes).toMatchObject({ statisticsBase: 'issued', indicators: [], statistics: [{ label: '小学在校生数（人）', before: '600', after: '650' }, expect.objectContaining({ after: '（留空，未写入）' })] });
    // Checking the same package again says the same about its statistics.
    const again = (await importFrom(round.id, folder, true)).packages[0]!;
    expect(again.verdict).toBe('unchanged');
    expect(again.issues.filter((i) => i.group === 'statistics').map((i) => i.message).sort()).toEqual(p.issues.filter((i) => i.group === 'statistics').map((i) => i.message).sort());
  });

  it('a package with errors in its content is shown whole (answers, statistics, changes) with every error counted, and not imported', async () => {
    const { round, folder } = await setup();
    await fill(folder, 'Z', '等级写错了', 650);
    const p = (await importFrom(round.id, folder, true)).packages[0]!;
    expect(p.verdict).toBe('error');
    expect(p.reason).toContain('Z');
    expect(p.statistics.find((s) => s.key === 'pupilsPrimary')?.value).toBe('650');
    expect(p.changes?.statistics).toContainEqual({ label: '小学在校生数（人）', before: '（空）', after: '650' });
    expect((await importFrom(round.id, folder, false)).stored).toBe(0);
  });

  it('dry run shows the self-evaluation and changes; commit stores revision 1 with evidence and statistics; the same package twice changes nothing', async () => {
    const { round, folder, schoolId, year } = await setup();
    await fill(folder, 'B', '有集团章程和年度计划', 650);
    const evidenceDir = path.join(folder, '佐证材料', fs.readdirSync(path.join(folder, '佐证材料')).sort()[0]!);
    fs.writeFileSync(path.join(evidenceDir, '章程.pdf'), SAMPLE_BYTES.pdf('章程'));
    fs.writeFileSync(path.join(evidenceDir, '运行.exe'), SAMPLE_BYTES.exe());

    const preview = await importFrom(round.id, folder, true);
    expect(preview.packages).toHaveLength(1);
    const p = preview.packages[0]!;
    expect(p.verdict).toBe('new');
    expect(p.revision).toBe(1);
    expect(p.answers.find((a) => a.answer === '等级 B')?.explanation).toBe('有集团章程和年度计划');
    expect(p.evidence.map((e) => e.name)).toEqual(['章程.pdf']);
    expect(p.refused.map((r) => r.path)).toEqual([expect.stringContaining('运行.exe')]);
    expect(p.workbook?.name).toBe('自评表.xlsx');
    expect(p.changes?.statisticsBase).toBe('issued');
    expect(p.changes?.statistics).toContainEqual({ label: '小学在校生数（人）', before: '（空）', after: '650' });
    // The dry run stored nothing.
    expect((await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!.revision).toBe(0);
    expect(storedBlobs()).toEqual([]);

    const committed = await importFrom(round.id, folder, false);
    expect(committed.stored).toBe(1);
    // The workbook, the report and the evidence; the refused program never reached the store.
    expect(storedBlobs().length).toBeGreaterThanOrEqual(2);
    const unit = (await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!;
    expect(unit).toMatchObject({ state: 'submitted', revision: 1, late: false });
    const records = await api<StatRecordWithSources[]>('stats.forSchool', { schoolId });
    const record = records.find((r) => r.year === year && r.campusId === null)!;
    expect(record.values.pupilsPrimary).toBe(650);
    expect(record.sources?.pupilsPrimary?.kind).toBe('submission');
    const subs = await api<UnitSubmissions>('rounds.submissions', { unitId: unit.id });
    expect(subs.revisions).toHaveLength(1);
    expect(subs.revisions[0]!.evidence.map((e) => e.name)).toEqual(['章程.pdf']);
    // The refused program is kept with the revision, with its reason, for the unit's page.
    expect(subs.revisions[0]!.refused).toEqual([{ path: expect.stringContaining('运行.exe'), reason: expect.any(String) }]);
    const file = await api<{ bytes: number; sha256: string }>('rounds.submissionFile', { unitId: unit.id, revision: 1, path: subs.revisions[0]!.evidence[0]!.path });
    expect(file.bytes).toBe(SAMPLE_BYTES.pdf('章程').length);

    // The receipt lists every file received with its hash.
    const receipt = await api<{ pdf: { fileName: string; bytes: number }; xlsx: { ref: string; fileName: string } }>('rounds.receipt', { unitId: unit.id, revision: 1 });
    expect(receipt.pdf.fileName).toMatch(/_第1版_接收回执\.pdf$/);
    expect(receipt.pdf.bytes).toBeGreaterThan(1000);
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.readFile(core.ctx.files.download(receipt.xlsx.ref).path);
    const cells = sheet.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain(subs.revisions[0]!.evidence[0]!.sha256);
    expect(cells).toContain(subs.revisions[0]!.workbook!.sha256);
    expect(cells.some((c) => c.includes('佐证材料 1 个'))).toBe(true);
    // How much of the self-evaluation was done, against what the unit had to do.
    expect(cells.some((c) => /内容：自评 1 项（应自评 \d+ 项）/.test(c))).toBe(true);
    // What was refused is on the receipt too, with the reason.
    expect(cells.some((c) => /^未接收：1 个文件——.*运行\.exe（.+）$/.test(c))).toBe(true);

    const again = await importFrom(round.id, folder, false);
    expect(again.packages[0]!.verdict).toBe('unchanged');
    expect(again.stored).toBe(0);
    expect((await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!.revision).toBe(1);
    // Blobs the revision uses survive the sweep.
    await api('attachments.sweep', {});
    expect((await api<{ bytes: number }>('rounds.submissionFile', { unitId: unit.id, revision: 1, path: subs.revisions[0]!.evidence[0]!.path })).bytes).toBeGreaterThan(0);
  });

  it('a different filling of the same package is a conflict: skipped unless accepted, then the next revision with its diff', async () => {
    const { round, folder } = await setup();
    await fill(folder, 'B', '第一次填写', 650);
    await importFrom(round.id, folder, false);
    await fill(folder, 'A', '另一台电脑上的填写', 650);
    const preview = await importFrom(round.id, folder, true);
    const p = preview.packages[0]!;
    expect(p.verdict).toBe('conflict');
    expect(p.reason).toContain('基于第 0 版填写，而该单位已有第 1 版且内容不同');
    const skipped = await importFrom(round.id, folder, false);
    expect(skipped.stored).toBe(0);
    const accepted = await importFrom(round.id, folder, false, { [p.key]: 'accept' });
    expect(accepted.stored).toBe(1);
    expect(accepted.packages[0]!.revision).toBe(2);
    const unit = (await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!;
    const subs = await api<UnitSubmissions>('rounds.submissions', { unitId: unit.id });
    expect(subs.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(subs.revisions[0]!.changes!.indicators[0]).toMatchObject({ before: '等级 B；第一次填写', after: '等级 A；另一台电脑上的填写' });
  });

  it('refuses a late package unless extended, or accepts it marked 逾期 when the round allows; another round’s package is an error', async () => {
    const past = [{ name: '学校自评', startsOn: '2020-01-01', endsOn: '2020-01-31', collects: true }];
    const { round, folder } = await setup(past);
    await fill(folder, 'B', '', 600);
    let r = await importFrom(round.id, folder, true);
    expect(r.packages[0]).toMatchObject({ verdict: 'refused' });
    expect(r.packages[0]!.reason).toContain('已过截止日期：“学校自评”阶段截止于 2020-01-31');
    const unitId = round.units[0]!.id;
    await api('rounds.extend', { unitId, stageId: round.stages[0]!.id, until: '2099-12-31', reason: '学校停电' });
    r = await importFrom(round.id, folder, true);
    expect(r.packages[0]!.verdict).toBe('new');

    const other = await api<RoundDetail>('rounds.create', {
      name: '另一个项目',
      year: round.year,
      evaluator: { kind: 'office', name: '督导室' },
      systemId: round.system.id,
      stages: past,
      latePolicy: 'accept',
      units: [{ schoolId: round.units[0]!.schoolId, campusId: null }],
    });
    r = await importFrom(other.id, folder, true);
    expect(r.packages[0]).toMatchObject({ verdict: 'error', reason: '该填报包属于评估项目“督导评估”，不是“另一个项目”的填报包' });
  });
});

describe('退回修改', () => {
  it('queries an indicator, returns a package carrying the school’s answers and evidence, and the reply comes back as revision 2 closing the query', async () => {
    const { round, folder } = await setup();
    await fill(folder, 'C', '资料不全', 650, '秋季转入');
    const evidenceDir = path.join(folder, '佐证材料', fs.readdirSync(path.join(folder, '佐证材料')).sort()[0]!);
    fs.writeFileSync(path.join(evidenceDir, '照片.jpg'), SAMPLE_BYTES.jpeg());
    await importFrom(round.id, folder, false);
    const unitId = round.units[0]!.id;
    let subs = await api<UnitSubmissions>('rounds.submissions', { unitId });
    const answered = subs.revisions[0]!.answers.find((a) => a.answer === '等级 C')!;

    const refusedNoQuery = await core.dispatch('rounds.returnPackage', { unitId });
    expect(refusedNoQuery.ok).toBe(false);
    const query = await api<{ id: number; target: { label: string }; askedRevision: number }>('rounds.addQuery', { unitId, target: { kind: 'indicator', key: answered.nodeId }, text: '请补充集团章程原件扫描件' });
    expect(query.target.label).toBe(`${answered.code} ${answered.title}`);
    expect(query.askedRevision).toBe(1);

    const out = path.join(dir, '退回');
    fs.mkdirSync(out);
    const destination = await core.ctx.files.registerFolder(out);
    const returned = await api<{ file: { fileName: string; bytes: number }; packageVersion: number; queries: number }>('rounds.returnPackage', { unitId, destination: { ref: destination.ref } });
    expect(returned).toMatchObject({ packageVersion: 2, queries: 1 });
    expect(returned.file.fileName).toMatch(/_退回修改第1次\.zip$/);
    expect((await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!.state).toBe('returned');

    // The return package holds the school's evidence and its answers pre-filled; the school corrects one.
    const back = path.join(out, fs.readdirSync(out).find((n) => !n.endsWith('.zip'))!);
    const carried = fs.readdirSync(path.join(back, '佐证材料', path.basename(evidenceDir)));
    expect(carried).toEqual(['照片.jpg']);
    // …and the statistics it submitted, with its notes, not the register's figures.
    const returnedBook = new ExcelJS.Workbook();
    await returnedBook.xlsx.readFile(path.join(back, '自评表.xlsx'));
    const pupilsRow = returnedBook.getWorksheet(SHEETS.statistics)!.getRows(STATISTICS_HEADER_ROW + 1, 200)!.find((r) => String(r.getCell(1).value).startsWith('小学在校生数'))!;
    expect(pupilsRow.getCell(STAT_VALUE_COL).value).toBe(650);
    expect(pupilsRow.getCell(STATISTICS_COLUMN_ORDER.indexOf('note') + 1).value).toBe('秋季转入');
    fs.writeFileSync(path.join(back, '佐证材料', path.basename(evidenceDir), '章程扫描件.pdf'), SAMPLE_BYTES.pdf('章程'));
    await fill(back, 'B', '已补充章程扫描件', 650);

    const preview = await importFrom(round.id, back, true);
    expect(preview.packages[0]).toMatchObject({ verdict: 'new', revision: 2 });
    expect(preview.packages[0]!.changes!.evidenceAdded).toEqual([expect.stringContaining('章程扫描件.pdf')]);
    expect(preview.packages[0]!.changes!.evidenceRemoved).toEqual([]);
    await importFrom(round.id, back, false);
    subs = await api<UnitSubmissions>('rounds.submissions', { unitId });
    expect(subs.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(subs.revisions[0]!.changes!.indicators).toContainEqual({ label: `${answered.code} ${answered.title}`, before: '等级 C；资料不全', after: '等级 B；已补充章程扫描件' });
    expect(subs.queries).toMatchObject([{ id: query.id, answeredRevision: 2 }]);
    expect(subs.queries[0]!.closedAt).not.toBeNull();
    expect(subs.unit.state).toBe('submitted');
  });
});
