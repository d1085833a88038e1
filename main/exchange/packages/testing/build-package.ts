/**
 * Builds returned 填报包 for the reader's tests, as format.ts describes them: 自评表.xlsx written with
 * ExcelJS (说明, 自评 with headers on row 4 and one row per node in tree order, 统计数据 with headers
 * on row 3), the report, 佐证材料/<编码> <名称>/ folders, the read-me and the manifest signed with
 * signManifest. Every part can be replaced or tampered with; the result is a list of files, written
 * as a folder or as a zip (UTF-8 or GBK names, with or without a top folder). Not used by production code.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { IndicatorSystemSchema, type IndicatorSystem, type SchoolType } from '../../../../shared/domain/indicators';
import { flattenNodes, isLeaf } from '../../../../shared/domain/indicators/tree';
import {
  answerKind,
  answerKindLabel,
  COMPUTED_ANSWER_TEXT,
  EVALUATION_COLUMN_ORDER,
  EVALUATION_COLUMNS,
  EVALUATION_HEADER_ROW,
  evaluationRows,
  evidenceFolderName,
  FILES,
  indicatorSystemHash,
  MET_WORDS,
  PACKAGE_FORMAT_ID,
  PACKAGE_FORMAT_VERSION,
  packageFolderName,
  SHEETS,
  signManifest,
  STATISTICS_COLUMN_ORDER,
  STATISTICS_COLUMNS,
  STATISTICS_HEADER_ROW,
  VETO_WORDS,
  type Manifest,
  type ManifestFields,
} from '../format';
import type { PackageContext } from '../read-package';
import { gbk } from './gbk';
import { writeRawZip, type RawZipEntry } from './zip-writer';

export const TEST_SECRET = 'a1'.repeat(32);
export const OTHER_SECRET = 'b2'.repeat(32);

const ABCD = [
  { label: 'A', share: 1, met: true },
  { label: 'B', share: 0.8, met: true },
  { label: 'C', share: 0.6, met: true },
  { label: 'D', share: 0, met: false },
];

/** A small system with one leaf of every answer kind, a computed leaf and a leaf only for 初中. */
export function sampleSystem(): IndicatorSystem {
  return IndicatorSystemSchema.parse({
    key: 'pkg-test',
    name: '填报包测试体系',
    level: 'school',
    version: 1,
    state: 'published',
    nodes: [
      {
        id: 'n1',
        code: '1',
        title: '办学条件',
        children: [
          { id: 'n11', code: '1.1', title: '校舍场地', points: 10, scoring: { method: 'grade', grades: ABCD }, evidence: ['校舍平面图', '产权证明'], explanationRequired: true, scorer: 'school' },
          { id: 'n12', code: '1.2', title: '设施设备', points: 10, scoring: { method: 'points', step: 0.5 }, evidence: ['设备清单'], scorer: 'school' },
          { id: 'n13', code: '1.3', title: '生均教学用房面积', points: 5, scoring: { method: 'formula', expression: 'teachingAuxArea / pupils' }, scorer: 'computed' },
        ],
      },
      {
        id: 'n2',
        code: '2',
        title: '队伍建设',
        children: [
          { id: 'n21', code: '2.1', title: '师德师风', points: 5, scoring: { method: 'boolean' }, scorer: 'school' },
          { id: 'n22', code: '2.2', title: '重大安全责任事故', points: 0, scoring: { method: 'veto' }, scorer: 'school' },
          { id: 'n23', code: '2.3', title: '特色创新', points: 3, scoring: { method: 'bonus', step: 1 }, scorer: 'school' },
          { id: 'n24', code: '2.4', title: '违规办学行为', points: 5, scoring: { method: 'deduction', step: 0 }, scorer: 'school' },
          {
            id: 'n25',
            code: '2.5',
            title: '初中实验教学',
            points: 4,
            scoring: { method: 'grade', grades: ABCD },
            evidence: ['实验记录'],
            applicability: { schoolTypes: ['初中'] },
            scorer: 'school',
          },
        ],
      },
    ],
  });
}

export const SAMPLE_STAT_FIELDS = [
  { key: 'pupilsPrimary', label: '小学在校生数（人）', lastYear: 410, value: 420 },
  { key: 'teachingAuxArea', label: '教学及辅助用房面积（平方米）', lastYear: 3200.5, value: 3200.5 },
  { key: 'equipmentValue', label: '教学仪器设备资产值（元）', lastYear: 1200000, value: null },
];

/** A cell as the school left it: a value, or a formula with (or without) its saved result. */
export type CellInput = string | number | boolean | Date | null | { formula: string; result?: string | number | boolean };

/** Valid answers for the sample system, by 指标编码. */
export const VALID_ANSWERS: Record<string, CellInput> = { '1.1': 'B', '1.2': 8.5, '2.1': MET_WORDS.yes, '2.2': VETO_WORDS.no, '2.3': 2, '2.4': 1 };
export const VALID_EXPLANATIONS: Record<string, CellInput> = { '1.1': '校舍面积达标，有平面图。', '1.2': '设备基本齐全。' };
export const VALID_STATS: Record<string, CellInput> = { '小学在校生数（人）': 421, '教学及辅助用房面积（平方米）': '3,250.5', '教学仪器设备资产值（元）': 1250000 };

export interface PackageFile {
  /** Path inside the package, `/`-separated. */
  path: string;
  data: Buffer;
}

export interface TestPackageInput {
  system?: IndicatorSystem;
  /** The unit's school type (default 小学: the sample's 初中-only leaf has no row). */
  schoolType?: SchoolType;
  secret?: string;
  /** Manifest fields to override (before signing). */
  manifest?: Partial<ManifestFields>;
  /** Replaces the signed manifest's JSON text entirely (forgeries, corrupt JSON). */
  manifestText?: (signed: Manifest) => string | Buffer;
  statFields?: { key: string; label: string; lastYear: number | null; value: number | null }[];
  /** 自评结果 cells by 指标编码 (replacing VALID_ANSWERS wholesale when given). */
  answers?: Record<string, CellInput>;
  explanations?: Record<string, CellInput>;
  /** 本年数值 cells by 数据项 label. */
  stats?: Record<string, CellInput>;
  /** Last chance to tamper with the workbook before it is written. */
  editWorkbook?: (wb: ExcelJS.Workbook) => void;
  /** The report as returned: null = none; default a written .docx. */
  report?: { ext: string; data: Buffer } | null;
  /** Evidence files (paths below 佐证材料/); default one photo for 1.1 and a PDF for 1.2. */
  evidence?: PackageFile[];
  /** Further files anywhere in the package. */
  extra?: PackageFile[];
  /** Leave out these package paths (e.g. the workbook); `extra` files are added after. */
  omit?: string[];
}

export interface TestPackage {
  files: PackageFile[];
  manifest: Manifest;
  system: IndicatorSystem;
  secret: string;
  /** What a round's resolve() returns for this package. */
  context: PackageContext;
  /** `<评估项目>_<报送编码>_<单位>` */
  folderName: string;
  reportTemplate: Buffer;
}

/** A minimal .docx-shaped zip (the reader judges it by its `word/` part name). */
export async function docxBytes(text: string): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docx-'));
  try {
    const file = path.join(dir, 'r.docx');
    await writeRawZip(file, [
      { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      { name: 'word/document.xml', data: `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>` },
    ]);
    return await fs.readFile(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Bytes that the reader recognises as these types (magic numbers, then filler). */
export const SAMPLE_BYTES = {
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(200, 7)]),
  png: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]),
  pdf: (text = '佐证') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`, 'utf8'),
  exe: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(100)]),
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]),
  lnk: () => Buffer.concat([Buffer.from([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46]), Buffer.alloc(60)]),
};

function setCell(cell: ExcelJS.Cell, v: CellInput | undefined): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'object' && !(v instanceof Date)) cell.value = v.result === undefined ? { formula: v.formula } : ({ formula: v.formula, result: v.result } as ExcelJS.CellFormulaValue);
  else cell.value = v;
}

/** The workbook as format.ts lays it out, with the school's cells filled in. */
export async function buildWorkbook(input: {
  system: IndicatorSystem;
  statFields: NonNullable<TestPackageInput['statFields']>;
  answers: Record<string, CellInput>;
  explanations: Record<string, CellInput>;
  stats: Record<string, CellInput>;
  unitName: string;
  unitCode: string;
  schoolType: SchoolType;
  editWorkbook?: (wb: ExcelJS.Workbook) => void;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const readme = wb.addWorksheet(SHEETS.readme);
  readme.getCell('A1').value = '填写说明：只填写“自评结果”和“自评说明”列，以及统计数据的“本年数值”。';
  const ev = wb.addWorksheet(SHEETS.evaluation);
  ev.getCell('A1').value = '学校自评表';
  ev.getCell('A2').value = `单位：${input.unitName}  报送编码：${input.unitCode}`;
  EVALUATION_COLUMN_ORDER.forEach((key, i) => (ev.getRow(EVALUATION_HEADER_ROW).getCell(i + 1).value = EVALUATION_COLUMNS[key]));
  let r = EVALUATION_HEADER_ROW + 1;
  for (const { node } of evaluationRows(input.system, input.schoolType)) {
    const row = ev.getRow(r++);
    const col = (key: (typeof EVALUATION_COLUMN_ORDER)[number]) => row.getCell(EVALUATION_COLUMN_ORDER.indexOf(key) + 1);
    col('code').value = node.code;
    col('title').value = node.title;
    col('content').value = node.content;
    col('standard').value = node.standard;
    if (node.points !== null) col('points').value = node.points;
    col('evidence').value = node.evidence.join('；');
    if (isLeaf(node)) {
      col('method').value = answerKindLabel(node.scoring);
      if (answerKind(node.scoring) !== 'computed' || node.code in input.answers) setCell(col('answer'), input.answers[node.code]);
      else col('answer').value = COMPUTED_ANSWER_TEXT;
      setCell(col('explanation'), input.explanations[node.code]);
      col('folder').value = evidenceFolderName(node);
    }
  }
  const st = wb.addWorksheet(SHEETS.statistics);
  st.getCell('A1').value = '学校统计数据';
  st.getCell('A2').value = `2024 年  ${input.unitName}`;
  STATISTICS_COLUMN_ORDER.forEach((key, i) => (st.getRow(STATISTICS_HEADER_ROW).getCell(i + 1).value = STATISTICS_COLUMNS[key]));
  input.statFields.forEach((f, i) => {
    const row = st.getRow(STATISTICS_HEADER_ROW + 1 + i);
    row.getCell(1).value = f.label;
    if (f.lastYear !== null) row.getCell(2).value = f.lastYear;
    const v = f.label in input.stats ? input.stats[f.label] : f.value;
    setCell(row.getCell(3), v);
  });
  input.editWorkbook?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Builds a package (files in memory) from the sample system unless told otherwise. */
export async function buildTestPackage(input: TestPackageInput = {}): Promise<TestPackage> {
  const system = input.system ?? sampleSystem();
  const secret = input.secret ?? TEST_SECRET;
  const statFields = input.statFields ?? SAMPLE_STAT_FIELDS;
  const schoolType = input.schoolType ?? '小学';
  const reportTemplate = await docxBytes('学校自评报告模板');
  const fields: ManifestFields = {
    format: PACKAGE_FORMAT_ID,
    formatVersion: PACKAGE_FORMAT_VERSION,
    packageId: randomUUID(),
    roundUid: '6f1c1b1e-3c1a-4c7e-9a53-2d6f0b0c1a11',
    roundId: 3,
    roundName: '2024年度优质均衡督导评估',
    year: 2024,
    unitId: 7,
    unitCode: 'S007',
    unitName: '桃源镇中心小学',
    schoolId: 7,
    campusId: null,
    packageVersion: 1,
    baseRevision: 0,
    issuedAt: '2024-12-18T09:00:00.000Z',
    systemId: 2,
    systemVersion: system.version,
    systemHash: indicatorSystemHash(system),
    reportTemplateSha256: createHash('sha256').update(reportTemplate).digest('hex'),
    ...input.manifest,
  };
  const manifest = signManifest(fields, secret);
  const manifestData = input.manifestText ? input.manifestText(manifest) : `\uFEFF${JSON.stringify(manifest, null, 2)}`;
  const workbook = await buildWorkbook({
    system,
    statFields,
    answers: input.answers ?? VALID_ANSWERS,
    explanations: input.explanations ?? VALID_EXPLANATIONS,
    stats: input.stats ?? VALID_STATS,
    unitName: fields.unitName,
    unitCode: fields.unitCode,
    schoolType,
    editWorkbook: input.editWorkbook,
  });
  const leaves = flattenNodes(system.nodes).map((e) => e.node);
  const folder = (code: string) => `${FILES.evidenceDir}/${evidenceFolderName(leaves.find((n) => n.code === code)!)}`;
  const evidence = input.evidence ?? (system === input.system ? [] : [
    { path: `${folder('1.1')}/校舍照片.jpg`, data: SAMPLE_BYTES.jpeg() },
    { path: `${folder('1.2')}/设备清单.pdf`, data: SAMPLE_BYTES.pdf() },
  ]);
  const report = input.report === undefined ? { ext: '.docx', data: await docxBytes('本校自评报告正文') } : input.report;
  const files: PackageFile[] = [
    { path: FILES.readme, data: Buffer.from('\uFEFF填写说明\r\n', 'utf8') },
    { path: FILES.workbook, data: workbook },
    { path: FILES.manifest, data: Buffer.isBuffer(manifestData) ? manifestData : Buffer.from(manifestData, 'utf8') },
    ...(report ? [{ path: `${FILES.reportStem}${report.ext}`, data: report.data }] : []),
    ...evidence.map((f) => ({ path: f.path.startsWith(`${FILES.evidenceDir}/`) ? f.path : `${FILES.evidenceDir}/${f.path}`, data: f.data })),
  ]
    .filter((f) => !input.omit?.includes(f.path))
    .concat(input.extra ?? []);
  const context: PackageContext = { system, secret, statFields: statFields.map(({ key, label }) => ({ key, label })), schoolType };
  return { files, manifest, system, secret, context, folderName: packageFolderName(fields.roundName, fields.unitCode, fields.unitName), reportTemplate };
}

/** The path of a sample leaf's evidence folder, e.g. evidenceFolder('1.1') = `佐证材料/1.1 校舍场地`. */
export function evidenceFolder(code: string, system: IndicatorSystem = sampleSystem()): string {
  const node = flattenNodes(system.nodes).find((e) => e.node.code === code)!.node;
  return `${FILES.evidenceDir}/${evidenceFolderName(node)}`;
}

/** Writes the files under `dir` (created), returning `dir`. */
export async function writePackageFolder(dir: string, files: PackageFile[]): Promise<string> {
  for (const f of files) {
    const full = path.join(dir, ...f.path.split('/'));
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, f.data);
  }
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

export interface PackageZipOptions {
  /** Put everything inside this top folder (as “send to zip” on the package folder does). */
  top?: string;
  /** Names in GBK without the UTF-8 flag (Windows' built-in zip on a Chinese system). */
  gbk?: boolean;
  /** Backslashes as separators (PowerShell 5's Compress-Archive). */
  backslashes?: boolean;
  /** Extra raw entries appended (hostile ones). */
  extra?: RawZipEntry[];
  /** Entry options by package path. */
  tweak?: Record<string, Partial<RawZipEntry>>;
}

/** Writes the files as a zip at `file`, returning `file`. */
export async function writePackageZip(file: string, files: PackageFile[], opts: PackageZipOptions = {}): Promise<string> {
  const entries: RawZipEntry[] = files.map((f) => {
    let name = opts.top ? `${opts.top}/${f.path}` : f.path;
    if (opts.backslashes) name = name.replace(/\//g, '\\');
    return { name: opts.gbk ? gbk(name) : name, utf8Flag: !opts.gbk, data: f.data, ...opts.tweak?.[f.path] };
  });
  await writeRawZip(file, [...entries, ...(opts.extra ?? [])]);
  return file;
}
