import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatHistoryEntry } from '../../../shared/api/contracts/statistics';
import { createAppCore } from '../../app/create-app';
import { dispatchOk, tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';
import { MIGRATIONS } from './registry';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-migration-0010-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0010: values entered in the year grid', () => {
  it('keeps every recorded source and its order, and then accepts the grid as a source', async () => {
    const v9 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 9));
    v9.raw.prepare("INSERT INTO schools (id, code, name, type, ownership, locality, status, created_at, updated_at) VALUES (1, '3601000001', '城关小学', '小学', '公办', '城区', '在办', 'x', 'x')").run();
    v9.raw.prepare("INSERT INTO school_stats (school_id, campus_id, year, data, updated_at) VALUES (1, NULL, 2025, '{\"books\":9500}', '2025-03-01T08:00:00.000Z')").run();
    const log = v9.raw.prepare("INSERT INTO stat_value_log (id, school_id, campus_id, year, field, value, source_kind, operator_name, file_name, file_sha256, batch_id, at) VALUES (?, 1, NULL, 2025, 'books', ?, ?, ?, ?, NULL, ?, ?)");
    log.run(7, '9000', 'manual', '王督学', null, null, '2025-03-01T08:00:00.000Z');
    log.run(9, '9500', 'import', '李科员', '统计.xlsx', 'b1', '2025-03-02T08:00:00.000Z');
    await v9.close();

    const core = await createAppCore(dir, 'test');
    try {
      const history = await dispatchOk<StatHistoryEntry[]>(core, 'stats.history', { schoolId: 1, year: 2025 });
      expect(history.map((h) => [h.id, h.kind, h.value, h.operatorName, h.fileName])).toEqual([
        [9, 'import', 9500, '李科员', '统计.xlsx'],
        [7, 'manual', 9000, '王督学', null],
      ]);
      await dispatchOk(core, 'operators.create', { name: '张三', office: '督导室' });
      await dispatchOk(core, 'stats.saveMany', { year: 2025, rows: [{ schoolId: 1, values: { books: 9600 } }] });
      const after = await dispatchOk<StatHistoryEntry[]>(core, 'stats.history', { schoolId: 1, year: 2025 });
      expect(after[0]).toMatchObject({ kind: 'grid', value: 9600, operatorName: '张三' });
      expect(after[0].id).toBeGreaterThan(9);
      // Deleting the school still removes its history (the foreign key survived the rebuild).
      core.database.raw.prepare('DELETE FROM school_stats').run();
      core.database.raw.prepare('DELETE FROM schools WHERE id = 1').run();
      expect(core.database.raw.prepare('SELECT COUNT(*) AS n FROM stat_value_log').get()).toEqual({ n: 0 });
    } finally {
      await core.close();
    }
  });
});
