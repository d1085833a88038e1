/**
 * Trial calculation (试算) and stored results. The engine is the shared one the renderer uses,
 * so the UI, `systems trial` and stored results agree to the character.
 */
import type { StoredResult } from '../../../shared/api/contracts/indicators';
import { AppError } from '../../../shared/api/envelope';
import { conclusionText, evaluateSystem, formatNumber, type EvaluationResult, type TrialInput } from '../../../shared/domain/indicators';
import * as results from '../../db/repositories/indicator-results-repo';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { findStored, getStored } from '../indicators-service';

/** Evaluates a version on a trial input; nothing is stored. */
export async function trial(ctx: ServiceContext, id: number, input: TrialInput): Promise<EvaluationResult> {
  const s = await getStored(ctx, id);
  return evaluateSystem(s.system, input);
}

/**
 * Computes and stores a result under the version it used. The row also keeps the system as it
 * was, so neither a later version nor a later edit of this draft can change what was stored.
 */
export async function saveTrial(ctx: ServiceContext, id: number, input: TrialInput, label: string): Promise<StoredResult> {
  return unitOfWork(ctx, async (tx, unit) => {
    const s = await findStored(tx, id);
    const result = evaluateSystem(s.system, input);
    const name = label || `试算 ${new Date().toLocaleString('zh-CN', { hour12: false })}`;
    const resultId = await results.insertResult(tx, { systemId: id, system: s.system, kind: 'trial', label: name, input, result });
    unit.audit({
      action: 'create',
      entityType: 'indicator-result',
      entityId: resultId,
      entityName: `${s.system.name}（第 ${s.version} 版）试算结果“${name}”`,
      summary: `保存指标体系“${s.system.name}”第 ${s.version} 版的试算结果“${name}”：总分 ${formatNumber(result.total)}，${conclusionText(result)}`,
      after: { label: name, systemKey: s.key, systemVersion: s.version, total: result.total, passed: result.passed, grade: result.grade?.label ?? null },
    });
    return (await results.getResult(tx, resultId))!;
  });
}

/** Stored results, of one version or all. */
export async function listResults(ctx: ServiceContext, systemId?: number): Promise<StoredResult[]> {
  return results.listResults(reader(ctx), systemId);
}

/** One stored result. */
export async function getResult(ctx: ServiceContext, id: number): Promise<StoredResult> {
  const r = await results.getResult(reader(ctx), id);
  if (!r) throw new AppError('not_found', `找不到编号为 ${id} 的结果`);
  return r;
}
