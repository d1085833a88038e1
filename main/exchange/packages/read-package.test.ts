import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILES, SHEETS, signManifest, type PackageIssue, type ReadPackageResult } from './format';
import { StoreContractError } from './archive/receive';
import { readPackage, type ReadPackageOptions } from './read-package';
import {
  buildTestPackage,
  docxBytes,
  evidenceFolder,
  OTHER_SECRET,
  SAMPLE_BYTES,
  VALID_ANSWERS,
  VALID_STATS,
  writePackageFolder,
  writePackageZip,
  type CellInput,
  type PackageZipOptions,
  type TestPackage,
  type TestPackageInput,
} from './testing/build-package';
import { gbk } from './testing/gbk';
import type { StoreDirect } from './archive/receive';
import { recordingStore, type RecordingStore } from './testing/recording-store';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'read-package-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Read {
  pkg: TestPackage;
  result: ReadPackageResult;
  rec: RecordingStore;
}

async function readAs(kind: 'folder' | 'zip', input: TestPackageInput = {}, opts: Partial<ReadPackageOptions> & { zip?: PackageZipOptions } = {}): Promise<Read> {
  const pkg = await buildTestPackage(input);
  const rec = recordingStore();
  const target = path.join(dir, `p${++n}${kind === 'zip' ? '.zip' : ''}`);
  if (kind === 'zip') await writePackageZip(target, pkg.files, opts.zip);
  else await writePackageFolder(target, pkg.files);
  const result = await readPackage(target, { resolve: () => pkg.context, store: rec.store, ...opts });
  return { pkg, result, rec };
}
const readFolder = (input: TestPackageInput = {}, opts: Partial<ReadPackageOptions> = {}) => readAs('folder', input, opts);

const errors = (r: ReadPackageResult) => r.issues.filter((i) => i.severity === 'error');
const warnings = (r: ReadPackageResult) => r.issues.filter((i) => i.severity === 'warning');
const issueAbout = (r: ReadPackageResult, text: string) => r.issues.find((i) => i.message.includes(text));
const answerOf = (r: ReadPackageResult, code: string) => r.answers.find((a) => a.code === code);
/** 1-based row of a sample node in the 自评 sheet (小学: 1, 1.1, 1.2, 1.3, 2, 2.1 … 2.4 from row 5). */
const ROW: Record<string, number> = { '1': 5, '1.1': 6, '1.2': 7, '1.3': 8, '2': 9, '2.1': 10, '2.2': 11, '2.3': 12, '2.4': 13 };

describe('a valid package', () => {
  it('a folder package’s report and evidence are read by the store itself (storeDirect), the workbook as a stream, with the same hashes', async () => {
    const streamed = await readFolder();
    const rec = recordingStore();
    const directPaths: string[] = [];
    const storeDirect: StoreDirect = (source, meta) => {
      directPaths.push(meta.path);
      return rec.storeDirect!(source, meta);
    };
    const direct = await readFolder({}, { store: rec.store, storeDirect });
    expect(errors(direct.result)).toEqual([]);
    // The same content either way.
    expect(direct.result.contentHash).toBe(streamed.result.contentHash);
    expect(direct.result.evidence.map((f) => [f.path, f.sha256])).toEqual(streamed.result.evidence.map((f) => [f.path, f.sha256]));
    // The report and the evidence went the direct way; the workbook, read into memory, as a stream.
    expect(directPaths.sort()).toEqual([...direct.result.evidence.map((f) => f.path), direct.result.report!.path].sort());
    expect(rec.kept()).toContain(direct.result.workbook!.path);
  });

  it('reads answers, statistics, report, workbook and evidence, and hands every accepted file to the store', async () => {
    const { pkg, result, rec } = await readFolder();
    expect(errors(result)).toEqual([]);
    expect(result.manifest).toEqual(pkg.manifest);
    expect(result.answers).toEqual([
      { nodeId: 'n11', code: '1.1', answer: { grade: 'B' }, explanation: '校舍面积达标，有平面图。' },
      { nodeId: 'n12', code: '1.2', answer: { points: 8.5 }, explanation: '设备基本齐全。' },
      { nodeId: 'n21', code: '2.1', answer: { met: true }, explanation: '' },
      { nodeId: 'n22', code: '2.2', answer: { triggered: false }, explanation: '' },
      { nodeId: 'n23', code: '2.3', answer: { points: 2 }, explanation: '' },
      { nodeId: 'n24', code: '2.4', answer: { points: 1 }, explanation: '' },
    ]);
    expect(result.statistics).toEqual([
      { key: 'pupilsPrimary', value: 421, note: '' },
      { key: 'teachingAuxArea', value: 3250.5, note: '' },
      { key: 'equipmentValue', value: 1250000, note: '' },
    ]);
    const report = pkg.files.find((f) => f.path === '学校自评报告.docx')!;
    expect(result.report).toEqual({ path: '学校自评报告.docx', name: '学校自评报告.docx', bytes: report.data.length, sha256: sha(report.data), mimeType: expect.stringContaining('wordprocessingml'), nodeId: null });
    expect(result.workbook).toMatchObject({ path: FILES.workbook, sha256: sha(pkg.files.find((f) => f.path === FILES.workbook)!.data) });
    expect(result.evidence).toEqual([
      { path: `${evidenceFolder('1.1')}/校舍照片.jpg`, name: '校舍照片.jpg', bytes: 211, sha256: expect.any(String), mimeType: 'image/jpeg', nodeId: 'n11' },
      { path: `${evidenceFolder('1.2')}/设备清单.pdf`, name: '设备清单.pdf', bytes: expect.any(Number), sha256: expect.any(String), mimeType: 'application/pdf', nodeId: 'n12' },
    ]);
    expect(result.refused).toEqual([]);
    expect(warnings(result)).toEqual([]);
    expect(rec.kept().sort()).toEqual([FILES.workbook, '学校自评报告.docx', ...result.evidence.map((e) => e.path)].sort());
    for (const c of rec.calls) {
      const f = pkg.files.find((x) => x.path === c.path)!;
      expect(c.sha256).toBe(sha(f.data));
    }
    // The manifest and the read-me are not content: never stored.
    expect(rec.calls.some((c) => c.path === FILES.manifest || c.path === FILES.readme)).toBe(false);
  });

  it('reads the same content from a folder, a zip, a GBK zip with a top folder and a zip with backslashes: same content hash', async () => {
    const input: TestPackageInput = { manifest: { packageId: '0b7f3a4e-8f27-4a53-9b1e-2a8c4d6e1f00' } };
    const a = await readAs('folder', input);
    const b = await readAs('zip', input);
    const c = await readAs('zip', input, { zip: { gbk: true, top: '2024年度优质均衡督导评估_S007_桃源镇中心小学' } });
    const d = await readAs('zip', input, { zip: { backslashes: true } });
    for (const r of [b, c, d]) {
      expect(errors(r.result)).toEqual([]);
      expect(r.result.answers).toEqual(a.result.answers);
      expect(r.result.statistics).toEqual(a.result.statistics);
      expect(r.result.evidence.map((e) => [e.path, e.nodeId])).toEqual(a.result.evidence.map((e) => [e.path, e.nodeId]));
    }
    // Each build writes its own workbook bytes, but the content (answers, statistics, report, evidence) is the same.
    expect(new Set([a, b, c, d].map((r) => r.result.contentHash)).size).toBe(1);
    const changed = await readAs('folder', { ...input, answers: { ...VALID_ANSWERS, '1.1': 'A' } });
    expect(changed.result.contentHash).not.toBe(a.result.contentHash);
  });

  it('reads without a store (dry run), hashing every file all the same', async () => {
    const pkg = await buildTestPackage();
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const r = await readPackage(target, { resolve: () => pkg.context });
    expect(errors(r)).toEqual([]);
    expect(r.evidence.map((e) => e.sha256)).toEqual(pkg.files.filter((f) => f.path.startsWith(FILES.evidenceDir)).map((f) => sha(f.data)));
  });
});

describe('the manifest', () => {
  const stopped = (r: ReadPackageResult) => {
    expect(r.manifest).toBeNull();
    expect(r.answers).toEqual([]);
    expect(r.evidence).toEqual([]);
    expect(r.workbook).toBeNull();
  };

  it('stops when it is missing', async () => {
    const { result, rec } = await readFolder({ omit: [FILES.manifest] });
    stopped(result);
    expect(errors(result)).toEqual([expect.objectContaining({ file: FILES.manifest, message: expect.stringContaining('找不到填报包校验信息文件') })]);
    expect(rec.calls).toEqual([]);
    expect(result.contentHash).toBe('');
  });

  it.each([
    ['not JSON', () => '{"format": "supervision-desk/fill-in-package",', '已损坏或被改动'],
    ['not our format', () => JSON.stringify({ format: 'something-else' }), '不是本程序的填报包校验信息'],
    ['a newer format', (m: object) => JSON.stringify({ ...m, formatVersion: 2 }), '较新版本'],
    ['a field missing', (m: object) => JSON.stringify({ ...m, unitId: undefined }), '已损坏或被改动'],
    ['GBK text', (m: object) => gbk(JSON.stringify({ ...m, unitName: '桃源镇中心小学' })), '已损坏或被改动'],
    ['an oversized file', (m: object) => JSON.stringify({ ...m, padding: 'x'.repeat(100_000) }), '大小异常'],
  ])('stops when it is %s', async (_what, text, message) => {
    const { result } = await readFolder({ manifestText: text as TestPackageInput['manifestText'] });
    stopped(result);
    expect(errors(result)).toEqual([expect.objectContaining({ file: FILES.manifest, message: expect.stringContaining(message) })]);
  });

  it('stops on a forged signature, a field changed after signing, or another round’s secret', async () => {
    const forged = await readFolder({ manifestText: (m) => JSON.stringify({ ...m, signature: 'f'.repeat(64) }) });
    const edited = await readFolder({ manifestText: (m) => JSON.stringify({ ...m, unitCode: 'S008' }) });
    const otherSecret = await readFolder({ secret: OTHER_SECRET });
    for (const { result, pkg } of [forged, edited]) {
      stopped(result);
      expect(errors(result)[0].message).toContain('填报包校验信息被修改或不属于本评估项目');
      expect(pkg.context.secret).not.toBe(OTHER_SECRET);
    }
    // Signed with another secret, read with the round's own.
    const pkg = await buildTestPackage({ secret: OTHER_SECRET });
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const r = await readPackage(target, { resolve: () => ({ ...pkg.context, secret: 'a1'.repeat(32) }) });
    stopped(r);
    expect(errors(r)[0].message).toContain('校验码不符');
    expect(otherSecret.result.manifest).not.toBeNull();
  });

  it('stops with the caller’s words when resolve refuses (another round, an unknown unit)', async () => {
    const { result, rec } = await readFolder({}, { resolve: () => ({ error: '该填报包属于其他评估项目（2023年度督导评估），不能导入本项目' }) });
    stopped(result);
    expect(result.issues).toEqual([{ severity: 'error', file: FILES.manifest, message: '该填报包属于其他评估项目（2023年度督导评估），不能导入本项目' }]);
    expect(rec.calls).toEqual([]);
  });

  it('stops when the round’s indicator system is not the one the package was built from', async () => {
    const { result } = await readFolder({ manifest: { systemHash: 'c'.repeat(64) } });
    stopped(result);
    expect(errors(result)[0].message).toContain('指标体系版本不一致');
  });

  it('refuses a manifest signed validly but duplicated under another case', async () => {
    const { result } = await readAs('zip', { extra: [] }, { zip: { extra: [{ name: FILES.manifest.replace('.json', '.JSON'), data: '{}' }] } });
    stopped(result);
    expect(errors(result)[0].message).toContain('多个校验信息文件');
    expect(result.refused.map((r) => r.path).sort()).toEqual([FILES.manifest, FILES.manifest.replace('.json', '.JSON')].sort());
  });
});

describe('answers: every cell re-validated', () => {
  const withAnswer = (code: string, value: CellInput) => readFolder({ answers: { ...VALID_ANSWERS, [code]: value } });

  it.each<[string, CellInput, object]>([
    ['1.1', 'b', { grade: 'B' }],
    ['1.1', 'Ｃ', { grade: 'C' }],
    ['1.1', ' A ', { grade: 'A' }],
    ['1.2', '８.５', { points: 8.5 }],
    ['1.2', ' 8.5 分', { points: 8.5 }],
    ['1.2', '10', { points: 10 }],
    ['1.2', 0, { points: 0 }],
    ['2.1', '未达标', { met: false }],
    ['2.2', '存在', { triggered: true }],
    ['2.3', 3, { points: 3 }],
    ['2.4', '0.25', { points: 0.25 }],
  ])('%s: %j is read as %j', async (code, value, answer) => {
    const { result } = await withAnswer(code, value);
    expect(errors(result)).toEqual([]);
    expect(answerOf(result, code)?.answer).toEqual(answer);
  });

  it.each<[string, CellInput, string]>([
    ['1.1', 'E', '不是可选的自评等级'],
    ['1.1', '优秀', '不是可选的自评等级'],
    ['1.2', '=1+1', '公式样式的文字'],
    ['1.2', '-5', '是负数'],
    ['1.2', 11, '超过了本指标的分值 10'],
    ['1.2', 8.3, '不是 0.5 的整数倍'],
    ['1.2', '八分', '不是数字'],
    ['1.2', '1.2E+1', '科学计数法'],
    ['1.2', '85%', '不是数字'],
    ['1.2', true, '不是自评得分'],
    ['1.2', new Date(Date.UTC(2024, 0, 1)), '是日期'],
    ['1.2', { formula: 'B1*2' }, '没有保存计算结果'],
    ['2.1', '是', '应填写“达标”、“未达标”之一'],
    ['2.2', '无', '应填写“存在”、“不存在”之一'],
    ['2.3', 1.5, '不是 1 的整数倍'],
    ['2.3', 4, '超过了本指标的分值 3'],
    ['2.4', '-1', '扣分填写扣去的分数'],
  ])('%s: %j is refused (%s) at its row and column', async (code, value, message) => {
    const { result } = await withAnswer(code, value);
    expect(answerOf(result, code)?.answer ?? {}).toEqual({});
    expect(errors(result)).toEqual([{ severity: 'error', file: FILES.workbook, sheet: SHEETS.evaluation, row: ROW[code], column: 'H', message: expect.stringContaining(message) }]);
  });

  it('uses a formula’s saved result and says so; never evaluates it', async () => {
    const { result } = await withAnswer('1.2', { formula: '4+4', result: 8 });
    expect(answerOf(result, '1.2')?.answer).toEqual({ points: 8 });
    expect(issueAbout(result, '程序不计算公式')).toMatchObject({ severity: 'warning', row: ROW['1.2'], column: 'H' });
  });

  it('ignores what is typed into a computed leaf or a heading row, with a warning', async () => {
    const { result } = await readFolder({
      answers: { ...VALID_ANSWERS, '1.3': 5 },
      editWorkbook: (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell(`H${ROW['1']}`).value = 'A'),
    });
    expect(answerOf(result, '1.3')).toBeUndefined();
    expect(issueAbout(result, '无需填写自评结果')).toMatchObject({ severity: 'warning', row: ROW['1.3'], column: 'H' });
    expect(issueAbout(result, '是分组指标')).toMatchObject({ severity: 'warning', row: ROW['1'] });
    expect(errors(result)).toEqual([]);
  });

  it('warns about leaves without an answer and a required explanation left empty', async () => {
    const { '2.1': _omit, ...answers } = VALID_ANSWERS;
    const { result } = await readFolder({ answers, explanations: {} });
    expect(issueAbout(result, '“2.1 师德师风”没有填写自评结果')).toMatchObject({ severity: 'warning', row: ROW['2.1'], column: 'H', group: 'noAnswer' });
    expect(issueAbout(result, '“1.1 校舍场地”要求填写自评说明')).toMatchObject({ severity: 'warning', row: ROW['1.1'], column: 'I' });
    expect(errors(result)).toEqual([]);
    // An item left wholly empty is named once (没有填写自评结果), not twice.
    const { '1.1': _none, ...without } = VALID_ANSWERS;
    const empty = (await readFolder({ answers: without, explanations: {} })).result;
    expect(issueAbout(empty, '“1.1 校舍场地”没有填写自评结果')).toBeTruthy();
    expect(empty.issues.filter((i) => i.message.includes('“1.1 校舍场地”要求填写自评说明'))).toEqual([]);
  });

  it('refuses rows whose name was changed, whose code is unknown or repeated; finds moved rows; warns for deleted ones', async () => {
    const { result } = await readFolder({
      editWorkbook: (wb) => {
        const ws = wb.getWorksheet(SHEETS.evaluation)!;
        ws.getCell(`B${ROW['1.1']}`).value = '校舍场地（改）';
        ws.getCell(`A${ROW['2.3']}`).value = '9.9';
        // 2.1 and 2.2 swap places: matched by code and name, not by position.
        const r21 = ws.getRow(ROW['2.1']).values as ExcelJS.CellValue[];
        const r22 = ws.getRow(ROW['2.2']).values as ExcelJS.CellValue[];
        ws.getRow(ROW['2.1']).values = r22;
        ws.getRow(ROW['2.2']).values = r21;
        // 1.2 copied below, 2.4 deleted.
        ws.getRow(20).values = ws.getRow(ROW['1.2']).values as ExcelJS.CellValue[];
        ws.spliceRows(ROW['2.4'], 1);
      },
    });
    expect(issueAbout(result, '指标名称应为“校舍场地”')).toMatchObject({ severity: 'error', row: ROW['1.1'], column: 'B' });
    expect(issueAbout(result, '“9.9”不在本评估项目的指标体系中')).toMatchObject({ severity: 'error', row: ROW['2.3'], column: 'A' });
    expect(issueAbout(result, '重复出现（第 7 行已有）')).toMatchObject({ severity: 'error', row: 19, column: 'A' });
    expect(issueAbout(result, '找不到指标“2.4 违规办学行为”所在的行')).toMatchObject({ severity: 'warning' });
    expect(answerOf(result, '2.1')?.answer).toEqual({ met: true });
    expect(answerOf(result, '2.2')?.answer).toEqual({ triggered: false });
    expect(answerOf(result, '1.1')).toBeUndefined();
  });

  it('says what is wrong when a sheet or its header was changed', async () => {
    const renamed = await readFolder({ editWorkbook: (wb) => (wb.getWorksheet(SHEETS.evaluation)!.name = '自评表') });
    expect(errors(renamed.result)[0]).toMatchObject({ file: FILES.workbook, message: expect.stringContaining('找不到“自评”工作表') });
    const header = await readFolder({ editWorkbook: (wb) => (wb.getWorksheet(SHEETS.evaluation)!.getCell('H4').value = '结果') });
    expect(errors(header.result)[0]).toMatchObject({ sheet: SHEETS.evaluation, message: expect.stringContaining('表头被改动') });
  });
});

describe('statistics', () => {
  const withStat = (label: string, value: CellInput) => readFolder({ stats: { ...VALID_STATS, [label]: value } });
  const valueOf = (r: ReadPackageResult, key: string) => r.statistics.find((s) => s.key === key)?.value;

  it.each<[string, CellInput, number | null]>([
    ['教学及辅助用房面积（平方米）', '3 250.5', 3250.5],
    ['教学仪器设备资产值（元）', '１,２５０,０００', 1250000],
    ['教学仪器设备资产值（元）', '—', null],
    ['教学仪器设备资产值（元）', null, null],
  ])('%s: %j is read as %j', async (label, value, expected) => {
    const { result } = await withStat(label, value);
    expect(errors(result)).toEqual([]);
    const key = label.startsWith('教学及') ? 'teachingAuxArea' : 'equipmentValue';
    expect(valueOf(result, key)).toBe(expected);
  });

  it.each<[string, CellInput, string]>([
    ['小学在校生数（人）', '421人', '带有单位“人”'],
    ['小学在校生数（人）', 421.5, '不是整数'],
    ['小学在校生数（人）', -3, '是负数'],
    ['教学仪器设备资产值（元）', '125万元', '带有单位“万元”'],
    ['教学仪器设备资产值（元）', '=A1', '公式样式的文字'],
    ['教学及辅助用房面积（平方米）', '3200.5㎡', '带有单位'],
    ['教学及辅助用房面积（平方米）', '85%', '带有单位“%”'],
  ])('%s: %j is refused (%s)', async (label, value, message) => {
    const { result } = await withStat(label, value);
    expect(errors(result)).toEqual([{ severity: 'error', file: FILES.workbook, sheet: SHEETS.statistics, row: expect.any(Number), column: 'C', message: expect.stringContaining(message) }]);
  });

  it('reads a number with an invisible character at its end and says so at the cell; one inside the digits is refused and shown', async () => {
    const ok = await withStat('小学在校生数（人）', '\u200b650');
    expect(errors(ok.result)).toEqual([]);
    expect(valueOf(ok.result, 'pupilsPrimary')).toBe(650);
    expect(issueAbout(ok.result, '“⟨U+200B⟩650”含不可见字符 U+200B（零宽空格），已按 650 读取')).toMatchObject({ severity: 'warning', sheet: SHEETS.statistics, row: expect.any(Number), column: 'C' });
    const inside = await withStat('小学在校生数（人）', '6\u200b50');
    expect(errors(inside.result)).toEqual([{ severity: 'error', file: FILES.workbook, sheet: SHEETS.statistics, row: expect.any(Number), column: 'C', message: expect.stringContaining('“6⟨U+200B⟩50”的数字中间夹有不可见字符 U+200B') }]);
    expect(valueOf(inside.result, 'pupilsPrimary')).toBeUndefined();
  });

  it('reads the school’s notes, refuses unknown rows and warns for missing ones', async () => {
    const { result } = await readFolder({
      editWorkbook: (wb) => {
        const ws = wb.getWorksheet(SHEETS.statistics)!;
        ws.getCell('D4').value = '新生入学增加';
        ws.getCell('A6').value = '学校占地面积（平方米）';
      },
    });
    expect(result.statistics.find((s) => s.key === 'pupilsPrimary')?.note).toBe('新生入学增加');
    expect(issueAbout(result, '“学校占地面积（平方米）”不是本次填报的统计项目')).toMatchObject({ severity: 'error', row: 6, column: 'A' });
    expect(issueAbout(result, '找不到数据项“教学仪器设备资产值（元）”')).toMatchObject({ severity: 'warning' });
  });
});

describe('evidence, the report and other files', () => {
  it('files evidence by folder: exact name, renamed title, leading code; otherwise 未归类 with a warning', async () => {
    const { result } = await readFolder({
      evidence: [
        { path: `${evidenceFolder('1.1')}/a.jpg`, data: SAMPLE_BYTES.jpeg() },
        { path: `${FILES.evidenceDir}/1.2 设备（学校改名）/b.pdf`, data: SAMPLE_BYTES.pdf('b') },
        { path: `${FILES.evidenceDir}/１.２设施/深/层/c.pdf`, data: SAMPLE_BYTES.pdf('c') },
        { path: `${FILES.evidenceDir}/1.10 其他/d.pdf`, data: SAMPLE_BYTES.pdf('d') },
        { path: `${FILES.evidenceDir}/直接放的.pdf`, data: SAMPLE_BYTES.pdf('e') },
      ],
      extra: [{ path: '另附说明.pdf', data: SAMPLE_BYTES.pdf('f') }],
    });
    const node = (p: string) => result.evidence.find((e) => e.path.endsWith(p))?.nodeId;
    expect(node('a.jpg')).toBe('n11');
    expect(node('b.pdf')).toBe('n12');
    expect(node('c.pdf')).toBe('n12');
    expect(node('d.pdf')).toBeNull();
    expect(node('直接放的.pdf')).toBeNull();
    expect(node('另附说明.pdf')).toBeNull();
    expect(issueAbout(result, '文件夹“佐证材料/1.10 其他”与任何指标的佐证材料文件夹都对不上')).toMatchObject({ severity: 'warning' });
    expect(issueAbout(result, '不在“佐证材料”文件夹中')).toMatchObject({ severity: 'warning', file: '另附说明.pdf' });
    expect(result.issues.filter((i) => i.message.includes('对不上'))).toHaveLength(1);
  });

  it('warns when a leaf requiring evidence got none, and refuses programs, shortcuts, archives and empty files without storing them', async () => {
    const { result, rec } = await readFolder({
      evidence: [
        { path: `${evidenceFolder('1.1')}/照片.jpg`, data: SAMPLE_BYTES.exe() },
        { path: `${evidenceFolder('1.1')}/安装.exe`, data: SAMPLE_BYTES.exe() },
        { path: `${evidenceFolder('1.1')}/快捷方式.lnk`, data: SAMPLE_BYTES.lnk() },
        { path: `${evidenceFolder('1.1')}/资料.zip`, data: Buffer.from('PK\x03\x04rest', 'latin1') },
        { path: `${evidenceFolder('1.1')}/空.pdf`, data: Buffer.alloc(0) },
        { path: `${evidenceFolder('1.1')}/运行.bat`, data: Buffer.from('@echo off\r\n') },
      ],
    });
    expect(result.evidence).toEqual([]);
    expect(result.refused.map((r) => r.path).sort()).toEqual(['安装.exe', '快捷方式.lnk', '照片.jpg', '空.pdf', '资料.zip', '运行.bat'].map((f) => `${evidenceFolder('1.1')}/${f}`).sort());
    expect(rec.calls.filter((c) => c.path.startsWith(FILES.evidenceDir))).toEqual([]);
    expect(issueAbout(result, '“1.1 校舍场地”要求提供佐证材料（校舍平面图；产权证明）')).toMatchObject({ severity: 'warning', file: evidenceFolder('1.1'), group: 'noEvidence' });
    expect(issueAbout(result, '“1.2 设施设备”要求提供佐证材料')).toBeTruthy();
  });

  it('receives a file whose extension lies about a harmless type by its content, with a warning', async () => {
    const { result } = await readFolder({ evidence: [{ path: `${evidenceFolder('1.1')}/照片.jpg`, data: SAMPLE_BYTES.png() }] });
    expect(result.evidence[0]).toMatchObject({ mimeType: 'image/png', nodeId: 'n11' });
    expect(issueAbout(result, '扩展名为“.jpg”')).toMatchObject({ severity: 'warning', file: `${evidenceFolder('1.1')}/照片.jpg` });
  });

  it('refuses every copy of names that differ only by case or Unicode form', async () => {
    const nfd = '校舍照片é.jpg'.normalize('NFD');
    const { result } = await readAs('zip', {
      evidence: [
        { path: `${evidenceFolder('1.1')}/Photo.jpg`, data: SAMPLE_BYTES.jpeg() },
        { path: `${evidenceFolder('1.1')}/PHOTO.JPG`, data: SAMPLE_BYTES.png() },
        { path: `${evidenceFolder('1.1')}/${nfd}`, data: SAMPLE_BYTES.jpeg() },
        { path: `${evidenceFolder('1.1')}/${nfd.normalize('NFC')}`, data: SAMPLE_BYTES.png() },
        { path: `${evidenceFolder('1.1')}/ok.jpg`, data: SAMPLE_BYTES.jpeg() },
      ],
    });
    expect(result.evidence.map((e) => e.name)).toEqual(['ok.jpg']);
    expect(result.refused).toHaveLength(4);
    expect(result.refused.every((r) => r.reason.includes('重名'))).toBe(true);
  });

  it('refuses a file that appears twice in a zip under the same name', async () => {
    const pkg = await buildTestPackage();
    const file = path.join(dir, `dup${++n}.zip`);
    const photo = `${evidenceFolder('1.1')}/校舍照片.jpg`;
    await writePackageZip(file, pkg.files, { extra: [{ name: photo, data: SAMPLE_BYTES.png() }] });
    const rec = recordingStore();
    const r = await readPackage(file, { resolve: () => pkg.context, store: rec.store });
    expect(r.refused).toEqual([
      { path: photo, reason: expect.stringContaining('出现了 2 次') },
      { path: photo, reason: expect.stringContaining('出现了 2 次') },
    ]);
    expect(rec.calls.map((c) => c.path)).not.toContain(photo);
  });

  it('warns when the report is missing or is the untouched template', async () => {
    const missing = await readFolder({ report: null });
    expect(issueAbout(missing.result, '找不到学校自评报告')).toMatchObject({ severity: 'warning' });
    const pkg = await buildTestPackage();
    const untouched = await readFolder({ report: { ext: '.docx', data: pkg.reportTemplate } });
    expect(untouched.result.report).not.toBeNull();
    expect(issueAbout(untouched.result, '与下发的初稿完全相同')).toMatchObject({ severity: 'warning' });
  });

  it('takes a written report over the untouched template and receives a second written one as 未归类', async () => {
    const pkg = await buildTestPackage();
    const oneWritten = await readFolder({ report: { ext: '.docx', data: pkg.reportTemplate }, extra: [{ path: '学校自评报告.pdf', data: SAMPLE_BYTES.pdf('报告') }] });
    expect(oneWritten.result.report?.path).toBe('学校自评报告.pdf');
    expect(oneWritten.result.evidence.some((e) => e.path === '学校自评报告.docx')).toBe(false);
    expect(oneWritten.rec.calls.map((c) => c.path)).not.toContain('学校自评报告.docx');
    expect(oneWritten.result.issues.filter((i) => i.message.includes('报告'))).toEqual([]);

    const twoWritten = await readFolder({ extra: [{ path: '学校自评报告.pdf', data: SAMPLE_BYTES.pdf('报告') }] });
    expect(twoWritten.result.report?.path).toBe('学校自评报告.docx');
    expect(twoWritten.result.evidence.find((e) => e.path === '学校自评报告.pdf')).toMatchObject({ nodeId: null, mimeType: 'application/pdf' });
    expect(issueAbout(twoWritten.result, '有 2 份学校自评报告')).toMatchObject({ severity: 'warning' });
  });

  it('says what is wrong with the workbook: missing (with a hint), saved as .xls, not a workbook', async () => {
    const wb = (await buildTestPackage()).files.find((f) => f.path === FILES.workbook)!.data;
    const renamed = await readFolder({ omit: [FILES.workbook], extra: [{ path: '自评表(1).xlsx', data: wb }] });
    expect(errors(renamed.result)[0].message).toContain('找不到自评表“自评表.xlsx”，自评结果和统计数据未读取。填报包中有 “自评表(1).xlsx”');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    const xls = await readFolder({ omit: [FILES.workbook], extra: [{ path: FILES.workbook, data: ole }] });
    expect(errors(xls.result)[0].message).toContain('旧版 Excel 格式');
    const docx = await readFolder({ omit: [FILES.workbook], extra: [{ path: FILES.workbook, data: await docxBytes('x') }] });
    expect(errors(docx.result)[0].message).toContain('不是 Excel 工作簿');
    const exe = await readFolder({ omit: [FILES.workbook], extra: [{ path: FILES.workbook, data: SAMPLE_BYTES.exe() }] });
    expect(errors(exe.result)[0].message).toContain('可执行程序');
    expect(exe.rec.calls.map((c) => c.path)).not.toContain(FILES.workbook);
  });
});

describe('the caller’s side', () => {
  it('throws the signal’s reason when aborted, and stops reading', async () => {
    const pkg = await buildTestPackage();
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const ac = new AbortController();
    const rec = recordingStore();
    const reason = new Error('用户取消');
    const store: ReadPackageOptions['store'] = async (s, m) => {
      if (m.path.startsWith(FILES.evidenceDir)) ac.abort(reason);
      return rec.store(s, m);
    };
    await expect(readPackage(target, { resolve: () => pkg.context, store, signal: ac.signal })).rejects.toBe(reason);
    expect(rec.calls.filter((c) => c.path.startsWith(FILES.evidenceDir))).toHaveLength(1);
    await expect(readPackage(target, { resolve: () => pkg.context, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('lets errors of the store itself (disk full) propagate', async () => {
    const pkg = await buildTestPackage();
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const rec = recordingStore({ failOn: (p) => (p.startsWith(FILES.evidenceDir) ? full : null) });
    await expect(readPackage(target, { resolve: () => pkg.context, store: rec.store })).rejects.toBe(full);
  });

  it('refuses a store that does not read the stream to its end, or reports other bytes', async () => {
    const pkg = await buildTestPackage();
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const lazy: ReadPackageOptions['store'] = async (s) => {
      s.destroy();
      return { sha256: '0'.repeat(64), bytes: 0 };
    };
    await expect(readPackage(target, { resolve: () => pkg.context, store: lazy })).rejects.toThrow(StoreContractError);
    const liar: ReadPackageOptions['store'] = async (s) => {
      for await (const _c of s) void _c;
      return { sha256: '0'.repeat(64), bytes: 1 };
    };
    await expect(readPackage(target, { resolve: () => pkg.context, store: liar })).rejects.toThrow(StoreContractError);
  });

  it('reports progress in bytes up to the total', async () => {
    const pkg = await buildTestPackage();
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const seen: { bytesDone: number; bytesTotal: number }[] = [];
    await readPackage(target, { resolve: () => pkg.context, onProgress: (p) => seen.push(p) });
    const total = pkg.files.filter((f) => f.path !== FILES.manifest && f.path !== FILES.readme).reduce((s, f) => s + f.data.length, 0);
    expect(seen.at(-1)).toMatchObject({ bytesDone: total, bytesTotal: total });
    expect(seen.every((p, i) => i === 0 || p.bytesDone >= seen[i - 1].bytesDone)).toBe(true);
  });

  it('names every issue’s file inside the package and never an absolute path', async () => {
    const { result } = await readFolder({ answers: { '1.1': 'Z' }, report: null, extra: [{ path: 'x.pdf', data: SAMPLE_BYTES.pdf() }] });
    const files = result.issues.map((i: PackageIssue) => i.file);
    expect(files.length).toBeGreaterThan(3);
    expect(files.every((f) => !path.isAbsolute(f) && !f.includes(dir))).toBe(true);
  });

  it('reads a manifest signed for this package with an unusual but valid content', async () => {
    const pkg = await buildTestPackage({ manifest: { campusId: 3, unitName: '桃源镇中心小学（北校区）' } });
    const target = await writePackageFolder(path.join(dir, `p${++n}`), pkg.files);
    const r = await readPackage(target, { resolve: () => pkg.context });
    expect(errors(r)).toEqual([]);
    expect(r.manifest).toEqual(pkg.manifest);
    const { signature: _s, ...fields } = pkg.manifest;
    expect(signManifest(fields, pkg.secret).signature).toBe(r.manifest?.signature);
  });
});
