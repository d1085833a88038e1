import type ExcelJS from 'exceljs';
import type { BalanceResult } from '../../../shared/domain/balance';
import { addRow, fill, header } from './sheet-kit';

const yesNo = (p: boolean | null) => (p === null ? '—' : p ? '是' : '否');

/** Published layout: per section, rows 全县平均值 / 标准差 / 差异系数 / 限值 / 是否达到, indicator columns + 综合. */
export function writeCoefficientSheet(wb: ExcelJS.Workbook, result: BalanceResult): void {
  const ws = wb.addWorksheet('差异系数');
  const codes = result.profile.indicators.map((i) => `${i.code} ${i.name}`);
  header(ws, ['学段', '项目', ...codes, '综合'], [8, 30, ...codes.map(() => 16), 12]);
  for (const s of result.sections) {
    const ind = s.indicators;
    const compositeNote = s.composite.tested ? '' : '（仅供参考）';
    addRow(ws, [s.label, '全县平均值', ...ind.map((i) => i.mean), null], [null, null, ...ind.map(() => 'mean' as const)]);
    addRow(ws, [s.label, '标准差', ...ind.map((i) => i.sd), null], [null, null, ...ind.map(() => 'sd' as const)]);
    const cvRow = addRow(ws, [s.label, '差异系数（按学生数加权）', ...ind.map((i) => i.cv), s.composite.cv], [null, null, ...ind.map(() => 'cv' as const), 'cv']);
    ind.forEach((i, k) => {
      if (i.pass === false) fill(cvRow.getCell(k + 3), 'FFF8D7DA');
    });
    const limits = addRow(ws, [s.label, '限值', ...ind.map((i) => (i.tested ? i.limit : null)), s.composite.tested ? s.composite.limit : null]);
    limits.eachCell((c) => {
      if (typeof c.value === 'number') c.numFmt = '0.00';
    });
    addRow(ws, [s.label, '是否达到', ...ind.map((i) => yesNo(i.pass)), s.composite.tested ? yesNo(s.composite.pass) : `${s.composite.cv === null ? '—' : ''}${compositeNote}`]);
    addRow(ws, [s.label, '参与计算学校数', ...ind.map((i) => i.schoolCount), null]);
    addRow(ws, [s.label, '未加权差异系数（诊断，仅供参考）', ...ind.map((i) => i.unweightedDiagnostic?.cv ?? null), null], [null, null, ...ind.map(() => 'cv' as const)]);
    const verdict = ws.addRow([s.label, '结论', s.verdictText]);
    ws.mergeCells(verdict.number, 3, verdict.number, codes.length + 3);
    ws.addRow([]);
  }
}

export function writeContributionSheet(wb: ExcelJS.Workbook, result: BalanceResult): void {
  const ws = wb.addWorksheet('贡献度');
  header(ws, ['学段', '指标', '排序', '学校', '在校生数', '指标值', '与全县平均值之差', '贡献项 Pᵢ(Xᵢ−X̄)²/P', '占 S² 的比例'], [8, 34, 6, 28, 10, 12, 16, 18, 12]);
  for (const t of result.contributions) {
    const label = result.sections.find((s) => s.section === t.section)?.label ?? t.section;
    t.contributions.forEach((c, i) => {
      const row = addRow(ws, [label, `${t.code} ${t.name}`, i + 1, c.schoolName, c.pupils, c.value, c.deviation, c.term, c.share], [null, null, null, null, 'whole', 'value', 'value', null, 'share']);
      // Terms of per-100 indicators are small: 6 decimals keep them readable.
      row.getCell(8).numFmt = '0.000000';
    });
  }
}
