/**
 * Large evidence is streamed, never held: a package holding 1 GB of evidence (folder) and one with a
 * 768 MB entry (zip, inflated on the fly) are read while the process's resident memory is sampled;
 * it must stay flat (growth well under the 300 MB budget for a whole import), and the
 * hashes must be those of the bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackage } from './read-package';
import { buildTestPackage, evidenceFolder, writePackageFolder, writePackageZip, type TestPackage } from './testing/build-package';
import { recordingStore } from './testing/recording-store';

const MB = 1024 * 1024;
let dir: string;
let pkg: TestPackage;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'large-package-'));
  pkg = await buildTestPackage();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Runs `fn` while sampling the resident set size; returns the peak growth over the start, in bytes. */
async function peakGrowth(fn: () => Promise<void>): Promise<number> {
  global.gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return peak - start;
}

/** sha256 of `bytes` zero bytes, computed in 8 MB steps. */
function zerosHash(bytes: number): string {
  const h = createHash('sha256');
  const chunk = Buffer.alloc(8 * MB);
  for (let left = bytes; left > 0; left -= chunk.length) h.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
  return h.digest('hex');
}

describe('large evidence', () => {
  it('streams 1 GB of evidence from a folder with flat memory', async () => {
    const folder = await writePackageFolder(path.join(dir, 'folder'), pkg.files);
    const video = `${evidenceFolder('1.1')}/课堂实录.mp4`;
    // Four 256 MB files (sparse: zeros cost no disk), read and stored one after another.
    const names = [0, 1, 2, 3].map((i) => video.replace('.mp4', `${i}.dat`));
    for (const name of names) {
      const handle = await fs.open(path.join(folder, name), 'w');
      await handle.truncate(256 * MB);
      await handle.close();
    }
    const rec = recordingStore();
    let result: Awaited<ReturnType<typeof readPackage>> | undefined;
    const growth = await peakGrowth(async () => {
      result = await readPackage(folder, { resolve: () => pkg.context, store: rec.store, limits: { maxFileBytes: 300 * MB, maxTotalBytes: 2048 * MB } });
    });
    const big = result!.evidence.filter((e) => e.bytes === 256 * MB);
    expect(big).toHaveLength(4);
    expect(new Set(big.map((e) => e.sha256))).toEqual(new Set([zerosHash(256 * MB)]));
    expect(rec.calls.filter((c) => c.bytes === 256 * MB && c.kept)).toHaveLength(4);
    expect(growth).toBeLessThan(150 * MB);
  }, 120_000);

  it('inflates a 768 MB zip entry on the fly with flat memory', async () => {
    const zip = path.join(dir, 'big.zip');
    const size = 768 * MB;
    await writePackageZip(zip, pkg.files, {
      extra: [
        {
          name: `${evidenceFolder('1.2')}/扫描件.dat`,
          data: async function* () {
            const chunk = Buffer.alloc(4 * MB);
            for (let left = size; left > 0; left -= chunk.length) yield chunk;
          },
        },
      ],
    });
    expect((await fs.stat(zip)).size).toBeLessThan(5 * MB);
    const rec = recordingStore();
    let result: Awaited<ReturnType<typeof readPackage>> | undefined;
    const growth = await peakGrowth(async () => {
      // Zeros compress ~1000:1; the ratio cap is raised so that the streaming itself is measured.
      result = await readPackage(zip, { resolve: () => pkg.context, store: rec.store, limits: { maxFileBytes: 1024 * MB, maxRatio: 5000 } });
    });
    const entry = result!.evidence.find((e) => e.name === '扫描件.dat');
    expect(entry).toMatchObject({ bytes: size, sha256: zerosHash(size), nodeId: 'n12' });
    expect(growth).toBeLessThan(150 * MB);
  }, 120_000);
});
