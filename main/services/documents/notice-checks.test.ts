/**
 * Input checks of a notice (issue 13 item 1): a hand-typed 发文字号 is normalised to the
 * standard's form and entered in the 发文登记, or refused when its number is taken; the 印发日期
 * cannot precede the 成文日期; the 附注 carries the 公开方式 (此件公开发布 by default).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoticeForm, type DocumentNumber, type GeneratedDocuments, type NoticeFormInput } from '../../../shared/api/contracts/documents';
import { normalizeDocNumber, parseDocNumber } from '../../../shared/domain/documents/doc-number';
import { dispatchOk, tempCore } from '../../testing/temp-core';
import { loadDemo } from '../demo/demo-service';
import { noticeNote } from './sources';
import { NOTICE } from './test-fixtures';

describe('发文字号 typed by hand', () => {
  it('is written in the standard form whatever brackets, digits and zeros were typed', () => {
    expect(normalizeDocNumber('云教督[2026]012号')).toBe('云教督〔2026〕12号');
    expect(normalizeDocNumber(' 云教督（２０２６）第 5 号 ')).toBe('云教督〔2026〕5号');
    expect(normalizeDocNumber('云教督【2026】7号')).toBe('云教督〔2026〕7号');
    expect(normalizeDocNumber('云教督〔2026〕7号')).toBe('云教督〔2026〕7号');
    expect(parseDocNumber('云教督(2026)30号')).toEqual({ prefix: '云教督', year: 2026, seq: 30, number: '云教督〔2026〕30号' });
    expect(parseDocNumber('云教督2026年30号')).toBeNull();
    expect(parseDocNumber('云教督〔2026〕0号')).toBeNull();
  });

  it('is normalised by the form and refused in words when it is not a number', () => {
    const ok = NoticeForm.safeParse({ ...NOTICE, docNumber: '云教督[2026]09号' });
    expect(ok.success && ok.data.docNumber).toBe('云教督〔2026〕9号');
    const bad = NoticeForm.safeParse({ ...NOTICE, docNumber: '第九号' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['docNumber', '发文字号“第九号”的格式不正确，应写成 城教督〔2026〕12号 这样的格式（机关代字、〔年份〕、序号）'],
    ]);
  });
});

describe('dates and 公开方式 of a notice form', () => {
  it('refuses a 印发日期 before the 成文日期, on the 印发日期 field', () => {
    const r = NoticeForm.safeParse({ ...NOTICE, date: '2026-03-04', printDate: '2026-03-03' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['printDate', '印发日期（2026-03-03）早于成文日期（2026-03-04），文件须先成文后印发'],
    ]);
    expect(NoticeForm.safeParse({ ...NOTICE, date: '2026-03-04', printDate: '2026-03-04' }).success).toBe(true);
  });

  it('names an impossible date in Chinese', () => {
    const r = NoticeForm.safeParse({ ...NOTICE, date: '2026-02-30' });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['成文日期“2026-02-30”不存在：2026年2月没有30日']);
  });

  it('publishes by default and writes the 公开方式 and the office’s note in one 附注', () => {
    const parsed = NoticeForm.parse(NOTICE);
    expect(parsed.disclosure).toBe('主动公开');
    expect(noticeNote(parsed)).toBe('（此件公开发布）');
    expect(noticeNote({ disclosure: '依申请公开', note: '（联系人：李明）' })).toBe('（此件依申请公开；联系人：李明）');
    expect(NoticeForm.safeParse({ ...NOTICE, disclosure: '公开' }).error?.issues[0]?.message).toBe('公开方式只能是主动公开、依申请公开、不予公开');
  });
});

describe('a hand-typed number and the 发文登记', () => {
  let core: Awaited<ReturnType<typeof tempCore>>;
  beforeEach(async () => {
    core = await tempCore();
    await loadDemo(core.ctx, false);
  });
  afterEach(async () => core.dispose());

  const generate = (n: NoticeFormInput) => dispatchOk<GeneratedDocuments>(core, 'documents.generate', { document: { kind: 'notice', notice: n }, formats: ['docx'] });
  const numbers = () => dispatchOk<DocumentNumber[]>(core, 'documents.listNumbers', {});

  it('enters it in the register, so the next number counts past it, and refuses it for a second document', async () => {
    const first = await generate({ ...NOTICE, docNumber: '云教督[2026]008号' });
    expect(first.docNumber).toBe('云教督〔2026〕8号');
    expect((await numbers()).map((n) => [n.number, n.seq, n.status, n.title])).toEqual([['云教督〔2026〕8号', 8, 'used', NOTICE.title]]);

    // The next number taken automatically follows the typed one.
    const next = await generate({ ...NOTICE, title: '关于报送统计数据的通知' });
    expect(next.docNumber).toBe('云教督〔2026〕9号');

    // The same number again, typed another way, for another document: refused, nothing entered.
    const again = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: { ...NOTICE, title: '关于开展专项督导的通知', docNumber: '云教督（2026）8号' } }, formats: ['docx'] });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toBe(`文号 云教督〔2026〕8号 已用于《${NOTICE.title}》，同一文号不能用于两份文件`);
    expect(await numbers()).toHaveLength(2);
  });

  it('refuses a typed number of another year than the 成文日期', async () => {
    const r = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: { ...NOTICE, docNumber: '云教督〔2025〕3号' } }, formats: ['docx'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('发文字号 云教督〔2025〕3号 的年份（2025 年）与成文日期的年份（2026 年）不符');
    expect(await numbers()).toEqual([]);
  });

  it('refuses a 印发日期 before a defaulted 成文日期 (today) without taking a number', async () => {
    const { date: _date, ...undated } = NOTICE;
    void _date;
    const r = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: { ...undated, printDate: '2000-01-01' } }, formats: ['docx'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^印发日期（2000-01-01）早于成文日期（\d{4}-\d{2}-\d{2}），文件须先成文后印发$/);
    expect(await numbers()).toEqual([]);
  });
});

describe('a number used again with the same title', () => {
  let core: Awaited<ReturnType<typeof tempCore>>;
  beforeEach(async () => {
    core = await tempCore();
    await loadDemo(core.ctx, false);
  });
  afterEach(async () => core.dispose());

  it('is the same document generated again, and says so', async () => {
    const first = await dispatchOk<GeneratedDocuments>(core, 'documents.generate', { document: { kind: 'notice', notice: NOTICE }, formats: ['docx'] });
    const again = await dispatchOk<GeneratedDocuments>(core, 'documents.generate', { document: { kind: 'notice', notice: { ...NOTICE, docNumber: first.docNumber } }, formats: ['docx'] });
    expect(again.docNumber).toBe(first.docNumber);
    expect(again.warnings).toContain(`文号 ${first.docNumber} 已用于同名文件《${NOTICE.title}》，本次作为该文件重新生成；如是另一份文件，请另行取号`);
  });
});

describe('a notice whose stages are over', () => {
  it('names each stage that ended before the 成文日期, and none otherwise', async () => {
    const { pastStages } = await import('./build');
    const stages = [
      { name: '学校自评', start: '2026-03-10', end: '2026-03-31', tasks: '' },
      { name: '实地督导', start: '2026-04-01', end: '2026-12-31', tasks: '' },
    ];
    expect(pastStages({ stages, date: '2026-11-30' })).toEqual(['第 1 个阶段“学校自评”在成文日期（2026年11月30日）之前已结束（2026年3月31日），请核对日程']);
    expect(pastStages({ stages, date: '2026-03-04' })).toEqual([]);
  });
});
