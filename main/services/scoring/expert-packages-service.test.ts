import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { Expert, ExpertImportReport, ExpertPackageMade, ExpertSubmission, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { EXPERT_COLUMNS, EXPERT_FILES, EXPERT_SHEET, OPINION_COLUMNS, OPINION_SHEET } from '../../exchange/expert-packages/expert-package';
import { tempCore, tempDir } from '../../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
let dir: string;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op as never, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

beforeEach(async () => {
  core = await tempCore();
  dir = tempDir('desk-expert-pkg-');
});
afterEach(async () => {
  await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const col = (key: (typeof EXPERT_COLUMNS)[number]['key']) => EXPERT_COLUMNS.findIndex((c) => c.key === key) + 1;

/** Two schools on the county 100-point system, 平均分, two experts on both units; their packages written under `out`. */
async function setup() {
  const a = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
  const b = await api<School>('schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api('indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>('rounds.create', {
    name: '2026年度督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [
      { schoolId: a.id, campusId: null },
      { schoolId: b.id, campusId: null },
    ],
  });
  await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean' } });
  const experts: Expert[] = [];
  for (const name of ['李明', '王芳']) {
    const e = await api<Expert>('experts.save', { name, organisation: '市教科院' });
    await api('scoring.assign', { roundId: round.id, expertId: e.id, unitIds: round.units.map((u) => u.id) });
    experts.push(e);
  }
  return { round, experts };
}

/** Writes the packages into a folder, returns each expert's package folder by name. */
async function issue(roundId: number, expertIds: number[] = []): Promise<Map<string, string>> {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(out);
  const destination = await core.ctx.files.registerFolder(out);
  const made = await api<ExpertPackageMade[]>('scoring.expertPackages', { roundId, expertIds, destination: { ref: destination.ref } });
  return new Map(made.map((m) => [m.expertName, path.join(out, m.folder)]));
}

/** Fills the 专家评分 column: `scores` by `报送编码|指标编码` (text as typed), notes likewise. */
async function fill(folder: string, scores: Record<string, string | number>, notes: Record<string, string> = {}) {
  const file = path.join(folder, EXPERT_FILES.workbook);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(EXPERT_SHEET)!;
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const key = `${row.getCell(col('unitCode')).value}|${row.getCell(col('code')).value}`;
    if (key in scores) row.getCell(col('score')).value = scores[key]!;
    if (key in notes) row.getCell(col('note')).value = notes[key]!;
  }
  await wb.xlsx.writeFile(file);
}

/** Writes 评估意见 rows: each [报送编码, 指标编码, 类别, 意见] into the first blank rows, or edits a pre-filled row by its text. */
async function fillOpinions(folder: string, add: [string, string, string, string][], edit: Record<string, string> = {}) {
  const file = path.join(folder, EXPERT_FILES.workbook);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(OPINION_SHEET)!;
  const oc = (key: (typeof OPINION_COLUMNS)[number]['key']) => OPINION_COLUMNS.findIndex((c) => c.key === key) + 1;
  let r = 2;
  for (; r <= ws.rowCount; r++) {
    const text = String(ws.getRow(r).getCell(oc('text')).value ?? '');
    if (text === '') break;
    if (text in edit) ws.getRow(r).getCell(oc('text')).value = edit[text]!;
  }
  for (const [unitCode, code, kind, text] of add) {
    const row = ws.getRow(r++);
    row.getCell(oc('unitCode')).value = unitCode;
    row.getCell(oc('code')).value = code;
    row.getCell(oc('kind')).value = kind;
    row.getCell(oc('text')).value = text;
  }
  await wb.xlsx.writeFile(file);
}

async function importPkg(roundId: number, folder: string, dryRun: boolean, acceptConflict = false) {
  const source = await core.ctx.files.registerFolder(folder);
  return api<ExpertImportReport>('scoring.importExpertPackage', { roundId, source: { ref: source.ref }, dryRun, acceptConflict });
}

describe('expert packages', () => {
  it('writes one package per expert: the workbook lists every unit and hand-scored item with only the score and note cells open', async () => {
    const { round } = await setup();
    const made = await api<ExpertPackageMade[]>('scoring.expertPackages', { roundId: round.id });
    expect(made.map((m) => [m.expertName, m.units])).toEqual([
      ['李明', 2],
      ['王芳', 2],
    ]);
    const zip = await JSZip.loadAsync(fs.readFileSync(core.ctx.files.download(made[0]!.zip.ref).path));
    const names = Object.keys(zip.files).filter((n) => !n.endsWith('/')).sort();
    expect(names).toEqual([`${made[0]!.folder}/${EXPERT_FILES.manifest}`, `${made[0]!.folder}/${EXPERT_FILES.workbook}`, `${made[0]!.folder}/${EXPERT_FILES.readme}`].sort());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file(`${made[0]!.folder}/${EXPERT_FILES.workbook}`)!.async('nodebuffer')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(EXPERT_SHEET)!;
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: round.units[0]!.id });
    expect(ws.rowCount - 1).toBe(2 * sheet.rows.filter((r) => !r.computed).length);
    const r2 = ws.getRow(2);
    expect(r2.getCell(col('score')).protection?.locked).toBe(false);
    expect(r2.getCell(col('code')).protection?.locked).not.toBe(false);
    expect(ws.getColumn(col('nodeId')).hidden).toBe(true);
  });

  it('two experts’ packages in either order give the same scores and suggested score; the same package twice changes nothing', async () => {
    const results: string[] = [];
    for (const order of [['李明', '王芳'], ['王芳', '李明']]) {
      await core.dispose();
      core = await tempCore();
      const { round } = await setup();
      const folders = await issue(round.id);
      const unit = round.units.find((u) => u.name === '景行小学')!;
      await fill(folders.get('李明')!, { [`${unit.code}|1.1.1`]: 3, [`${unit.code}|1.1.2`]: '２.5' }, { [`${unit.code}|1.1.1`]: '资料齐全' });
      await fill(folders.get('王芳')!, { [`${unit.code}|1.1.1`]: 2, [`${unit.code}|1.1.2`]: 2.5 });
      for (const name of order) {
        const check = await importPkg(round.id, folders.get(name)!, true);
        expect(check.verdict).toBe('new');
        expect(check.revision).toBeNull();
        const done = await importPkg(round.id, folders.get(name)!, false);
        expect(done.revision).toBe(1);
        expect(done.changes.map((c) => `${c.code} ${c.before}→${c.after}`)).toEqual(name === '李明' ? ['1.1.1 （未评）→3 分', '1.1.2 （未评）→2.5 分'] : ['1.1.1 （未评）→2 分', '1.1.2 （未评）→2.5 分']);
        // Again: nothing changes, nothing stored.
        const again = await importPkg(round.id, folders.get(name)!, false);
        expect(again.verdict).toBe('unchanged');
        expect(again.revision).toBeNull();
      }
      const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: unit.id });
      const row = sheet.rows.find((r) => r.code === '1.1.1')!;
      expect(row.experts.map((e) => [e.name, e.score?.text, e.score?.note])).toEqual([
        ['李明', '3 分', '资料齐全'],
        ['王芳', '2 分', ''],
      ]);
      expect(row.reconciled).toMatchObject({ state: 'agreed', text: '2.5 分' });
      results.push(JSON.stringify(sheet.rows.map((r) => [r.code, r.reconciled, r.experts.map((e) => e.score?.answer ?? null)])));
      const subs = await api<ExpertSubmission[]>('scoring.expertSubmissions', { roundId: round.id });
      expect(subs).toHaveLength(2);
      expect(subs.every((s) => s.workbook.sha256.length === 64)).toBe(true);
    }
    expect(results[0]).toBe(results[1]);
  });

  it('refuses bad cells naming sheet, row and column; a forged manifest; a package issued before the latest revision is a conflict', async () => {
    const { round } = await setup();
    const folders = await issue(round.id, []);
    const unit = round.units[0]!;
    await fill(folders.get('李明')!, { [`${unit.code}|1.1.1`]: 9, [`${unit.code}|1.1.2`]: '三分', [`${unit.code}|5.1`]: '是' });
    const bad = await importPkg(round.id, folders.get('李明')!, true);
    expect(bad.verdict).toBe('refused');
    expect(bad.issues.map((i) => `${i.sheet} ${i.row} ${i.column}`)).toEqual([expect.stringMatching(/^专家评分 \d+ K$/), expect.stringMatching(/^专家评分 \d+ K$/), expect.stringMatching(/^专家评分 \d+ K$/)]);
    expect(bad.issues[0]!.message).toMatch(/1\.1\.1 领导责任：“1\.1\.1 领导责任”的分数应在 0 至 3 分之间（填写的是 9）/);
    expect(bad.issues.map((i) => i.message).join('\n')).toContain('应填写“存在”或“不存在”（填写的是“是”）');

    // A manifest edited by hand (another expert's id) is refused as a whole.
    const manifestPath = path.join(folders.get('王芳')!, EXPERT_FILES.manifest);
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    fs.writeFileSync(manifestPath, JSON.stringify({ ...m, roundExpertId: m.roundExpertId - 1 }));
    const forged = await importPkg(round.id, folders.get('王芳')!, true);
    expect(forged.verdict).toBe('refused');
    expect(forged.issues[0]!.message).toBe('校验信息与督导室签发的不一致（文件被修改过或不是本系统生成的），无法导入');

    // 李明 corrects and imports (revision 1); an old copy of the blank package then conflicts.
    const old = await issue(round.id);
    await fill(folders.get('李明')!, { [`${unit.code}|1.1.1`]: 3, [`${unit.code}|1.1.2`]: 3, [`${unit.code}|5.1`]: '不存在' });
    expect((await importPkg(round.id, folders.get('李明')!, false)).revision).toBe(1);
    await fill(old.get('李明')!, { [`${unit.code}|1.1.1`]: 1 });
    const conflict = await importPkg(round.id, old.get('李明')!, false);
    expect(conflict.verdict).toBe('conflict');
    expect(conflict.revision).toBeNull();
    expect((await importPkg(round.id, old.get('李明')!, false, true)).revision).toBe(2);
  });

  it('never writes into a locked unit; the receipt lists the workbook with its hash', async () => {
    const { round } = await setup();
    const folders = await issue(round.id);
    const [u1] = round.units;
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u1!.id], change: 'forfeit', reason: '逾期' });
    await fill(folders.get('李明')!, { [`${u1!.code}|1.1.1`]: 3, [`${round.units[1]!.code}|1.1.1`]: 2 });
    const done = await importPkg(round.id, folders.get('李明')!, false);
    expect(done.skipped).toEqual([{ unitName: u1!.name, code: '1.1.1', reason: '单位已弃权' }]);
    expect(done.changes).toHaveLength(1);
    const expert = (await api<Expert[]>('experts.list')).find((e) => e.name === '李明')!;
    const receipt = await api<{ pdf: { ref: string }; xlsx: { ref: string } }>('scoring.expertReceipt', { roundId: round.id, expertId: expert.id, revision: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(core.ctx.files.download(receipt.xlsx.ref).path);
    const sub = (await api<ExpertSubmission[]>('scoring.expertSubmissions', { roundId: round.id }))[0]!;
    expect(wb.worksheets[0]!.getRow(11).values).toEqual([undefined, 1, '专家评分表.xlsx', sub.workbook.bytes, sub.workbook.sha256]);
  });

  it('carries the expert’s opinions: new rows are added, a pre-filled one edited is a new version, emptied is withdrawn; the same package twice changes nothing', async () => {
    const { round } = await setup();
    const unit = round.units[0]!;
    let folders = await issue(round.id);
    await fillOpinions(folders.get('李明')!, [
      [unit.code, '', '做法成效', '校园文化建设有特色'],
      [unit.code, '1.1.1', '存在问题', '领导责任制落实记录不全'],
      [unit.code, '9.9', '整改建议', '编码不存在'],
    ]);
    const bad = await importPkg(round.id, folders.get('李明')!, true);
    expect(bad.verdict).toBe('refused');
    expect(bad.issues).toEqual([expect.objectContaining({ sheet: '评估意见', column: 'C', message: `指标编码“9.9”不是适用于“${unit.name}”的指标（对单位整体的意见请不填指标编码）` })]);
    await fillOpinions(folders.get('李明')!, [], {});
    // Fix: the wrong row is rewritten in place.
    const file = path.join(folders.get('李明')!, EXPERT_FILES.workbook);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet(OPINION_SHEET)!.getRow(4).getCell(3).value = '1.1.2';
    await wb.xlsx.writeFile(file);
    const first = await importPkg(round.id, folders.get('李明')!, false);
    expect(first.opinions.map((o) => `${o.item}|${o.kind}|${o.after}`)).toEqual(['整体|做法成效|校园文化建设有特色', '1.1.1|存在问题|领导责任制落实记录不全', '1.1.2|整改建议|编码不存在']);
    expect(first.revision).toBe(1);
    expect((await importPkg(round.id, folders.get('李明')!, false)).verdict).toBe('unchanged');

    // The next package carries them pre-filled: one edited, one emptied.
    const firstFolder = folders.get('李明')!;
    folders = await issue(round.id);
    await fillOpinions(folders.get('李明')!, [], { 领导责任制落实记录不全: '领导责任制落实记录不全，缺少 2025 年会议纪要', 编码不存在: '' });
    const second = await importPkg(round.id, folders.get('李明')!, false);
    expect(second.opinions.map((o) => `${o.item}|${o.before}→${o.after}`)).toEqual(['1.1.1|领导责任制落实记录不全→领导责任制落实记录不全，缺少 2025 年会议纪要', '1.1.2|编码不存在→']);
    expect(second.opinions.find((o) => o.after === '')!.unitName).toBe(unit.name);
    // The first package again (accepted as a conflict): its opinions, since edited or withdrawn, do not come back.
    const again = await importPkg(round.id, firstFolder, false, true);
    expect(again.verdict).toBe('unchanged');
    expect(again.opinions).toEqual([]);
    expect(again.skipped.map((x) => `${x.code}：${x.reason}`)).toEqual(['1.1.1：这条意见此前已录入，后来已修改或撤回，未重复导入', '1.1.2：这条意见此前已录入，后来已修改或撤回，未重复导入']);
    const list = await api<{ unitCode: string; code: string | null; text: string; author: string }[]>('scoring.roundOpinions', { roundId: round.id });
    expect(list.map((o) => [o.code, o.text, o.author])).toEqual([
      [null, '校园文化建设有特色', '李明'],
      ['1.1.1', '领导责任制落实记录不全，缺少 2025 年会议纪要', '李明'],
    ]);
  });

  it('an expert in 评估组 gets only the groups’ items and cannot score others', async () => {
    const { round, experts } = await setup();
    const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId: round.units[0]!.id });
    const a = sheet.rows.find((r) => r.code === '1.1.1')!;
    const b = sheet.rows.find((r) => r.code === '1.1.2')!;
    const saved = await api<{ blocks: { id: number; name: string }[] }>('scoring.saveBlocks', { roundId: round.id, blocks: [{ name: '资料查阅组', nodeIds: [a.nodeId], methods: ['资料查阅'] }] });
    await api('scoring.assignBlocks', { roundId: round.id, expertId: experts[0]!.id, blockIds: [saved.blocks[0]!.id] });
    const made = await api<ExpertPackageMade[]>('scoring.expertPackages', { roundId: round.id, expertIds: [experts[0]!.id] });
    expect(made[0]!.rows).toBe(2); // one item, two units
    const r = await core.dispatch('scoring.setScore' as never, { unitId: round.units[0]!.id, nodeId: b.nodeId, kind: 'expert', expertId: experts[0]!.id, answer: { points: 1 } } as never);
    expect(r.ok ? '' : r.error.message).toBe(`“1.1.2 ${b.title}”不在专家“李明”负责的评估组中`);
    const after = await api<UnitScoreSheet>('scoring.sheet', { unitId: round.units[0]!.id });
    expect(after.rows.find((x) => x.code === '1.1.2')!.experts.map((e) => e.inGroup)).toEqual([false, true]);
  });
});
