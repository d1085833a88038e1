import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage, AuditVerifyReport, AuditView } from '../../shared/api/contracts/audit';
import type { FileResult } from '../../shared/api/envelope';
import { openpyxlAvailable, openpyxlProblem } from '../exchange/testing/xlsx-validity';
import { resultBytes, stageBytes } from '../testing/files';
import { dispatchOk, tempCore } from '../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const call = <T = any>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
const verify = () => call<AuditVerifyReport>('audit.verify');
const query = (input: object = {}) => call<AuditPage>('audit.query', input);
const sqlite = () => core.database.raw;

async function someHistory(): Promise<number> {
  await call('operators.create', { name: '王督学', office: '督导室' });
  const s = await call<{ id: number }>('schools.create', { name: '测试小学', type: '小学', locality: '城区' });
  await call('schools.update', { id: s.id, school: { name: '测试小学', type: '小学', locality: '城区', principal: '张三' } });
  await call('stats.save', { schoolId: s.id, year: 2025, values: { pupilsPrimary: 320, teachingAuxArea: 1500.5 } });
  await call('stats.save', { schoolId: s.id, year: 2025, values: { pupilsPrimary: 330, teachingAuxArea: 1500.5 } });
  await call('schools.saveCampus', { schoolId: s.id, campus: { name: '东校区' } });
  return s.id;
}

describe('audit entries', () => {
  it('name the operator, the entity and the changed fields in Chinese, old → new', async () => {
    const id = await someHistory();
    const page = await query();
    expect(page.total).toBe(6);
    const [campus, stats2, stats1, update, create, operator] = page.rows;
    expect(operator).toMatchObject({ entityType: 'operator', entityTypeLabel: '操作人', actionLabel: '新增', operatorLabel: '王督学（督导室）', changes: [{ label: '姓名', before: '（无）', after: '王督学' }, { label: '科室', before: '（无）', after: '督导室' }] });
    expect(create).toMatchObject({ entityName: '测试小学', entityTypeLabel: '学校', actionLabel: '新增', operatorName: '王督学', operatorOffice: '督导室' });
    expect(update.changes).toEqual([{ label: '校长', before: '（空）', after: '张三' }]);
    expect(stats1).toMatchObject({ entityName: '测试小学 2025 年', entityTypeLabel: '统计数据', actionLabel: '新增' });
    expect(stats1.changes).toEqual([
      { label: '小学在校生数（人）', before: '（无）', after: '320' },
      { label: '教学及辅助用房面积（平方米）', before: '（无）', after: '1500.5' },
    ]);
    expect(stats2.changes).toEqual([{ label: '小学在校生数（人）', before: '320', after: '330' }]);
    expect(campus).toMatchObject({ entityName: '测试小学 东校区', entityTypeLabel: '校区' });
    // A school's history: filter by entity.
    expect((await query({ entityType: 'school', entityId: String(id) })).rows.map((r) => r.actionLabel)).toEqual(['修改', '新增']);
  });

  it('filter by operator, action, entity type and time range, and page', async () => {
    await someHistory();
    await call('operators.create', { name: '李科员', office: '基教科' });
    await call('schools.create', { name: '第二小学', type: '小学', locality: '乡村' });
    const page = await query({ operator: '李科员' });
    expect(page.rows.map((r) => r.entityName)).toEqual(['第二小学', '李科员']);
    expect(page.operators).toEqual(expect.arrayContaining(['王督学', '李科员']));
    expect((await query({ action: 'update' })).rows.map((r) => r.summary)).toEqual(['修改“测试小学”2025 年统计数据', '修改学校“测试小学”']);
    expect((await query({ entityType: 'statistics' })).total).toBe(2);
    const all = await query({ pageSize: 3, page: 2 });
    expect(all).toMatchObject({ total: 8, page: 2, pageSize: 3 });
    expect(all.rows.map((r) => r.seq)).toEqual([5, 4, 3]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await query({ from: future })).total).toBe(0);
    expect((await query({ to: future, from: '2000-01-01T00:00:00.000Z' })).total).toBe(8);
  });

  it('find words in the summary or the entity name, literally, and read oldest first on request', async () => {
    await someHistory();
    await call('schools.create', { name: '100%_小学', type: '小学', locality: '城区' });
    expect((await query({ search: '测试小学' })).rows.map((r) => r.summary)).toEqual([
      '新增“测试小学”的校区“东校区”',
      '修改“测试小学”2025 年统计数据',
      '录入“测试小学”2025 年统计数据',
      '修改学校“测试小学”',
      '新增学校“测试小学”',
    ]);
    // A % or _ is a character, not a wildcard.
    expect((await query({ search: '%_' })).rows.map((r) => r.entityName)).toEqual(['100%_小学']);
    expect((await query({ search: '东校区', entityType: 'campus' })).total).toBe(1);
    expect((await query({ order: 'asc', pageSize: 2 })).rows.map((r) => r.seq)).toEqual([1, 2]);
    expect((await query({ order: 'asc', pageSize: 2, page: 2 })).rows.map((r) => r.seq)).toEqual([3, 4]);
  });

  it('never show raw JSON or English keys: every label and value of a full working session is Chinese text', async () => {
    await call('demo.load');
    await someHistory();
    const opts = await call('balance.getOptions');
    await call('balance.setOptions', { ...opts, split: { ...opts.split, mode: 'pupilRatio', nineYear: { primary: 1, junior: 1.2 } }, excludeTeachingPointsBelow: 50 });
    const docs = await call('documents.getSettings');
    await call('documents.setSettings', { ...docs, numberPrefix: '云教督', cc: ['区教育局', '区财政局'] });
    const schools = await call<{ id: number; name: string }[]>('schools.list');
    await call('balance.setOverride', { schoolId: schools.find((s) => s.name === '柳林乡中心小学')!.id, year: 2025, section: 'primary', target: 'L7', value: 10, note: '已验收' });
    const n = await call<{ id: number }>('documents.reserveNumber', { title: '关于开展督导评估的通知' });
    await call('documents.voidNumber', { id: n.id });
    const sys = await call<any>('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    const edited = structuredClone(sys.system);
    edited.nodes[0].children[0].title = '领导职责';
    edited.name = '县域均衡（修订）';
    await call('indicators.update', { id: sys.summary.id, system: edited });
    await call('indicators.publish', { id: sys.summary.id });
    await call('indicators.saveTrial', { id: sys.summary.id, input: {}, label: '空白试算' });

    const rows: AuditView[] = (await query({ pageSize: 200 })).rows;
    expect(rows.length).toBeGreaterThan(60);
    // An English key or a JSON object would show as ASCII words or braces (the 文号格式's placeholders are written in words).
    const english = /^[\x20-\x7e]*[A-Za-z]{2,}[\x20-\x7e]*$/;
    const json = /^[[{].*[\]}]$|"/;
    const texts = rows.flatMap((r) => [r.entityTypeLabel, r.actionLabel, r.operatorLabel, ...r.changes.flatMap((c) => [c.label, c.before, c.after])]);
    expect(texts.filter((t) => english.test(t) || json.test(t) || t === '其他数据项')).toEqual([]);
    const labels = new Set(rows.flatMap((r) => r.changes.map((c) => c.label)));
    for (const l of ['一贯制学校共用设施分摊方式', '九年一贯制初中权重', '教学点排除人数下限（人）', '机关代字', '默认抄送', '调整项', '调整值', '文号', '状态', '体系名称', '结论']) expect(labels, l).toContain(l);
    const setting = rows.find((r) => r.summary === '修改差异系数计算设置')!;
    expect(setting.changes).toEqual(
      expect.arrayContaining([
        { label: '一贯制学校共用设施分摊方式', before: '按加权学生数', after: '按学生数比例' },
        { label: '教学点排除人数下限（人）', before: '不排除', after: '50' },
      ]),
    );
    const indicatorEdit = rows.find((r) => r.entityType === 'indicator-system' && r.action === 'update')!;
    expect(indicatorEdit.changes).toEqual(expect.arrayContaining([{ label: '体系名称', before: expect.any(String), after: '县域均衡（修订）' }, expect.objectContaining({ label: expect.stringMatching(/^指标 .+：名称$/), after: '领导职责' })]));
    expect(rows.find((r) => r.entityType === 'document-number' && r.action === 'void')!.changes).toEqual(expect.arrayContaining([{ label: '状态', before: '已取号', after: '已作废' }]));
  });
});

describe('import batches', () => {
  it('write one entry per changed entity, all with one batch id, so each school’s history shows the import', async () => {
    await call('demo.load');
    const exported = await call<FileResult>('exchange.export', { kind: 'stats', year: 2025 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(resultBytes(core.ctx, exported) as never);
    const ws = wb.getWorksheet('学校统计')!;
    const header = ws.getRow(1);
    let books = 0;
    for (let c = 1; c <= header.cellCount; c++) if (String(header.getCell(c).value).startsWith('图书册数')) books = c;
    ws.getRow(2).getCell(books).value = 123456;
    ws.getRow(5).getCell(books).value = 654321;
    const file = { ref: (await stageBytes(core.ctx, '统计.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))).ref };
    const report = await call('exchange.import', { kind: 'stats', file, year: 2025, dryRun: false });
    expect(report).toMatchObject({ committed: true, counts: { changed: 2 } });
    const imports = (await query({ action: 'import' })).rows;
    expect(imports).toHaveLength(2);
    expect(new Set(imports.map((r) => r.batchId)).size).toBe(1);
    expect(imports[0].batchId).not.toBeNull();
    for (const r of imports) {
      expect(r.entityType).toBe('statistics');
      expect(r.entityName).toMatch(/ 2025 年$/);
      expect(r.summary).toMatch(/^导入统计数据“统计\.xlsx”：修改“.+”2025 年统计数据$/);
      expect(r.changes).toEqual([{ label: '图书册数（册）', before: expect.stringMatching(/^\d+$/), after: expect.stringMatching(/^(123456|654321)$/) }]);
    }
    // The school's own history (its statistics records) shows the import.
    const one = imports[0];
    expect((await query({ entityType: 'statistics', entityId: one.entityId! })).rows.map((r) => r.actionLabel)).toEqual(['导入', '加载演示数据']);
    // The whole batch is one filter away.
    expect((await query({ batchId: one.batchId! })).total).toBe(2);
  });
});

describe('audit.verify', () => {
  it('passes an untouched chain and states its head hash', async () => {
    await someHistory();
    const r = await verify();
    expect(r).toMatchObject({ ok: true, count: 6, problems: [], message: '操作日志完整：共 6 条记录，逐条校验无误' });
    expect(r.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a tampered field and names its position', async () => {
    await someHistory();
    sqlite().prepare("UPDATE audit_log SET after = replace(after, '张三', '李四') WHERE seq = 3").run();
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'altered', position: 3 })]);
    expect(r.problems[0].message).toMatch(/^第 3 条（编号 \d+）内容被改动/);
    expect(r.message).toBe('操作日志校验未通过：发现 1 处改动（共检查 6 条记录）');
    // Changing the operator or the time is caught the same way.
    sqlite().prepare("UPDATE audit_log SET operator_name = '别人' WHERE seq = 5").run();
    expect((await verify()).problems.map((p) => [p.kind, p.position])).toEqual([
      ['altered', 3],
      ['altered', 5],
    ]);
  });

  it('finds a removed entry in the middle and removed newest entries', async () => {
    await someHistory();
    sqlite().prepare('DELETE FROM audit_log WHERE seq = 2').run();
    let r = await verify();
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'removed', position: 2, message: '第 2 条记录被删除（共 1 条；第 3 条之前缺失）' })]);
    sqlite().prepare('DELETE FROM audit_log WHERE seq >= 5').run();
    r = await verify();
    expect(r.problems.map((p) => p.message)).toEqual(['第 2 条记录被删除（共 1 条；第 3 条之前缺失）', '最新的第 5—6 条记录被删除（共 2 条）']);
  });

  it('finds an inserted entry, whether it repeats a position or is appended past the head', async () => {
    await someHistory();
    const copy = sqlite().prepare('SELECT * FROM audit_log WHERE seq = 4').get() as Record<string, unknown>;
    const insert = sqlite().prepare(
      'INSERT INTO audit_log (seq, at, operator_id, operator_name, operator_office, via, entity_type, entity_id, entity_name, action, summary, before, after, batch_id, prev_hash, hash) VALUES (@seq, @at, @operator_id, @operator_name, @operator_office, @via, @entity_type, @entity_id, @entity_name, @action, @summary, @before, @after, @batch_id, @prev_hash, @hash)',
    );
    insert.run({ ...copy, summary: '伪造的记录', seq: 4 });
    let r = await verify();
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'inserted', position: 4 })]);
    expect(r.problems[0].message).toMatch(/^第 4 条（编号 \d+）是插入的记录/);
    sqlite().prepare('DELETE FROM audit_log WHERE summary = ?').run('伪造的记录');
    expect((await verify()).ok).toBe(true);
    // A row appended with a correct-looking hash but not through the product: past the recorded head.
    const last = sqlite().prepare('SELECT * FROM audit_log WHERE seq = 6').get() as Record<string, unknown>;
    insert.run({ ...last, seq: 7, prev_hash: last.hash, summary: '事后补记' });
    r = await verify();
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'inserted', position: 7 })]);
  });

  it('keeps working after tampering: new entries chain on from the recorded head', async () => {
    await someHistory();
    sqlite().prepare('DELETE FROM audit_log WHERE seq = 6').run();
    await call('schools.create', { name: '新学校', type: '小学', locality: '城区' });
    const r = await verify();
    expect(r.problems.map((p) => [p.kind, p.position])).toEqual([['removed', 6]]);
  });
});

describe('audit.export', () => {
  it('gives an xlsx in Chinese with the filter and the chain check, readable by openpyxl', async () => {
    await someHistory();
    const file = await call<FileResult>('audit.export', { operator: '王督学' });
    expect(file.fileName).toMatch(/^操作日志-\d{8}-\d{6}\.xlsx$/);
    const buffer = resultBytes(core.ctx, file);
    expect(buffer.length).toBe(file.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '操作日志', '变更明细']);
    const guide = JSON.stringify(wb.getWorksheet('说明')!.getSheetValues());
    expect(guide).toContain('操作人：王督学');
    expect(guide).toContain('操作日志完整：共 6 条记录');
    const log = wb.getWorksheet('操作日志')!;
    expect(log.getRow(1).values).toEqual([undefined, '序号', '时间', '操作人', '科室', '对象类型', '对象', '操作', '内容', '改动字段（原值 → 新值）', '批次']);
    expect(log.rowCount).toBe(7);
    const update = log.getRows(2, 6)!.find((r) => r.getCell(8).value === '修改学校“测试小学”')!;
    expect(update.getCell(3).value).toBe('王督学');
    expect(update.getCell(9).value).toBe('校长：（空） → 张三');
    const detail = wb.getWorksheet('变更明细')!;
    expect(detail.getColumn(7).values).toContain('小学在校生数（人）');
    if (process.platform === 'linux' && (await openpyxlAvailable())) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-audit-xlsx-'));
      try {
        const out = path.join(dir, file.fileName);
        fs.writeFileSync(out, buffer);
        expect(await openpyxlProblem(out)).toBeUndefined();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
