/**
 * The 发文登记: numbers are taken in their own committed transaction before a document is rendered,
 * so a failed render never hands the same number out again; the document marks it used afterwards.
 */
import type { DocumentNumber } from '../../../shared/api/contracts/documents';
import { AppError } from '../../../shared/api/envelope';
import { writeAudit } from '../../db/repositories/audit-repo';
import { findNumber, getNumber, insertNextNumber, listNumbers, markNumberUsed, voidNumber as voidRow } from '../../db/repositories/document-numbers-repo';
import type { ServiceContext } from '../context';
import { formatDocNumber, getDocumentSettings } from './settings';

export async function reserveNumber(ctx: ServiceContext, req: { year?: number; title?: string; kind?: string }): Promise<DocumentNumber> {
  const settings = await getDocumentSettings(ctx);
  const year = req.year ?? new Date().getFullYear();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertNextNumber(trx, {
      prefix: settings.numberPrefix,
      year,
      title: req.title ?? '',
      kind: req.kind ?? 'notice',
      at: new Date().toISOString(),
      by: ctx.actor,
      format: (n) => formatDocNumber(settings, year, n),
    });
    await writeAudit(trx, { actor: ctx.actor, action: 'reserve', entity: 'document-number', entityId: row.id, summary: `取号：${row.number}`, after: row });
    return row;
  });
}

export const listDocumentNumbers = (ctx: ServiceContext, year?: number) => listNumbers(ctx.db, { year });

export async function voidNumber(ctx: ServiceContext, id: number): Promise<DocumentNumber> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getNumber(trx, id);
    if (!before) throw new AppError('not_found', `发文登记中没有编号为 ${id} 的文号`);
    if (before.status === 'used') throw new AppError('conflict', `文号 ${before.number} 已用于《${before.title}》，不能作废`);
    await voidRow(trx, id);
    const after = (await getNumber(trx, id))!;
    await writeAudit(trx, { actor: ctx.actor, action: 'void', entity: 'document-number', entityId: id, summary: `作废文号：${before.number}`, before, after });
    return after;
  });
}

export interface ClaimedNumber {
  number: string;
  /** Register row, when the number is in the register. */
  id: number | null;
  warnings: string[];
}

/** The number a document will carry: the given one (checked against the register) or the next one. */
export async function claimNumber(ctx: ServiceContext, given: string | undefined, title: string, year: number): Promise<ClaimedNumber> {
  if (!given) {
    const row = await reserveNumber(ctx, { year, title, kind: 'notice' });
    return { number: row.number, id: row.id, warnings: [] };
  }
  const row = await findNumber(ctx.db, given);
  if (!row) return { number: given, id: null, warnings: [`文号“${given}”不在发文登记中，请核对是否重号`] };
  if (row.status === 'void') throw new AppError('conflict', `文号 ${given} 已作废，不能再使用`);
  if (row.status === 'used' && row.title && row.title !== title) {
    throw new AppError('conflict', `文号 ${given} 已用于《${row.title}》，同一文号不能用于两份文件`);
  }
  return { number: row.number, id: row.id, warnings: [] };
}

export async function markUsed(ctx: ServiceContext, id: number, title: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await getNumber(trx, id);
    await markNumberUsed(trx, id, title, 'notice', new Date().toISOString());
    if (before?.status !== 'used') {
      await writeAudit(trx, { actor: ctx.actor, action: 'issue', entity: 'document-number', entityId: id, summary: `发文：${before?.number ?? id}《${title}》` });
    }
  });
}
