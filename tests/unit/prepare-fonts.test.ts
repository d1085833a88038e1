import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fontkit from 'fontkit';
import subsetFont from 'subset-font';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import wawoff2 from 'wawoff2';
import { ROLE_CANDIDATES } from '../../main/documents/fonts/candidates';
import { FONT_ROLES } from '../../main/documents/fonts/roles';

// The build step is plain Node (scripts/prepare-fonts.mjs); nothing here downloads: the tarballs
// are made in the test and handed to prepareFonts in place of `npm pack`.
const m = await import(pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/prepare-fonts.mjs')).href);

interface LockFile {
  from: string;
  to: string;
  sha256: string;
  convert?: 'woff2';
  roles?: string[];
}
interface LockPackage {
  name: string;
  version: string;
  integrity: string;
  files: LockFile[];
}

describe('resources/fonts/fonts-lock.json', () => {
  const lock: { packages: LockPackage[] } = m.readLock();
  const files = lock.packages.flatMap((p) => p.files);

  it('is valid and pins exact versions, tarball integrity and every file hash', () => {
    expect(lock.packages.length).toBeGreaterThan(0);
    for (const p of lock.packages) expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(files.map((f) => f.to)).size).toBe(files.length);
  });

  it('names every font after a resources candidate of each role it serves, and serves every role', () => {
    for (const f of files.filter((x) => x.roles)) {
      for (const role of f.roles ?? []) {
        const names = ROLE_CANDIDATES[role as keyof typeof ROLE_CANDIDATES].filter((c) => c.source === 'resources').map((c) => c.file);
        expect(names, `${f.to} for ${role}`).toContain(f.to);
      }
    }
    const served = new Set(files.flatMap((f) => f.roles ?? []));
    expect([...served].sort()).toEqual([...FONT_ROLES].sort());
  });

  it('ships every font as TrueType and every package with its OFL licence text', () => {
    for (const f of files) {
      if (f.roles) expect(f.to).toMatch(/\.ttf$/);
      else expect(f.to).toMatch(/^OFL-.+\.txt$/);
    }
    for (const p of lock.packages) expect(p.files.filter((f) => !f.roles), p.name).toHaveLength(1);
  });

  it('rejects a lock with a loose version or a file written outside the folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fonts-lock-'));
    try {
      const bad = (pkg: Partial<LockPackage>, file: Partial<LockFile> = {}) => {
        const p = { ...lock.packages[0], ...pkg, files: [{ ...lock.packages[0].files[0], ...file }] };
        const f = path.join(dir, 'lock.json');
        fs.writeFileSync(f, JSON.stringify({ packages: [p] }));
        return () => m.readLock(f);
      };
      expect(bad({ version: '^0.4.3' })).toThrow(/version must be exact/);
      expect(bad({}, { to: '../evil.ttf' })).toThrow(/plain file name/);
      expect(bad({}, { from: 'package/../../x' })).toThrow(/climb out/);
      expect(bad({ integrity: 'sha1-abc' })).toThrow(/integrity/);
      expect(bad({})).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prepareFonts on a tarball made here', () => {
  let work: string;
  let out: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-fonts-test-'));
    out = path.join(work, 'out');
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A package tarball as npm packs it (everything below package/), and the lock entry for it. */
  async function makePackage(contents: Record<string, Buffer>) {
    const src = path.join(work, 'src');
    for (const [name, bytes] of Object.entries(contents)) {
      fs.mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
      fs.writeFileSync(path.join(src, name), bytes);
    }
    const tgz = path.join(work, 'demo-1.0.0.tgz');
    await tar.c({ gzip: true, file: tgz, cwd: src }, Object.keys(contents));
    return { tgz, integrity: m.sriSha512(fs.readFileSync(tgz)) as string };
  }

  function writeLock(pkg: LockPackage): string {
    const file = path.join(work, 'lock.json');
    fs.writeFileSync(file, JSON.stringify({ packages: [pkg] }));
    return file;
  }

  const FONT = Buffer.from('not really a font, but bytes with a known hash');
  const LICENSE = Buffer.from('SIL OPEN FONT LICENSE Version 1.1');

  async function setUp(overrides: Partial<LockFile> = {}) {
    const { tgz, integrity } = await makePackage({
      'package/fonts/Demo_400.ttf': FONT,
      'package/LICENSE': LICENSE,
      'package/fonts/Demo_900.ttf': Buffer.from('not listed, never extracted'),
    });
    const pkg: LockPackage = {
      name: '@demo/font',
      version: '1.0.0',
      integrity,
      files: [
        { from: 'package/fonts/Demo_400.ttf', to: 'Demo-Regular.ttf', sha256: m.sha256(FONT), roles: ['fangsong'], ...overrides },
        { from: 'package/LICENSE', to: 'OFL-Demo.txt', sha256: m.sha256(LICENSE) },
      ],
    };
    const fetched: string[] = [];
    const fetch = (p: LockPackage, dir: string) => {
      fetched.push(`${p.name}@${p.version}`);
      const copy = path.join(dir, path.basename(tgz));
      fs.copyFileSync(tgz, copy);
      return copy;
    };
    return { pkg, lock: writeLock(pkg), fetch, fetched };
  }

  it('extracts only the listed files under their target names, then skips while the hashes match', async () => {
    const { lock, fetch, fetched } = await setUp();
    const first = await m.prepareFonts({ lock, outDir: out, fetch, log: () => undefined });
    expect(first).toEqual({ installed: ['@demo/font@1.0.0'], skipped: [] });
    expect(fs.readdirSync(out).sort()).toEqual(['Demo-Regular.ttf', 'OFL-Demo.txt']);
    expect(fs.readFileSync(path.join(out, 'Demo-Regular.ttf'))).toEqual(FONT);

    const second = await m.prepareFonts({ lock, outDir: out, fetch, log: () => undefined });
    expect(second).toEqual({ installed: [], skipped: ['@demo/font@1.0.0'] });
    expect(fetched).toHaveLength(1);

    // A damaged file is noticed and fetched again.
    fs.writeFileSync(path.join(out, 'Demo-Regular.ttf'), 'damaged');
    await m.prepareFonts({ lock, outDir: out, fetch, log: () => undefined });
    expect(fetched).toHaveLength(2);
    expect(fs.readFileSync(path.join(out, 'Demo-Regular.ttf'))).toEqual(FONT);
  });

  it('writes nothing of a package when one file’s hash differs from the lock', async () => {
    const { lock, fetch } = await setUp({ sha256: m.sha256(Buffer.from('other bytes')) });
    await expect(m.prepareFonts({ lock, outDir: out, fetch, log: () => undefined })).rejects.toThrow(/Demo-Regular\.ttf 的 SHA-256 不符/);
    expect(fs.existsSync(path.join(out, 'Demo-Regular.ttf'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'OFL-Demo.txt'))).toBe(false);
  });

  it('refuses a tarball whose integrity differs from the lock', async () => {
    const { pkg, fetch } = await setUp();
    const lock = writeLock({ ...pkg, integrity: m.sriSha512(Buffer.from('another tarball')) });
    await expect(m.prepareFonts({ lock, outDir: out, fetch, log: () => undefined })).rejects.toThrow(/压缩包校验值不符/);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  it('refuses a lock that lists a file the tarball lacks', async () => {
    const { lock, fetch } = await setUp({ from: 'package/fonts/Missing.ttf' });
    await expect(m.prepareFonts({ lock, outDir: out, fetch, log: () => undefined })).rejects.toThrow(/压缩包中没有 package\/fonts\/Missing\.ttf/);
  });

  it('decompresses a WOFF2 file to a TrueType font the registry can open', async () => {
    // A two-character subset of the Debian LXGW WenKai (fonts-lxgw-wenkai, .ci/apt-packages.txt).
    const system = ROLE_CANDIDATES.kaiti.find((c) => c.source === 'system' && fs.existsSync(c.file));
    expect(system, 'fonts-lxgw-wenkai is installed').toBeDefined();
    const ttf: Buffer = await subsetFont(fs.readFileSync(system!.file), '国堃', { targetFormat: 'sfnt' });
    const woff2 = Buffer.from(await wawoff2.compress(ttf));
    expect(woff2.subarray(0, 4).toString('latin1')).toBe('wOF2');
    const { tgz, integrity } = await makePackage({ 'package/files/demo.woff2': woff2, 'package/LICENSE': LICENSE });
    const expected = Buffer.from(await wawoff2.decompress(woff2));
    const lock = writeLock({
      name: 'demo-woff2',
      version: '1.0.0',
      integrity,
      files: [
        { from: 'package/files/demo.woff2', to: 'Demo-Kai.ttf', convert: 'woff2', sha256: m.sha256(expected), roles: ['kaiti'] },
        { from: 'package/LICENSE', to: 'OFL-Demo.txt', sha256: m.sha256(LICENSE) },
      ],
    });
    await m.prepareFonts({ lock, outDir: out, fetch: () => tgz, log: () => undefined });
    const written = fs.readFileSync(path.join(out, 'Demo-Kai.ttf'));
    expect(written.readUInt32BE(0)).toBe(0x00010000);
    const font = fontkit.create(written) as fontkit.Font;
    expect(font.hasGlyphForCodePoint('堃'.codePointAt(0) ?? 0)).toBe(true);

    // The same lock entry without `convert` would copy the WOFF2 bytes, whose hash is not the pinned one.
    const raw = writeLock({
      name: 'demo-woff2',
      version: '1.0.0',
      integrity,
      files: [{ from: 'package/files/demo.woff2', to: 'Demo-Kai.ttf', sha256: m.sha256(expected), roles: ['kaiti'] }],
    });
    await expect(m.installFromTarball(tgz, JSON.parse(fs.readFileSync(raw, 'utf8')).packages[0], path.join(work, 'raw'))).rejects.toThrow(/SHA-256 不符/);
  });
});
