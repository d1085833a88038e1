/**
 * 操作日志: paged reading with filters, the chain check (`audit.verify`, `audit verify`) and the
 * xlsx export — all in Chinese through audit/describe.ts.
 */
import { formatDateTime } from '../../shared/domain/text/datetime';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, type AuditFilter, type AuditPage, type AuditQuery, type AuditVerifyReport } from '../../shared/api/contracts/audit';
import type { FileResult } from '../../shared/api/envelope';
import { timestampForFile } from '../db/connection';
import { auditOperatorNames, auditRowsInOrder, chainHead, filteredAudit, queryAudit } from '../db/repositories/audit-repo';
import { describeRow } from './audit/describe';
import { verifyChain } from './audit/verify';
import { reader, type ServiceContext } from './context';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows one export holds at most (Excel's limit is about a million; a year of an office is far less). */
export const AUDIT_EXPORT_LIMIT = 100_000;

/** One page of the log, newest first, each entry described in Chinese. */
export async function queryAuditLog(ctx: ServiceContext, q: AuditQuery): Promise<AuditPage> {
  const db = reader(ctx);
  const { rows, total } = await queryAudit(db, q, q.page, q.pageSize, q.order);
  return { rows: rows.map(describeRow), total, page: q.page, pageSize: q.pageSize, operators: await auditOperatorNames(db) };
}

/** Checks the whole chain; every altered, removed or inserted entry is named by position. */
export async function verifyAuditLog(ctx: ServiceContext): Promise<AuditVerifyReport> {
  const db = reader(ctx);
  return verifyChain(auditRowsInOrder(db), await chainHead(db));
}

const day = formatDateTime;

/** The filter in words, for the export's 说明 sheet and the CLI. */
export function describeFilter(f: AuditFilter): string[] {
  const out: string[] = [];
  if (f.from) out.push(`自 ${day(f.from)}`);
  if (f.to) out.push(`至 ${day(f.to)} 前`);
  if (f.operator) out.push(`操作人：${f.operator}`);
  if (f.entityType) out.push(`对象类型：${AUDIT_ENTITY_LABELS[f.entityType]}`);
  if (f.action) out.push(`操作：${AUDIT_ACTION_LABELS[f.action]}`);
  if (f.entityId) out.push(`对象编号：${f.entityId}`);
  if (f.batchId) out.push('同一批次');
  if (f.search) out.push(`包含“${f.search}”`);
  return out;
}

/** The filtered log as an xlsx result (like the other exports, by reference), with the chain check stated. */
export async function exportAuditLog(ctx: ServiceContext, f: AuditFilter): Promise<FileResult> {
  const db = reader(ctx);
  const rows = await filteredAudit(db, f, AUDIT_EXPORT_LIMIT + 1);
  const truncated = rows.length > AUDIT_EXPORT_LIMIT;
  const entries = rows.slice(0, AUDIT_EXPORT_LIMIT).map(describeRow);
  const verify = await verifyAuditLog(ctx);
  // ExcelJS on tens of thousands of rows takes seconds: written on a worker thread.
  const { buffer } = await ctx.tasks.run('workbook', { kind: 'audit', entries, info: { filters: describeFilter(f), verify, truncated } });
  return ctx.files.writeResult(`操作日志-${timestampForFile()}.xlsx`, XLSX_MIME, buffer);
}
