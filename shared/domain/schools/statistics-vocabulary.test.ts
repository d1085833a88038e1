import { describe, expect, it } from 'vitest';
import { LOCALITIES, SCHOOL_TYPES } from './school-enums';
import { readLocality, readSchoolType, URBAN_RURAL_CODES } from './statistics-vocabulary';

const value = <T extends string>(r: ReturnType<typeof readLocality> | ReturnType<typeof readSchoolType>): T | string => (r.ok ? r.value : `ERR ${r.message}`);

describe('readLocality', () => {
  it('keeps the register’s own categories without a mapping', () => {
    for (const l of LOCALITIES) expect(readLocality(` ${l}\u00a0`)).toEqual({ ok: true, value: l, mapped: null });
  });

  it('maps every 统计用城乡划分代码 and its name: 11x → 城区, 12x → 镇区, 2xx → 乡村', () => {
    const table = Object.fromEntries(URBAN_RURAL_CODES.map((c) => [c.code, [c.name, c.locality]]));
    expect(table).toEqual({
      111: ['主城区', '城区'], 112: ['城乡结合区', '城区'],
      121: ['镇中心区', '镇区'], 122: ['镇乡结合区', '镇区'], 123: ['特殊区域', '镇区'],
      210: ['乡中心区', '乡村'], 220: ['村庄', '乡村'],
    });
    for (const c of URBAN_RURAL_CODES) {
      for (const form of [c.code, c.name, `${c.code}${c.name}`, `${c.code} ${c.name}`, `${c.name}（${c.code}）`, `${c.name}(${c.code})`, c.code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))]) {
        expect(value(readLocality(form)), form).toBe(c.locality);
      }
    }
    expect(readLocality('111')).toMatchObject({ mapped: { source: '“111”（主城区）', basis: '按国家统计城乡划分代码' } });
    expect(readLocality('村庄')).toMatchObject({ mapped: { source: '“村庄”', basis: '按国家统计城乡划分' } });
  });

  it('maps the pre-2011 education-statistics names and refuses ambiguous or unknown ones', () => {
    expect([readLocality('城市'), readLocality('县镇'), readLocality('农村')].map((r) => value(r))).toEqual(['城区', '镇区', '乡村']);
    expect(value(readLocality('城镇'))).toMatch(/包括城区和镇区/);
    expect(value(readLocality('113'))).toMatch(/不是国家统计城乡划分代码/);
    expect(value(readLocality('111 220'))).toMatch(/不是国家统计城乡划分代码/);
    expect(value(readLocality('121村庄'))).toMatch(/代码 121（镇中心区）与名称“村庄”不一致/);
    expect(value(readLocality('城郊\u200b'))).toMatch(/^ERR “城郊⟨U\+200B⟩”不是有效的城乡类别/);
  });
});

describe('readSchoolType', () => {
  it('keeps the register’s own types, with or without 学校', () => {
    for (const t of SCHOOL_TYPES) expect(value(readSchoolType(t))).toBe(t);
    expect(readSchoolType('九年一贯制 学校')).toMatchObject({ ok: true, value: '九年一贯制' });
    expect(readSchoolType('特殊教育')).toMatchObject({ ok: true, value: '特殊教育学校' });
  });

  it('maps the education statistics’ category names', () => {
    const cases: [string, string][] = [
      ['初级中学', '初中'], ['普通初中', '初中'], ['小学教学点', '教学点'], ['普通小学', '小学'],
      ['九年一贯制学校', '九年一贯制'], ['十二年一贯制学校', '十二年一贯制'], ['完全中学', '完全中学'], ['培智学校', '特殊教育学校'],
    ];
    for (const [term, type] of cases) expect(value(readSchoolType(term)), term).toBe(type);
    expect(readSchoolType('初级中学')).toMatchObject({ mapped: { source: '“初级中学”', basis: '按教育统计学校类别' } });
  });

  it('refuses categories outside the register with the reason', () => {
    expect(value(readSchoolType('职业初中'))).toMatch(/如需纳入请填写“初中”/);
    expect(value(readSchoolType('高级中学'))).toMatch(/不是义务教育学校/);
    expect(value(readSchoolType('幼儿园'))).toMatch(/不是义务教育学校/);
    expect(value(readSchoolType('中学'))).toMatch(/不是有效的学校类型/);
  });
});
