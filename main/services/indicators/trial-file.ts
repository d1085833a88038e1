/**
 * 试算录入 as a file (导出本次录入 / 导入录入 on the 试算 page): written and read on a worker thread
 * by main/exchange/trial-workbook.ts; nothing is stored in the database.
 */
import type { TrialInputFile } from '../../../shared/api/contracts/indicators';
import { AppError, type FileRef, type FileResult } from '../../../shared/api/envelope';
import { IndicatorSystemSchema, parseIndicatorSystem, type IndicatorSystem, type TrialInput } from '../../../shared/domain/indicators';
import { formatDate } from '../../../shared/domain/text/datetime';
import type { ServiceContext } from '../context';
import { safeName } from './exchange';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The system the 试算 page shows (unsaved edits included), checked for shape only: a draft with
 * validation errors can still be tried. invalid_input names the problems in Chinese by node.
 */
function systemOf(json: unknown): IndicatorSystem {
  const r = IndicatorSystemSchema.safeParse(json);
  if (r.success) return r.data;
  const p = parseIndicatorSystem(json);
  const problems = p.ok ? [] : p.errors.map((e) => e.message);
  throw new AppError('invalid_input', `指标体系内容有误：${problems.slice(0, 5).join('；') || '格式不正确'}`);
}

/** “<体系名称>-试算录入-2026-11-29.xlsx”, the date of the export (local time, as the clerk's calendar). */
export function trialInputFileName(system: Pick<IndicatorSystem, 'name'>, at: Date): string {
  return `${safeName(system.name)}-试算录入-${formatDate(at)}.xlsx`;
}

/**
 * 导出本次录入: `input` on `systemJson` as a 试算录入 workbook (indicators.exportTrialInput).
 * invalid_input when the system is not well-formed; the input was checked by the contract.
 */
export async function exportTrialInput(ctx: ServiceContext, systemJson: unknown, input: TrialInput): Promise<FileResult> {
  const system = systemOf(systemJson);
  const at = new Date();
  const { buffer } = await ctx.tasks.run('workbook', { kind: 'trialInput', system, input, at: at.toISOString() });
  return ctx.files.writeResult(trialInputFileName(system, at), XLSX_MIME, buffer);
}

/**
 * 导入录入: the trial input a 试算录入 workbook (or the earlier JSON) holds for `systemJson`
 * (indicators.readTrialInput). import_failed with every unreadable cell in `details.errors`.
 */
export async function readTrialInput(ctx: ServiceContext, systemJson: unknown, ref: FileRef): Promise<TrialInputFile> {
  const system = systemOf(systemJson);
  const file = ctx.files.resolve(ref.ref);
  const { result } = await ctx.tasks.run('parseTrialInput', { file, system });
  if (!result.ok) {
    const shown = result.errors.slice(0, 20);
    const more = result.errors.length > shown.length ? `（另有 ${result.errors.length - shown.length} 处）` : '';
    throw new AppError('import_failed', `未读入：${shown.join('；')}${more}`, { errors: result.errors });
  }
  return { input: result.input, fileName: file.fileName, notices: result.notices };
}
