import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-rounds-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('rounds CLI', () => {
  it('create (units from the register by type), list, show, close with the units left, forfeit', async () => {
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    expect((await cli('systems', 'create', '--preset', 'county-balance-100-points')).code).toBe(0);
    expect((await cli('systems', 'publish', '1')).code).toBe(0);

    let r = await cli('rounds', 'create', '--name', '2025年度小学督导评估', '--year', '2025', '--system', '1', '--evaluator', '云溪区人民政府教育督导室', '--types', '小学', '--stages', '学校自评=2025-12-18~2025-12-30,实地督导=2026-01-04~2026-01-08');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^已新建评估项目“2025年度小学督导评估”（编号 1），\d+ 个参评单位/);
    expect(r.out).toContain('01-001\t');
    expect(r.out).not.toMatch(/\t初中\t/);

    const listed = JSON.parse((await cli('rounds', 'list', '--json')).out);
    expect(listed).toHaveLength(1);
    const units: number = listed[0].unitCount;
    expect(listed[0].counts.pending).toBe(units);

    r = await cli('rounds', 'show', '2025年度小学督导评估');
    expect(r.out).toContain('评估主体：云溪区人民政府教育督导室');
    expect(r.out).toMatch(/1\. 学校自评\t2025-12-18 至 2025-12-30\t(已到期|进行中|未开始)\t接收填报/);

    r = await cli('rounds', 'close', '1', '--stage', '学校自评');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`以下 ${units} 个单位尚未提交`);
    r = await cli('rounds', 'forfeit', '1', '--units', '01-001,01-002', '--reason', '逾期未提交');
    expect(r.out).toMatch(/^已将 2 个单位确认为弃权：/);
    const shown = JSON.parse((await cli('rounds', 'show', '1', '--json')).out);
    expect(shown.counts.forfeited).toBe(2);

    r = await cli('rounds', 'close', '1', '--stage', '复评');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('没有名为“复评”的阶段（学校自评、实地督导）');
    r = await cli('rounds', 'create', '--name', 'x', '--year', '2025', '--system', '1', '--evaluator', '督导室', '--stages', '学校自评 2025-12-18');
    expect(r.err).toContain('应为 名称=开始日期~结束日期');
  });
});
