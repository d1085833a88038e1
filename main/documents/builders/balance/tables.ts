/**
 * The balance report's tables: per-school indicator values, coefficients against limits,
 * contributions. Column widths are planned in points of the text block (442 pt portrait, 638 pt
 * landscape; the model's widths are relative, so points are as good as any unit) from what the
 * cells hold, so figures, short headers and school names stay on one line.
 */
import type { BalanceResult, SectionSummary } from '../../../../shared/domain/balance';
import { LANDSCAPE_TEXT_WIDTH_PT, TEXT_WIDTH_PT } from '../../layout';
import type { TableBlock, TableCellInput, TableColumn } from '../../model';
import { widthInChars } from '../../text-width';
import { drivers } from './conclusions';
import { cv, limit, quantity, whole } from './format';

/** Cell padding both sides (plan.ts CELL_PADDING), the rule, and a little room. */
const CELL_EXTRA_PT = 2 * 4 + 0.5 + 3;

/**
 * Width of `text` in em of the report's faces: CJK and full-width forms 1, “≤” and “%” 1 (the CJK faces
 * draw them full width), other ASCII (digits, “.”, “/”, “*”) 0.52 so numbers never come out narrower than
 * the serif digits the PDF draws.
 */
function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    if (ch === '%' || ch === '≤') w += 1;
    else w += widthInChars(ch) === 1 ? 1 : 0.52;
  }
  return w;
}

/**
 * Points a column needs to hold each of `texts` on one line at `fontSize`; at most `maxChars`
 * characters wide (longer texts wrap), so one very long school name cannot squeeze the rest.
 */
export function fitWidth(texts: readonly string[], fontSize: number, maxChars = 16): number {
  return Math.min(maxChars, Math.max(...texts.map(emWidth), 1)) * fontSize + CELL_EXTRA_PT;
}

/**
 * Columns from fixed widths in points plus one flexible column that takes what is left of
 * `total` (at least `minFlex` points). Widths stay relative in the model; here they add up to the
 * text width so they land as planned.
 */
export function columnsInPoints(fixed: (TableColumn | 'flex')[], flex: Omit<TableColumn, 'width'>, total: number, minFlex: number): TableColumn[] {
  const used = fixed.reduce((n, c) => n + (c === 'flex' ? 0 : c.width), 0);
  const rest = Math.max(minFlex, total - used);
  return fixed.map((c) => (c === 'flex' ? { ...flex, width: rest } : c));
}

/** One row per school section: pupils, the indicator values (unmet ones marked *), the school's verdict. */
export function schoolValuesTable(result: BalanceResult, s: SectionSummary): TableBlock {
  const indicators = result.profile.indicators;
  const perSchool = result.profile.perSchoolRule !== null;
  const rows: string[][] = [];
  for (const school of result.schools) {
    const sec = school.sections.find((x) => x.section === s.section);
    if (!sec) continue;
    const status = new Map(sec.attainment?.indicators.map((i) => [i.code, i.status]) ?? []);
    rows.push([
      String(rows.length + 1),
      school.schoolName,
      whole(sec.pupils),
      ...indicators.map((ind, k) => {
        const v = sec.values[k];
        const st = status.get(ind.code);
        return quantity(v?.value ?? null, ind.unit) + (st === 'below' || st === 'within85' ? '*' : '');
      }),
      ...(perSchool ? [sec.attainment?.verdictLabel ?? '—'] : []),
    ]);
  }
  const fontSize = 10;
  const col = (k: number, header: string[]) => fitWidth([...header, ...rows.map((r) => r[k])], fontSize);
  const verdictAt = 3 + indicators.length;
  const columns = columnsInPoints(
    [
      { width: col(0, ['序号']) },
      'flex',
      { width: col(2, ['学生数']) },
      ...indicators.map((ind, k) => ({ width: col(3 + k, [ind.code]) })),
      ...(perSchool ? [{ width: col(verdictAt, ['达标情况']) }] : []),
    ],
    { align: 'left' },
    LANDSCAPE_TEXT_WIDTH_PT,
    fitWidth(['学校（学段）'], fontSize),
  );
  return {
    type: 'table',
    fontSize,
    columns,
    header: [
      [
        { text: '序号', rowSpan: 2 },
        { text: '学校（学段）', rowSpan: 2 },
        { text: '学生数', rowSpan: 2 },
        { text: '指标值', colSpan: indicators.length },
        ...(perSchool ? [{ text: '达标情况', rowSpan: 2 }] : []),
      ],
      indicators.map((i) => i.code),
    ],
    rows,
  };
}

/**
 * The key to the attachment's column codes, printed above the table (under the attachment's
 * title) so it is read first and can never be left alone on a page after the table.
 */
export function schoolValuesKey(result: BalanceResult): string {
  const perSchool = result.profile.perSchoolRule !== null;
  return `说明：${result.profile.indicators.map((i) => `${i.code}为${i.name}（${i.unit}）`).join('；')}。${perSchool ? '带“*”的数值低于学校标准值（见表1）。' : ''}`;
}

export function coefficientTable(result: BalanceResult, s: SectionSummary, caption: string): TableBlock {
  const composite = result.profile.cvTest === 'composite';
  const verdict = (pass: boolean | null, tested: boolean) => (!tested ? '不单独判定' : pass === null ? '无法判定' : pass ? '达到' : '未达到');
  const rows: string[][] = s.indicators.map((i) => [`${i.name}（${i.unit}）`, quantity(i.mean, i.unit), quantity(i.sd, i.unit), cv(i.cv), `≤${limit(i.limit)}`, verdict(i.pass, i.tested)]);
  const total = ['综合差异系数', '', '', cv(s.composite.cv), `≤${limit(s.composite.limit)}`, composite ? verdict(s.composite.pass, s.composite.tested) : '仅供参考'];
  const header = ['指标（单位）', '全县平均值', '标准差', '差异系数', '标准', '结论'];
  const fontSize = 10.5;
  const col = (k: number) => fitWidth([header[k], ...[...rows, total].map((r) => r[k])], fontSize);
  return {
    type: 'table',
    caption,
    fontSize,
    columns: columnsInPoints(['flex', ...[1, 2, 3, 4, 5].map((k) => ({ width: col(k) }))], { align: 'left' }, TEXT_WIDTH_PT, 120),
    header: [header],
    rows: [...rows, [{ text: total[0], colSpan: 3 }, total[3], total[4], total[5]]],
    note: '注：全县平均值、标准差为按在校学生数加权的数值，单位同指标；差异系数无单位。',
  };
}

/** Per indicator: the coefficient and the three schools contributing most to it. */
export function contributionTable(result: BalanceResult, s: SectionSummary, caption: string): TableBlock {
  const rows: TableCellInput[][] = s.indicators.map((i) => {
    const t = result.contributions.find((c) => c.section === s.section && c.code === i.code);
    return [i.name, cv(i.cv), drivers(t).replace(/全县平均值，/g, '平均，') || '—'];
  });
  const fontSize = 10.5;
  return {
    type: 'table',
    caption,
    fontSize,
    columns: columnsInPoints([{ width: 130, align: 'left' }, { width: fitWidth(['差异系数', '0.0000'], fontSize) }, 'flex'], { align: 'left' }, TEXT_WIDTH_PT, 200),
    header: [['指标', '差异系数', '贡献最大的学校（相对全县平均值，贡献占比）']],
    rows,
  };
}
