/**
 * The 发文登记: numbers are taken in their own committed transaction before a document is rendered,
 * so a failed render never hands the same number out again; the document marks it used afterwards.
 *
 * A 评估项目's 通知 is one document however often it is generated again (a date corrected, a unit
 * added): its number is recorded with the kind `notice:round:<round uid>`, and generating that
 * round's notice again without a number carries the same one — not a new number each time, which
 * would leave the register full of numbers for one document. A new number is taken only when the
 * user asks for it (取号, then the number in the form) or when the notice's year is no longer the
 * number's year (〔2026〕 cannot stand on a notice dated 2027).
 */
import type { DocumentNumber } from '../../../shared/api/contracts/documents';
import { AppError } from '../../../shared/api/envelope';
import { parseDocNumber } from '../../../shared/domain/documents/doc-number';
import { findNumber, getNumber, insertGivenNumber, insertNextNumber, listNumbers, markNumberUsed, numberAt, numbersOfKind, voidNumber as voidRow } from '../../db/repositories/document-numbers-repo';
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
  /** The register's kind the number is marked used with (markUsed): `notice`, or the round's own. */
  kind: string;
  warnings: string[];
}

/** The 发文登记 kind of one 评估项目's 通知 (by the round's uid, which no other round ever has). */
export const roundNoticeKind = (roundUid: string): string => `notice:round:${roundUid}`;

/**
 * The number a notice will carry: the given one (checked against the register), else — for an
 * 评估项目's notice (`roundKind`, see roundNoticeKind) — the number that round's notice was given
 * for the same year (the one last used, else one taken for it whose document failed), else the
 * next one of `year`. Errors: conflict for a voided number, or one already on another document (a
 * round's own notice may change its title). A number not in the register is allowed, with a warning.
 */
export async function claimNumber(ctx: ServiceContext, given: string | undefined, title: string, year: number, roundKind?: string): Promise<ClaimedNumber> {
  const kind = roundKind ?? 'notice';
  if (!given) {
    const warnings: string[] = [];
    if (roundKind) {
      const earlier = await numbersOfKind(reader(ctx), roundKind);
      const sameYear = earlier.filter((n) => n.year === year);
      const used = sameYear.filter((n) => n.status === 'used').sort((a, b) => (b.usedAt ?? '').localeCompare(a.usedAt ?? '') || b.id - a.id);
      const kept = used[0] ?? sameYear[0];
      if (kept) return { number: kept.number, id: kept.id, kind, warnings };
      if (earlier.length > 0) warnings.push(`该评估项目的通知原用文号 ${earlier[0]!.number}，与成文日期的年份（${year} 年）不符，已另取 ${year} 年的文号`);
    }
    const row = await reserveNumber(ctx, { year, title, kind });
    return { number: row.number, id: row.id, kind, warnings };
  }
  const row = await findNumber(reader(ctx), given);
  if (!row) return enterGivenNumber(ctx, given, title, year, kind);
  if (row.status === 'void') throw new AppError('conflict', `文号 ${given} 已作废，不能再使用`);
  const sameRoundNotice = roundKind !== undefined && row.kind === roundKind;
  if (row.status === 'used' && row.title && row.title !== title && !sameRoundNotice) {
    throw new AppError('conflict', `文号 ${given} 已用于《${row.title}》，同一文号不能用于两份文件`);
  }
  // The same number and title again is the same document generated again (a date corrected): allowed,
  // but said, so a different document that happens to share the title is not numbered silently.
  const again = row.status === 'used' && !sameRoundNotice ? [`文号 ${row.number} 已用于同名文件《${row.title}》，本次作为该文件重新生成；如是另一份文件，请另行取号`] : [];
  return { number: row.number, id: row.id, kind, warnings: again };
}

/**
 * A number typed by hand that the 发文登记 does not hold yet (a number given out on paper, or one
 * the office keeps for this document) is entered there, so the register stays complete and the
 * next number taken skips it. Refused, by name, when it is not of the form 代字〔年〕序号号, when its
 * year is not the notice's year, or when its sequence number is already taken in that series
 * (城教督〔2026〕12号 and 城教督〔2026〕012号 are one number).
 */
async function enterGivenNumber(ctx: ServiceContext, given: string, title: string, year: number, kind: string): Promise<ClaimedNumber> {
  const parsed = parseDocNumber(given);
  if (!parsed) throw new AppError('invalid_input', `发文字号“${given}”的格式不正确，应写成 城教督〔2026〕12号 这样的格式（机关代字、〔年份〕、序号）`);
  if (parsed.year !== year) throw new AppError('invalid_input', `发文字号 ${parsed.number} 的年份（${parsed.year} 年）与成文日期的年份（${year} 年）不符`);
  const settings = await getDocumentSettings(ctx);
  // A number in the office's own pattern belongs to the office's series (prefix = 机关代字), so the
  // next automatic number counts past it; any other 代字 is a series of its own.
  const prefix = formatDocNumber(settings, parsed.year, parsed.seq) === parsed.number ? settings.numberPrefix : parsed.prefix;
  return unitOfWork(ctx, async (tx, unit) => {
    const row = await insertGivenNumber(tx, { prefix, year: parsed.year, seq: parsed.seq, number: parsed.number, title, kind, at: unit.at, by: unit.operator.name });
    if (!row) {
      const holder = (await findNumber(tx, parsed.number)) ?? (await numberAt(tx, prefix, parsed.year, parsed.seq));
      const what = holder?.title ? `已用于《${holder.title}》` : holder?.status === 'void' ? '已作废' : '已被占用';
      throw new AppError('conflict', `文号 ${parsed.number} 的序号${what}（发文登记中为 ${holder?.number ?? parsed.number}），同一文号不能用于两份文件`);
    }
    unit.audit({ entityType: 'document-number', entityId: row.id, entityName: row.number, action: 'reserve', summary: `登记手填文号：${row.number}`, after: row });
    return { number: row.number, id: row.id, kind, warnings: [] };
  });
}

/**
 * Marks a number used by a rendered document, with the document's title and the register's kind
 * (`notice`, or a round's notice kind: see claimNumber). Audited when it is first used, and when a
 * round's notice generated again under its number changed its title.
 */
export async function markUsed(ctx: ServiceContext, id: number, title: string, kind = 'notice'): Promise<void> {
  await unitOfWork(ctx, async (tx, unit) => {
    const before = await getNumber(tx, id);
    await markNumberUsed(tx, id, title, kind, unit.at);
    if (before?.status === 'used' && before.title !== title) {
      unit.audit({
        entityType: 'document-number',
        entityId: id,
        entityName: before.number,
        action: 'update',
        summary: `文号 ${before.number} 的文件标题改为《${title}》`,
        before: { title: before.title },
        after: { title },
      });
    }
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
