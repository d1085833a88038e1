import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import { createAppCore } from '../../app/create-app';
import { dispatchOk, tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './registry';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-migration-0009-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0009: job results', () => {
  it('keeps the jobs of a version-8 database, each without a result, and shows them in 作业记录', async () => {
    const v8 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 8));
    const outputs = JSON.stringify([{ name: 'exports/文书/x/名册.docx', format: 'docx', bytes: 1234 }]);
    v8.raw
      .prepare("INSERT INTO jobs (id, kind, title, parameters, state, done, total, outputs, folder, operator_name, created_at, finished_at) VALUES ('j1', 'documents.batch', '批量导出文书（1 份）', '{}', '已完成', 1, 1, ?, 'exports/文书/x', '王督学', '2026-11-01T08:00:00.000Z', '2026-11-01T08:01:00.000Z')")
      .run(outputs);
    await v8.close();
    const core = await createAppCore(dir, 'test');
    try {
      expect(core.database.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      const [job] = await dispatchOk<Job[]>(core, 'jobs.list', {});
      expect(job).toMatchObject({ id: 'j1', state: '已完成', done: 1, total: 1, folder: 'exports/文书/x', operator: '王督学', result: null });
      expect(job.outputs).toEqual(JSON.parse(outputs));
    } finally {
      await core.close();
    }
  });
});
