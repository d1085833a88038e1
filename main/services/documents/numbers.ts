/**
 * The 发文登记: numbers are taken in their own committed transaction before a document is rendered,
 * so a failed render never hands the same number out again; the document marks it used afterwards.
 */
import type { DocumentNumber } from '../../../shared/api/contracts/documents';
import { AppError } from '../../../shared/api/envelope';
import { findNumber, getNumber, insertNextNumber, listNumbers, markNumberUsed, voidNumber as voidRow } from '../../db/repositories/document-numbers-repo';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { formatDocNumber, getDocumentSettings } from './settings';

/** Takes the next number of the year in its own unit of work (committed before any rendering), issued by the current operator. */
export async function reserveNumber(ctx: ServiceContext, req: { year?: number; title?: string; kind?: string }): Promise<DocumentNumber> {
  const settings = await getDocumentSettings(ctx);
  const year = req.year ?? new Date().getFullYear();
  return unitOfWork(ctx, async (tx, unit) => {
    const row = await insertNextNumber(tx, {
      prefix: settings.numberPrefix,
      year,
      title: req.title ?? '',
      kind: req.kind ?? 'notice',
      at: unit.at,
      by: unit.operator.name,
      format: (n) => formatDocNumber(settings, year, n),
    });
    unit.audit({ entityType: 'document-number', entityId: row.id, entityName: row.number, action: 'reserve', summary: `取号：${row.number}`, after: row });
    return row;
  });
}

/** The 发文登记, of one year or all. */
export const listDocumentNumbers = (ctx: ServiceContext, year?: number) => listNumbers(reader(ctx), { year });

/** Voids a number that was not used. */
export async function voidNumber(ctx: ServiceContext, id: number): Promise<DocumentNumber> {
  return unitOfWork(ctx, async (tx, unit) => {
    const before = await getNumber(tx, id);
    if (!before) throw new AppError('not_found', `发文登记中没有编号为 ${id} 的文号`);
    if (before.status === 'used') throw new AppError('conflict', `文号 ${before.number} 已用于《${before.title}》，不能作废`);
    await voidRow(tx, id);
    const after = (await getNumber(tx, id))!;
    unit.audit({ entityType: 'document-number', entityId: id, entityName: before.number, action: 'void', summary: `作废文号：${before.number}`, before, after });
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
  const row = await findNumber(reader(ctx), given);
  if (!row) return { number: given, id: null, warnings: [`文号“${given}”不在发文登记中，请核对是否重号`] };
  if (row.status === 'void') throw new AppError('conflict', `文号 ${given} 已作废，不能再使用`);
  if (row.status === 'used' && row.title && row.title !== title) {
    throw new AppError('conflict', `文号 ${given} 已用于《${row.title}》，同一文号不能用于两份文件`);
  }
  return { number: row.number, id: row.id, warnings: [] };
}

/** Marks a number used by a rendered document. */
export async function markUsed(ctx: ServiceContext, id: number, title: string): Promise<void> {
  await unitOfWork(ctx, async (tx, unit) => {
    const before = await getNumber(tx, id);
    await markNumberUsed(tx, id, title, 'notice', unit.at);
    if (before?.status !== 'used') {
      const after = await getNumber(tx, id);
      unit.audit({
        entityType: 'document-number',
        entityId: id,
        entityName: before?.number ?? `文号 ${id}`,
        action: 'issue',
        summary: `发文：${before?.number ?? id}《${title}》`,
        before: before ? { title: before.title, status: before.status, usedAt: before.usedAt } : null,
        after: after ? { title: after.title, status: after.status, usedAt: after.usedAt } : null,
      });
    }
  });
}
