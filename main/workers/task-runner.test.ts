import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AppError } from '../../shared/api/envelope';
import { sampleReport } from '../documents/testing/fixtures';
import { tempDir } from '../testing/temp-core';
import { inlineTaskRunner, TaskAborted, workerTaskRunner } from './task-runner';

const threads = workerTaskRunner({ maxThreads: 1 });
const inline = inlineTaskRunner();
afterAll(() => threads.close());

describe('heavy tasks on a worker thread', () => {
  test('a document renders on the thread exactly as inline (same PDF text, Buffers back)', async () => {
    const doc = sampleReport();
    const [a, b] = await Promise.all([threads.run('render', { doc, formats: ['docx', 'pdf'] }), inline.run('render', { doc, formats: ['docx', 'pdf'] })]);
    expect(a.files.map((f) => f.format)).toEqual(['docx', 'pdf']);
    for (const f of a.files) expect(Buffer.isBuffer(f.buffer)).toBe(true);
    expect(a.files[1].buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(a.fontsUsed).toEqual(b.fontsUsed);
    expect(a.warnings).toEqual(b.warnings);
    // PDF bytes carry a creation date; the DOCX part list and sizes do not depend on the thread.
    expect(Math.abs(a.files[0].buffer.length - b.files[0].buffer.length)).toBeLessThan(64);
  }, 120_000);

  test('a workbook written on the thread comes back as a Buffer, the same workbook as inline', async () => {
    const [a, b] = await Promise.all([threads.run('workbook', { kind: 'schoolsTemplate' }), inline.run('workbook', { kind: 'schoolsTemplate' })]);
    expect(Buffer.isBuffer(a.buffer)).toBe(true);
    expect(a.buffer.subarray(0, 2).toString()).toBe('PK');
    const { readWorkbook } = await import('../exchange/workbook');
    const [wa, wb] = await Promise.all([readWorkbook(a.buffer), readWorkbook(b.buffer)]);
    expect(wa.sheets.map((s) => s.name)).toEqual(wb.sheets.map((s) => s.name));
  }, 60_000);

  test('a domain error crosses the thread with its code and Chinese message', async () => {
    const dir = tempDir('desk-task-');
    const file = path.join(dir, '名册.xlsx');
    fs.writeFileSync(file, 'not a workbook at all');
    const missing = { path: path.join(dir, 'gone.xlsx'), fileName: 'gone.xlsx', bytes: 1 };
    const err = await threads.run('parseSchools', { file: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not_found');
    expect((err as AppError).message).toContain('gone.xlsx');
    // A readable file that is no workbook is parsed into errors, not a crash.
    const r = await threads.run('parseSchools', { file: { path: file, fileName: '名册.xlsx', bytes: 21 } });
    expect(r.parsed.errors.length).toBeGreaterThan(0);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  test('an aborted task rejects with TaskAborted, and the pool keeps working', async () => {
    const ac = new AbortController();
    const running = threads.run('render', { doc: sampleReport(), formats: ['pdf'] }, { signal: ac.signal });
    // At once, after the task was handed to the pool: a warm worker renders a report in under 50 ms now
    // (fonts parsed once per thread), so a later abort could find the task already done.
    ac.abort();
    await expect(running).rejects.toBeInstanceOf(TaskAborted);
    const after = await threads.run('render', { doc: sampleReport(), formats: ['docx'] });
    expect(after.files).toHaveLength(1);
  }, 120_000);

  test('inline: an aborted signal never starts the task', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(inline.run('render', { doc: sampleReport(), formats: ['docx'] }, { signal: ac.signal })).rejects.toBeInstanceOf(TaskAborted);
  });
});
