import type ExcelJS from 'exceljs';
import { BALANCE_SECTION_LABELS, kindOfUnit, type BalanceResult } from '../../../shared/domain/balance';
import { addRow, header } from './sheet-kit';

/** 达标差距: what each school needs in real units; 差距汇总: county totals per section and indicator. */
export function writeGapSheets(wb: ExcelJS.Workbook, result: BalanceResult): void {
  const ws = wb.addWorksheet('达标差距');
  header(
    ws,
    ['学校', '学段', '指标', '状态', '指标值', '标准值', '差额（指标单位）', '需增加', '达到标准需增加', '达到85%需增加', '单位', '共用设施全校需新增'],
    [28, 8, 34, 16, 10, 10, 14, 28, 14, 14, 8, 18],
  );
  for (const g of result.gaps.items) {
    const k = kindOfUnit(g.unit);
    addRow(
      ws,
      [g.schoolName, BALANCE_SECTION_LABELS[g.section], `${g.code} ${g.name}`, g.status === 'below' ? '低于85%' : '未达标但不低于85%', g.value, g.threshold, g.shortfall, g.what, g.planAmount, g.planAmountToFloor, g.unit, g.sharedFacility ? g.planSchoolWideAmount : null],
      [null, null, null, null, 'value', 'threshold', 'shortfall', null, k, k, null, k],
    );
  }
  const totals = wb.addWorksheet('差距汇总');
  header(totals, ['学段', '指标', '需增加', '未达标学校数', '达到标准合计需增加', '达到85%合计需增加', '单位'], [8, 34, 28, 14, 18, 18, 8]);
  for (const t of result.gaps.totals) {
    const k = kindOfUnit(t.unit);
    addRow(totals, [BALANCE_SECTION_LABELS[t.section], `${t.code} ${t.name}`, t.what, t.schools, t.planAmount, t.planAmountToFloor, t.unit], [null, null, null, 'whole', k, k]);
  }
}
