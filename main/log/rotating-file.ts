import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** Folder of the log files, created private to the user when missing. */
  dir: string;
  /** File names are `<prefix>-YYYY-MM-DD.log`, then `<prefix>-YYYY-MM-DD.1.log`, `.2.log` … within a day. */
  prefix?: string;
  /** A file that reaches this size is closed and the next index of the day is opened. */
  maxBytes?: number;
  /** How many log files are kept; older ones are deleted when a file is opened. */
  maxFiles?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

interface LogFileName {
  name: string;
  day: string;
  index: number;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** The local calendar day `YYYY-MM-DD` of a date: a log file holds one day as the office PC's clock shows it. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${p2(date.getMonth() + 1)}-${p2(date.getDate())}`;
}

function parseName(prefix: string, name: string): LogFileName | null {
  const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?\\.log$`).exec(name);
  return m ? { name, day: m[1], index: m[2] ? Number(m[2]) : 0 } : null;
}

/** Log files of `prefix` in `dir`, oldest first (by day, then by index within the day). */
export function listLogFiles(dir: string, prefix = 'desk'): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => parseName(prefix, n))
    .filter((f): f is LogFileName => f !== null)
    .sort((a, b) => (a.day === b.day ? a.index - b.index : a.day < b.day ? -1 : 1))
    .map((f) => f.name);
}

/**
 * A synchronous, append-only log destination for pino that starts a new file every day and whenever
 * a file reaches `maxBytes`, and keeps only the newest `maxFiles` files. Synchronous writes mean the
 * line describing a crash is on disk before the process dies; no worker thread is involved, so it
 * behaves the same in Electron's main process, browser mode and the CLI. A failing disk never takes
 * the app down: writing stops quietly after the first error.
 */
export class RotatingFileStream {
  readonly dir: string;
  private readonly prefix: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly now: () => Date;
  private fd: number | null = null;
  private size = 0;
  private day = '';
  private index = 0;
  private nextDayAt = 0;
  private broken = false;
  /** Path of the file being written, or null before the first write. */
  currentFile: string | null = null;

  constructor(options: RotatingFileOptions) {
    this.dir = options.dir;
    this.prefix = options.prefix ?? 'desk';
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.maxFiles = Math.max(1, options.maxFiles ?? 30);
    this.now = options.now ?? (() => new Date());
  }

  /** Appends one chunk (pino hands over whole lines); rotates first when the day changed or the file is full. */
  write(chunk: string): boolean {
    if (this.broken) return true;
    try {
      const bytes = Buffer.byteLength(chunk);
      const now = this.now();
      if (this.fd === null || now.getTime() >= this.nextDayAt || localDay(now) !== this.day) this.openFor(now, false);
      else if (this.size > 0 && this.size + bytes > this.maxBytes) this.openFor(now, true);
      fs.writeSync(this.fd!, chunk);
      this.size += bytes;
    } catch {
      this.broken = true;
      this.closeFd();
    }
    return true;
  }

  /** Closes the current file; a later write opens it again. */
  close(): void {
    this.closeFd();
  }

  private closeFd() {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    this.fd = null;
  }

  private openFor(now: Date, full: boolean) {
    this.closeFd();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const day = localDay(now);
    if (day !== this.day) {
      // Continue today's newest file after a restart instead of starting a new index each time.
      const today = listLogFiles(this.dir, this.prefix)
        .map((n) => parseName(this.prefix, n)!)
        .filter((f) => f.day === day);
      this.index = today.length ? today[today.length - 1].index : 0;
      this.day = day;
    }
    for (;;) {
      const file = path.join(this.dir, this.index === 0 ? `${this.prefix}-${day}.log` : `${this.prefix}-${day}.${this.index}.log`);
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      if (full || size >= this.maxBytes) {
        full = false;
        this.index++;
        continue;
      }
      this.fd = fs.openSync(file, 'a', 0o600);
      this.size = size;
      this.currentFile = file;
      break;
    }
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    this.nextDayAt = midnight.getTime();
    this.prune();
  }

  private prune() {
    const files = listLogFiles(this.dir, this.prefix);
    for (const name of files.slice(0, Math.max(0, files.length - this.maxFiles))) {
      const full = path.join(this.dir, name);
      if (full === this.currentFile) continue;
      try {
        fs.rmSync(full, { force: true });
      } catch {
        // a file held open elsewhere is removed next time
      }
    }
  }
}
