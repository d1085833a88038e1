/**
 * The vocabulary of the national statistics, mapped to the register's categories.
 *
 * 城乡: the register keeps the education statistics' three categories 城区 / 镇区 / 乡村 (学校驻地城乡类型).
 * Files exported from statistics systems often carry the finer categories of the National Bureau of
 * Statistics' 统计用城乡划分代码 (《统计上划分城乡的规定》国函〔2008〕60号, 《统计用区划代码和城乡划分
 * 代码编制规则》国统字〔2009〕91号): three digits, 1xx 城镇 and 2xx 乡村, where 11x is 城区 and 12x 镇区.
 * The education statistics' own tables count 城乡结合区 under 城区 and 镇乡结合区 under 镇区.
 *
 * 学校类型: the education statistics name school categories 小学, 小学教学点, 初级中学, 九年一贯制学校,
 * 十二年一贯制学校, 完全中学, 特殊教育学校; the register's names are the same without 学校 and with 初中 /
 * 教学点. Only names are mapped: no numeric school-category code is accepted.
 */
import { cleanCode, showInvisible } from '../text/normalize';
import { LOCALITIES, SCHOOL_TYPES, type Locality, type SchoolType } from './school-enums';

export interface UrbanRuralCode {
  code: string;
  name: string;
  locality: Locality;
}

/** 统计用城乡划分代码 and the register category each belongs to. */
export const URBAN_RURAL_CODES: readonly UrbanRuralCode[] = [
  { code: '111', name: '主城区', locality: '城区' },
  { code: '112', name: '城乡结合区', locality: '城区' },
  { code: '121', name: '镇中心区', locality: '镇区' },
  { code: '122', name: '镇乡结合区', locality: '镇区' },
  { code: '123', name: '特殊区域', locality: '镇区' },
  { code: '210', name: '乡中心区', locality: '乡村' },
  { code: '220', name: '村庄', locality: '乡村' },
];

/** The education statistics' categories before 2011 (城市 / 县镇 / 农村), still found in old registers. */
export const LEGACY_LOCALITY_NAMES: Readonly<Record<string, Locality>> = { 城市: '城区', 县镇: '镇区', 农村: '乡村' };

/** School-category names of the education statistics (and common variants) that the register names differently. */
export const STATISTICS_SCHOOL_TYPES: Readonly<Record<string, SchoolType>> = {
  普通小学: '小学',
  小学教学点: '教学点',
  初级中学: '初中',
  普通初中: '初中',
  普通初级中学: '初中',
  九年一贯制学校: '九年一贯制',
  十二年一贯制学校: '十二年一贯制',
  完全中学: '完全中学',
  特殊教育学校: '特殊教育学校',
  盲人学校: '特殊教育学校',
  聋人学校: '特殊教育学校',
  培智学校: '特殊教育学校',
};

/** Categories of the statistics that are not register types, with the reason given to the user. */
const REFUSED_SCHOOL_TYPES: Readonly<Record<string, string>> = {
  职业初中: '不是本系统的学校类型；职业初中是否纳入评估各地规定不同，如需纳入请填写“初中”，否则请删除该行',
  高级中学: '不是义务教育学校，请删除该行（有初中部的请填写“完全中学”）',
  普通高中: '不是义务教育学校，请删除该行（有初中部的请填写“完全中学”）',
  中等职业学校: '不是义务教育学校，请删除该行',
  职业高中: '不是义务教育学校，请删除该行',
  幼儿园: '不是义务教育学校，请删除该行',
};

/** How a term of a file was read: `mapped` says what was translated, for the preview; null when the register's own term was used. */
export type TermReading<T extends string> =
  | { ok: true; value: T; mapped: TermMapping | null }
  | { ok: false; message: string };

export interface TermMapping {
  /** The term as the file wrote it, quoted for a message, e.g. “111”（主城区） or “初级中学”. */
  source: string;
  /** Which vocabulary it came from, e.g. 按国家统计城乡划分代码; empty for a mere variant of the register's own term. */
  basis: string;
}

const LOCALITY_CHOICES = `可选：${LOCALITIES.join('、')}，或国家统计城乡划分的名称或代码（${URBAN_RURAL_CODES.map((c) => `${c.code} ${c.name}`).join('、')}）`;

/**
 * Reads an urban–rural category: the register's 城区 / 镇区 / 乡村, a name or three-digit code of the
 * 统计用城乡划分代码 (111 主城区 … 220 村庄), both together (“111主城区”, “主城区(111)”), or the
 * pre-2011 education-statistics names 城市 / 县镇 / 农村. Spaces, full-width digits and invisible
 * characters are ignored. A code and a name that disagree, or 城镇 (which spans 城区 and 镇区), are refused.
 */
export function readLocality(text: string): TermReading<Locality> {
  const k = cleanCode(text);
  if ((LOCALITIES as readonly string[]).includes(k)) return { ok: true, value: k as Locality, mapped: null };
  const shown = `“${showInvisible(text.trim())}”`;
  const digits = k.match(/\d+/g) ?? [];
  const name = k.replace(/[\d()（）\-_:：、.,，/\s]/g, '');
  if (digits.length > 0) {
    const entry = digits.length === 1 ? URBAN_RURAL_CODES.find((c) => c.code === digits[0]) : undefined;
    if (!entry) return { ok: false, message: `${shown}不是国家统计城乡划分代码；${LOCALITY_CHOICES}` };
    if (name !== '' && name !== entry.name && name !== entry.locality) {
      return { ok: false, message: `${shown}中的代码 ${entry.code}（${entry.name}）与名称“${name}”不一致，请核对` };
    }
    return { ok: true, value: entry.locality, mapped: { source: `“${entry.code}”（${entry.name}）`, basis: '按国家统计城乡划分代码' } };
  }
  const entry = URBAN_RURAL_CODES.find((c) => c.name === name);
  if (entry) return { ok: true, value: entry.locality, mapped: { source: `“${entry.name}”`, basis: '按国家统计城乡划分' } };
  const legacy = LEGACY_LOCALITY_NAMES[name];
  if (legacy) return { ok: true, value: legacy, mapped: { source: `“${name}”`, basis: '按教育统计 2011 年以前的口径' } };
  if (name === '城镇') return { ok: false, message: `${shown}包括城区和镇区，请写明是城区还是镇区（或填写国家统计城乡划分代码 111–123）` };
  return { ok: false, message: `${shown}不是有效的城乡类别，${LOCALITY_CHOICES}` };
}

/**
 * Reads a school type: the register's names (小学, 初中, 九年一贯制, 十二年一贯制, 完全中学, 教学点,
 * 特殊教育学校, also with or without a trailing 学校) and the education statistics' category names
 * (初级中学, 小学教学点, 九年一贯制学校, …; see {@link STATISTICS_SCHOOL_TYPES}). Categories outside
 * compulsory education (高级中学, 幼儿园, …) and 职业初中 are refused with the reason.
 */
export function readSchoolType(text: string): TermReading<SchoolType> {
  const k = cleanCode(text);
  const types = SCHOOL_TYPES as readonly string[];
  if (types.includes(k)) return { ok: true, value: k as SchoolType, mapped: null };
  const shown = `“${showInvisible(text.trim())}”`;
  const named = STATISTICS_SCHOOL_TYPES[k];
  if (named) return { ok: true, value: named, mapped: { source: `“${k}”`, basis: '按教育统计学校类别' } };
  const variant = types.find((t) => t === k.replace(/学校$/, '') || t === `${k}学校`);
  if (variant) return { ok: true, value: variant as SchoolType, mapped: { source: `“${k}”`, basis: '' } };
  const refused = REFUSED_SCHOOL_TYPES[k];
  if (refused) return { ok: false, message: `${shown}${refused}` };
  return {
    ok: false,
    message: `${shown}不是有效的学校类型，可选：${SCHOOL_TYPES.join('、')}，或教育统计的学校类别名称（${Object.keys(STATISTICS_SCHOOL_TYPES).join('、')}）`,
  };
}
