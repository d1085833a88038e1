import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../testing/cli-harness';
import { tempDir } from '../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('CLI', () => {
  it('loads the demo and lists schools as JSON', async () => {
    expect((await cli('demo')).out).toContain('21 所学校');
    const list = await cli('schools', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toHaveLength(21);
    const search = await cli('schools', 'list', '--search', '堃山', '--json');
    expect(JSON.parse(search.out).map((s: any) => s.name)).toEqual(['龙潭镇堃山教学点']);
  });

  it('exports, previews and re-imports statistics without changes; backs up', async () => {
    await cli('demo');
    const out = path.join(dir, 'stats-2025.xlsx');
    expect((await cli('stats', 'export', '--year', '2025', '--out', out)).code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    const again = await cli('stats', 'export', '--year', '2025', '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toContain('已存在');
    const preview = await cli('stats', 'import', out, '--year', '2025', '--dry-run', '--json');
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.out)).toMatchObject({ dryRun: true, committed: false, counts: { new: 0, changed: 0 } });
    const backup = await cli('backup', '--out', path.join(dir, 'b.sqlite'));
    expect(backup.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'b.sqlite')).size).toBeGreaterThan(10_000);
  });

  it('writes templates and exits 2 with Chinese errors for a bad import', async () => {
    const t = path.join(dir, 't.xlsx');
    expect((await cli('schools', 'template', '--out', t)).code).toBe(0);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '学校标识码,学校名称,学校类型,城乡类型\n123,某小学,大学,城区\n');
    const r = await cli('schools', 'import', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.csv 第 2 行/);
    expect(r.err).toContain('未导入任何数据');
    expect(JSON.parse((await cli('schools', 'list', '--json')).out)).toEqual([]);
  });

  it('fails clearly on unknown commands, missing files and bad flags', async () => {
    expect((await cli('nonsense')).code).toBe(1);
    const missing = await cli('schools', 'import', path.join(dir, 'nope.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('找不到文件');
    const badYear = await cli('stats', 'export', '--year', '二〇二五', '--out', path.join(dir, 'x.xlsx'));
    expect(badYear.code).toBe(1);
    expect(badYear.err).toContain('--year');
  });

  it('refuses an over-size import from its size alone, before the core reads it', async () => {
    // Sparse: 3 GB on paper, nothing on disk; refused at once instead of being read.
    const huge = path.join(dir, '巨大.xlsx');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 3 * 1024 ** 3);
    const started = Date.now();
    const r = await cli('stats', 'import', huge, '--year', '2025', '--dry-run');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/巨大\.xlsx”有 3072 MB，超过导入上限 50 MB，请拆分后再导入/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('copies a backup to --out and never overwrites one, even with --force', async () => {
    await cli('demo');
    const backup = path.join(dir, '备份.sqlite');
    expect((await cli('backup', '--out', backup)).code).toBe(0);
    const size = fs.statSync(backup).size;
    const again = await cli('backup', '--out', backup, '--force');
    expect(again.code).toBe(1);
    expect(again.err).toContain('已存在');
    expect(fs.statSync(backup).size).toBe(size);
  });

  it('quotes the error number the core logged when an operation fails', async () => {
    const r = await cli('systems', 'export', '999', '--out', path.join(dir, 'x.xlsx'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^错误：.*（错误编号 E-\d{8}-[0-9A-F]{6}）$/m);
  });
});
