/**
 * 学校自评报告（初稿） in the issued 填报包 (issue 13 item 7): the draft carries the register's facts,
 * the year's statistics and the resource indicators as the office holds them, and a package comes
 * back whether the school returns the draft untouched or edited — imported once, the same package
 * twice changes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { RoundDetail, SubmissionImportReport, UnitSubmissions } from '../../../shared/api/contracts/rounds';
import type { School } from '../../../shared/api/contracts/schools';
import { EVALUATION_COLUMN_ORDER, EVALUATION_HEADER_ROW, FILES, SHEETS } from '../../exchange/packages/format';
import { tempCore, tempDir } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';
import type { UnitRow } from '../../db/repositories/rounds-repo';
import { registerProfile } from './packages-service';

let core: Awaited<ReturnType<typeof tempCore>>;
let dir: string;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
async function job(kind: string, parameters: object): Promise<Job> {
  const started = await api<Job>('jobs.start', { kind, parameters });
  return waitForJob(started.id);
}

beforeEach(async () => {
  core = await tempCore();
  dir = tempDir('desk-report-draft-');
});
afterEach(async () => {
  await core.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const YEAR = new Date().getFullYear();
/** This year's statistics of the school: the resource figures below are worked out from these by hand. */
const STATS = {
  pupilsPrimary: 500,
  classesPrimary: 12,
  teachers: 40,
  multimediaRooms: 15, // 15 ÷ 500 × 100 = 3 rooms per 100 pupils ≥ 2.3
  equipmentValue: 1_000_000, // 1,000,000 ÷ 500 = 2000 元 per pupil = 2000
};

async function issue(): Promise<{ round: RoundDetail; folder: string }> {
  const school = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区', address: '柳州市城中区景行路 1 号', principal: '韦校长' });
  await api('stats.save', { schoolId: school.id, year: YEAR, values: STATS });
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
  await api('indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>('rounds.create', {
    name: '督导评估',
    year: YEAR,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: `${YEAR - 1}-01-01`, endsOn: `${YEAR + 1}-12-31`, collects: true }],
    latePolicy: 'refuse',
    units: [{ schoolId: school.id, campusId: null }],
  });
  const out = path.join(dir, 'U盘');
  fs.mkdirSync(out);
  const destination = await core.ctx.files.registerFolder(out);
  const issued = await job('rounds.packages', { roundId: round.id, zip: false, destination: { ref: destination.ref } });
  expect(issued.state).toBe('已完成');
  return { round, folder: path.join(out, fs.readdirSync(out)[0]!) };
}

/** The text of the draft's body, tags removed (table cells run together in order). */
async function draftText(file: string): Promise<string> {
  const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

/** Answers the first graded leaf of the workbook, as a school would. */
async function fillWorkbook(folder: string): Promise<void> {
  const file = path.join(folder, FILES.workbook);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let done = false;
  wb.getWorksheet(SHEETS.evaluation)!.eachRow((row, n) => {
    if (done || n <= EVALUATION_HEADER_ROW) return;
    if (String(row.getCell(EVALUATION_COLUMN_ORDER.indexOf('method') + 1).value ?? '').startsWith('自评等级')) {
      row.getCell(EVALUATION_COLUMN_ORDER.indexOf('answer') + 1).value = 'A';
      done = true;
    }
  });
  expect(done).toBe(true);
  await wb.xlsx.writeFile(file);
}

async function importFrom(roundId: number, folder: string): Promise<SubmissionImportReport> {
  const source = await core.ctx.files.registerFolder(folder);
  const done = await job('rounds.import', { roundId, sources: [{ ref: source.ref }], dryRun: false, resolutions: {} });
  expect(done.message ?? '').not.toContain('错误编号');
  return done.result as SubmissionImportReport;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('学校自评报告（初稿） in the fill-in package', () => {
  it('is pre-filled with the register, the year’s statistics and the resource indicators against their standards', async () => {
    const { folder } = await issue();
    expect(fs.readdirSync(folder).sort()).toEqual([FILES.manifest, FILES.readme, FILES.reportTemplate, FILES.workbook, FILES.evidenceDir].sort());
    const text = await draftText(path.join(folder, FILES.reportTemplate));
    expect(text.startsWith(`景行小学${YEAR}年义务教育优质均衡发展自评报告（初稿）（督导评估）一、学校概况`)).toBe(true);
    for (const fact of ['单位名称景行小学', '学校类型小学', '学段小学', '办学性质公办', '城乡类别城区', '校址柳州市城中区景行路 1 号', '校长韦校长']) expect(text).toContain(fact);
    // The year's statistics exactly as stored; a field without a figure is 未填报, never 0.
    expect(text).toContain('小学在校生数（人）500');
    expect(text).toContain('小学班级数（个）12');
    expect(text).toContain('专任教师数（人）40');
    expect(text).toContain('教学仪器设备资产值（元）1000000');
    expect(text).toContain('图书册数（册）未填报');
    // Resource indicators: 3 rooms and 2000 元 per pupil, against 2.3 and 2000.
    // Cells run together in the text: each figure is matched with its decimals (3 for ratios, 2 for money).
    const rooms = /每百名学生拥有网络多媒体教室数（间\/百名学生）(\d+\.\d{3})(\d+\.\d{3})(达标|未达标|数据缺失)/.exec(text);
    expect(rooms, text).not.toBeNull();
    expect([Number(rooms![1]), Number(rooms![2]), rooms![3]]).toEqual([3, 2.3, '达标']);
    const money = /生均教学仪器设备值（元\/生）(\d+\.\d{2})(\d+\.\d{2})(达标|未达标|数据缺失)/.exec(text);
    expect(money, text).not.toBeNull();
    expect([Number(money![1]), Number(money![2]), money![3]]).toEqual([2000, 2000, '达标']);
    // An indicator whose statistics are missing is named as such, not given a value.
    expect(text).toContain('生均体育运动场馆面积（平方米/生）未填报7.500数据缺失');
    expect(text.endsWith('学校（盖章）\u3000\u3000\u3000\u3000____年__月__日\u3000\u3000')).toBe(true);
    // The read-me says what the draft is and that its figures are not read back.
    const readme = fs.readFileSync(path.join(folder, FILES.readme), 'utf8');
    expect(readme).toContain('学校自评报告（初稿）');
    expect(readme).toContain('报告中的表格和数字不会被读回');
  });

  it('imports a package with the draft returned untouched: the report is kept, flagged as not written; the same package again changes nothing', async () => {
    const { round, folder } = await issue();
    await fillWorkbook(folder);
    const first = await importFrom(round.id, folder);
    expect(first.stored).toBe(1);
    const p = first.packages[0]!;
    expect(p.verdict).toBe('new');
    expect(p.report?.sha256).toBe(sha256(path.join(folder, FILES.reportTemplate)));
    expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(p.issues.some((i) => i.message.includes('与下发的初稿完全相同'))).toBe(true);
    const again = await importFrom(round.id, folder);
    expect(again.packages[0]!.verdict).toBe('unchanged');
    expect(again.stored).toBe(0);
    expect((await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!.revision).toBe(1);
  });

  it('imports a package with the draft edited: the edited report is the school’s; the same package again changes nothing', async () => {
    const { round, folder } = await issue();
    await fillWorkbook(folder);
    const file = path.join(folder, FILES.reportTemplate);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('【待学校填写】');
    zip.file('word/document.xml', xml.replaceAll('【待学校填写】', '').replace('（初稿）', ''));
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await draftText(file)).not.toContain('（初稿）');

    const first = await importFrom(round.id, folder);
    expect(first.stored).toBe(1);
    const p = first.packages[0]!;
    expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(p.issues.some((i) => i.message.includes('与下发的初稿完全相同'))).toBe(false);
    const unit = (await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!;
    const subs = await api<UnitSubmissions>('rounds.submissions', { unitId: unit.id });
    expect(subs.revisions[0]!.report).toMatchObject({ name: FILES.reportTemplate, sha256: sha256(file) });
    expect(subs.revisions[0]!.evidence).toEqual([]);
    const again = await importFrom(round.id, folder);
    expect(again.packages[0]!.verdict).toBe('unchanged');
    expect(again.stored).toBe(0);
    expect((await api<RoundDetail>('rounds.get', { id: round.id })).units[0]!.revision).toBe(1);
  });

  it('names a campus unit’s own address and its school’s apart, and leaves out what the register does not hold', () => {
    const school: School = {
      id: 1, code: null, name: '弯塘路小学', shortName: null, type: '小学', ownership: '公办', locality: '城区', township: null, address: '弯塘路 9 号', principal: null, contact: null,
      status: '在办', closedOn: null, latestStatsYear: null, updatedAt: '2025-01-01T00:00:00Z',
      campuses: [
        { id: 7, schoolId: 1, name: '北校区', address: null, evaluatedSeparately: true },
        { id: 8, schoolId: 1, name: '南校区', address: '南环路 3 号', evaluatedSeparately: true },
      ],
    };
    const unit = (campusId: number | null, name: string) => ({ id: 1, school_id: 1, campus_id: campusId, name, code: 'a08', school_type: '小学' }) as unknown as UnitRow;
    expect(registerProfile(unit(7, '弯塘路小学北校区'), school)).toEqual([
      { label: '单位名称', value: '弯塘路小学北校区' },
      { label: '所属学校', value: '弯塘路小学' },
      { label: '报送编码', value: 'a08' },
      { label: '学校类型', value: '小学' },
      { label: '学段', value: '小学' },
      { label: '办学性质', value: '公办' },
      { label: '城乡类别', value: '城区' },
      { label: '学校校址', value: '弯塘路 9 号' },
    ]);
    expect(registerProfile(unit(8, '弯塘路小学南校区'), school).filter((l) => l.label.includes('址'))).toEqual([
      { label: '校区地址', value: '南环路 3 号' },
      { label: '学校校址', value: '弯塘路 9 号' },
    ]);
    expect(registerProfile(unit(null, '弯塘路小学'), school).slice(-2)).toEqual([
      { label: '校址', value: '弯塘路 9 号' },
      { label: '校区', value: '2 个（北校区、南校区）' },
    ]);
  });
});
