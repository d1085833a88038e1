import { describe, expect, it } from 'vitest';
import { CHAR_PITCH_PT, LINE_PITCH_PT, mmToPt } from './layout.js';
import { planDocument } from './plan.js';
import type { PlanParagraph, PlanTable } from './plan-types.js';
import { chineseDatesInText } from './dates.js';
import { buildNotice } from './builders/notice.js';
import { sampleNotice } from './testing/fixtures.js';

const paragraphs = (items: ReturnType<typeof planDocument>['items']) =>
  items.filter((i): i is PlanParagraph => i.kind === 'paragraph');
const text = (p: PlanParagraph) => p.runs.map((r) => r.text).join('');

describe('planDocument (GB/T 9704 placement)', () => {
  const plan = planDocument(buildNotice(sampleNotice()));
  const paras = paragraphs(plan.items);
  const find = (s: string) => {
    const p = paras.find((x) => text(x).startsWith(s));
    if (!p) throw new Error(`no paragraph ${s}`);
    return p;
  };

  it('places the letterhead: mark 35 mm down in red 小标宋, number 2 lines below, rule 4 mm below', () => {
    const [mark, number] = paras;
    expect(mark.runs[0]).toMatchObject({ font: 'xiaobiaosong', color: 'FF0000' });
    expect(mark.spaceBefore).toBeCloseTo(mmToPt(35));
    expect(number.spaceBefore).toBeCloseTo(2 * LINE_PITCH_PT);
    const rule = plan.items.find((i) => i.kind === 'rule');
    expect(rule).toMatchObject({ color: 'FF0000', spaceBefore: mmToPt(4) });
  });

  it('sets the title in 2号 小标宋 two lines below the rule and the addressee one line below', () => {
    const title = find('关于开展');
    expect(title).toMatchObject({ fontSize: 22, align: 'center', spaceBefore: 2 * LINE_PITCH_PT });
    expect(find('各乡镇中心学校')).toMatchObject({ spaceBefore: LINE_PITCH_PT });
    expect(text(find('各乡镇中心学校'))).toMatch(/：$/);
  });

  it('indents body paragraphs two characters and numbers headings', () => {
    expect(find('为贯彻落实').indent.firstLine).toBeCloseTo(2 * CHAR_PITCH_PT);
    expect(find('一、工作安排').runs[0].font).toBe('heiti');
    expect(find('（一）学校自评').runs[0].font).toBe('kaiti');
    expect(find('五、联系方式').keepWithNext).toBe(true);
  });

  it('writes the attachment note with hanging indents aligned on the names', () => {
    const first = find('附件：1.参评学校名单');
    const second = find('2.工作日程安排表');
    expect(first.indent.left + first.indent.firstLine).toBeCloseTo(2 * CHAR_PITCH_PT);
    expect(second.indent.left + second.indent.firstLine).toBeCloseTo(5 * CHAR_PITCH_PT);
    expect(first.indent.left).toBe(second.indent.left);
  });

  it('puts the date 4 characters from the right with the issuer centred over it', () => {
    const date = find('2026年3月4日');
    const issuer = paras[paras.indexOf(date) - 1];
    expect(date.indent.right).toBeCloseTo(4 * CHAR_PITCH_PT);
    // Centre of the issuer (12 chars) over the centre of the date (6 chars: digits are half width).
    expect(issuer.indent.right + 6 * CHAR_PITCH_PT).toBeCloseTo(date.indent.right + 3 * CHAR_PITCH_PT);
    expect(text(paras[paras.indexOf(date) + 1])).toBe('（此件公开发布）');
  });

  it('starts each attachment on a new page with the label, then the title on line 3', () => {
    const label = find('附件1');
    expect(label).toMatchObject({ pageBreakBefore: true, align: 'left' });
    expect(label.runs[0].font).toBe('heiti');
    const title = paras[paras.indexOf(label) + 1];
    expect(text(title)).toBe('参评学校名单');
    expect(title.spaceBefore).toBeCloseTo(LINE_PITCH_PT);
  });

  it('ends with the colophon: CC ending in 。, rules thick / thin / thick', () => {
    const colophon = plan.items.at(-1);
    expect(colophon?.kind).toBe('colophon');
    if (colophon?.kind !== 'colophon') return;
    expect(colophon.rows[0].left).toMatch(/^抄送：.*。$/);
    expect(colophon.rows[1]).toMatchObject({ left: '城关县人民政府教育督导室', right: '2026年3月4日印发' });
    expect(colophon.rules.map((r) => Math.round(r * 100) / 100)).toEqual([0.99, 0.71, 0.99]);
  });
});

describe('dates in text and tables', () => {
  it('writes typed ISO dates as 2024年8月31日 in paragraphs and cells, leaving codes and invalid dates', () => {
    expect(chineseDatesInText('截至2024-08-31，另见2024/8/1。')).toBe('截至2024年8月31日，另见2024年8月1日。');
    expect(chineseDatesInText('编码2024-08-31-07与2024-02-30')).toBe('编码2024-08-31-07与2024-02-30');
    const plan = planDocument({
      body: [
        { type: 'paragraph', text: '统计时点为2024-08-31。' },
        { type: 'table', columns: [{ width: 1 }, { width: 1 }], header: [['项目', '日期']], rows: [['自评', '2024-09-01']] },
      ],
    });
    const para = plan.items.find((i): i is PlanParagraph => i.kind === 'paragraph');
    expect(para?.runs[0].text).toBe('统计时点为2024年8月31日。');
    const table = plan.items.find((i): i is PlanTable => i.kind === 'table');
    expect(table?.rows[0][1].text).toBe('2024年9月1日');
  });
});
