/** Helpers shared by the scoring and document tests: scoring a unit in full, reading a DOCX's text. */
import JSZip from 'jszip';
import type { AppCore } from '../app/create-app';
import type { UnitScoreSheet } from '../../shared/api/contracts/scoring';
import { dispatchOk } from './temp-core';

/**
 * Final scores for every hand-scored leaf of a unit: full points (bonus items 0, vetoes not
 * triggered), except the points given by indicator code.
 */
export async function scoreAllFinal(core: Pick<AppCore, 'dispatch'>, unitId: number, points: Record<string, number> = {}): Promise<void> {
  const sheet = await dispatchOk<UnitScoreSheet>(core, 'scoring.sheet', { unitId });
  for (const r of sheet.rows.filter((x) => !x.computed)) {
    const answer = r.choices.length ? { triggered: false } : { points: points[r.code] ?? (r.method.includes('加分') ? 0 : r.points) };
    await dispatchOk(core, 'scoring.setScore', { unitId, nodeId: r.nodeId, kind: 'final', answer });
  }
}

/** The visible text of a DOCX: its body's runs, tags removed. */
export async function docxTextOf(docx: Uint8Array): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}
