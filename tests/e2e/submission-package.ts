/**
 * A returned 填报包 as a school makes it, for the end-to-end tests: a round set up through the API
 * (demo district, a published indicator system, one primary school, a receiving stage around
 * today), its package generated as a zip by the `rounds.packages` job and read from the data
 * directory, then filled as a school would — a grade and an explanation for the first graded
 * indicator, one statistic corrected, a photo filed under the first indicator, the report written
 * as PDF (optionally with more files beside the photo) — and zipped again; every other indicator
 * is left unfilled, as a school that has only begun would send it. `fillPackageZip` does the
 * filling for any package zip, a first issue or a 退回修改 package (round-full-path.spec.ts takes
 * its zips from the page's downloads).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Job } from '../../shared/api/contracts/jobs';
import type { RoundCandidate, RoundDetail } from '../../shared/api/contracts/rounds';
import { api, type DeskServer } from './fixtures';

/** A real 1×1 PNG (a browser decodes it: the viewer's <img> gets a natural size). */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A one-page PDF Chromium's viewer opens. */
export const PDF_BYTES = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
    '4 0 obj<</Length 44>>stream',
    'BT /F1 24 Tf 50 100 Td (Self report) Tj ET',
    'endstream endobj',
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
  ].join('\n'),
);

/** A calendar day `days` after today (local time). */
export function day(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Waits for a job to end (the test's own polling; the page follows events). */
export async function waitJob(desk: DeskServer, id: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = await api<Job>(desk, 'jobs.get', { id });
    if (job.state !== '排队' && job.state !== '运行中') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('作业未在 120 秒内结束');
}

export interface FilledPackage {
  round: RoundDetail;
  unit: RoundDetail['units'][number];
  /** The filled zip (under the test's data directory), named as the office issued it. */
  zipPath: string;
  grade: string;
  explanation: string;
  /** The indicator answered, `编码 名称`. */
  indicator: string;
  /** The statistic changed, `名称（单位）`, and its new value. */
  statistic: { label: string; value: number };
  photoName: string;
}

/** Sets up the round and returns its one package, filled and zipped as the school sends it back. */
export async function filledPackage(desk: DeskServer, options: { roundName?: string; loadDemo?: boolean; alsoInFolder?: FillOptions['alsoInFolder'] } = {}): Promise<FilledPackage> {
  const roundName = options.roundName ?? '云溪区2025年度学校督导评估';
  if (options.loadDemo !== false) await api(desk, 'demo.load', {});
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const year = 2025;
  const candidates = await api<RoundCandidate[]>(desk, 'rounds.candidates', { year });
  const school = candidates.find((c) => c.schoolType === '小学' && c.campusId === null)!;
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: roundName,
    year,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: day(-5), endsOn: day(20), collects: true }],
    latePolicy: 'refuse',
    units: [{ schoolId: school.schoolId, campusId: null }],
  });
  const started = await api<Job>(desk, 'jobs.start', { kind: 'rounds.packages', parameters: { roundId: round.id, zip: true } });
  const issued = await waitJob(desk, started.id);
  if (issued.state !== '已完成') throw new Error(`生成填报包失败：${issued.message ?? issued.state}`);
  const zipOutput = issued.outputs.find((o) => o.name.endsWith('.zip'))!;
  const filled = await fillPackageZip(fs.readFileSync(path.join(desk.dataDir, zipOutput.name)), {
    gradeIndex: 1,
    explanation: '集团章程已制定，年度计划按期执行',
    pupilsDelta: 37,
    evidence: { name: '集团章程照片.png', bytes: PNG_BYTES },
    alsoInFolder: options.alsoInFolder,
    report: true,
  });

  // Kept inside the test's data directory, which the fixture removes; the upload keeps the package's own name.
  const dir = path.join(desk.dataDir, 'e2e-returned');
  fs.mkdirSync(dir, { recursive: true });
  const zipPath = path.join(dir, path.basename(zipOutput.name));
  fs.writeFileSync(zipPath, filled.buffer);
  return { round, unit: round.units[0], zipPath, grade: filled.grade, explanation: filled.explanation, indicator: filled.indicator, statistic: filled.statistic!, photoName: filled.evidenceName! };
}

export interface FillOptions {
  /** Which of the first graded indicator's grades to choose (index into the grades its 自评方式 lists). */
  gradeIndex: number;
  explanation: string;
  /** Pupils added to 小学在校生数 on 统计数据; absent: the statistics are left as they are. */
  pupilsDelta?: number;
  /** A file put into the answered indicator's evidence folder. */
  evidence?: { name: string; bytes: Buffer };
  /** More files put beside it (a program the school's folder happened to hold, which is not received). */
  alsoInFolder?: { name: string; bytes: Buffer }[];
  /** Writes the 学校自评报告 as PDF. */
  report?: boolean;
}

export interface FilledZip {
  /** The zip as the school sends it back. */
  buffer: Buffer;
  /** The indicator answered, `编码 名称`, with its grade and explanation. */
  indicator: string;
  grade: string;
  explanation: string;
  /** The statistic changed, `名称（单位）`, and its new value (null when left alone). */
  statistic: { label: string; value: number } | null;
  evidenceName: string | null;
}

/**
 * Fills a 填报包 zip (a first issue or a 退回修改 package, which holds the school's answers
 * pre-filled) as a school would: the first indicator answered by grade gets the chosen grade and
 * explanation, optionally 小学在校生数 corrected, a file filed under that indicator's evidence
 * folder (the 佐证材料文件夹 column names it) and the report written as PDF.
 */
export async function fillPackageZip(zipBytes: Buffer, options: FillOptions): Promise<FilledZip> {
  const zip = await JSZip.loadAsync(zipBytes);
  // The zip holds one folder named after the round and unit; everything is under it.
  const workbookEntry = Object.keys(zip.files).find((n) => n.endsWith('自评表.xlsx'))!;
  const root = workbookEntry.slice(0, -'自评表.xlsx'.length);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file(workbookEntry)!.async('nodebuffer')) as unknown as ExcelJS.Buffer);

  // 自评: headers on row 4; the first leaf answered by grade gets the chosen grade.
  const sheet = wb.getWorksheet('自评')!;
  const header = sheet.getRow(4);
  const col = (name: string) => {
    let at = 0;
    header.eachCell((c, n) => {
      if (String(c.value).trim() === name) at = n;
    });
    if (!at) throw new Error(`自评表中没有“${name}”列`);
    return at;
  };
  const [codeCol, titleCol, methodCol, answerCol, explanationCol, folderCol] = ['指标编码', '指标名称', '自评方式', '自评结果', '自评说明', '佐证材料文件夹'].map(col);
  let answered: { indicator: string; grade: string; folder: string } | null = null;
  sheet.eachRow((row, n) => {
    if (answered || n <= 4) return;
    const method = String(row.getCell(methodCol).value ?? '');
    const grades = method.match(/^自评等级（(.+)）$/)?.[1]?.split('/');
    if (!grades || grades.length <= options.gradeIndex) return;
    row.getCell(answerCol).value = grades[options.gradeIndex];
    row.getCell(explanationCol).value = options.explanation;
    answered = { indicator: `${String(row.getCell(codeCol).value).trim()} ${String(row.getCell(titleCol).value).trim()}`, grade: grades[options.gradeIndex], folder: String(row.getCell(folderCol).value ?? '').trim() };
  });
  if (!answered) throw new Error('自评表中没有按等级自评的指标');
  const a = answered as { indicator: string; grade: string; folder: string };

  // 统计数据: headers on row 3; 小学在校生数 corrected.
  let statistic: { label: string; value: number } | null = null;
  if (options.pupilsDelta !== undefined) {
    const delta = options.pupilsDelta;
    wb.getWorksheet('统计数据')!.eachRow((row, n) => {
      if (statistic || n <= 3) return;
      const label = String(row.getCell(1).value ?? '');
      if (!label.startsWith('小学在校生数')) return;
      const before = Number(row.getCell(3).value ?? 0) || 0;
      statistic = { label, value: before + delta };
      row.getCell(3).value = before + delta;
    });
    if (!statistic) throw new Error('统计数据中没有“小学在校生数”');
  }
  zip.file(workbookEntry, Buffer.from(await wb.xlsx.writeBuffer()));

  if (options.evidence) zip.file(`${root}佐证材料/${a.folder}/${options.evidence.name}`, options.evidence.bytes);
  for (const f of options.alsoInFolder ?? []) zip.file(`${root}佐证材料/${a.folder}/${f.name}`, f.bytes);
  if (options.report) zip.file(`${root}学校自评报告.pdf`, PDF_BYTES);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { buffer, indicator: a.indicator, grade: a.grade, explanation: options.explanation, statistic, evidenceName: options.evidence?.name ?? null };
}

/**
 * Imports a zip through the API as the page would: streamed to /api/files (the staged reference),
 * then a committing `rounds.import` job. Returns the finished job.
 */
export async function importThroughApi(desk: DeskServer, roundId: number, zipPath: string): Promise<Job> {
  const r = await fetch(`${desk.origin}/api/files?name=${encodeURIComponent(path.basename(zipPath))}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-desk-token': desk.token },
    body: fs.readFileSync(zipPath),
  });
  const staged = (await r.json()) as { ok: boolean; value?: { ref: string }; error?: { message: string } };
  if (!staged.ok) throw new Error(staged.error!.message);
  const started = await api<Job>(desk, 'jobs.start', { kind: 'rounds.import', parameters: { roundId, sources: [{ ref: staged.value!.ref }], dryRun: false } });
  return waitJob(desk, started.id);
}
