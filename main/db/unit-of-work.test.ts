import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore } from '../testing/temp-core';
import { reader, unitOfWork } from '../services/context';
import { chainHead, listAudit } from './repositories/audit-repo';
import { insertSchool } from './repositories/schools-repo';
import { changedFields, readerOf, type ReadDb, type Tx } from './unit-of-work';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const school = (name: string) => ({ code: null, name, shortName: null, type: '小学', ownership: '公办', locality: '城区', township: null, address: null, principal: null, contact: null, status: '在办', closedOn: null }) as const;
const count = (table: 'schools' | 'audit_log') => (core.database.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('unit of work', () => {
  it('commits the writes and their audit entries together, chained after the head', async () => {
    await unitOfWork(core.ctx, async (tx, unit) => {
      for (const name of ['一小', '二小']) {
        const id = await insertSchool(tx, school(name));
        unit.audit({ entityType: 'school', entityId: id, entityName: name, action: 'create', summary: `新增学校“${name}”`, after: school(name) });
      }
    });
    expect(count('schools')).toBe(2);
    const entries = await listAudit(core.database.db, 10);
    expect(entries.map((e) => e.summary)).toEqual(['新增学校“二小”', '新增学校“一小”']);
    // Changed fields only: a new school records its filled-in fields, not the empty ones.
    expect(entries[0].after).toEqual({ name: '二小', type: '小学', ownership: '公办', locality: '城区', status: '在办' });
    expect(await chainHead(core.database.db)).toMatchObject({ seq: 2 });
    // Two entries of one unit share a batch id.
    const batches = core.database.raw.prepare('SELECT DISTINCT batch_id FROM audit_log').all() as { batch_id: string | null }[];
    expect(batches).toHaveLength(1);
    expect(batches[0].batch_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rolls back every write and every audit entry when the work throws', async () => {
    await unitOfWork(core.ctx, async (tx, unit) => {
      await insertSchool(tx, school('已有小学'));
      unit.audit({ entityType: 'school', entityId: 1, entityName: '已有小学', action: 'create', summary: '新增学校“已有小学”' });
    });
    const head = await chainHead(core.database.db);
    await expect(
      unitOfWork(core.ctx, async (tx, unit) => {
        await insertSchool(tx, school('三小'));
        unit.audit({ entityType: 'school', entityId: 2, entityName: '三小', action: 'create', summary: '新增学校“三小”' });
        await insertSchool(tx, school('四小'));
        throw new Error('第二步失败');
      }),
    ).rejects.toThrow('第二步失败');
    expect(count('schools')).toBe(1);
    expect(count('audit_log')).toBe(1);
    expect(await chainHead(core.database.db)).toEqual(head);
    // A constraint failure inside the unit (duplicate name) rolls back the same way.
    await expect(
      unitOfWork(core.ctx, async (tx) => {
        await insertSchool(tx, school('五小'));
        await insertSchool(tx, school('已有小学'));
      }),
    ).rejects.toThrow();
    expect(count('schools')).toBe(1);
    // The connection is usable afterwards.
    await unitOfWork(core.ctx, async (tx) => void (await insertSchool(tx, school('六小'))));
    expect(count('schools')).toBe(2);
  });

  it('makes the outer handle unusable inside a unit: a clear error instead of waiting forever', async () => {
    const outer = reader(core.ctx);
    await expect(
      unitOfWork(core.ctx, async () => {
        await outer.selectFrom('schools').selectAll().execute();
      }),
    ).rejects.toThrow(/工作单元中使用了外部数据库句柄/);
    await expect(unitOfWork(core.ctx, async () => unitOfWork(core.ctx, async () => 1))).rejects.toThrow(/工作单元中又开始了一个工作单元/);
    // Outside a unit the reader reads, and refuses writes at run time as well as in its type.
    expect(await outer.selectFrom('schools').selectAll().execute()).toEqual([]);
    await expect(insertSchool(outer, school('七小'))).rejects.toThrow(/写入须在工作单元中进行/);
  });

  it('types: the reader has no write method, the transaction cannot nest, write helpers take only Tx', () => {
    const check = (r: ReadDb, tx: Tx) => {
      // @ts-expect-error a read handle cannot insert
      void r.insertInto('schools');
      // @ts-expect-error nor start a transaction
      void r.transaction();
      // @ts-expect-error a unit's transaction cannot start another
      void tx.transaction();
      const writeOnlyInUnit = (_t: Tx) => undefined;
      // @ts-expect-error the outer handle is not a Tx
      writeOnlyInUnit(r);
      // @ts-expect-error the context exposes no query method at all
      void core.ctx.db.selectFrom;
    };
    expect(typeof check).toBe('function');
    expect(readerOf(core.database.db)).toBe(readerOf(core.database.db));
  });

  it('records the changed fields only, flattening nested settings', () => {
    expect(changedFields({ name: '一小', principal: null, split: { mode: 'weighted', nineYear: { junior: 1.1 } } }, { name: '一小', principal: '张三', split: { mode: 'weighted', nineYear: { junior: 1.2 } } })).toEqual({
      before: { principal: null, 'split.nineYear.junior': 1.1 },
      after: { principal: '张三', 'split.nineYear.junior': 1.2 },
    });
    expect(changedFields(null, { a: 1, b: null, c: '' })).toEqual({ before: null, after: { a: 1 } });
    expect(changedFields({ a: [1, 2] }, null)).toEqual({ before: { a: [1, 2] }, after: null });
  });

  it('skips an update that changes nothing', async () => {
    await unitOfWork(core.ctx, async (_tx, unit) => {
      unit.audit({ entityType: 'settings', entityId: 'x', entityName: '设置', action: 'update', summary: '修改设置', before: { a: 1 }, after: { a: 1 } });
    });
    expect(count('audit_log')).toBe(0);
  });
});
