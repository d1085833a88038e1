/**
 * An 评估项目's 通知 generated again keeps its 发文字号 (issue 11): the register gets one number for
 * the round's notice, not one per generation; a new number only when the user takes one (取号) or
 * the notice's year is no longer the number's year.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../../shared/api/contracts/audit';
import type { DocumentNumber, GeneratedDocuments, NoticeFormInput } from '../../../shared/api/contracts/documents';
import type { RoundDetail } from '../../../shared/api/contracts/rounds';
import type { School } from '../../../shared/api/contracts/schools';
import { getRoundRow } from '../../db/repositories/rounds-repo';
import { tempCore } from '../../testing/temp-core';
import { reader } from '../context';
import { claimNumber, roundNoticeKind } from './numbers';
import { NOTICE } from './test-fixtures';

let core: Awaited<ReturnType<typeof tempCore>>;
async function api<T>(op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

async function round(name: string): Promise<RoundDetail> {
  const schools = await api<School[]>('schools.list', {});
  const school = schools[0] ?? (await api<School>('schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区', township: '城关镇' }));
  const system = await api<{ summary: { id: number } }>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api('indicators.publish', { id: system.summary.id });
  return api<RoundDetail>('rounds.create', {
    name,
    year: 2026,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: [{ schoolId: school.id, campusId: null }],
  });
}

const notice = (extra: Partial<NoticeFormInput>): NoticeFormInput => ({ ...NOTICE, date: '2026-12-10', ...extra });
const generate = (n: NoticeFormInput) => api<GeneratedDocuments>('documents.generate', { document: { kind: 'notice', notice: n }, formats: ['docx'] });
const numbers = () => api<DocumentNumber[]>('documents.listNumbers', {});

describe('the 发文字号 of a round’s 通知', () => {
  it('is taken once: generating the same round’s notice again carries it, even with a changed title', async () => {
    const r = await round('2026年度学校督导评估');
    const first = await generate(notice({ roundId: r.id }));
    expect(first.docNumber).toBe('城教督〔2026〕1号');
    const again = await generate(notice({ roundId: r.id }));
    expect(again.docNumber).toBe(first.docNumber);
    expect(again.warnings.filter((w) => w.includes('文号'))).toEqual([]);
    const retitled = await generate(notice({ roundId: r.id, title: '关于开展2026年度学校督导评估工作的通知（修订）' }));
    expect(retitled.docNumber).toBe(first.docNumber);
    const register = await numbers();
    expect(register.map((n) => [n.number, n.status, n.title])).toEqual([['城教督〔2026〕1号', 'used', '关于开展2026年度学校督导评估工作的通知（修订）']]);
    // The title change is in the 操作日志 with the number.
    const audit = await api<AuditPage>('audit.query', { entityType: 'document-number', page: 1, pageSize: 50, order: 'desc' });
    expect(audit.rows.map((a) => a.summary)).toContain('文号 城教督〔2026〕1号 的文件标题改为《关于开展2026年度学校督导评估工作的通知（修订）》');
  });

  it('is the round’s own: another round’s notice, and a notice without a round, take the next numbers', async () => {
    const a = await round('2026年度学校督导评估');
    const b = await round('2026年度校区专项评估');
    expect((await generate(notice({ roundId: a.id }))).docNumber).toBe('城教督〔2026〕1号');
    expect((await generate(notice({ roundId: b.id, title: '关于开展校区专项评估的通知' }))).docNumber).toBe('城教督〔2026〕2号');
    expect((await generate(notice({ title: '关于报送统计数据的通知' }))).docNumber).toBe('城教督〔2026〕3号');
    // A plain notice generated again without a number still takes a new one, as before.
    expect((await generate(notice({ title: '关于报送统计数据的通知' }))).docNumber).toBe('城教督〔2026〕4号');
    expect((await generate(notice({ roundId: a.id }))).docNumber).toBe('城教督〔2026〕1号');
    expect((await generate(notice({ roundId: b.id, title: '关于开展校区专项评估的通知' }))).docNumber).toBe('城教督〔2026〕2号');
  });

  it('changes only when the user takes a new number (取号), which later generations then keep', async () => {
    const r = await round('2026年度学校督导评估');
    expect((await generate(notice({ roundId: r.id }))).docNumber).toBe('城教督〔2026〕1号');
    const taken = await api<DocumentNumber>('documents.reserveNumber', { year: 2026 });
    expect((await generate(notice({ roundId: r.id, docNumber: taken.number }))).docNumber).toBe('城教督〔2026〕2号');
    expect((await generate(notice({ roundId: r.id }))).docNumber).toBe('城教督〔2026〕2号');
    // The number given explicitly may be this round's own number again.
    expect((await generate(notice({ roundId: r.id, docNumber: '城教督〔2026〕1号' }))).docNumber).toBe('城教督〔2026〕1号');
    expect((await generate(notice({ roundId: r.id }))).docNumber).toBe('城教督〔2026〕1号');
    expect((await numbers()).map((n) => n.number)).toEqual(['城教督〔2026〕2号', '城教督〔2026〕1号']);
  });

  it('is not carried into another year: a notice dated in the next year takes that year’s number and says why', async () => {
    const r = await round('2026年度学校督导评估');
    expect((await generate(notice({ roundId: r.id }))).docNumber).toBe('城教督〔2026〕1号');
    const next = await generate(notice({ roundId: r.id, date: '2027-01-05' }));
    expect(next.docNumber).toBe('城教督〔2027〕1号');
    expect(next.warnings).toContain('该评估项目的通知原用文号 城教督〔2026〕1号，与成文日期的年份（2027 年）不符，已另取 2027 年的文号');
    expect((await generate(notice({ roundId: r.id, date: '2027-01-06' }))).docNumber).toBe('城教督〔2027〕1号');
  });

  it('is reused when its first document failed: the number taken for the round’s notice is not wasted', async () => {
    const r = await round('2026年度学校督导评估');
    const uid = (await getRoundRow(reader(core.ctx), r.id))!.uid;
    // Taken for the round's notice, and the document never written (as after a failed render).
    const claimed = await claimNumber(core.ctx, undefined, NOTICE.title, 2026, roundNoticeKind(uid));
    expect(claimed.number).toBe('城教督〔2026〕1号');
    expect((await numbers()).map((n) => [n.number, n.status])).toEqual([['城教督〔2026〕1号', 'reserved']]);
    expect((await generate(notice({ roundId: r.id }))).docNumber).toBe('城教督〔2026〕1号');
    expect((await numbers()).map((n) => [n.number, n.status])).toEqual([['城教督〔2026〕1号', 'used']]);
  });
});
