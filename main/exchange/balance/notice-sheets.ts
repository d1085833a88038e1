import type ExcelJS from 'exceljs';
import type { BalanceView } from '../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS } from '../../../shared/domain/balance';
import { addRow, header } from './sheet-kit';

const SPLIT_MODE = { weighted: '按加权学生数分摊', pupilRatio: '按学生数比例分摊' } as const;
/** What the 计算口径 did with a campus marked 单独评估 (the page's 排除与提示 tags). */
const BASIS_NOTE_KINDS = { folded: '校区并入学校', ownRow: '校区单列', noStatistics: '校区未单列' } as const;

export function writeGuideSheet(wb: ExcelJS.Workbook, view: BalanceView): void {
  const { result, settings } = view;
  const ws = wb.addWorksheet('说明');
  ws.getColumn(1).width = 22;
  ws.getColumn(2).width = 100;
  const s = result.options.split;
  const rows: [string, string][] = [
    ['年份', `${result.year} 年`],
    ['评估标准', `${result.profile.name}；${result.profile.basis}`],
    ...result.profile.notes.map((n, i): [string, string] => [i === 0 ? '判定规则' : '', n]),
    ...result.sections.map((sec): [string, string] => [`${sec.label}结论`, sec.verdictText]),
    ['差异系数计算', '按学生数加权：X̄ = ΣPᵢXᵢ/P，S = √(ΣPᵢ(Xᵢ−X̄)²/P)，CV = S/X̄；未加权差异系数仅作诊断参考，不作判定依据。'],
    ['一贯制学校分摊', `${SPLIT_MODE[s.mode]}；九年一贯制 小学 : 初中 = ${s.nineYear.primary} : ${s.nineYear.junior}；十二年一贯制 ${s.twelveYear.primary} : ${s.twelveYear.junior} : ${s.twelveYear.senior}；完全中学 初中 : 高中 = ${s.completeMiddle.junior} : ${s.completeMiddle.senior}`],
    ['教学点', settings.excludeTeachingPointsBelow === null ? '全部参与计算' : `在校生少于 ${settings.excludeTeachingPointsBelow} 人的教学点不参与计算`],
    ['计算口径', view.basis.description],
    ['数值精度', '表中数值按全精度保存，显示时：差异系数、平均值、标准差保留 4 位小数；指标值、标准值、差额保留 3 位小数；面积、金额保留 2 位小数；人数、间数取整；比例以百分数保留 2 位小数。'],
  ];
  rows.forEach(([k, v]) => {
    const r = ws.addRow([k, v]);
    r.getCell(1).font = { bold: true };
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
}

export function writeNoticesSheet(wb: ExcelJS.Workbook, view: BalanceView): void {
  const ws = wb.addWorksheet('排除与提示');
  header(ws, ['类别', '学校', '学段', '说明'], [14, 28, 8, 90]);
  const sec = (s: 'primary' | 'junior' | null | undefined) => (s ? BALANCE_SECTION_LABELS[s] : '全校');
  for (const n of view.notInOperation) addRow(ws, ['未在办', n.schoolName, '全校', n.reason]);
  for (const e of view.result.exclusions) addRow(ws, [e.warning ? '排除（提示）' : '排除', e.schoolName, sec(e.section), e.reason]);
  for (const n of view.basisNotes) addRow(ws, [BASIS_NOTE_KINDS[n.kind], n.unitName, '全校', n.note]);
  for (const w of view.result.warnings) addRow(ws, [w.kind === 'missingData' ? '数据缺失' : w.kind === 'noPupils' ? '无学生' : '无法计算', w.schoolName ?? '全县', sec(w.section), w.message]);
  for (const n of view.sourceNotes) addRow(ws, ['数据来源', n.schoolName, '全校', n.note]);
  for (const o of view.overrides) addRow(ws, ['人工调整', o.schoolName, BALANCE_SECTION_LABELS[o.section], `${o.targetLabel} = ${o.value} ${o.unit}${o.note ? `（${o.note}）` : ''}`]);
  for (const s of view.result.schools) for (const sb of s.sections) for (const note of sb.notes) addRow(ws, ['计算说明', s.schoolName, BALANCE_SECTION_LABELS[sb.section], note]);
}
