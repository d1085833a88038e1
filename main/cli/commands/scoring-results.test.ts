import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-results-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('scoring results CLI', () => {
  it('lock refused until scored, forfeit outcome, unlock needs a reason, results with ranks as text and JSON', async () => {
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    expect((await cli('systems', 'create', '--preset', 'county-balance-100-points')).code).toBe(0);
    expect((await cli('systems', 'publish', '1')).code).toBe(0);
    expect((await cli('rounds', 'create', '--name', '2025年度小学督导评估', '--year', '2025', '--system', '1', '--evaluator', '督导室', '--types', '小学', '--stages', '学校自评=2025-12-18~2025-12-30')).code).toBe(0);
    const round = JSON.parse((await cli('rounds', 'show', '1', '--json')).out);
    const [first, second] = round.units;

    let r = await cli('scoring', 'lock', '1', first.code);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(new RegExp(`“${first.name}”还有 \\d+ 项没有最终得分`));
    // No expert has scored: nothing to adopt, and it says so.
    r = await cli('scoring', 'adopt', '1', first.code);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`“${first.name}”：采用建议得分 0 项`);

    expect((await cli('rounds', 'forfeit', '1', '--units', second.code, '--reason', '逾期未提交')).code).toBe(0);
    r = await cli('scoring', 'lock', '1', second.code, '--note', '按弃权处理');
    expect(r.err).toBe('');
    expect(r.out).toBe(`已锁定“${second.name}”的评分：弃权，按未通过处理，等级 不合格`);

    r = await cli('scoring', 'unlock', '1', second.code);
    expect(r.err).toBe('错误：请用 --reason 写明解锁原因');
    r = await cli('scoring', 'unlock', '1', second.code, '--reason', '核对弃权原因');
    expect(r.out).toBe(`已解锁“${second.name}”的评分，原因：核对弃权原因`);
    expect((await cli('scoring', 'lock', '1', second.code)).code).toBe(0);

    r = await cli('scoring', 'results', '2025年度小学督导评估');
    expect(r.out.split('\n')[0]).toBe('报送编码\t单位\t类型\t状态\t总分\t等级\t结论\t名次');
    expect(r.out).toContain(`${second.code}\t${second.name}\t小学\t弃权\t\t不合格\t弃权，按未通过处理，等级 不合格\t`);
    expect(r.out).toMatch(/已锁定 1 \/ \d+ 个单位；并列规则：并列占用名次（1、2、2、4）/);
    const xlsx = path.join(dir, '结果', '评分结果.xlsx');
    r = await cli('scoring', 'results', '1', '--out', xlsx);
    expect(r.out).toBe(`已导出评分结果：${xlsx}`);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect((await cli('scoring', 'results', '1', '--out', xlsx)).err).toContain('已存在；如要覆盖请加 --force');
    const json = JSON.parse((await cli('scoring', 'results', '1', '--json')).out);
    expect(json.lines.find((l: { unitCode: string }) => l.unitCode === second.code)).toMatchObject({ state: 'forfeited', rank: null, result: { forfeited: true, total: null } });
  });
});
