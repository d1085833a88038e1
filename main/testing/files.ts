/** Test helpers for files by reference: stage bytes as an upload would, read a result back. */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { FileResult, StagedFile } from '../../shared/api/envelope';
import type { LocalFile } from '../files/file-refs';
import type { ServiceContext } from '../services/context';

/** Stages `data` under `fileName` exactly as a browser upload would; returns the reference the contract takes. */
export async function stageBytes(ctx: Pick<ServiceContext, 'files'>, fileName: string, data: Uint8Array | string): Promise<StagedFile> {
  return ctx.files.stage(Readable.from([typeof data === 'string' ? Buffer.from(data) : data]), fileName);
}

/** Stages `data` and resolves it to the local file a service reads. */
export async function localFile(ctx: Pick<ServiceContext, 'files'>, fileName: string, data: Uint8Array | string): Promise<LocalFile> {
  return ctx.files.resolve((await stageBytes(ctx, fileName, data)).ref);
}

/** The bytes of a file the core wrote for the user. */
export function resultBytes(ctx: Pick<ServiceContext, 'files'>, result: FileResult): Buffer {
  return fs.readFileSync(ctx.files.download(result.ref).path);
}
