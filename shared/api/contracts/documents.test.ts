/**
 * The documents contract's messages (issue 10 item 5): each names its field as the forms label it,
 * says which stage, and carries the path a form maps to its field — never an internal path or an
 * English identifier in the message itself.
 */
import { describe, expect, it } from 'vitest';
import '../zod-locale';
import { DocumentSettings, NoticeForm, documentsContract, fillNumberPattern, patternForDisplay, patternForStorage, stageOf } from './documents';

const NOTICE = {
  title: '关于开展2026年义务教育优质均衡发展督导评估工作的通知',
  purpose: ['为推进县域义务教育优质均衡发展，决定开展督导评估工作。'],
  stages: [
    { name: '学校自评', start: '2026-03-10', end: '2026-03-31', tasks: '各校对照指标开展自评。' },
    { name: '实地督导', start: '2026-04-01', end: '2026-04-30', tasks: '督导组进校核查。' },
  ],
  procedure: ['学校自评，县级复核。'],
  contact: { name: '李明', phone: '0791-86100000' },
};

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

/** A message a user may read: Chinese words, no ASCII identifier (dates, numbers and DOCX/PDF aside). */
const readable = (m: string) => !/[A-Za-z_]{3,}/.test(m.replace(/DOCX|PDF/g, ''));

describe('notice messages', () => {
  it('accepts a complete notice', () => {
    expect(NoticeForm.safeParse(NOTICE).success).toBe(true);
  });

  it('names the stage whose end date is before its start, on the end date', () => {
    const stages = [NOTICE.stages[0], { ...NOTICE.stages[1], start: '2026-04-30', end: '2026-04-01' }];
    expect(issuesOf(NoticeForm.safeParse({ ...NOTICE, stages }))).toEqual([{ path: 'stages.1.end', message: '第 2 个阶段的结束日期早于开始日期' }]);
  });

  it('numbers stages within the generate input as well (document.notice.stages.N)', () => {
    const stages = [{ ...NOTICE.stages[0], start: '2026-03-31', end: '2026-03-10' }];
    const r = documentsContract['documents.generate'].input.safeParse({ document: { kind: 'notice', notice: { ...NOTICE, stages } }, formats: ['pdf'] });
    expect(issuesOf(r)).toEqual([{ path: 'document.notice.stages.0.end', message: '第 1 个阶段的结束日期早于开始日期' }]);
  });

  it('says every missing field of a stage at once, the date order too', () => {
    const stages = [NOTICE.stages[0], NOTICE.stages[1], { name: ' ', start: '2026-05-29', end: '2026-05-06', tasks: '' }];
    expect(issuesOf(NoticeForm.safeParse({ ...NOTICE, stages }))).toEqual([
      { path: 'stages.2.name', message: '请填写第 3 个阶段的名称' },
      { path: 'stages.2.tasks', message: '请填写第 3 个阶段的主要任务' },
      { path: 'stages.2.end', message: '第 3 个阶段的结束日期早于开始日期' },
    ]);
  });

  it('refuses an empty or impossible date by its label', () => {
    const stages = [{ ...NOTICE.stages[0], start: '', end: '2026-02-30' }];
    expect(issuesOf(NoticeForm.safeParse({ ...NOTICE, stages, date: '2026/3/4' }))).toEqual([
      { path: 'stages.0.start', message: '请填写第 1 个阶段的开始日期' },
      { path: 'stages.0.end', message: '第 1 个阶段的结束日期“2026-02-30”不存在：2026年2月没有30日' },
      { path: 'date', message: '成文日期“2026/3/4”不是有效日期，应写成 2026-03-01 这样的格式' },
    ]);
  });

  it('names each required field as the form labels it', () => {
    const r = NoticeForm.safeParse({ title: '  ', purpose: [' '], stages: [], procedure: [], contact: { name: '', phone: '' } });
    expect(issuesOf(r)).toEqual([
      { path: 'title', message: '请填写标题' },
      { path: 'purpose', message: '请填写工作目的' },
      { path: 'stages', message: '请至少填写一个工作阶段' },
      { path: 'procedure', message: '请填写工作程序' },
      { path: 'contact.name', message: '请填写联系人' },
      { path: 'contact.phone', message: '请填写联系电话' },
    ]);
  });

  it('never shows an identifier, even for a wrong type, an unknown kind or profile', () => {
    const inputs = [
      { document: { kind: 'notice', notice: { ...NOTICE, contact: { name: 3, phone: null }, stages: 'x', schools: { types: ['大学'] } } }, formats: ['doc'] },
      { document: { kind: 'memo' } },
      { document: { kind: 'balance', year: 1990, profile: 'quality2099' } },
      { document: { kind: 'notice', notice: {} } },
    ];
    for (const input of inputs) {
      const r = documentsContract['documents.generate'].input.safeParse(input);
      expect(r.success).toBe(false);
      for (const i of r.error!.issues) expect(readable(i.message), i.message).toBe(true);
    }
    const memo = documentsContract['documents.generate'].input.safeParse({ document: { kind: 'memo' } });
    expect(memo.error!.issues[0].message).toBe('文书种类只能是通知、差异系数测算报告或学校名册');
  });

  it('stageOf reads the stage from a path and falls back to words without one', () => {
    expect(stageOf(['document', 'notice', 'stages', 4, 'name'])).toBe('第 5 个阶段的');
    expect(stageOf([])).toBe('阶段的');
  });
});

describe('document settings: the number pattern in words', () => {
  const defaults = DocumentSettings.parse({});

  it('accepts the pattern as users write it and stores the stored spelling', () => {
    const r = DocumentSettings.parse({ ...defaults, numberPattern: '{机关代字}〔{年}〕{序号}号' });
    expect(r.numberPattern).toBe('{prefix}〔{year}〕{n}号');
    expect(patternForDisplay(r.numberPattern)).toBe('{机关代字}〔{年}〕{序号}号');
    expect(patternForStorage('{机关代字}〔{year}〕{序号}号')).toBe('{prefix}〔{year}〕{n}号');
    expect(DocumentSettings.parse({ ...defaults, numberPattern: '{prefix}〔{year}〕{n}号' }).numberPattern).toBe('{prefix}〔{year}〕{n}号');
  });

  it('fills either spelling the same way', () => {
    expect(fillNumberPattern('{机关代字}〔{年}〕{序号}号', '城教督', 2026, 12)).toBe('城教督〔2026〕12号');
    expect(fillNumberPattern('{prefix}〔{year}〕{n}号', '城教督', 2026, 12)).toBe('城教督〔2026〕12号');
  });

  it('refuses a pattern without year or number, or with an unknown placeholder, in words', () => {
    expect(issuesOf(DocumentSettings.safeParse({ ...defaults, numberPattern: '{机关代字}〔{年}〕号' }))).toEqual([
      { path: 'numberPattern', message: '文号格式须包含 {年} 和 {序号}，否则每年的文号会重复' },
    ]);
    expect(issuesOf(DocumentSettings.safeParse({ ...defaults, numberPattern: '{机关代字}〔{年份}〕{序号}号' }))).toEqual([
      { path: 'numberPattern', message: '文号格式中的“{年份}”无法识别，只能使用 {机关代字}、{年}、{序号}' },
      { path: 'numberPattern', message: '文号格式须包含 {年} 和 {序号}，否则每年的文号会重复' },
    ]);
  });

  it('names the settings fields as the settings form labels them', () => {
    const r = DocumentSettings.safeParse({ ...defaults, letterhead: '', defaultAddressee: ' ', cc: ['', 'x'.repeat(61)] });
    expect(issuesOf(r)).toEqual([
      { path: 'letterhead', message: '请填写发文机关标志' },
      { path: 'cc.0', message: '默认抄送的单位名称不能为空' },
      { path: 'cc.1', message: '默认抄送的单位名称不能超过 60 个字' },
      { path: 'defaultAddressee', message: '请填写默认主送机关' },
    ]);
  });
});
