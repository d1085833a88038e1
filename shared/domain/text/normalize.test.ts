import { describe, expect, it } from 'vitest';
import { cleanCode, cleanName, describeInvisible, describeNameDifference, hasInvisible, nameKey, showInvisible } from './normalize';

const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u202a'];
const SPACES = ['\u00a0', '\u3000', '\u2002', '\u2009', '\u202f', '\u205f', '\t', '\n'];

describe('cleanName', () => {
  it('trims every kind of space, collapses inner runs to one plain space and removes invisible characters', () => {
    expect(cleanName('  桃源镇中心小学\u00a0')).toBe('桃源镇中心小学');
    expect(cleanName('\ufeff柳林乡\u200b中心小学\u2060')).toBe('柳林乡中心小学');
    expect(cleanName('石门镇\u3000\u3000 中心小学')).toBe('石门镇 中心小学');
    for (const ch of INVISIBLES) expect(cleanName(`一${ch}小`)).toBe('一小');
    for (const ch of SPACES) expect(cleanName(`一${ch}小${ch}`)).toBe('一 小');
  });

  it('makes full-width digits and latin letters half-width, radicals ordinary ideographs, and keeps Chinese punctuation', () => {
    expect(cleanName('云溪区第１实验小学（ＡＢＣ校区）')).toBe('云溪区第1实验小学（ABC校区）');
    expect(cleanName('\u2f29学')).toBe('小学');
    expect(cleanName('一小，二小、三小…')).toBe('一小，二小、三小…');
  });

  it('is idempotent', () => {
    for (const s of ['  石门镇\u00a0 中心小学\u200b ', 'ＡＢ１２', '', ' ']) expect(cleanName(cleanName(s))).toBe(cleanName(s));
  });
});

describe('cleanCode and nameKey', () => {
  it('reduce codes to their characters', () => {
    expect(cleanCode('\u200b３６０１ ０２０００４\u00a0')).toBe('3601020004');
    expect(cleanCode('2021-09-01\u200b')).toBe('2021-09-01');
  });

  it('give names that differ only by spaces, invisible characters or width forms the same key, and different names different keys', () => {
    const base = nameKey('石门镇中心小学');
    for (const v of ['石门镇 中心小学', '石门镇\u00a0中心小学', ' 石门镇中心小学\u200b', '石门镇\u3000中心小学', '石门镇中心\ufeff小学']) expect(nameKey(v)).toBe(base);
    expect(nameKey('云溪区实验小学(北校区)')).toBe(nameKey('云溪区实验小学（北校区）'));
    expect(nameKey('石门镇中心小学')).not.toBe(nameKey('石门镇初级中学'));
    expect(nameKey('第一小学')).not.toBe(nameKey('第二小学'));
  });
});

describe('showInvisible and hasInvisible', () => {
  it('renders invisible characters and odd spaces as ⟨U+XXXX⟩ and leaves plain spaces and visible text alone', () => {
    expect(showInvisible('石门镇\u00a0中心小学')).toBe('石门镇⟨U+00A0⟩中心小学');
    expect(showInvisible('\u200b188')).toBe('⟨U+200B⟩188');
    expect(showInvisible('a b\u3000c\ufeff')).toBe('a b⟨U+3000⟩c⟨U+FEFF⟩');
    expect(showInvisible('云溪区（北）１')).toBe('云溪区（北）１');
    expect(hasInvisible('a b')).toBe(false);
    for (const ch of [...INVISIBLES, ...SPACES]) expect(hasInvisible(`a${ch}b`)).toBe(true);
  });
});

describe('describeNameDifference', () => {
  it('says whether two look-alike names differ by plain spaces only', () => {
    expect(describeNameDifference('石门镇中心小学', '石门镇 中心小学')).toBe('只差空格');
    expect(describeNameDifference('石门镇中心小学', '石门镇中心小学\u200b')).toBe('只差空格、全角半角或不可见字符');
    expect(describeNameDifference('一小', '一小')).toBeNull();
  });
});

describe('describeInvisible', () => {
  it('names each hidden character once, in order, by the code point showInvisible prints', () => {
    expect(describeInvisible('\u200b1\u200b88\u00a0')).toBe('U+200B（零宽空格）、U+00A0（不换行空格）');
    expect(describeInvisible('\ufeff45\u3000')).toBe('U+FEFF（零宽不换行空格（BOM））、U+3000（全角空格）');
    expect(describeInvisible('1\u2009234')).toBe('U+2009');
    expect(describeInvisible(' 188 ８６２')).toBe('');
    for (const ch of [...INVISIBLES, ...SPACES]) expect(showInvisible(ch)).toBe(`⟨${describeInvisible(ch).replace(/（.*$/, '')}⟩`);
  });
});
