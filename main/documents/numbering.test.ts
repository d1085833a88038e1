import { describe, expect, it } from 'vitest';
import { buildNotice } from './builders/notice.js';
import { chineseNumeral, HeadingCounter, numberedItems, stripTypedNumber, typedItemRuns } from './numbering.js';
import type { PlanParagraph } from './plan-types.js';
import { planDocument } from './plan.js';
import { sampleNotice } from './testing/fixtures.js';

describe('heading numbering', () => {
  it('writes Chinese numerals as headings use them', () => {
    expect([1, 9, 10, 11, 20, 21, 99, 100, 105, 110].map(chineseNumeral)).toEqual([
      '一', '九', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十',
    ]);
  });

  it('numbers levels 一、（一）1.（1） and resets deeper levels', () => {
    const c = new HeadingCounter();
    expect([c.next(1), c.next(2), c.next(3), c.next(4), c.next(4), c.next(2), c.next(3), c.next(1), c.next(2)]).toEqual([
      '一、', '（一）', '1.', '（1）', '（2）', '（二）', '1.', '二、', '（一）',
    ]);
  });
});

describe('numbered items', () => {
  it('numbers 工作程序 items （一）（二） as level-2 headings, dropping numbers typed by hand', () => {
    const blocks = numberedItems(['1. 学校自评。各学校对照指标自查。', '（二）县级复核：县教育督导室复核数据。', '三、督导组实地督导后形成意见。', '  ']);
    expect(blocks).toEqual([
      { type: 'heading', level: 2, text: '学校自评。', runIn: '各学校对照指标自查。' },
      { type: 'heading', level: 2, text: '县级复核：', runIn: '县教育督导室复核数据。' },
      { type: 'heading', level: 2, text: '', runIn: '督导组实地督导后形成意见。' },
    ]);
    // One item is not a list.
    expect(numberedItems(['(一)各学校要高度重视。'])).toEqual([{ type: 'paragraph', text: '各学校要高度重视。' }]);
    // Numbers inside the text, and decimals, stay.
    expect(stripTypedNumber('2.5万元以下的项目')).toBe('2.5万元以下的项目');
    expect(stripTypedNumber('2026年起实施')).toBe('2026年起实施');
    expect(stripTypedNumber('（1）生均面积')).toBe('生均面积');
  });

  it('sets a hand-typed （一） paragraph’s number and lead in 楷体', () => {
    expect(typedItemRuns('(三) 加强组织领导。成立工作专班。')).toEqual([
      { text: '（三）加强组织领导。', font: 'kaiti' },
      { text: '成立工作专班。', font: 'fangsong' },
    ]);
    expect(typedItemRuns('一、总体要求')).toBeUndefined();
  });

  it('plans the notice’s 工作程序 and 工作要求 as （一）… in 楷体, the text in 仿宋', () => {
    const input = sampleNotice();
    input.requirements = ['高度重视。明确专人负责。', '2、严格纪律：对弄虚作假的严肃处理。'];
    const plan = planDocument(buildNotice(input));
    const paras = plan.items.filter((i): i is PlanParagraph => i.kind === 'paragraph');
    const at = (heading: string) => paras.findIndex((p) => p.runs[0].text.endsWith(heading));
    const procedure = paras.slice(at('工作程序') + 1, at('工作程序') + 1 + input.procedure.length);
    expect(procedure.map((p) => p.runs[0])).toEqual([
      { text: '（一）', font: 'kaiti' },
      { text: '（二）', font: 'kaiti' },
      { text: '（三）', font: 'kaiti' },
    ]);
    expect(procedure.map((p) => p.runs[1])).toEqual(input.procedure.map((text) => ({ text, font: 'fangsong' })));
    const requirements = paras.slice(at('工作要求') + 1, at('工作要求') + 3);
    expect(requirements.map((p) => p.runs.map((r) => `${r.font}:${r.text}`))).toEqual([
      ['kaiti:（一）高度重视。', 'fangsong:明确专人负责。'],
      ['kaiti:（二）严格纪律：', 'fangsong:对弄虚作假的严肃处理。'],
    ]);
  });
});
