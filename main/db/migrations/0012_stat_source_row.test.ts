import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatHistoryEntry } from '../../../shared/api/contracts/statistics';
import { createAppCore } from '../../app/create-app';
import { dispatchOk, tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';
import { MIGRATIONS } from './registry';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-migration-0012-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0012: the sheet and row an imported value was read from', () => {
  it('keeps earlier history (no sheet, no row) and refuses a row number below 1', async () => {
    const v11 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 11));
    v11.raw.prepare("INSERT INTO schools (id, code, name, type, ownership, locality, status, created_at, updated_at) VALUES (1, '3601000001', '城关小学', '小学', '公办', '城区', '在办', 'x', 'x')").run();
    v11.raw.prepare("INSERT INTO school_stats (school_id, campus_id, year, data, updated_at) VALUES (1, NULL, 2025, '{\"books\":9500}', '2025-03-01T08:00:00.000Z')").run();
    v11.raw
      .prepare("INSERT INTO stat_value_log (id, school_id, campus_id, year, field, value, source_kind, operator_name, file_name, file_sha256, batch_id, at) VALUES (9, 1, NULL, 2025, 'books', '9500', 'import', '李科员', '统计.xlsx', ?, 'b1', '2025-03-02T08:00:00.000Z')")
      .run('ab'.repeat(32));
    await v11.close();

    const core = await createAppCore(dir, 'test');
    try {
      const [entry] = await dispatchOk<StatHistoryEntry[]>(core, 'stats.history', { schoolId: 1, year: 2025 });
      expect(entry).toMatchObject({ id: 9, kind: 'import', fileName: '统计.xlsx', fileSheet: null, fileRow: null, fileSha256: 'ab'.repeat(32) });
      const insert = core.database.raw.prepare(
        "INSERT INTO stat_value_log (school_id, campus_id, year, field, value, source_kind, operator_name, file_name, file_sheet, file_row, at) VALUES (1, NULL, 2025, 'books', '9600', 'import', '李科员', '统计.xlsx', '学校统计', ?, 'x')",
      );
      expect(() => insert.run(0)).toThrow(/CHECK constraint failed/);
      insert.run(7);
      const [latest] = await dispatchOk<StatHistoryEntry[]>(core, 'stats.history', { schoolId: 1, year: 2025 });
      expect(latest).toMatchObject({ fileSheet: '学校统计', fileRow: 7 });
    } finally {
      await core.close();
    }
  });
});
