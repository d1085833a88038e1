import { openDatabase, type OpenedDatabase } from '../connection';

/**
 * Closes an opened database completely. `OpenedDatabase.close()` destroys the Kysely handle, which
 * closes the SQLite connection only if Kysely ever ran a query on it; a database opened without
 * pending migrations and closed before any query would stay open (and keep its WAL file).
 */
export async function closeCompletely(opened: OpenedDatabase): Promise<void> {
  try {
    await opened.close();
  } finally {
    if (opened.raw.open) opened.raw.close();
  }
}

/**
 * The app's one open database, which a restore may close and reopen. Whoever holds references to
 * the handle (the service context) is told through `onReopen`, so everything after a restore
 * works on the restored file.
 */
export class LiveDatabase {
  private opened: OpenedDatabase | null;
  /** The database file's path (the same before and after a restore). */
  readonly file: string;

  constructor(
    opened: OpenedDatabase,
    readonly dataDir: string,
    private readonly onReopen: (opened: OpenedDatabase) => void = () => {},
    private readonly open: (dataDir: string) => Promise<OpenedDatabase> = (d) => openDatabase(d),
  ) {
    this.opened = opened;
    this.file = opened.file;
  }

  /** The open database; throws while it is closed for a restore (the dispatcher holds calls back meanwhile). */
  get current(): OpenedDatabase {
    if (!this.opened) throw new Error('数据库正在恢复，暂时关闭');
    return this.opened;
  }

  /** Whether the database is open. */
  get isOpen(): boolean {
    return this.opened !== null;
  }

  /** Closes the database (SQLite checkpoints the WAL and removes it when this was the last connection). */
  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = null;
    if (opened) await closeCompletely(opened);
  }

  /** Opens the data directory's database again (migrating it if needed) and hands it to `onReopen`. */
  async reopen(): Promise<OpenedDatabase> {
    if (this.opened) return this.opened;
    const opened = await this.open(this.dataDir);
    this.opened = opened;
    this.onReopen(opened);
    return opened;
  }
}
