/** 佐证材料 through the dispatcher: add by reference, list, download, remove, dedupe, sweep, verify. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentList, AttachmentsAddResult, AttachmentsSweepResult, AttachmentsVerifyReport } from '../../shared/api/contracts/attachments';
import type { AuditPage } from '../../shared/api/contracts/audit';
import type { FileResult } from '../../shared/api/envelope';
import { blobPath } from '../files/blob-store';
import { resultBytes, stageBytes } from '../testing/files';
import { dispatchOk, tempCore } from '../testing/temp-core';
import { attachmentMimeType, cleanAttachmentName } from './attachments-service';

let core: Awaited<ReturnType<typeof tempCore>>;
let school1: number;
let school2: number;
beforeEach(async () => {
  core = await tempCore();
  await call('operators.create', { name: '王督学', office: '督导室' });
  school1 = (await call('schools.create', { name: '城关小学', type: '小学', locality: '城区' })).id;
  school2 = (await call('schools.create', { name: '桃源小学', type: '小学', locality: '乡村' })).id;
});
afterEach(async () => core.dispose());

const call = <T = any>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
const failure = async (op: string, input: unknown) => {
  const r = await core.dispatch(op as never, input);
  if (r.ok) throw new Error(`${op} should have failed`);
  return r.error;
};
const stage = async (name: string, data: string | Buffer) => ({ ref: (await stageBytes(core.ctx, name, data)).ref });
const blobFiles = () => {
  const root = path.join(core.ctx.dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.parentPath.endsWith('tmp'))
    .map((d) => d.name);
};
const count = (table: string) => (core.database.raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Backdates every stored content, so a sweep with the default grace period may remove the unused ones. */
const backdateBlobs = () => {
  const t = new Date(Date.now() - 2 * 3600_000);
  for (const name of blobFiles()) fs.utimesSync(blobPath(core.ctx.dataDir, name), t, t);
};

describe('attachments', () => {
  it('adds files by reference, lists them with totals, downloads one, removes one with audit', async () => {
    const added = await call<AttachmentsAddResult>('attachments.add', {
      schoolId: school1,
      year: 2025,
      files: [await stage('校舍照片.JPG', 'jpeg bytes'), await stage('核查记录.pdf', '%PDF-1.4 核查')],
      note: ' 实地核查 ',
    });
    expect(added).toMatchObject({ added: 2, existing: 0, message: '已添加 2 个文件' });
    expect(added.results.map((r) => [r.fileName, r.status, r.attachment.mimeType])).toEqual([
      ['校舍照片.JPG', 'added', 'image/jpeg'],
      ['核查记录.pdf', 'added', 'application/pdf'],
    ]);

    const list = await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 });
    expect(list).toMatchObject({ schoolId: school1, year: 2025, count: 2, bytes: Buffer.byteLength('jpeg bytes') + Buffer.byteLength('%PDF-1.4 核查') });
    expect(list.attachments[0]).toMatchObject({ fileName: '校舍照片.JPG', note: '实地核查', addedBy: '王督学', schoolId: school1, year: 2025 });
    expect(list.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2024 })).count).toBe(0);

    const file = await call<FileResult>('attachments.file', { id: list.attachments[1].id });
    expect(file).toMatchObject({ fileName: '核查记录.pdf', mimeType: 'application/pdf', sha256: list.attachments[1].sha256 });
    expect(resultBytes(core.ctx, file).toString()).toBe('%PDF-1.4 核查');

    const audit = await call<AuditPage>('audit.query', { entityType: 'attachment' });
    expect(audit.rows.map((r) => [r.entityTypeLabel, r.actionLabel, r.summary])).toEqual([
      ['佐证材料', '新增', '为“城关小学”2025 年添加佐证材料“核查记录.pdf”（1 KB）'],
      ['佐证材料', '新增', '为“城关小学”2025 年添加佐证材料“校舍照片.JPG”（1 KB）'],
    ]);
    expect(audit.rows[0].batchId).toBe(audit.rows[1].batchId);
    // Read in Chinese: no MIME type or hash shown (the hash stays in the recorded snapshot).
    expect(audit.rows[0].changes.map((c) => c.label)).toEqual(['年份', '文件名', '大小', '说明']);

    const removed = await call('attachments.remove', { id: list.attachments[0].id });
    expect(removed.removed.fileName).toBe('校舍照片.JPG');
    expect((await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 })).attachments.map((a) => a.fileName)).toEqual(['核查记录.pdf']);
    const last = (await call<AuditPage>('audit.query', { pageSize: 1 })).rows[0];
    expect(last).toMatchObject({ entityTypeLabel: '佐证材料', actionLabel: '删除', entityName: '城关小学 2025 年：校舍照片.JPG', summary: '删除“城关小学”2025 年的佐证材料“校舍照片.JPG”' });
    // The content stays until a sweep finds it unused.
    expect(fs.existsSync(blobPath(core.ctx.dataDir, list.attachments[0].sha256))).toBe(true);
    expect((await failure('attachments.remove', { id: list.attachments[0].id })).message).toContain('找不到编号为');
  });

  it('the same file twice to the same school-year changes nothing and is reported as 已存在', async () => {
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('照片.jpg', 'same bytes')] });
    const auditBefore = count('audit_log');
    const again = await call<AttachmentsAddResult>('attachments.add', {
      schoolId: school1,
      year: 2025,
      files: [await stage('照片.jpg', 'same bytes'), await stage('照片（副本）.jpg', 'same bytes')],
    });
    expect(again).toMatchObject({ added: 0, existing: 2 });
    expect(again.message).toBe('没有添加新文件；2 个已存在（内容相同）：“照片.jpg”、“照片（副本）.jpg”（与“照片.jpg”相同）');
    expect(again.results.every((r) => r.status === 'existing' && r.attachment.fileName === '照片.jpg')).toBe(true);
    expect(count('attachments')).toBe(1);
    expect(count('audit_log')).toBe(auditBefore);
    // The same content twice within one add: once.
    const twice = await call<AttachmentsAddResult>('attachments.add', { schoolId: school1, year: 2024, files: [await stage('a.png', 'png'), await stage('b.png', 'png')] });
    expect(twice.results.map((r) => r.status)).toEqual(['added', 'existing']);
  });

  it('the same bytes on two schools are two attachments and one stored content', async () => {
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('通知.pdf', 'shared scan')] });
    await call('attachments.add', { schoolId: school2, year: 2025, files: [await stage('通知.pdf', 'shared scan')] });
    expect(count('attachments')).toBe(2);
    expect(count('blobs')).toBe(1);
    expect(blobFiles()).toHaveLength(1);
  });

  it('refuses a type not accepted, naming the file, and stores nothing', async () => {
    const error = await failure('attachments.add', { schoolId: school1, year: 2025, files: [await stage('好的.pdf', 'ok'), await stage('病毒.exe', 'MZ'), await stage('无扩展名', 'x')] });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('不能添加“病毒.exe”：佐证材料只接受图片');
    expect(error.message).toContain('不能添加“无扩展名”');
    expect(error.message).not.toContain('好的.pdf');
    expect(error.message).toMatch(/未添加任何文件。$/);
    expect(count('attachments')).toBe(0);
    expect(blobFiles()).toEqual([]);
    expect((await failure('attachments.add', { schoolId: school1, year: 2025, files: [await stage('空.txt', '')] })).message).toContain('不能添加“空.txt”：这是一个空文件');
  });

  it('refuses an unknown reference, an unknown school and a year out of range in Chinese', async () => {
    const unknown = await failure('attachments.add', { schoolId: school1, year: 2025, files: [{ ref: 'A'.repeat(22) }] });
    expect(unknown).toMatchObject({ code: 'not_found' });
    expect(unknown.message).toContain('所选文件已失效');
    expect((await failure('attachments.add', { schoolId: 999, year: 2025, files: [await stage('a.pdf', 'x')] })).message).toBe('找不到编号为 999 的学校');
    expect((await failure('attachments.list', { schoolId: school1, year: 1990 })).message).toContain('年份应在 2000—2100 之间');
    expect((await failure('attachments.add', { schoolId: school1, year: 2025, files: [] })).message).toContain('请选择要添加的文件');
    expect((await failure('attachments.file', { id: 12345 })).message).toContain('找不到编号为 12345 的佐证材料');
  });

  it('files added by path (registerPath, as Electron’s dialog and the CLI do) are copied into the store', async () => {
    const own = path.join(core.ctx.dataDir, '..', `desk-attachment-src-${process.pid}.docx`);
    fs.writeFileSync(own, 'docx bytes');
    try {
      // A Windows dialog's name, as data only: the folder is dropped, the invisible character removed.
      const picked = await core.ctx.files.registerPath(own, 'C:\\Users\\wang\\自评报告\u200b.docx'); // check-test-paths: ignore
      const r = await call<AttachmentsAddResult>('attachments.add', { schoolId: school1, year: 2025, files: [{ ref: picked.ref }] });
      expect(r.results[0]).toMatchObject({ fileName: '自评报告.docx', status: 'added' });
    } finally {
      fs.rmSync(own, { force: true });
    }
    // The user's file may go away: the stored copy stays.
    const list = await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 });
    expect(resultBytes(core.ctx, await call<FileResult>('attachments.file', { id: list.attachments[0].id })).toString()).toBe('docx bytes');
  });

  it('sweep removes contents no attachment uses (past the grace period), never one in use', async () => {
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('kept.pdf', 'kept'), await stage('gone.pdf', 'gone')] });
    await call('attachments.add', { schoolId: school2, year: 2025, files: [await stage('shared.pdf', 'kept')] });
    const list = await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 });
    await call('attachments.remove', { id: list.attachments[1].id });
    // The shared content loses one of its two attachments: still in use.
    await call('attachments.remove', { id: list.attachments[0].id });

    const recent = await call<AttachmentsSweepResult>('attachments.sweep');
    expect(recent).toMatchObject({ removedFiles: 0, keptRecent: 1, referenced: 1 });
    expect(count('blobs')).toBe(1);

    backdateBlobs();
    const swept = await call<AttachmentsSweepResult>('attachments.sweep');
    expect(swept).toMatchObject({ removedFiles: 1, freedBytes: 4, keptRecent: 0, referenced: 1, message: '已清理 1 个不再使用的文件，释放 1 KB' });
    expect(blobFiles()).toEqual([list.attachments[0].sha256]);
    const shared = (await call<AttachmentList>('attachments.list', { schoolId: school2, year: 2025 })).attachments[0];
    expect(resultBytes(core.ctx, await call<FileResult>('attachments.file', { id: shared.id })).toString()).toBe('kept');
    expect((await call<AttachmentsSweepResult>('attachments.sweep')).message).toBe('没有需要清理的文件');
  });

  it('re-adding content whose attachment was removed works before and after a sweep', async () => {
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('a.pdf', 'again')] });
    const id = (await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 })).attachments[0].id;
    await call('attachments.remove', { id });
    backdateBlobs();
    // Re-added before the sweep: the put refreshes the content's time, the sweep keeps it.
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('a.pdf', 'again')] });
    expect(await call<AttachmentsSweepResult>('attachments.sweep')).toMatchObject({ removedFiles: 0, referenced: 1 });
    const again = (await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 })).attachments[0];
    await call('attachments.remove', { id: again.id });
    backdateBlobs();
    expect(await call<AttachmentsSweepResult>('attachments.sweep')).toMatchObject({ removedFiles: 1 });
    expect(count('blobs')).toBe(0);
    // After the sweep: stored afresh.
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('a.pdf', 'again')] });
    const last = (await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 })).attachments[0];
    expect(resultBytes(core.ctx, await call<FileResult>('attachments.file', { id: last.id })).toString()).toBe('again');
  });

  it('finds missing and damaged contents (verify, and on download)', async () => {
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('a.pdf', 'content a'), await stage('b.pdf', 'content b')] });
    expect(await call<AttachmentsVerifyReport>('attachments.verify', { schoolId: school1 })).toMatchObject({ ok: true, checked: 2, contents: 2, bytes: 18 });
    const [a, b] = (await call<AttachmentList>('attachments.list', { schoolId: school1, year: 2025 })).attachments;
    fs.writeFileSync(blobPath(core.ctx.dataDir, a.sha256), 'CONTENT A');
    fs.rmSync(blobPath(core.ctx.dataDir, b.sha256));
    const report = await call<AttachmentsVerifyReport>('attachments.verify', {});
    expect(report).toMatchObject({ ok: false, checked: 2, message: '检查了 2 份佐证材料，发现 2 份有问题，请从原件重新添加' });
    expect(report.problems.map((p) => [p.state, p.message])).toEqual([
      ['corrupt', `2025 年“a.pdf”（编号 ${a.id}）：文件内容已损坏（与添加时的校验值不符）`],
      ['missing', `2025 年“b.pdf”（编号 ${b.id}）：文件内容已丢失`],
    ]);
    expect((await failure('attachments.file', { id: a.id })).message).toBe('佐证材料“a.pdf”的文件内容已损坏（与添加时的校验值不符），请从原件重新添加');
    expect((await failure('attachments.file', { id: b.id })).message).toBe('佐证材料“b.pdf”的文件内容已丢失（数据目录的 blobs 文件夹中找不到），请从原件重新添加');
    // Adding the original again repairs the stored content (a missing one is written anew).
    await call('attachments.add', { schoolId: school2, year: 2025, files: [await stage('b.pdf', 'content b')] });
    expect(resultBytes(core.ctx, await call<FileResult>('attachments.file', { id: b.id })).toString()).toBe('content b');
  });

  it('a school with evidence cannot be deleted (its evidence is never dropped silently)', async () => {
    await call('attachments.add', { schoolId: school2, year: 2025, files: [await stage('a.pdf', 'x')] });
    expect((await failure('schools.delete', { id: school2 })).code).toBe('conflict');
    expect(count('attachments')).toBe(1);
  });
});

describe('attachment names and types', () => {
  it('cleans names: no folder, invisible characters dropped, forbidden characters replaced, extension kept', () => {
    expect(cleanAttachmentName('C:\\扫描\\校舍\u200b照片.jpg')).toBe('校舍照片.jpg'); // check-test-paths: ignore
    expect(cleanAttachmentName('/home/u/a:b*c?.pdf')).toBe('a_b_c_.pdf');
    expect(cleanAttachmentName('报告\u202excod.exe')).toBe('报告xcod.exe');
    expect(cleanAttachmentName('.pdf')).toBe('文件.pdf');
    expect(cleanAttachmentName(`${'长'.repeat(300)}.docx`)).toMatch(/^长+\.docx$/);
  });

  it('types by extension, any case; others are not accepted', () => {
    expect(attachmentMimeType('a.HEIC')).toBe('image/heic');
    expect(attachmentMimeType('a.et')).toBe('application/vnd.ms-excel');
    expect(attachmentMimeType('a.mov')).toBe('video/quicktime');
    expect(attachmentMimeType('a.exe')).toBeNull();
    expect(attachmentMimeType('a.constructor')).toBeNull();
    expect(attachmentMimeType('pdf')).toBeNull();
  });
});

describe('evidence is never lost by removing its school', () => {
  it('refuses to delete a school that keeps evidence, and to replace the register with the demo', async () => {
    await call('attachments.add', { schoolId: school1, year: 2025, files: [await stage('照片.jpg', 'jpeg bytes')] });
    const del = await failure('schools.delete', { id: school1 });
    expect(del.code).toBe('conflict');
    expect(del.message).toBe('“城关小学”存有 1 份佐证材料，不能删除；请先在该校统计数据页删除佐证材料，或把状态改为“撤并”');
    const demo = await failure('demo.load', { replace: true });
    expect(demo.message).toMatch(/现有学校存有 1 份佐证材料/);
    expect(count('attachments')).toBe(1);
    expect((await call<any[]>('schools.list', {})).length).toBe(2);
    // A school without evidence can still be deleted.
    expect(await call('schools.delete', { id: school2 })).toEqual({ deleted: true });
  });
});
