import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-attachments-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);
const file = (name: string, data: string) => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, data);
  return full;
};

describe('attachments CLI', () => {
  it('add (files by path), list, dedupe, verify, sweep', async () => {
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    const school = '云溪区实验小学';
    let r = await cli('attachments', 'add', file('校舍.jpg', 'jpeg'), file('核查记录.pdf', '%PDF'), '--school', school, '--year', '2025', '--note', '实地核查');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(['已添加\t校舍.jpg\t1 KB', '已添加\t核查记录.pdf\t1 KB', `${school} 2025 年：已添加 2 个文件`].join('\n'));

    r = await cli('attachments', 'add', file('校舍（副本）.jpg', 'jpeg'), '--school', school, '--year', '2025');
    expect(r.out).toContain('已存在\t校舍（副本）.jpg');
    expect(r.out).toContain('没有添加新文件；1 个已存在（内容相同）');

    r = await cli('attachments', 'list', '--school', school, '--year', '2025');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d+\t校舍\.jpg\t1 KB\t.+\t王督学\t实地核查$/);
    expect(lines[2]).toBe(`${school} 2025 年共 2 份佐证材料，1 KB`);
    const json = JSON.parse((await cli('attachments', 'list', '--school', school, '--year', '2025', '--json')).out);
    expect(json).toMatchObject({ count: 2, bytes: 8 });

    r = await cli('attachments', 'verify');
    expect(r).toMatchObject({ code: 0, out: '检查了 2 份佐证材料（2 个文件，1 KB），全部完好' });
    expect((await cli('attachments', 'sweep')).out).toBe('没有需要清理的文件');
    expect((await cli('audit', 'list', '--type', '佐证材料', '--limit', '1')).out).toContain('新增佐证材料“云溪区实验小学 2025 年：核查记录.pdf”');
  });

  it('refuses a type not accepted, a missing file, a missing --school, an unknown school, in Chinese', async () => {
    expect((await cli('demo')).code).toBe(0);
    let r = await cli('attachments', 'add', file('run.exe', 'MZ'), '--school', '云溪区实验小学', '--year', '2025');
    expect(r.code).toBe(1);
    expect(r.err).toContain('不能添加“run.exe”：佐证材料只接受图片');
    r = await cli('attachments', 'add', path.join(dir, '没有.pdf'), '--school', '云溪区实验小学', '--year', '2025');
    expect(r.err).toContain('找不到文件');
    expect((await cli('attachments', 'add', file('a.pdf', 'x'), '--year', '2025')).err).toContain('请用 --school 指定学校');
    expect((await cli('attachments', 'list', '--school', '不存在的学校', '--year', '2025')).err).toContain('找不到学校“不存在的学校”');
    expect((await cli('attachments', 'add', '--school', '1', '--year', '2025')).err).toContain('缺少要添加的文件');
  });
});
