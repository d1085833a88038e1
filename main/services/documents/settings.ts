/** 设置 → 公文: the office's document settings, stored as one JSON value, and the 发文字号 pattern. */
import { DocumentSettings } from '../../../shared/api/contracts/documents';
import { writeAudit } from '../../db/repositories/audit-repo';
import { getSetting, putSetting } from '../../db/repositories/settings-repo';
import type { ServiceContext } from '../context';

export const DOCUMENT_SETTINGS_KEY = 'documents.office';
const KEY = DOCUMENT_SETTINGS_KEY;

export async function getDocumentSettings(ctx: ServiceContext): Promise<DocumentSettings> {
  const stored = await getSetting<unknown>(ctx.db, KEY);
  const parsed = DocumentSettings.safeParse(stored ?? {});
  // Anything unreadable (e.g. written by a later release) falls back to the defaults rather than failing every export.
  return parsed.success ? parsed.data : DocumentSettings.parse({});
}

export async function setDocumentSettings(ctx: ServiceContext, settings: DocumentSettings): Promise<DocumentSettings> {
  const clean = DocumentSettings.parse(settings);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getDocumentSettings({ ...ctx, db: trx });
    await putSetting(trx, KEY, clean);
    await writeAudit(trx, { actor: ctx.actor, action: 'update', entity: 'document-settings', entityId: KEY, summary: '修改公文设置', before, after: clean });
    return clean;
  });
}

/** 城教督〔2026〕12号 from the pattern: full year, no leading zeros (GB/T 9704). */
export function formatDocNumber(settings: Pick<DocumentSettings, 'numberPattern' | 'numberPrefix'>, year: number, n: number): string {
  return settings.numberPattern.replaceAll('{prefix}', settings.numberPrefix).replaceAll('{year}', String(year)).replaceAll('{n}', String(n));
}

/** The county named at the start of the office name (城关县人民政府教育督导室 → 城关县), for report titles. */
export function regionOf(settings: Pick<DocumentSettings, 'signature'>): string {
  return /^(.+?(?:自治县|自治旗|县|区|市|旗))/.exec(settings.signature)?.[1] ?? '';
}
