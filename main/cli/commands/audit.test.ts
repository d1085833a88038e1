import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { tempDir } from '../../testing/temp-core';
import { AUDIT_BROKEN_EXIT } from './audit';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-audit-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dataDir = () => path.join(dir, 'data');
const cli = cliRunner(dataDir);

/** A direct write to the database file (raw SQLite, no unit of work), as someone bypassing the product would do. */
async function tamper(sql: string): Promise<void> {
  const core = await createAppCore(dataDir(), 'test');
  try {
    core.database.raw.prepare(sql).run();
  } finally {
    await core.close();
  }
}

describe('audit CLI', () => {
  it('verify: 0 and a Chinese confirmation for an intact log; 4 and each altered, removed or inserted entry by position otherwise', async () => {
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    let r = await cli('audit', 'verify');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^操作日志完整：共 \d+ 条记录，逐条校验无误\n链尾校验值：[0-9a-f]{64}$/);

    await tamper("UPDATE audit_log SET after = replace(after, '云溪区实验小学', '某某小学') WHERE seq = 3");
    r = await cli('audit', 'verify');
    expect(r.code).toBe(AUDIT_BROKEN_EXIT);
    expect(r.err).toContain('操作日志校验未通过：发现 1 处改动');
    expect(r.err).toMatch(/第 3 条（编号 \d+）内容被改动/);

    await tamper('DELETE FROM audit_log WHERE seq = 10');
    await tamper("INSERT INTO audit_log (seq, at, operator_id, operator_name, operator_office, via, entity_type, entity_id, entity_name, action, summary, before, after, batch_id, prev_hash, hash) SELECT seq, at, operator_id, operator_name, operator_office, via, entity_type, entity_id, entity_name, action, '伪造', before, after, batch_id, prev_hash, hash FROM audit_log WHERE seq = 20");
    r = await cli('audit', 'verify', '--json');
    expect(r.code).toBe(AUDIT_BROKEN_EXIT);
    const json = JSON.parse(r.out);
    expect(json.problems.map((p: { kind: string; position: number }) => [p.kind, p.position])).toEqual([
      ['altered', 3],
      ['removed', 10],
      ['inserted', 20],
    ]);
  });

  it('--operator names who the changes are recorded as; without it the one active last; list reads in Chinese', async () => {
    expect((await cli('demo', '--operator', '赵六')).code).toBe(1);
    expect((await cli('demo', '--operator', '赵六')).err).toContain('找不到操作人“赵六”');
    expect((await cli('demo', '--operator', '王督学', '--office', '督导室')).code).toBe(0);
    expect((await cli('demo', '--replace', '--operator', '李科员', '--office', '基教科')).code).toBe(0);
    expect((await cli('demo', '--replace')).code).toBe(0);
    const r = await cli('audit', 'list', '--type', '学校名册');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l.includes('加载演示数据学校名册'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('李科员（基教科）');
    expect(lines[1]).toContain('李科员（基教科）');
    expect(lines[2]).toContain('王督学（督导室）');
    const changes = await cli('audit', 'list', '--limit', '5', '--type', '统计数据', '--by', '王督学');
    expect(changes.out).toMatch(/ {4}小学在校生数（人）：（无） → \d+/);
    expect(changes.out).toMatch(/共 \d+ 条，显示最新 5 条$/);
    expect((await cli('audit', 'list', '--type', '大学')).err).toContain('参数 --type 应为：学校、校区、统计数据');
  });

  it('export writes the xlsx (filters apply), refusing to overwrite without --force', async () => {
    await cli('demo', '--operator', '王督学', '--office', '督导室');
    const out = path.join(dir, '日志.xlsx');
    let r = await cli('audit', 'export', '--out', out, '--action', '加载演示数据', '--type', 'school');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`已导出操作日志：${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('操作日志')!.rowCount).toBe(22);
    expect(JSON.stringify(wb.getWorksheet('说明')!.getSheetValues())).toContain('对象类型：学校；操作：加载演示数据');
    r = await cli('audit', 'export', '--out', out);
    expect(r.code).not.toBe(0);
  });
});
