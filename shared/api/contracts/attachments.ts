/**
 * 佐证材料 (attachments): evidence an office keeps for a school's yearly statistics — scans, photos,
 * PDFs, spreadsheets, short videos. Files come in by reference (FileRef: staged upload, Electron's
 * dialog, a CLI path) and go out by reference (FileResult); the contract never carries contents.
 * The contents are stored once per distinct content (sha256) under the data directory, however many
 * schools and years use them; removing an attachment leaves its content to the sweep, which deletes
 * only contents no attachment uses any more.
 */
import { z } from 'zod';
import { FileRef, FileResult } from '../envelope';
import { Year } from './statistics';

/** Extensions accepted as evidence (lower case, without the dot), with the MIME type each is stored and served as. */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  // WPS Office's own writer and spreadsheet formats, common in Chinese offices.
  wps: 'application/vnd.ms-works',
  et: 'application/vnd.ms-excel',
  txt: 'text/plain',
  zip: 'application/zip',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};

/** The accepted extensions with the dot (`.pdf`), for file pickers. */
export const ATTACHMENT_ACCEPT: readonly string[] = Object.keys(ATTACHMENT_TYPES).map((e) => `.${e}`);

/** Largest file accepted as evidence, in bytes (2 GB: a long video of a site visit). */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 ** 3;

/** How the accepted types are described to users (errors, the add button's hint). */
export const ATTACHMENT_TYPES_TEXT = '图片（jpg、png、gif、webp、bmp、tif、heic）、PDF、Word（doc、docx、wps）、Excel（xls、xlsx、et）、txt、zip、视频（mp4、mov）';

/** One file of a school's year. Sizes in bytes, times ISO 8601. */
export const Attachment = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  year: z.number().int(),
  /** The name the user gave the file (cleaned: no folder, no invisible or forbidden characters). */
  fileName: z.string(),
  mimeType: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Hex sha256 of the content (also its name in the store). */
  sha256: z.string(),
  note: z.string().nullable(),
  addedAt: z.string(),
  /** The operator who added it, as the audit log records them. */
  addedBy: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

const SchoolYear = z.object({ schoolId: z.number().int().positive(), year: Year });

/** A school's year: its files (oldest first) and their totals. */
export const AttachmentList = SchoolYear.extend({
  attachments: z.array(Attachment),
  count: z.number().int(),
  /** Sum of the files' sizes, in bytes (as users see them; identical files are counted once per attachment). */
  bytes: z.number().int(),
});
export type AttachmentList = z.infer<typeof AttachmentList>;

export const AttachmentsAddInput = SchoolYear.extend({
  files: z.array(FileRef).min(1, '请选择要添加的文件').max(500, '一次最多添加 500 个文件'),
  /** One note for every file of this add (e.g. “实地核查照片”). */
  note: z.string().trim().max(200, '说明不能超过 200 个字').optional(),
});
export type AttachmentsAddInput = z.infer<typeof AttachmentsAddInput>;

/** What happened to one file of an add: added, or 已存在 (the same content is already attached to this school-year). */
export const AttachmentAddOutcome = z.object({
  /** The name as picked (cleaned). */
  fileName: z.string(),
  status: z.enum(['added', 'existing']),
  /** The new attachment, or the one that already holds the same content. */
  attachment: Attachment,
});
export type AttachmentAddOutcome = z.infer<typeof AttachmentAddOutcome>;

export const AttachmentsAddResult = z.object({
  results: z.array(AttachmentAddOutcome),
  added: z.number().int(),
  existing: z.number().int(),
  /** One Chinese sentence, e.g. “已添加 2 个文件；1 个已存在（内容相同）：照片.jpg”. */
  message: z.string(),
});
export type AttachmentsAddResult = z.infer<typeof AttachmentsAddResult>;

/** What a sweep of the store removed (sizes in bytes). */
export const AttachmentsSweepResult = z.object({
  /** Contents no attachment uses any more, removed (files and their rows). */
  removedFiles: z.number().int(),
  freedBytes: z.number().int(),
  /** Unused contents kept because they were stored less than the grace period ago (an add may be under way). */
  keptRecent: z.number().int(),
  /** Contents in use (never removed). */
  referenced: z.number().int(),
  /** Temporary files of interrupted adds, removed. */
  removedTemps: z.number().int(),
  message: z.string(),
});
export type AttachmentsSweepResult = z.infer<typeof AttachmentsSweepResult>;

/** One attachment whose content is missing or damaged. */
export const AttachmentProblem = z.object({
  attachment: Attachment,
  state: z.enum(['missing', 'corrupt']),
  message: z.string(),
});
export type AttachmentProblem = z.infer<typeof AttachmentProblem>;

export const AttachmentsVerifyReport = z.object({
  ok: z.boolean(),
  /** Attachments checked, and the distinct contents read. */
  checked: z.number().int(),
  contents: z.number().int(),
  bytes: z.number().int(),
  problems: z.array(AttachmentProblem),
  message: z.string(),
});
export type AttachmentsVerifyReport = z.infer<typeof AttachmentsVerifyReport>;

const AttachmentId = z.object({ id: z.number().int().positive() });

/** The 佐证材料 operations. */
export const attachmentsContract = {
  /** A school's files of one year, oldest first, with count and total size. Unknown school: not_found. */
  'attachments.list': { input: SchoolYear, output: AttachmentList },
  /**
   * Adds files to a school's year. Every reference is resolved and every file's type and size checked
   * before anything is stored (an unknown reference: not_found; a type not in ATTACHMENT_TYPES or a
   * file over MAX_ATTACHMENT_BYTES: invalid_input naming the file); then each file is streamed into the
   * store and all rows are written in one unit of work with one audit entry per file added. A file whose
   * content is already attached to this school-year is reported as `existing` and changes nothing.
   */
  'attachments.add': { input: AttachmentsAddInput, output: AttachmentsAddResult },
  /** Removes one attachment (audited); its content stays in the store until a sweep finds it unused. Unknown id: not_found. */
  'attachments.remove': { input: AttachmentId, output: z.object({ removed: Attachment }) },
  /**
   * One attachment's file for download, by reference (FileResult, served from the store under its
   * original name). Its content is hashed on the way; a missing or damaged content is refused in Chinese.
   */
  'attachments.file': { input: AttachmentId, output: FileResult },
  /**
   * Removes stored contents no attachment uses any more (older than the grace period, default 1 hour)
   * and temporary files of interrupted adds; never a content in use. Also runs in the background when
   * the app starts.
   */
  'attachments.sweep': { input: z.object({}).default({}), output: AttachmentsSweepResult },
  /**
   * Re-reads and hashes the contents of a school's year (or of every attachment when no school is
   * given) to find files that are missing or damaged. Reads every byte: slow for large stores.
   */
  'attachments.verify': {
    input: z.object({ schoolId: z.number().int().positive().optional(), year: Year.optional() }).default({}),
    output: AttachmentsVerifyReport,
  },
} as const;
