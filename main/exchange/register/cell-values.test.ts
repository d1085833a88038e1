/**
 * Numbers stored as text in a statistics cell, form by form (shared/cases/imports:
 * numbers-stored-as-text): what is read silently, what is read with a note the preview lists at the
 * cell, and what is refused. Rules come from numberRuleFor, as the import builds them.
 */
import { describe, expect, it } from 'vitest';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';
import { readList, readNumber, type NumberRule } from './cell-values';
import { numberRuleFor } from './stats-columns';

const rule = (key: string, factor = 1): NumberRule => numberRuleFor(STAT_FIELD_BY_KEY.get(key)!, factor);
const pupils = rule('pupilsPrimary'); // 人
const area = rule('teachingAuxArea'); // 平方米
const areaWan = rule('teachingAuxArea', 10000); // 万平方米
const money = rule('equipmentValue'); // 元
const moneyWan = rule('equipmentValue', 10000); // 万元
const text = (v: string) => ({ t: 'text' as const, v });

describe('readNumber — invisible characters and odd spaces', () => {
  it('reads a zero-width space at the start or the end, with a note showing it', () => {
    expect(readNumber(text('\u200B188'), pupils)).toEqual({ ok: true, value: 188, note: '“⟨U+200B⟩188”含不可见字符 U+200B（零宽空格），已按 188 人读取' });
    expect(readNumber(text('900\u200B'), area)).toEqual({ ok: true, value: 900, note: '“900⟨U+200B⟩”含不可见字符 U+200B（零宽空格），已按 900 平方米读取' });
    expect(readNumber(text('\uFEFF45'), pupils)).toEqual({ ok: true, value: 45, note: '“⟨U+FEFF⟩45”含不可见字符 U+FEFF（零宽不换行空格（BOM）），已按 45 人读取' });
  });

  it('refuses a zero-width character inside the digits, naming and showing it', () => {
    expect(readNumber(text('1\u200B88'), pupils)).toEqual({
      ok: false,
      message: '“1⟨U+200B⟩88”的数字中间夹有不可见字符 U+200B（零宽空格），无法确定原本的数值，未读取。请删除该字符后重新填写',
    });
    expect(readNumber(text('\u200B4,0\u200D21.5'), area)).toMatchObject({ ok: false, message: expect.stringContaining('夹有不可见字符 U+200B（零宽空格）、U+200D（零宽连接符）') });
  });

  it('reads a no-break space at the end or as a thousands separator with a note; one that cannot be a separator is refused and shown', () => {
    expect(readNumber(text('721\u00A0'), pupils)).toEqual({ ok: true, value: 721, note: '“721⟨U+00A0⟩”含不可见字符 U+00A0（不换行空格），已按 721 人读取' });
    expect(readNumber(text('\u00A03\u00A0500'), area)).toEqual({ ok: true, value: 3500, note: '“⟨U+00A0⟩3⟨U+00A0⟩500”含不可见字符 U+00A0（不换行空格），已按 3500 平方米读取' });
    expect(readNumber(text('188\u3000'), pupils)).toMatchObject({ ok: true, value: 188, note: expect.stringContaining('U+3000（全角空格）') });
    expect(readNumber(text('1\u00A088'), pupils)).toEqual({ ok: false, message: '“1⟨U+00A0⟩88”不是数字；其中含不可见字符 U+00A0（不换行空格）' });
  });

  it('reads thousands separators, full-width digits and plain spaces silently — the cell shows what is read — but not the same with a hidden character', () => {
    expect(readNumber(text('1,234,567.00'), money)).toEqual({ ok: true, value: 1234567 });
    expect(readNumber(text('４,０２１.５０'), area)).toEqual({ ok: true, value: 4021.5 });
    expect(readNumber(text('８６２'), pupils)).toEqual({ ok: true, value: 862 });
    expect(readNumber(text('１５００．５'), area)).toEqual({ ok: true, value: 1500.5 });
    expect(readNumber(text(' 3 500 '), area)).toEqual({ ok: true, value: 3500 });
    expect(readNumber(text('1,234,567.00\u00A0'), money)).toMatchObject({ ok: true, value: 1234567, note: expect.stringContaining('“1,234,567.00⟨U+00A0⟩”') });
  });
});

describe('readNumber — a unit after the number', () => {
  it("reads the column's own unit with a note, in the unit as typed", () => {
    expect(readNumber(text('213人'), pupils)).toEqual({ ok: true, value: 213, note: '“213人”带单位“人”，与本列单位相同，已按 213 人读取' });
    expect(readNumber(text('213名'), pupils)).toEqual({ ok: true, value: 213, note: '“213名”带单位“名”，即本列单位人，已按 213 人读取' });
    expect(readNumber(text('980㎡'), area)).toEqual({ ok: true, value: 980, note: '“980㎡”带单位“㎡”，即本列单位平方米，已按 980 平方米读取' });
    expect(readNumber(text('12.5万元'), moneyWan)).toEqual({ ok: true, value: 125000, note: '“12.5万元”带单位“万元”，与本列单位相同，已按 12.5 万元读取' });
    expect(readNumber(text('\u200B213人'), pupils)).toEqual({ ok: true, value: 213, note: '“⟨U+200B⟩213人”含不可见字符 U+200B（零宽空格），带单位“人”，与本列单位相同，已按 213 人读取' });
  });

  it("refuses a unit other than the column's, never converting by itself", () => {
    expect(readNumber(text('12.5万元'), money)).toEqual({
      ok: false,
      message: '“12.5万元”带的单位“万元”与本列的单位（元）不符，不作换算，未读取。请按元填写数值，数字后不要写其他单位',
    });
    expect(readNumber(text('980平方米'), areaWan)).toMatchObject({ ok: false, message: expect.stringContaining('“980平方米”带的单位“平方米”与本列的单位（万平方米）不符') });
    expect(readNumber(text('3个'), pupils)).toMatchObject({ ok: false, message: expect.stringContaining('与本列的单位（人）不符') });
    expect(readNumber(text('1260元'), moneyWan)).toMatchObject({ ok: false, message: expect.stringContaining('与本列的单位（万元）不符') });
  });

  it('refuses 万 in a column not read in 万, and reads it in one that is', () => {
    expect(readNumber(text('49.5万'), money)).toEqual({
      ok: false,
      message: '“49.5万”带“万”字（即乘以 10000），而本列单位是元，为免单位出错不作换算，未读取。请按元填写完整数值（49.5万元即 495000 元）',
    });
    expect(readNumber(text('1.2万'), pupils)).toMatchObject({ ok: false, message: expect.stringContaining('而本列单位是人') });
    expect(readNumber(text('12.5万'), moneyWan)).toEqual({ ok: true, value: 125000, note: '“12.5万”带“万”字，按本列单位万元理解，已按 12.5 万元读取' });
    expect(readNumber(text('0.45万'), areaWan)).toMatchObject({ ok: true, value: 4500 });
  });

  it('refuses any unit in a column without one (a percentage), and still reads its %', () => {
    const percent: NumberRule = { integer: false, max: 100, allowPercent: true };
    expect(readNumber(text('85人'), percent)).toEqual({ ok: false, message: '“85人”带有单位“人”，本列只填写数字' });
    expect(readNumber(text('85%'), percent)).toEqual({ ok: true, value: 85 });
    expect(readNumber(text('85%\u00A0'), percent)).toEqual({ ok: true, value: 85, note: '“85%⟨U+00A0⟩”含不可见字符 U+00A0（不换行空格），已按 85% 读取' });
  });
});

describe('readList — invisible characters', () => {
  const sizes = rule('classSizesPrimary');
  it('reads hidden characters around the items with a note, and refuses one inside an item', () => {
    expect(readList(text('45,\u200B43、46\u00A0'), sizes)).toEqual({ ok: true, value: [45, 43, 46], note: '“45,⟨U+200B⟩43、46⟨U+00A0⟩”含不可见字符 U+200B（零宽空格）、U+00A0（不换行空格），已按 45、43、46 读取' });
    expect(readList(text('45,4\u200B3'), sizes)).toEqual({
      ok: false,
      message: '“45,4⟨U+200B⟩3”中“4⟨U+200B⟩3”的数字中间夹有不可见字符 U+200B（零宽空格），无法确定原本的数值，未读取。请删除该字符后重新填写',
    });
    expect(readList(text('45,43'), sizes)).toEqual({ ok: true, value: [45, 43] });
  });
});
