/**
 * 一校一案 (issue 13 item 5) through the core's dispatcher: a round of three units, two locked with
 * different scores, one open; the `scoring.conclusions` job writes per locked unit the 督导意见书
 * (DOCX and PDF) and a one-page 结果摘要 (PDF), and one workbook for all units. The documents are
 * read back (the DOCX's word/document.xml, the PDF with pdftotext) and their figures checked
 * against scoring.results; the generation is listed, and marked outdated after an unlock.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { GeneratedConclusion, RoundResults, UnitResult, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { pdfPageCount, pdfText } from '../../documents/testing/tools';
import { tempCore } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';
import { addMonths, datesOf } from './conclusions-service';

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

/** The visible text of a DOCX (its body's runs, tags removed). */
async function docxText(file: string): Promise<string> {
  const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}
const flat = (s: string) => s.replace(/\s+/g, '');

/** Final scores: every hand-scored leaf full (bonus 0, no veto) except the given points by code. */
async function scoreAll(unitId: number, points: Record<string, number> = {}) {
  const sheet = await api<UnitScoreSheet>('scoring.sheet', { unitId });
  for (const r of sheet.rows.filter((x) => !x.computed)) {
    const answer = r.choices.length ? { triggered: false } : { points: points[r.code] ?? (r.method.includes('加分') ? 0 : r.points) };
    await api('scoring.setScore', { unitId, nodeId: r.nodeId, kind: 'final', answer });
  }
}

/**
 * The county 100-point preset on three 小学; 第1小学 loses 1.5 of 1.1.1's points (below 60%), 第2小学
 * loses 1 of 1.2.1's 4 (75%); both locked; 第3小学 stays open. 第1小学 has statistics and the office's opinions.
 */
async function setup() {
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api('indicators.publish', { id: system.summary.id });
  const schools: School[] = [];
  for (let i = 1; i <= 3; i++) schools.push(await api<School>('schools.create', { code: `450202000${i}`, name: `第${i}小学`, type: '小学', locality: '城区', township: '城关镇' }));
  await api('stats.save', { schoolId: schools[0]!.id, year: 2026, values: { pupilsPrimary: 1234, classesPrimary: 28, teachers: 76 } });
  const round = await api<RoundDetail>('rounds.create', {
    name: '2026年度县域督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '城关县人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  await api('scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' } } });
  const [u1, u2, u3] = round.units;
  await scoreAll(u1!.id, { '1.1.1': 1.5 });
  await scoreAll(u2!.id, { '1.2.1': 3 });
  const say = (unitId: number, kind: string, text: string, nodeId: string | null = null) => api('scoring.saveOpinion', { unitId, expertId: null, nodeId, kind, text });
  const leaf111 = (await api<UnitScoreSheet>('scoring.sheet', { unitId: u1!.id })).rows.find((r) => r.code === '1.1.1')!;
  await say(u1!.id, 'strength', '校园文化建设有特色');
  await say(u1!.id, 'problem', '领导责任落实记录不全', leaf111.nodeId);
  await say(u1!.id, 'suggestion', '建立校长办公会议纪要制度', leaf111.nodeId);
  await api<UnitResult>('scoring.lock', { unitId: u1!.id });
  await api<UnitResult>('scoring.lock', { unitId: u2!.id });
  return { round, u1: u1!, u2: u2!, u3: u3! };
}

const start = (parameters: object) => api<Job>('jobs.start', { kind: 'scoring.conclusions', parameters });

describe('dates', () => {
  it('the deadline defaults to three months after the date, the day clamped to the month; a deadline before the date is refused', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 3)).toBe('2026-04-15');
    expect(datesOf({ date: '2026-12-31' })).toEqual({ date: '2026-12-31', deadline: '2027-03-31' });
    expect(() => datesOf({ date: '2026-12-31', deadline: '2026-12-01' })).toThrow('整改期限（2026年12月1日）不能早于成文日期（2026年12月31日）');
    expect(() => datesOf({ date: '2026-02-30' })).toThrow('成文日期“2026-02-30”不是有效的日期');
  });
});

describe('一校一案', () => {
  it('writes per locked unit the 督导意见书 and its summary whose figures are those of scoring.results; skips the open unit; one workbook row per unit', { timeout: 120_000 }, async () => {
    const { round, u1, u2, u3 } = await setup();
    expect(await refused('jobs.start', { kind: 'scoring.conclusions', parameters: { roundId: round.id, unitIds: [999_999] } })).toBe(`编号为 999999 的单位不在评估项目“${round.name}”中`);

    const started = await start({ roundId: round.id, date: '2026-12-31', formats: ['docx', 'pdf'] });
    expect(started.title).toBe(`为“${round.name}”生成一校一案（3 个单位）`);
    const job = await waitForJob(started.id);
    expect(job).toMatchObject({ state: '已完成', done: 3, total: 3 });
    expect(job.errors).toEqual(['第3小学：评分尚未锁定，没有可依据的结果，未生成一校一案']);
    const names = job.outputs.map((o) => path.basename(o.name)).sort();
    expect(names).toEqual(
      [
        ...[`${u1.code}_第1小学`, `${u2.code}_第2小学`].flatMap((s) => [`${round.name}_${s}_督导意见书.docx`, `${round.name}_${s}_督导意见书.pdf`, `${round.name}_${s}_结果摘要.pdf`]),
        `${round.name}_一校一案汇总.xlsx`,
      ].sort(),
    );
    const file = (end: string) => path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith(end))!.name);

    const results = await api<RoundResults>('scoring.results', { roundId: round.id });
    const line = (id: number) => results.lines.find((l) => l.unitId === id)!;
    const r1 = line(u1.id).result!;
    const r2 = line(u2.id).result!;
    expect(r1.total).toBe(98.5);
    expect(r2.total).toBe(99);
    // The resource attainment is the year's balance computation's (the 差异系数 page).
    const balance = await api<{ result: { schools: { schoolId: string; sections: { attainment: { verdictLabel: string; indicators: { code: string; name: string; status: string }[] } | null }[] }[] } }>('balance.compute', { year: 2026 });
    const attained = balance.result.schools.find((x) => x.schoolId === String(round.units[0]!.schoolId))!.sections[0]!.attainment!;
    const level = (r: UnitResult, code: string) => r.levels.find((l) => l.code === code && l.depth === 1)!;
    const avg = (code: string) => Math.round(((level(r1, code).earned! + level(r2, code).earned!) / 2) * 100) / 100;

    for (const text of [await docxText(file('第1小学_督导意见书.docx')), await pdfText(file('第1小学_督导意见书.pdf'))]) {
      const t = flat(text);
      for (const s of [
        '关于第1小学的督导意见书',
        '第1小学：',
        // Profile: register and the year's statistics, with their sources.
        '城关镇',
        '1234人',
        '28个',
        '76人',
        '2026年统计数据',
        '资源配置达标情况',
        `小学：${attained.verdictLabel}。`,
        `${attained.indicators[0]!.code}${attained.indicators[0]!.name}`,
        // The result, named by its stored number.
        `你校总分${r1.total}分（满分${r1.maxTotal}分），等级为“${r1.grade}”，在本项目已排名的2个单位中列第${line(u1.id).rank!.rank}名`,
        `评估结论：${r1.conclusion}`,
        `评分结果第${r1.id}号`,
        // Per first-level indicator: the unit's score and the round's average of the two locked units.
        `${level(r1, '1').code}${level(r1, '1').title}${level(r1, '1').maxPoints}${level(r1, '1').earned}`,
        `${avg('1')}`,
        `${avg('1')}−${Math.round((avg('1') - level(r1, '1').earned!) * 100) / 100}`,
        `${avg('2')}`,
        '本项目2个已锁定且未弃权单位',
        // The opinions and the item below 60%.
        '校园文化建设有特色。（督导室）',
        '（1.1.1领导责任）领导责任落实记录不全。（督导室）',
        '（1.1.1领导责任）建立校长办公会议纪要制度。（督导室）',
        '指标1.1.1领导责任：最终得分1.5分，满分3分，得分率50.0%，低于60.0%。',
        '于2027年3月31日前完成整改',
        '城关县人民政府教育督导室',
        '2026年12月31日',
      ]) {
        expect(t, s).toContain(flat(s));
      }
    }
    // 第2小学 lost points on 1.2.1 only within 60%: no item below standard, no opinions.
    const t2 = flat(await docxText(file('第2小学_督导意见书.docx')));
    expect(t2).toContain(flat(`你校总分${r2.total}分（满分${r2.maxTotal}分）`));
    expect(t2).toContain(flat(`评分结果第${r2.id}号`));
    expect(t2).not.toContain('低于60.0%。');
    expect(t2).toContain('统计数据（未录入）');
    expect(t2).toContain('未填报');

    // The summary: one page with the same figures.
    const summary = file('第1小学_结果摘要.pdf');
    expect(await pdfPageCount(summary)).toBe(1);
    const s = flat(await pdfText(summary));
    for (const x of ['督导评估结果摘要', `${r1.total}/${r1.maxTotal}分，等级${r1.grade}`, `全项目平均${avg('1')}分`, '1.1.1领导责任（1.5/3分）', '做法成效（1条）', '2027年3月31日']) expect(s, x).toContain(flat(x));

    // The workbook: a row per unit, the open one with the reason.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('一校一案汇总.xlsx'));
    const ws = wb.getWorksheet('汇总')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const rows = [2, 3, 4].map((n) => Object.fromEntries(header.map((h, i) => [String(h), ws.getRow(n).getCell(i + 1).value])));
    expect(rows.map((r) => r['单位'])).toEqual(['第1小学', '第2小学', '第3小学']);
    expect(rows[0]).toMatchObject({ 生成情况: '已生成', 总分: r1.total, 满分: r1.maxTotal, 等级: r1.grade, 结论: r1.conclusion, 名次: line(u1.id).rank!.rank, 低于标准的指标数: 1, 做法成效: 1, 存在问题: 1, 整改建议: 1, 结果编号: r1.id });
    expect(rows[0]![`1 全项目平均`]).toBe(avg('1'));
    expect(rows[0]!['资源配置达标情况']).toBe(`小学${attained.verdictLabel}`);
    expect(rows[1]).toMatchObject({ 总分: r2.total, 低于标准的指标数: 0, 结果编号: r2.id });
    expect(rows[2]).toMatchObject({ 生成情况: '未生成：评分尚未锁定，没有可依据的结果' });
    expect(line(u3.id).result).toBeNull();
  });

  it('lists the generations with the result they came from; an unlock marks them outdated', { timeout: 120_000 }, async () => {
    const { round, u1, u2 } = await setup();
    const job = await waitForJob((await start({ roundId: round.id, unitIds: [u1.id, u2.id], formats: ['docx'], summary: false })).id);
    expect(job.state).toBe('已完成');
    let list = await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id });
    expect(list.map((c) => [c.unitName, c.outdated])).toEqual([
      ['第2小学', false],
      ['第1小学', false],
    ]);
    const results = await api<RoundResults>('scoring.results', { roundId: round.id });
    expect(list.find((c) => c.unitId === u1.id)).toMatchObject({ resultId: results.lines.find((l) => l.unitId === u1.id)!.result!.id, jobId: job.id, files: [expect.stringMatching(/第1小学_督导意见书\.docx$/)] });

    await api('scoring.unlock', { unitId: u1.id, reason: '复核 1.1.1 的得分' });
    list = await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id });
    expect(list.find((c) => c.unitId === u1.id)!.outdated).toBe(true);
    expect(list.find((c) => c.unitId === u2.id)!.outdated).toBe(false);
    // Locked again: a new result; the old conclusion stays outdated until generated again.
    await api('scoring.lock', { unitId: u1.id });
    expect((await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id })).find((c) => c.unitId === u1.id)!.outdated).toBe(true);
    expect((await refused('scoring.conclusions', { roundId: 999_999 }))).toBe('找不到编号为 999999 的评估项目');
  });

  it('a forfeited unit, once locked, gets a 督导意见书 stating the forfeit outcome; cancel stops the job', { timeout: 120_000 }, async () => {
    const { round, u3 } = await setup();
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u3.id], change: 'forfeit', reason: '学校未按期提交材料' });
    const forfeited = await api<UnitResult>('scoring.lock', { unitId: u3.id });
    const job = await waitForJob((await start({ roundId: round.id, unitIds: [u3.id], formats: ['docx'], summary: false, date: '2026-12-31' })).id);
    expect(job.state).toBe('已完成');
    const t = flat(await docxText(path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith('督导意见书.docx'))!.name)));
    expect(t).toContain(flat(`你校在本次督导评估中弃权。评估结论：${forfeited.conclusion}。`));
    expect(t).toContain(flat(`评分结果第${forfeited.id}号`));
    expect(t).not.toContain('整改要求');

    const started = await start({ roundId: round.id, formats: ['docx', 'pdf'] });
    await api('jobs.cancel', { id: started.id });
    const cancelled = await waitForJob(started.id);
    expect(cancelled.state).toBe('已取消');
    expect(cancelled.done).toBeLessThan(3);
  });
});
