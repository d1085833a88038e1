/**
 * 整改进展包 (issue 14 item 6) through the core's dispatcher: packages made for the schools with open
 * items, a school's workbook filled with exceljs and evidence dropped in its item's folder, a dry
 * run that writes nothing, an import that records progress with evidence, starts items and moves a
 * completed one (with evidence) to 已完成待核验 reported by the school; the same package twice
 * changes nothing; a tampered manifest and bad cells are refused with file, sheet, row and column;
 * an older package after a newer one is a conflict until accepted; the 回执 lists every file.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RectificationDetail, RectificationItem } from '../../../shared/api/contracts/rectification';
import type { PackageSchool, RectificationImportReport, RectificationPackageImport, RectificationPackageMade } from '../../../shared/api/contracts/rectification-packages';
import type { School } from '../../../shared/api/contracts/schools';
import type { FileResult } from '../../../shared/api/envelope';
import type { Job } from '../../../shared/api/contracts/jobs';
import { resultBytes, stageBytes } from '../../testing/files';
import { coreCalls } from '../../testing/scoring';
import { tempCore, tempDir } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';
import { openpyxlAvailable, openpyxlProblem, xlsxSchemaProblems } from '../../exchange/testing/xlsx-validity';
import { PACKAGE_FILES, PROGRESS_COLUMNS, PROGRESS_SHEET } from './packages-format';

let core: Awaited<ReturnType<typeof tempCore>>;
let dir: string;
const { api } = coreCalls(() => core);

beforeEach(async () => {
  core = await tempCore();
  dir = tempDir('desk-rect-packages-');
});
afterEach(async () => {
  await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const col = (key: (typeof PROGRESS_COLUMNS)[number]['key']) => PROGRESS_COLUMNS.findIndex((c) => c.key === key) + 1;

async function setup() {
  await api('operators.create', { name: '张明', office: '督导室' });
  const s1 = await api<School>('schools.create', { code: '4502020001', name: '第一小学', type: '小学', locality: '城区' });
  const s2 = await api<School>('schools.create', { code: '4502020002', name: '第二小学', type: '小学', locality: '城区' });
  const item = (problem: string, school: School) => api<RectificationItem>('rectification.save', { problem, target: '达到标准', measures: '制定方案', owner: { kind: 'school', schoolId: school.id }, deadline: '2027-06-30' });
  const a = await item('功能教室不足', s1);
  const b = await item('体育器材缺损', s1);
  const c = await item('图书更新慢', s1);
  await item('校舍维修滞后', s2);
  await api('rectification.save', { problem: '编制不足', owner: { kind: 'department', name: '县委机构编制委员会办公室' }, deadline: '2027-06-30' });
  return { s1, s2, a, b, c };
}

/** Makes s1's package into a fresh folder; returns the package's folder. */
async function makePackage(schoolId: number, sub: string): Promise<{ folder: string; made: RectificationPackageMade }> {
  const out = path.join(dir, sub);
  fs.mkdirSync(out, { recursive: true });
  const destination = await core.ctx.files.registerFolder(out);
  const [made] = await api<RectificationPackageMade[]>('rectification.packages', { schoolIds: [schoolId], destination: { ref: destination.ref } });
  return { folder: path.join(out, made!.folder), made: made! };
}

/** Fills rows of the package's workbook by 编号. */
async function fill(folder: string, rows: Record<string, { date?: unknown; text?: string; complete?: string; files?: string }>) {
  const file = path.join(folder, PACKAGE_FILES.workbook);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(PROGRESS_SHEET)!;
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const v = rows[String(row.getCell(col('number')).value)];
    if (!v) continue;
    if (v.date !== undefined) row.getCell(col('date')).value = v.date as ExcelJS.CellValue;
    if (v.text !== undefined) row.getCell(col('text')).value = v.text;
    if (v.complete !== undefined) row.getCell(col('complete')).value = v.complete;
    if (v.files !== undefined) row.getCell(col('files')).value = v.files;
  }
  await wb.xlsx.writeFile(file);
}

const evidence = (folder: string, number: string, name: string, body: string) => fs.writeFileSync(path.join(folder, PACKAGE_FILES.evidence, number, name), body);
const importIt = async (folder: string, dryRun: boolean, acceptConflict = false) => api<RectificationImportReport>('rectification.importPackage', { source: { ref: (await core.ctx.files.registerFolder(folder)).ref }, dryRun, acceptConflict });
const detail = (id: number) => api<RectificationDetail>('rectification.get', { id });

describe('整改进展包', () => {
  it('goes out with the open items and comes back as progress entries, once', async () => {
    const { s1, a, b, c } = await setup();
    const schools = await api<PackageSchool[]>('rectification.packageSchools');
    expect(schools.map((s) => [s.schoolName, s.open])).toEqual([
      ['第二小学', 1],
      ['第一小学', 3],
    ]);
    const { folder, made } = await makePackage(s1.id, 'U盘');
    expect(made).toMatchObject({ schoolName: '第一小学', items: 3, folder: '第一小学_整改进展包' });
    expect(fs.readdirSync(path.join(folder, PACKAGE_FILES.evidence)).sort()).toEqual([a.number, b.number, c.number].sort());
    // The downloadable zip holds the same package, empty evidence folders included.
    const zip = await JSZip.loadAsync(resultBytes(core.ctx, made.zip));
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining([`第一小学_整改进展包/${PACKAGE_FILES.manifest}`, `第一小学_整改进展包/${PACKAGE_FILES.evidence}/${a.number}/`]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(folder, PACKAGE_FILES.workbook));
    const ws = wb.getWorksheet(PROGRESS_SHEET)!;
    expect(ws.getRow(1).values).toEqual([undefined, ...PROGRESS_COLUMNS.map((x) => x.header)]);
    expect(ws.getRow(2).getCell(col('requirement')).value).toBe('整改目标：达到标准\n整改措施：制定方案');
    expect(ws.getRow(2).getCell(col('state')).value).toBe('未启动');
    expect(ws.getCell(2, col('complete')).dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    // Opens in Excel, WPS and openpyxl: validations within the OOXML schema.
    const xlsx = fs.readFileSync(path.join(folder, PACKAGE_FILES.workbook));
    const schema = await xlsxSchemaProblems(xlsx);
    expect(schema.problems).toEqual([]);
    expect(schema.validations).toBeGreaterThanOrEqual(4);
    if (await openpyxlAvailable()) expect(await openpyxlProblem(path.join(folder, PACKAGE_FILES.workbook))).toBeUndefined();

    await fill(folder, {
      [a.number]: { date: new Date(Date.UTC(2026, 0, 15)), text: '已改建两间功能教室。', complete: '是', files: '验收照片.jpg、验收单.pdf' },
      [b.number]: { date: '2026年1月20日', text: '已采购部分器材。', complete: '是' },
    });
    evidence(folder, a.number, '验收照片.jpg', 'JPEG-bytes');
    evidence(folder, a.number, '验收单.pdf', '%PDF-1.4 acceptance');
    evidence(folder, b.number, '说明.txt', 'not listed');

    const dry = await importIt(folder, true);
    expect(dry.verdict).toBe('new');
    expect(dry.schoolName).toBe('第一小学');
    expect(dry.entries).toEqual([
      { number: a.number, date: '2026-01-15', text: '已改建两间功能教室。', files: ['验收照片.jpg', '验收单.pdf'], complete: true },
      { number: b.number, date: '2026-01-20', text: '已采购部分器材。', files: [], complete: true },
    ]);
    expect(dry.moves).toEqual([
      { number: a.number, from: '未启动', to: '整改中' },
      { number: a.number, from: '整改中', to: '已完成待核验' },
      { number: b.number, from: '未启动', to: '整改中' },
    ]);
    const warnings = dry.issues.filter((i) => i.severity === 'warning');
    expect(warnings.find((i) => i.row === 3)).toMatchObject({ sheet: PROGRESS_SHEET, message: expect.stringContaining('没有附佐证材料') });
    expect(warnings.find((i) => i.file === `${PACKAGE_FILES.evidence}/${b.number}/说明.txt`)?.message).toContain('未导入');
    // The dry run wrote nothing.
    expect((await detail(a.id)).item.state).toBe('not_started');
    expect(await api<RectificationPackageImport[]>('rectification.packageImports')).toEqual([]);

    const done = await importIt(folder, false);
    expect(done).toMatchObject({ verdict: 'new', revision: 1 });
    const da = await detail(a.id);
    expect(da.item).toMatchObject({ state: 'awaiting_verification', reportedBy: { id: null, name: '第一小学' }, progressCount: 1 });
    const entry = da.events.find((e) => e.kind === 'progress')!;
    expect(entry).toMatchObject({ date: '2026-01-15', text: '已改建两间功能教室。', by: '第一小学（整改进展包）' });
    expect(entry.files.map((f) => f.name)).toEqual(['验收照片.jpg', '验收单.pdf']);
    expect(resultBytes(core.ctx, await api<FileResult>('rectification.file', { fileId: entry.files[1]!.id })).toString()).toBe('%PDF-1.4 acceptance');
    expect((await detail(b.id)).item).toMatchObject({ state: 'in_progress', progressCount: 1, reportedBy: null });
    expect((await detail(c.id)).item.state).toBe('not_started');
    // The importing operator did not report completion: they may verify the school's report.
    const verified = await api<RectificationDetail>('rectification.move', { id: a.id, version: da.item.version, action: 'verify_fail', reason: '照片不清晰', text: '照片不清晰', files: [] });
    expect(verified.item.state).toBe('in_progress');

    // The same package again changes nothing (verify_fail's 整改中 is not moved again either).
    const events = (await detail(a.id)).events.length;
    const again = await importIt(folder, false);
    expect(again).toMatchObject({ verdict: 'unchanged', revision: null, entries: [], moves: [] });
    expect((await detail(a.id)).events).toHaveLength(events);
    // The same package zipped (as a school hands it in) reads the same: nothing new.
    const zipped = new JSZip();
    const addDir = (d: string, prefix: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) addDir(path.join(d, e.name), `${prefix}/${e.name}`);
        else zipped.file(`${prefix}/${e.name}`, fs.readFileSync(path.join(d, e.name)));
      }
    };
    addDir(folder, '第一小学_整改进展包');
    const zipFile = path.join(dir, '第一小学_整改进展包.zip');
    fs.writeFileSync(zipFile, await zipped.generateAsync({ type: 'nodebuffer' }));
    const fromZip = await api<RectificationImportReport>('rectification.importPackage', { source: { ref: (await core.ctx.files.registerPath(zipFile)).ref }, dryRun: true });
    expect(fromZip).toMatchObject({ verdict: 'unchanged', schoolName: '第一小学', issues: [expect.objectContaining({ severity: 'warning' })] });
    expect(await api<RectificationPackageImport[]>('rectification.packageImports', { schoolId: s1.id })).toMatchObject([{ revision: 1, entries: 2, moved: 1, files: 2, schoolName: '第一小学' }]);

    // The next package says the verification failed.
    const next = await makePackage(s1.id, 'U盘2');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(path.join(next.folder, PACKAGE_FILES.workbook));
    expect(wb2.getWorksheet(PROGRESS_SHEET)!.getRow(2).getCell(col('state')).value).toBe('整改中（核验未通过，退回整改：照片不清晰）');

    // The 回执: the workbook and each evidence file with its SHA-256.
    const receipt = await api<{ pdf: FileResult; xlsx: FileResult }>('rectification.packageReceipt', { importId: done.importId });
    expect(resultBytes(core.ctx, receipt.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const rx = new ExcelJS.Workbook();
    await rx.xlsx.load(resultBytes(core.ctx, receipt.xlsx) as unknown as ArrayBuffer);
    const cells = rx.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining([PACKAGE_FILES.workbook, `${PACKAGE_FILES.evidence}/${a.number}/验收单.pdf`]));
    expect(cells.join('\n')).toMatch(/报告整改完成 1 项/);
  });

  it('refuses a tampered manifest and names each bad cell by sheet, row and column', async () => {
    const { s1, a, b, c } = await setup();
    const { folder } = await makePackage(s1.id, 'U盘');
    const manifestFile = path.join(folder, PACKAGE_FILES.manifest);
    const original = fs.readFileSync(manifestFile, 'utf8');
    fs.writeFileSync(manifestFile, original.replace('"第一小学"', '"第二小学"'));
    const tampered = await importIt(folder, true);
    expect(tampered.verdict).toBe('refused');
    expect(tampered.issues).toEqual([expect.objectContaining({ severity: 'error', file: PACKAGE_FILES.manifest, message: expect.stringContaining('校验信息与督导室签发的不一致') })]);
    fs.writeFileSync(manifestFile, original);

    await fill(folder, {
      [a.number]: { date: '2999-01-01', text: '已整改。', complete: '可能' },
      [b.number]: { date: '2026-02-30', text: '', files: '清单.pdf、程序.exe' },
      [c.number]: { date: '2026-03-01', text: '已更新图书。', files: '照片.jpg' },
    });
    evidence(folder, b.number, '程序.exe', 'MZ');
    evidence(folder, c.number, '照片.jpg', '');
    const r = await importIt(folder, false);
    expect(r.verdict).toBe('refused');
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => [i.sheet, i.row, i.column, i.message]);
    expect(errors).toEqual([
      [PROGRESS_SHEET, 2, 'G', expect.stringContaining('晚于今天')],
      [PROGRESS_SHEET, 2, 'I', expect.stringContaining('应填写“是”或“否”（填写的是“可能”）')],
      [PROGRESS_SHEET, 3, 'G', expect.stringContaining('2026年2月没有30日')],
      [PROGRESS_SHEET, 3, 'H', expect.stringContaining('请填写进展情况')],
      [PROGRESS_SHEET, 3, 'J', expect.stringContaining('找不到佐证材料“清单.pdf”')],
      [PROGRESS_SHEET, 3, 'J', expect.stringContaining('“程序.exe”的文件类型不能接收')],
      [PROGRESS_SHEET, 4, 'J', expect.stringContaining('空文件')],
    ]);
    expect(r.issues.every((i) => i.severity === 'warning' || i.file === PACKAGE_FILES.workbook)).toBe(true);
    // Nothing half-written.
    for (const it of [a, b, c]) expect((await detail(it.id)).item).toMatchObject({ state: 'not_started', progressCount: 0 });
  });

  it('holds an older package back as a conflict until accepted, and skips closed items', async () => {
    const { s1, a, b } = await setup();
    const older = await makePackage(s1.id, '旧');
    await new Promise((r) => setTimeout(r, 5));
    const newer = await makePackage(s1.id, '新');
    await fill(newer.folder, { [b.number]: { date: '2026-02-01', text: '器材已补齐。' } });
    expect((await importIt(newer.folder, false)).revision).toBe(1);

    await fill(older.folder, { [b.number]: { date: '2026-01-10', text: '已提出采购申请。' } });
    const conflict = await importIt(older.folder, false);
    expect(conflict).toMatchObject({ verdict: 'conflict', revision: null, latestRevision: 1 });
    expect((await detail(b.id)).item.progressCount).toBe(1);
    const accepted = await importIt(older.folder, false, true);
    expect(accepted).toMatchObject({ verdict: 'conflict', revision: 2 });
    expect((await detail(b.id)).item.progressCount).toBe(2);

    // An item closed meanwhile is skipped with a warning; the rest still comes in.
    const fresh = await makePackage(s1.id, '再');
    await fill(fresh.folder, { [a.number]: { date: '2026-03-01', text: '第二次整改。', complete: '是', files: '照片.jpg' } });
    evidence(fresh.folder, a.number, '照片.jpg', 'JPEG-2');
    await importIt(fresh.folder, false);
    await api('operators.create', { name: '李华', office: '督导室' });
    const da = await detail(a.id);
    expect(da.item).toMatchObject({ state: 'awaiting_verification', reportedBy: { name: '第一小学' } });
    const { ref } = await stageBytes(core.ctx, '核验记录.pdf', '%PDF');
    await api('rectification.move', { id: a.id, version: da.item.version, action: 'verify_pass', text: '已整改到位', files: [{ ref }] });
    await fill(fresh.folder, { [a.number]: { text: '第二次整改，补充说明。' }, [b.number]: { date: '2026-03-05', text: '器材已验收。' } });
    const r = await importIt(fresh.folder, false);
    expect(r.skipped).toEqual([{ number: a.number, reason: expect.stringContaining('销号') }]);
    expect(r.issues.find((i) => i.severity === 'warning' && i.row === 2)?.message).toContain('这一行未导入');
    expect(r.entries.map((e) => e.number)).toEqual([b.number]);
    expect((await detail(a.id)).item.state).toBe('closed');
  });

  it('makes every school\'s package as a job with progress, its zips recorded to download', async () => {
    await setup();
    const started = await api<Job>('jobs.start', { kind: 'rectification.packages', parameters: {} });
    expect(started.title).toBe('生成整改进展包（2 所学校）');
    const job = await waitForJob(started.id);
    expect(job).toMatchObject({ state: '已完成', done: 2, total: 2 });
    expect(job.folder).toMatch(/^导出文件\/整改进展包\//);
    expect(job.outputs.map((o) => o.name.split('/').pop())).toEqual(['第二小学_整改进展包.zip', '第一小学_整改进展包.zip']);
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(core.ctx.dataDir, job.outputs[1]!.name)));
    expect(Object.keys(zip.files)).toContain(`第一小学_整改进展包/${PACKAGE_FILES.workbook}`);
    // A school without open items is refused before a job exists.
    const refused = await core.dispatch('jobs.start' as never, { kind: 'rectification.packages', parameters: { schoolIds: [99] } } as never);
    expect(refused.ok).toBe(false);
  });
});
