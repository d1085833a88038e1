/**
 * 操作日志 as xlsx: a 说明 sheet (filters, the chain check), the entries (one row each, the changed
 * fields as “字段：原值 → 新值” lines) and 变更明细 (one row per changed field). Chinese throughout,
 * the same reading as the page.
 */
import type { AuditView, AuditVerifyReport } from '../../../shared/api/contracts/audit';
import { newWorkbook, styleHeaderRow, workbookBuffer } from '../../exchange/register/workbook-style';

const localTime = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/** Builds the workbook from entries already described (describeRow), newest first. */
export async function buildAuditWorkbook(entries: readonly AuditView[], info: { filters: string[]; verify: AuditVerifyReport; truncated: boolean }): Promise<Buffer> {
  const wb = await newWorkbook();

  const guide = wb.addWorksheet('说明');
  guide.getColumn(1).width = 16;
  guide.getColumn(2).width = 100;
  const notes: [string, string][] = [
    ['内容', '督导评估工作台操作日志：每条记录写明操作人、时间、对象、操作和改动的字段（原值 → 新值）'],
    ['导出时间', localTime(new Date().toISOString())],
    ['筛选条件', info.filters.length ? info.filters.join('；') : '全部记录'],
    ['记录条数', `${entries.length} 条${info.truncated ? '（超过导出上限，只含最新的部分，请缩小筛选范围）' : ''}`],
    ['完整性校验', info.verify.message],
    ['链尾校验值', info.verify.headHash ?? '（无记录）'],
    ...info.verify.problems.map((p, i): [string, string] => [i === 0 ? '校验发现' : '', p.message]),
  ];
  for (const [k, v] of notes) {
    const r = guide.addRow([k, v]);
    r.getCell(1).font = { bold: true };
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }

  const ws = wb.addWorksheet('操作日志');
  const headers = ['序号', '时间', '操作人', '科室', '对象类型', '对象', '操作', '内容', '改动字段（原值 → 新值）', '批次'];
  const widths = [8, 20, 14, 14, 14, 28, 12, 48, 60, 12];
  ws.addRow(headers);
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  styleHeaderRow(ws, headers.length);
  const batchNo = new Map<string, number>();
  const batchOf = (id: string | null) => {
    if (!id) return '';
    if (!batchNo.has(id)) batchNo.set(id, batchNo.size + 1);
    return `第 ${batchNo.get(id)} 批`;
  };
  for (const e of entries) {
    const office = e.operatorId === null ? '（系统账户）' : e.operatorOffice;
    const changes = e.changes.map((c) => `${c.label}：${c.before} → ${c.after}`).join('\n');
    const row = ws.addRow([e.seq, localTime(e.at), e.operatorName, office, e.entityTypeLabel, e.entityName, e.actionLabel, e.summary, changes, batchOf(e.batchId)]);
    row.alignment = { vertical: 'top', wrapText: true };
  }

  const detail = wb.addWorksheet('变更明细');
  const dHeaders = ['序号', '时间', '操作人', '对象类型', '对象', '操作', '字段', '原值', '新值'];
  detail.addRow(dHeaders);
  [8, 20, 14, 14, 28, 12, 36, 30, 30].forEach((w, i) => (detail.getColumn(i + 1).width = w));
  styleHeaderRow(detail, dHeaders.length);
  for (const e of entries) {
    for (const c of e.changes) {
      detail.addRow([e.seq, localTime(e.at), e.operatorName, e.entityTypeLabel, e.entityName, e.actionLabel, c.label, c.before, c.after]).alignment = { vertical: 'top', wrapText: true };
    }
  }
  return workbookBuffer(wb);
}
