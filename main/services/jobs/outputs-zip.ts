/**
 * 全部下载 of a job's files (browser mode): a batch of 一校一案, work sheets or reports writes
 * dozens to hundreds of files, one 下载 each. This puts every output of a finished job that lies in
 * the data directory into one zip, stored (DOCX, PDF and xlsx are compressed already), written as a
 * stream into the outgoing folder and downloaded by reference like any result. A job that wrote to
 * a folder the user chose (desktop) has its files there already.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import JSZip from 'jszip';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import { formatBytes } from '../../../shared/domain/text/bytes';
import { safeFileName } from '../../documents/write-file';
import type { ServiceContext } from '../context';
import { getJob } from '../jobs-service';
import { lazyRead, MAX_PACKAGES_ZIP_BYTES, MAX_PACKAGES_ZIP_ENTRIES } from '../rounds/packages-zip';

/**
 * The zip of job `id`'s outputs (contract `jobs.outputsZip`), entries named by their path under
 * the job's folder. Errors in Chinese: not_found (no such job, or a file moved away), invalid_input
 * (still running, nothing written in the data directory, or too large for one zip).
 */
export async function jobOutputsZip(ctx: ServiceContext, id: string): Promise<FileResult> {
  const job = await getJob(ctx, id);
  if (job.state === '排队' || job.state === '运行中') throw new AppError('invalid_input', '作业还在进行中，请等结束后再全部下载');
  const root = path.resolve(ctx.dataDir);
  const folder = job.folder ? path.resolve(root, ...job.folder.split('/')) : root;
  const items: { name: string; source: string; bytes: number }[] = [];
  for (const o of job.outputs) {
    const full = path.resolve(root, ...o.name.split('/'));
    // Outputs written to a folder the user chose are not in the data directory: they are there already.
    if (!full.startsWith(root + path.sep)) continue;
    const st = await fs.stat(full).catch(() => null);
    if (!st?.isFile()) throw new AppError('not_found', `文件“${path.basename(full)}”已不在数据目录中（可能已被移动或删除），请重新生成`);
    const rel = full.startsWith(folder + path.sep) ? path.relative(folder, full) : path.basename(full);
    items.push({ name: rel.split(path.sep).join('/'), source: full, bytes: st.size });
  }
  if (items.length === 0) throw new AppError('invalid_input', '这次作业的文件写入了当时选择的文件夹，请到该文件夹中查看');
  const total = items.reduce((n, i) => n + i.bytes, 0);
  if (total > MAX_PACKAGES_ZIP_BYTES || items.length > MAX_PACKAGES_ZIP_ENTRIES) {
    throw new AppError('invalid_input', `这次作业的文件共 ${formatBytes(total)}、${items.length} 个，超过一个 zip 文件能容纳的上限，请到数据目录的文件夹“${job.folder ?? ''}”中直接拷贝`);
  }
  const zip = new JSZip();
  // Local time: the zip format has no time zone and Explorer shows entry times as local.
  const now = new Date();
  const date = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  for (const i of items) zip.file(i.name, lazyRead(i.source), { date, binary: true, compression: 'STORE' });
  const stream = zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'STORE' });
  return ctx.files.writeResult(`${safeFileName(job.title, 60, 150)}_全部文件.zip`, 'application/zip', stream as unknown as Readable);
}
