import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../../shared/api/contracts/audit';
import type { RoundCandidate, RoundDetail, RoundSummary } from '../../../shared/api/contracts/rounds';
import type { School } from '../../../shared/api/contracts/schools';
import { tempCore } from '../../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function refused(op: string, input: unknown): Promise<string> {
  const r = await core.dispatch(op, input);
  if (r.ok) throw new Error(`${op} was expected to fail`);
  return r.error.message;
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const STAGES = [
  { name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true },
  { name: '实地督导', startsOn: '2027-01-04', endsOn: '2027-01-08', collects: false },
];

async function setup() {
  const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区', township: '城关镇' });
  await api('schools.saveCampus', { schoolId: a.id, campus: { name: '本部' } });
  const withCampus = await api<School>('schools.saveCampus', { schoolId: a.id, campus: { name: '潭中校区', evaluatedSeparately: true } });
  const tz = withCampus.campuses.find((c) => c.name === '潭中校区')!.id;
  const b = await api<School>('schools.create', { code: '4502020002', name: '石门中学', type: '初中', locality: '乡村', township: '石门乡' });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api('indicators.publish', { id: system.summary.id });
  return { a: a.id, tz, b: b.id, systemId: system.summary.id };
}

function createInput(d: Awaited<ReturnType<typeof setup>>, extra: object = {}) {
  return {
    name: '2026年度义务教育学校督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: d.systemId,
    stages: STAGES,
    units: [
      { schoolId: d.b, campusId: null },
      { schoolId: d.a, campusId: null },
      { schoolId: d.a, campusId: d.tz },
    ],
    ...extra,
  };
}

describe('rounds', () => {
  it('creates a round on a published system, numbers its units in register order and lists it', async () => {
    const d = await setup();
    const candidates = await api<RoundCandidate[]>('rounds.candidates', { year: 2026 });
    expect(candidates.map((c) => [c.name, c.township])).toEqual([
      ['景行小学', '城关镇'],
      ['景行小学潭中校区', '城关镇'],
      ['石门中学', '石门乡'],
    ]);
    const round = await api<RoundDetail>('rounds.create', createInput(d));
    expect(round.units.map((u) => [u.code, u.name, u.state, u.schoolType])).toEqual([
      [`${String(round.id).padStart(2, '0')}-001`, '景行小学', 'pending', '小学'],
      [`${String(round.id).padStart(2, '0')}-002`, '景行小学潭中校区', 'pending', '小学'],
      [`${String(round.id).padStart(2, '0')}-003`, '石门中学', 'pending', '初中'],
    ]);
    expect(round.stages.map((s) => [s.position, s.name, s.collects, s.closedAt])).toEqual([
      [1, '学校自评', true, null],
      [2, '实地督导', false, null],
    ]);
    const list = await api<RoundSummary[]>('rounds.list');
    expect(list).toHaveLength(1);
    expect(list[0]!.counts.pending).toBe(3);
    expect(list[0]!.unitCount).toBe(3);
    // The secret never leaves the core.
    expect(JSON.stringify(list)).not.toMatch(/secret/);
  });

  it('refuses a draft system, a bad stage table and units that are not candidates, in Chinese', async () => {
    const d = await setup();
    const draft = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    expect(await refused('rounds.create', createInput(d, { systemId: draft.summary.id }))).toMatch(/尚未发布，评估项目只能使用已发布的版本/);
    const badStages = [
      { name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-10', collects: true },
      { name: '学校自评', startsOn: '2026-12-01', endsOn: '2026-12-31', collects: true },
    ];
    const message = await refused('rounds.create', createInput(d, { stages: badStages }));
    expect(message).toContain('第 1 个阶段的结束日期早于开始日期');
    expect(message).toContain('第 2 个阶段的名称“学校自评”与第 1 个阶段重复');
    expect(message).toContain('第 2 个阶段的开始日期早于第 1 个阶段的开始日期');
    expect(message).toContain('只能有一个阶段接收学校填报材料');
    expect(await refused('rounds.create', createInput(d, { units: [{ schoolId: d.a, campusId: 999 }] }))).toContain('编号为 999 的校区不是 2026 年的评估单位');
    expect(await refused('rounds.create', createInput(d, { unitKind: 'partnership' }))).toContain('目前只能评估学校');
    await api('rounds.create', createInput(d));
    expect(await refused('rounds.create', createInput(d))).toContain('已有名为“2026年度义务教育学校督导评估”的评估项目');
  });

  it('confirms, forfeits and undoes each with a reason, audited; refuses what does not apply', async () => {
    const d = await setup();
    const round = await api<RoundDetail>('rounds.create', createInput(d));
    const [u1, u2] = round.units;
    expect(await refused('rounds.changeUnitState', { roundId: round.id, unitIds: [u1!.id], change: 'forfeit' })).toBe('请填写确认弃权的原因');
    expect(await refused('rounds.changeUnitState', { roundId: round.id, unitIds: [u1!.id], change: 'confirm' })).toContain('只有“已提交”的单位可以确认（当前为“未下发”）');
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u1!.id, u2!.id], change: 'forfeit', reason: '逾期未提交' });
    let after = await api<RoundDetail>('rounds.get', { id: round.id });
    expect(after.units[0]!.state).toBe('forfeited');
    expect(after.units[0]!.forfeit).toMatchObject({ reason: '逾期未提交' });
    expect(after.counts.forfeited).toBe(2);
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u1!.id], change: 'unforfeit', reason: '学校已补交说明' });
    after = await api<RoundDetail>('rounds.get', { id: round.id });
    // Never issued: back to 未下发.
    expect(after.units[0]!.state).toBe('pending');
    expect(after.units[0]!.forfeit).toBeNull();
    const log = await api<AuditPage>('audit.query', { entityType: 'round-unit' });
    expect(log.rows.map((r) => r.summary)).toContain('撤销弃权：“景行小学”由“弃权”改为“未下发”，原因：学校已补交说明');
    const change = log.rows.find((r) => r.summary.startsWith('撤销弃权'))!.changes.find((c) => c.label === '状态');
    expect(change).toEqual({ label: '状态', before: '弃权', after: '未下发' });
  });

  it('records extensions per unit and stage, closes and reopens stages, and lists units without a submission', async () => {
    const d = await setup();
    const round = await api<RoundDetail>('rounds.create', createInput(d));
    const self = round.stages[0]!;
    expect(await refused('rounds.extend', { unitId: round.units[0]!.id, stageId: self.id, until: '2026-12-29', reason: '停电' })).toContain('应晚于“学校自评”阶段的截止日期 2026-12-30');
    await api('rounds.extend', { unitId: round.units[0]!.id, stageId: self.id, until: '2027-01-03', reason: '校舍维修，资料整理延后' });
    const after = await api<RoundDetail>('rounds.get', { id: round.id });
    expect(after.units[0]!.extensions).toMatchObject([{ stageName: '学校自评', until: '2027-01-03', reason: '校舍维修，资料整理延后' }]);
    expect(after.units[1]!.extensions).toEqual([]);
    const closed = await api<{ stage: { closedAt: string | null }; withoutSubmission: { name: string }[] }>('rounds.closeStage', { roundId: round.id, stageId: self.id });
    expect(closed.stage.closedAt).not.toBeNull();
    expect(closed.withoutSubmission.map((u) => u.name)).toEqual(['景行小学', '景行小学潭中校区', '石门中学']);
    expect(await refused('rounds.closeStage', { roundId: round.id, stageId: self.id })).toContain('“学校自评”阶段已于');
    // A closed stage keeps its dates.
    const moved = STAGES.map((s, i) => (i === 0 ? { ...s, endsOn: '2026-12-31' } : s));
    expect(await refused('rounds.update', { id: round.id, settings: { name: round.name, evaluator: round.evaluator, stages: moved } })).toContain('已关闭，日期不能修改');
    await api('rounds.reopenStage', { roundId: round.id, stageId: self.id, reason: '延长自评时间' });
    const updated = await api<RoundDetail>('rounds.update', { id: round.id, settings: { name: round.name, evaluator: round.evaluator, stages: moved, latePolicy: 'accept' } });
    expect(updated.stages[0]!.endsOn).toBe('2026-12-31');
    expect(updated.stages[0]!.id).toBe(self.id);
    expect(updated.latePolicy).toBe('accept');
  });

  it('a stage moved in the table keeps its extensions (stages matched by id); a stage with extensions cannot be removed', async () => {
    const d = await setup();
    const round = await api<RoundDetail>('rounds.create', createInput(d, { stages: [...STAGES, { name: '复评', startsOn: '2027-02-01', endsOn: '2027-02-10', collects: false }] }));
    const [self, visit, review] = round.stages;
    await api('rounds.extend', { unitId: round.units[0]!.id, stageId: visit!.id, until: '2027-01-12', reason: '雪灾停课' });
    const settings = (stages: object[]) => ({ id: round.id, settings: { name: round.name, evaluator: round.evaluator, stages } });
    const withId = (s: typeof self) => ({ id: s!.id, name: s!.name, startsOn: s!.startsOn, endsOn: s!.endsOn, collects: s!.collects });
    // 复评 and 实地督导 swap places (and dates): the extension stays with 实地督导, now the third stage.
    const swapped = await api<RoundDetail>('rounds.update', settings([withId(self), { ...withId(review), startsOn: visit!.startsOn, endsOn: visit!.endsOn }, { ...withId(visit), startsOn: review!.startsOn, endsOn: review!.endsOn }]));
    expect(swapped.stages.map((s) => [s.name, s.position, s.id])).toEqual([
      ['学校自评', 1, self!.id],
      ['复评', 2, review!.id],
      ['实地督导', 3, visit!.id],
    ]);
    expect(swapped.units[0]!.extensions).toMatchObject([{ stageId: visit!.id, stageName: '实地督导', until: '2027-01-12' }]);
    // Removing the extended stage is refused; a new stage (no id) is added, the other is removed.
    const [, review2, visit2] = swapped.stages;
    expect(await refused('rounds.update', settings([withId(self), withId(review2)]))).toContain('已有单位在阶段“实地督导”延期，不能删除该阶段');
    const changed = await api<RoundDetail>('rounds.update', settings([withId(self), withId(visit2), { name: '结果发布', startsOn: '2027-03-01', endsOn: '2027-03-05', collects: false }]));
    expect(changed.stages.map((s) => s.name)).toEqual(['学校自评', '实地督导', '结果发布']);
    expect(changed.stages[1]!.id).toBe(visit!.id);
    expect(changed.units[0]!.extensions).toMatchObject([{ stageId: visit!.id }]);
    expect(await refused('rounds.update', settings([withId(self), { ...withId(visit2), id: 99999 }]))).toContain('已不存在');
  });

  it('adds and removes units while not issued, keeps codes, and keeps a school in a round from being deleted', async () => {
    const d = await setup();
    const round = await api<RoundDetail>('rounds.create', createInput(d, { units: [{ schoolId: d.a, campusId: null }] }));
    const c = await api<School>('schools.create', { code: '4502020009', name: '新建小学', type: '小学', locality: '城区' });
    const next = await api<RoundDetail>('rounds.setUnits', { id: round.id, units: [{ schoolId: d.b, campusId: null }, { schoolId: c.id, campusId: null }] });
    expect(next.units.map((u) => [u.code.slice(3), u.name])).toEqual([
      ['002', '石门中学'],
      ['003', '新建小学'],
    ]);
    expect(await refused('schools.delete', { id: d.b })).toContain('参加了评估项目“2026年度义务教育学校督导评估”');
    await api('rounds.delete', { id: round.id });
    expect(await api<RoundSummary[]>('rounds.list')).toEqual([]);
    await api('schools.delete', { id: d.b });
  });
});

describe('the round’s 通知', () => {
  it('takes its stages and dates from the round and lists the units with their 报送编码', async () => {
    const { NOTICE } = await import('../documents/test-fixtures');
    const { buildDocument } = await import('../documents/build');
    const d = await setup();
    const round = await api<RoundDetail>('rounds.create', createInput(d));
    const built = await buildDocument(core.ctx, { kind: 'notice', notice: { ...(NOTICE as object), roundId: round.id, stages: [{ name: '自评', start: '2026-01-01', end: '2026-01-02', tasks: '学校对照指标开展自评。' }] } as never });
    const text = JSON.stringify(built.doc);
    // Names and dates from the round, the first stage's tasks from the form, the second's by default.
    expect(text).toContain('学校自评（2026年12月18日至12月30日）');
    expect(text).toContain('学校对照指标开展自评。');
    expect(text).toContain('按评估项目安排完成“实地督导”阶段的工作。');
    expect(text).not.toContain('2026年1月1日');
    expect(text).toContain('参评单位名单及报送编码');
    expect(text).toContain('参加本次督导评估的单位共3个');
    for (const u of round.units) {
      expect(text).toContain(u.code);
      expect(text).toContain(u.name);
    }
  });
});
