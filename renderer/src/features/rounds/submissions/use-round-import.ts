import { useRoundJob, type RoundJobState } from '../use-round-job';
import { isDryRun } from './submission-view';

/**
 * 导入填报包 of a round: its latest job (a check or an import), and start/cancel — a check (dry
 * run) or an import (commit, with the decisions on conflicts, `resolutions`).
 */
export type RoundImportState = RoundJobState<'rounds.import'>;

/**
 * 导入填报包 of one round as recorded `rounds.import` jobs (useRoundJob: started here, found again
 * after leaving the page). While an import stores packages, the round is read again as each one is
 * stored, so the units table moves with it; a check stores nothing, so it reads nothing again until
 * it ends.
 */
export function useRoundImport(roundId: number): RoundImportState {
  return useRoundJob('rounds.import', roundId, { errorTitle: '无法开始导入填报包', refreshesRound: (job) => !isDryRun(job) });
}
