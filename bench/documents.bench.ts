/**
 * Documents benchmark (issues 5 and 13), all in one run: N 差异系数测算报告 of the demo district
 * (19 pages, two charts each) rendered one after another on this thread with one font registry —
 * DOCX, then PDF; the same N as a `documents.batch` job through the worker pool (PDF only, then
 * DOCX + PDF), once with the pool's default size and once with a thread per processor, each in a
 * process of its own that runs the built core and pool as the installed app does, its RSS sampled
 * every 20 ms (bench/documents-batch.mjs); and the same N DOCX converted to
 * PDF by LibreOffice headless in a single soffice invocation, as a ratio to our PDF time. N
 * defaults to 100 (`BENCH_DOCUMENTS_COUNT=20` for a quicker run, 300 for the memory target).
 * Targets (issue 13): PDF ≤ 150 ms and DOCX ≤ 60 ms per document in batch, LibreOffice ≥ 3 × our
 * PDF time, peak ≤ 400 MB over 300 documents.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { renderDocx, renderPdf } from '../main/documents';
import { loadDemo } from '../main/services/demo/demo-service';
import { DEMO_YEARS } from '../main/services/demo/demo-district';
import { buildDocument } from '../main/services/documents/build';
import { documentFonts } from '../main/services/documents/fonts';
import { tempCore } from '../main/testing/temp-core';
import { defaultPoolThreads } from '../main/workers/thread-memory';
import { heapMb, round, rssMb } from './measure';

const run = promisify(execFile);

/**
 * One batch measurement in a process of its own (documents-batch.mjs, the built core and worker
 * threads as the installed app runs them): a process's RSS does not shrink when a pool closes, so
 * a batch measured after another would carry the first one's peak.
 */
async function batchInChild(count: number, formats: ('docx' | 'pdf')[], threads: number | undefined) {
  const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'documents-batch.mjs'), String(count), formats.join(','), String(threads ?? 'default')], {
    cwd: path.resolve(import.meta.dirname, '..'),
    maxBuffer: 16 << 20,
    timeout: 60 * 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { threads: number | 'default'; msPerDocument: number; cpuMsPerDocument: number; outputs: number; rssIdleMb: number; rssBeforeMb: number; peakRssMb: number };
}

export async function runDocumentsBench(count = Number(process.env.BENCH_DOCUMENTS_COUNT ?? 100), batchCount = Number(process.env.BENCH_DOCUMENTS_BATCH_COUNT ?? count)) {
  const core = await tempCore('bench');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-docs-'));
  try {
    // The batch job first, each in a process of its own (its peak RSS is the memory figure): the
    // pool's default size (defaultPoolThreads: by processors and memory), then one thread per
    // processor. BENCH_DOCUMENTS_BATCH_COUNT sets its N apart (e.g. 300 for the memory target);
    // BENCH_DOCUMENTS_POOLS (e.g. `default,2`) chooses the pool sizes. The core and the pool run as
    // the app ships them (electron-vite's bundle), not the sources through tsx, which costs each
    // thread ~80 MB more and is no user's case.
    await run('npx', ['electron-vite', 'build'], { cwd: path.resolve(import.meta.dirname, '..'), maxBuffer: 64 << 20 });
    const defaultThreads = defaultPoolThreads(os.availableParallelism(), os.totalmem());
    const pools = (process.env.BENCH_DOCUMENTS_POOLS ?? `default,${os.availableParallelism()}`).split(',');
    const poolSizes = [...new Set(pools.map((p) => (p.trim() === 'default' ? undefined : Number(p))))];
    const batch = [];
    for (const threads of poolSizes) {
      const pdf = await batchInChild(batchCount, ['pdf'], threads);
      const both = await batchInChild(batchCount, ['docx', 'pdf'], threads);
      batch.push({
        threads: threads ?? `${defaultThreads} (default)`,
        pdfMsPerDocument: pdf.msPerDocument,
        pdfCpuMsPerDocument: pdf.cpuMsPerDocument,
        pdfPeakRssMb: pdf.peakRssMb,
        docxAndPdfMsPerDocument: both.msPerDocument,
        docxAndPdfCpuMsPerDocument: both.cpuMsPerDocument,
        outputs: both.outputs,
        rssIdleMb: both.rssIdleMb,
        rssBeforeMb: both.rssBeforeMb,
        peakRssMb: both.peakRssMb,
      });
    }
    const bestPdf = Math.min(...batch.map((b) => b.pdfMsPerDocument));

    await loadDemo(core.ctx, false);
    const fonts = documentFonts();
    // Each report is built from the data (balance computation included), cycling through the demo years.
    const build = async (i: number) => (await buildDocument(core.ctx, { kind: 'balance', year: DEMO_YEARS[i % DEMO_YEARS.length] })).doc;

    // Warm-up of both renderers (fonts read and parsed once per process, code compiled); its cost is reported separately.
    const w0 = performance.now();
    await renderPdf(await build(0), fonts);
    await renderDocx(await build(0), { fonts });
    const warmupMs = performance.now() - w0;

    let docxBytes = 0;
    const d0 = performance.now();
    const dc = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const r = await renderDocx(await build(i), { fonts });
      docxBytes += r.buffer.length;
      fs.writeFileSync(path.join(dir, `report-${String(i).padStart(3, '0')}.docx`), r.buffer);
    }
    const docxMs = performance.now() - d0;
    const docxCpu = process.cpuUsage(dc);

    let pdfBytes = 0;
    let pdfPages = 0;
    const p0 = performance.now();
    const pc = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const r = await renderPdf(await build(i), fonts);
      pdfBytes += r.buffer.length;
      if (i === 0) pdfPages = (r.buffer.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    }
    const pdfMs = performance.now() - p0;
    const pdfCpu = process.cpuUsage(pc);

    // One soffice process converts every file, as a batch user would run it.
    const outDir = path.join(dir, 'lo');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-lo-'));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.docx')).map((f) => path.join(dir, f));
    const l0 = performance.now();
    await run('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files], {
      timeout: 60 * 60_000,
      maxBuffer: 64 << 20,
    });
    const loMs = performance.now() - l0;
    const converted = fs.readdirSync(outDir).filter((f) => f.endsWith('.pdf')).length;
    fs.rmSync(profile, { recursive: true, force: true });

    const per = (ms: number) => round(ms / count);
    return {
      documents: count,
      pagesPerPdf: pdfPages,
      fontWarmupMs: round(warmupMs),
      docxMsPerDocument: per(docxMs),
      pdfMsPerDocument: per(pdfMs),
      // CPU time of this process (all threads): less sensitive than wall time to other load on the machine.
      docxCpuMsPerDocument: per((docxCpu.user + docxCpu.system) / 1000),
      pdfCpuMsPerDocument: per((pdfCpu.user + pdfCpu.system) / 1000),
      libreOfficeMsPerDocument: round(loMs / Math.max(1, converted)),
      libreOfficeConverted: converted,
      libreOfficeToOurPdfRatio: round(loMs / Math.max(1, converted) / (pdfMs / count), 2),
      batchDocuments: batchCount,
      batch,
      libreOfficeToBatchPdfRatio: round(loMs / Math.max(1, converted) / bestPdf, 2),
      avgDocxKb: round(docxBytes / count / 1024),
      avgPdfKb: round(pdfBytes / count / 1024),
      rssMb: rssMb(),
      heapMb: heapMb(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await core.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDocumentsBench(process.argv[2] ? Number(process.argv[2]) : undefined).then((r) => console.log(JSON.stringify(r, null, 2)));
}
