import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BalanceView } from '../../../shared/api/contracts/balance';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-balance-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

async function serviceView(year: number, profile?: string): Promise<BalanceView> {
  const core = await createAppCore(path.join(dir, 'data'), 'test');
  try {
    const r = await core.dispatch('balance.compute', { year, profile });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as BalanceView;
  } finally {
    await core.close();
  }
}

describe('balance CLI', () => {
  it('--json prints per section and indicator mean, SD, CV, limit and pass, and per school the seven values and the verdict — the service’s numbers', async () => {
    await cli('demo');
    const r = await cli('balance', '--year', '2025', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const view = await serviceView(2025);
    expect(json.profile.id).toBe('quality2017');
    // The 计算口径 is stated, and the demo's campuses marked 单独评估 are listed with what happened to them.
    expect(json.basis).toEqual({ id: 'school', label: view.basis.label });
    expect(json.campuses.map((c: any) => c.unitName)).toEqual(view.basisNotes.map((n) => n.unitName));
    json.sections.forEach((s: any, k: number) => {
      const sv = view.result.sections[k];
      expect(s.section).toBe(sv.section);
      expect(s.indicators.map((i: any) => [i.code, i.mean, i.sd, i.cv, i.limit, i.pass])).toEqual(sv.indicators.map((i) => [i.code, i.mean, i.sd, i.cv, i.limit, i.pass]));
      expect(s.composite.cv).toBe(sv.composite.cv);
    });
    const row = json.schools.find((s: any) => s.schoolName === '柳林乡中心小学' && s.section === 'primary');
    expect(Object.keys(row.values)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(row).toMatchObject({ verdict: 'fail', verdictLabel: '未达标' });
    const sb = view.result.schools.find((s) => s.schoolName === '柳林乡中心小学')!.sections[0];
    expect(Object.values(row.values)).toEqual(sb.values.map((v) => v.value));
    expect(json.schools).toHaveLength(view.result.schools.reduce((n, s) => n + s.sections.length, 0));
    expect(json.exclusions.map((e: any) => e.schoolName)).toEqual(['柳林乡河湾小学', '云溪区特殊教育学校']);
  });

  it('prints a readable Chinese table, takes --profile and --section, and exports xlsx', async () => {
    await cli('demo');
    const r = await cli('balance', '--year', '2025');
    expect(r.code).toBe(0);
    expect(r.out).toContain('【小学】14 所学校（学段），在校生 10168 人');
    const view = await serviceView(2025);
    const l1 = view.result.sections[0].indicators[0];
    expect(r.out).toContain(`L1 每百名学生拥有高于规定学历教师数\t${l1.mean!.toFixed(4)}`);
    expect(r.out).toMatch(/柳林乡中心小学\t小学\t410\t.*\t未达标/);
    const basic = JSON.parse((await cli('balance', '--year', '2024', '--profile', 'basic2012', '--section', '初中', '--json')).out);
    expect(basic.sections.map((s: any) => s.section)).toEqual(['junior']);
    expect(basic.sections[0].indicators).toHaveLength(8);
    expect(basic.sections[0].composite.cv).toBe((await serviceView(2024, 'basic2012')).result.sections[1].composite.cv);
    const out = path.join(dir, 'b.xlsx');
    expect((await cli('balance', 'export', '--year', '2025', '--out', out)).code).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(5000);
  });

  it('fails clearly without a year, with an unknown profile or a year not on record', async () => {
    await cli('demo');
    expect(await cli('balance')).toMatchObject({ code: 1, err: '错误：请用 --year 指定年份' });
    expect((await cli('balance', '--year', '2025', '--profile', 'x')).err).toContain('未知的评估标准“x”');
    const missing = await cli('balance', '--year', '2030');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('没有 2030 年的统计数据');
  });
});
