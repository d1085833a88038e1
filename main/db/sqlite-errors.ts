/**
 * SQLite failures recognised by the driver's extended result code (`err.code` of better-sqlite3's
 * SqliteError, e.g. `SQLITE_CONSTRAINT_UNIQUE`), never by the English message text, which SQLite
 * does not promise to keep.
 */
export type SqliteErrorCode =
  | 'SQLITE_CONSTRAINT_UNIQUE'
  | 'SQLITE_CONSTRAINT_PRIMARYKEY'
  | 'SQLITE_CONSTRAINT_FOREIGNKEY'
  | 'SQLITE_CONSTRAINT_NOTNULL'
  | 'SQLITE_CONSTRAINT_CHECK'
  | 'SQLITE_BUSY';

/** Whether `error` is an SQLite error with the given extended code. */
export function isSqliteError(error: unknown, code: SqliteErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Whether `error` is a UNIQUE (or primary key) constraint failure. */
export function isUniqueViolation(error: unknown): boolean {
  return isSqliteError(error, 'SQLITE_CONSTRAINT_UNIQUE') || isSqliteError(error, 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
