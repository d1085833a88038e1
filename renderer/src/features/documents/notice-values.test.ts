/** The notice form ↔ contract: values converted, and each contract issue placed on the field that shows it. */
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import '../../../../shared/api/zod-locale';
import { messagesFor, placeIssues } from './form-issues';
import { defaultNoticeTitle, initialNoticeValues, noticeFieldOf, noticeIssues, roundNoticeTitle, titleForRound, toNoticeForm, type NoticeValues } from './notice-values';

const filled = (): NoticeValues => ({
  ...(initialNoticeValues(dayjs('2026-03-04')) as NoticeValues),
  stages: [
    { name: '学校自评', dates: [dayjs('2026-03-10'), dayjs('2026-03-31')], tasks: '自评' },
    { name: '实地督导', dates: [dayjs('2026-04-01'), dayjs('2026-04-30')], tasks: '核查' },
  ],
  contactName: '李明',
  contactPhone: '0791-86100000',
});

describe('notice form values', () => {
  it('become the contract notice: one paragraph per line, dates as calendar days', () => {
    const n = toNoticeForm({ ...filled(), procedure: '第一段\n\n 第二段 ', types: ['小学'], schoolIds: [] });
    expect(n.procedure).toEqual(['第一段', '第二段']);
    expect(n.stages[0]).toEqual({ name: '学校自评', start: '2026-03-10', end: '2026-03-31', tasks: '自评' });
    expect(n.date).toBe('2026-03-04');
    expect(n.schools).toEqual({ types: ['小学'], schoolIds: undefined });
    expect(noticeIssues(filled()).byField.size).toBe(0);
  });

  it('puts a stage ending before it starts on that stage’s date range, and nothing once fixed', () => {
    const v = filled();
    v.stages[1].dates = [dayjs('2026-04-30'), dayjs('2026-04-01')];
    const placed = noticeIssues(v);
    expect(messagesFor(placed, ['stages', 1, 'dates'])).toEqual(['第 2 个阶段的结束日期早于开始日期']);
    expect(placed.byField.size).toBe(1);
    v.stages[1].dates = [dayjs('2026-04-01'), dayjs('2026-04-30')];
    expect(messagesFor(noticeIssues(v), ['stages', 1, 'dates'])).toEqual([]);
  });

  it('says which date of a stage is missing', () => {
    const v = filled();
    v.stages[0].dates = [dayjs('2026-03-10'), null];
    expect(messagesFor(noticeIssues(v), ['stages', 0, 'dates'])).toEqual(['请填写第 1 个阶段的结束日期']);
  });

  it('maps the paths of the form and of the generate call to the same fields', () => {
    expect(noticeFieldOf(['document', 'notice', 'stages', 1, 'end'])).toEqual(['stages', 1, 'dates']);
    expect(noticeFieldOf(['stages', 0, 'tasks'])).toEqual(['stages', 0, 'tasks']);
    expect(noticeFieldOf(['stages'])).toBe('stages');
    expect(noticeFieldOf(['contact', 'phone'])).toBe('contactPhone');
    expect(noticeFieldOf(['purpose', 2])).toBe('purpose');
    expect(noticeFieldOf(['schools', 'types', 0])).toBe('types');
    expect(noticeFieldOf(['printDate'])).toBe('printDate');
    expect(noticeFieldOf(['cc', 0])).toBeNull();
  });

  it('keeps messages no field shows apart, for the form to say otherwise', () => {
    const placed = placeIssues(
      [
        { path: ['title'], message: '请填写标题' },
        { path: ['title'], message: '请填写标题' },
        { path: ['cc', 0], message: '抄送的单位名称不能为空' },
      ],
      noticeFieldOf,
    );
    expect(messagesFor(placed, 'title')).toEqual(['请填写标题']);
    expect(placed.unplaced).toEqual(['抄送的单位名称不能为空']);
  });
});

describe('notice title for an 评估项目', () => {
  const initial = defaultNoticeTitle(2026);
  const rounds = [{ name: '云溪区2026年度义务教育学校督导评估' }, { name: '云溪区2026年度集团化办学评估' }];
  const defaults = { initial, rounds };

  it('takes the round’s name when a round is chosen over the form’s own title', () => {
    expect(titleForRound(initial, rounds[0], defaults)).toBe('关于开展云溪区2026年度义务教育学校督导评估的通知');
    expect(titleForRound('', rounds[0], defaults)).toBe('关于开展云溪区2026年度义务教育学校督导评估的通知');
    expect(titleForRound(undefined, rounds[0], defaults)).toBe('关于开展云溪区2026年度义务教育学校督导评估的通知');
  });

  it('follows another round, and goes back to the form’s default when the round is cleared', () => {
    const first = titleForRound(initial, rounds[0], defaults);
    expect(titleForRound(first, rounds[1], defaults)).toBe('关于开展云溪区2026年度集团化办学评估的通知');
    expect(titleForRound(first, null, defaults)).toBe(initial);
  });

  it('keeps a title the user wrote', () => {
    const typed = '关于开展2026年学校督导评估自评工作的通知';
    expect(titleForRound(typed, rounds[0], defaults)).toBe(typed);
    expect(titleForRound(typed, null, defaults)).toBe(typed);
    // Edited from the round's default: the user's now.
    expect(titleForRound('关于开展云溪区2026年度义务教育学校督导评估工作的通知', rounds[1], defaults)).toBe('关于开展云溪区2026年度义务教育学校督导评估工作的通知');
  });

  it('passes the contract’s title rule for a round name of ordinary length', () => {
    expect(noticeIssues({ ...filled(), title: roundNoticeTitle(rounds[0].name) }).byField.size).toBe(0);
  });
});
