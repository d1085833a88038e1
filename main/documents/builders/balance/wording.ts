/**
 * Wording of the 差异系数测算报告 that does not depend on one section's figures: the standard's
 * official title (never the product's profile name), the profile's notes in that wording, short
 * indicator names for chart axes, indicator formulas as sentences, and the difference-coefficient
 * formula (domain.md §2.1) written in characters every report font carries.
 */
import { BUILT_IN_PROFILES, type ProfileId, type StandardsProfile } from '../../../../shared/domain/balance';
import type { Block, TextRun } from '../../model';

/**
 * The standard a profile restates, by its official title and number, e.g.
 * 《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）. The profile's `basis` is that text for
 * the built-in profiles and what the office typed for its own.
 */
export function standardTitle(profile: Pick<StandardsProfile, 'basis'>): string {
  return profile.basis;
}

/**
 * Words that name a built-in profile in notes (“优质均衡（2017）”方案) → that profile. The notes were
 * written for the 差异系数 page, where the profiles are chosen by these names; a report names the
 * standard itself.
 */
const PROFILE_WORDS: readonly [RegExp, ProfileId][] = [
  [/申报/, 'application2019'],
  [/优质均衡/, 'quality2017'],
  [/基本均衡/, 'basic2012'],
];

/**
 * Replaces every mention of a profile by its name (“…”方案, or the bare name of any built-in profile)
 * with the official title of the standard it restates. A quoted 方案 that names no built-in profile
 * (a custom one) loses the quotes and the word 方案 but keeps its words.
 */
export function officialWording(text: string): string {
  let out = text.replace(/“([^”]+)”方案/g, (_, label: string) => {
    const hit = PROFILE_WORDS.find(([re]) => re.test(label));
    return hit ? BUILT_IN_PROFILES[hit[1]].basis : label;
  });
  for (const p of Object.values(BUILT_IN_PROFILES)) out = out.replaceAll(p.name, p.basis);
  return out;
}

/** The profile's notes for print: official titles, one sentence each, in one paragraph. */
export function profileNotes(profile: StandardsProfile): string {
  // The notes space numbers for the page (不高于 0.50); printed Chinese text carries no spaces.
  return profile.notes.map((n) => officialWording(n.trim()).replace(/ +/g, '').replace(/[。；]?$/, '。')).join('');
}

/**
 * An indicator's name short enough for a chart axis: “每百名学生拥有” is dropped (the unit says it is
 * per 100 pupils) and a parenthesis of examples goes, e.g. 每百名学生拥有体育、艺术（美术、音乐）专任
 * 教师数 → 体育、艺术专任教师数.
 */
export function shortName(name: string): string {
  const s = name.replace(/^每百名学生拥有/, '').replace(/（[^）]*）/g, '');
  return s || name;
}

/** A name broken into lines of at most `width` characters, for a category axis label. */
export function wrapLabel(name: string, width = 5): string {
  const chars = [...name];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines.join('\n');
}

/**
 * An indicator's formula as a sentence. The catalogue writes section-specific numerators as
 * “小学：…；初中：…；÷ 在校生数 × 100”, which printed as is reads as a division of nothing; the
 * numerators are bracketed so the operator has its operand: “（小学：…；初中：…）÷ 在校生数 × 100”.
 */
export function formulaSentence(formula: string): string {
  const f = formula.trim().replace(/[。.]$/, '');
  const at = f.search(/；\s*[÷×]/);
  if (at < 0) return `${f}。`;
  return `（${f.slice(0, at)}）${f.slice(at + 1).trim()}。`;
}

const kai = (text: string): TextRun => ({ text, font: 'kaiti' });

/**
 * The difference coefficient's formula (domain.md §2.1): pupil-weighted mean, pupil-weighted
 * population standard deviation, CV = S ÷ mean. Written in words with ＝ × ÷ －, all in GB2312, so
 * 仿宋_GB2312 in Word and the PDF's faces print every character (no sub- or superscripts, no
 * combining macron, no radical sign that a face may lack).
 */
export function formulaBlocks(profile: StandardsProfile): Block[] {
  const composite = profile.cvTest === 'composite' ? '作为判定依据' : '仅供参考，不作为判定依据';
  return [
    {
      type: 'paragraph',
      text: '差异系数按在校学生数加权计算。对某一学段的某项指标，设纳入测算的各校（学段）指标值和在校学生数已知，全县在校学生数为各校在校学生数之和，则：',
    },
    { type: 'paragraph', runs: [kai('全县平均值'), { text: '＝各校“在校学生数×指标值”之和÷全县在校学生数。对生均和每百名学生指标，即全县该项总量除以全县在校学生数（每百名学生指标再乘以100）。' }] },
    { type: 'paragraph', runs: [kai('标准差'), { text: '＝各校“在校学生数×（指标值－全县平均值）的平方”之和÷全县在校学生数，所得的商再开平方（算术平方根）。' }] },
    { type: 'paragraph', runs: [kai('差异系数'), { text: '＝标准差÷全县平均值。差异系数越小，校际差距越小。' }] },
    { type: 'paragraph', runs: [kai('综合差异系数'), { text: `＝各项指标差异系数的算术平均值，${composite}。` }] },
  ];
}
