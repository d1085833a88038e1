/** The balance report's tables: per-school indicator values, coefficients against limits, contributions. */
import type { BalanceResult, SectionSummary } from '../../../../shared/domain/balance';
import type { TableBlock, TableCellInput } from '../../model';
import { drivers } from './conclusions';
import { cv, limit, stat, value, whole } from './format';

/** One row per school section: pupils, the indicator values (unmet ones marked *), the school's verdict. */
export function schoolValuesTable(result: BalanceResult, s: SectionSummary): TableBlock {
  const indicators = result.profile.indicators;
  const perSchool = result.profile.perSchoolRule !== null;
  const rows: TableCellInput[][] = [];
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
        return value(v?.value ?? null) + (st === 'below' || st === 'within85' ? '*' : '');
      }),
      ...(perSchool ? [sec.attainment?.verdictLabel ?? '—'] : []),
    ]);
  }
  return {
    type: 'table',
    fontSize: 10,
    // Value columns wide enough for 元/生 figures such as 12345.678* on one line.
    columns: [{ width: 0.7 }, { width: 3.8, align: 'left' }, { width: 1.1 }, ...indicators.map(() => ({ width: 1.5 })), ...(perSchool ? [{ width: 1.3 }] : [])],
    header: [
      [
        { text: '序号', rowSpan: 2 },
        { text: '学校（学段）', rowSpan: 2 },
        { text: '学生数', rowSpan: 2 },
        { text: '指标值', colSpan: indicators.length },
        ...(perSchool ? [{ text: '学校达标情况', rowSpan: 2 }] : []),
      ],
      indicators.map((i) => i.code),
    ],
    rows,
    // The codes are column keys only: the note names each in words with its unit.
    note: `注：${indicators.map((i) => `${i.code}为${i.name}（${i.unit}）`).join('；')}。${perSchool ? '带“*”的数值低于学校标准值。' : ''}指标值保留三位小数。`,
  };
}

export function coefficientTable(result: BalanceResult, s: SectionSummary, caption: string): TableBlock {
  const composite = result.profile.cvTest === 'composite';
  const verdict = (pass: boolean | null, tested: boolean) => (!tested ? '不单独判定' : pass === null ? '无法判定' : pass ? '达到' : '未达到');
  const rows: TableCellInput[][] = s.indicators.map((i) => [
    `${i.name}（${i.unit}）`,
    stat(i.mean),
    stat(i.sd),
    cv(i.cv),
    `≤${limit(i.limit)}`,
    verdict(i.pass, i.tested),
  ]);
  rows.push([
    { text: '综合差异系数', colSpan: 3 },
    cv(s.composite.cv),
    `≤${limit(s.composite.limit)}`,
    composite ? verdict(s.composite.pass, s.composite.tested) : '仅供参考',
  ]);
  return {
    type: 'table',
    caption,
    fontSize: 10.5,
    // Mean and SD of 元/生 run to 9 characters (12345.6789): wide enough to stay on one line.
    columns: [{ width: 4.6, align: 'left' }, { width: 1.7 }, { width: 1.7 }, { width: 1.3 }, { width: 1.1 }, { width: 1.3 }],
    header: [['指标（单位）', '全县平均值', '标准差', '差异系数', '标准', '结论']],
    rows,
    note: '注：平均值、标准差为按在校学生数加权的数值，单位同指标；差异系数无单位，保留四位小数。',
  };
}

/** Per indicator: the coefficient and the three schools contributing most to it. */
export function contributionTable(result: BalanceResult, s: SectionSummary, caption: string): TableBlock {
  const rows: TableCellInput[][] = s.indicators.map((i) => {
    const t = result.contributions.find((c) => c.section === s.section && c.code === i.code);
    return [i.name, cv(i.cv), drivers(t).replace(/全县平均值，/g, '平均，') || '—'];
  });
  return {
    type: 'table',
    caption,
    fontSize: 10.5,
    columns: [{ width: 3.2, align: 'left' }, { width: 1.3 }, { width: 6.2, align: 'left' }],
    header: [['指标', '差异系数', '贡献最大的学校（相对全县平均值，贡献占比）']],
    rows,
  };
}
