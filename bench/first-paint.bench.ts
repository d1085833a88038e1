/**
 * First useful paint on an office PC (issue 10 item 3): Debian's Chromium with the CPU throttled
 * 4× (Chrome DevTools' "4× slowdown", the usual stand-in for a slow office PC), browser mode
 * serving the demo district. "Useful" = the 学校 list shows its first school row, not a spinner.
 *
 * Side by side in one run, from the same sources:
 * - shipped: the renderer as `electron-vite build` makes it (minified, split per route);
 * - anchor: the same sources as one unminified script without code splitting — the shape of the
 *   bundle before this issue (6.5 MB, about 4 s).
 *
 * Each sample is a fresh document with the HTTP cache disabled (a cold start, as after launch).
 * Reports the median of BENCH_PAINT_RUNS (default 7) samples, the script bytes the first paint
 * needed, and the initial script (entry + modulepreloads of index.html).
 * Target: initial script ≤ 1 MB and first useful paint ≤ 1.5 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { startCoreHost } from '../main/app/core-host';
import { startWebServer } from '../main/web/server';
import { round } from './measure';
import { rendererPlugins } from '../vite.renderer-plugins';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_PAINT_RUNS ?? 7);
const THROTTLE = 4;

interface Variant {
  name: string;
  dir: string;
}

interface PaintFigures {
  initialScriptKb: number;
  allScriptsKb: number;
  scriptsLoadedForPaintKb: number;
  firstUsefulPaintMs: number;
  samplesMs: number[];
}

/** Builds the renderer into `outDir`; `anchor` = one unminified script as before issue 10. */
async function buildRenderer(outDir: string, anchor: boolean): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: path.join(ROOT, 'renderer'),
    base: './',
    plugins: rendererPlugins(),
    build: {
      outDir,
      emptyOutDir: true,
      minify: anchor ? false : 'esbuild',
      sourcemap: false,
      chunkSizeWarningLimit: 100_000,
      rollupOptions: { input: { index: path.join(ROOT, 'renderer/index.html') }, output: anchor ? { inlineDynamicImports: true } : {} },
    },
  });
}

/** Bytes of the scripts index.html loads before anything runs: the entry and its modulepreloads. */
function initialScriptBytes(dir: string): number {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  return refs.reduce((sum, r) => sum + fs.statSync(path.join(dir, r)).size, 0);
}

function allScriptBytes(dir: string): number {
  const assets = path.join(dir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + fs.statSync(path.join(assets, f)).size, 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(variant: Variant, dispatch: Parameters<typeof startWebServer>[0]['dispatch'], files: Parameters<typeof startWebServer>[0]['files']): Promise<PaintFigures> {
  const server = await startWebServer({ dispatch, files, staticRoot: variant.dir, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    // The launch address sets the session cookie; the samples then open the bare address.
    await page.goto(server.url);
    await page.waitForSelector('tbody tr.ant-table-row', { timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const origin = new URL(server.url).origin;
    const samples: number[] = [];
    const scriptBytes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A new query string makes a new document (a hash change alone would keep the old one, and
      // performance.now() would keep counting from its start).
      await page.goto(`${origin}/?sample=${variant.name}-${i}#/schools`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(() => (document.querySelector('tbody tr.ant-table-row') ? performance.now() : false), undefined, { polling: 'raf', timeout: 60_000 });
      samples.push(round((await handle.jsonValue()) as number, 0));
      // Script bytes fetched up to the paint (resource timing; the page's own count).
      const loaded = await page.evaluate((t) => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const scripts = entries.filter((e) => e.initiatorType === 'script' || e.initiatorType === 'link' || e.name.endsWith('.js'));
        return {
          bytes: scripts.filter((e) => e.name.endsWith('.js') && e.responseEnd <= t).reduce((s, e) => s + e.decodedBodySize, 0),
          timeline: entries.map((e) => `${Math.round(e.startTime)}-${Math.round(e.responseEnd)} ${e.name.replace(/^.*\//, '')}`),
        };
      }, samples[samples.length - 1]);
      if (process.env.BENCH_PAINT_TRACE) console.log(variant.name, samples[samples.length - 1], loaded.timeline.join('\n  '));
      scriptBytes.push(loaded.bytes);
    }
    return {
      initialScriptKb: round(initialScriptBytes(variant.dir) / 1024, 0),
      allScriptsKb: round(allScriptBytes(variant.dir) / 1024, 0),
      scriptsLoadedForPaintKb: round(median(scriptBytes) / 1024, 0),
      firstUsefulPaintMs: median(samples),
      samplesMs: samples,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function runFirstPaintBench() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-paint-'));
  const shipped: Variant = { name: 'shipped', dir: path.join(work, 'shipped') };
  const anchor: Variant = { name: 'anchor', dir: path.join(work, 'anchor') };
  const dataDir = path.join(work, 'data');
  try {
    await buildRenderer(shipped.dir, false);
    await buildRenderer(anchor.dir, true);
    const core = await startCoreHost(dataDir, 'web');
    try {
      await core.dispatch('demo.load', {});
      const ops = await core.dispatch('operators.create', { name: '测速员', office: '督导室' });
      if (!(ops as { ok: boolean }).ok) throw new Error('无法创建操作人');
      const shippedFigures = await measure(shipped, core.dispatch, core.files);
      const anchorFigures = await measure(anchor, core.dispatch, core.files);
      return {
        cpuThrottle: `${THROTTLE}x`,
        runs: RUNS,
        shipped: shippedFigures,
        anchor: anchorFigures,
        targets: { initialScriptKb: 1024, firstUsefulPaintMs: 1500 },
        met: shippedFigures.initialScriptKb <= 1024 && shippedFigures.firstUsefulPaintMs <= 1500,
      };
    } finally {
      await core.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
