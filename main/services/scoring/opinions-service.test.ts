import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { Expert, Opinion, OpinionVersion, RoundOpinion, UnitOpinions } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import type { Db } from '../../db/connection';
import { tempCore } from '../../testing/temp-core';
import { opinionsOfRound } from './opinions-service';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op as never, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function refused(op: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await core.dispatch(op as never, input);
  if (r.ok) throw new Error(`${op} was accepted`);
  return { code: r.error.code, message: r.error.message };
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

/**
 * A round on the five-section school system (two of its indicators apply to 初中 only) with two
 * 小学 and one 初中; experts 李明 (on 景行小学) and 王芳 (on 景行小学 and 河西小学) on the round,
 * 赵强 on the office's list only. Two operators, 张三 current.
 */
async function setup() {
  const schools: School[] = [];
  for (const [code, name, type] of [
    ['4502020001', '景行小学', '小学'],
    ['4502020002', '河西小学', '小学'],
    ['4502020003', '城东初级中学', '初中'],
  ] as const) {
    schools.push(await api<School>('schools.create', { code, name, type, locality: '城区' }));
  }
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api('indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>('rounds.create', {
    name: '2026年度学校督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '实地督导', startsOn: '2027-01-04', endsOn: '2027-01-08', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  const unit = (name: string) => round.units.find((u) => u.name === name)!;
  const [li, wang, zhao] = await Promise.all(
    [
      ['李明', '市教育科学研究院'],
      ['王芳', '某某师范学院'],
      ['赵强', '邻县教育局'],
    ].map(([name, organisation]) => api<Expert>('experts.save', { name, organisation, speciality: '学校管理' })),
  );
  const [u1, u2, u3] = [unit('景行小学'), unit('河西小学'), unit('城东初级中学')];
  await api('scoring.assign', { roundId: round.id, expertId: li!.id, unitIds: [u1.id] });
  await api('scoring.assign', { roundId: round.id, expertId: wang!.id, unitIds: [u1.id, u2.id] });
  const zhang = await api<{ id: number }>('operators.create', { name: '李四', office: '督导室' });
  await api('operators.create', { name: '张三', office: '督导室' });
  return { round, li: li!, wang: wang!, zhao: zhao!, u1, u2, u3, operators: { lisi: zhang.id } };
}

const opinionsOf = (unitId: number) => api<UnitOpinions>('scoring.opinions', { unitId });

describe('opinions', () => {
  it('an expert writes only on the units assigned to them; the office on any; the text is trimmed and checked', async () => {
    const { li, wang, zhao, u1, u2 } = await setup();
    const save = (input: object) => api<Opinion>('scoring.saveOpinion', { nodeId: null, kind: 'strength', text: '校园环境整洁', ...input });

    expect((await refused('scoring.saveOpinion', { unitId: u2.id, expertId: li.id, nodeId: null, kind: 'problem', text: '缺少功能室' })).message).toBe('专家“李明”没有被分配评估“河西小学”');
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, expertId: zhao.id, nodeId: null, kind: 'problem', text: '缺少功能室' })).message).toBe('该专家不在本评估项目的专家名单中');
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, nodeId: null, kind: 'problem', text: '缺少功能室' })).message).toBe('请选择提出意见的专家或督导室');
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: null, kind: 'problem', text: '   ' })).message).toContain('请填写意见内容');
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: null, kind: 'problem', text: '字'.repeat(2001) })).message).toContain('意见内容不能超过 2000 个字');
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: null, kind: 'praise', text: '好' })).message).toContain('请选择意见类别');

    const mine = await save({ unitId: u1.id, expertId: li.id, text: '  校园环境整洁，文化氛围浓厚  ' });
    expect(mine).toMatchObject({ nodeId: null, code: null, title: null, kind: 'strength', expertId: li.id, author: '李明', text: '校园环境整洁，文化氛围浓厚', by: '张三', edits: 0, withdrawn: false });
    expect((await save({ unitId: u1.id, expertId: wang.id, text: '2000 字以内的意见'.padEnd(2000, '。') })).text).toHaveLength(2000);
    const office = await save({ unitId: u2.id, expertId: null, kind: 'suggestion', text: '建议完善家校共育制度' });
    expect(office).toMatchObject({ expertId: null, author: '督导室' });

    const view = await opinionsOf(u1.id);
    expect(view.experts).toEqual([
      { expertId: li.id, name: '李明', assigned: true },
      { expertId: wang.id, name: '王芳', assigned: true },
    ]);
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]!.strength.map((o) => o.author)).toEqual(['李明', '王芳']);
    expect((await opinionsOf(u2.id)).experts).toEqual([{ expertId: wang.id, name: '王芳', assigned: true }]);
  });

  it('an indicator must apply to the unit in the round’s frozen system; branches and leaves both can be named', async () => {
    const { li, u1, u3 } = await setup();
    const primary = (await opinionsOf(u1.id)).indicators;
    const junior = (await opinionsOf(u3.id)).indicators;
    const juniorOnly = junior.filter((j) => !primary.some((p) => p.nodeId === j.nodeId));
    expect(juniorOnly.length).toBeGreaterThan(0);
    const only = juniorOnly[0]!;
    const save = (unitId: number, nodeId: string, expertId: number | null) => api<Opinion>('scoring.saveOpinion', { unitId, expertId, nodeId, kind: 'problem', text: '实验仪器配备不足' });

    const no = await refused('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: only.nodeId, kind: 'problem', text: '实验仪器配备不足' });
    expect(no).toEqual({ code: 'invalid_input', message: `指标“${only.code} ${only.title}”不适用于“景行小学”（小学），不能对它提出意见` });
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: 'no-such-node', kind: 'problem', text: '有' })).message).toBe('本评估项目的指标体系中没有这项指标');
    expect(await save(u3.id, only.nodeId, null)).toMatchObject({ code: only.code, title: only.title });

    const branch = primary.find((p) => !p.leaf)!;
    const leaf = primary.find((p) => p.leaf)!;
    expect(await save(u1.id, branch.nodeId, li.id)).toMatchObject({ nodeId: branch.nodeId, code: branch.code, title: branch.title });
    expect(await save(u1.id, leaf.nodeId, li.id)).toMatchObject({ nodeId: leaf.nodeId, code: leaf.code });
    // Grouped: the unit as a whole (none here), then the indicators in the system's order.
    expect((await opinionsOf(u1.id)).groups.map((g) => g.code)).toEqual([branch.code, leaf.code]);
  });

  it('a change is a new version: the author stays the expert, the operator is recorded, every version is kept', async () => {
    const { li, wang, u1, operators } = await setup();
    const leaf = (await opinionsOf(u1.id)).indicators.find((i) => i.leaf)!;
    const first = await api<Opinion>('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: leaf.nodeId, kind: 'problem', text: '部分教师未按课表上课' });

    // Another operator edits the expert's opinion: the kind and the words change, the author does not.
    await api('operators.select', { id: operators.lisi });
    const edited = await api<Opinion>('scoring.saveOpinion', { unitId: u1.id, id: first.id, nodeId: leaf.nodeId, kind: 'suggestion', text: '严格执行课程表，杜绝随意调课' });
    expect(edited.id).not.toBe(first.id);
    expect(edited).toMatchObject({ expertId: li.id, author: '李明', kind: 'suggestion', text: '严格执行课程表，杜绝随意调课', by: '李四', createdAt: first.createdAt, edits: 1 });
    const view = await opinionsOf(u1.id);
    expect(view.groups[0]!.problem).toEqual([]);
    expect(view.groups[0]!.suggestion.map((o) => o.id)).toEqual([edited.id]);

    // The same words again write nothing; the old version can no longer be changed; the author cannot be swapped.
    expect((await api<Opinion>('scoring.saveOpinion', { unitId: u1.id, id: edited.id, expertId: li.id, nodeId: leaf.nodeId, kind: 'suggestion', text: ' 严格执行课程表，杜绝随意调课 ' })).id).toBe(edited.id);
    expect(await refused('scoring.saveOpinion', { unitId: u1.id, id: first.id, nodeId: leaf.nodeId, kind: 'problem', text: '另一种说法' })).toEqual({ code: 'conflict', message: '这条意见已被修改或撤回，请刷新后再试' });
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, id: edited.id, expertId: wang.id, nodeId: leaf.nodeId, kind: 'suggestion', text: '换人' })).message).toContain('不能更换提出人');
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, id: edited.id, expertId: null, nodeId: leaf.nodeId, kind: 'suggestion', text: '换人' })).message).toContain('不能更换提出人');

    const history = await api<OpinionVersion[]>('scoring.opinionHistory', { id: first.id });
    expect(history).toEqual([
      { action: 'edit', code: leaf.code, title: leaf.title, kind: 'suggestion', author: '李明', text: '严格执行课程表，杜绝随意调课', at: edited.at, by: '李四' },
      { action: 'create', code: leaf.code, title: leaf.title, kind: 'problem', author: '李明', text: '部分教师未按课表上课', at: first.at, by: '张三' },
    ]);
    expect(await api<OpinionVersion[]>('scoring.opinionHistory', { id: edited.id })).toEqual(history);
  });

  it('a withdrawn opinion leaves the current list but stays in view with its history; an unassigned expert’s opinions are kept unchanged', async () => {
    const { round, li, wang, u1, u2 } = await setup();
    const op = await api<Opinion>('scoring.saveOpinion', { unitId: u1.id, expertId: wang.id, nodeId: null, kind: 'problem', text: '课后服务内容单一' });
    const withdrawn = await api<Opinion>('scoring.withdrawOpinion', { id: op.id });
    expect(withdrawn).toMatchObject({ withdrawn: true, text: '课后服务内容单一', author: '王芳', edits: 0 });
    const view = await opinionsOf(u1.id);
    expect(view.groups).toEqual([]);
    expect(view.withdrawn.map((o) => [o.id, o.text])).toEqual([[withdrawn.id, '课后服务内容单一']]);
    expect((await api<OpinionVersion[]>('scoring.opinionHistory', { id: op.id })).map((v) => [v.action, v.text])).toEqual([
      ['withdraw', '课后服务内容单一'],
      ['create', '课后服务内容单一'],
    ]);
    expect(await refused('scoring.withdrawOpinion', { id: op.id })).toEqual({ code: 'conflict', message: '这条意见已被修改或撤回，请刷新后再试' });
    expect(await refused('scoring.withdrawOpinion', { id: withdrawn.id })).toEqual({ code: 'conflict', message: '这条意见已被撤回' });
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, id: withdrawn.id, nodeId: null, kind: 'problem', text: '恢复' })).code).toBe('conflict');
    expect((await refused('scoring.withdrawOpinion', { id: 999_999 })).code).toBe('not_found');

    // 李明 wrote on 景行小学, then is reassigned to 河西小学 only: the opinion stays as his, unchangeable until he is assigned again.
    const his = await api<Opinion>('scoring.saveOpinion', { unitId: u1.id, expertId: li.id, nodeId: null, kind: 'strength', text: '班子团结，管理规范' });
    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [u2.id] });
    const after = await opinionsOf(u1.id);
    expect(after.experts).toContainEqual({ expertId: li.id, name: '李明', assigned: false });
    expect(after.groups[0]!.strength.map((o) => o.author)).toEqual(['李明']);
    const blocked = '专家“李明”已不再评估“景行小学”，其意见保留在记录中，不能修改或撤回；如需修改，请先重新分配该专家评估本单位';
    expect((await refused('scoring.saveOpinion', { unitId: u1.id, id: his.id, nodeId: null, kind: 'strength', text: '改' })).message).toBe(blocked);
    expect((await refused('scoring.withdrawOpinion', { id: his.id })).message).toBe(blocked);
    // An expert with opinions on the round stays on it (round_opinions names them).
    expect((await refused('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [] })).message).toContain('不能移出');
  });

  it('opinionsOfRound lists every current opinion of a round with unit, indicator, kind, author and text, in reading order', async () => {
    const { round, li, wang, u1, u2 } = await setup();
    const indicators = (await opinionsOf(u1.id)).indicators;
    const leaves = indicators.filter((i) => i.leaf);
    const [a, b] = [leaves[0]!, leaves[leaves.length - 1]!];
    const save = (unitId: number, expertId: number | null, nodeId: string | null, kind: string, text: string) => api<Opinion>('scoring.saveOpinion', { unitId, expertId, nodeId, kind, text });
    // Recorded out of reading order, on purpose.
    await save(u2.id, wang.id, null, 'problem', '河西：功能室不足');
    await save(u1.id, li.id, b.nodeId, 'suggestion', '景行：加强作业管理');
    await save(u1.id, wang.id, a.nodeId, 'problem', '景行：制度不健全');
    const edited = await save(u1.id, li.id, a.nodeId, 'problem', '景行：档案不全');
    const gone = await save(u1.id, null, null, 'problem', '将被撤回');
    await save(u1.id, null, null, 'strength', '景行：办学特色鲜明');
    await save(u1.id, wang.id, a.nodeId, 'strength', '景行：章程完善');
    const now = await api<Opinion>('scoring.saveOpinion', { unitId: u1.id, id: edited.id, nodeId: a.nodeId, kind: 'problem', text: '景行：学籍档案不全' });
    await api('scoring.withdrawOpinion', { id: gone.id });

    const list = await opinionsOfRound(core.ctx.db as Db, round.id);
    const u1Code = u1.code;
    const u2Code = u2.code;
    expect(u1Code < u2Code).toBe(true);
    const row = (unit: typeof u1, node: typeof a | null, kind: string, expert: { id: number; name: string } | null, text: string) => ({
      unitId: unit.id,
      unitCode: unit.code,
      unitName: unit.name,
      nodeId: node?.nodeId ?? null,
      code: node?.code ?? null,
      title: node?.title ?? null,
      kind,
      expertId: expert?.id ?? null,
      author: expert?.name ?? '督导室',
      text,
    });
    expect(list.map(({ id: _id, at: _at, by: _by, ...rest }) => rest)).toEqual([
      row(u1, null, 'strength', null, '景行：办学特色鲜明'),
      row(u1, a, 'strength', wang, '景行：章程完善'),
      row(u1, a, 'problem', wang, '景行：制度不健全'),
      row(u1, a, 'problem', li, '景行：学籍档案不全'),
      row(u1, b, 'suggestion', li, '景行：加强作业管理'),
      row(u2, null, 'problem', wang, '河西：功能室不足'),
    ]);
    // The edited opinion is listed as its current version, recorded by the current operator.
    expect(list[3]).toMatchObject({ id: now.id, at: now.at, by: '张三' });
    // The same list through the contract.
    expect(await api<RoundOpinion[]>('scoring.roundOpinions', { roundId: round.id })).toEqual(list);
    expect((await refused('scoring.roundOpinions', { roundId: 999_999 })).code).toBe('not_found');
  });
});
