import { sql, type Kysely } from 'kysely';

/**
 * Where in the imported file a statistics value was read: `stat_value_log.file_sheet` (the
 * worksheet; null for CSV, which has none) and `file_row` (the row number as Excel shows it). The
 * history of a field names them (文件“办学条件.xlsx”工作表“学校统计”第 7 行), so a clerk can open the
 * file at the line; the file's sha256 stays recorded for support but is never shown. Values imported
 * before this migration have neither (null): the history says only the file.
 *
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE stat_value_log ADD COLUMN file_sheet TEXT`.execute(db);
  await sql`ALTER TABLE stat_value_log ADD COLUMN file_row INTEGER CHECK (file_row IS NULL OR file_row >= 1)`.execute(db);
}
