/** Read-back helpers for tests: poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and LibreOffice headless. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** tests/output/documents at the repository root (git-ignored): rendered pages for review. */
export const OUTPUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/output/documents');

export async function tempDir(prefix: string): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), `sd-${prefix}-`));
}

export async function pdfText(pdf: string, layout = false): Promise<string> {
  const { stdout } = await run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 << 20 });
  return stdout;
}

export async function pdfPageText(pdf: string, page: number): Promise<string> {
  const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', pdf, '-']);
  return stdout;
}

export interface PdfFontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export async function pdfFonts(pdf: string): Promise<PdfFontRow[]> {
  const { stdout } = await run('pdffonts', [pdf]);
  const lines = stdout.split('\n').slice(2).filter((l) => l.trim());
  return lines.map((line) => {
    // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object ID.
    const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
    if (!m) throw new Error(`无法解析 pdffonts 输出：${line}`);
    return { name: m[1], type: m[2], embedded: m[4] === 'yes', subset: m[5] === 'yes' };
  });
}

export async function pdfPageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  const m = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!m) throw new Error(`pdfinfo 未给出页数：${pdf}`);
  return Number(m[1]);
}

/** Writes `<prefix>-N.png` pages at 50 dpi and returns their paths in page order. */
export async function pdfToPngs(pdf: string, outPrefix: string, dpi = 50): Promise<string[]> {
  await fs.promises.mkdir(path.dirname(outPrefix), { recursive: true });
  await run('pdftoppm', ['-png', '-r', String(dpi), pdf, outPrefix]);
  const dir = path.dirname(outPrefix);
  const base = path.basename(outPrefix);
  return (await fs.promises.readdir(dir))
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png'))
    .map((f) => ({ f, n: Number(/-(\d+)\.png$/.exec(f)?.[1] ?? 0) }))
    .sort((a, b) => a.n - b.n)
    .map(({ f }) => path.join(dir, f));
}

/** Converts a DOCX with LibreOffice headless in its own profile; throws with LibreOffice's output on failure. */
export async function libreOfficeToPdf(docx: string, outDir: string): Promise<string> {
  const profile = await tempDir('lo-profile');
  try {
    const { stdout, stderr } = await run(
      'soffice',
      [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, docx],
      { timeout: 90_000 },
    );
    const pdf = path.join(outDir, `${path.basename(docx, path.extname(docx))}.pdf`);
    if (!fs.existsSync(pdf)) throw new Error(`LibreOffice 未生成 PDF：${stdout}\n${stderr}`);
    return pdf;
  } finally {
    await fs.promises.rm(profile, { recursive: true, force: true });
  }
}

/** One text line of a PDF page as `pdftotext -bbox` places it: its words joined, in points from the top-left. */
export interface PdfTextLine {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * Text lines with their boxes, from `pdftotext -bbox`: words on one baseline (same yMax) joined in
 * x order. CJK text without spaces comes back as one word per line.
 */
export async function pdfTextLines(pdf: string): Promise<PdfTextLine[]> {
  const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 << 20 });
  const lines: PdfTextLine[] = [];
  let page = 0;
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const m of stdout.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') {
      page++;
      continue;
    }
    const [xMin, yMin, xMax, yMax] = [m[1], m[2], m[3], m[4]].map(Number);
    const line = lines.find((l) => l.page === page && Math.abs(l.yMax - yMax) < 0.5);
    if (line) {
      line.text = line.xMin <= xMin ? line.text + decode(m[5]) : decode(m[5]) + line.text;
      line.xMin = Math.min(line.xMin, xMin);
      line.xMax = Math.max(line.xMax, xMax);
    } else lines.push({ page, text: decode(m[5]), xMin, xMax, yMin, yMax });
  }
  return lines;
}
