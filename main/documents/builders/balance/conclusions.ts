/**
 * The report's conclusions in words, generated from the numbers: which coefficients exceed their
 * limits, which schools drive them (largest contributions, above or below the county mean), and
 * how many schools meet the per-school rule.
 */
import type { BalanceResult, ContributionTable, SectionSummary } from '../../../../shared/domain/balance';
import { cv, limit, percent } from './format';
import { standardTitle } from './wording';

const TOP = 3;

/** "A校（低于全县平均值，贡献 38.20%）、B校（…）" for the largest contributors of one indicator. */
export function drivers(table: ContributionTable | undefined, count = TOP): string {
  if (!table || table.contributions.length === 0) return '';
  return table.contributions
    .filter((c) => c.share > 0)
    .slice(0, count)
    .map((c) => `${c.schoolName}（${c.deviation >= 0 ? '高于' : '低于'}全县平均值，贡献${percent(c.share)}）`)
    .join('、');
}

function coefficientSentence(result: BalanceResult, s: SectionSummary): string {
  const { profile } = result;
  const lim = limit(profile.cvLimits[s.section]);
  const head = `${s.label}：纳入测算学校${s.schoolCount}所，在校学生${s.pupils}人。`;
  if (profile.cvTest === 'composite') {
    const c = s.composite;
    if (c.cv === null) return `${head}综合差异系数无法计算，无法判定。`;
    const verdict = c.pass ? `不高于${lim}，达到要求` : `高于${lim}，未达到要求`;
    const worst = [...s.indicators].filter((i) => i.cv !== null).sort((a, b) => (b.cv ?? 0) - (a.cv ?? 0))[0];
    const tail = worst ? `单项中差异系数最高的是${worst.name}（${cv(worst.cv)}）${c.pass ? '' : `，主要由${drivers(contributionOf(result, s, worst.code)) || '个别学校'}造成`}。` : '';
    return `${head}综合差异系数为${cv(c.cv)}，${verdict}。${tail}`;
  }
  const failed = s.indicators.filter((i) => i.pass === false);
  const undecided = s.indicators.filter((i) => i.pass === null);
  const parts: string[] = [head];
  if (failed.length === 0 && undecided.length === 0) {
    const top = [...s.indicators].sort((a, b) => (b.cv ?? 0) - (a.cv ?? 0))[0];
    parts.push(`${s.indicators.length}项指标差异系数均不高于${lim}，达到要求${top ? `；其中最高的是${top.name}（${cv(top.cv)}）` : ''}。`);
  } else {
    if (failed.length > 0) {
      parts.push(`${s.indicators.length}项指标中有${failed.length}项差异系数高于${lim}，未达到要求：`);
      parts.push(
        failed
          .map((i) => {
            const d = drivers(contributionOf(result, s, i.code));
            return `${i.name}差异系数为${cv(i.cv)}${d ? `，主要由${d}造成` : ''}`;
          })
          .join('；') + '。',
      );
    }
    if (undecided.length > 0) parts.push(`${undecided.map((i) => i.name).join('、')}差异系数无法计算，无法判定。`);
  }
  if (s.composite.cv !== null) parts.push(`综合差异系数为${cv(s.composite.cv)}（仅供参考）。`);
  return parts.join('');
}

const contributionOf = (result: BalanceResult, s: SectionSummary, code: string) =>
  result.contributions.find((t) => t.section === s.section && t.code === code);

function attainmentSentence(result: BalanceResult, s: SectionSummary): string | null {
  if (!s.attainment) return null;
  const failing: string[] = [];
  for (const school of result.schools) {
    const sec = school.sections.find((x) => x.section === s.section);
    if (sec?.attainment?.verdict !== 'fail') continue;
    const names = sec.attainment.indicators.filter((i) => i.status === 'below' || i.status === 'within85').map((i) => i.name);
    failing.push(`${school.schoolName}（${names.join('、')}）`);
  }
  const a = s.attainment;
  let text = `${s.label}参评学校${a.evaluated}所，${a.pass}所达到学校指标要求`;
  if (a.fail > 0) text += `，${a.fail}所未达到：${failing.join('、')}`;
  if (a.incomplete > 0) text += `，${a.incomplete}所数据不全，暂无法判定`;
  return `${text}。`;
}

/** One paragraph per section, then the per-school summary and a closing sentence. */
export function conclusionParagraphs(result: BalanceResult, regionYear: string): string[] {
  const out = result.sections.map((s) => coefficientSentence(result, s));
  for (const s of result.sections) {
    const a = attainmentSentence(result, s);
    if (a) out.push(a);
  }
  const decided = result.sections.filter((s) => s.pass !== null);
  const failedSections = result.sections.filter((s) => s.pass === false).map((s) => s.label);
  if (decided.length === result.sections.length && result.sections.length > 0) {
    out.push(
      failedSections.length === 0
        ? `综上，${regionYear}义务教育学校校际差异系数达到${standardTitle(result.profile)}的要求。`
        : `综上，${regionYear}${failedSections.join('、')}校际差异系数未达到${standardTitle(result.profile)}的要求，改进建议见下文。`,
    );
  } else {
    out.push(`综上，部分差异系数因数据不全无法判定，请补齐数据后重新测算。`);
  }
  const missing = result.warnings.filter((w) => w.kind === 'missingData').length;
  if (missing > 0) out.push(`另有${missing}处数据缺失，相关学校未纳入对应指标的测算，详见“测算范围”。`);
  return out;
}
