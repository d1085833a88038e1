import type ExcelJS from 'exceljs';
import { ATTAINMENT_STATUS_LABELS, BALANCE_SECTION_LABELS, type BalanceResult } from '../../../shared/domain/balance';
import { addRow, fill, header, STATUS_FILL } from './sheet-kit';

/** 学校达标: one row per school section with the seven values coloured by status; 达标明细: every value against its threshold. */
export function writeAttainmentSheets(wb: ExcelJS.Workbook, result: BalanceResult): void {
  const inds = result.profile.indicators;
  const ws = wb.addWorksheet('学校达标');
  header(ws, ['学校', '学校类型', '学段', '在校生数', ...inds.map((i) => `${i.code} ${i.name}（${i.unit}）`), '达标项数', '结论', '说明'], [28, 12, 8, 10, ...inds.map(() => 14), 10, 10, 60]);
  for (const s of result.schools) {
    for (const sb of s.sections) {
      const a = sb.attainment;
      if (!a) continue;
      const row = addRow(
        ws,
        [s.schoolName, s.schoolType, BALANCE_SECTION_LABELS[sb.section], sb.pupils, ...a.indicators.map((i) => i.value), `${a.metCount}/${a.indicators.length}`, a.verdictLabel, a.explanation],
        [null, null, null, 'whole', ...inds.map(() => 'value' as const)],
      );
      a.indicators.forEach((i, k) => fill(row.getCell(5 + k), STATUS_FILL[i.status]));
      if (a.verdict === 'fail') row.getCell(6 + inds.length).font = { bold: true, color: { argb: 'FFC00000' } };
    }
  }

  const detail = wb.addWorksheet('达标明细');
  header(detail, ['学校', '学段', '指标', '单位', '指标值', '标准值', '85%底线', '状态', '差额（距标准值）', '差额（距85%底线）', '缺失数据'], [28, 8, 36, 14, 12, 10, 10, 18, 16, 16, 30]);
  for (const s of result.schools) {
    for (const sb of s.sections) {
      for (const i of sb.attainment?.indicators ?? []) {
        const row = addRow(
          detail,
          [s.schoolName, BALANCE_SECTION_LABELS[sb.section], `${i.code} ${i.name}`, i.unit, i.value, i.threshold, i.floor, ATTAINMENT_STATUS_LABELS[i.status], i.shortfall, i.shortfallToFloor, i.missing.map((m) => m.label).join('、') || null],
          [null, null, null, null, 'value', 'threshold', 'threshold', null, 'shortfall', 'shortfall'],
        );
        fill(row.getCell(8), STATUS_FILL[i.status]);
      }
    }
  }
}
