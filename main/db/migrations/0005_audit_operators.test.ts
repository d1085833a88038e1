import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage, AuditVerifyReport } from '../../../shared/api/contracts/audit';
import { createAppCore } from '../../app/create-app';
import { tempDir } from '../../testing/temp-core';
import { openDatabase } from '../connection';
import { MIGRATIONS } from './registry';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-migration-0005-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const school = { code: '3601000001', name: '城关小学', short_name: null, type: '小学', ownership: '公办', locality: '城区', township: '城关镇', address: null, principal: '张三', contact: null, status: '在办', closed_on: null };
const snapshot = { code: '3601000001', name: '城关小学', shortName: null, type: '小学', ownership: '公办', locality: '城区', township: '城关镇', address: null, principal: '张三', contact: null, status: '在办', closedOn: null };

/** Audit rows as versions 1–4 wrote them (entity names, actions and JSON shapes of that time). */
const LEGACY: [string, string, string, string | null, string, unknown, unknown][] = [
  // actor, action, entity, entity_id, summary, before, after
  ['zhang@electron', 'demo', 'register', null, '加载演示数据：云溪区 21 所学校，2023、2024、2025 年统计数据', undefined, undefined],
  ['zhang@electron', 'create', 'school', '1', '新增学校“城关小学”', undefined, { ...snapshot, principal: null }],
  ['zhang@electron', 'update', 'school', '1', '修改学校“城关小学”', { ...snapshot, principal: null }, snapshot],
  ['root@web', 'create', 'campus', '1', '新增“城关小学”的校区“东校区”', undefined, { name: '东校区', address: null, evaluatedSeparately: false }],
  ['root@web', 'update', 'stats', '1/-/2025', '修改“城关小学”2025 年统计数据', { pupilsPrimary: 300 }, { pupilsPrimary: 320, books: 9000 }],
  [
    'root@cli',
    'import',
    'stats',
    null,
    '导入统计数据“统计.xlsx”（2025 年）：新增 0 条，修改 1 条',
    undefined,
    [{ sheet: '学校统计', row: 2, key: '3601000001/2025', label: '城关小学', status: 'changed', changes: [{ field: 'books', label: '图书册数', before: 9000, after: 9500 }] }],
  ],
  ['root@web', 'update', 'balance-options', 'balance.options', '修改差异系数计算设置', { defaultProfile: 'quality2017', excludeTeachingPointsBelow: null }, { defaultProfile: 'basic2012', excludeTeachingPointsBelow: 50 }],
  ['root@web', 'update', 'document-settings', 'documents.office', '修改公文设置', { numberPrefix: '城教督' }, { numberPrefix: '云教督' }],
  ['root@web', 'reserve', 'document-number', '1', '取号：云教督〔2026〕1号', undefined, { id: 1, prefix: '云教督', year: 2026, seq: 1, number: '云教督〔2026〕1号', title: '', kind: 'notice', status: 'reserved', issuedAt: '2026-01-05T01:00:00.000Z', issuedBy: 'root@web', usedAt: null }],
  [
    'root@web',
    'update',
    'indicator_system',
    '7',
    '修改指标体系“县域评估”第 1 版：修改 1 项',
    null,
    { system: [], added: [], removed: [], changed: [{ nodeId: 'a', code: '1.1', title: '领导职责', parentId: null, changes: [{ field: 'points', label: '分值', before: 3, after: 4 }] }], identical: false },
  ],
  ['root@web', 'delete', 'school', '2', '删除学校“已撤销小学”', { ...snapshot, name: '已撤销小学', code: null }, undefined],
];

async function databaseAtVersion4(): Promise<void> {
  const v4 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 4));
  expect(v4.raw.pragma('user_version', { simple: true })).toBe(4);
  v4.raw.prepare('INSERT INTO schools (id, code, name, short_name, type, ownership, locality, township, address, principal, contact, status, closed_on, created_at, updated_at) VALUES (1, @code, @name, @short_name, @type, @ownership, @locality, @township, @address, @principal, @contact, @status, @closed_on, ?, ?)').run(school, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
  v4.raw.prepare("INSERT INTO campuses (id, school_id, name) VALUES (1, 1, '东校区')").run();
  const insert = v4.raw.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, summary, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  LEGACY.forEach(([actor, action, entity, entityId, summary, before, after], i) => {
    insert.run(`2025-03-0${1 + Math.floor(i / 4)}T0${i % 10}:00:00.000Z`, actor, action, entity, entityId, summary, before === undefined ? null : JSON.stringify(before), after === undefined ? null : JSON.stringify(after));
  });
  await v4.close();
}

describe('migration 0005: operators and the hash-chained audit log', () => {
  it('keeps every existing entry, in order, with its text and JSON, and chains them so verify passes', async () => {
    await databaseAtVersion4();
    const before = (await import('better-sqlite3')).default;
    const old = new before(path.join(dir, 'supervision-desk.sqlite'), { readonly: true });
    const oldRows = old.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, unknown>[];
    old.close();

    const core = await createAppCore(dir, 'test');
    try {
      expect(core.database.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      expect(core.database.backupFile).not.toBeNull();
      const rows = core.database.raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
      expect(rows).toHaveLength(LEGACY.length);
      rows.forEach((r, i) => {
        const o = oldRows[i];
        expect(r).toMatchObject({ id: o.id, seq: i + 1, at: o.at, summary: o.summary, before: o.before, after: o.after, operator_name: o.actor, via: o.actor, operator_id: null, batch_id: null });
      });
      expect(rows.map((r) => [r.entity_type, r.action])).toEqual([
        ['register', 'load-demo'],
        ['school', 'create'],
        ['school', 'update'],
        ['campus', 'create'],
        ['statistics', 'update'],
        ['statistics', 'import'],
        ['settings', 'update'],
        ['settings', 'update'],
        ['document-number', 'reserve'],
        ['indicator-system', 'update'],
        ['school', 'delete'],
      ]);
      expect(rows.map((r) => r.entity_name)).toEqual([
        '学校名册',
        '城关小学',
        '城关小学',
        '城关小学 东校区',
        '城关小学 2025 年',
        '导入文件“统计.xlsx”',
        '差异系数计算设置',
        '公文设置',
        '云教督〔2026〕1号',
        '县域评估',
        '已撤销小学',
      ]);

      const call = async <T>(op: string, input: unknown = {}) => {
        const r = await core.dispatch(op, input);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as T;
      };
      expect(await call<AuditVerifyReport>('audit.verify')).toMatchObject({ ok: true, count: LEGACY.length, problems: [] });

      // Old entries read in Chinese like new ones: changed fields only, labels with units.
      const page = await call<AuditPage>('audit.query', { pageSize: 50 });
      const bySummary = (s: string) => page.rows.find((r) => r.summary === s)!;
      expect(bySummary('修改学校“城关小学”').changes).toEqual([{ label: '校长', before: '（空）', after: '张三' }]);
      expect(bySummary('修改学校“城关小学”').operatorLabel).toBe('未选择操作人（桌面程序）');
      expect(bySummary('修改“城关小学”2025 年统计数据').changes).toEqual([
        { label: '小学在校生数（人）', before: '300', after: '320' },
        { label: '图书册数（册）', before: '（空）', after: '9000' },
      ]);
      expect(bySummary('导入统计数据“统计.xlsx”（2025 年）：新增 0 条，修改 1 条').changes).toEqual([{ label: '城关小学：图书册数', before: '9000', after: '9500' }]);
      expect(bySummary('修改差异系数计算设置').changes).toEqual([
        { label: '默认测算口径', before: '县域义务教育优质均衡发展（2017）', after: '县域义务教育基本均衡发展（2012）' },
        { label: '教学点排除人数下限（人）', before: '不排除', after: '50' },
      ]);
      expect(bySummary('修改指标体系“县域评估”第 1 版：修改 1 项').changes).toEqual([{ label: '指标 1.1 领导职责：分值', before: '3', after: '4' }]);
      expect(bySummary('取号：云教督〔2026〕1号').changes).toEqual(expect.arrayContaining([{ label: '状态', before: '（无）', after: '已取号' }]));
      // Filters by the old entity names still find the same entries.
      expect((await call<{ summary: string }[]>('audit.list', { entity: 'stats' })).map((e) => e.summary)).toHaveLength(2);
      expect((await call<{ summary: string }[]>('audit.list', { entity: 'document-settings' }))[0].summary).toBe('修改公文设置');

      // New entries continue the chain.
      await call('operators.create', { name: '王督学', office: '督导室' });
      await call('schools.update', { id: 1, school: { ...snapshot, principal: '李四' } });
      const after = await call<AuditVerifyReport>('audit.verify');
      expect(after).toMatchObject({ ok: true, count: LEGACY.length + 2 });
      expect((await call<AuditPage>('audit.query', {})).rows[0]).toMatchObject({ seq: LEGACY.length + 2, operatorLabel: '王督学（督导室）' });
    } finally {
      await core.close();
    }
  });

  it('migrates an empty log to an empty, valid chain', async () => {
    const v4 = await openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 4));
    await v4.close();
    const core = await createAppCore(dir, 'test');
    try {
      const r = await core.dispatch('audit.verify', {});
      expect(r).toMatchObject({ ok: true, value: { ok: true, count: 0, headHash: null } });
      expect(core.database.raw.prepare('SELECT seq, hash FROM audit_chain_head').get()).toEqual({ seq: 0, hash: '0'.repeat(64) });
    } finally {
      await core.close();
    }
  });
});
