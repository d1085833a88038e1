/**
 * 一校一案 (issue 13 item 5) through the core's dispatcher: a round of three units, two locked with
 * different scores, one open; the `scoring.conclusions` job writes per locked unit the 督导意见书
 * (DOCX and PDF) and a one-page 结果摘要 (PDF), and one workbook for all units. The documents are
 * read back (the DOCX's word/document.xml, the PDF with pdftotext) and their figures checked
 * against scoring.results (points with 2 decimals, the result named by the day it was locked, no
 * internal numbers); the generation is listed, and every one is marked outdated once any unit's
 * result changes (its rank and the round's averages are quoted in all of them).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { GeneratedConclusion, RoundResults, UnitResult, UnitScoreSheet } from '../../../shared/api/contracts/scoring';
import type { School } from '../../../shared/api/contracts/schools';
import { pdfPageCount, pdfText } from '../../documents/testing/tools';
import { tempCore } from '../../testing/temp-core';
import { waitForJob } from '../jobs-service';
import { formatChineseDate } from '../../documents/dates';
import { todayIso } from '../documents/sources';
import { BUILT_IN_PROFILES, evaluateAttainment, type BalanceResult } from '../../../shared/domain/balance';
import { addMonths, attainmentDetail, datesOf, profileOf, resourcesOf } from './conclusions-service';
import { reader } from '../context';
import { coreCalls, countyRound, scoreAllFinal, docxTextOf } from '../../testing/scoring';

let core: Awaited<ReturnType<typeof tempCore>>;
const { api, refused } = coreCalls(() => core);

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

/** The visible text of a DOCX file. */
const docxText = (file: string) => docxTextOf(fs.readFileSync(file));
const flat = (s: string) => s.replace(/\s+/g, '');
const p2 = (n: number) => n.toFixed(2);
/** How the documents name a result: by the local day it was locked. */
const lockedOn = (r: UnitResult) => `评分结果（${formatChineseDate(todayIso(new Date(r.at)))}锁定）`;
/** Wording that talks about the software or its internal numbers, never in a 督导意见书. */
const INTERNAL = ['评分结果第', '本系统', '评分系统', '（督导室）', 'L1', 'L7', '折合', '评为未通过时的等级', '达标。达标', '，达标。'];

/** Final scores: every hand-scored leaf full (bonus 0, no veto) except the given points by code. */
const scoreAll = (unitId: number, points: Record<string, number> = {}) => scoreAllFinal(core, unitId, points);

/**
 * The county 100-point preset on three 小学; 第1小学 loses 1.5 of 1.1.1's points (below 60%), 第2小学
 * loses 1 of 1.2.1's 4 (75%); both locked; 第3小学 stays open. 第1小学 has statistics and the office's opinions.
 */
async function setup() {
  const round = await countyRound(core, 3, { township: '城关镇' });
  const schools = (await api<School[]>('schools.list')).filter((s) => s.name.endsWith('小学'));
  await api('stats.save', { schoolId: schools.find((s) => s.name === '第1小学')!.id, year: 2026, values: { pupilsPrimary: 1234, classesPrimary: 28, teachers: 76 } });
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

describe('resource attainment as the 督导意见书 prints it', () => {
  const profile = BUILT_IN_PROFILES.quality2017;
  const rule = profile.perSchoolRule!;
  /** quality2017 小学 values: each indicator at `ratio` of its standard, by code. */
  const attainment = (ratio: Record<string, number | null>) =>
    evaluateAttainment(
      profile.indicators.map((i) => {
        const r = ratio[i.code] === undefined ? 1.1 : ratio[i.code]!;
        return { code: i.code, value: r === null ? null : i.thresholds!.primary * r, numerator: null, source: null, share: 1, missing: r === null ? [{ key: 'pupilsPrimary', label: '小学在校生数', reason: 'absent' as const }] : [] };
      }),
      profile,
      'primary',
    )!;
  const money = profile.indicators.find((i) => i.unit.startsWith('元'))!;

  it('details the verdict without restating it', () => {
    const all = attainment({});
    expect(all.verdictLabel).toBe('达标');
    expect(attainmentDetail(all, rule)).toBe(`${profile.indicators.length} 项指标全部达到要求。`);
    const none = attainment(Object.fromEntries(profile.indicators.map((i) => [i.code, null])));
    expect(attainmentDetail(none, rule)).toBe(`${profile.indicators.length} 项指标均缺少“小学在校生数”，无法判定是否达标。`);
  });

  it('prints the text’s figures as the table’s: money to 2 decimals (the balance engine’s text has 3)', () => {
    // 95.00005% of the standard: 1900.001 元/生 against 2000.
    const a = attainment({ [money.code]: 0.9500005 });
    const balance = {
      year: 2026,
      profile,
      schools: [{ schoolId: '7', exclusion: null, sections: [{ section: 'primary', attainment: a }] }],
      sections: [{ section: 'primary', label: '小学', indicators: profile.indicators.map((i) => ({ code: i.code, mean: i.thresholds!.primary * 1.2345678 })) }],
    } as unknown as BalanceResult;
    const r = resourcesOf(balance, { school_id: 7, campus_id: null, name: '第1小学' });
    if (r.kind !== 'sections') throw new Error(r.reason);
    const sec = r.sections[0]!;
    const line = sec.lines.find((l) => l.code === money.code)!;
    expect([line.value, line.threshold]).toEqual(['1900.00', '2000.00']);
    expect(a.explanation).toContain('1900.001');
    expect(sec.verdict).toBe('达标');
    expect(sec.explanation).toBe(`${profile.indicators.length - 1} 项指标达到要求；${money.name} ${line.value} ${money.unit}（要求 ${line.threshold} ${money.unit}，为要求的 95.00%），不低于要求的 85%。`);
    // Below the floor: the rule is said, the verdict is not repeated.
    const failed = attainment({ [money.code]: 0.5 });
    expect(attainmentDetail(failed, rule)).toBe(
      `${profile.indicators.length - 1} 项指标达到要求；低于要求的 85%：${money.name} 1000.00 ${money.unit}（要求 2000.00 ${money.unit}，为要求的 50.00%）。达标须至少 ${profile.indicators.length - rule.allowedBelowThreshold} 项指标达到要求、其余不低于要求的 85%。`,
    );
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
    const balance = await api<{ result: { schools: { schoolId: string; sections: { attainment: { verdictLabel: string; indicators: { code: string; name: string; unit: string; status: string }[] } | null }[] }[] } }>('balance.compute', { year: 2026 });
    const attained = balance.result.schools.find((x) => x.schoolId === String(round.units[0]!.schoolId))!.sections[0]!.attainment!;
    const level = (r: UnitResult, code: string) => r.levels.find((l) => l.code === code && l.depth === 1)!;
    const avg = (code: string) => Math.round(((level(r1, code).earned! + level(r2, code).earned!) / 2) * 100) / 100;

    for (const text of [await docxText(file('第1小学_督导意见书.docx')), await pdfText(file('第1小学_督导意见书.pdf'))]) {
      // The PDF's page numbers (—2—) fall where the page breaks, inside a sentence.
      const t = flat(text).replace(/—\d+—/g, '');
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
        // Indicators named in words, not by the profile's codes.
        `${attained.indicators[0]!.name}（${attained.indicators[0]!.unit}）`,
        // The result: points with 2 decimals, the verdict in words; named once by the day it was locked.
        `你校总分${p2(r1.total!)}分（满分${p2(r1.maxTotal!)}分），等级为“${r1.grade}”，在本项目已排名的2个单位中列第${line(u1.id).rank!.rank}名。`,
        `评估结论：${r1.passed ? '通过' : '未通过'}`,
        `本意见书的分数取自你校${lockedOn(r1)}`,
        // Per first-level indicator: the unit's score and the round's average of the two locked units.
        `${level(r1, '1').code}${level(r1, '1').title}${p2(level(r1, '1').maxPoints)}${p2(level(r1, '1').earned!)}`,
        `${p2(avg('1'))}−${p2(avg('1') - level(r1, '1').earned!)}`,
        `${p2(avg('2'))}0.00`,
        '本项目2个评分已锁定且未弃权的单位',
        // The opinions (the office's own untagged in the office's document) and the item below 60%.
        '校园文化建设有特色。',
        '（1.1.1领导责任）领导责任落实记录不全。',
        '（1.1.1领导责任）建立校长办公会议纪要制度。',
        '指标1.1.1领导责任：得分1.50分（满分3.00分），得分率50.0%，低于60.0%。',
        '于2027年3月31日前完成整改',
        '城关县人民政府教育督导室',
        '2026年12月31日',
      ]) {
        expect(t, s).toContain(flat(s));
      }
      for (const s of INTERNAL) expect(t, s).not.toContain(s);
      // The result is named once, in the source note.
      expect(t.split(flat(lockedOn(r1))).length - 1).toBe(1);
    }
    // 第2小学 lost points on 1.2.1 only within 60%: no item below standard, no opinions.
    const t2 = flat(await docxText(file('第2小学_督导意见书.docx')));
    expect(t2).toContain(flat(`你校总分${p2(r2.total!)}分（满分${p2(r2.maxTotal!)}分）`));
    expect(t2).toContain(flat(lockedOn(r2)));
    expect(t2).not.toContain('低于60.0%。');
    expect(t2).toContain('统计数据（未录入）');
    expect(t2).toContain('未填报');

    // The summary: one page with the same figures.
    const summary = file('第1小学_结果摘要.pdf');
    expect(await pdfPageCount(summary)).toBe(1);
    const s = flat(await pdfText(summary));
    for (const x of ['督导评估结果摘要', `${p2(r1.total!)}/${p2(r1.maxTotal!)}分，等级${r1.grade}`, `${p2(level(r1, '1').earned!)}/${p2(level(r1, '1').maxPoints)}分（全项目平均${p2(avg('1'))}分）`, '1.1.1领导责任（1.50/3.00分）', '做法成效（1条）', '2027年3月31日']) expect(s, x).toContain(flat(x));
    for (const x of INTERNAL) expect(s, x).not.toContain(x);

    // The workbook: a row per unit, the open one with the reason.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('一校一案汇总.xlsx'));
    const ws = wb.getWorksheet('汇总')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const rows = [2, 3, 4].map((n) => Object.fromEntries(header.map((h, i) => [String(h), ws.getRow(n).getCell(i + 1).value])));
    expect(rows.map((r) => r['单位'])).toEqual(['第1小学', '第2小学', '第3小学']);
    expect(rows[0]).toMatchObject({ 生成情况: '已生成', 总分: r1.total, 满分: r1.maxTotal, 等级: r1.grade, 结论: `通过，等级 ${r1.grade}`, 名次: line(u1.id).rank!.rank, 低于标准的指标数: 1, 低于标准的指标: '1.1.1 领导责任（1.50 / 3.00 分）', 做法成效: 1, 存在问题: 1, 整改建议: 1, 结果编号: r1.id });
    expect(rows[0]![`1 全项目平均`]).toBe(avg('1'));
    // Points stay numbers, shown with 2 decimals like the documents.
    for (const name of ['总分', '满分', `1 ${level(r1, '1').title}（${p2(level(r1, '1').maxPoints)} 分）`, '1 全项目平均']) {
      const cell = ws.getRow(2).getCell(header.indexOf(name) + 1);
      expect([name, typeof cell.value, cell.numFmt]).toEqual([name, 'number', '0.00']);
    }
    expect(rows[0]!['资源配置达标情况']).toBe(`小学${attained.verdictLabel}`);
    expect(rows[1]).toMatchObject({ 总分: r2.total, 低于标准的指标数: 0, 结果编号: r2.id });
    expect(rows[2]).toMatchObject({ 生成情况: '未生成：评分尚未锁定，没有可依据的结果' });
    expect(line(u3.id).result).toBeNull();
  });

  it('lists the generations with the result they came from; any change of any unit’s result marks them all outdated', { timeout: 120_000 }, async () => {
    const { round, u1, u2, u3 } = await setup();
    const job = await waitForJob((await start({ roundId: round.id, unitIds: [u1.id, u2.id], formats: ['docx'], summary: false })).id);
    expect(job.state).toBe('已完成');
    let list = await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id });
    expect(list.map((c) => [c.unitName, c.outdated])).toEqual([
      ['第2小学', false],
      ['第1小学', false],
    ]);
    const results = await api<RoundResults>('scoring.results', { roundId: round.id });
    expect(list.find((c) => c.unitId === u1.id)).toMatchObject({ resultId: results.lines.find((l) => l.unitId === u1.id)!.result!.id, jobId: job.id, files: [expect.stringMatching(/第1小学_督导意见书\.docx$/)] });

    // 第2小学 unlocked and locked again: 第1小学's own result is unchanged, but its 意见书 quotes its
    // rank and the round's averages over the results as they were, so it is outdated too.
    await api('scoring.unlock', { unitId: u2.id, reason: '复核 1.2.1 的得分' });
    list = await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id });
    expect(list.map((c) => [c.unitName, c.outdated])).toEqual([
      ['第2小学', true],
      ['第1小学', true],
    ]);
    await api('scoring.lock', { unitId: u2.id });
    list = await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id });
    expect(list.map((c) => [c.unitName, c.outdated])).toEqual([
      ['第2小学', true],
      ['第1小学', true],
    ]);

    // Generated again for 第1小学 only: current, while the earlier generation stays outdated.
    const again = await waitForJob((await start({ roundId: round.id, unitIds: [u1.id], formats: ['docx'], summary: false })).id);
    expect(again.state).toBe('已完成');
    list = await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id });
    expect(list.map((c) => [c.unitName, c.jobId, c.outdated])).toEqual([
      ['第1小学', again.id, false],
      ['第2小学', job.id, true],
      ['第1小学', job.id, true],
    ]);
    // A unit newly locked changes the ranks and averages as well.
    await scoreAll(u3.id);
    await api('scoring.lock', { unitId: u3.id });
    expect((await api<GeneratedConclusion[]>('scoring.conclusions', { roundId: round.id })).map((c) => c.outdated)).toEqual([true, true, true]);
    expect((await refused('scoring.conclusions', { roundId: 999_999 }))).toBe('找不到编号为 999999 的评估项目');
  });

  it('a forfeited unit, once locked, gets a 督导意见书 stating the forfeit outcome; cancel stops the job', { timeout: 120_000 }, async () => {
    const { round, u3 } = await setup();
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u3.id], change: 'forfeit', reason: '学校未按期提交材料' });
    const forfeited = await api<UnitResult>('scoring.lock', { unitId: u3.id });
    const job = await waitForJob((await start({ roundId: round.id, unitIds: [u3.id], formats: ['docx'], summary: false, date: '2026-12-31' })).id);
    expect(job.state).toBe('已完成');
    const t = flat(await docxText(path.join(core.ctx.dataDir, job.outputs.find((o) => o.name.endsWith('督导意见书.docx'))!.name)));
    // The outcome said plainly, with the reason the result stored.
    expect(forfeited).toMatchObject({ passed: false, grade: '不合格' });
    expect(t).toContain(flat('你校在本次督导评估中弃权（弃权原因：学校未按期提交材料）。按本项目对弃权单位的处理，评估结论为未通过，等级为“不合格”，不参加排名。'));
    expect(t).toContain(flat(`本意见书的评估结果取自你校${lockedOn(forfeited)}`));
    for (const s of INTERNAL) expect(t, s).not.toContain(s);
    expect(t).not.toContain('整改要求');
    expect(t).not.toContain('意见为督导评估中提出的');

    const started = await start({ roundId: round.id, formats: ['docx', 'pdf'] });
    await api('jobs.cancel', { id: started.id });
    const cancelled = await waitForJob(started.id);
    expect(cancelled.state).toBe('已取消');
    expect(cancelled.done).toBeLessThan(3);
  });
});

describe('profileOf: a campus evaluated on its own', () => {
  it('shows its own figures, or, without campus statistics, the school\'s labelled as the school\'s', async () => {
    const jx = await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' });
    const withCampus = await api<School>('schools.saveCampus', { schoolId: jx.id, campus: { name: '潭中校区', evaluatedSeparately: true } });
    const campusId = withCampus.campuses.find((c) => c.name === '潭中校区')!.id;
    await api('stats.save', { schoolId: jx.id, campusId: null, year: 2026, values: { pupilsPrimary: 1200, classesPrimary: 24, teachers: 70 } });
    const unit = { school_id: jx.id, campus_id: campusId, name: '景行小学潭中校区', code: '01-001', school_type: '小学' };
    const db = reader(core.ctx);
    let lines = await profileOf(db, unit, 2026);
    expect(lines.find((l) => l.label === '所属学校小学在校生数')).toEqual({ label: '所属学校小学在校生数', value: '1200 人', source: '2026年统计数据（景行小学整体，本校区未单独填报）' });
    expect(lines.some((l) => l.label === '小学在校生数')).toBe(false);
    await api('stats.save', { schoolId: jx.id, campusId, year: 2026, values: { pupilsPrimary: 300, classesPrimary: 6, teachers: 18 } });
    lines = await profileOf(db, unit, 2026);
    expect(lines.find((l) => l.label === '小学在校生数')).toEqual({ label: '小学在校生数', value: '300 人', source: '2026年统计数据' });
    expect(lines.some((l) => l.label.startsWith('所属学校小学'))).toBe(false);
  });
});
