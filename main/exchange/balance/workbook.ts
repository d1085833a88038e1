/**
 * The 差异系数 workbook: attainment, coefficients laid out as published tables, contributions,
 * gaps with county totals, exclusions and warnings. Cells keep full precision; number formats show
 * the display rounding stated on the 说明 sheet.
 */
import type { BalanceView } from '../../../shared/api/contracts/balance';
import { newWorkbook } from '../register/workbook-style';
import { writeAttainmentSheets } from './attainment-sheets';
import { writeCoefficientSheet, writeContributionSheet } from './coefficient-sheets';
import { writeGapSheets } from './gap-sheets';
import { writeGuideSheet, writeNoticesSheet } from './notice-sheets';

export async function buildBalanceWorkbook(view: BalanceView): Promise<Buffer> {
  const wb = await newWorkbook();
  writeGuideSheet(wb, view);
  writeCoefficientSheet(wb, view.result);
  if (view.result.profile.perSchoolRule) writeAttainmentSheets(wb, view.result);
  writeContributionSheet(wb, view.result);
  if (view.result.profile.perSchoolRule) writeGapSheets(wb, view.result);
  writeNoticesSheet(wb, view);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
