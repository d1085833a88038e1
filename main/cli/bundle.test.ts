import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, ensureBuiltCli, inProcessCliRunner, runBuiltCli } from '../testing/cli-harness';
import { tempDir } from '../testing/temp-core';
import { BUNDLE_FILE, codeCacheFile } from './code-cache';

// The CLI as users run it: out/cli/index.cjs, built by vite.cli.config.ts (here built first when
// missing or stale). Every CLI test can also run against it: SUPERVISION_DESK_CLI=bundle.

let dir: string;
beforeAll(() => ensureBuiltCli(), 180_000);
beforeEach(() => {
  dir = tempDir('desk-cli-bundle-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const source = inProcessCliRunner(dataDir);
const built = (...argv: string[]) => runBuiltCli([...argv, '--data-dir', dataDir()]);

describe('the built CLI', () => {
  it('prints the same help as the sources, without a data directory', async () => {
    const [b, s] = [await runBuiltCli(['--help']), await source('--help')];
    expect(b).toEqual(s);
    expect(b.out).toContain('督导评估工作台 命令行');
  });

  it('gives the same output as the sources for register, statistics, indicator and balance commands', { timeout: 120_000 }, async () => {
    expect((await built('demo')).out).toContain('21 所学校');
    const xlsx = path.join(dir, 'stats-2025.xlsx');
    expect((await built('stats', 'export', '--year', '2025', '--out', xlsx)).code).toBe(0);
    expect((await built('systems', 'create', '--preset', 'county-balance-100-points')).code).toBe(0);
    const trialInput = path.join(dir, 'trial.json');
    fs.writeFileSync(trialInput, JSON.stringify({ values: { cvPrimary: 0.5, cvJunior: 0.6, satisfaction: 0.9 }, items: { '1.1.1': { points: 3 } } }));
    for (const argv of [
      ['schools', 'list', '--json'],
      ['schools', 'list', '--search', '堃山'],
      ['stats', 'import', xlsx, '--year', '2025', '--dry-run', '--json'],
      ['systems', 'list'],
      ['systems', 'trial', '1', '--input', trialInput, '--json'],
      ['balance', '--year', '2025', '--json'],
      ['balance', '--year', '2025'],
    ]) {
      const [b, s] = [await built(...argv), await source(...argv)];
      expect(b, argv.join(' ')).toEqual(s);
      expect(b.code, `${argv.join(' ')}: ${b.err}`).toBe(0);
    }
  });

  it('renders documents (docx and pdf: fonts, charts and pdfmake outside the bundle)', { timeout: 120_000 }, async () => {
    await built('demo');
    const out = path.join(dir, 'docs');
    const r = await built('documents', 'register', '--out', out, '--format', 'docx,pdf');
    expect(r.code, r.err).toBe(0);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(['云溪区义务教育学校名册.docx', '云溪区义务教育学校名册.pdf']);
    expect(fs.readFileSync(path.join(out, files[1])).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps exit codes and Chinese messages on stderr', async () => {
    const unknown = await built('nonsense');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('用法');
    const missing = await built('schools', 'import', path.join(dir, 'nope.xlsx'));
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toContain('找不到文件');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '学校标识码,学校名称,学校类型,城乡类型\n123,某小学,大学,城区\n');
    const invalid = await built('schools', 'import', bad);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/bad\.csv 第 2 行/);
  });

  it('stores a V8 code cache for its build and runs from it', async () => {
    await built('--help');
    const dirOfCli = path.dirname(BUILT_CLI);
    const cache = codeCacheFile(dirOfCli, fs.readFileSync(path.join(dirOfCli, BUNDLE_FILE), 'utf8'));
    expect(cache).not.toBeNull();
    expect(fs.statSync(cache!).size).toBeGreaterThan(100_000);
    expect(await built('--help')).toMatchObject({ code: 0 });
  });
});

describe('codeCacheFile', () => {
  it('keys the cache to the build id on the first line, and uses none without one', () => {
    expect(codeCacheFile('/x', '/* supervision-desk cli mx2et1yd-l46 */\nvar a;')).toBe(path.join('/x', 'cli-bundle.cjs.mx2et1yd-l46.v8cache'));
    expect(codeCacheFile('/x', 'var a;')).toBeNull();
  });
});
