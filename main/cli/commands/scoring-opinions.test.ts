import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { Expert, Opinion, UnitOpinions } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { dispatchOk, tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-opinions-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);

/** A round with two schools, an expert on the first, and three opinions (one withdrawn), set up through the API. */
async function setup() {
  const core = await createAppCore(dataDir(), 'test');
  try {
    const api = <T>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
    await api('operators.create', { name: '王督学', office: '督导室' });
    const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
    const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
    const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
    await api('indicators.publish', { id: system.summary.id });
    const round = await api<RoundDetail>('rounds.create', {
      name: '2026年度学校督导评估',
      year: 2026,
      evaluator: { kind: 'office', name: '督导室' },
      systemId: system.summary.id,
      stages: [{ name: '实地督导', startsOn: '2027-01-04', endsOn: '2027-01-08', collects: true }],
      units: [a, b].map((s) => ({ schoolId: s.id, campusId: null })),
    });
    const [u1, u2] = [round.units.find((u) => u.name === '景行小学')!, round.units.find((u) => u.name === '河西小学')!];
    const li = await api<Expert>('experts.save', { name: '李明', organisation: '市教育科学研究院' });
    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [u1.id] });
    const leaf = (await api<UnitOpinions>('scoring.opinions', { unitId: u1.id })).indicators.find((i) => i.leaf)!;
    await api('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: leaf.nodeId, kind: 'problem', text: '课程表\n执行不严' });
    await api('scoring.saveOpinion', { unitId: u2.id, expertId: null, nodeId: null, kind: 'suggestion', text: '完善家校共育制度' });
    const gone = await api<Opinion>('scoring.saveOpinion', { unitId: u2.id, expertId: null, nodeId: null, kind: 'strength', text: '将被撤回' });
    await api('scoring.withdrawOpinion', { id: gone.id });
    return { round, u1, u2, leaf };
  } finally {
    await core.close();
  }
}

describe('scoring opinions CLI', () => {
  it('lists a round’s current opinions, one line each, optionally for one unit; --json gives the rows', async () => {
    const { round, u1, u2, leaf } = await setup();
    let r = await cli('scoring', 'opinions', String(round.id));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('报送编码\t单位\t指标\t类别\t提出人\t意见\t录入时间\t录入人');
    expect(lines[1]).toMatch(new RegExp(`^${u1.code}\\t景行小学\\t${leaf.code} ${leaf.title}\\t存在问题\\t李明\\t课程表 执行不严\\t\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\t王督学$`));
    expect(lines[2]).toMatch(new RegExp(`^${u2.code}\\t河西小学\\t整体\\t整改建议\\t督导室\\t完善家校共育制度\\t`));
    expect(lines[3]).toBe('共 2 条意见');

    r = await cli('scoring', 'opinions', round.name, '--unit', '河西小学', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { unitCode: string; kind: string; author: string; text: string }[];
    expect(json.map((o) => [o.unitCode, o.kind, o.author, o.text])).toEqual([[u2.code, 'suggestion', '督导室', '完善家校共育制度']]);

    expect((await cli('scoring', 'opinions', '2026年度学校督导评估', '--unit', u1.code)).out.split('\n')).toHaveLength(3);
    r = await cli('scoring', 'opinions', round.name, '--unit', '城东中学');
    expect(r.code).toBe(1);
    expect(r.err).toContain('评估项目“2026年度学校督导评估”中没有“城东中学”');
    r = await cli('scoring', 'opinions');
    expect(r.code).toBe(1);
    expect(r.err).toContain('缺少评估项目（编号或名称，见 rounds list）');
  });
});
