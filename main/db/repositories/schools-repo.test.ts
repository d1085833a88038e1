import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CampusInput, SchoolInput } from '../../../shared/api/contracts/schools';
import { AppError } from '../../../shared/api/envelope';
import { tempDir } from '../../testing/temp-core';
import { openDatabase, type OpenedDatabase } from '../connection';
import { isSqliteError, isUniqueViolation } from '../sqlite-errors';
import { insertSchool, updateSchoolRow, upsertCampus } from './schools-repo';

// The service checks uniqueness first; these are the races and direct callers that reach the UNIQUE
// constraints themselves. They must become domain errors, recognised by the SQLite error code.
let dir: string;
let opened: OpenedDatabase;
beforeEach(async () => {
  dir = tempDir('desk-repo-');
  opened = await openDatabase(dir);
});
afterEach(async () => {
  await opened.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const school = (over: Record<string, unknown> = {}) => SchoolInput.parse({ name: '测试小学', type: '小学', locality: '城区', code: '3601000001', ...over });

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('schools repository: UNIQUE failures as domain errors', () => {
  it('a taken code names the school that holds it', async () => {
    await insertSchool(opened.db, school());
    const e = await rejection(insertSchool(opened.db, school({ name: '另一所小学' })));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('学校标识码 3601000001 已被“测试小学”使用');
  });

  it('a taken name', async () => {
    await insertSchool(opened.db, school());
    const e = await rejection(insertSchool(opened.db, school({ code: '3601000002' })));
    expect(e).toMatchObject({ code: 'conflict', message: '已有名为“测试小学”的学校' });
  });

  it('an update onto another school’s code', async () => {
    await insertSchool(opened.db, school());
    const id = await insertSchool(opened.db, school({ name: '第二小学', code: '3601000002' }));
    const e = await rejection(updateSchoolRow(opened.db, id, school({ name: '第二小学' })));
    expect(e).toMatchObject({ code: 'conflict', message: '学校标识码 3601000001 已被“测试小学”使用' });
  });

  it('a campus name the school already has', async () => {
    const id = await insertSchool(opened.db, school());
    await upsertCampus(opened.db, id, CampusInput.parse({ name: '东校区' }));
    const e = await rejection(upsertCampus(opened.db, id, CampusInput.parse({ name: '东校区' })));
    expect(e).toMatchObject({ code: 'conflict', message: '该学校已有名为“东校区”的校区' });
  });
});

describe('sqlite-errors', () => {
  it('recognises failures by code only', () => {
    const unique = Object.assign(new Error('anything'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(isUniqueViolation(unique)).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))).toBe(true);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: schools.code'))).toBe(false);
    expect(isSqliteError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }), 'SQLITE_BUSY')).toBe(true);
    expect(isSqliteError(null, 'SQLITE_BUSY')).toBe(false);
  });
});
