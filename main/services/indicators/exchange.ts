/** Excel import / export of indicator systems through the API (files by reference in and out). */
import type { SystemImportOutcome } from '../../../shared/api/contracts/indicators';
import { AppError, type FileRef, type FileResult } from '../../../shared/api/envelope';
import { diffIndicatorSystems, IndicatorSystemSchema } from '../../../shared/domain/indicators';
import * as repo from '../../db/repositories/indicator-systems-repo';
import { unitOfWork, type ServiceContext } from '../context';
import { detailOn, getStored, insertNewAudited } from '../indicators-service';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `s` as a file name: characters Windows does not allow become “_”; “指标体系” when nothing is left. */
export const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n]+/g, '_').trim() || '指标体系';

/** A version as an Excel workbook. */
export async function exportSystem(ctx: ServiceContext, id: number): Promise<FileResult> {
  const s = await getStored(ctx, id);
  const { buffer } = await ctx.tasks.run('workbook', { kind: 'indicators', system: s.system });
  return ctx.files.writeResult(`${safeName(s.system.name)}-第${s.version}版.xlsx`, XLSX_MIME, buffer);
}

/**
 * Imports a workbook. An unknown key becomes a new system (draft, version kept). A known key:
 * if some stored version holds the same content, nothing is written; otherwise the file is
 * stored as the next version of that system, as a draft — imported content is reviewed and
 * published here, never published by the file.
 */
export async function importSystem(ctx: ServiceContext, ref: FileRef): Promise<SystemImportOutcome> {
  const file = ctx.files.resolve(ref.ref);
  // Read and validated on a worker thread (Electron, browser mode).
  const { result: parsed } = await ctx.tasks.run('parseIndicatorWorkbook', { file });
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 20).map((e) => e.message);
    const more = parsed.errors.length > shown.length ? `（另有 ${parsed.errors.length - shown.length} 处）` : '';
    throw new AppError('import_failed', `未导入：${shown.join('；')}${more}`, { errors: parsed.errors });
  }
  const incoming = parsed.system;
  return unitOfWork(ctx, async (tx, unit) => {
    const versions = await repo.versionsOfKey(tx, incoming.key);
    const same = versions.find((v) => diffIndicatorSystems(v.system, incoming).identical);
    if (same) {
      return { status: 'unchanged' as const, message: `“${incoming.name}”与已有的第 ${same.version} 版内容相同，未重复导入`, detail: await detailOn(tx, same.id) };
    }
    const taken = versions.some((v) => v.version === incoming.version);
    const version = versions.length ? Math.max(...versions.map((v) => v.version)) + 1 : incoming.version;
    const draft = versions.find((v) => v.state === 'draft');
    if (draft) throw new AppError('conflict', `“${incoming.name}”已有草稿第 ${draft.version} 版；请先发布或删除该草稿，再导入新内容`);
    const system = IndicatorSystemSchema.parse({ ...incoming, version, state: 'draft' });
    const status = versions.length ? ('newVersion' as const) : ('created' as const);
    const message =
      status === 'created'
        ? `已导入“${system.name}”，保存为第 ${version} 版草稿`
        : `已有同一标识的指标体系，导入内容保存为“${system.name}”第 ${version} 版草稿${taken ? `（文件中为第 ${incoming.version} 版）` : ''}`;
    const id = await insertNewAudited(tx, unit, system, { action: 'import', summary: `从“${file.fileName}”${message.replace(/^已/, '')}`, fileName: file.fileName });
    return { status, message, detail: await detailOn(tx, id) };
  });
}
