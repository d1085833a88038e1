/**
 * 评估组 (issue 12 item 2) and 现场督导工作用表 (item 5) through the core's dispatcher: groups of the
 * round's frozen system saved, checked and audited; experts assigned to groups; the work sheets and
 * the materials list generated as a job, then opened (the DOCX unzipped, the PDF read back with
 * pdftotext) to check what they say.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditView } from '../../../shared/api/contracts/audit';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { BlockTreeNode, Expert, RoundBlocks } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { DEFAULT_VISIT_MATERIALS, PROPOSED_BLOCKS, STANDARD_METHODS } from '../../../shared/domain/scoring/blocks';
import type { Db } from '../../db/connection';
import { pdfText } from '../../documents/testing/tools';
import { tempCore } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';
import { docxTextOf } from '../../testing/scoring';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op as never, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function refused(op: string, input: unknown): Promise<string> {
  const r = await core.dispatch(op as never, input);
  if (r.ok) throw new Error(`${op} was accepted`);
  return r.error.message;
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

/** The five-section school system (seed 000's sections, grade items A–D), a round of two schools, two experts. */
async function setup() {
  const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api('indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>('rounds.create', {
    name: '城中区2026年优质均衡督导评估',
    year: 2026,
    evaluator: { kind: 'third_party', name: '某某教育评估咨询有限公司' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [
      { schoolId: a.id, campusId: null },
      { schoolId: b.id, campusId: null },
    ],
  });
  const li = await api<Expert>('experts.save', { name: '李明', organisation: '市教育科学研究院', speciality: '学校管理' });
  const wang = await api<Expert>('experts.save', { name: '王芳', organisation: '某某师范学院', speciality: '课程教学' });
  const initial = await api<RoundBlocks>('scoring.blocks', { roundId: round.id });
  const byCode = new Map<string, BlockTreeNode>();
  const walk = (nodes: BlockTreeNode[]) => nodes.forEach((n) => (byCode.set(n.code, n), walk(n.children)));
  walk(initial.tree);
  const id = (code: string) => byCode.get(code)!.id;
  const [u1, u2] = round.units as [RoundDetail['units'][number], RoundDetail['units'][number]];
  return { round, li, wang, initial, id, u1, u2 };
}

describe('评估组', () => {
  it('starts empty with seed 000’s proposal; saved groups cover the frozen system’s leaves, overlaps allowed, redundant nodes dropped', async () => {
    const { round, initial, id } = await setup();
    expect(initial.blocks).toEqual([]);
    expect(initial.proposal).toEqual(PROPOSED_BLOCKS.map((p) => ({ name: p.name, methods: [...p.methods], nodeIds: [] })));
    // The preset has 10 + 6 + 15 + 5 + 10 leaves; none is covered yet.
    expect(initial.leafCount).toBe(46);
    expect(initial.uncovered).toHaveLength(46);
    expect(initial.tree.map((n) => `${n.code} ${n.title}`)).toEqual(['1 资源配置', '2 政府保障', '3 教育质量', '4 社会认可', '5 学校管理']);

    const saved = await api<RoundBlocks>('scoring.saveBlocks', {
      roundId: round.id,
      blocks: [
        // Section 1 and one of its own leaves: the leaf is already covered and is dropped.
        { name: '校园观察组', nodeIds: [id('1'), id('1.3'), id('5.8')], methods: ['校园观察'] },
        { name: '问卷调查组', nodeIds: [id('4')], methods: ['问卷', ' 问卷 ', '网络问卷'] },
        // 3.7 课堂教学 is in two groups on purpose: seen in class and in the lesson plans.
        { name: '听课查阅组', nodeIds: [id('3.7'), id('3.6'), id('5.9')], methods: ['随堂听课', '资料查阅'] },
        { name: '座谈访谈组', nodeIds: [id('3.7')], methods: ['座谈', '访谈'] },
      ],
    });
    expect(saved.blocks.map((b) => [b.position, b.name, b.leafCount, b.methods])).toEqual([
      [1, '校园观察组', 11, ['校园观察']],
      [2, '问卷调查组', 5, ['问卷', '网络问卷']],
      [3, '听课查阅组', 3, ['随堂听课', '资料查阅']],
      [4, '座谈访谈组', 1, ['座谈', '访谈']],
    ]);
    expect(saved.blocks[0]!.nodeIds).toEqual([id('1'), id('5.8')]);
    // Stored in the tree's order, not the order given.
    expect(saved.blocks[2]!.nodeIds).toEqual([id('3.6'), id('3.7'), id('5.9')]);
    // 46 leaves − 11 − 5 − 3 (3.7 counted once) = 27 uncovered.
    expect(saved.uncovered).toHaveLength(27);
    expect(saved.uncovered.map((u) => u.code)).not.toContain('3.7');
    expect(saved.uncovered.map((u) => u.code)).toContain('3.1');

    // The audit log names the groups with their indicators and methods, in words.
    const log = (await api<{ rows: AuditView[] }>('audit.query', { page: 1, pageSize: 100 })).rows;
    const entry = log.find((r) => r.summary.startsWith(`修改评估项目“${round.name}”的评估组`))!;
    expect(entry.entityTypeLabel).toBe('评分工作');
    expect(entry.changes).toContainEqual({ label: '评估组“听课查阅组”', before: '（空）', after: '第 3 组；指标：3.6 课程开设、3.7 课堂教学、5.9 档案管理；采集方式：随堂听课、资料查阅' });
  });

  it('refuses duplicate names, unknown nodes and groups without methods, in Chinese; swapping two names keeps both groups', async () => {
    const { round, id } = await setup();
    expect(await refused('scoring.saveBlocks', { roundId: round.id, blocks: [{ name: '校园观察组', methods: ['校园观察'] }, { name: '校园 观察组', methods: ['问卷'] }] })).toBe('评估组名称“校园 观察组”重复，每个评估组的名称应不同');
    expect(await refused('scoring.saveBlocks', { roundId: round.id, blocks: [{ name: '校园观察组', nodeIds: [id('1'), 'no-such-node'], methods: ['校园观察'] }] })).toBe('评估组“校园观察组”中有 1 项指标不在本项目的指标体系中，请重新选择指标');
    expect(await refused('scoring.saveBlocks', { roundId: round.id, blocks: [{ name: '校园观察组', methods: [] }] })).toContain('请至少选择一种采集方式');
    expect(await refused('scoring.saveBlocks', { roundId: round.id, blocks: [{ name: ' ', methods: ['问卷'] }] })).toContain('请填写评估组名称');
    expect((await api<RoundBlocks>('scoring.blocks', { roundId: round.id })).blocks).toEqual([]);

    const first = await api<RoundBlocks>('scoring.saveBlocks', {
      roundId: round.id,
      blocks: [
        { name: '甲组', nodeIds: [id('1')], methods: ['校园观察'] },
        { name: '乙组', nodeIds: [id('2')], methods: ['资料查阅'] },
      ],
    });
    const [a, b] = first.blocks as [RoundBlocks['blocks'][number], RoundBlocks['blocks'][number]];
    const swapped = await api<RoundBlocks>('scoring.saveBlocks', {
      roundId: round.id,
      blocks: [
        { id: a.id, name: '乙组', nodeIds: a.nodeIds, methods: a.methods },
        { id: b.id, name: '甲组', nodeIds: b.nodeIds, methods: b.methods },
      ],
    });
    expect(swapped.blocks.map((x) => [x.id, x.name, x.nodeIds])).toEqual([
      [a.id, '乙组', [id('1')]],
      [b.id, '甲组', [id('2')]],
    ]);
    // A group of another round (or deleted meanwhile) is not taken for this one.
    expect(await refused('scoring.saveBlocks', { roundId: round.id, blocks: [{ id: a.id + 100, name: '丙组', methods: ['问卷'] }] })).toContain('不在本项目中');
  });

  it('assigns experts to groups (none = all); a group an expert works in cannot be removed; every change is audited', async () => {
    const { round, li, wang, id, u1 } = await setup();
    const saved = await api<RoundBlocks>('scoring.saveBlocks', {
      roundId: round.id,
      blocks: PROPOSED_BLOCKS.map((p, i) => ({ name: p.name, methods: [...p.methods], nodeIds: [id(String(i + 1))] })),
    });
    const [observe, survey, , lessons] = saved.blocks as RoundBlocks['blocks'];
    expect(await refused('scoring.assignBlocks', { roundId: round.id, expertId: li.id, blockIds: [observe!.id] })).toBe(`专家“李明”不在评估项目“${round.name}”中，请先添加专家并分配单位`);

    await api('scoring.assign', { roundId: round.id, expertId: li.id, unitIds: [u1.id] });
    await api('scoring.assign', { roundId: round.id, expertId: wang.id, unitIds: [u1.id] });
    // Given out of order, stored in the groups' order.
    const assigned = await api<RoundBlocks>('scoring.assignBlocks', { roundId: round.id, expertId: li.id, blockIds: [lessons!.id, observe!.id] });
    expect(assigned.experts).toEqual(
      expect.arrayContaining([
        { expertId: li.id, blockIds: [observe!.id, lessons!.id] },
        { expertId: wang.id, blockIds: [] },
      ]),
    );
    expect(assigned.blocks.find((b) => b.id === observe!.id)!.expertIds).toEqual([li.id]);
    expect(assigned.blocks.find((b) => b.id === survey!.id)!.expertIds).toEqual([]);
    expect(await refused('scoring.assignBlocks', { roundId: round.id, expertId: li.id, blockIds: [999] })).toContain('编号为 999 的评估组不在评估项目');

    // Removing 校园观察组 while 李明 works in it would change his work silently: refused, naming him.
    const without = saved.blocks.filter((b) => b.id !== observe!.id).map((b) => ({ id: b.id, name: b.name, nodeIds: b.nodeIds, methods: b.methods }));
    expect(await refused('scoring.saveBlocks', { roundId: round.id, blocks: without })).toBe('评估组“校园观察组”已分配给专家 李明，请先在“评估专家”中调整其评估组，再删除该组');
    const all = await api<RoundBlocks>('scoring.assignBlocks', { roundId: round.id, expertId: li.id, blockIds: [] });
    expect(all.experts.find((x) => x.expertId === li.id)!.blockIds).toEqual([]);
    const removed = await api<RoundBlocks>('scoring.saveBlocks', { roundId: round.id, blocks: without });
    expect(removed.blocks.map((b) => [b.position, b.name])).toEqual([
      [1, '问卷调查组'],
      [2, '座谈访谈组'],
      [3, '听课查阅组'],
    ]);

    const log = (await api<{ rows: AuditView[] }>('audit.query', { page: 1, pageSize: 100 })).rows;
    const summaries = log.map((r) => r.summary);
    expect(summaries).toEqual(expect.arrayContaining(['分配专家“李明”负责评估组：校园观察组、听课查阅组', '专家“李明”负责全部评估组']));
    expect(log.find((r) => r.summary === '专家“李明”负责全部评估组')!.changes).toEqual([{ label: '评估组', before: '校园观察组、听课查阅组', after: '全部评估组' }]);
    // Saving the same groups again writes nothing.
    const before = log.length;
    await api('scoring.saveBlocks', { roundId: round.id, blocks: removed.blocks.map((b) => ({ id: b.id, name: b.name, nodeIds: b.nodeIds, methods: b.methods })) });
    expect((await api<{ rows: AuditView[] }>('audit.query', { page: 1, pageSize: 100 })).rows.length).toBe(before);
  });
});

/** The visible text of a DOCX file. */
const docxText = (file: string) => docxTextOf(fs.readFileSync(file));
const flat = (s: string) => s.replace(/\s+/g, '');

describe('现场督导工作用表', () => {
  it('per unit: each chosen group’s applicable indicators with the self-evaluation, tick boxes and signature lines; and the materials list — in DOCX and PDF', { timeout: 120_000 }, async () => {
    const { round, id, u1, u2 } = await setup();
    await api('scoring.saveBlocks', {
      roundId: round.id,
      blocks: [
        { name: '校园观察组', nodeIds: [id('1.1'), id('5.8')], methods: ['校园观察'] },
        { name: '听课查阅组', nodeIds: [id('3.7')], methods: ['随堂听课', '资料查阅', '作业抽查'] },
        { name: '问卷调查组', nodeIds: [], methods: ['问卷'] },
      ],
    });
    const groups = (await api<RoundBlocks>('scoring.blocks', { roundId: round.id })).blocks;
    // A revision as the import stores it: 景行小学 rated 1.1 at A with its explanation.
    const db = core.ctx.db as Db;
    await db
      .insertInto('round_submissions')
      .values({
        unit_id: u1.id,
        revision: 2,
        package_id: 'p-1',
        package_version: 1,
        content_hash: 'h',
        source_name: '景行小学.zip',
        received_at: '2026-12-20T08:00:00.000Z',
        received_by: '张三',
        late: 0,
        data: JSON.stringify({ answers: [{ nodeId: id('1.1'), code: '1.1', answer: { grade: 'A' }, explanation: '生均用地二十三平方米，已达标' }], statistics: [], warnings: [] }),
      })
      .execute();

    // A chosen group without indicators is refused before any job exists.
    expect(await refused('jobs.start', { kind: 'scoring.worksheets', parameters: { roundId: round.id, unitIds: [u1.id], blockIds: [groups[2]!.id], formats: ['docx'] } })).toBe('评估组“问卷调查组”还没有选择指标，请先在“专家与设置”中为其选择指标');

    const started = await api<Job>('jobs.start', { kind: 'scoring.worksheets', parameters: { roundId: round.id, unitIds: [u2.id, u1.id], formats: ['docx', 'pdf'] } });
    expect(started.title).toBe(`为“${round.name}”生成现场督导工作用表（2 个单位）`);
    const job = await waitForJob(started.id);
    expect(job).toMatchObject({ state: '已完成', done: 2, total: 2, errors: [] });
    // Per unit: the work sheets and the materials list, each in both formats.
    expect(job.outputs.map((o) => path.basename(o.name)).sort()).toEqual(
      [`${u1.code}_景行小学_现场督导工作用表`, `${u1.code}_景行小学_迎检材料清单`, `${u2.code}_河西小学_现场督导工作用表`, `${u2.code}_河西小学_迎检材料清单`]
        .flatMap((s) => [`${round.name}_${s}.docx`, `${round.name}_${s}.pdf`])
        .sort(),
    );
    const file = (unit: string, what: string, ext: string) => path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith(`${unit}_${what}.${ext}`))!.name);

    for (const text of [await docxText(file('景行小学', '现场督导工作用表', 'docx')), await pdfText(file('景行小学', '现场督导工作用表', 'pdf'))]) {
      const t = flat(text);
      for (const s of [
        '现场督导工作用表（校园观察组）',
        '现场督导工作用表（听课查阅组）',
        `受评单位：景行小学（报送编码${u1.code}）`,
        '取自学校提交的第2版材料',
        '□校园观察',
        '□随堂听课',
        '□作业抽查',
        // 1.1 with its content, standard, points, the school's grade and explanation, the grades to circle.
        '1.1',
        '校舍与用地：校舍、运动场地面积达到办学标准',
        'A：完全达到要求，做法有特色',
        '等级A',
        '生均用地二十三平方米，已达标',
        '3.7',
        '课堂教学',
        '5.8',
        '后勤与环境',
        // The branches the group's leaves sit under.
        '1资源配置',
        '5学校管理',
        '记录',
        '评分',
        '评估专家（签字）',
      ]) {
        expect(t, s).toContain(flat(s));
      }
      // Not in any chosen group: 1.2; the empty group prints nothing.
      expect(t).not.toContain('教学及辅助用房');
      expect(t).not.toContain('问卷调查组');
      // 3.7 was not self-evaluated by the school.
      expect(t).toContain('未自评');
    }
    // A unit without a submission: the self-evaluation column says so.
    expect(flat(await docxText(file('河西小学', '现场督导工作用表', 'docx')))).toContain('学校尚未提交自评材料，自评栏为空');

    for (const text of [await docxText(file('景行小学', '迎检材料清单', 'docx')), await pdfText(file('景行小学', '迎检材料清单', 'pdf'))]) {
      const t = flat(text);
      expect(t).toContain('迎检材料清单');
      for (const m of DEFAULT_VISIT_MATERIALS) expect(t, m).toContain(flat(m));
      expect(t).toContain('专家组接收人（签字）');
    }
  });

  it('without groups: one sheet of every indicator with the six methods; a forfeited unit is reported, a reworded list is used; cancel stops the job', { timeout: 120_000 }, async () => {
    const { round, u1, u2 } = await setup();
    await (core.ctx.db as Db).updateTable('round_units').set({ state: 'forfeited' }).where('id', '=', u2.id).execute();
    const job = await waitForJob(
      (await api<Job>('jobs.start', { kind: 'scoring.worksheets', parameters: { roundId: round.id, unitIds: [u1.id, u2.id], formats: ['docx'], materials: ['2026年春季学期全校各学科成绩汇总表'] } })).id,
    );
    expect(job.state).toBe('已完成');
    expect(job.errors).toEqual(['河西小学：已弃权，不安排实地督导，未生成工作用表']);
    expect(job.outputs).toHaveLength(2);
    const sheet = flat(await docxText(path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith('现场督导工作用表.docx'))!.name)));
    expect(sheet).toContain(`采集方式（采用的在□内打“√”）：${STANDARD_METHODS.map((m) => `□${m}`).join('')}`);
    expect(sheet).toContain('5.10');
    expect(sheet).not.toContain('现场督导工作用表（');
    const list = flat(await docxText(path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith('迎检材料清单.docx'))!.name)));
    expect(list).toContain('2026年春季学期全校各学科成绩汇总表');
    expect(list).not.toContain('总课程表');

    // Cancelled right after it started: it stops before the last unit and says so.
    const started = await api<Job>('jobs.start', { kind: 'scoring.worksheets', parameters: { roundId: round.id, unitIds: [u1.id, u2.id], formats: ['docx', 'pdf'] } });
    await api('jobs.cancel', { id: started.id });
    const cancelled = await waitForJob(started.id);
    expect(cancelled.state).toBe('已取消');
    expect(cancelled.done).toBeLessThan(2);
  });
});
