/**
 * 建议 of the 差异系数测算报告, generated from the computed gaps only: which coefficients exceed their
 * limit and by how much, which schools pull each one (largest contributions, below or above the
 * county mean), which schools fall short of the school standard on which indicator and what closes
 * the gap (shared/domain/balance gaps), and which data are missing. Every figure is a field of the
 * BalanceResult, formatted by the report's rules (./format.ts); nothing is said
 * that the figures do not show.
 */
import { BALANCE_SECTION_LABELS, type BalanceResult, type Contribution, type GapItem, type IndicatorCoefficient, type SectionSummary } from '../../../../shared/domain/balance';
import { LANDSCAPE_TEXT_WIDTH_PT } from '../../layout';
import type { Attachment, Block, TableBlock, TableColumn } from '../../model';
import { amount as amountText, cv, limit, percent, quantity } from './format';
import { columnsInPoints, fitWidth } from './tables';
import { shortName } from './wording';

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const itemNo = (n: number) => `（${CHINESE_NUMERALS[n - 1] ?? String(n)}）`;

/** A value in the indicator's unit: 812.00元/生, 0.625人/百名学生. */
const withUnit = (x: number | null, unit: string) => `${quantity(x, unit)}${unit}`;
/** An amount to add in its real unit: 250000.00元, 3人. */
const amount = (x: number, unit: string) => `${amountText(x, unit)}${unit}`;

/**
 * How far a coefficient is over its limit, as printed: “超出0.0512”. At the limit's edge the rounded
 * coefficient can equal the limit while the full-precision one is above it (domain.md §2.4); the
 * sentence then says so instead of printing 超出0.0000.
 */
function excess(i: IndicatorCoefficient): string {
  const over = cv((i.cv ?? 0) - i.limit);
  return Number(over) > 0 ? `超出${over}` : `按全部精度比较高于标准，四舍五入后与标准相同`;
}

function schoolList(list: readonly Contribution[], unit: string): string {
  return list.map((c) => `${c.schoolName}（${withUnit(c.value, unit)}，贡献${percent(c.share)}）`).join('、');
}

/** Indicators whose coefficient decides the section and fails: per indicator, or all above the limit when the composite fails. */
function failingIndicators(result: BalanceResult, s: SectionSummary): IndicatorCoefficient[] {
  if (result.profile.cvTest === 'composite') {
    if (s.composite.pass !== false) return [];
    return s.indicators.filter((i) => i.cv !== null && i.cv > i.limit).sort((a, b) => (b.cv ?? 0) - (a.cv ?? 0));
  }
  return s.indicators.filter((i) => i.pass === false);
}

/** One recommendation per failing coefficient: its excess, the schools that pull it, what to do first. */
function coefficientItems(result: BalanceResult): string[] {
  const out: string[] = [];
  for (const s of result.sections) {
    const failing = failingIndicators(result, s);
    if (failing.length === 0) continue;
    if (result.profile.cvTest === 'composite') {
      // Single coefficients are not judged under this standard: one item for the composite, naming
      // the single coefficients above the limit and the schools below the mean on the highest one.
      const worst = failing[0];
      const table = worst && result.contributions.find((t) => t.section === s.section && t.code === worst.code);
      const below = table ? table.contributions.filter((c) => c.share > 0 && c.deviation < 0).slice(0, 3) : [];
      out.push(
        `缩小${s.label}校际差距。${s.label}综合差异系数为${cv(s.composite.cv)}，标准为不高于${limit(s.composite.limit)}。${
          failing.length
            ? `单项差异系数高于${limit(s.composite.limit)}的有${failing.map((i) => `${i.name}（${cv(i.cv)}）`).join('、')}，应作为缩小差距的重点${
                below.length ? `；其中${worst.name}低于全县平均值（${withUnit(worst.mean, worst.unit)}）、对差异影响最大的是${schoolList(below, worst.unit)}` : ''
              }。`
            : `各单项差异系数均不高于${limit(s.composite.limit)}，差距分散在各项指标。`
        }`,
      );
      continue;
    }
    for (const i of failing) {
      const table = result.contributions.find((t) => t.section === s.section && t.code === i.code);
      const contributing = table?.contributions.filter((c) => c.share > 0) ?? [];
      const below = contributing.filter((c) => c.deviation < 0).slice(0, 3);
      const above = contributing.filter((c) => c.deviation > 0).slice(0, 2);
      const gapped = new Set(result.gaps.items.filter((g) => g.section === s.section && g.code === i.code).map((g) => g.schoolName));
      const belowShort = below.filter((c) => gapped.has(c.schoolName));
      const parts = [
        `缩小${s.label}${i.name}的校际差距。该项差异系数为${cv(i.cv)}，标准为不高于${limit(i.limit)}，${excess(i)}；全县平均值为${withUnit(i.mean, i.unit)}。`,
      ];
      if (below.length) parts.push(`低于全县平均值、对差异影响最大的是${schoolList(below, i.unit)}`);
      if (above.length) parts.push(`${below.length ? '；' : ''}高于全县平均值较多的是${schoolList(above, i.unit)}`);
      if (below.length || above.length) parts.push('。');
      if (below.length) {
        parts.push(
          `建议优先补足低于全县平均值学校的${result.profile.indicators.find((d) => d.code === i.code)?.gap.what ?? i.name}${
            belowShort.length ? `，其中${belowShort.map((c) => c.schoolName).join('、')}同时未达到学校标准，需补足的数量见下文` : ''
          }。`,
        );
      }
      out.push(parts.join(''));
    }
  }
  return out;
}

/** Against the 85 % value of the standards table (表1): the per-school rule allows one indicator there. */
const STATUS_TEXT: Record<GapItem['status'], string> = { within85: '不低于', below: '低于' };

/**
 * The shortfalls table: one row per school section and unmet indicator, with what closes it. It is
 * an attachment's landscape table (638 pt): school names, figures and the status stay on one line;
 * the indicator's name with its unit takes what is left and wraps between words.
 */
function gapTable(result: BalanceResult): TableBlock {
  const order = new Map(result.profile.indicators.map((d, k) => [d.code, k]));
  const sections = result.sections.map((s) => s.section);
  const items = [...result.gaps.items].sort((a, b) => sections.indexOf(a.section) - sections.indexOf(b.section) || (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
  // The unit goes with the indicator's name, so the number columns hold bare figures on one line.
  const rows: string[][] = items.map((g) => [
    `${g.schoolName}（${BALANCE_SECTION_LABELS[g.section]}）`,
    // The axis-label form (体育、艺术专任教师数): the unit says “per 100 pupils”, 表1 gives the full name.
    `${shortName(g.name)}（${g.indicatorUnit}）`,
    quantity(g.value, g.indicatorUnit),
    quantity(g.threshold, g.indicatorUnit),
    quantity(g.shortfall, g.indicatorUnit),
    amount(g.planAmount, g.unit),
    g.sharedFacility ? amount(g.planSchoolWideAmount, g.unit) : '—',
    STATUS_TEXT[g.status],
  ]);
  // The school-wide column only when a 一贯制 school's shared facility falls short.
  const shared = items.some((g) => g.sharedFacility);
  const keep = <T,>(list: T[]) => list.filter((_, k) => k !== 6 || shared);
  const header = ['学校（学段）', '指标（单位）', '现值', '标准值', '差额', '需增加', '全校需增加', '对照85%值'];
  const fontSize = 10.5;
  const col = (k: number) => fitWidth([header[k], ...rows.map((r) => r[k])], fontSize);
  const columns = columnsInPoints(
    keep<TableColumn | 'flex'>([{ width: col(0), align: 'left' }, 'flex', ...[2, 3, 4, 5, 6, 7].map((k) => ({ width: col(k) }))]),
    { align: 'left' },
    LANDSCAPE_TEXT_WIDTH_PT,
    96,
  );
  return { type: 'table', fontSize, columns, header: [keep(header)], rows: rows.map(keep) };
}

/** What the shortfalls table's columns mean; printed above the table so it is never left alone on a page. */
function gapKey(result: BalanceResult): string {
  const items = result.gaps.items;
  const shared = items.some((g) => g.sharedFacility);
  return `说明：差额＝标准值－现值，单位同指标；需增加为达到标准值需增加的${[...new Set(items.map((g) => g.what))].join('、')}，人数、教室数向上取整，面积、金额保留两位小数。${
    shared ? '一贯制学校各学段共用的校舍、场地和设备按学段分摊，“全校需增加”为全校需增加的数量，本学段只分摊其中一部分。' : ''
  }“对照85%值”栏指现值不低于或低于表1所列的85%值。`;
}

/** Title of the shortfalls attachment. */
export const GAP_ATTACHMENT_TITLE = '未达到学校标准值的指标及需补足的数量';

/**
 * The shortfalls as a landscape attachment (its key above the table), or null when the standard has
 * no per-school values or no school falls short.
 */
export function gapAttachment(result: BalanceResult): Attachment | null {
  if (!result.profile.perSchoolRule || result.gaps.items.length === 0) return null;
  return { title: GAP_ATTACHMENT_TITLE, landscape: true, blocks: [{ type: 'paragraph', text: gapKey(result) }, gapTable(result)] };
}

/** County totals per section and indicator of what the shortfalls add up to. */
function totalsSentence(result: BalanceResult): string {
  const totals = result.gaps.totals.filter((t) => t.schools > 0);
  return totals.map((t) => `${BALANCE_SECTION_LABELS[t.section]}${t.what}${amount(t.planAmount, t.unit)}（${t.schools}所）`).join('、');
}

function attainmentItem(result: BalanceResult, gapRef: string): string | null {
  if (!result.profile.perSchoolRule || result.gaps.items.length === 0) return null;
  const failing = result.sections
    .filter((s) => s.attainment && s.attainment.fail > 0)
    .map((s) => `${s.label}${s.attainment!.fail}所`)
    .join('、');
  const schools = new Set(result.gaps.items.map((g) => `${g.schoolId}|${g.section}`)).size;
  const head = `补齐学校办学条件短板。${failing ? `未达到学校标准的学校：${failing}。` : '各校均达到学校标准，但仍有指标低于标准值。'}`;
  return `${head}共有${schools}所学校（学段）的${result.gaps.items.length}项指标低于标准值，逐项差额和需增加的数量见${gapRef}；全县合计需增加${totalsSentence(result)}。`;
}

function missingItem(result: BalanceResult): string | null {
  const missing = result.warnings.filter((w) => w.kind === 'missingData' || w.kind === 'noPupils');
  if (missing.length === 0) return null;
  const names = [...new Set(missing.map((w) => (w.schoolName ? `${w.schoolName}${w.section ? `（${BALANCE_SECTION_LABELS[w.section]}）` : ''}` : '')).filter(Boolean))];
  return `补齐统计数据。${names.length}所学校（学段）共${missing.length}处数据缺失，相应指标未纳入测算${names.length ? `（${names.slice(0, 10).join('、')}${names.length > 10 ? '等' : ''}）` : ''}，详见“测算范围”；补齐后应重新测算。`;
}

/** Sections whose verdict cannot be given for a reason other than missing data (no schools, a zero mean). */
function undecidedItem(result: BalanceResult): string | null {
  const undecided = result.sections.filter((s) => s.pass === null);
  if (undecided.length === 0) return null;
  const why = (s: SectionSummary) => {
    if (s.schoolCount === 0) return '没有纳入测算的学校';
    const notes = [...new Set(s.indicators.filter((i) => i.pass === null && i.note).map((i) => `${i.name}${i.note}`))];
    return notes.join('；') || '差异系数无法计算';
  };
  return `核实测算范围。${undecided.map((s) => `${s.label}${why(s)}`).join('；')}，无法判定；请核实该学段的学校和统计数据后重新测算。`;
}

/** When every section passes and no school falls short: the highest coefficient per section, to watch next year. */
function watchItem(result: BalanceResult): string {
  const composite = result.profile.cvTest === 'composite';
  const tops = result.sections
    .map((s) => ({ s, top: [...s.indicators].filter((i) => i.cv !== null).sort((a, b) => (b.cv ?? 0) - (a.cv ?? 0))[0] }))
    .filter((x) => x.top)
    // Under a composite standard single coefficients are not judged: no limit beside them.
    .map(({ s, top }) => `${s.label}${top.name}（${cv(top.cv)}${composite ? '' : `，标准${limit(top.limit)}`}）`);
  const schools = result.profile.perSchoolRule ? '各校各项指标均达到学校标准值，' : '';
  return `保持均衡水平。本次测算${composite ? '综合差异系数' : '各项差异系数'}均达到要求，${schools}建议按年度统计数据复测${tops.length ? `，重点关注${composite ? '单项' : ''}差异系数最高的${tops.join('、')}` : ''}。`;
}

/**
 * The 建议 blocks: numbered items （一）（二）… with the lead phrase in 楷体. `gapRef` names where the
 * shortfalls table is (附件3, see gapAttachment); null when there is none.
 */
export function recommendationBlocks(result: BalanceResult, gapRef: string | null): Block[] {
  const coefficient = coefficientItems(result);
  const attainment = gapRef ? attainmentItem(result, gapRef) : null;
  const missing = missingItem(result);
  const undecided = missing ? null : undecidedItem(result);
  const items = [...coefficient, ...(attainment ? [attainment] : []), ...(missing ? [missing] : []), ...(undecided ? [undecided] : [])];
  // Only when every verdict is given and favourable: nothing above may be left unsaid.
  if (items.length === 0 && result.sections.length > 0) items.push(watchItem(result));
  const blocks: Block[] = [];
  items.forEach((text, k) => {
    const cut = text.indexOf('。') + 1;
    blocks.push({ type: 'paragraph', runs: [{ text: `${itemNo(k + 1)}${text.slice(0, cut)}`, font: 'kaiti' }, { text: text.slice(cut) }] });
  });
  return blocks;
}
