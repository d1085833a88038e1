/**
 * 采用全部建议得分 (issue 12): a unit's items on which the experts agree under the round's rule get
 * the suggestion as their final score in one go. Nothing here decides a score: each one goes
 * through scoring.setScore's own rules (method, lock, departure from the self-evaluation), so an
 * item those rules refuse — a departure beyond the round's threshold needs a written reason — is
 * left for a person, listed with the rules' message. Items needing a decision (需合议) or already
 * given a final score are never touched.
 */
import { AppError } from '../../../shared/api/envelope';
import type { AdoptSuggestionsResult } from '../../../shared/api/contracts/scoring';
import * as results from '../../db/repositories/scoring-results-repo';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { buildSheet, recordScore, sheetContext } from './scoring-service';

/**
 * Adopts every agreed suggestion of a unit without a final score (see contract
 * scoring.adoptSuggestions). Each is checked and recorded by setScore's own recordScore, as if given
 * by hand, all in one unit of work: the adoption is stored whole or not at all.
 * @throws AppError('not_found') for an unknown unit; AppError('invalid_input') when the unit is
 *   forfeited or its scores are locked (before anything is adopted).
 */
export async function adoptSuggestions(ctx: ServiceContext, unitId: number): Promise<AdoptSuggestionsResult> {
  const db = reader(ctx);
  const c = await sheetContext(db, unitId);
  if (c.unit.state === 'forfeited') throw new AppError('invalid_input', `“${c.unit.name}”已弃权，不再评分`);
  if ((await results.locksOf(db, c.unit.id))[0]?.locked === 1) throw new AppError('invalid_input', `“${c.unit.name}”的评分已锁定；如需修改，请先解锁并写明原因`);
  const sheet = await buildSheet(db, c);
  const out: AdoptSuggestionsResult = { adopted: [], skipped: [] };
  await unitOfWork(ctx, async (tx, unit) => {
    const current = await sheetContext(tx, unitId);
    for (const row of sheet.rows) {
      if (row.computed || row.reconciled.state !== 'agreed' || row.final?.answer) continue;
      try {
        await recordScore(tx, unit.at, unit.operator.name, current, { unitId, nodeId: row.nodeId, kind: 'final', answer: row.reconciled.answer, note: '', evidenceViewed: [] });
        out.adopted.push({ nodeId: row.nodeId, code: row.code, title: row.title, text: row.reconciled.text });
      } catch (e) {
        // Only the rules' refusals of this one item are left for a person (refused before anything of it
        // is written); anything else stops the run and nothing is stored.
        if (!(e instanceof AppError) || e.code !== 'invalid_input') throw e;
        out.skipped.push({ nodeId: row.nodeId, code: row.code, title: row.title, message: e.message });
      }
    }
  });
  return out;
}
