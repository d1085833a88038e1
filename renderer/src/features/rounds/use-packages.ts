import { useRoundJob, type RoundJobState } from './use-round-job';

/** 生成填报包 of a round: its latest job, and start/cancel (`destination`: a folder reference from the window's folder dialog, Electron; absent: under the data directory). */
export type PackagesState = RoundJobState<'rounds.packages'>;

/**
 * 生成填报包 of one round as a recorded `rounds.packages` job (useRoundJob: started here, found
 * again after leaving the page). While it runs, each package written marks its unit 已下发, so the
 * round is read again as the count grows; when it ends, every read it touched.
 */
export function usePackages(roundId: number): PackagesState {
  return useRoundJob('rounds.packages', roundId, { errorTitle: '无法开始生成填报包', refreshesRound: () => true });
}
