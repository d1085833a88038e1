import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../app/create-app';
import { dispatchOk, tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';
import { MIGRATIONS } from './registry';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-migration-0008-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const AT = '2025-03-01T08:00:00.000Z';
const TABLES = ['schools', 'school_stats', 'stat_value_log', 'audit_log', 'jobs'];

describe('migration 0008: attachments and stored contents', () => {
  it('migrates a database at version 7 keeping every row, and the new tables work', async () => {
    const v7 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 7));
    expect(v7.raw.pragma('user_version', { simple: true })).toBe(7);
    v7.raw.prepare("INSERT INTO schools (id, code, name, type, ownership, locality, status, created_at, updated_at) VALUES (1, '3601000001', '城关小学', '小学', '公办', '城区', '在办', ?, ?)").run(AT, AT);
    v7.raw.prepare('INSERT INTO school_stats (school_id, campus_id, year, data, updated_at) VALUES (1, NULL, 2025, ?, ?)').run(JSON.stringify({ pupilsPrimary: 320 }), AT);
    v7.raw.prepare("INSERT INTO stat_value_log (school_id, campus_id, year, field, value, source_kind, at) VALUES (1, NULL, 2025, 'pupilsPrimary', '320', 'manual', ?)").run(AT);
    v7.raw
      .prepare("INSERT INTO jobs (id, kind, title, parameters, state, operator_name, created_at) VALUES ('j1', 'documents.batch', '批量导出文书（1 份）', '{}', '已完成', '王督学', ?)")
      .run(AT);
    await v7.close();
    const file = path.join(dir, 'supervision-desk.sqlite');
    const before = new BetterSqlite3(file, { readonly: true });
    const old = Object.fromEntries(TABLES.map((t) => [t, before.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    before.close();

    const core = await createAppCore(dir, 'test');
    try {
      expect(core.database.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      for (const t of TABLES) {
        // Later migrations may add columns; every old column keeps its value.
        const rows = core.database.raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[];
        expect(rows.map((r, i) => Object.fromEntries(Object.keys((old[t] as object[])[i]).map((k) => [k, r[k]])))).toEqual(old[t]);
      }
      expect(core.database.raw.prepare('SELECT COUNT(*) AS n FROM attachments').get()).toEqual({ n: 0 });
      expect(await dispatchOk(core, 'attachments.list', { schoolId: 1, year: 2025 })).toEqual({ schoolId: 1, year: 2025, attachments: [], count: 0, bytes: 0 });
      const staged = await core.ctx.files.stage(
        (async function* () {
          yield Buffer.from('%PDF-1.4 scan');
        })(),
        '核查记录.pdf',
      );
      const added = await dispatchOk(core, 'attachments.add', { schoolId: 1, year: 2025, files: [{ ref: staged.ref }] });
      expect(added.added).toBe(1);
      // An attachment cannot name an unknown school or content.
      expect(() => core.database.raw.prepare("INSERT INTO attachments (school_id, year, blob_sha256, file_name, mime_type, bytes, added_at, added_by) VALUES (99, 2025, ?, 'x.pdf', 'application/pdf', 1, ?, 'x')").run(added.results[0].attachment.sha256, AT)).toThrow(/FOREIGN KEY/);
      expect(() => core.database.raw.prepare("INSERT INTO attachments (school_id, year, blob_sha256, file_name, mime_type, bytes, added_at, added_by) VALUES (1, 2025, 'unknown', 'x.pdf', 'application/pdf', 1, ?, 'x')").run(AT)).toThrow(/FOREIGN KEY/);
    } finally {
      await core.close();
    }
  });
});
