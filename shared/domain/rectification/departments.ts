/**
 * 责任单位 that are county departments (domain.md §7.3: funding → 财政, staffing → 人社/编制, the
 * surroundings → the department or 乡镇, internal development → 教育局 or 校长), named at the level of
 * the office that keeps the ledger: a district's items go to 区财政局, a county's to 县财政局.
 */

/** The departments at county level, in the order a form offers them. */
export const COUNTY_DEPARTMENTS = ['县教育局', '县财政局', '县人力资源和社会保障局', '县委机构编制委员会办公室', '县住房和城乡建设局', '县自然资源局', '乡镇人民政府'] as const;

/** The county named at the start of the office's 署名 (城关县人民政府教育督导室 → 城关县), '' when none. */
export function regionOfSignature(signature: string): string {
  return /^(.+?(?:自治县|自治旗|县|区|市|旗))/.exec(signature)?.[1] ?? '';
}

/** The office's level (县, 区, 市, 旗) from its region; 县 when the region gives none (自治县 → 县). */
export function levelOf(region: string): string {
  return /(?:县|区|市|旗)$/.exec(region)?.[0] ?? '县';
}

/** Department names (县教育局, 县财政局 …, also in a 、-separated list) at `level`. */
export function atLevel(names: string, level: string): string {
  return level === '县' ? names : names.replace(/(^|、)县/g, `$1${level}`);
}

/** The departments a form offers, at `level`. */
export function departmentsAt(level: string): string[] {
  return COUNTY_DEPARTMENTS.map((d) => atLevel(d, level));
}
