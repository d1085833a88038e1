/**
 * 全部下载 of a 生成填报包 run (issue 11 item 2, browser mode): the office gets every unit's package
 * in one download instead of one click per school. The run's package zips go into one zip (stored,
 * not deflated again: they are zips already); a run without zips gives its whole output folder (the
 * units' package folders). The zip is written as a stream into the outgoing folder, each file read
 * only when the writer reaches it, and then downloaded by reference like any result.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import { RoundPackagesParameters } from '../../../shared/api/contracts/jobs';
import { formatBytes } from '../../../shared/domain/text/bytes';
import * as repo from '../../db/repositories/rounds-repo';
import { safeFileName } from '../../documents/write-file';
import { reader, type ServiceContext } from '../context';
import { getJob } from '../jobs-service';

/**
 * Largest download: the zip writer (JSZip) writes no ZIP64 records, so neither the whole zip nor
 * its entry count may pass the classic format's limits; a margin stays for headers.
 */
export const MAX_PACKAGES_ZIP_BYTES = 4 * 1024 ** 3 - 64 * 1024 ** 2;
export const MAX_PACKAGES_ZIP_ENTRIES = 65_000;

/** A write-package temporary folder (`.~package-<pid>-<hex>`), never part of what was written. */
const TEMP_DIR = /^\.~package-/;

interface ZipItem {
  /** Entry name, `/`-separated. */
  name: string;
  /** The file to read, or null for a folder entry. */
  source: string | null;
  bytes: number;
}

/** Every file and folder under `root` (links and special files left out; write-package's temporary folders skipped). */
async function folderItems(root: string, prefix = ''): Promise<ZipItem[]> {
  const items: ZipItem[] = [];
  for (const d of await fs.readdir(path.join(root, prefix), { withFileTypes: true })) {
    if (TEMP_DIR.test(d.name)) continue;
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) {
      items.push({ name: `${rel}/`, source: null, bytes: 0 });
      items.push(...(await folderItems(root, rel)));
    } else if (d.isFile()) {
      const source = path.join(root, ...rel.split('/'));
      items.push({ name: rel, source, bytes: (await fs.stat(source)).size });
    }
  }
  return items;
}

/** A file read only once the zip writer asks for its first bytes (so hundreds of files never hold hundreds of open handles); also used by jobs/outputs-zip.ts. */
export function lazyRead(file: string): Readable {
  return Readable.from(
    (async function* () {
      yield* createReadStream(file);
    })(),
    { objectMode: false },
  );
}

/**
 * The zip of one `rounds.packages` run of `roundId` (see the module comment and the contract
 * `rounds.packagesZip`): its package zips, else its output folder. Errors in Chinese: not_found
 * (no such run of this round, or its files were moved away), invalid_input (still running, written
 * to a folder the user chose, or too large for one zip).
 */
export async function packagesZip(ctx: ServiceContext, roundId: number, jobId: string): Promise<FileResult> {
  const round = await repo.getRoundRow(reader(ctx), roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const job = await getJob(ctx, jobId);
  const params = job.kind === 'rounds.packages' ? RoundPackagesParameters.safeParse(job.parameters) : null;
  if (!params?.success || params.data.roundId !== roundId) throw new AppError('not_found', `评估项目“${round.name}”没有这次生成填报包的记录`);
  if (job.state === '排队' || job.state === '运行中') throw new AppError('invalid_input', '填报包还在生成中，请等生成结束后再全部下载');
  if (params.data.destination || !job.folder) throw new AppError('invalid_input', '这次生成的填报包写入了当时选择的文件夹，请到该文件夹中拷贝');

  const root = path.resolve(ctx.dataDir);
  const inData = (name: string) => {
    const full = path.resolve(root, ...name.split('/'));
    if (!full.startsWith(root + path.sep)) throw new AppError('not_found', `文件“${name}”不在数据目录中`);
    return full;
  };
  const gone = (what: string) => new AppError('not_found', `${what}已不在数据目录中（可能已被移动或删除），请重新生成填报包`);
  let items: ZipItem[];
  const zips = job.outputs.filter((o) => o.format === 'zip');
  if (zips.length > 0) {
    items = [];
    for (const o of zips) {
      const full = inData(o.name);
      const st = await fs.stat(full).catch(() => null);
      if (!st?.isFile()) throw gone(`文件“${path.basename(full)}”`);
      items.push({ name: path.basename(full), source: full, bytes: st.size });
    }
  } else {
    const folder = inData(job.folder);
    if (!(await fs.stat(folder).catch(() => null))?.isDirectory()) throw gone(`文件夹“数据目录/${job.folder}”`);
    items = await folderItems(folder);
    if (!items.some((i) => i.source)) throw new AppError('not_found', '这次生成没有写出任何填报包');
  }
  const total = items.reduce((n, i) => n + i.bytes, 0);
  if (total > MAX_PACKAGES_ZIP_BYTES || items.length > MAX_PACKAGES_ZIP_ENTRIES) {
    throw new AppError('invalid_input', `这次生成的填报包共 ${formatBytes(total)}、${items.length} 个文件，超过一个 zip 文件能容纳的上限，请到数据目录的文件夹“${job.folder}”中直接拷贝`);
  }

  const zip = new JSZip();
  // Local time: the zip format has no time zone and Explorer shows entry times as local.
  const now = new Date();
  const date = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  for (const i of items) {
    if (i.source === null) zip.file(i.name, null, { dir: true, date });
    // Stored: package zips are compressed already, and JSZip's JavaScript deflate would cost seconds per 100 MB.
    else zip.file(i.name, lazyRead(i.source), { date, binary: true, compression: 'STORE' });
  }
  const stream = zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'STORE' });
  const name = `${safeFileName(round.name, 60, 150)}_全部填报包.zip`;
  return ctx.files.writeResult(name, 'application/zip', stream as unknown as Readable);
}
