import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';

// The schema an empty database has after every migration, compared with schema.snapshot.txt.
// When this fails, the diff shows what the migrations now create differently. If the change is
// intended (a new migration), update the snapshot deliberately and commit it with the migration:
//
//   npx vitest run main/db/migrations/schema-snapshot.test.ts -u
//
// and review `git diff main/db/migrations/schema.snapshot.txt`: it must show only what the new
// migration is meant to change. A change to the lines of an older migration means that migration
// was edited after release, which databases already migrated past it will never see.

const SNAPSHOT = './schema.snapshot.txt';

const oneLine = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

/** Tables (with columns in order, keys and indexes), views and triggers, as stable readable text. */
function dumpSchema(raw: BetterSqlite3.Database): string {
  const out: string[] = [`user_version ${raw.pragma('user_version', { simple: true })}`];
  const objects = raw
    .prepare(`SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, tbl_name, name`)
    .all() as { type: string; name: string; tableName: string; sql: string | null }[];
  for (const table of objects.filter((o) => o.type === 'table')) {
    out.push('', `table ${table.name}`);
    const columns = raw.prepare(`SELECT * FROM pragma_table_xinfo(?)`).all(table.name) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }[];
    for (const c of columns) {
      const flags = [c.type || '(no type)', c.notnull ? 'NOT NULL' : '', c.pk ? `PK${c.pk}` : '', c.dflt_value !== null ? `DEFAULT ${c.dflt_value}` : '', c.hidden ? `HIDDEN${c.hidden}` : ''];
      out.push(`  column ${c.name}: ${flags.filter(Boolean).join(' ')}`);
    }
    const keys = raw.prepare(`SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(table.name) as {
      id: number;
      table: string;
      from: string;
      to: string | null;
      on_update: string;
      on_delete: string;
    }[];
    for (const k of keys) out.push(`  foreign key ${k.from} → ${k.table}(${k.to ?? ''}) on update ${k.on_update} on delete ${k.on_delete}`);
    const indexes = raw.prepare(`SELECT * FROM pragma_index_list(?) ORDER BY name`).all(table.name) as { name: string; unique: number; origin: string; partial: number }[];
    for (const i of indexes) {
      const cols = (raw.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as { name: string | null }[]).map((c) => c.name ?? '(expression)');
      const label = i.name.startsWith('sqlite_autoindex_') ? `(automatic, ${i.origin === 'pk' ? 'primary key' : 'unique'})` : i.name;
      out.push(`  index ${label}: ${i.unique ? 'UNIQUE ' : ''}(${cols.join(', ')})${i.partial ? ' partial' : ''}`);
    }
    out.push(`  sql: ${oneLine(table.sql)}`);
  }
  const rest = objects.filter((o) => o.type !== 'table' && o.sql !== null);
  if (rest.length) out.push('');
  for (const o of rest) out.push(`${o.type} ${o.name} on ${o.tableName}: ${oneLine(o.sql)}`);
  return `${out.join('\n')}\n`;
}

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('database schema', () => {
  it('an empty database migrated to the latest version matches schema.snapshot.txt', async () => {
    dir = tempDir('desk-schema-');
    const opened = await openDatabase(dir);
    try {
      await expect(dumpSchema(opened.raw)).toMatchFileSnapshot(
        SNAPSHOT,
        'the migrations create a different schema than main/db/migrations/schema.snapshot.txt; if intended, run `npx vitest run main/db/migrations/schema-snapshot.test.ts -u` and commit the snapshot (see the top of this test)',
      );
    } finally {
      await opened.close();
    }
  });
});
