/**
 * Documents benchmark (issue 5): N 差异系数测算报告 of the demo district rendered in one process with
 * one font registry — DOCX, then PDF — and the same N DOCX converted to PDF by LibreOffice headless
 * in a single soffice invocation, as a ratio to our PDF time. N defaults to 100
 * (`BENCH_DOCUMENTS_COUNT=20 npx tsx bench/run.ts documents` for a quicker run).
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
import { heapMb, round, rssMb } from './measure';

const run = promisify(execFile);

export async function runDocumentsBench(count = Number(process.env.BENCH_DOCUMENTS_COUNT ?? 100)) {
  const core = await tempCore('bench');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-docs-'));
  try {
    await loadDemo(core.ctx, false);
    const fonts = documentFonts();
    // Each report is built from the data (balance computation included), cycling through the demo years.
    const build = async (i: number) => (await buildDocument(core.ctx, { kind: 'balance', year: DEMO_YEARS[i % DEMO_YEARS.length] })).doc;

    // Warm-up: fonts are read once per process; that cost is reported separately.
    const w0 = performance.now();
    await renderPdf(await build(0), fonts);
    const warmupMs = performance.now() - w0;

    let docxBytes = 0;
    const d0 = performance.now();
    for (let i = 0; i < count; i++) {
      const r = await renderDocx(await build(i), { fonts });
      docxBytes += r.buffer.length;
      fs.writeFileSync(path.join(dir, `report-${String(i).padStart(3, '0')}.docx`), r.buffer);
    }
    const docxMs = performance.now() - d0;

    let pdfBytes = 0;
    let pdfPages = 0;
    const p0 = performance.now();
    for (let i = 0; i < count; i++) {
      const r = await renderPdf(await build(i), fonts);
      pdfBytes += r.buffer.length;
      if (i === 0) pdfPages = (r.buffer.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    }
    const pdfMs = performance.now() - p0;

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
      libreOfficeMsPerDocument: round(loMs / Math.max(1, converted)),
      libreOfficeConverted: converted,
      libreOfficeToOurPdfRatio: round(loMs / Math.max(1, converted) / (pdfMs / count), 2),
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
