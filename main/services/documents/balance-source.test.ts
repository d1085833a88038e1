/**
 * The 差异系数测算报告's data source and parties, through the real service: the provenance is read
 * from the year's stored values and their sources (never assumed), and the 委托单位 / 测算单位 /
 * 统计时点 typed in the request reach the document.
 */
import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedDocuments } from '../../../shared/api/contracts/documents';
import type { Db } from '../../db/connection';
import { recordStatSources, statsForYear } from '../../db/repositories/stats-repo';
import { tempCore } from '../../testing/temp-core';
import { loadDemo } from '../demo/demo-service';
import { statisticsProvenance } from './balance-source';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeAll(async () => {
  core = await tempCore();
  await loadDemo(core.ctx, false);
});
afterAll(async () => core.dispose());

/** Values a record holds (null and absent are missing; an empty list is an answer). */
const stored = (values: Record<string, unknown>) => Object.values(values).filter((v) => v !== undefined && v !== null).length;

async function docxText(document: unknown): Promise<string> {
  const r = await core.dispatch('documents.generate', { document, formats: ['docx'] });
  if (!r.ok) throw new Error(r.error.message);
  const [file] = (r.value as GeneratedDocuments).files;
  const published = await core.ctx.files.download(file.ref);
  const zip = await JSZip.loadAsync(fs.readFileSync(published.path));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

describe('差异系数测算报告: data source and parties', () => {
  it('counts the year’s values by their recorded source and lists the files imported values come from', async () => {
    const db = core.ctx.db as Db;
    const records = await statsForYear(db, 2025);
    const total = records.reduce((n, r) => n + stored(r.values), 0);
    const before = await statisticsProvenance(core.ctx, 2025, undefined);
    expect(before).toEqual({ referenceDate: '2025-09-01', referenceDateGiven: false, records: records.length, byKind: [{ kind: 'demo', values: total }], files: [] });

    // Two values of one record re-read from a file: they now come from that file, the rest stays demo data.
    const rec = records[0];
    const [a, b] = Object.keys(rec.values).filter((k) => typeof rec.values[k] === 'number');
    const after = { ...rec.values, [a]: (rec.values[a] as number) + 1, [b]: (rec.values[b] as number) + 1 };
    await recordStatSources(db, rec.schoolId, rec.campusId, 2025, rec.values, after, { kind: 'import', operatorName: '张三', fileName: '2025年统计.xlsx', at: '2025-10-08T02:00:00.000Z' });
    const now = await statisticsProvenance(core.ctx, 2025, '2025-08-31');
    expect(now.referenceDate).toBe('2025-08-31');
    expect(now.referenceDateGiven).toBe(true);
    expect(now.byKind).toEqual([
      { kind: 'import', values: 2 },
      { kind: 'demo', values: total - 2 },
    ]);
    expect(now.files).toEqual([{ name: '2025年统计.xlsx', on: '2025-10-08', values: 2 }]);
  });

  it('prints the typed 委托单位, 测算单位 and 统计时点; without them, no 委托单位 is invented and the office signs', async () => {
    const typed = await docxText({ kind: 'balance', year: 2025, commissioner: '云溪区人民政府教育督导委员会办公室', measurer: '云溪区教育科学研究所', referenceDate: '2025-08-31' });
    expect(typed).toContain('受云溪区人民政府教育督导委员会办公室委托，云溪区教育科学研究所依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号），以2025年教育事业统计数据（统计时点2025年8月31日）为基础');
    expect(typed).toContain('演示数据仅供试用，不能作为正式测算的依据。');

    const plain = await docxText({ kind: 'balance', year: 2025 });
    expect(plain).toContain('云溪区人民政府教育督导室依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号），以2025年教育事业统计数据（统计时点2025年9月1日）为基础');
    // No 委托单位 typed: the opening simply begins with the 测算单位, and says nothing about it.
    expect(plain).toContain('现将测算情况报告如下。');
    expect(plain).not.toContain('委托');
  });

  it('refuses an invalid 统计时点 in words', async () => {
    const r = await core.dispatch('documents.generate', { document: { kind: 'balance', year: 2025, referenceDate: '2025-02-30' }, formats: ['docx'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('统计时点“2025-02-30”不存在：2025年2月没有30日');
  });
});
