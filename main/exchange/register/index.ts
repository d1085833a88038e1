/** The school register's file exchange: pure functions over Buffers; the caller owns the database. */
export { buildSchoolsTemplate, exportSchoolsWorkbook } from './schools-workbook';
export { buildStatsTemplate, exportStatsWorkbook } from './stats-workbook';
export { parseSchoolsFile, type ParsedSchoolRow, type ParsedSchools, type RejectedSchoolRow, type ColumnRef } from './parse-schools';
export { parseStatsFile, type ParsedStatsRow, type ParsedStats } from './parse-stats';
export { planSchoolImport, type SchoolImportPlan, type SchoolOp } from './plan-schools';
export { planStatsImport, type StatsImportPlan, type StatsOp, type StatsPlanContext } from './plan-stats';
export { checkPlausibility, type PlausibilityNote } from './plausibility';
export { capIssues, mergeIssues, MAX_LISTED_ISSUES } from './issues';
export { SCHOOLS_SHEET, STATS_SHEET, GUIDE_SHEET } from './sheet-names';
