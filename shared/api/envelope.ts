import { z } from 'zod';

/** Error codes every door (IPC, web bridge, CLI) reports the same way. */
export const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'import_failed', 'unsupported', 'forbidden', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  /** Chinese, names the place (file, sheet, row, column, school, indicator). */
  message: string;
  details?: unknown;
  /**
   * 错误编号 such as `E-20261129-1A2B3C`, set by the dispatcher on every error it returns; the same
   * number is in the log line of that error, so a user can quote it and support can find the line.
   */
  errorId?: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by services; the dispatcher turns it into an error envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * A file the core is to read, by reference: the contract never carries file contents. A door hands
 * out the reference — browser mode's streamed upload (POST /api/files), Electron's open dialog in the
 * main process, the CLI for a path on its command line — and the core resolves it to a file it
 * reads as a stream. A reference is random, lives in one running program only, and is refused in
 * Chinese once unknown ("请重新选择文件").
 */
export const FileRef = z.object({
  ref: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '文件引用格式不正确，请重新选择文件'),
});
export type FileRef = z.infer<typeof FileRef>;

/** What a door reports after staging a file: the reference plus what the user picked. */
export const StagedFile = FileRef.extend({
  fileName: z.string(),
  /** Size in bytes. */
  bytes: z.number().int().nonnegative(),
});
export type StagedFile = z.infer<typeof StagedFile>;

/**
 * A file the core wrote for the user (an export, a document, a backup): its name, type, size and
 * sha256, and the reference its door fetches it by — browser mode streams GET /api/files/<ref>,
 * Electron copies it through a save dialog in main, the CLI copies it to --out. Never a path.
 */
export const FileResult = z.object({
  ref: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Hex sha256 of the content, computed while it was written. */
  sha256: z.string(),
});
export type FileResult = z.infer<typeof FileResult>;

export const Empty = z.object({}).strict().optional().default({});
