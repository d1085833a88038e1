/** 填报包 writer: layout, workbook (through our reader and exceljs), manifest, report, zip, refusals, cancel, batches. */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/envelope';
import { ABCD, boolLeaf, branch, gradeLeaf, pointsLeaf, system } from '../../../shared/domain/indicators/test-helpers';
import type { IndicatorSystem, SchoolType } from '../../../shared/domain/indicators';
import { findPreset } from '../../services/indicators/presets';
import { TaskAborted } from '../../workers/task-runner';
import { cellAt, type Cell, type SheetTable } from '../register/table';
import { readWorkbook } from '../workbook';
import {
  COMPUTED_ANSWER_TEXT,
  EVALUATION_COLUMN_ORDER,
  EVALUATION_COLUMNS,
  EVALUATION_HEADER_ROW,
  evaluationRows,
  evidenceFolderName,
  FILES,
  indicatorSystemHash,
  Manifest,
  manifestSignatureValid,
  MET_WORDS,
  packageFolderName,
  PACKAGE_FORMAT_ID,
  QUERY_SHEET,
  REPORT_HEADINGS,
  returnFolderName,
  SHEETS,
  STATISTICS_COLUMN_ORDER,
  STATISTICS_COLUMNS,
  STATISTICS_HEADER_ROW,
  VETO_WORDS,
  type PackageSpec,
} from './format';
import { readPackage } from './read-package';
import { generatePackages, packageFolderOf, writePackage } from './write-package';

const SECRET = 'a1'.repeat(32);
const OTHER_SECRET = 'b2'.repeat(32);

/** A small system with every answer kind, a 初中-only leaf, a branch that only 初中 has, and texts that look like formulas. */
function smallSystem(): IndicatorSystem {
  return system([
    branch('1', [
      gradeLeaf('1.1', 10, { title: '办学理念', standard: '=SUM(A1:A9) 不是公式', evidence: ['学校章程', '@发展规划'] }),
      pointsLeaf('1.2', 6, 0.5, { title: '-课程开设', content: '+按规定开齐开足课程' }),
      boolLeaf('1.3', 4, { title: '图书配备' }),
      boolLeaf('1.4', 4, { title: '初中实验室', applicability: { schoolTypes: ['初中'] } }),
      { id: '1.5', code: '1.5', title: '生均图书', points: 5, scoring: { method: 'formula', expression: 'books / pupils', threshold: { all: 30 } } },
    ]),
    branch('2', [
      { id: '2.1', code: '2.1', title: '特色加分', points: 3, scoring: { method: 'bonus', step: 0 } },
      { id: '2.2', code: '2.2', title: '违规扣分', points: 2, scoring: { method: 'deduction', step: 0 } },
      { id: '2.3', code: '2.3', title: '重大安全事故', points: 0, scoring: { method: 'veto', reason: '' } },
    ]),
    branch('3', [boolLeaf('3.1', 5, { title: '初中学段专项', applicability: { schoolTypes: ['初中'] } })]),
  ], { values: [{ name: 'books', label: '图书册数' }, { name: 'pupils', label: '在校生数' }] });
}

function makeSpec(over: { unitName?: string; unitCode?: string; schoolType?: SchoolType; system?: IndicatorSystem; packageVersion?: number } & Partial<Pick<PackageSpec, 'answers' | 'queries'>> = {}): PackageSpec {
  const unitName = over.unitName ?? '景行小学本部';
  const unitCode = over.unitCode ?? 'a01';
  const packageVersion = over.packageVersion ?? 1;
  return {
    manifest: {
      format: PACKAGE_FORMAT_ID,
      formatVersion: 1,
      packageId: randomUUID(),
      roundUid: randomUUID(),
      roundId: 3,
      roundName: '2024年优质均衡自评',
      year: 2024,
      unitId: 7,
      unitCode,
      unitName,
      schoolId: 5,
      campusId: 2,
      packageVersion,
      baseRevision: packageVersion - 1,
      issuedAt: '2024-12-18T01:00:00.000Z',
      systemId: 1,
      systemVersion: 2,
      systemHash: 'c'.repeat(64),
    },
    secret: SECRET,
    system: over.system ?? smallSystem(),
    unit: { name: unitName, code: unitCode, schoolName: '景行小学', campusName: '本部', schoolType: over.schoolType ?? '小学' },
    round: {
      name: '2024年优质均衡自评',
      year: 2024,
      evaluator: '城中区教育局',
      stages: [
        { name: '自评', startsOn: '2024-12-18', endsOn: '2024-12-30' },
        { name: '实地督导', startsOn: '2025-01-04', endsOn: '2025-01-08' },
      ],
      returnBy: '2024-12-30',
    },
    statistics: [
      { key: 'landArea', label: '学校占地面积（平方米）', lastYear: 12000, value: 12500 },
      { key: 'teachers', label: '专任教师数（人）', lastYear: 80, value: null },
      { key: 'formulaLike', label: '=1+1（测试）', lastYear: null, value: null },
    ],
    answers: over.answers,
    queries: over.queries,
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-write-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const cell = (t: SheetTable, row: number, col: number): Cell => cellAt(t, row - 1, col - 1);
const text = (c: Cell): string => (c.t === 'text' ? c.v : c.t === 'number' ? String(c.v) : c.t === 'empty' ? '' : `<${c.t}>`);
const col = (key: (typeof EVALUATION_COLUMN_ORDER)[number]) => EVALUATION_COLUMN_ORDER.indexOf(key) + 1;
const statCol = (key: (typeof STATISTICS_COLUMN_ORDER)[number]) => STATISTICS_COLUMN_ORDER.indexOf(key) + 1;
const letter = (c: number) => String.fromCharCode(64 + c);
/** exceljs keeps a sheet's protection as read, but its types do not declare it. */
const protectedSheet = (ws: ExcelJS.Worksheet) => (ws as ExcelJS.Worksheet & { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet === true;

async function loadExcel(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Every entry of a zip with its general-purpose flags, as yauzl reads them. */
function zipEntries(file: string): Promise<{ name: string; flags: number; dir: boolean }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: { name: string; flags: number; dir: boolean }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, flags: e.generalPurposeBitFlag, dir: e.fileName.endsWith('/') });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Files and folders under `root`, relative, `/`-separated, folders with a trailing `/`. */
function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

describe('evaluationRows', () => {
  it('leaves out what does not apply to the school type, and a branch left without rows', () => {
    const s = smallSystem();
    expect(evaluationRows(s, '小学').map((r) => r.node.code)).toEqual(['1', '1.1', '1.2', '1.3', '1.5', '2', '2.1', '2.2', '2.3']);
    expect(evaluationRows(s, '初中').map((r) => r.node.code)).toEqual(['1', '1.1', '1.2', '1.3', '1.4', '1.5', '2', '2.1', '2.2', '2.3', '3', '3.1']);
  });

  it('judges a section restriction by the sections the type runs', () => {
    const s = system([gradeLeaf('p', 5, { applicability: { sections: ['primary'] } }), gradeLeaf('j', 5, { applicability: { sections: ['junior'] } })]);
    expect(evaluationRows(s, '小学').map((r) => r.node.code)).toEqual(['p']);
    expect(evaluationRows(s, '初中').map((r) => r.node.code)).toEqual(['j']);
    expect(evaluationRows(s, '九年一贯制').map((r) => r.node.code)).toEqual(['p', 'j']);
  });
});

describe('writePackage', () => {
  it('writes exactly the layout of format.ts, one evidence folder per applicable leaf', async () => {
    const spec = makeSpec();
    const r = await writePackage(spec, dir);
    expect(r.folder).toBe(path.join(dir, packageFolderName('2024年优质均衡自评', 'a01', '景行小学本部')));
    expect(r.zipPath).toBeNull();
    const leaves = evaluationRows(spec.system, '小学').filter((x) => x.leaf);
    const expected = [
      FILES.readme,
      FILES.workbook,
      FILES.reportTemplate,
      FILES.manifest,
      `${FILES.evidenceDir}/`,
      ...leaves.map((l) => `${FILES.evidenceDir}/${evidenceFolderName(l.node)}/`),
    ].sort();
    expect(listTree(r.folder)).toEqual(expected);
    expect([...r.files].sort()).toEqual(expected);
    expect(listTree(r.folder)).not.toContain(`${FILES.evidenceDir}/1.4 初中实验室/`);
    // Nothing but the package in the output folder: no temporary folder left.
    expect(fs.readdirSync(dir)).toEqual([path.basename(r.folder)]);
    for (const f of fs.readdirSync(path.join(r.folder, FILES.evidenceDir))) expect(fs.readdirSync(path.join(r.folder, FILES.evidenceDir, f))).toEqual([]);
  });

  it('writes the read-me as UTF-8 with BOM and CRLF, with the deadline and the folder to return', async () => {
    const r = await writePackage(makeSpec(), dir);
    const bytes = fs.readFileSync(path.join(r.folder, FILES.readme));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = bytes.subarray(3).toString('utf8');
    expect(body).toContain('\r\n');
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(body).toContain('2024年12月30日');
    expect(body).toContain(`“${path.basename(r.folder)}”`);
    expect(body).toContain(FILES.manifest);
    expect(body).toContain('zip');
    expect(body).not.toContain('退回修改意见');
  });

  it('signs the manifest: valid with the round secret, not with another; the template hash is the report written', async () => {
    const spec = makeSpec();
    const r = await writePackage(spec, dir);
    const raw = fs.readFileSync(path.join(r.folder, FILES.manifest), 'utf8');
    expect(raw).toContain('\n  "format"');
    const manifest = Manifest.parse(JSON.parse(raw));
    expect(manifestSignatureValid(manifest, SECRET)).toBe(true);
    expect(manifestSignatureValid(manifest, OTHER_SECRET)).toBe(false);
    expect(manifestSignatureValid({ ...manifest, unitCode: 'a02' }, SECRET)).toBe(false);
    const { reportTemplateSha256, signature: _s, ...rest } = manifest;
    expect(rest).toEqual(spec.manifest);
    expect(reportTemplateSha256).toBe(createHash('sha256').update(fs.readFileSync(path.join(r.folder, FILES.reportTemplate))).digest('hex'));
  });

  it('writes the report draft (title, round, five headings, the unit’s figures, the seal line), with the same bytes for the same spec', async () => {
    const spec = makeSpec();
    const a = await writePackage(spec, path.join(dir, 'a'));
    await new Promise((res) => setTimeout(res, 1100)); // a clock-dependent byte would now differ
    const b = await writePackage(spec, path.join(dir, 'b'));
    const docA = fs.readFileSync(path.join(a.folder, FILES.reportTemplate));
    expect(docA.equals(fs.readFileSync(path.join(b.folder, FILES.reportTemplate)))).toBe(true);
    const zip = await JSZip.loadAsync(docA);
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain.startsWith('景行小学本部2024年义务教育优质均衡发展自评报告（初稿）（2024年优质均衡自评）')).toBe(true);
    let at = 0;
    for (const h of REPORT_HEADINGS) {
      const i = plain.indexOf(h, at);
      expect(i, h).toBeGreaterThan(at);
      at = i;
    }
    // The statistics as issued: a value exactly, a missing one as 未填报 (never 0).
    expect(plain).toContain('学校占地面积（平方米）12500');
    expect(plain).toContain('专任教师数（人）未填报');
    expect(plain).toContain('1.1办学理念10自评等级（A/B/C/D）');
    expect(plain.endsWith('学校（盖章）\u3000\u3000\u3000\u3000____年__月__日\u3000\u3000')).toBe(true);
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toMatch(/w:val="808080"[\s\S]*【待学校填写】/);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('2024-12-18T01:00:00Z');
    // Another unit: another draft.
    const c = await writePackage(makeSpec({ unitName: '公园路小学', unitCode: 'a04' }), path.join(dir, 'c'));
    expect(fs.readFileSync(path.join(c.folder, FILES.reportTemplate)).equals(docA)).toBe(false);
  });

  it('lays out the workbook as format.ts states, read back through our workbook reader', async () => {
    const spec = makeSpec();
    const r = await writePackage(spec, dir);
    const { sheets } = await readWorkbook(fs.readFileSync(path.join(r.folder, FILES.workbook)));
    expect(sheets.map((s) => s.name)).toEqual([SHEETS.readme, SHEETS.evaluation, SHEETS.statistics]);
    expect(sheets.every((s) => !s.formulaCells?.size)).toBe(true);

    const ev = sheets[1]!;
    expect(text(cell(ev, 1, 1))).toContain('2024年优质均衡自评');
    expect(text(cell(ev, 2, 1))).toBe('单位：景行小学本部  报送编码：a01');
    EVALUATION_COLUMN_ORDER.forEach((k, i) => expect(text(cell(ev, EVALUATION_HEADER_ROW, i + 1))).toBe(EVALUATION_COLUMNS[k]));
    const rows = evaluationRows(spec.system, '小学');
    const data = ev.rows.slice(EVALUATION_HEADER_ROW);
    expect(data.map((row) => text(row[0] ?? { t: 'empty' }))).toEqual(rows.map((x) => x.node.code));
    const rowOf = (code: string) => EVALUATION_HEADER_ROW + 1 + rows.findIndex((x) => x.node.code === code);

    // Branch: heading only, its nominal points.
    expect(text(cell(ev, rowOf('1'), col('title')))).toBe('分组1');
    expect(cell(ev, rowOf('1'), col('points'))).toEqual({ t: 'number', v: 29 });
    for (const k of ['method', 'answer', 'explanation', 'folder'] as const) expect(cell(ev, rowOf('1'), col(k))).toEqual({ t: 'empty' });
    // Leaf: the office's texts, as texts even when they look like formulas.
    expect(cell(ev, rowOf('1.1'), col('standard'))).toEqual({ t: 'text', v: '=SUM(A1:A9) 不是公式' });
    expect(cell(ev, rowOf('1.1'), col('evidence'))).toEqual({ t: 'text', v: '学校章程\n@发展规划' });
    expect(cell(ev, rowOf('1.2'), col('title'))).toEqual({ t: 'text', v: '-课程开设' });
    expect(cell(ev, rowOf('1.2'), col('content'))).toEqual({ t: 'text', v: '+按规定开齐开足课程' });
    expect(cell(ev, rowOf('1.2'), col('points'))).toEqual({ t: 'number', v: 6 });
    expect(text(cell(ev, rowOf('1.1'), col('method')))).toBe('自评等级（A/B/C/D）');
    expect(text(cell(ev, rowOf('1.3'), col('method')))).toBe('是否达标（达标/未达标）');
    expect(text(cell(ev, rowOf('1.1'), col('folder')))).toBe('1.1 办学理念');
    expect(cell(ev, rowOf('1.1'), col('answer'))).toEqual({ t: 'empty' });
    expect(text(cell(ev, rowOf('1.5'), col('answer')))).toBe(COMPUTED_ANSWER_TEXT);

    const st = sheets[2]!;
    expect(text(cell(st, 2, 1))).toContain('2024年');
    STATISTICS_COLUMN_ORDER.forEach((k, i) => expect(text(cell(st, STATISTICS_HEADER_ROW, i + 1))).toBe(STATISTICS_COLUMNS[k]));
    const first = STATISTICS_HEADER_ROW + 1;
    expect([cell(st, first, 1), cell(st, first, 2), cell(st, first, 3)]).toEqual([
      { t: 'text', v: '学校占地面积（平方米）' },
      { t: 'number', v: 12000 },
      { t: 'number', v: 12500 },
    ]);
    expect(cell(st, first + 1, statCol('value'))).toEqual({ t: 'empty' });
    expect(cell(st, first + 2, statCol('field'))).toEqual({ t: 'text', v: '=1+1（测试）' });
    expect(st.rows.length).toBe(STATISTICS_HEADER_ROW + spec.statistics.length);
  });

  it('a 本年数值 pre-filled with last year’s figure says so at the cell', async () => {
    const base = makeSpec();
    const spec: PackageSpec = { ...base, statistics: [{ key: 'landArea', label: '学校占地面积（平方米）', lastYear: 12000, value: 12000, fromLastYear: true }, base.statistics[1]!] };
    const r = await writePackage(spec, dir);
    const wb = await loadExcel(path.join(r.folder, FILES.workbook));
    const st = wb.getWorksheet(SHEETS.statistics)!;
    const first = STATISTICS_HEADER_ROW + 1;
    expect(String(st.getCell(first, statCol('value')).note ?? '')).toContain('本年尚无数据，已按上年数值预填');
    expect(st.getCell(first + 1, statCol('value')).note).toBeUndefined();
  });

  it('unlocks only the input cells, validates each answer by its method, and protects every sheet', async () => {
    const spec = makeSpec();
    const r = await writePackage(spec, dir);
    const wb = await loadExcel(path.join(r.folder, FILES.workbook));
    for (const ws of wb.worksheets) expect(protectedSheet(ws), ws.name).toBe(true);
    const ev = wb.getWorksheet(SHEETS.evaluation)!;
    const rows = evaluationRows(spec.system, '小学');
    const rowOf = (code: string) => EVALUATION_HEADER_ROW + 1 + rows.findIndex((x) => x.node.code === code);
    const at = (code: string, key: (typeof EVALUATION_COLUMN_ORDER)[number]) => ev.getCell(`${letter(col(key))}${rowOf(code)}`);
    const locked = (c: ExcelJS.Cell) => c.protection?.locked !== false;

    for (const code of ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3']) {
      expect(locked(at(code, 'answer')), code).toBe(false);
      expect(locked(at(code, 'explanation')), code).toBe(false);
      expect((at(code, 'answer').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
      for (const k of ['code', 'title', 'standard', 'points', 'method', 'folder'] as const) expect(locked(at(code, k)), `${code} ${k}`).toBe(true);
    }
    for (const code of ['1', '2']) for (const k of EVALUATION_COLUMN_ORDER) expect(locked(at(code, k)), `${code} ${k}`).toBe(true);
    expect(locked(at('1.5', 'answer'))).toBe(true);
    expect(locked(at('1.5', 'explanation'))).toBe(true);
    expect((at('1.5', 'answer').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE7E6E6');
    expect(at('1.5', 'answer').dataValidation).toBeUndefined();
    for (const k of ['title', 'standard', 'content', 'evidence'] as const) expect(at('1.1', k).numFmt).toBe('@');

    expect(at('1.1', 'answer').dataValidation).toMatchObject({ type: 'list', formulae: [`"${ABCD.map((g) => g.label).join(',')}"`], showErrorMessage: true, showInputMessage: true });
    expect(at('1.1', 'answer').dataValidation.prompt).toContain('自评等级');
    expect(at('1.2', 'answer').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 6] });
    expect(at('1.2', 'answer').dataValidation.prompt).toContain('0.5 分的整数倍');
    expect(at('1.3', 'answer').dataValidation).toMatchObject({ type: 'list', formulae: [`"${MET_WORDS.yes},${MET_WORDS.no}"`] });
    expect(at('2.1', 'answer').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 3] });
    expect(at('2.2', 'answer').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 2] });
    expect(at('2.3', 'answer').dataValidation).toMatchObject({ type: 'list', formulae: [`"${VETO_WORDS.yes},${VETO_WORDS.no}"`] });
    expect(at('2.3', 'answer').dataValidation.error).toMatch(/[\u4e00-\u9fff]/);

    const st = wb.getWorksheet(SHEETS.statistics)!;
    const first = STATISTICS_HEADER_ROW + 1;
    for (let r2 = first; r2 < first + spec.statistics.length; r2++) {
      expect(locked(st.getCell(`${letter(statCol('field'))}${r2}`))).toBe(true);
      expect(locked(st.getCell(`${letter(statCol('lastYear'))}${r2}`))).toBe(true);
      expect(locked(st.getCell(`${letter(statCol('value'))}${r2}`))).toBe(false);
      expect(locked(st.getCell(`${letter(statCol('note'))}${r2}`))).toBe(false);
      expect(st.getCell(`${letter(statCol('value'))}${r2}`).dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    }
    expect(st.getCell(`${letter(statCol('value'))}${first + spec.statistics.length}`).dataValidation).toBeUndefined();
  });

  it('names the folder safely whatever the unit is called', async () => {
    const spec = makeSpec({ unitName: '实验/小学:北*校区?"东"<1>|' });
    const r = await writePackage(spec, dir);
    const name = path.basename(r.folder);
    expect(name).toBe(packageFolderOf(spec));
    expect(name).not.toMatch(/[\\/:*?"<>|]/);
    expect(name).toContain('实验_小学_北_校区');
    expect(fs.readdirSync(dir)).toEqual([name]);
  });

  it('refuses an existing non-empty package folder and leaves it as it was; an empty one is filled', async () => {
    const spec = makeSpec();
    const target = path.join(dir, packageFolderOf(spec));
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, '已填写.txt'), '学校的东西');
    const err = await writePackage(spec, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).message).toMatch(/已存在.*未生成/);
    expect(fs.readdirSync(target)).toEqual(['已填写.txt']);
    expect(fs.readdirSync(dir)).toEqual([path.basename(target)]);

    fs.rmSync(path.join(target, '已填写.txt'));
    const r = await writePackage(spec, dir);
    expect(r.folder).toBe(target);
    expect(fs.readdirSync(target)).toContain(FILES.manifest);
  });

  it('refuses an existing zip', async () => {
    const spec = makeSpec();
    fs.writeFileSync(path.join(dir, `${packageFolderOf(spec)}.zip`), 'old');
    await expect(writePackage(spec, dir, { zip: true })).rejects.toMatchObject({ code: 'conflict' });
    expect(fs.readdirSync(dir)).toEqual([`${packageFolderOf(spec)}.zip`]);
  });

  it('zips the same files under the folder name, with UTF-8 names flagged', async () => {
    const r = await writePackage(makeSpec(), dir, { zip: true });
    const name = path.basename(r.folder);
    expect(r.zipPath).toBe(`${r.folder}.zip`);
    const entries = await zipEntries(r.zipPath!);
    for (const e of entries) {
      expect(e.name.startsWith(`${name}/`), e.name).toBe(true);
      if (/[^\x20-\x7e]/.test(e.name)) expect(e.flags & 0x800, e.name).toBe(0x800);
    }
    const inZip = entries.map((e) => e.name.slice(name.length + 1)).filter(Boolean).sort();
    expect(inZip).toEqual(listTree(r.folder));
    const zip = await JSZip.loadAsync(fs.readFileSync(r.zipPath!));
    for (const f of [FILES.readme, FILES.workbook, FILES.reportTemplate, FILES.manifest]) {
      const bytes = await zip.file(`${name}/${f}`)!.async('nodebuffer');
      expect(bytes.equals(fs.readFileSync(path.join(r.folder, f))), f).toBe(true);
    }
    expect(fs.readdirSync(dir).sort()).toEqual([name, `${name}.zip`].sort());
  });

  it('leaves nothing when cancelled before or during the write', async () => {
    const before = new AbortController();
    before.abort();
    await expect(writePackage(makeSpec(), dir, { signal: before.signal, zip: true })).rejects.toBeInstanceOf(TaskAborted);
    expect(fs.readdirSync(dir)).toEqual([]);

    for (const delayMs of [0, 5, 30, 80, 150, 300]) {
      const during = new AbortController();
      const writing = writePackage(makeSpec(), dir, { signal: during.signal, zip: true });
      setTimeout(() => during.abort(), delayMs);
      const outcome = await writing.then(
        () => 'written',
        (e: unknown) => (e instanceof TaskAborted ? 'cancelled' : e),
      );
      const left = fs.readdirSync(dir);
      if (outcome === 'written') {
        // Finished before the abort landed: then it is whole.
        expect(left.sort()).toEqual([packageFolderOf(makeSpec()), `${packageFolderOf(makeSpec())}.zip`].sort());
        fs.rmSync(path.join(dir, left[0]!), { recursive: true });
        fs.rmSync(path.join(dir, left[1]!), { recursive: true });
      } else {
        expect(outcome).toBe('cancelled');
        expect(left).toEqual([]);
      }
    }
  });

  it('writes a 退回修改 package: answers pre-filled, queries on their own sheet, as notes and in the read-me', async () => {
    const spec = makeSpec({
      packageVersion: 3,
      answers: {
        '1.1': { answer: { grade: 'B' }, explanation: '已制定章程' },
        '1.2': { answer: { points: 5.5 }, explanation: '' },
        '1.3': { answer: { met: false }, explanation: '图书不足' },
        '2.3': { answer: { triggered: false }, explanation: '' },
      },
      queries: [
        { target: { kind: 'indicator', nodeId: '1.3' }, text: '图书册数与统计数据不一致，请核实。' },
        { target: { kind: 'statistic', key: 'teachers' }, text: '请填写专任教师数。' },
        { target: { kind: 'report' }, text: '自评报告缺少“自评过程”。' },
        { target: { kind: 'evidence', nodeId: '1.1' }, text: '请补充学校章程扫描件。' },
        { target: { kind: 'evidence', nodeId: null }, text: '照片请按指标归类。' },
      ],
    });
    const r = await writePackage(spec, dir);
    expect(path.basename(r.folder)).toBe(returnFolderName('2024年优质均衡自评', 'a01', '景行小学本部', 3));
    expect(path.basename(r.folder)).toContain('退回修改第2次');

    const { sheets } = await readWorkbook(fs.readFileSync(path.join(r.folder, FILES.workbook)));
    expect(sheets.map((s) => s.name)).toEqual([SHEETS.readme, SHEETS.evaluation, SHEETS.statistics, QUERY_SHEET]);
    const ev = sheets[1]!;
    const rows = evaluationRows(spec.system, '小学');
    const rowOf = (code: string) => EVALUATION_HEADER_ROW + 1 + rows.findIndex((x) => x.node.code === code);
    expect(cell(ev, rowOf('1.1'), col('answer'))).toEqual({ t: 'text', v: 'B' });
    expect(cell(ev, rowOf('1.1'), col('explanation'))).toEqual({ t: 'text', v: '已制定章程' });
    expect(cell(ev, rowOf('1.2'), col('answer'))).toEqual({ t: 'number', v: 5.5 });
    expect(cell(ev, rowOf('1.2'), col('explanation'))).toEqual({ t: 'empty' });
    expect(cell(ev, rowOf('1.3'), col('answer'))).toEqual({ t: 'text', v: MET_WORDS.no });
    expect(cell(ev, rowOf('2.3'), col('answer'))).toEqual({ t: 'text', v: VETO_WORDS.no });
    expect(cell(ev, rowOf('2.1'), col('answer'))).toEqual({ t: 'empty' });

    const qs = sheets[3]!;
    const listed = qs.rows.slice(3).map((row) => row.map(text));
    expect(listed).toHaveLength(5);
    expect(listed[0]).toEqual(['1', '指标 1.3 图书配备', '图书册数与统计数据不一致，请核实。', `${FILES.workbook}“${SHEETS.evaluation}”工作表第 ${rowOf('1.3')} 行`]);
    expect(listed[1]).toEqual(['2', '统计数据 专任教师数（人）', '请填写专任教师数。', `${FILES.workbook}“${SHEETS.statistics}”工作表第 ${STATISTICS_HEADER_ROW + 2} 行`]);
    expect(listed[2]![3]).toBe(FILES.reportTemplate);
    expect(listed[3]![3]).toContain('1.1 办学理念');
    expect(listed[4]![1]).toBe('佐证材料');

    const wb = await loadExcel(path.join(r.folder, FILES.workbook));
    expect(wb.views[0]?.activeTab).toBe(3);
    const note = wb.getWorksheet(SHEETS.evaluation)!.getCell(`A${rowOf('1.3')}`).note;
    expect(JSON.stringify(note)).toContain('图书册数与统计数据不一致');
    expect(JSON.stringify(wb.getWorksheet(SHEETS.statistics)!.getCell(`A${STATISTICS_HEADER_ROW + 2}`).note)).toContain('请填写专任教师数');
    expect(protectedSheet(wb.getWorksheet(QUERY_SHEET)!)).toBe(true);

    const readme = fs.readFileSync(path.join(r.folder, FILES.readme)).subarray(3).toString('utf8');
    expect(readme).toContain('第 2 次退回修改');
    for (const q of spec.queries!) expect(readme).toContain(q.text);
  });

  it('carries the last submission back: the report in the template’s place, the evidence where it was, in the folder and the zip', async () => {
    const store = path.join(dir, 'store');
    fs.mkdirSync(store);
    const put = (name: string, bytes: Buffer) => {
      const file = path.join(store, name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const carry = [
      { path: '学校自评报告.pdf', source: put('r', Buffer.from('%PDF-1.4\n报告\n%%EOF\n')) },
      { path: '佐证材料/1.1 办学理念/章程.pdf', source: put('a', Buffer.from('%PDF-1.4\n章程\n%%EOF\n')) },
      { path: '佐证材料/1.3 图书配备/照片/一楼.jpg', source: put('b', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])) },
      { path: '佐证材料/未归类说明.txt', source: put('c', Buffer.from('说明')) },
    ];
    const spec = { ...makeSpec({ packageVersion: 2, queries: [{ target: { kind: 'report' }, text: '请补充自评过程。' }] }), carry };
    const out = path.join(dir, 'out');
    const r = await writePackage(spec, out, { zip: true });
    const tree = listTree(r.folder);
    expect(tree).not.toContain(FILES.reportTemplate);
    for (const c of carry) expect(fs.readFileSync(path.join(r.folder, c.path)).equals(fs.readFileSync(c.source)), c.path).toBe(true);
    expect(tree).toContain('佐证材料/1.3 图书配备/照片/');
    expect([...r.files].sort()).toEqual(tree);
    // The manifest still states the blank template's hash: the same as a package without the carried report.
    const manifest = Manifest.parse(JSON.parse(fs.readFileSync(path.join(r.folder, FILES.manifest), 'utf8')));
    const blank = await writePackage({ ...spec, carry: undefined }, path.join(dir, 'blank'));
    expect(manifest.reportTemplateSha256).toBe(createHash('sha256').update(fs.readFileSync(path.join(blank.folder, FILES.reportTemplate))).digest('hex'));
    const name = path.basename(r.folder);
    const zip = await JSZip.loadAsync(fs.readFileSync(r.zipPath!));
    for (const c of carry) expect((await zip.file(`${name}/${c.path}`)!.async('nodebuffer')).equals(fs.readFileSync(c.source)), c.path).toBe(true);
    expect((await zipEntries(r.zipPath!)).map((e) => e.name.slice(name.length + 1)).filter(Boolean).sort()).toEqual(tree);
    const readme = fs.readFileSync(path.join(r.folder, FILES.readme)).subarray(3).toString('utf8');
    expect(readme).toContain('已带回你单位上次报送的学校自评报告和佐证材料（3 个文件）');
    expect(readme).toContain('学校自评报告.pdf：你单位上次报送的学校自评报告');
  });

  it('refuses carried files Windows could not hold, that clash, or that the store lost, before writing anything', async () => {
    const source = path.join(dir, 'blob');
    fs.writeFileSync(source, 'x');
    const attempt = (carry: { path: string; source: string }[]) => writePackage({ ...makeSpec({ packageVersion: 2 }), carry }, path.join(dir, 'out'));
    await expect(attempt([{ path: '../outside.txt', source }])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('..') });
    await expect(attempt([{ path: '佐证材料/a:b.txt', source }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt([{ path: '自评表.XLSX', source }])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('填报包自身的文件') });
    await expect(attempt([{ path: '佐证材料/1.1 办学理念', source }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt([{ path: '佐证材料/x.jpg', source }, { path: '佐证材料/X.JPG', source }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt([{ path: '佐证材料/x', source }, { path: '佐证材料/x/y.jpg', source }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt([{ path: '学校自评报告.docx', source }, { path: '学校自评报告.pdf', source }])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('只能有一份') });
    await expect(attempt([{ path: '佐证材料/丢失.jpg', source: path.join(dir, 'gone') }])).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('佐证材料/丢失.jpg') });
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses a query about something the package does not hold', async () => {
    const spec = makeSpec({ packageVersion: 2, queries: [{ target: { kind: 'indicator', nodeId: '1.4' }, text: '初中实验室？' }] });
    await expect(writePackage(spec, dir)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('不适用于本单位') });
    const stat = makeSpec({ packageVersion: 2, queries: [{ target: { kind: 'statistic', key: 'nope' }, text: '？' }] });
    await expect(writePackage(stat, dir)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses two leaves whose evidence folders would share a name', async () => {
    const s = system([gradeLeaf('x', 5, { code: 'A1', title: '同名' }), gradeLeaf('y', 5, { code: 'a1', title: '同名' })]);
    await expect(writePackage(makeSpec({ system: s }), dir)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('佐证材料文件夹名称相同') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a bad secret or date before writing anything', async () => {
    await expect(writePackage({ ...makeSpec(), secret: 'short' }, dir)).rejects.toMatchObject({ code: 'invalid_input' });
    const spec = makeSpec();
    await expect(writePackage({ ...spec, round: { ...spec.round, returnBy: '2024-02-30' } }, dir)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('报送截止日期') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('builds a preset system: one row per applicable node, the grade lists from the preset', async () => {
    const preset = findPreset('school-self-evaluation-five-sections');
    const spec = makeSpec({ system: preset });
    const r = await writePackage(spec, dir);
    const rows = evaluationRows(preset, '小学');
    const { sheets } = await readWorkbook(fs.readFileSync(path.join(r.folder, FILES.workbook)));
    const ev = sheets.find((s) => s.name === SHEETS.evaluation)!;
    expect(ev.rows.length).toBe(EVALUATION_HEADER_ROW + rows.length);
    const wb = await loadExcel(path.join(r.folder, FILES.workbook));
    const ws = wb.getWorksheet(SHEETS.evaluation)!;
    rows.forEach((row, i) => {
      const v = ws.getCell(`${letter(col('answer'))}${EVALUATION_HEADER_ROW + 1 + i}`).dataValidation;
      if (!row.leaf) expect(v).toBeUndefined();
      else if (row.node.scoring?.method === 'grade') expect(v.formulae).toEqual([`"${row.node.scoring.grades.map((g) => g.label).join(',')}"`]);
    });
    expect(fs.readdirSync(path.join(r.folder, FILES.evidenceDir))).toHaveLength(rows.filter((x) => x.leaf).length);

    // No cell has two validations: overlapping ranges (exceljs once wrote H6:H14 beside H10:H14) are damaged content to Excel.
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(r.folder, FILES.workbook)));
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
      const xml = await zip.file(name)!.async('string');
      const covered = new Map<string, string>();
      for (const [, sqref] of xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)) {
        for (const range of sqref!.split(' ')) {
          const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(range)!;
          expect(m, range).not.toBeNull();
          expect(m[3] ?? m[1], `${name} ${range}: one column`).toBe(m[1]);
          for (let row = Number(m[2]); row <= Number(m[4] ?? m[2]); row++) {
            const cellName = `${m[1]}${row}`;
            expect(covered.get(cellName), `${name} ${cellName} in ${range}`).toBeUndefined();
            covered.set(cellName, range);
          }
        }
      }
    }
  });
});

describe('the reader reads what the writer wrote (the contract of format.ts)', () => {
  it('reads back the pre-filled answers and carried files of a 退回修改 package and a school’s input, with no error', async () => {
    const answers = {
      '1.1': { answer: { grade: 'B' }, explanation: '已制定章程' },
      '1.2': { answer: { points: 5.5 }, explanation: '开齐课程' },
      '1.3': { answer: { met: false }, explanation: '图书不足' },
      '2.3': { answer: { triggered: false }, explanation: '无事故' },
    };
    const base = makeSpec({ packageVersion: 2, answers, queries: [{ target: { kind: 'indicator', nodeId: '1.3' }, text: '请核实。' }] });
    const report = path.join(dir, 'report-blob');
    fs.writeFileSync(report, '%PDF-1.4\n自评报告\n%%EOF\n');
    const photo = path.join(dir, 'photo-blob');
    fs.writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
    const spec: PackageSpec = {
      ...base,
      manifest: { ...base.manifest, systemHash: indicatorSystemHash(base.system) },
      carry: [
        { path: '学校自评报告.pdf', source: report },
        { path: '佐证材料/1.1 办学理念/章程.jpg', source: photo },
      ],
    };
    const r = await writePackage(spec, dir, { zip: true });
    // The school answers 2.1 and corrects 本年数值 of 专任教师数.
    const file = path.join(r.folder, FILES.workbook);
    const wb = await loadExcel(file);
    const rows = evaluationRows(spec.system, '小学');
    const at = (code: string) => EVALUATION_HEADER_ROW + 1 + rows.findIndex((x) => x.node.code === code);
    wb.getWorksheet(SHEETS.evaluation)!.getCell(at('2.1'), col('answer')).value = 2;
    wb.getWorksheet(SHEETS.statistics)!.getCell(STATISTICS_HEADER_ROW + 2, statCol('value')).value = 82;
    await wb.xlsx.writeFile(file);

    const context = { system: spec.system, secret: SECRET, statFields: spec.statistics, schoolType: '小学' as const };
    const read = await readPackage(r.folder, { resolve: () => context });
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(read.manifest?.packageId).toBe(spec.manifest.packageId);
    const byCode = Object.fromEntries(read.answers.map((a) => [a.code, { answer: a.answer, explanation: a.explanation }]));
    expect(byCode).toEqual({ ...answers, '2.1': { answer: { points: 2 }, explanation: '' } });
    expect(read.statistics.find((x) => x.key === 'teachers')?.value).toBe(82);
    expect(read.statistics.find((x) => x.key === 'landArea')?.value).toBe(12500);

    // The zip, as issued: the template unchanged, the pre-filled answers, nothing refused.
    const issued = await readPackage(r.zipPath!, { resolve: () => context });
    expect(issued.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issued.refused).toEqual([]);
    expect(issued.answers.map((a) => a.code).sort()).toEqual(Object.keys(answers).sort());
    expect(issued.report?.path).toBe('学校自评报告.pdf');
    expect(issued.evidence.map((e) => [e.path, e.nodeId])).toEqual([['佐证材料/1.1 办学理念/章程.jpg', '1.1']]);
  });
});

describe('generatePackages', () => {
  const three = () => [makeSpec(), makeSpec({ unitName: '公园路小学', unitCode: 'a04' }), makeSpec({ unitName: '龙城中学', unitCode: 'a18', schoolType: '初中' })];

  it('writes every package in order with progress', async () => {
    const progress: [number, number, string][] = [];
    const out = await generatePackages(three(), dir, { zip: true, onProgress: (d, t, n) => progress.push([d, t, n]) });
    expect(progress).toEqual([
      [1, 3, '景行小学本部'],
      [2, 3, '公园路小学'],
      [3, 3, '龙城中学'],
    ]);
    expect(out.map((o) => path.basename(o.folder))).toEqual(three().map(packageFolderOf));
    expect(fs.readdirSync(dir)).toHaveLength(6);
    // The 初中 gets its 初中 items.
    expect(fs.existsSync(path.join(out[2]!.folder, FILES.evidenceDir, '1.4 初中实验室'))).toBe(true);
  });

  it('refuses clashing names and existing targets before writing anything', async () => {
    await expect(generatePackages([...three(), makeSpec({ unitName: '景行小学本部'.toString(), unitCode: 'A01' })], dir)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('名称重复'),
    });
    expect(fs.readdirSync(dir)).toEqual([]);
    const specs = three();
    fs.mkdirSync(path.join(dir, packageFolderOf(specs[2]!)));
    fs.writeFileSync(path.join(dir, packageFolderOf(specs[2]!), 'x.txt'), 'x');
    await expect(generatePackages(specs, dir)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('龙城中学') });
    expect(fs.readdirSync(dir)).toEqual([packageFolderOf(specs[2]!)]);
  });

  it('stops on cancel: the packages finished stay whole, nothing of the next one', async () => {
    const ac = new AbortController();
    const specs = three();
    const run = generatePackages(specs, dir, { signal: ac.signal, onProgress: (done) => done === 1 && ac.abort() });
    await expect(run).rejects.toBeInstanceOf(TaskAborted);
    expect(fs.readdirSync(dir)).toEqual([packageFolderOf(specs[0]!)]);
  });

  it('names the unit when one package fails', async () => {
    const specs = three();
    specs[1] = { ...specs[1]!, secret: 'bad' };
    await expect(generatePackages(specs, dir)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('公园路小学') });
    expect(fs.readdirSync(dir)).toEqual([packageFolderOf(specs[0]!)]);
  });
});
