import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { dispatchOk, tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-report-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);

/** A round of two 小学 on the county 100-point system; `lock` decides whether 景行小学 is locked (full points); 河西小学 stays open. */
async function setup(lock: boolean): Promise<RoundDetail> {
  const core = await createAppCore(dataDir(), 'test');
  try {
    const api = <T>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
    const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
    const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
    const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    await api('indicators.publish', { id: system.summary.id });
    const round = await api<RoundDetail>('rounds.create', {
      name: '2026年度县域督导评估',
      year: 2026,
      evaluator: { kind: 'office', name: '督导室' },
      systemId: system.summary.id,
      stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
      units: [a, b].map((s) => ({ schoolId: s.id, campusId: null })),
    });
    await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' } } });
    if (lock) {
      const unitId = round.units.find((u) => u.name === '景行小学')!.id;
      const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId });
      for (const r of sheet.rows.filter((x) => !x.computed)) {
        await api('scoring.setScore', { unitId, nodeId: r.nodeId, kind: 'final', answer: r.choices.length ? { triggered: false } : { points: r.method.includes('加分') ? 0 : r.points } });
      }
      await api('scoring.lock', { unitId });
    }
    return round;
  } finally {
    await core.close();
  }
}

describe('scoring report / publication CLI', () => {
  it('refuses a round without a locked unit (Chinese)', { timeout: 60_000 }, async () => {
    const round = await setup(false);
    const r = await cli('scoring', 'report', round.name, '--out', path.join(dir, 'a'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`评估项目“${round.name}”还没有评分已锁定的单位，没有可依据的结果，不能生成督导评估报告`);
  });

  it('writes the report and the 公示 with its list into --out; the open unit is named; missing 公示 inputs and a 公示 dated inside its 公示期 are refused', { timeout: 120_000 }, async () => {
    const round = await setup(true);
    const out = path.join(dir, 'U盘');
    let r = await cli('scoring', 'report', round.name, '--out', out, '--format', 'docx', '--date', '2026-12-31');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`为“${round.name}”生成督导评估报告：已写入 1 个文件到 ${out}`);
    expect(r.err).toContain('注意：评分尚未锁定、未纳入统计的单位 1 个：河西小学');
    expect(fs.readdirSync(out)).toEqual([`${round.name}_督导评估报告.docx`]);

    r = await cli('scoring', 'publication', String(round.id), '--out', out, '--from', '2027-01-04', '--to', '2027-01-10', '--phone', '0771-1234567', '--supervision', '来信寄督导室', '--format', 'pdf', '--date', '2026-12-31', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ roundId: round.id, files: 2, folder: out, notIncluded: ['评分尚未锁定、未纳入统计的单位 1 个：河西小学'] });
    expect(fs.readdirSync(out).sort()).toEqual([`${round.name}_督导评估报告.docx`, `${round.name}_结果公示.pdf`, `${round.name}_结果公示名单.xlsx`].sort());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, `${round.name}_结果公示名单.xlsx`));
    expect((wb.getWorksheet('公示名单')!.getRow(2).values as unknown[]).slice(1)).toEqual([1, round.units.find((u) => u.name === '景行小学')!.code, '景行小学', '小学', 100, '合格', 1, '']);

    r = await cli('scoring', 'publication', round.name, '--out', out, '--from', '2027-01-04', '--to', '2027-01-10', '--phone', '0771-1234567');
    expect(r.code).toBe(1);
    expect(r.err).toContain('请用 --supervision 指定监督方式');
    r = await cli('scoring', 'publication', round.name, '--out', out, '--from', '2027-01-10', '--to', '2027-01-04', '--phone', '1', '--supervision', '来信');
    expect(r.code).toBe(1);
    expect(r.err).toContain('公示期结束日期（2027年1月4日）不能早于开始日期（2027年1月10日）');
    // Dated after the 公示期 has begun: refused before any file is written.
    r = await cli('scoring', 'publication', round.name, '--out', path.join(dir, 'late'), '--from', '2026-12-01', '--to', '2026-12-07', '--phone', '1', '--supervision', '来信', '--date', '2026-12-05');
    expect(r.code).toBe(1);
    expect(r.err).toContain('结果公示的成文日期（2026年12月5日）晚于公示期开始日期（2026年12月1日）');
    expect(fs.readdirSync(path.join(dir, 'late'))).toEqual([]);
  });
});
