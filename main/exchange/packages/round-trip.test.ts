/**
 * The contract of format.ts end to end: the office's writer issues a package, the school fills it as
 * a school would (answers and explanations typed in Excel — here ExcelJS —, a statistic corrected,
 * the report written, photos dropped into the evidence folders, the folder zipped by Windows with
 * GBK names), and the reader gives back exactly what the school entered.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndicatorSystemSchema } from '../../../shared/domain/indicators';
import {
  EVALUATION_COLUMN_ORDER,
  EVALUATION_HEADER_ROW,
  evaluationRows,
  evidenceFolderName,
  FILES,
  indicatorSystemHash,
  MET_WORDS,
  PACKAGE_FORMAT_ID,
  SHEETS,
  STATISTICS_COLUMN_ORDER,
  STATISTICS_HEADER_ROW,
  VETO_WORDS,
  type PackageSpec,
} from './format';
import { readPackage, type PackageContext } from './read-package';
import { docxBytes, SAMPLE_BYTES, writePackageZip, type PackageFile } from './testing/build-package';
import { recordingStore } from './testing/recording-store';
import { writePackage } from './write-package';

const SECRET = '5e'.repeat(32);

const system = IndicatorSystemSchema.parse({
  key: 'round-trip',
  name: '往返测试体系',
  level: 'school',
  version: 3,
  state: 'published',
  nodes: [
    {
      id: 'a',
      code: '一',
      title: '办学条件',
      children: [
        { id: 'a1', code: '1.1', title: '校舍', points: 10, scoring: { method: 'grade', grades: [{ label: '优', share: 1, met: true }, { label: '良', share: 0.8, met: true }, { label: '差', share: 0, met: false }] }, evidence: ['平面图'], explanationRequired: true },
        { id: 'a2', code: '1.2', title: '设备', points: 8, scoring: { method: 'points', step: 0.5 }, evidence: ['清单'] },
        { id: 'a3', code: '1.3', title: '生均面积', points: 4, scoring: { method: 'formula', expression: 'area / pupils' } },
        { id: 'a4', code: '1.4', title: '初中实验', points: 4, scoring: { method: 'boolean' }, applicability: { schoolTypes: ['初中'] } },
      ],
    },
    { id: 'b', code: '二', title: '管理', children: [{ id: 'b1', code: '2.1', title: '安全', points: 0, scoring: { method: 'veto' } }, { id: 'b2', code: '2.2', title: '制度', points: 5, scoring: { method: 'boolean' } }] },
  ],
});

function spec(): PackageSpec {
  return {
    manifest: {
      format: PACKAGE_FORMAT_ID,
      formatVersion: 1,
      packageId: randomUUID(),
      roundUid: randomUUID(),
      roundId: 1,
      roundName: '2024年度自评',
      year: 2024,
      unitId: 4,
      unitCode: 'X04',
      unitName: '石门镇中心小学',
      schoolId: 4,
      campusId: null,
      packageVersion: 1,
      baseRevision: 0,
      issuedAt: '2024-12-18T08:00:00.000Z',
      systemId: 9,
      systemVersion: system.version,
      systemHash: indicatorSystemHash(system),
    },
    secret: SECRET,
    system,
    unit: { name: '石门镇中心小学', code: 'X04', schoolName: '石门镇中心小学', campusName: null, schoolType: '小学' },
    round: { name: '2024年度自评', year: 2024, evaluator: '某县教育局', stages: [{ name: '自评', startsOn: '2024-12-18', endsOn: '2024-12-30' }], returnBy: '2024-12-30' },
    statistics: [
      { key: 'pupilsPrimary', label: '小学在校生数（人）', lastYear: 300, value: 310 },
      { key: 'teachingAuxArea', label: '教学及辅助用房面积（平方米）', lastYear: 2500, value: 2500 },
    ],
  };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'round-trip-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** All files of a folder, as package files (relative, `/`-separated). */
async function filesOf(folder: string): Promise<PackageFile[]> {
  const out: PackageFile[] = [];
  for (const e of await fs.readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.push({ path: path.relative(folder, full).split(path.sep).join('/'), data: await fs.readFile(full) });
  }
  return out;
}

describe('writePackage → the school fills it → readPackage', () => {
  it('reads back what the school entered, from the folder and from a Windows (GBK) zip of it', async () => {
    const s = spec();
    const written = await writePackage(s, dir);
    const context: PackageContext = { system, secret: SECRET, statFields: s.statistics.map(({ key, label }) => ({ key, label })), schoolType: '小学' };

    // As issued: nothing answered, the report untouched, no evidence — warnings only.
    const blank = await readPackage(written.folder, { resolve: () => context });
    expect(blank.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(blank.answers).toEqual([]);
    expect(blank.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('“1.1 校舍”没有填写自评结果'), expect.stringContaining('与下发的初稿完全相同'), expect.stringContaining('“1.2 设备”要求提供佐证材料')]),
    );
    expect(blank.statistics).toEqual([
      { key: 'pupilsPrimary', value: 310, note: '' },
      { key: 'teachingAuxArea', value: 2500, note: '' },
    ]);

    // The school fills the workbook in Excel.
    const file = path.join(written.folder, FILES.workbook);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ev = wb.getWorksheet(SHEETS.evaluation)!;
    const rows = evaluationRows(system, '小学');
    const rowOf = (code: string) => EVALUATION_HEADER_ROW + 1 + rows.findIndex((r) => r.node.code === code);
    const col = (k: (typeof EVALUATION_COLUMN_ORDER)[number]) => EVALUATION_COLUMN_ORDER.indexOf(k) + 1;
    ev.getCell(rowOf('1.1'), col('answer')).value = '良';
    ev.getCell(rowOf('1.1'), col('explanation')).value = '校舍基本达标，\r\n个别教室偏小。';
    ev.getCell(rowOf('1.2'), col('answer')).value = '７.５';
    ev.getCell(rowOf('2.1'), col('answer')).value = VETO_WORDS.no;
    ev.getCell(rowOf('2.2'), col('answer')).value = MET_WORDS.yes;
    const st = wb.getWorksheet(SHEETS.statistics)!;
    st.getCell(STATISTICS_HEADER_ROW + 1, STATISTICS_COLUMN_ORDER.indexOf('value') + 1).value = '312';
    st.getCell(STATISTICS_HEADER_ROW + 1, STATISTICS_COLUMN_ORDER.indexOf('note') + 1).value = '插班生 2 人';
    await wb.xlsx.writeFile(file);
    // …writes the report over the template, and puts evidence into the folders.
    await fs.writeFile(path.join(written.folder, FILES.reportTemplate), await docxBytes('一、学校概况 ……'));
    const folder11 = path.join(written.folder, FILES.evidenceDir, evidenceFolderName(rows.find((r) => r.node.code === '1.1')!.node));
    const folder12 = path.join(written.folder, FILES.evidenceDir, evidenceFolderName(rows.find((r) => r.node.code === '1.2')!.node));
    await fs.writeFile(path.join(folder11, '教学楼.jpg'), SAMPLE_BYTES.jpeg());
    await fs.writeFile(path.join(folder12, '设备清单.pdf'), SAMPLE_BYTES.pdf());

    const expectedAnswers = [
      { nodeId: 'a1', code: '1.1', answer: { grade: '良' }, explanation: '校舍基本达标，\n个别教室偏小。' },
      { nodeId: 'a2', code: '1.2', answer: { points: 7.5 }, explanation: '' },
      { nodeId: 'b1', code: '2.1', answer: { triggered: false }, explanation: '' },
      { nodeId: 'b2', code: '2.2', answer: { met: true }, explanation: '' },
    ];
    const rec = recordingStore();
    const fromFolder = await readPackage(written.folder, { resolve: () => context, store: rec.store });
    expect(fromFolder.issues).toEqual([]);
    expect(fromFolder.manifest?.packageId).toBe(s.manifest.packageId);
    expect(fromFolder.answers).toEqual(expectedAnswers);
    expect(fromFolder.statistics).toEqual([
      { key: 'pupilsPrimary', value: 312, note: '插班生 2 人' },
      { key: 'teachingAuxArea', value: 2500, note: '' },
    ]);
    expect(fromFolder.report?.path).toBe(FILES.reportTemplate);
    expect(fromFolder.evidence.map((e) => [e.name, e.nodeId, e.mimeType])).toEqual([
      ['教学楼.jpg', 'a1', 'image/jpeg'],
      ['设备清单.pdf', 'a2', 'application/pdf'],
    ]);
    expect(rec.kept().sort()).toEqual([FILES.reportTemplate, FILES.workbook, ...fromFolder.evidence.map((e) => e.path)].sort());

    // The school zips the folder with Windows' built-in zip: GBK names, the package in a top folder.
    const zip = await writePackageZip(path.join(dir, 'returned.zip'), await filesOf(written.folder), { gbk: true, top: path.basename(written.folder) });
    const fromZip = await readPackage(zip, { resolve: () => context });
    expect(fromZip.issues).toEqual([]);
    expect(fromZip.answers).toEqual(expectedAnswers);
    expect(fromZip.contentHash).toBe(fromFolder.contentHash);
  });
});
