/**
 * `rectification.export` (issue 14 item 7): the 整改台账 of the items a filter selects, as the
 * official landscape table (DOCX or PDF, main/documents/builders/rectification-ledger.ts, typeset
 * on the render task) or as a workbook (xlsx: one row per item with every field, the figures at
 * the time included, and a 说明 sheet naming the filter, the date and the counts per state).
 * Everything is read from the ledger on one day (ledger-service allItems + matches), so the file
 * and the screen's ledger of that day agree item for item.
 */
import type { LedgerExportFormat } from '../../../shared/api/contracts/rectification-outputs';
import { SEVERITY_LABELS, SOURCE_KIND_LABELS, type LedgerFilter, type RectificationItem } from '../../../shared/api/contracts/rectification';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import { RECTIFICATION_STATES, RECTIFICATION_STATE_LABELS, SUPERVISION_LEVEL_LABELS } from '../../../shared/domain/rectification';
import { buildLedgerDoc, filterWords, indicatorText, ledgerTitle, progressText } from '../../documents/builders/rectification-ledger';
import { formatChineseDate } from '../../documents/dates';
import { safeFileName } from '../../documents/write-file';
import { newWorkbook, styleHeaderRow, workbookBuffer } from '../../exchange/register/workbook-style';
import type { ServiceContext } from '../context';
import { getDocumentSettings, regionOf } from '../documents/settings';
import { MIME } from '../documents/mime';
import { todayIso } from '../documents/sources';
import { allItems, matches } from './ledger-service';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The items a filter selects on `today`, with the office and the filter in words. @throws AppError('invalid_input') when none match (Chinese). */
export async function selectedItems(ctx: ServiceContext, filter: LedgerFilter, today: string): Promise<{ items: RectificationItem[]; office: string; region: string; filterText: string }> {
  const [{ items: all }, settings] = await Promise.all([allItems(ctx, today), getDocumentSettings(ctx)]);
  const items = all.filter((i) => matches(i, filter));
  const roundName = filter.roundId !== undefined ? (all.find((i) => i.source.roundId === filter.roundId)?.source.roundName ?? null) : null;
  const filterText = filterWords(filter, roundName);
  if (items.length === 0) {
    throw new AppError('invalid_input', all.length === 0 ? '整改台账中还没有事项，没有可导出的内容' : `没有符合条件（${filterText}）的整改事项，没有可导出的内容，请调整筛选条件`);
  }
  return { items, office: settings.signature, region: regionOf(settings), filterText };
}

/** An ISO date as an Excel date (UTC midnight, which exceljs writes as that day's serial), or null. */
const excelDate = (iso: string | null | undefined): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

/** Every column of the workbook's 整改台账 sheet: header, width, and the cell of an item. */
const COLUMNS: { header: string; width: number; value: (i: RectificationItem) => string | number | Date | null; numFmt?: string }[] = [
  { header: '编号', width: 10, value: (i) => i.number },
  { header: '问题来源类别', width: 16, value: (i) => SOURCE_KIND_LABELS[i.source.kind] },
  { header: '问题来源', width: 30, value: (i) => i.source.text },
  { header: '评估项目', width: 24, value: (i) => i.source.roundName ?? '' },
  { header: '数据年度', width: 8, value: (i) => i.source.year },
  { header: '指标', width: 24, value: (i) => indicatorText(i) },
  { header: '学段', width: 6, value: (i) => (i.source.section === 'primary' ? '小学' : i.source.section === 'junior' ? '初中' : '') },
  { header: '涉及学校', width: 20, value: (i) => (i.owner.kind === 'school' ? i.ownerName : '') },
  { header: '问题描述', width: 40, value: (i) => i.problem },
  { header: '当时数值', width: 10, value: (i) => i.source.measure?.value ?? null },
  { header: '标准', width: 10, value: (i) => i.source.measure?.standard ?? null },
  { header: '计量单位', width: 10, value: (i) => (i.source.measure ? i.source.measure.unit || '（系数，无单位）' : '') },
  { header: '达标方向', width: 8, value: (i) => (i.source.measure ? (i.source.measure.direction === 'higher' ? '不低于标准' : '不高于标准') : '') },
  { header: '整改目标', width: 30, value: (i) => i.target },
  { header: '整改措施', width: 40, value: (i) => i.measures },
  { header: '责任单位', width: 20, value: (i) => i.ownerName },
  { header: '责任单位类别', width: 10, value: (i) => (i.owner.kind === 'school' ? '学校' : '部门') },
  { header: '配合单位', width: 20, value: (i) => i.cooperating },
  { header: '责任人', width: 10, value: (i) => i.person },
  { header: '问题程度', width: 8, value: (i) => SEVERITY_LABELS[i.severity] },
  { header: '整改时限', width: 14, value: (i) => excelDate(i.deadline), numFmt: 'yyyy"年"m"月"d"日"' },
  { header: '状态', width: 12, value: (i) => i.stateLabel },
  { header: '距整改时限（天）', width: 10, value: (i) => i.supervision.daysLeft },
  { header: '是否逾期', width: 8, value: (i) => (i.supervision.overdue ? '是' : '否') },
  { header: '督办等级', width: 10, value: (i) => (i.supervision.level ? SUPERVISION_LEVEL_LABELS[i.supervision.level] : '') },
  { header: '督办情况', width: 24, value: (i) => i.supervision.text },
  { header: '进展记录条数', width: 8, value: (i) => i.progressCount },
  { header: '最新进展', width: 40, value: (i) => progressText(i) },
  { header: '报告完成人', width: 10, value: (i) => i.reportedBy?.name ?? '' },
  { header: '核验人', width: 10, value: (i) => i.verification?.by ?? '' },
  { header: '核验日期', width: 14, value: (i) => excelDate(i.verification?.date), numFmt: 'yyyy"年"m"月"d"日"' },
  { header: '核验结果', width: 10, value: (i) => (i.verification ? (i.verification.passed ? '通过' : '未通过') : '') },
  { header: '核验结论', width: 30, value: (i) => i.verification?.result ?? '' },
  { header: '销号日期', width: 14, value: (i) => excelDate(i.closedOn), numFmt: 'yyyy"年"m"月"d"日"' },
  { header: '数据复核', width: 30, value: (i) => i.recheck?.text ?? '' },
  { header: '备注', width: 20, value: (i) => i.remarks },
  { header: '登记人', width: 10, value: (i) => i.createdBy },
];

/**
 * The workbook: 整改台账 (one row per item, every field; the figures at the time as numbers printed
 * with the item's own decimals) and 说明 (title, office, date, filter in words, counts per state,
 * overdue and per colour over the exported items).
 */
export async function ledgerWorkbook(sel: { items: readonly RectificationItem[]; office: string; region: string; filterText: string }, today: string): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('整改台账');
  ws.addRow(COLUMNS.map((c) => c.header));
  styleHeaderRow(ws, COLUMNS.length);
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  COLUMNS.forEach((c, k) => {
    ws.getColumn(k + 1).width = c.width;
    if (c.numFmt) ws.getColumn(k + 1).numFmt = c.numFmt;
  });
  const valueCol = COLUMNS.findIndex((c) => c.header === '当时数值') + 1;
  for (const i of sel.items) {
    const row = ws.addRow(COLUMNS.map((c) => c.value(i)));
    const d = i.source.measure?.decimals;
    // Each item's figures keep the precision they were compared at (0.000 for a coefficient, 0.00 for points).
    if (d !== undefined) for (const c of [valueCol, valueCol + 1]) row.getCell(c).numFmt = d > 0 ? `0.${'0'.repeat(d)}` : '0';
    row.alignment = { vertical: 'top', wrapText: true };
  }
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 20 }, { width: 80 }];
  const exported = sel.items;
  const count = (p: (i: RectificationItem) => boolean) => exported.filter(p).length;
  const rows: [string, string | number][] = [
    ['标题', ledgerTitle(sel.region)],
    ['填报单位', sel.office],
    ['填报日期', formatChineseDate(today)],
    ['筛选条件', sel.filterText],
    ['事项数', exported.length],
    ...RECTIFICATION_STATES.map((s): [string, number] => [RECTIFICATION_STATE_LABELS[s], count((i) => i.state === s)]),
    ['逾期', count((i) => i.supervision.overdue)],
    ...(['red', 'yellow', 'blue'] as const).map((l): [string, number] => [SUPERVISION_LEVEL_LABELS[l], count((i) => i.supervision.level === l)]),
    ['即将到期', count((i) => i.supervision.dueSoon)],
    ['说明', '状态、距整改时限天数、逾期和督办等级按填报日期计算；“当时数值”“标准”为问题登记时的数据（计量单位见“计量单位”列）；“最新进展”为最近一次进展记录。'],
  ];
  for (const r of rows) info.addRow(r).getCell(1).font = { bold: true };
  return workbookBuffer(wb);
}

/**
 * The 整改台账 of the filtered items as one file written for the user and handed out by reference:
 * “城关县义务教育督导评估问题整改台账（2026年11月30日）.docx|pdf|xlsx”. `today` (ISO, default the
 * local date) is the 填报日期 the supervision columns are computed for.
 * @throws AppError('invalid_input') when no item matches the filter (Chinese).
 */
export async function exportLedger(ctx: ServiceContext, filter: LedgerFilter, format: LedgerExportFormat, today = todayIso()): Promise<FileResult> {
  const sel = await selectedItems(ctx, filter, today);
  const name = safeFileName(`${ledgerTitle(sel.region)}（${formatChineseDate(today)}）`);
  if (format === 'xlsx') return ctx.files.writeResult(`${name}.xlsx`, XLSX_MIME, await ledgerWorkbook(sel, today));
  const doc = buildLedgerDoc({ region: sel.region, office: sel.office, date: today, filterText: sel.filterText, items: sel.items });
  const rendered = await ctx.tasks.run('render', { doc, formats: [format] });
  return ctx.files.writeResult(`${name}.${format}`, MIME[format], rendered.files[0]!.buffer);
}
