/** Office settings, the 发文登记 and batch jobs (DOCX only where rendering is needed, to stay quick). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchOk, tempCore } from '../testing/temp-core';
import { loadDemo } from './demo/demo-service';
import { resultBytes } from '../testing/files';
import { waitForJob } from './jobs-service';
import { NOTICE } from './documents/test-fixtures';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const call = <T = any>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);

describe('document settings', () => {
  it('has defaults, saves with an audit entry, and rejects a pattern without {n}', async () => {
    const s = await call('documents.getSettings');
    expect(s.numberPrefix).toBe('城教督');
    expect(s.numberPattern).toBe('{prefix}〔{year}〕{n}号');
    await call('documents.setSettings', { ...s, numberPrefix: '云教督', cc: ['区教育局'] });
    expect((await call('documents.getSettings')).numberPrefix).toBe('云教督');
    expect((await call<any[]>('audit.list', { entity: 'document-settings' }))[0].summary).toBe('修改公文设置');
    const bad = await core.dispatch('documents.setSettings', { ...s, numberPattern: '{prefix}〔{year}〕号' });
    expect(bad.ok).toBe(false);
  });
});

describe('document numbers', () => {
  it('hands out numbers per prefix and year, in sequence, formatted by the pattern', async () => {
    const a = await call('documents.reserveNumber', { year: 2026 });
    const b = await call('documents.reserveNumber', { year: 2026 });
    const c = await call('documents.reserveNumber', { year: 2025 });
    expect([a.number, b.number, c.number]).toEqual(['城教督〔2026〕1号', '城教督〔2026〕2号', '城教督〔2025〕1号']);
    const list = await call<any[]>('documents.listNumbers', { year: 2026 });
    expect(list.map((n) => n.seq)).toEqual([2, 1]);
  });

  it('never reuses a number: not after voiding, not after a failed notice, not under concurrent callers', async () => {
    await loadDemo(core.ctx, false);
    const first = await call('documents.reserveNumber', { year: 2026 });
    await call('documents.voidNumber', { id: first.id });
    // A notice whose schools cannot be found fails before taking a number…
    const failed = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: { ...NOTICE, schools: { schoolIds: [9999] } } }, formats: ['docx'] });
    expect(failed.ok).toBe(false);
    // …and a voided number is refused.
    const voided = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: { ...NOTICE, docNumber: first.number } }, formats: ['docx'] });
    expect(voided.ok).toBe(false);
    const ok = await call('documents.generate', { document: { kind: 'notice', notice: NOTICE }, formats: ['docx'] });
    expect(ok.docNumber).toBe('云教督〔2026〕2号');
    // The same number cannot go on a second, different document.
    const reuse = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: { ...NOTICE, title: '关于另一项工作的通知', docNumber: ok.docNumber } }, formats: ['docx'] });
    expect(reuse.ok).toBe(false);

    // Many callers at once (UI and a running batch): each gets its own number. Across processes the
    // single INSERT … SELECT statement and UNIQUE (prefix, year, seq) give the same guarantee.
    const results = await Promise.all(Array.from({ length: 20 }, () => core.dispatch('documents.reserveNumber', { year: 2026 })));
    expect(results.every((r) => r.ok)).toBe(true);
    const seqs = results.map((r) => (r as { value: { seq: number } }).value.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
    const all = await call<any[]>('documents.listNumbers', { year: 2026 });
    expect(new Set(all.map((n) => n.number)).size).toBe(all.length);
    expect(all.find((n) => n.seq === 1).status).toBe('void');
    expect(all.find((n) => n.seq === 2)).toMatchObject({ status: 'used', title: NOTICE.title });
  });
});

describe('batch export', () => {
  it('writes every document atomically into a fresh folder, never overwriting, and can be cancelled', async () => {
    await loadDemo(core.ctx, false);
    const start = (documents: unknown[]) => call('jobs.start', { kind: 'documents.batch', parameters: { documents, formats: ['docx'] } });
    const job = await start([{ kind: 'register', includeClosed: false }, { kind: 'register', includeClosed: true }]);
    const done = await waitForJob(job.id);
    expect(done).toMatchObject({ state: '已完成', total: 2, done: 2, errors: [] });
    expect(done.folder!.startsWith('导出文件/')).toBe(true);
    const folder = path.join(core.ctx.dataDir, ...done.folder!.split('/'));
    // Same title twice: the second file gets its own name.
    const names = done.outputs.map((o) => o.name.split('/').pop());
    expect(names).toEqual(['云溪区义务教育学校名册.docx', '云溪区义务教育学校名册（2）.docx']);
    expect(fs.readdirSync(folder).sort()).toEqual([...names].sort());
    const file = await call('jobs.file', { id: job.id, name: done.outputs[0].name });
    expect(resultBytes(core.ctx, file).subarray(0, 2).toString()).toBe('PK');
    expect(file.bytes).toBe(done.outputs[0].bytes);

    const long = await start(Array.from({ length: 6 }, () => ({ kind: 'register', includeClosed: false })));
    await call('jobs.cancel', { id: long.id });
    const cancelled = await waitForJob(long.id);
    expect(cancelled.state).toBe('已取消');
    expect(cancelled.done).toBeLessThan(6);
    expect(cancelled.folder).not.toBe(done.folder);
  });
});
