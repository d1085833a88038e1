/** Helpers shared by the scoring, document and rectification tests: a scored county round, scoring a unit in full, reading a DOCX's text, the dispatcher's calls. */
import JSZip from 'jszip';
import type { AppCore } from '../app/create-app';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
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

/** The calls a service test makes through the core's dispatcher: `api` (throws the Chinese error) and `refused` (the error a refused call gives). */
export function coreCalls(core: () => Pick<AppCore, 'dispatch'>) {
  return {
    async api<T>(op: string, input: unknown = {}): Promise<T> {
      return dispatchOk<T>(core(), op, input);
    },
    async refused(op: string, input: unknown): Promise<string> {
      const r = await core().dispatch(op as never, input as never);
      if (r.ok) throw new Error(`${op} was accepted`);
      return r.error.message;
    },
  };
}

/**
 * A round of `count` primary schools (第1小学 …) on the county 100-point system (published), dated
 * 2026 with one collecting stage, with the values its formulas read (县域差异系数, 问卷满意度), ready
 * to be scored. Returns the round as created.
 */
export async function countyRound(core: Pick<AppCore, 'dispatch'>, count: number, extra: { township?: string } = {}): Promise<RoundDetail> {
  const system = await dispatchOk<{ summary: { id: number } }>(core, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await dispatchOk(core, 'indicators.publish', { id: system.summary.id });
  const schools: School[] = [];
  for (let i = 1; i <= count; i++) schools.push(await dispatchOk<School>(core, 'schools.create', { code: `450202000${i}`, name: `第${i}小学`, type: '小学', locality: '城区', ...extra }));
  const round = await dispatchOk<RoundDetail>(core, 'rounds.create', {
    name: '2026年度县域督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '城关县人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  await dispatchOk(core, 'scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' } } });
  return round;
}
