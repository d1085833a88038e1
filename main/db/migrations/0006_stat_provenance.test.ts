import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatHistoryEntry, StatRecordWithSources } from '../../../shared/api/contracts/statistics';
import { createAppCore } from '../../app/create-app';
import { tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';
import { MIGRATIONS } from './registry';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-migration-0006-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const AT = '2025-03-01T08:00:00.000Z';

/** Records as version 5 stores them: values in one JSON column, sources only (if at all) in the audit log. */
const STATS: [number, number | null, number, Record<string, number | number[]>][] = [
  [1, null, 2025, { books: 9500, classSizes: [45, 43, 46], equipmentValue: 1833700, pupilsPrimary: 320 }],
  [1, 1, 2025, { pupilsPrimary: 100 }],
  [1, null, 2024, { books: 8000 }],
  [2, null, 2025, { pupilsPrimary: 0 }],
];

/** Audit entries of v5 (entity_type, entity_id, action, summary, before, after, operator, batch). */
const AUDIT: [string, string | null, string, string, unknown, unknown, string, string | null][] = [
  ['statistics', '1/-/2025', 'create', '录入“城关小学”2025 年统计数据', null, { pupilsPrimary: 300, books: 9000 }, '王督学', null],
  ['statistics', '1/-/2025', 'update', '修改“城关小学”2025 年统计数据', { pupilsPrimary: 300 }, { pupilsPrimary: 320 }, '王督学', null],
  ['statistics', '1/-/2025', 'import', '导入统计数据“统计.xlsx”：修改“城关小学”2025 年统计数据', { books: 9000 }, { books: 9500 }, '李科员', 'batch-1'],
  // A value the log says was set, later changed without a trace: the stored value gets 'legacy'.
  ['statistics', '1/1/2025', 'update', '修改“城关小学”东校区 2025 年统计数据', null, { pupilsPrimary: 90 }, '王督学', null],
  ['school', '1', 'update', '修改学校“城关小学”', { principal: null }, { principal: '张三' }, '王督学', null],
];

async function databaseAtVersion5(): Promise<void> {
  const v5 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 5));
  expect(v5.raw.pragma('user_version', { simple: true })).toBe(5);
  const school = v5.raw.prepare("INSERT INTO schools (id, code, name, type, ownership, locality, status, created_at, updated_at) VALUES (?, ?, ?, '小学', '公办', '城区', '在办', ?, ?)");
  school.run(1, '3601000001', '城关小学', AT, AT);
  school.run(2, '3601000002', '桃源小学', AT, AT);
  v5.raw.prepare("INSERT INTO campuses (id, school_id, name) VALUES (1, 1, '东校区')").run();
  const stats = v5.raw.prepare('INSERT INTO school_stats (school_id, campus_id, year, data, updated_at) VALUES (?, ?, ?, ?, ?)');
  for (const [s, c, y, values] of STATS) stats.run(s, c, y, JSON.stringify(values), AT);
  const audit = v5.raw.prepare(
    "INSERT INTO audit_log (seq, at, operator_id, operator_name, operator_office, via, entity_type, entity_id, entity_name, action, summary, before, after, batch_id, prev_hash, hash) VALUES (?, ?, NULL, ?, '督导室', 'test', ?, ?, '城关小学', ?, ?, ?, ?, ?, '', '')",
  );
  AUDIT.forEach(([type, id, action, summary, before, after, operator, batch], i) =>
    audit.run(i + 1, `2025-02-0${i + 1}T00:00:00.000Z`, operator, type, id, action, summary, before === null ? null : JSON.stringify(before), JSON.stringify(after), batch),
  );
  await v5.close();
}

describe('migration 0006: statistics values with their source', () => {
  it('keeps every stored value and gives each a current source, from the audit log where it tells', async () => {
    await databaseAtVersion5();
    const old = new BetterSqlite3(path.join(dir, 'supervision-desk.sqlite'), { readonly: true });
    const oldStats = old.prepare('SELECT * FROM school_stats ORDER BY id').all();
    old.close();

    const core = await createAppCore(dir, 'test');
    try {
      expect(core.database.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      expect(core.database.raw.prepare('SELECT * FROM school_stats ORDER BY id').all()).toEqual(oldStats);

      const call = async <T>(op: string, input: unknown = {}) => {
        const r = await core.dispatch(op, input);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as T;
      };
      const records = [...(await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: 1 })), ...(await call<StatRecordWithSources[]>('stats.forSchool', { schoolId: 2 }))];
      expect(records).toHaveLength(STATS.length);
      for (const [s, c, y, values] of STATS) {
        const r = records.find((x) => x.schoolId === s && x.campusId === c && x.year === y)!;
        expect(r.values).toEqual(values);
        // Every value survived, and every one has a source.
        expect(Object.keys(r.sources).sort()).toEqual(Object.keys(values).sort());
      }
      const main = records.find((r) => r.schoolId === 1 && r.campusId === null && r.year === 2025)!;
      expect(main.sources.pupilsPrimary).toMatchObject({ kind: 'manual', operatorName: '王督学', at: '2025-02-02T00:00:00.000Z' });
      expect(main.sources.books).toMatchObject({ kind: 'import', operatorName: '李科员', fileName: '统计.xlsx', fileSha256: null, batchId: 'batch-1' });
      expect(main.sources.equipmentValue).toMatchObject({ kind: 'legacy', operatorName: null, at: AT });
      expect(main.sources.classSizes.kind).toBe('legacy');
      expect(records.find((r) => r.campusId === 1)!.sources.pupilsPrimary.kind).toBe('legacy');
      expect(records.find((r) => r.year === 2024)!.sources.books.kind).toBe('legacy');

      // The log's earlier values become the history, newest first.
      const history = await call<StatHistoryEntry[]>('stats.history', { schoolId: 1, year: 2025 });
      expect(history.filter((h) => h.field === 'books').map((h) => [h.kind, h.value])).toEqual([
        ['import', 9500],
        ['manual', 9000],
      ]);
      expect(history.filter((h) => h.field === 'pupilsPrimary').map((h) => [h.kind, h.value])).toEqual([
        ['manual', 320],
        ['manual', 300],
      ]);
      expect(history.find((h) => h.field === 'classSizes')!.value).toEqual([45, 43, 46]);
      const campus = await call<StatHistoryEntry[]>('stats.history', { schoolId: 1, campusId: 1, year: 2025 });
      expect(campus.map((h) => [h.kind, h.value])).toEqual([
        ['legacy', 100],
        ['manual', 90],
      ]);
    } finally {
      await core.close();
    }
  });

  it('migrates a database without statistics', async () => {
    const v5 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 5));
    await v5.close();
    const core = await createAppCore(dir, 'test');
    try {
      expect(core.database.raw.prepare('SELECT COUNT(*) AS n FROM stat_value_log').get()).toEqual({ n: 0 });
    } finally {
      await core.close();
    }
  });
});
