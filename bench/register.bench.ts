import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { School } from '../shared/api/contracts/schools';
import type { StatRecord } from '../shared/api/contracts/statistics';
import { heapMb, round, rssMb, time } from './measure';

// The app modules are imported inside the functions, so that a child process measuring one reader
// (see readerBench below) loads only that reader and its peak memory is the reader's.

const SCHOOLS = 2000;
const YEARS = [2023, 2024, 2025];
const TYPES = ['小学', '初中', '九年一贯制', '教学点'] as const;
const LOCALITIES = ['城区', '镇区', '乡村'] as const;

function syntheticSchools(): School[] {
  return Array.from({ length: SCHOOLS }, (_, i) => ({
    id: i + 1,
    code: String(3600000000 + i),
    name: `基准测试第${i + 1}学校`,
    shortName: null,
    type: TYPES[i % TYPES.length],
    ownership: '公办',
    locality: LOCALITIES[i % 3],
    township: `第${(i % 40) + 1}镇`,
    address: null,
    principal: `校长${i}`,
    contact: null,
    status: '在办',
    closedOn: null,
    campuses: [],
    latestStatsYear: null,
    updatedAt: '',
  }));
}

function syntheticStats(schools: School[], year: number): StatRecord[] {
  const k = 1 + (year - 2023) * 0.02;
  return schools.map((s, i) => {
    const pupils = Math.round((200 + (i % 37) * 40) * k);
    return {
      schoolId: s.id,
      campusId: null,
      year,
      updatedAt: '',
      values: {
        pupilsPrimary: pupils,
        classesPrimary: Math.ceil(pupils / 45),
        teachers: Math.round(pupils / 16),
        teachersAboveDegreePrimary: Math.round(pupils / 20),
        backboneTeachers: Math.round(pupils / 90),
        peTeachers: 3,
        musicTeachers: 2,
        artTeachers: 2,
        teachingAuxArea: pupils * 5,
        sportsGroundArea: pupils * 8,
        gymArea: 0,
        equipmentValue: pupils * 2100,
        multimediaRooms: Math.ceil(pupils / 40),
        books: pupils * 30,
        computers: Math.round(pupils / 8),
        musicRoomAreas: [96, 98],
        publicFunding: pupils * 700,
      },
    };
  });
}

/** Importing statistics for 2,000 schools × 3 years (dry run and commit), listing and searching the register. */
export async function runRegisterBench() {
  const { exportSchoolsWorkbook, exportStatsWorkbook } = await import('../main/exchange/register');
  const { importSchools, importStats } = await import('../main/services/exchange-service');
  const { listSchools } = await import('../main/services/schools-service');
  const { tempCore } = await import('../main/testing/temp-core');
  const { localFile } = await import('../main/testing/files');
  const core = await tempCore('bench');
  try {
    const schools = syntheticSchools();
    const schoolsFile = await exportSchoolsWorkbook(schools);
    // Staged once, as an upload would be: the import reads the staged file (what is timed).
    const schoolsLocal = await localFile(core.ctx, 'schools.xlsx', schoolsFile);
    const schoolsImport = await time(1, () => importSchools(core.ctx, schoolsLocal, false));
    const stored = await listSchools(core.ctx, {});
    const byCode = new Map(stored.map((s) => [s.code, s]));
    const results: Record<string, unknown> = { schools: SCHOOLS, schoolsImportCommitMs: schoolsImport.medianMs };
    let peakRss = rssMb();
    for (const year of YEARS) {
      const records = syntheticStats(schools, year).map((r, i) => ({ ...r, schoolId: byCode.get(schools[i].code)!.id }));
      const file = await exportStatsWorkbook(year, stored, records);
      const local = await localFile(core.ctx, `stats-${year}.xlsx`, file);
      const dry = await time(3, async () => {
        const r = await importStats(core.ctx, local, true, year);
        if (r.errors.length) throw new Error(r.errors[0].message);
      });
      peakRss = Math.max(peakRss, rssMb());
      const commit = await time(1, async () => {
        const r = await importStats(core.ctx, local, false, year);
        if (!r.committed) throw new Error('not committed');
      });
      peakRss = Math.max(peakRss, rssMb());
      results[`stats${year}`] = { fileKb: Math.round(file.length / 1024), dryRunMedianMs: dry.medianMs, commitMs: commit.medianMs };
    }
    results.listAll = await time(10, () => listSchools(core.ctx, {}));
    results.search = await time(20, () => listSchools(core.ctx, { search: '第1999' }));
    results.filter = await time(20, () => listSchools(core.ctx, { type: '初中', locality: '乡村' }));
    results.peakRssMb = peakRss;
    results.heapMb = heapMb();
    results.reading = await readerBench(schools);
    return results;
  } finally {
    await core.dispose();
  }
}

// ---------------------------------------------------------------- reading workbooks: new reader vs ExcelJS

type ReaderName = 'workbook' | 'exceljs';

interface ChildReport {
  ok: boolean;
  medianMs?: number;
  runs?: number;
  rows?: number;
  cells?: number;
  /** Peak resident memory of the whole child process (Node itself included), MB. */
  peakRssMb: number;
  /** The child's peak before reading (Node, the reader's modules, the file's bytes), MB. */
  baselineRssMb?: number;
  wallSeconds?: number;
  error?: string;
}

/**
 * Time and peak memory of reading two files, each reader in its own child process so one run's
 * memory cannot hide in another's: the 2,000-school statistics file of this bench, and a sheet whose
 * formatting reaches row 1,048,576 (20 schools, then 8 styled empty cells on every row down to the
 * last, as Excel writes a range formatted from A1 to H1048576). The ExcelJS reader the product used
 * before (with the data-validation stripping it needed) is the anchor.
 */
async function readerBench(schools: School[]) {
  const { exportStatsWorkbook } = await import('../main/exchange/register');
  const { buildXlsx, formattedToLastRow, inlineCell, textRow } = await import('../main/exchange/workbook/testing/xlsx-builder');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reader-'));
  try {
    const statsFile = path.join(dir, 'stats-2000.xlsx');
    const year = 2025;
    fs.writeFileSync(statsFile, await exportStatsWorkbook(year, schools, syntheticStats(schools, year)));

    const formattedFile = path.join(dir, 'formatted-to-1048576.xlsx');
    const head =
      textRow(1, ['学校标识码', '学校名称', '年份', '小学在校生数（人）', '教学及辅助用房面积（平方米）']) +
      schools
        .slice(0, 20)
        .map((s, i) => `<row r="${i + 2}">${inlineCell(`A${i + 2}`, s.code!)}${inlineCell(`B${i + 2}`, s.name)}<c r="C${i + 2}"><v>${year}</v></c><c r="D${i + 2}"><v>${300 + i}</v></c><c r="E${i + 2}"><v>${1500 + i}</v></c></row>`)
        .join('');
    fs.writeFileSync(formattedFile, await buildXlsx({ sheets: [{ name: '学校统计', rows: () => formattedToLastRow(head, 22, 8) }] }));

    const cases = [
      { name: 'stats2000', file: statsFile, runs: 5 },
      { name: 'formattedTo1048576', file: formattedFile, runs: 1 },
    ];
    const out: Record<string, unknown> = {};
    for (const c of cases) {
      const entry: Record<string, unknown> = { fileKb: Math.round(fs.statSync(c.file).size / 1024) };
      for (const reader of ['workbook', 'exceljs'] as const) entry[reader] = await measureInChild(reader, c.file, c.runs);
      out[c.name] = entry;
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS (VmHWM) of a running process on Linux, MB; null elsewhere or once it has exited. */
function highWaterMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 0) : null;
  } catch {
    return null;
  }
}

const CHILD_TIMEOUT_MS = Number(process.env.BENCH_READER_TIMEOUT_MS ?? 300_000);

function measureInChild(reader: ReaderName, file: string, runs: number): Promise<ChildReport> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--reader-child', reader, file, String(runs)], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Sampled from outside too, so a child that runs out of memory or is stopped still reports its peak.
    const poll = setInterval(() => (peak = Math.max(peak, highWaterMb(child.pid!) ?? 0)), 100);
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const wallSeconds = round((performance.now() - t0) / 1000);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) {
        const r = JSON.parse(line) as ChildReport;
        resolve({ ...r, peakRssMb: Math.max(r.peakRssMb, peak) });
        return;
      }
      const why =
        signal === 'SIGKILL'
          ? `stopped after ${round(CHILD_TIMEOUT_MS / 1000, 0)} s`
          : /heap out of memory|Invalid string length|Array buffer allocation failed/.exec(stderr)?.[0] ?? `exit ${code ?? signal}: ${stderr.trim().split('\n').pop() ?? ''}`;
      resolve({ ok: false, error: why, peakRssMb: peak, wallSeconds });
    });
  });
}

/** The old path: ExcelJS loads the whole workbook (after data validations are stripped with JSZip). */
async function readWithExcelJs(buf: Buffer): Promise<{ rows: number; cells: number }> {
  const { default: ExcelJS } = await import('exceljs');
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(buf);
  let input: Buffer = buf;
  let touched = false;
  for (const p of Object.keys(zip.files)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(p)) continue;
    const xml = await zip.file(p)!.async('string');
    if (!xml.includes('dataValidations')) continue;
    zip.file(p, xml.replace(/<dataValidations\b[\s\S]*?<\/dataValidations>/g, '').replace(/<x14:dataValidations\b[\s\S]*?<\/x14:dataValidations>/g, ''));
    touched = true;
  }
  if (touched) input = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(input as unknown as ArrayBuffer);
  let rows = 0;
  let cells = 0;
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      rows++;
      row.eachCell({ includeEmpty: false }, () => void cells++);
    });
  }
  return { rows, cells };
}

async function readWithWorkbookReader(buf: Buffer): Promise<{ rows: number; cells: number }> {
  const { readSource } = await import('../main/exchange/register/read-source');
  const { IssueCollector } = await import('../main/exchange/register/issues');
  const issues = new IssueCollector('bench.xlsx');
  const book = await readSource(buf, issues);
  if (!book) throw new Error(issues.toArray()[0]?.message ?? 'unreadable');
  let rows = 0;
  let cells = 0;
  for (const s of book.sheets) {
    for (const r of s.rows) {
      const n = r.filter((c) => c.t !== 'empty').length;
      if (n > 0) rows++;
      cells += n;
    }
  }
  return { rows, cells };
}

async function readerChild(reader: ReaderName, file: string, runs: number) {
  const read = reader === 'workbook' ? readWithWorkbookReader : readWithExcelJs;
  const buf = fs.readFileSync(file);
  // Load the reader's modules before the baseline, so the baseline is Node + modules + the file.
  if (reader === 'workbook') {
    await import('../main/exchange/register/read-source');
  } else {
    await import('exceljs');
    await import('jszip');
  }
  const baselineRssMb = round(process.resourceUsage().maxRSS / 1024, 0);
  let counts = { rows: 0, cells: 0 };
  const t = await time(runs, async () => {
    counts = await read(buf);
  });
  const report: ChildReport = { ok: true, medianMs: t.medianMs, runs, ...counts, peakRssMb: round(process.resourceUsage().maxRSS / 1024, 0), baselineRssMb };
  console.log(JSON.stringify(report));
}

if (process.argv[2] === '--reader-child' && path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  readerChild(process.argv[3] as ReaderName, process.argv[4], Number(process.argv[5] ?? 1)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
