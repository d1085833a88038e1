import path from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact, redactText } from './redact';
import { RotatingFileStream } from './rotating-file';

export type { Logger } from 'pino';

/** Folder under the data directory that holds the log files. */
export const LOG_DIR_NAME = 'logs';

/** Where and how createLogger writes. */
export interface LoggerOptions {
  /** The data directory: logs go to `<dataDir>/logs/desk-YYYY-MM-DD.log`. */
  dataDir?: string;
  /** Any destination instead of the rotating files (tests collect lines this way). */
  destination?: DestinationStream;
  /** pino level; `SUPERVISION_DESK_LOG_LEVEL` overrides the default `info`. */
  level?: string;
  /** Rotation limits of the files (see RotatingFileStream). */
  maxBytes?: number;
  maxFiles?: number;
  /** Fields on every line, e.g. `{ mode: 'web' }`. */
  base?: Record<string, unknown>;
}

/** The logger plus what its owner must release when the app closes. */
export interface AppLogger {
  log: Logger;
  /** The folder of the log files, or null when logging to another destination. */
  dir: string | null;
  close(): void;
}

/**
 * The product's structured logger (pino, one JSON object per line). Every object and message passes
 * the redaction of redact.ts, so fields named token, cookie, authorization, password or secret and
 * file contents never reach the file, whoever logs them. Modules take a child:
 * `log.child({ module: 'backup' })`.
 */
export function createLogger(options: LoggerOptions = {}): AppLogger {
  let dir: string | null = null;
  let file: RotatingFileStream | null = null;
  let destination = options.destination;
  if (!destination) {
    if (!options.dataDir) throw new Error('createLogger needs a dataDir or a destination');
    dir = path.join(options.dataDir, LOG_DIR_NAME);
    file = new RotatingFileStream({ dir, maxBytes: options.maxBytes, maxFiles: options.maxFiles });
    destination = file;
  }
  const log = pino(
    {
      level: options.level ?? process.env.SUPERVISION_DESK_LOG_LEVEL ?? 'info',
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redact(object) as Record<string, unknown> },
      // Errors are already `{ type, message, stack, code }` after redact(); pino's own err serializer would rename them.
      serializers: { err: (e: unknown) => e, msg: (m: unknown) => (typeof m === 'string' ? redactText(m) : m) },
    },
    destination,
  );
  return { log, dir, close: () => file?.close() };
}

/** A logger that writes nothing, for callers that were given none (tests, tools). */
export function silentLogger(): Logger {
  return pino({ enabled: false });
}
