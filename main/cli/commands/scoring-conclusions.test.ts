import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { dispatchOk, tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-conclusions-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);

/** A round of two 小学 on the county 100-point system; 景行小学 locked with full points, 河西小学 left open. */
async function setup() {
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
    const unitId = round.units.find((u) => u.name === '景行小学')!.id;
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId });
    for (const r of sheet.rows.filter((x) => !x.computed)) {
      await api('scoring.setScore', { unitId, nodeId: r.nodeId, kind: 'final', answer: r.choices.length ? { triggered: false } : { points: r.method.includes('加分') ? 0 : r.points } });
    }
    await api('scoring.lock', { unitId });
    return { round };
  } finally {
    await core.close();
  }
}

describe('scoring conclusions CLI', () => {
  it('writes the locked unit’s 督导意见书, its summary and the workbook into --out; the open unit is reported; bad options are refused', { timeout: 120_000 }, async () => {
    const { round } = await setup();
    const out = path.join(dir, 'U盘');
    let r = await cli('scoring', 'conclusions', round.name, '--out', out, '--format', 'docx', '--date', '2026-12-31');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`已为 1 个单位生成一校一案（共 2 个单位），汇总表一并写入：${out}`);
    expect(r.err).toContain('未生成：河西小学：评分尚未锁定，没有可依据的结果，未生成一校一案');
    const unit = round.units.find((u) => u.name === '景行小学')!;
    expect(fs.readdirSync(out).sort()).toEqual([`${round.name}_${unit.code}_景行小学_督导意见书.docx`, `${round.name}_${unit.code}_景行小学_结果摘要.pdf`, `${round.name}_一校一案汇总.xlsx`].sort());

    r = await cli('scoring', 'conclusions', String(round.id), '--out', path.join(dir, 'b'), '--units', '景行小学', '--format', 'pdf', '--no-summary', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ roundId: round.id, units: 1, generated: 1, folder: path.join(dir, 'b'), problems: [] });
    expect(fs.readdirSync(path.join(dir, 'b')).sort()).toEqual([`${round.name}_${unit.code}_景行小学_督导意见书.pdf`, `${round.name}_一校一案汇总.xlsx`].sort());

    r = await cli('scoring', 'conclusions', round.name, '--out', out, '--threshold', '0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--threshold 应为 1 到 100 之间的百分数（如 60），收到“0”');
    r = await cli('scoring', 'conclusions', round.name, '--out', out, '--date', '2026-12-31', '--deadline', '2026-12-01');
    expect(r.code).toBe(1);
    expect(r.err).toContain('整改期限（2026年12月1日）不能早于成文日期（2026年12月31日）');
    r = await cli('scoring', 'conclusions', round.name, '--out', out, '--units', '城东中学');
    expect(r.code).toBe(1);
    expect(r.err).toContain('评估项目“2026年度县域督导评估”中没有“城东中学”');
  });
});
