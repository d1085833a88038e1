import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundBlocks } from '../../../shared/api/contracts/scoring';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { School } from '../../../shared/api/contracts/schools';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { dispatchOk, tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-worksheets-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);

/** A round of two schools on the five-section system with two 评估组, set up through the API. */
async function setup() {
  const core = await createAppCore(dataDir(), 'test');
  try {
    const api = <T>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
    const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
    const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
    const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
    await api('indicators.publish', { id: system.summary.id });
    const round = await api<RoundDetail>('rounds.create', {
      name: '2026年度学校督导评估',
      year: 2026,
      evaluator: { kind: 'office', name: '督导室' },
      systemId: system.summary.id,
      stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
      units: [a, b].map((s) => ({ schoolId: s.id, campusId: null })),
    });
    const tree = (await api<RoundBlocks>('scoring.blocks', { roundId: round.id })).tree;
    await api('scoring.saveBlocks', {
      roundId: round.id,
      blocks: [
        { name: '校园观察组', nodeIds: [tree[0]!.id], methods: ['校园观察'] },
        { name: '问卷调查组', nodeIds: [tree[3]!.id], methods: ['问卷'] },
      ],
    });
    return { round };
  } finally {
    await core.close();
  }
}

describe('scoring worksheets CLI', () => {
  it('writes each unit’s work sheets (the chosen groups) and materials list into --out; unknown groups and units are refused', { timeout: 120_000 }, async () => {
    const { round } = await setup();
    const out = path.join(dir, 'U盘');
    let r = await cli('scoring', 'worksheets', '--round', round.name, '--out', out, '--units', '景行小学', '--groups', '问卷调查组', '--format', 'docx', '--materials', '总课程表,教师名册');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`已处理 1 个单位的现场督导工作用表和迎检材料清单：${out}`);
    const unit = round.units.find((u) => u.name === '景行小学')!;
    expect(fs.readdirSync(out).sort()).toEqual([`${round.name}_${unit.code}_景行小学_现场督导工作用表.docx`, `${round.name}_${unit.code}_景行小学_迎检材料清单.docx`]);

    // Every unit (none named), as PDF, without the list.
    r = await cli('scoring', 'worksheets', '--round', String(round.id), '--out', out, '--format', 'pdf', '--json', '--no-materials');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ roundId: round.id, units: 2, folder: out, problems: [] });
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);

    r = await cli('scoring', 'worksheets', '--round', round.name, '--out', out, '--groups', '座谈访谈组');
    expect(r.code).toBe(1);
    expect(r.err).toContain('评估项目“2026年度学校督导评估”中没有名为“座谈访谈组”的评估组（现有：校园观察组、问卷调查组）');
    r = await cli('scoring', 'worksheets', '--round', round.name, '--out', out, '--units', '城东中学');
    expect(r.code).toBe(1);
    expect(r.err).toContain('评估项目“2026年度学校督导评估”中没有“城东中学”');
    r = await cli('scoring', 'worksheets', '--round', round.name, '--out', out, '--format', 'xlsx');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--format 只能是 docx、pdf');
  });
});
