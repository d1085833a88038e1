/** 佐证材料 and stored contents (migration 0008): reads take any handle, writes take the unit of work's transaction. */
import type { Selectable } from 'kysely';
import type { Attachment } from '../../../shared/api/contracts/attachments';
import type { Db } from '../connection';
import type { AttachmentsTable } from '../schema';
import type { Tx } from '../unit-of-work';

export type AttachmentRow = Selectable<AttachmentsTable>;

/** A row as the contract shows it. */
export function toAttachment(r: AttachmentRow): Attachment {
  return {
    id: r.id,
    schoolId: r.school_id,
    year: r.year,
    fileName: r.file_name,
    mimeType: r.mime_type,
    bytes: r.bytes,
    sha256: r.blob_sha256,
    note: r.note,
    addedAt: r.added_at,
    addedBy: r.added_by,
  };
}

/** A school's attachments of one year, oldest first. */
export async function listAttachments(db: Db, schoolId: number, year: number): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('school_id', '=', schoolId).where('year', '=', year).orderBy('added_at').orderBy('id').execute();
}

/** Every attachment, or those of a school (and year); for verification. */
export async function findAttachments(db: Db, filter: { schoolId?: number; year?: number } = {}): Promise<AttachmentRow[]> {
  let q = db.selectFrom('attachments').selectAll();
  if (filter.schoolId !== undefined) q = q.where('school_id', '=', filter.schoolId);
  if (filter.year !== undefined) q = q.where('year', '=', filter.year);
  return q.orderBy('school_id').orderBy('year').orderBy('id').execute();
}

export async function getAttachment(db: Db, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The attachment of a school-year holding this content, if any. */
export async function findBySha(db: Db, schoolId: number, year: number, sha256: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('school_id', '=', schoolId).where('year', '=', year).where('blob_sha256', '=', sha256).executeTakeFirst();
}

/** Records a stored content unless it is known already. */
export async function ensureBlob(tx: Tx, row: { sha256: string; bytes: number; created_at: string }): Promise<void> {
  await tx
    .insertInto('blobs')
    .values(row)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export type NewAttachmentRow = Omit<AttachmentRow, 'id'>;

/** Inserts an attachment row and returns it. */
export async function insertAttachment(tx: Tx, row: NewAttachmentRow): Promise<AttachmentRow> {
  return tx.insertInto('attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteAttachment(tx: Tx, id: number): Promise<void> {
  await tx.deleteFrom('attachments').where('id', '=', id).execute();
}

/** Removes the rows of contents nothing uses (no attachment, no file of a round submission, no expert's workbook, no evidence of a rectification item, no returned 整改进展包 workbook); returns how many. */
export async function deleteUnusedBlobRows(tx: Tx): Promise<number> {
  const r = await tx
    .deleteFrom('blobs')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('attachments').select('attachments.id').whereRef('attachments.blob_sha256', '=', 'blobs.sha256'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('round_submission_files').select('round_submission_files.id').whereRef('round_submission_files.blob_sha256', '=', 'blobs.sha256'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('round_expert_submissions').select('round_expert_submissions.id').whereRef('round_expert_submissions.workbook_sha256', '=', 'blobs.sha256'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('rectification_files').select('rectification_files.id').whereRef('rectification_files.blob_sha256', '=', 'blobs.sha256'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('rectification_package_imports').select('rectification_package_imports.id').whereRef('rectification_package_imports.workbook_sha256', '=', 'blobs.sha256'))))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The hashes of every content in use: by an attachment, a file a school submitted in a round, an expert's returned workbook, a rectification item's evidence, or a returned 整改进展包 workbook. */
export async function referencedShas(db: Db): Promise<Set<string>> {
  const rows = await db
    .selectFrom('attachments')
    .select('blob_sha256')
    .union(db.selectFrom('round_submission_files').select('blob_sha256'))
    .union(db.selectFrom('round_expert_submissions').select('workbook_sha256 as blob_sha256'))
    .union(db.selectFrom('rectification_files').select('blob_sha256'))
    .union(db.selectFrom('rectification_package_imports').select('workbook_sha256 as blob_sha256'))
    .execute();
  return new Set(rows.map((r) => r.blob_sha256));
}
