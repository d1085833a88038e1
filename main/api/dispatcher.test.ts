import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore } from '../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

const school = { name: '测试小学', type: '小学', locality: '城区', code: '3601000001' };

describe('dispatcher', () => {
  it('refuses an unknown operation', async () => {
    const r = await core.dispatch('schools.drop', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('rejects invalid input with a Chinese message naming the field, and runs no handler', async () => {
    const r = await core.dispatch('schools.create', { ...school, code: '123' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toContain('code');
      expect(r.error.message).toContain('10 位数字');
    }
    const list = await core.dispatch('schools.list', {});
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('rejects wrong enum values and wrong types', async () => {
    expect((await core.dispatch('schools.create', { ...school, type: '大学' })).ok).toBe(false);
    expect((await core.dispatch('schools.get', { id: 'x' })).ok).toBe(false);
    expect((await core.dispatch('stats.save', { schoolId: 1, year: 1800, values: {} })).ok).toBe(false);
  });

  it('creates, reads and updates a school and writes the audit log', async () => {
    const created = await core.dispatch('schools.create', school);
    expect(created.ok).toBe(true);
    const id = (created as any).value.id;
    const updated = await core.dispatch('schools.update', { id, school: { ...school, principal: '张三' } });
    expect(updated).toMatchObject({ ok: true, value: { principal: '张三' } });
    const audit = await core.dispatch('audit.list', { limit: 10 });
    expect(audit.ok && (audit.value as any[]).map((a) => a.action)).toEqual(['update', 'create']);
    expect(audit.ok && (audit.value as any[])[0]).toMatchObject({ before: { principal: null }, after: { principal: '张三' } });
  });

  it('reports a duplicate code as a conflict naming the other school', async () => {
    await core.dispatch('schools.create', school);
    const r = await core.dispatch('schools.create', { ...school, name: '另一所小学' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!r.ok && r.error.message).toContain('测试小学');
  });

  it('returns not_found for a missing school', async () => {
    expect(await core.dispatch('schools.get', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
