/**
 * 评估项目 and 填报包 (issue 11, Performance), measured with the product's own built CLI
 * (`node out/cli/index.cjs`), each command in a fresh process, RSS sampled every 20 ms inside it
 * (the sampler of blobs.bench.ts, preloaded with `--require`), the kernel's high-water mark beside it.
 *
 * Set-up (not measured): a register of 300 schools (two 小学 to one 初中) imported from a CSV with
 * last year's statistics, the preset indicator system `school-self-evaluation-five-sections`
 * published, and one round holding all 300 whose collecting stage runs from 30 days ago to 30 days
 * ahead (so every package is on time; the round also accepts late ones).
 *
 * 1. `packages`: `rounds packages <round> --out DIR` for all 300 units, without and then with `--zip`
 *    (the second run regenerates every package: units 已下发 are issued again); seconds, peak, and
 *    milliseconds per package (with and without the process's start-up, taken from `rounds list`).
 * 2. `import`: 50 of those package folders moved to a "USB" folder, each workbook filled minimally
 *    (one self-evaluation with its explanation, written with ExcelJS as a school's Excel would),
 *    and ≈ 20 MB of evidence per package (1 GB in all: files of at most 4 MB of random bytes behind a
 *    PDF or JPEG header, written 1 MB at a time and flushed, spread over the 佐证材料 sub-folders).
 *    Measured `BENCH_ROUNDS_RUNS` times (default 3), interleaved so that load from other processes
 *    falls on all alike, medians reported: the anchor — a plain Node child that copies every
 *    evidence file to a temporary folder while hashing it (sha256, streamed with fs streams; the
 *    issue's "copy and hash the same files") —, `rounds import <round> <usb> --dry-run`, and the
 *    commit (one pass that stores every file in the content-addressed store), each commit on a fresh
 *    copy of the data directory as it was before any import. Before each measured step the file
 *    system is flushed (`sync`, not on Windows) so that no step pays for an earlier step's writes.
 *    Beside them, for information (one run): the same anchor copy with every file flushed to disk
 *    before it is closed, as the store flushes each blob.
 *
 * Targets (issue 11): import ≤ 2 × the anchor's time, peak ≤ 300 MB. Scale with
 * `BENCH_ROUNDS_UNITS` (default 300), `BENCH_ROUNDS_PACKAGES` (50), `BENCH_ROUNDS_MB` (total evidence,
 * 1024), `BENCH_ROUNDS_RUNS` (3), `BENCH_ROUNDS_PRESET`; to look into a step, `BENCH_ROUNDS_KEEP=1` keeps the
 * work folder and `BENCH_ROUNDS_CPU_PROF=<folder>` writes a CPU profile of every measured CLI process. Temp space (os.tmpdir()): the USB folder and,
 * at any one time, either the anchor's copies or one commit's store — ≈ 2.2 GB at full size, all
 * deleted at the end. Run: `npx tsx bench/run.ts rounds` (about 2 minutes on a 2-core machine).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SAMPLER } from './blobs.bench';
import { round } from './measure';

/** Peak resident memory allowed while importing 1 GB of packages (issue 11). */
export const TARGET_PEAK_MB = 300;
/** Import time allowed, as a multiple of copying and hashing the same files (issue 11). */
export const TARGET_RATIO = 2;

const UNITS = Number(process.env.BENCH_ROUNDS_UNITS ?? 300);
const PACKAGES = Math.min(UNITS, Number(process.env.BENCH_ROUNDS_PACKAGES ?? 50));
const TOTAL_MB = Number(process.env.BENCH_ROUNDS_MB ?? 1024);
const PRESET = process.env.BENCH_ROUNDS_PRESET ?? 'school-self-evaluation-five-sections';
const RUNS = Math.max(1, Number(process.env.BENCH_ROUNDS_RUNS ?? 3));
/** Largest evidence file: photos and scans of a few MB each, as schools send them. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'out/cli/index.cjs');
const mb = (bytes: number) => round(bytes / 1024 / 1024, 0);

/** One process: wall time from spawn to exit (start-up included) and its memory. */
export interface ProcessFigures {
  seconds: number;
  /** Largest RSS sample (every 20 ms inside the process), MB. */
  peakRssMb: number;
  /** The kernel's high-water mark for the process, start-up included, MB. */
  maxRssMb: number;
  samples: number;
}

export interface RoundsBenchResult {
  preset: string;
  units: number;
  /** `rounds list` on the set-up data directory: the CLI's start-up and resting memory. */
  baseline: ProcessFigures;
  packages: {
    folders: ProcessFigures & { msPerPackage: number; msPerPackageWithoutStartup: number };
    withZip: ProcessFigures & { msPerPackage: number; msPerPackageWithoutStartup: number };
    /** Size of one package folder and of one zip, KB (the first unit's). */
    folderKb: number;
    zipKb: number;
  };
  import: {
    packages: number;
    evidenceFiles: number;
    evidenceMb: number;
    generateSeconds: number;
    runs: number;
    targetPeakMb: number;
    targetRatio: number;
    /** Copy + sha256 of every evidence file in a plain Node child (fs streams): median time, largest peak, every run's seconds. */
    anchor: ProcessFigures & { runs: number[] };
    /** The same copy with every file flushed to disk before it is closed (information, one run). */
    anchorFlushed: ProcessFigures;
    /** `rounds import --dry-run`: median time, largest peak, every run's seconds, median ÷ the anchor's median. */
    dryRun: ProcessFigures & { runs: number[]; ratio: number };
    /** `rounds import` (commit): the same, and MB of evidence per second of the median. */
    commit: ProcessFigures & { runs: number[]; ratio: number; mbPerSecond: number };
    /** commit median ≤ 2 × anchor median and the largest commit peak ≤ 300 MB. */
    withinTarget: boolean;
    timeWithinTarget: boolean;
    peakWithinTarget: boolean;
    /** Blobs in the store after a commit, and their size (evidence + workbooks + reports). */
    blobsOnDisk: number;
    blobsMb: number;
  };
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

// ---------------------------------------------------------------- processes


/**
 * The anchor: copies every file named in the list (one path a line) into `outDir` while hashing it
 * with sha256, streamed (64 KB chunks, as fs streams read), one file after another; mode `flush`:
 * each copy is flushed to disk before it is closed. Prints the number of files and bytes.
 */
const ANCHOR = `
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { Transform } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const [list, outDir, mode] = process.argv.slice(2);
(async () => {
  const files = fs.readFileSync(list, 'utf8').split('\\n').filter(Boolean);
  let bytes = 0;
  const hashes = [];
  for (const [i, file] of files.entries()) {
    const hash = createHash('sha256');
    const target = path.join(outDir, String(i));
    const tap = new Transform({ transform(chunk, _enc, done) { hash.update(chunk); bytes += chunk.length; done(null, chunk); } });
    await pipeline(fs.createReadStream(file), tap, fs.createWriteStream(target, { flush: mode === 'flush' }));
    hashes.push(hash.digest('hex'));
  }
  process.stdout.write(JSON.stringify({ files: hashes.length, bytes }) + '\\n');
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface Run extends ProcessFigures {
  stdout: string;
}

/** Runs `node --require sampler <args>` in a fresh process and returns its figures. */
async function measured(args: string[], work: string, what: string): Promise<Run> {
  const sampler = path.join(work, 'rss-sampler.cjs');
  if (!fs.existsSync(sampler)) fs.writeFileSync(sampler, SAMPLER);
  const out = path.join(work, 'rss.json');
  fs.rmSync(out, { force: true });
  const start = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--require', sampler, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_RSS_OUT: out } });
    const text: Buffer[] = [];
    let err = '';
    proc.stdout.on('data', (d: Buffer) => text.push(d));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(Buffer.concat(text).toString('utf8')) : reject(new Error(`${what} failed (exit ${code}): ${err.slice(-2000)}`))));
  });
  const seconds = (performance.now() - start) / 1000;
  const s = JSON.parse(fs.readFileSync(out, 'utf8')) as { peak: number; maxRss: number; samples: number };
  return { seconds: round(seconds, 2), peakRssMb: mb(s.peak), maxRssMb: mb(s.maxRss), samples: s.samples, stdout };
}

const figures = ({ seconds, peakRssMb, maxRssMb, samples }: ProcessFigures): ProcessFigures => ({ seconds, peakRssMb, maxRssMb, samples });

/** Several runs of one step: the median time, the largest peaks (the target holds for every run), and every run's seconds. */
function medianOf(runs: ProcessFigures[]): ProcessFigures & { runs: number[] } {
  const mid = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : round((s[s.length / 2 - 1]! + s[s.length / 2]!) / 2, 2);
  };
  return {
    seconds: mid(runs.map((r) => r.seconds)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    samples: Math.round(mid(runs.map((r) => r.samples))),
    runs: runs.map((r) => r.seconds),
  };
}

/**
 * Writes dirty pages to disk before a measured step (`sync`; Linux and macOS), so that a step does
 * not pay for the writes of the one before (1 GB of copies or blobs). Windows has no such command;
 * there the steps run as they come.
 */
function settle(): void {
  if (process.platform !== 'win32') spawnSync('sync');
}

/** The built CLI on the bench's data directory, measured. */
function cli(work: string, dataDir: string, ...argv: string[]): Promise<Run> {
  // BENCH_ROUNDS_CPU_PROF=<folder>: a V8 CPU profile of every measured CLI process (for finding where time goes).
  const prof = process.env.BENCH_ROUNDS_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_ROUNDS_CPU_PROF)}`] : [];
  return measured([...prof, CLI, ...argv, '--data-dir', dataDir], work, `cli ${argv.slice(0, 2).join(' ')}`);
}

// ---------------------------------------------------------------- set-up

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A register of `count` schools (two 小学 to one 初中, six townships) and last year's statistics, as CSV files. */
function writeRegister(work: string, count: number, lastYear: number): { schools: string; stats: string } {
  const schools = ['学校标识码,学校名称,类型,城乡,乡镇（街道）'];
  const stats = ['学校标识码,学校名称,年份,小学在校生数（人）,小学班级数（个）,初中在校生数（人）,初中班级数（个）,专任教师数（人）,教学及辅助用房面积（平方米）,室外体育运动场地面积（平方米）,图书册数（册）,计算机台数（台）'];
  const localities = ['城区', '镇区', '乡村'];
  for (let i = 0; i < count; i++) {
    const code = String(3609990001 + i);
    const junior = i % 3 === 2;
    const name = `基准县第${i + 1}${junior ? '中学' : '小学'}`;
    schools.push([code, name, junior ? '初中' : '小学', localities[i % 3], `第${(i % 6) + 1}镇`].join(','));
    const pupils = 240 + (i % 37) * 30;
    const classes = Math.ceil(pupils / 45);
    stats.push([code, name, lastYear, junior ? '' : pupils, junior ? '' : classes, junior ? pupils : '', junior ? classes : '', Math.round(pupils / 14), pupils * 5, pupils * 8, pupils * 30, Math.round(pupils / 8)].join(','));
  }
  const schoolsFile = path.join(work, '学校名册.csv');
  const statsFile = path.join(work, '统计数据.csv');
  fs.writeFileSync(schoolsFile, `\uFEFF${schools.join('\r\n')}\r\n`);
  fs.writeFileSync(statsFile, `\uFEFF${stats.join('\r\n')}\r\n`);
  return { schools: schoolsFile, stats: statsFile };
}

async function setUp(work: string, dataDir: string): Promise<void> {
  const today = new Date();
  const year = today.getFullYear();
  const register = writeRegister(work, UNITS, year - 1);
  await cli(work, dataDir, 'schools', 'import', register.schools);
  await cli(work, dataDir, 'stats', 'import', register.stats, '--year', String(year - 1));
  await cli(work, dataDir, 'systems', 'create', '--preset', PRESET);
  await cli(work, dataDir, 'systems', 'publish', '1');
  const starts = localDay(new Date(today.getTime() - 30 * 86400_000));
  const ends = localDay(new Date(today.getTime() + 30 * 86400_000));
  const created = await cli(work, dataDir, 'rounds', 'create', '--name', `${year}年度学校督导评估`, '--year', String(year), '--system', '1', '--evaluator', '基准县人民政府教育督导室', '--late', 'accept', '--stages', `学校自评=${starts}~${ends}`, '--json');
  const units = (JSON.parse(created.stdout) as { unitCount: number }).unitCount;
  if (units !== UNITS) throw new Error(`the round holds ${units} units, expected ${UNITS}`);
}

// ---------------------------------------------------------------- packages

const packageFolders = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

function dirBytes(dir: string): number {
  let bytes = 0;
  for (const d of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) if (d.isFile()) bytes += fs.statSync(path.join(d.parentPath, d.name)).size;
  return bytes;
}

async function generatePackages(work: string, dataDir: string, out: string, zip: boolean, startupSeconds: number) {
  settle();
  const r = await cli(work, dataDir, 'rounds', 'packages', '1', '--out', out, ...(zip ? ['--zip'] : []), '--json');
  const made = (JSON.parse(r.stdout) as { packages: number }).packages;
  const folders = packageFolders(out);
  const zips = fs.readdirSync(out).filter((n) => n.endsWith('.zip'));
  if (made !== UNITS || folders.length !== UNITS || zips.length !== (zip ? UNITS : 0)) throw new Error(`rounds packages wrote ${folders.length} folders and ${zips.length} zips (reported ${made}) for ${UNITS} units`);
  return {
    ...figures(r),
    msPerPackage: round((r.seconds * 1000) / UNITS, 1),
    msPerPackageWithoutStartup: round(((r.seconds - startupSeconds) * 1000) / UNITS, 1),
  };
}

// ---------------------------------------------------------------- the USB folder

/** Fills a package's workbook as a school would at the least: one graded item with its explanation. */
async function fillWorkbook(folder: string): Promise<void> {
  const { EVALUATION_COLUMN_ORDER, EVALUATION_HEADER_ROW, SHEETS } = await import('../main/exchange/packages/format');
  const file = path.join(folder, '自评表.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(SHEETS.evaluation);
  if (!sheet) throw new Error(`${file} has no sheet ${SHEETS.evaluation}`);
  const methodCol = EVALUATION_COLUMN_ORDER.indexOf('method') + 1;
  for (let row = EVALUATION_HEADER_ROW + 1; row <= sheet.rowCount; row++) {
    const method = String(sheet.getRow(row).getCell(methodCol).value ?? '');
    if (!method.startsWith('自评')) continue;
    sheet.getRow(row).getCell(EVALUATION_COLUMN_ORDER.indexOf('answer') + 1).value = method.startsWith('自评等级') ? 'A' : 1;
    sheet.getRow(row).getCell(EVALUATION_COLUMN_ORDER.indexOf('explanation') + 1).value = '已按要求完成，佐证材料见对应文件夹';
    await wb.xlsx.writeFile(file);
    return;
  }
  throw new Error(`${file}: no row to self-evaluate`);
}

const HEADERS = [
  { ext: '.pdf', head: Buffer.from('%PDF-1.4\n', 'latin1') },
  { ext: '.jpg', head: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]) },
];

/** Writes `bytes` of evidence into the package's 佐证材料 sub-folders (files ≤ 4 MB, 1 MB written at a time); returns their paths. */
function writeEvidence(folder: string, bytes: number, seed: number): string[] {
  const evidenceDir = path.join(folder, '佐证材料');
  const subs = fs.readdirSync(evidenceDir).sort();
  const files: string[] = [];
  for (let left = bytes, n = 0; left > 0; n++) {
    const size = Math.min(MAX_FILE_BYTES, left);
    const kind = HEADERS[(seed + n) % HEADERS.length]!;
    const file = path.join(evidenceDir, subs[(seed + n * 7) % subs.length]!, `佐证材料${String(n + 1).padStart(2, '0')}${kind.ext}`);
    const fd = fs.openSync(file, 'wx');
    try {
      fs.writeSync(fd, kind.head);
      for (let written = kind.head.length; written < size; ) {
        const chunk = randomBytes(Math.min(CHUNK, size - written));
        fs.writeSync(fd, chunk);
        written += chunk.length;
      }
      // On disk before anything is measured: no measured step pays for writing the USB folder.
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    files.push(file);
    left -= size;
  }
  return files;
}

async function anchor(work: string, list: string, mode: 'stream' | 'flush', expectFiles: number): Promise<Run> {
  const script = path.join(work, 'anchor.cjs');
  if (!fs.existsSync(script)) fs.writeFileSync(script, ANCHOR);
  const copies = path.join(work, 'anchor-copies');
  fs.rmSync(copies, { recursive: true, force: true });
  fs.mkdirSync(copies);
  try {
    settle();
    const r = await measured([script, list, copies, mode], work, 'anchor');
    const done = JSON.parse(r.stdout) as { files: number };
    if (done.files !== expectFiles) throw new Error(`anchor copied ${done.files} of ${expectFiles} files`);
    return r;
  } finally {
    fs.rmSync(copies, { recursive: true, force: true });
  }
}

function storeSize(dataDir: string): { count: number; mb: number } {
  let count = 0;
  let bytes = 0;
  const root = path.join(dataDir, 'blobs');
  if (!fs.existsSync(root)) return { count, mb: 0 };
  for (const d of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!d.isFile() || d.parentPath.endsWith('tmp')) continue;
    count++;
    bytes += fs.statSync(path.join(d.parentPath, d.name)).size;
  }
  return { count, mb: mb(bytes) };
}

interface ImportJson {
  packages: { verdict: string; stored: boolean; evidence: unknown[]; refused: unknown[] }[];
  counts: Record<string, number>;
  stored: number;
}

function checkImport(r: Run, dryRun: boolean, evidencePerPackage: number[]): void {
  const report = JSON.parse(r.stdout) as ImportJson;
  const what = dryRun ? 'dry run' : 'commit';
  if (report.packages.length !== PACKAGES) throw new Error(`${what} found ${report.packages.length} of ${PACKAGES} packages`);
  const notNew = report.packages.filter((p) => p.verdict !== 'new');
  if (notNew.length) throw new Error(`${what}: ${notNew.length} packages not accepted (${notNew[0]!.verdict})`);
  const received = report.packages.reduce((n, p) => n + p.evidence.length, 0);
  const expected = evidencePerPackage.reduce((a, b) => a + b, 0);
  if (received !== expected) throw new Error(`${what} received ${received} of ${expected} evidence files`);
  if (!dryRun && report.stored !== PACKAGES) throw new Error(`commit stored ${report.stored} of ${PACKAGES} packages`);
}

// ---------------------------------------------------------------- the benchmark

/** Runs the whole benchmark in a fresh temp folder (deleted at the end); see the module comment. */
export async function runRoundsBench(): Promise<RoundsBenchResult> {
  const { ensureBuiltCli } = await import('../main/testing/cli-harness');
  await ensureBuiltCli();
  const loadAverageBefore = os.loadavg().map((x) => round(x, 2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rounds-'));
  try {
    const dataDir = path.join(work, 'data');
    await setUp(work, dataDir);
    const baseline = figures(await cli(work, dataDir, 'rounds', 'list'));

    // 1. packages for every unit, without and with zips.
    const plain = path.join(work, 'packages');
    const zipped = path.join(work, 'packages-zip');
    const folders = await generatePackages(work, dataDir, plain, false, baseline.seconds);
    const withZip = await generatePackages(work, dataDir, zipped, true, baseline.seconds);
    const first = packageFolders(zipped)[0]!;
    const folderKb = round(dirBytes(path.join(zipped, first)) / 1024, 0);
    const zipKb = round(fs.statSync(path.join(zipped, `${first}.zip`)).size / 1024, 0);
    fs.rmSync(zipped, { recursive: true, force: true });

    // 2. a USB folder of returned packages with 1 GB of evidence.
    const usb = path.join(work, 'U盘');
    fs.mkdirSync(usb);
    const t0 = performance.now();
    const perPackage = Math.floor((TOTAL_MB * 1024 * 1024) / PACKAGES);
    const evidence: string[] = [];
    const evidencePerPackage: number[] = [];
    for (const [i, name] of packageFolders(plain).slice(0, PACKAGES).entries()) {
      const folder = path.join(usb, name);
      fs.renameSync(path.join(plain, name), folder);
      await fillWorkbook(folder);
      const files = writeEvidence(folder, perPackage, i);
      evidence.push(...files);
      evidencePerPackage.push(files.length);
    }
    fs.rmSync(plain, { recursive: true, force: true });
    const generateSeconds = round((performance.now() - t0) / 1000, 1);
    const list = path.join(work, 'evidence.txt');
    fs.writeFileSync(list, `${evidence.join('\n')}\n`);
    const evidenceMb = mb(perPackage * PACKAGES);

    // Interleaved runs: anchor, dry run, commit (each commit on a fresh copy of the data directory as it was before any import).
    const pristine = path.join(work, 'data-before-import');
    fs.cpSync(dataDir, pristine, { recursive: true });
    const anchors: Run[] = [];
    const dryRuns: Run[] = [];
    const commits: Run[] = [];
    let onDisk = { count: 0, mb: 0 };
    for (let r = 0; r < RUNS; r++) {
      anchors.push(await anchor(work, list, 'stream', evidence.length));
      settle();
      const dry = await cli(work, dataDir, 'rounds', 'import', '1', usb, '--dry-run', '--json');
      checkImport(dry, true, evidencePerPackage);
      if (storeSize(dataDir).count !== 0) throw new Error('the dry run stored files');
      dryRuns.push(dry);
      const target = path.join(work, 'data-commit');
      fs.rmSync(target, { recursive: true, force: true });
      fs.cpSync(pristine, target, { recursive: true });
      settle();
      const commit = await cli(work, target, 'rounds', 'import', '1', usb, '--json');
      checkImport(commit, false, evidencePerPackage);
      commits.push(commit);
      onDisk = storeSize(target);
      if (onDisk.count < evidence.length) throw new Error(`the store holds ${onDisk.count} blobs for ${evidence.length} evidence files`);
      fs.rmSync(target, { recursive: true, force: true });
    }
    const flushed = await anchor(work, list, 'flush', evidence.length);

    const a = medianOf(anchors);
    const d = medianOf(dryRuns);
    const c = medianOf(commits);
    const ratio = (s: number) => round(s / a.seconds, 2);
    const timeWithinTarget = c.seconds <= TARGET_RATIO * a.seconds;
    const peakWithinTarget = c.peakRssMb <= TARGET_PEAK_MB;
    return {
      preset: PRESET,
      units: UNITS,
      baseline,
      packages: { folders, withZip, folderKb, zipKb },
      import: {
        packages: PACKAGES,
        evidenceFiles: evidence.length,
        evidenceMb,
        generateSeconds,
        runs: RUNS,
        targetPeakMb: TARGET_PEAK_MB,
        targetRatio: TARGET_RATIO,
        anchor: a,
        anchorFlushed: figures(flushed),
        dryRun: { ...d, ratio: ratio(d.seconds) },
        commit: { ...c, ratio: ratio(c.seconds), mbPerSecond: round(evidenceMb / c.seconds, 0) },
        withinTarget: timeWithinTarget && peakWithinTarget,
        timeWithinTarget,
        peakWithinTarget,
        blobsOnDisk: onDisk.count,
        blobsMb: onDisk.mb,
      },
      loadAverageBefore,
      loadAverageAfter: os.loadavg().map((x) => round(x, 2)),
    };
  } finally {
    // BENCH_ROUNDS_KEEP=1 keeps the work folder (register, packages, USB folder, pristine data) for looking into a step by hand.
    if (process.env.BENCH_ROUNDS_KEEP === '1') console.log(`bench-rounds work folder kept: ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}
