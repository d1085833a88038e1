/**
 * 佐证材料: files an office keeps as evidence for a school's yearly statistics. Contents go into the
 * content-addressed store (main/files/blob-store.ts) before the unit of work that records them, so
 * the transaction never waits on file I/O; a store whose rows then fail to commit leaves only
 * unreferenced blobs, which the sweep removes. Removing an attachment deletes its row only: the
 * content stays until a sweep finds no attachment using it.
 */
import {
  ATTACHMENT_TYPES,
  ATTACHMENT_TYPES_TEXT,
  MAX_ATTACHMENT_BYTES,
  type Attachment,
  type AttachmentAddOutcome,
  type AttachmentList,
  type AttachmentProblem,
  type AttachmentsAddInput,
  type AttachmentsAddResult,
  type AttachmentsSweepResult,
  type AttachmentsVerifyReport,
} from '../../shared/api/contracts/attachments';
import { AppError, type FileResult } from '../../shared/api/envelope';
import { cleanName } from '../../shared/domain/text/normalize';
import * as repo from '../db/repositories/attachments-repo';
import { safeFileName } from '../documents/write-file';
import { blobPath, putBlob, sweepBlobs, verifyBlob, type SweepOptions } from '../files/blob-store';
import { formatBytes, type LocalFile } from '../files/file-refs';
import { reader, unitOfWork, type ServiceContext } from './context';
import { findSchool } from './schools-service';

/**
 * A user's file name as stored and shown: no folder, normalised text (invisible characters and odd
 * spaces removed), characters Windows forbids replaced, a safe length; the extension kept whole
 * because it decides the type.
 */
export function cleanAttachmentName(raw: string): string {
  const base = cleanName(raw.split(/[\\/]/).pop() ?? '');
  const m = /^(.*?)(\.[A-Za-z0-9]{1,10})?$/.exec(base)!;
  return `${safeFileName(m[1] || '文件', 100, 180)}${m[2] ?? ''}`;
}

/** The MIME type of an accepted file name (by extension, any case), or null when the type is not accepted. */
export function attachmentMimeType(fileName: string): string | null {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext !== undefined && Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, ext) && ATTACHMENT_TYPES[ext]) || null;
}

/** “城关小学 2025 年：照片.jpg”: how the log names one attachment. */
const entityName = (schoolName: string, year: number, fileName: string) => `${schoolName} ${year} 年：${fileName}`;

/** The fields the log records for an attachment. */
// The type follows from the file name and is not recorded; the content's sha256 is kept (which content
// was added) but not shown to readers of the log (see HIDDEN in audit/describe.ts).
const snapshot = (a: Attachment) => ({ year: a.year, fileName: a.fileName, bytes: a.bytes, sha256: a.sha256, note: a.note });

/** A school's files of one year, oldest first, with count and total size (bytes). */
export async function listAttachments(ctx: ServiceContext, schoolId: number, year: number): Promise<AttachmentList> {
  const db = reader(ctx);
  await findSchool(db, schoolId);
  const attachments = (await repo.listAttachments(db, schoolId, year)).map(repo.toAttachment);
  return { schoolId, year, attachments, count: attachments.length, bytes: attachments.reduce((s, a) => s + a.bytes, 0) };
}

export interface CheckedFile {
  local: LocalFile;
  fileName: string;
  mimeType: string;
}

/**
 * The checks an add makes before copying anything — the school exists, every file is of an allowed
 * type, not empty and not too large — so a job is refused at its start, never recorded as a failure.
 * Throws the same Chinese AppError the add would.
 */
export async function checkAttachmentsAdd(ctx: ServiceContext, input: AttachmentsAddInput): Promise<void> {
  await findSchool(reader(ctx), input.schoolId);
  checkFiles(ctx, input.files);
}

/**
 * Resolves file references and checks each (allowed type, not empty, not too large); all problems
 * in one Chinese message (invalid_input). Also used for a rectification item's evidence.
 */
export function checkFiles(ctx: ServiceContext, refs: { ref: string }[]): CheckedFile[] {
  const problems: string[] = [];
  const checked: CheckedFile[] = [];
  for (const { ref } of refs) {
    const local = ctx.files.resolve(ref);
    const fileName = cleanAttachmentName(local.fileName);
    const mimeType = attachmentMimeType(fileName);
    if (!mimeType) {
      problems.push(`不能添加“${fileName}”：佐证材料只接受${ATTACHMENT_TYPES_TEXT}`);
    } else if (local.bytes > MAX_ATTACHMENT_BYTES) {
      problems.push(`不能添加“${fileName}”：文件有 ${formatBytes(local.bytes)}，超过单个文件上限 ${formatBytes(MAX_ATTACHMENT_BYTES)}`);
    } else if (local.bytes === 0) {
      problems.push(`不能添加“${fileName}”：这是一个空文件（0 字节）`);
    } else {
      checked.push({ local, fileName, mimeType });
    }
  }
  if (problems.length) throw new AppError('invalid_input', `${problems.join('；')}。未添加任何文件。`, { problems });
  return checked;
}

/** What an add run as a job adds: the cancel check and progress per file. */
export interface AddHooks {
  /** Throws when the job was cancelled. */
  check?: () => void;
  progress?: (done: number, total: number, message: string) => Promise<void>;
}

/**
 * Adds files (by reference) to a school's year: all checked first, then streamed into the store one
 * by one, then recorded in one unit of work with one audit entry per file added. Content already
 * attached to this school-year (also twice in one call) is reported as 已存在 and changes nothing.
 * @throws AppError not_found (unknown school or reference), invalid_input (type, size, empty file; names the file).
 */
export async function addAttachments(ctx: ServiceContext, input: AttachmentsAddInput, hooks: AddHooks = {}): Promise<AttachmentsAddResult> {
  const { schoolId, year } = input;
  const note = input.note ? cleanName(input.note) || null : null;
  await findSchool(reader(ctx), schoolId);
  const files = checkFiles(ctx, input.files);
  const stored: (CheckedFile & { sha256: string; bytes: number })[] = [];
  for (const f of files) {
    // Between files, never half-way through one: a cancelled add stores no rows (contents already
    // copied are unreferenced and go with the next sweep).
    hooks.check?.();
    await hooks.progress?.(stored.length, files.length, `正在存入“${f.fileName}”（${formatBytes(f.local.bytes)}）`);
    const tooLarge = () => new AppError('invalid_input', `不能添加“${f.fileName}”：文件超过单个文件上限 ${formatBytes(MAX_ATTACHMENT_BYTES)}（读取时文件仍在变大）。未添加任何文件。`);
    const put = await putBlob(ctx.dataDir, f.local, { maxBytes: MAX_ATTACHMENT_BYTES, tooLarge });
    stored.push({ ...f, sha256: put.sha256, bytes: put.bytes });
  }
  hooks.check?.();
  await hooks.progress?.(stored.length, files.length, '写入数据库');
  const results = await unitOfWork(
    ctx,
    async (tx, unit) => {
      // The school may have been deleted while the files were being stored.
      const school = await findSchool(tx, schoolId);
      const out: AttachmentAddOutcome[] = [];
      for (const f of stored) {
        const existing = await repo.findBySha(tx, schoolId, year, f.sha256);
        if (existing) {
          out.push({ fileName: f.fileName, status: 'existing', attachment: repo.toAttachment(existing) });
          continue;
        }
        await repo.ensureBlob(tx, { sha256: f.sha256, bytes: f.bytes, created_at: unit.at });
        const row = await repo.insertAttachment(tx, {
          school_id: schoolId,
          year,
          blob_sha256: f.sha256,
          file_name: f.fileName,
          mime_type: f.mimeType,
          bytes: f.bytes,
          note,
          added_at: unit.at,
          added_by: unit.operator.name,
        });
        const attachment = repo.toAttachment(row);
        unit.audit({
          entityType: 'attachment',
          entityId: row.id,
          entityName: entityName(school.name, year, f.fileName),
          action: 'create',
          summary: `为“${school.name}”${year} 年添加佐证材料“${f.fileName}”（${formatBytes(f.bytes)}）`,
          after: snapshot(attachment),
        });
        out.push({ fileName: f.fileName, status: 'added', attachment });
      }
      return out;
    },
    { batch: stored.length > 1 },
  );
  const added = results.filter((r) => r.status === 'added').length;
  const existing = results.filter((r) => r.status === 'existing');
  const parts = [added ? `已添加 ${added} 个文件` : '没有添加新文件'];
  if (existing.length) {
    const names = existing.map((r) => (r.fileName === r.attachment.fileName ? `“${r.fileName}”` : `“${r.fileName}”（与“${r.attachment.fileName}”相同）`));
    parts.push(`${existing.length} 个已存在（内容相同）：${names.join('、')}`);
  }
  return { results, added, existing: existing.length, message: parts.join('；') };
}

/** Removes one attachment (audited). Its content stays in the store until a sweep finds it unused. */
export async function removeAttachment(ctx: ServiceContext, id: number): Promise<{ removed: Attachment }> {
  return unitOfWork(ctx, async (tx, unit) => {
    const row = await repo.getAttachment(tx, id);
    if (!row) throw new AppError('not_found', `找不到编号为 ${id} 的佐证材料（可能已被删除）`);
    const school = await findSchool(tx, row.school_id);
    const removed = repo.toAttachment(row);
    await repo.deleteAttachment(tx, id);
    unit.audit({
      entityType: 'attachment',
      entityId: id,
      entityName: entityName(school.name, row.year, row.file_name),
      action: 'delete',
      summary: `删除“${school.name}”${row.year} 年的佐证材料“${row.file_name}”`,
      before: snapshot(removed),
    });
    return { removed };
  });
}

/**
 * One attachment's file for its door to fetch (served from the store under the name the user gave
 * it). Its content is hashed while published, so damage is found here rather than by the user.
 * @throws AppError not_found (unknown id, content missing), internal (content damaged).
 */
export async function attachmentFile(ctx: ServiceContext, id: number): Promise<FileResult> {
  const row = await repo.getAttachment(reader(ctx), id);
  if (!row) throw new AppError('not_found', `找不到编号为 ${id} 的佐证材料（可能已被删除）`);
  return publishStoredFile(ctx, { sha256: row.blob_sha256, mimeType: row.mime_type, fileName: row.file_name }, '请从原件重新添加');
}

/**
 * A stored content (blob) for its door to fetch under the name the user gave it, hashed while
 * published so damage is found here rather than by the user; also a rectification item's evidence.
 * `again` is what the user should do when it is missing or damaged (“请从原件重新添加”).
 * @throws AppError not_found (content missing), internal (content damaged).
 */
export async function publishStoredFile(ctx: ServiceContext, f: { sha256: string; mimeType: string; fileName: string }, again: string): Promise<FileResult> {
  let result: FileResult;
  try {
    result = await ctx.files.publishFile(blobPath(ctx.dataDir, f.sha256), f.mimeType, f.fileName);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT' || code === 'EISDIR') throw new AppError('not_found', `佐证材料“${f.fileName}”的文件内容已丢失（数据目录的 blobs 文件夹中找不到），${again}`);
    throw e;
  }
  if (result.sha256 !== f.sha256) throw new AppError('internal', `佐证材料“${f.fileName}”的文件内容已损坏（与添加时的校验值不符），${again}`);
  return result;
}

/**
 * Removes contents no attachment uses (rows and files; files only once older than the grace
 * period) and temporary files of interrupted adds. A content in use is never removed.
 */
export async function sweepAttachmentBlobs(ctx: ServiceContext, options: Pick<SweepOptions, 'graceMs'> = {}): Promise<AttachmentsSweepResult> {
  // Rows first: an add committed after this reads its content as in use (and its file is recent anyway).
  await unitOfWork(ctx, (tx) => repo.deleteUnusedBlobRows(tx));
  const referenced = await repo.referencedShas(reader(ctx));
  const r = await sweepBlobs(ctx.dataDir, referenced, options);
  const message =
    r.removed || r.removedTemps
      ? `已清理 ${r.removed} 个不再使用的文件${r.removedTemps ? `和 ${r.removedTemps} 个未完成的临时文件` : ''}，释放 ${formatBytes(r.freedBytes + r.freedTempBytes)}`
      : '没有需要清理的文件';
  return {
    removedFiles: r.removed,
    freedBytes: r.freedBytes + r.freedTempBytes,
    keptRecent: r.keptRecent,
    referenced: referenced.size,
    removedTemps: r.removedTemps,
    message: r.keptRecent ? `${message}（${r.keptRecent} 个刚存入的文件暂时保留）` : message,
  };
}

/** Re-reads and hashes the contents of a school's year, or of every attachment; lists every attachment whose content is missing or damaged. */
export async function verifyAttachments(ctx: ServiceContext, filter: { schoolId?: number; year?: number }): Promise<AttachmentsVerifyReport> {
  const db = reader(ctx);
  if (filter.schoolId !== undefined) await findSchool(db, filter.schoolId);
  const rows = (await repo.findAttachments(db, filter)).map(repo.toAttachment);
  const states = new Map<string, Awaited<ReturnType<typeof verifyBlob>>>();
  let bytes = 0;
  for (const a of rows) {
    if (states.has(a.sha256)) continue;
    const s = await verifyBlob(ctx.dataDir, a.sha256);
    states.set(a.sha256, s);
    if (s.state !== 'missing') bytes += s.bytes;
  }
  const problems: AttachmentProblem[] = [];
  for (const a of rows) {
    const s = states.get(a.sha256)!;
    if (s.state === 'ok') continue;
    const what = s.state === 'missing' ? '文件内容已丢失' : '文件内容已损坏（与添加时的校验值不符）';
    problems.push({ attachment: a, state: s.state, message: `${a.year} 年“${a.fileName}”（编号 ${a.id}）：${what}` });
  }
  const message =
    rows.length === 0
      ? '没有需要检查的佐证材料'
      : problems.length
        ? `检查了 ${rows.length} 份佐证材料，发现 ${problems.length} 份有问题，请从原件重新添加`
        : `检查了 ${rows.length} 份佐证材料（${states.size} 个文件，${formatBytes(bytes)}），全部完好`;
  return { ok: problems.length === 0, checked: rows.length, contents: states.size, bytes, problems, message };
}
