import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api/contract';
import { evaluateSystem, flattenNodes, isLeaf, type IndicatorSystem, type TrialInput } from '../../shared/domain/indicators';
import { resultSnapshot } from '../db/repositories/indicator-results-repo';
import { insertSystem } from '../db/repositories/indicator-systems-repo';
import { resultBytes, stageBytes } from '../testing/files';
import { tempCore } from '../testing/temp-core';

type Core = Awaited<ReturnType<typeof tempCore>>;
let core: Core;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

/** Goes through the dispatcher, as every door does. */
async function call<K extends OpName>(op: K, input: OpInput<K>, c: Core = core): Promise<OpOutput<K>> {
  const r = await c.dispatch(op, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as OpOutput<K>;
}

const COUNTY = 'county-balance-100-points';

/** County preset: every points leaf at full marks, good statistics, no veto, bonus 2. */
function countyInput(): TrialInput {
  return {
    values: { cvPrimary: 0.5, cvJunior: 0.45, satisfaction: 0.9 },
    items: { 'd-4-1': { points: 2 }, 'd-4-2': { points: 0 }, 'd-4-3': { points: 0 }, 'd-5-1': { triggered: false }, 'd-5-2': { triggered: false }, 'd-5-3': { triggered: false } },
  };
}

function fullPoints(system: IndicatorSystem, input: TrialInput): TrialInput {
  const items = { ...input.items };
  for (const { node } of flattenNodes(system.nodes)) if (isLeaf(node) && node.scoring?.method === 'points') items[node.id] = { points: node.points ?? 0 };
  return { ...input, items };
}

async function auditSummaries(): Promise<string[]> {
  return (await call('audit.list', { limit: 100 })).map((a) => a.summary);
}

describe('indicator systems: presets and lifecycle', () => {
  it('lists the four presets and creates each as a valid draft', async () => {
    const presets = await call('indicators.presets', {});
    expect(presets.map((p) => p.key).sort()).toEqual([COUNTY, 'national-2017-quality-balance', 'partnership-schooling-assessment', 'school-self-evaluation-five-sections']);
    for (const p of presets) {
      const d = await call('indicators.createFromPreset', { presetKey: p.key });
      expect(d.summary).toMatchObject({ key: p.key, version: 1, state: 'draft', errorCount: 0, resultCount: 0 });
      expect(d.editBlockedReason).toBeNull();
    }
    const again = await call('indicators.createFromPreset', { presetKey: COUNTY });
    expect(again.summary.key).toBe(`${COUNTY}-2`);
    expect(again.summary.name).toMatch(/（2）$/);
    expect(await call('indicators.list', {})).toHaveLength(5);
    expect((await auditSummaries()).filter((s) => s.startsWith('从模板'))).toHaveLength(5);
    await expect(call('indicators.createFromPreset', { presetKey: 'nope' })).rejects.toThrow(/没有标识为“nope”的模板/);
  });

  it('a published version is immutable; only a valid draft can be published', async () => {
    const blank = await call('indicators.create', { name: '空白体系', level: 'school' });
    await expect(call('indicators.publish', { id: blank.summary.id })).rejects.toThrow(/不能发布.*没有任何指标/);

    const d = await call('indicators.createFromPreset', { presetKey: COUNTY });
    const id = d.summary.id;
    const published = await call('indicators.publish', { id });
    expect(published.summary.state).toBe('published');
    expect(published.system.state).toBe('published');
    expect(published.editBlockedReason).toContain('已发布，不能修改');

    const edited = structuredClone(published.system);
    edited.nodes[0]!.title = '改过的标题';
    await expect(call('indicators.update', { id, system: edited })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('已发布，不能修改') });
    await expect(call('indicators.deleteDraft', { id })).rejects.toThrow(/只有草稿可以删除/);
    await expect(call('indicators.publish', { id })).rejects.toThrow(/只有草稿可以发布/);
    expect((await call('indicators.get', { id })).system.nodes[0]!.title).toBe('保障措施');

    const archived = await call('indicators.archive', { id });
    expect(archived.editBlockedReason).toContain('已归档');
    await expect(call('indicators.update', { id, system: edited })).rejects.toThrow(/已归档，不能修改/);
    expect(await auditSummaries()).toEqual(expect.arrayContaining([expect.stringMatching(/^发布指标体系/), expect.stringMatching(/^归档指标体系/)]));
  });

  it('edits a draft, ignores attempts to change identity, reports schema errors by indicator', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: COUNTY });
    const edited = structuredClone(d.system) as IndicatorSystem;
    edited.nodes[0]!.children[0]!.children[0]!.points = 5;
    const saved = await call('indicators.update', { id: d.summary.id, system: { ...edited, key: 'other', version: 9, state: 'published' } });
    expect(saved.summary).toMatchObject({ key: COUNTY, version: 1, state: 'draft', maxTotal: 102 });
    expect(saved.system.nodes[0]!.children[0]!.children[0]!.points).toBe(5);
    expect((await auditSummaries())[0]).toMatch(/^修改指标体系.*修改 1 项/);

    const broken = structuredClone(edited) as any;
    broken.nodes[0].children[0].children[0].points = -1;
    await expect(call('indicators.update', { id: d.summary.id, system: broken })).rejects.toThrow(/指标 1\.1\.1 领导责任.*不能为负数/);
    const v = await call('indicators.validate', { system: broken });
    expect(v.ok).toBe(false);
    expect(v.messages[0]!.message).toContain('1.1.1 领导责任');
  });

  it('new version copies, diff shows the edit, one draft at a time, drafts can be deleted', async () => {
    const v1 = await call('indicators.createFromPreset', { presetKey: COUNTY });
    await call('indicators.publish', { id: v1.summary.id });
    const v2 = await call('indicators.newVersion', { id: v1.summary.id });
    expect(v2.summary).toMatchObject({ key: COUNTY, version: 2, state: 'draft', basedOnVersion: 1 });
    await expect(call('indicators.newVersion', { id: v1.summary.id })).rejects.toThrow(/已有草稿第 2 版/);
    const edited = structuredClone(v2.system);
    edited.passRules = [{ kind: 'totalAtLeast', min: 90 }, ...edited.passRules.slice(1)];
    await call('indicators.update', { id: v2.summary.id, system: edited });
    const diff = await call('indicators.diff', { fromId: v1.summary.id, toId: v2.summary.id });
    expect(diff.identical).toBe(false);
    expect(diff.system.map((f) => f.label)).toEqual(['通过规则']);
    const list = await call('indicators.list', {});
    expect(list[0]!.versions.map((v) => [v.version, v.state])).toEqual([[2, 'draft'], [1, 'published']]);
    expect(await call('indicators.deleteDraft', { id: v2.summary.id })).toEqual({ deleted: true });
    expect((await call('indicators.list', {}))[0]!.versions).toHaveLength(1);
  });
});

describe('indicator systems: grade versus pass, declared value scales', () => {
  it('the failed grade is part of the definition: saved, diffed, validated before publishing', async () => {
    const v1 = await call('indicators.createFromPreset', { presetKey: COUNTY });
    expect(v1.system.grading?.gradeWhenFailed).toBe('不合格');
    await call('indicators.publish', { id: v1.summary.id });
    const v2 = await call('indicators.newVersion', { id: v1.summary.id });
    const edited = structuredClone(v2.system);
    // 合格 as the failed grade: a passing total (≥ 85) would land in it — refused, with the reason.
    edited.grading = { ...edited.grading!, vetoLabel: null, gradeWhenFailed: '合格' };
    const saved = await call('indicators.update', { id: v2.summary.id, system: edited });
    expect(saved.system.grading?.gradeWhenFailed).toBe('合格');
    expect(saved.validation.map((m) => m.message)).toContain('等级“合格”（85 ≤ 得分）是未通过时的等级，却包含通过线 85 分及以上的得分：通过的结果会落入其中。请把它的上限设为 85（不含），或调整通过规则');
    await expect(call('indicators.publish', { id: v2.summary.id })).rejects.toThrow(/不能发布.*未通过时的等级/);
    const diff = await call('indicators.diff', { fromId: v1.summary.id, toId: v2.summary.id });
    expect(diff.system.map((f) => f.label)).toEqual(['等级划分']);
    // “grades only among passing results” is valid and publishable.
    edited.grading = { ...edited.grading, gradeWhenFailed: null };
    await call('indicators.update', { id: v2.summary.id, system: edited });
    const published = await call('indicators.publish', { id: v2.summary.id });
    expect(published.system.grading?.gradeWhenFailed).toBeNull();
    const failed = await call('indicators.trial', { id: v2.summary.id, input: countyInput() });
    expect(failed.passed).toBe(false);
    expect(failed.grade?.label).toBe('');
  });

  it('a system stored before the new fields reads with meaningful defaults (veto grade, ratio scale)', async () => {
    const legacy = {
      schemaVersion: 1, key: 'old', name: '旧体系', level: 'county', version: 1, state: 'draft',
      passRules: [{ kind: 'totalAtLeast', min: 60 }, { kind: 'valueAtLeast', name: 'sr', label: '社会认可度', min: 0.85, display: 'percent' }],
      grading: { basis: 'points', vetoLabel: '差', bands: [{ label: '差', min: 0, max: 60 }, { label: '好', min: 60, max: null }] },
      nodes: [{ id: 'a', code: '1', title: '甲', points: 100, scoring: { method: 'points' } }],
    };
    const id = await insertSystem(core.database.db, legacy as unknown as IndicatorSystem);
    const d = await call('indicators.get', { id });
    expect(d.system.grading?.gradeWhenFailed).toBe('差');
    expect(d.system.values).toEqual([{ name: 'sr', label: '社会认可度', scale: 'ratio', unit: '' }]);
    expect(d.system.passRules[1]).toEqual({ kind: 'valueAtLeast', name: 'sr', label: '社会认可度', min: 0.85 });
    expect(d.summary.errorCount).toBe(0);
    const r = await call('indicators.trial', { id, input: { values: { sr: 80 }, items: { a: { points: 90 } } } });
    expect(r.passed).toBe(false);
    expect(r.grade?.label).toBe('差'); // 90 is in 好, but the result did not pass
    expect(r.explanation).toContain('社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%');
  });

  it('saving a trial records the conclusion consistently in the audit log', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
    await call('indicators.saveTrial', { id: d.summary.id, input: {}, label: '只评等级' });
    const summary = (await auditSummaries()).find((s) => s.includes('只评等级'))!;
    expect(summary).toMatch(/总分 0，等级 D$/);
    expect(summary).not.toMatch(/通过/);
  });
});

describe('indicator systems: trials and stored results', () => {
  it('a result stored under v1 does not change when v2 is edited', async () => {
    const v1 = await call('indicators.createFromPreset', { presetKey: COUNTY });
    await call('indicators.publish', { id: v1.summary.id });
    const input = fullPoints(v1.system, countyInput());
    const stored = await call('indicators.saveTrial', { id: v1.summary.id, input, label: '2025 年自评' });
    expect(stored).toMatchObject({ systemId: v1.summary.id, systemKey: COUNTY, systemVersion: 1, label: '2025 年自评' });
    expect(stored.result.total).toBeCloseTo(102, 9); // 100 + bonus 2
    expect(stored.result.passed).toBe(true);

    const v2 = await call('indicators.newVersion', { id: v1.summary.id });
    const edited = structuredClone(v2.system);
    edited.passRules = [{ kind: 'totalAtLeast', min: 110 }, ...edited.passRules.slice(1)];
    edited.nodes[0]!.children[0]!.children[0]!.points = 10;
    await call('indicators.update', { id: v2.summary.id, system: edited });

    const again = await call('indicators.getResult', { id: stored.id });
    expect(again).toEqual(stored);
    expect(await call('indicators.trial', { id: v1.summary.id, input })).toEqual(stored.result);
    const underV2 = await call('indicators.trial', { id: v2.summary.id, input });
    expect(underV2.passed).toBe(false);
    expect(underV2.systemVersion).toBe(2);
    // A version with stored results keeps them: it can be archived, not deleted.
    expect((await call('indicators.get', { id: v1.summary.id })).summary.resultCount).toBe(1);
  });

  it('a result saved on a draft keeps the draft as it was, even after the draft is edited', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: COUNTY });
    const input = fullPoints(d.system, countyInput());
    const stored = await call('indicators.saveTrial', { id: d.summary.id, input });
    expect(stored.label).toMatch(/^试算 /);
    const edited = structuredClone(d.system);
    edited.nodes[0]!.children[0]!.children[0]!.points = 10;
    await call('indicators.update', { id: d.summary.id, system: edited });
    expect(await call('indicators.getResult', { id: stored.id })).toEqual(stored);
    expect(await resultSnapshot(core.database.db, stored.id)).toEqual(d.system);
    expect(evaluateSystem(d.system, input)).toEqual(stored.result);
    await expect(call('indicators.deleteDraft', { id: d.summary.id })).rejects.toThrow(/已保存 1 条结果，不能删除/);
    expect((await auditSummaries()).some((s) => s.startsWith('保存指标体系'))).toBe(true);
  });

  it('the API trial is the shared engine with a Chinese explanation', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: COUNTY });
    const input = fullPoints(d.system, countyInput());
    input.items!['d-2-1-3'] = { points: 0 };
    input.items!['d-2-2-1'] = { points: 0 };
    const r = await call('indicators.trial', { id: d.summary.id, input });
    expect(r).toEqual(evaluateSystem(d.system, input));
    expect(r.passed).toBe(false);
    expect(r.explanation).toContain('差异程度得分 22，低于 26');
    const veto = await call('indicators.trial', { id: d.summary.id, input: { ...input, items: { ...input.items, 'd-5-1': { triggered: true } } } });
    expect(veto.vetoes).toHaveLength(1);
    expect(veto.explanation).toMatch(/^未通过：触发一票否决/);
    await expect(call('indicators.trial', { id: d.summary.id, input: { items: { x: { points: 'a' } } } as never })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('indicator systems: Excel through the API', () => {
  /** Stages `data` in core `c` as an upload would, and returns what the contract takes. */
  const upload = async (fileName: string, data: Uint8Array | string, c: Core = core) => ({ ref: (await stageBytes(c.ctx, fileName, data)).ref });

  it('exports and imports into another database identically; re-import is recognised', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: 'national-2017-quality-balance' });
    const file = await call('indicators.export', { id: d.summary.id });
    expect(file.fileName).toBe('县域义务教育优质均衡发展督导评估-第1版.xlsx');

    const other = await tempCore();
    try {
      const imported = await call('indicators.import', { file: await upload(file.fileName, resultBytes(core.ctx, file), other) }, other);
      expect(imported.status).toBe('created');
      expect(imported.detail.system).toEqual(d.system);
      expect((await call('audit.list', { limit: 5 }, other))[0]!.summary).toContain(file.fileName);
    } finally {
      await other.dispose();
    }

    const same = await call('indicators.import', { file: await upload('x.xlsx', resultBytes(core.ctx, file)) });
    expect(same.status).toBe('unchanged');
    await call('indicators.publish', { id: d.summary.id });
    const edited = structuredClone(d.system);
    edited.name = '改名后的体系';
    const tmp = await call('indicators.newVersion', { id: d.summary.id });
    await call('indicators.update', { id: tmp.summary.id, system: edited });
    const changedFile = await call('indicators.export', { id: tmp.summary.id });
    await call('indicators.deleteDraft', { id: tmp.summary.id });
    const next = await call('indicators.import', { file: await upload('y.xlsx', resultBytes(core.ctx, changedFile)) });
    expect(next.status).toBe('newVersion');
    expect(next.detail.summary).toMatchObject({ version: 2, state: 'draft', name: '改名后的体系' });
  });

  it('rejects a broken workbook with a located Chinese message', async () => {
    await expect(call('indicators.import', { file: await upload('坏文件.xlsx', 'not a zip') })).rejects.toMatchObject({
      code: 'import_failed',
      message: expect.stringContaining('坏文件.xlsx 不是有效的 Excel'),
    });
  });
});
