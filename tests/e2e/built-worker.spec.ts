/**
 * The Electron build's worker thread (out/main/heavy-worker.js, built by `electron-vite build` before
 * these tests) loads and renders under plain Node: a bundling fault (a clashing `require` shim, a
 * missing chunk) would otherwise only show on a user's PC, where every document export would fail.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

test('the built worker renders a document', async () => {
  const entry = pathToFileURL(path.resolve('out/main/heavy-worker.js')).href;
  const worker = (await import(entry)) as { default: (m: unknown) => Promise<{ ok: boolean; value?: { files: { format: string; buffer: Uint8Array }[] }; error?: unknown }> };
  const doc = { title: '测试文书', body: [{ type: 'paragraph', text: '工作线程生成的文书。' }] };
  const r = await worker.default({ name: 'render', input: { doc, formats: ['docx', 'pdf'] } });
  expect(r.error ?? null).toBeNull();
  expect(r.ok).toBe(true);
  expect(r.value!.files.map((f) => f.format)).toEqual(['docx', 'pdf']);
  expect(Buffer.from(r.value!.files[1].buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('the built core thread opens a data directory and answers a call', async () => {
  const { Worker } = await import('node:worker_threads');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-core-worker-'));
  const worker = new Worker(path.resolve('out/main/core-worker.js'), { workerData: { dataDir, mode: 'test', options: { autoBackup: false } } });
  try {
    const next = () => new Promise<any>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const ready = await next();
    expect(ready).toMatchObject({ t: 'ready', dataDir });
    worker.postMessage({ t: 'call', id: 1, op: 'schools.list', input: {} });
    expect(await next()).toEqual({ t: 'reply', id: 1, ok: true, value: { ok: true, value: [] } });
    worker.postMessage({ t: 'close', id: 2 });
    expect(await next()).toMatchObject({ t: 'reply', id: 2, ok: true });
  } finally {
    await worker.terminate();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/**
 * What a built file loads at start: the bare packages it imports and the files of the bundle, its
 * static imports followed through the chunks (an `import("x")` is loaded on use, not at start).
 */
async function loadedAtStart(entry: string): Promise<{ packages: Set<string>; code: string }> {
  const fs = await import('node:fs');
  const packages = new Set<string>();
  const seen = new Set<string>();
  let code = '';
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    code += text;
    for (const m of text.matchAll(/^(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?["']([^"']+)["'];?$/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  };
  visit(path.resolve(entry));
  return { packages, code };
}

test('the built core thread leaves the renderers to the worker threads', async () => {
  // The core's thread hands every rendering to the pool; loading the renderers there cost ~50 MB
  // of a batch's memory (issue 13, electron.vite.config.ts codeSplitting). ECharts and our own
  // modules are bundled (each marked by its path); pdfkit and fontkit are loaded with createRequire
  // by the renderers' modules (fonts/fontkit.ts, pdf/printer.ts), so those must stay out too.
  const core = await loadedAtStart('out/main/core-worker.js');
  const worker = await loadedAtStart('out/main/heavy-worker.js');
  expect(core.packages.has('better-sqlite3')).toBe(true);
  for (const name of ['docx', '@resvg/resvg-js']) {
    expect(worker.packages.has(name), `${name} in the worker`).toBe(true);
    expect(core.packages.has(name), `${name} in the core`).toBe(false);
  }
  for (const marker of [/^\/\/ node_modules\/echarts\/lib\/core\/echarts\.js$/m, /^\/\/ main\/documents\/fonts\/fontkit\.ts$/m, /^\/\/ main\/documents\/pdf\/printer\.ts$/m]) {
    expect(worker.code).toMatch(marker);
    expect(core.code).not.toMatch(marker);
  }
});
