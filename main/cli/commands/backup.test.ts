import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-backup-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('CLI backup list / restore', () => {
  it('restores a backup file, lists the backup taken before, and refuses a file of another kind', async () => {
    const empty = path.join(dir, '空库.sqlite');
    expect((await cli('backup', '--out', empty)).code).toBe(0);
    expect((await cli('demo')).code).toBe(0);
    expect(JSON.parse((await cli('schools', 'list', '--json')).out)).toHaveLength(21);

    const restored = await cli('restore', empty);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('已从“空库.sqlite”恢复数据');
    expect(JSON.parse((await cli('schools', 'list', '--json')).out)).toEqual([]);

    const list = await cli('backup', 'list', '--json');
    expect(list.code).toBe(0);
    const backups = JSON.parse(list.out).backups as { name: string; kind: string }[];
    expect(backups.map((b) => b.kind)).toEqual(['before-restore']);
    // Undo: restore the state taken just before, by its name.
    expect((await cli('restore', '--backup', backups[0].name)).code).toBe(0);
    expect(JSON.parse((await cli('schools', 'list', '--json')).out)).toHaveLength(21);
    expect((await cli('backup', 'list')).out).toContain('恢复前备份');

    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, '这不是备份');
    const refused = await cli('restore', text);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('“notes.txt”不是督导评估工作台的数据备份');
  });
});
