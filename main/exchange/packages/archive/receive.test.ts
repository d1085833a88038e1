import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFolderArchive } from './folder-source';
import { packageLimits } from './limits';
import { receiveEntry, StoreContractError, type StoreFile } from './receive';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'receive-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A PDF of `size` bytes (header, then a repeated pattern), in a package folder; returns the archive, the entry and the bytes. */
async function onePdf(size: number) {
  const data = Buffer.alloc(size, 'evidence ');
  Buffer.from('%PDF-1.4\n', 'latin1').copy(data);
  await fs.mkdir(path.join(dir, 'pkg', '佐证材料'), { recursive: true });
  await fs.writeFile(path.join(dir, 'pkg', '佐证材料', '章程.pdf'), data);
  const archive = await openFolderArchive(path.join(dir, 'pkg'), packageLimits());
  return { archive, entry: archive.entries[0]!, data };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Reads the stream to its end and reports `report(bytes)` as what it stored. */
const storeReporting =
  (report: (bytes: number, seen: Buffer) => { sha256: string; bytes: number }): StoreFile =>
  async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const seen = Buffer.concat(chunks);
    return report(seen.length, seen);
  };

describe('receiveEntry', () => {
  it('hashes the bytes itself when nothing stores them (dry run)', async () => {
    const { archive, entry, data } = await onePdf(3 * 1024 * 1024 + 17);
    const got = await receiveEntry(archive, entry, { path: entry.path, sniff: true, keep: true });
    expect(got).toMatchObject({ ok: true, sha256: sha(data), bytes: data.length, mimeType: 'application/pdf' });
  });

  it('takes the hash the store computed (one sha256 pass over the bytes, not two), after checking the size', async () => {
    const { archive, entry, data } = await onePdf(2 * 1024 * 1024 + 5);
    let stored: Buffer = Buffer.alloc(0);
    const store = storeReporting((bytes, seen) => {
      stored = seen;
      return { sha256: sha(seen), bytes };
    });
    const got = await receiveEntry(archive, entry, { path: entry.path, sniff: true, keep: true, store });
    expect(stored.equals(data)).toBe(true);
    expect(got).toMatchObject({ ok: true, sha256: sha(data), bytes: data.length });
    // The store is the authority on the hash: what it reports is what the file is known by.
    const other = 'a'.repeat(64);
    const trusted = await receiveEntry(archive, entry, { path: entry.path, sniff: true, keep: true, store: storeReporting((bytes) => ({ sha256: other, bytes })) });
    expect(trusted).toMatchObject({ ok: true, sha256: other });
  });

  it('refuses a store that reports another size or something that is not a sha256', async () => {
    const { archive, entry } = await onePdf(4096 + 1);
    await expect(receiveEntry(archive, entry, { path: entry.path, sniff: true, keep: true, store: storeReporting((bytes, seen) => ({ sha256: sha(seen), bytes: bytes - 1 })) })).rejects.toThrow(
      StoreContractError,
    );
    await expect(receiveEntry(archive, entry, { path: entry.path, sniff: true, keep: true, store: storeReporting((bytes) => ({ sha256: 'not a hash', bytes })) })).rejects.toThrow(StoreContractError);
  });

  it('hashes the bytes itself when it keeps nothing, even with a store (a report compared with its template)', async () => {
    const { archive, entry, data } = await onePdf(10_000);
    let called = false;
    const store: StoreFile = async () => {
      called = true;
      return { sha256: 'a'.repeat(64), bytes: 0 };
    };
    const got = await receiveEntry(archive, entry, { path: entry.path, sniff: true, keep: false, store });
    expect(called).toBe(false);
    expect(got).toMatchObject({ ok: true, sha256: sha(data), bytes: data.length });
  });
});
