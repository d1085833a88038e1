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

/** Bytes crossing the API: uploads and downloads never pass file-system paths from the renderer. */
export const FilePayload = z.object({
  fileName: z.string().min(1).max(255),
  contentBase64: z.string(),
});
export type FilePayload = z.infer<typeof FilePayload>;

export const FileDownload = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
});
export type FileDownload = z.infer<typeof FileDownload>;

export const Empty = z.object({}).strict().optional().default({});
