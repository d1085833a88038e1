/**
 * 整改台账 (issue 14) through the core's dispatcher: items proposed from a round's locked results and
 * from a year's balance computation, confirmed twice (the second adds nothing), progress with
 * evidence, 销号 refused to the operator who reported completion and granted to a second one with
 * evidence, reverts needing a reason; and the data re-check when next year's statistics are
 * imported (a school now meeting its standard is proposed for 销号).
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger, ProposalList, RectificationDetail, RectificationItem } from '../../../shared/api/contracts/rectification';
import type { School } from '../../../shared/api/contracts/schools';
import type { FileResult } from '../../../shared/api/envelope';
import { stageBytes, resultBytes } from '../../testing/files';
import { coreCalls, countyRound, scoreAllFinal } from '../../testing/scoring';
import { tempCore } from '../../testing/temp-core';
import { levelOf } from '../../../shared/domain/rectification';

let core: Awaited<ReturnType<typeof tempCore>>;
const { api, refused } = coreCalls(() => core);
const evidence = async (name = '整改照片.jpg', body = 'JPEG-bytes') => ({ ref: (await stageBytes(core.ctx, name, body)).ref });

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

async function lockedRound() {
  const round = await countyRound(core, 2);
  const [u1, u2] = round.units;
  await scoreAllFinal(core, u1!.id, { '1.1.1': 1 });
  await scoreAllFinal(core, u2!.id);
  await api('scoring.saveOpinion', { unitId: u2!.id, expertId: null, nodeId: null, kind: 'problem', text: '校园安全台账不完整。' });
  await api('scoring.lock', { unitId: u1!.id });
  return { round, u1: u1!, u2: u2! };
}

describe('rectification ledger from a round', () => {
  it('proposes below-standard items and problems, confirms once, and closes only with a second operator', async () => {
    await api('operators.create', { name: '张明', office: '督导室' });
    const { round, u2 } = await lockedRound();
    // u2 is not locked yet: its opinion is not proposed, and the note says why.
    let list = await api<ProposalList>('rectification.propose', { from: 'round', roundId: round.id });
    expect(list.notes.join('')).toContain('1 个单位尚未锁定评分');
    expect(list.proposals.map((p) => p.source.kind)).toEqual(['round_indicator']);
    const p = list.proposals[0]!;
    expect(p.problem).toMatch(/^1\.1\.1 .+：最终得分 1\.00 分（满分 \d+\.00 分），低于满分的 60%。$/);
    expect(p.owner).toMatchObject({ kind: 'school', name: '第1小学' });
    expect(p.source).toMatchObject({ roundId: round.id, indicator: '1.1.1', measure: { value: 1, direction: 'higher', unit: '分' } });
    await api('scoring.lock', { unitId: u2.id });
    list = await api<ProposalList>('rectification.propose', { from: 'round', roundId: round.id });
    expect(list.proposals.map((x) => x.source.kind)).toEqual(['round_indicator', 'round_opinion']);
    const keep = list.proposals.map((x) => ({ key: x.key }));
    const first = await api<{ created: RectificationItem[]; skipped: number }>('rectification.confirm', { spec: list.spec, items: keep });
    expect(first.created.map((i) => i.number)).toEqual([`${new Date().getFullYear()}-001`, `${new Date().getFullYear()}-002`]);
    const again = await api<{ created: RectificationItem[]; skipped: number; message: string }>('rectification.confirm', { spec: list.spec, items: keep });
    expect(again).toMatchObject({ created: [], skipped: 2 });
    expect((await api<ProposalList>('rectification.propose', { from: 'round', roundId: round.id })).proposals.every((x) => x.existing !== null)).toBe(true);

    const item = first.created[0]!;
    expect(item.state).toBe('not_started');
    // 销号 straight away is not a move from 未启动.
    expect(await refused('rectification.move', { id: item.id, version: item.version, action: 'verify_pass', files: [await evidence()] })).toContain('当前状态为“未启动”，不能“核验通过并销号”');
    let d = await api<RectificationDetail>('rectification.progress', { id: item.id, version: item.version, date: '2026-11-20', text: '已制定整改方案。', files: [await evidence('方案.pdf', '%PDF-1.4')] });
    expect(d.item.state).toBe('in_progress');
    expect(d.events.map((e) => e.kindLabel)).toEqual(['登记', '整改进展', '开始整改']);
    expect(d.events[1]!.files.map((f) => f.name)).toEqual(['方案.pdf']);
    // Completion needs evidence.
    expect(await refused('rectification.move', { id: item.id, version: d.item.version, action: 'report_done', files: [] })).toContain('报告整改完成须附佐证材料');
    d = await api<RectificationDetail>('rectification.move', { id: item.id, version: d.item.version, action: 'report_done', text: '已补齐。', files: [await evidence()] });
    expect(d.item).toMatchObject({ state: 'awaiting_verification', reportedBy: { name: '张明' } });
    // The page offers 核验 to 张明 disabled, saying why.
    expect(d.actions.find((a) => a.action === 'verify_pass')!.blocked).toBe('整改完成由“张明”报告，核验须由另一位操作人进行（不能自报自验）');
    // The same operator may not verify their own report.
    expect(await refused('rectification.move', { id: item.id, version: d.item.version, action: 'verify_pass', files: [await evidence('核验记录.pdf', '%PDF')] })).toContain(
      '整改完成由“张明”报告，核验须由另一位操作人进行',
    );
    // A stale version is a conflict.
    expect(await refused('rectification.move', { id: item.id, version: d.item.version - 1, action: 'revert', reason: 'x' })).toContain('已被他人修改');
    await api('operators.create', { name: '李华', office: '督导室' });
    expect(await refused('rectification.move', { id: item.id, version: d.item.version, action: 'verify_pass', files: [] })).toContain('销号须附核验佐证材料');
    d = await api<RectificationDetail>('rectification.move', { id: item.id, version: d.item.version, action: 'verify_pass', date: '2026-11-25', text: '现场核验，已整改到位。', files: [await evidence('核验记录.pdf', '%PDF')] });
    expect(d.item).toMatchObject({ state: 'closed', closedOn: '2026-11-25', verification: { by: '李华', passed: true, result: '现场核验，已整改到位。' } });
    // Reopening needs a reason; a closed item takes no progress.
    expect(await refused('rectification.move', { id: item.id, version: d.item.version, action: 'reopen' })).toContain('须填写原因');
    expect(await refused('rectification.progress', { id: item.id, version: d.item.version, date: '2026-11-26', text: 'x' })).toContain('已销号');
    d = await api<RectificationDetail>('rectification.move', { id: item.id, version: d.item.version, action: 'reopen', reason: '回访发现问题反弹' });
    // Reopened: the verification that closed it is history, not current.
    expect(d.item).toMatchObject({ state: 'in_progress', closedOn: null, reportedBy: null, verification: null });
    expect(d.events.filter((e) => e.action === 'verify_pass').map((e) => e.by)).toEqual(['李华']);
    // Evidence can be fetched back, byte for byte.
    const fileId = d.events.find((e) => e.files.length)!.files[0]!.id;
    expect(resultBytes(core.ctx, await api<FileResult>('rectification.file', { fileId })).toString()).toBe('%PDF-1.4');
    const ledger = await api<Ledger>('rectification.list', { states: ['in_progress'] });
    expect(ledger.items.map((i) => i.id)).toEqual([item.id]);
    expect(ledger.counts).toMatchObject({ total: 2, byState: { in_progress: 1, not_started: 1, awaiting_verification: 0, closed: 0 } });
  });

  it('derives 逾期 and 三色督办 from each item\'s own deadline', async () => {
    await api('operators.create', { name: '张明', office: '督导室' });
    const a = await api<RectificationItem>('rectification.save', { problem: '食堂无留样冰箱', owner: { kind: 'department', name: '县教育局' }, deadline: '2020-01-01' });
    const b = await api<RectificationItem>('rectification.save', { problem: '围墙破损', owner: { kind: 'department', name: '乡镇人民政府' }, deadline: '2999-01-01' });
    expect(a.supervision).toMatchObject({ overdue: true, level: 'red' });
    expect(b.supervision).toMatchObject({ overdue: false, level: null });
    const dash = await api<{ owners: { name: string; level: string | null; overdue: number }[] }>('rectification.dashboard');
    expect(dash.owners[0]).toMatchObject({ name: '县教育局', level: 'red', overdue: 1 });
    expect(dash.owners.find((o) => o.name === '乡镇人民政府')).toMatchObject({ level: null, overdue: 0 });
    expect(await refused('rectification.save', { problem: 'x', owner: { kind: 'department', name: '县教育局' }, deadline: '2026-02-30' })).toContain('2026年2月没有30日');
  });
});

describe('rectification from the balance computation, re-checked by next year\'s statistics', () => {
  it('proposes 销号 for a school that now meets its standard, and flags one that got worse', async () => {
    await api('demo.load');
    await api('operators.create', { name: '张明', office: '督导室' });
    const list = await api<ProposalList>('rectification.propose', { from: 'balance', year: 2025 });
    const l5 = list.proposals.find((p) => p.ownerName === '云溪区第二实验小学' && p.source.indicator === 'L5')!;
    expect(l5.problem).toMatch(/^云溪区第二实验小学生均体育运动场馆面积 [\d.]+ 平方米\/生，未达到标准 7\.500 平方米\/生（低于85%）。$/);
    expect(l5.source.measure).toMatchObject({ standard: 7.5, direction: 'higher' });
    const l6 = list.proposals.find((p) => p.ownerName === '柳林乡中心小学' && p.source.indicator === 'L6')!;
    await api('rectification.confirm', { spec: list.spec, items: [{ key: l5.key }, { key: l6.key }] });

    // Next year's statistics: the same figures, except a larger sports ground at 第二实验小学 and less equipment at 柳林.
    const exported = await api<FileResult>('exchange.export', { kind: 'stats', year: 2025 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(resultBytes(core.ctx, exported) as never);
    const ws = wb.worksheets.find((w) => w.actualRowCount > 5)!;
    let header = 0;
    const col: Record<string, number> = {};
    ws.eachRow((row, n) => {
      if (header) return;
      row.eachCell((c, i) => {
        const t = String(c.value ?? '');
        if (t.includes('学校名称')) col.name = i;
        if (t.includes('室外体育运动场地面积')) col.ground = i;
        if (t.includes('教学仪器设备')) col.equipment = i;
        if (t === '年份' || t.startsWith('年份')) col.year = i;
      });
      if (col.name && col.ground) header = n;
    });
    ws.eachRow((row, n) => {
      if (n <= header) return;
      const name = String(row.getCell(col.name!).value ?? '');
      if (col.year) row.getCell(col.year).value = 2026;
      if (name === '云溪区第二实验小学') row.getCell(col.ground!).value = 99999;
      if (name === '柳林乡中心小学') row.getCell(col.equipment!).value = Number(row.getCell(col.equipment!).value) / 2;
    });
    const file = await stageBytes(core.ctx, '2026年统计数据.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const report = await api<{ committed: boolean; errors: unknown[]; notices: { message: string }[] }>('exchange.import', { kind: 'stats', file: { ref: file.ref }, year: 2026, dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report.committed).toBe(true);
    // The import says what the re-check found (the CLI prints it as 说明, the screen with the report).
    expect(report.notices.map((n) => n.message)).toContain('整改台账数据复核：复核 2 项由数据生成的整改事项；1 项已达到要求，转为“已完成待核验”，请核验后销号；1 项较前变差');

    const items = (await api<Ledger>('rectification.list', {})).items;
    const a = items.find((i) => i.ownerName === '云溪区第二实验小学')!;
    expect(a).toMatchObject({ state: 'awaiting_verification', reportedBy: { id: null, name: '数据复核' }, recheck: { outcome: 'met' } });
    expect(a.recheck!.text).toMatch(/^2026年统计数据（小学）：生均体育运动场馆面积 [\d.]+ 平方米\/生（原为 [\d.]+ 平方米\/生，标准 7\.500 平方米\/生），已达到要求，建议核验销号。$/);
    const b = items.find((i) => i.ownerName === '柳林乡中心小学')!;
    expect(b).toMatchObject({ state: 'not_started', recheck: { outcome: 'worse' } });
    // The data's report is not a person's: the operator who imported may verify it, with evidence.
    const d = await api<RectificationDetail>('rectification.move', { id: a.id, version: a.version, action: 'verify_pass', text: '核对2026年统计数据', files: [await evidence('核验.pdf', '%PDF')] });
    expect(d.item.state).toBe('closed');
    // Re-checking the same data again changes nothing.
    const r = await api<{ proposedClose: number; worse: number }>('rectification.recheck');
    expect(r).toMatchObject({ proposedClose: 0, worse: 0 });
    expect((await api<RectificationDetail>('rectification.get', { id: b.id })).events.filter((e) => e.kind === 'recheck')).toHaveLength(1);
  });
});

describe('departments at the office\'s level', () => {
  it('reads 县, 区, 市 or 旗 from the region, 县 by default', () => {
    expect(levelOf('云溪区')).toBe('区');
    expect(levelOf('城关县')).toBe('县');
    expect(levelOf('某某自治县')).toBe('县');
    expect(levelOf('')).toBe('县');
  });
});

describe('a school owning items', () => {
  it('is not deleted, nor replaced by the demo district', async () => {
    await api('operators.create', { name: '张明', office: '督导室' });
    const s = await api<School>('schools.create', { code: '4502020001', name: '第一小学', type: '小学', locality: '城区' });
    await api('rectification.save', { problem: '围墙破损', owner: { kind: 'school', schoolId: s.id }, deadline: null });
    expect(await refused('schools.delete', { id: s.id })).toBe('“第一小学”是整改台账中 1 项整改事项的责任单位，不能删除；如学校已撤并，请把状态改为“撤并”');
    expect(await refused('demo.load', { replace: true })).toContain('整改台账中有 1 项整改事项由现有学校负责');
  });
});

describe('a unit that forfeited', () => {
  it('gets one item naming its forfeit and its result, even when no other unit is locked', async () => {
    await api('operators.create', { name: '张明', office: '督导室' });
    const round = await countyRound(core, 2);
    const [, u2] = round.units;
    await api('rounds.changeUnitState', { roundId: round.id, unitIds: [u2!.id], change: 'forfeit', reason: '逾期未提交' });
    await api('scoring.lock', { unitId: u2!.id });
    const list = await api<ProposalList>('rectification.propose', { from: 'round', roundId: round.id });
    expect(list.basis).toBe('2026年度县域督导评估：1 个单位弃权，各列一条。');
    expect(list.proposals).toHaveLength(1);
    expect(list.proposals[0]).toMatchObject({
      ownerName: '第2小学',
      severity: 'major',
      source: { kind: 'round_forfeit', roundId: round.id },
      problem: '未按要求参加“2026年度县域督导评估”（弃权：逾期未提交），评估结果：弃权，按未通过处理，等级 不合格。',
    });
  });
});
