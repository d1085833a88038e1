import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_ID_PATTERN } from '../log/error-id';
import { createLogger } from '../log/logger';
import { stageBytes } from '../testing/files';
import { tempCore } from '../testing/temp-core';
import { createDispatcher, toErrorBody } from './dispatcher';
import type { HandlerMap } from './handler-types';
import { handlers } from './handlers';

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
      // The contract's message names the field in words; the internal path stays in the details only.
      expect(r.error.message).toBe('输入有误：“123”不是有效的学校标识码，应为 10 位数字');
      expect(r.error.details).toMatchObject([{ path: ['code'] }]);
    }
    const list = await core.dispatch('schools.list', {});
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('shows a message the contract wrote as it is, and says where a generic one arose', async () => {
    const stages = [
      { name: '学校自评', start: '2026-03-10', end: '2026-03-31', tasks: '自评' },
      { name: '实地督导', start: '2026-04-30', end: '2026-04-01', tasks: '核查' },
    ];
    const notice = { title: '关于开展督导评估工作的通知', purpose: ['目的'], stages, procedure: ['程序'], contact: { name: '李明', phone: '0791-86100000' } };
    const r = await core.dispatch('documents.generate', { document: { kind: 'notice', notice }, formats: ['docx'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: '输入有误：第 2 个阶段的结束日期早于开始日期' } });
    expect(!r.ok && r.error.details).toMatchObject([{ path: ['document', 'notice', 'stages', 1, 'end'] }]);
    // zod's own message cannot name the field, so the place is added (an operation without labelled messages).
    const generic = await core.dispatch('schools.get', { id: 'x' });
    expect(!generic.ok && generic.error.message).toMatch(/^输入有误：字段“id”：/);
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

  it('refuses an unknown file reference in Chinese (not_found), and a malformed one as invalid input', async () => {
    const unknown = { ref: 'Zz0_'.repeat(6) };
    for (const [op, input] of [
      ['exchange.import', { kind: 'schools', dryRun: true, file: unknown }],
      ['indicators.import', { file: unknown }],
      ['backup.restore', { file: unknown }],
    ] as const) {
      const r = await core.dispatch(op, input);
      expect(r).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/^所选文件已失效.*请重新选择文件$/) } });
    }
    const malformed = await core.dispatch('exchange.import', { kind: 'schools', dryRun: true, file: { ref: '../../etc/passwd' } });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('文件引用格式不正确') } });
  });
});

describe('dispatcher diagnostics', () => {
  function logged() {
    const lines: string[] = [];
    const app = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
    return { log: app.log, text: () => lines.join(''), json: () => lines.map((l) => JSON.parse(l)) };
  }

  it('logs every call with operation, duration and outcome, never its input', async () => {
    const l = logged();
    const dispatch = createDispatcher(core.ctx, handlers, true, l.log);
    await dispatch('schools.list', { search: '机密检索词' });
    const staged = await stageBytes(core.ctx, '机密名册.csv', '名称,机密内容\n');
    await dispatch('exchange.import', { kind: 'schools', dryRun: true, file: { ref: staged.ref }, token: 'tok-4711' });
    const [ok, failed] = l.json();
    expect(ok).toMatchObject({ module: 'api', op: 'schools.list', outcome: 'ok', msg: 'api' });
    expect(typeof ok.ms).toBe('number');
    expect(failed).toMatchObject({ op: 'exchange.import' });
    const text = l.text();
    for (const secret of ['机密检索词', staged.ref, '机密名册', '机密内容', 'tok-4711']) expect(text).not.toContain(secret);
  });

  it('gives every error an error number that is in the envelope and in the log line, with the stack', async () => {
    const l = logged();
    const failing: HandlerMap = {
      ...handlers,
      'app.info': () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const dispatch = createDispatcher(core.ctx, failing, true, l.log);
    const r = await dispatch('app.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: '内部错误：cannot read properties of undefined' } });
    const errorId = !r.ok ? r.error.errorId! : '';
    expect(errorId).toMatch(ERROR_ID_PATTERN);
    const [line] = l.json();
    expect(line).toMatchObject({ level: 50, op: 'app.info', outcome: 'internal', errorId, err: { type: 'TypeError', message: 'cannot read properties of undefined' } });
    expect(line.err.stack).toContain('dispatcher.test.ts');

    const invalid = await dispatch('schools.get', { id: 'x' });
    expect(!invalid.ok && invalid.error.errorId).toMatch(ERROR_ID_PATTERN);
    expect(l.json()[1]).toMatchObject({ level: 40, op: 'schools.get', outcome: 'invalid_input', errorId: !invalid.ok && invalid.error.errorId });
    const unknown = await dispatch('schools.drop', {});
    expect(!unknown.ok && unknown.error.errorId).toMatch(ERROR_ID_PATTERN);
  });

  it('maps SQLite failures by their error code, not by their message text', () => {
    const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(toErrorBody(sqlite('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: x.y'))).toEqual({ code: 'conflict', message: '与已有记录重复，未保存' });
    expect(toErrorBody(sqlite('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed'))).toMatchObject({ code: 'conflict' });
    expect(toErrorBody(sqlite('SQLITE_CONSTRAINT_TRIGGER', 'whatever'))).toMatchObject({ code: 'conflict' });
    expect(toErrorBody(sqlite('SQLITE_BUSY', 'database is locked'))).toEqual({ code: 'conflict', message: '数据正在被另一处使用，请稍后重试' });
    // The same English text without a code is not guessed at.
    expect(toErrorBody(new Error('UNIQUE constraint failed: schools.code'))).toMatchObject({ code: 'internal' });
  });

  it('runs a restore alone: calls in flight finish first and later calls wait for it', async () => {
    const order: string[] = [];
    let releaseSlow!: () => void;
    const table: HandlerMap = {
      ...handlers,
      'schools.townships': async () => {
        order.push('slow:start');
        await new Promise<void>((r) => (releaseSlow = r));
        order.push('slow:end');
        return [];
      },
      'backup.restore': async () => {
        order.push('restore:start');
        await new Promise((r) => setTimeout(r, 20));
        order.push('restore:end');
        return { restoredFrom: 'x.sqlite', safetyBackup: 'y.sqlite', schemaVersion: 1, upgradedFrom: null, message: '好' };
      },
      'app.info': (ctx) => {
        order.push('info');
        return handlers['app.info'](ctx, {});
      },
    };
    const dispatch = createDispatcher(core.ctx, table, true);
    const slow = dispatch('schools.townships', {});
    await new Promise((r) => setTimeout(r, 5));
    const restore = dispatch('backup.restore', { name: 'x.sqlite' });
    await new Promise((r) => setTimeout(r, 5));
    const info = dispatch('app.info', {});
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['slow:start']);
    releaseSlow();
    await Promise.all([slow, restore, info]);
    expect(order).toEqual(['slow:start', 'slow:end', 'restore:start', 'restore:end', 'info']);
  });
});
