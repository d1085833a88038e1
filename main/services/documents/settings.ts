/** 设置 → 公文: the office's document settings, stored as one JSON value, and the 发文字号 pattern. */
import { regionOfSignature } from '../../../shared/domain/rectification/departments';
import { DocumentSettings } from '../../../shared/api/contracts/documents';
import type { ServiceContext } from '../context';
import { storedSetting } from '../stored-setting';

export const DOCUMENT_SETTINGS_KEY = 'documents.office';
const setting = storedSetting(DOCUMENT_SETTINGS_KEY, DocumentSettings, { name: '公文设置', summary: '修改公文设置' });

export const getDocumentSettings: (ctx: ServiceContext) => Promise<DocumentSettings> = setting.get;
export const setDocumentSettings: (ctx: ServiceContext, settings: DocumentSettings) => Promise<DocumentSettings> = setting.set;

/** 城教督〔2026〕12号 from the pattern: full year, no leading zeros (GB/T 9704). */
export function formatDocNumber(settings: Pick<DocumentSettings, 'numberPattern' | 'numberPrefix'>, year: number, n: number): string {
  return settings.numberPattern.replaceAll('{prefix}', settings.numberPrefix).replaceAll('{year}', String(year)).replaceAll('{n}', String(n));
}

/** The county named at the start of the office name (城关县人民政府教育督导室 → 城关县), for report titles. */
export function regionOf(settings: Pick<DocumentSettings, 'signature'>): string {
  return regionOfSignature(settings.signature);
}
