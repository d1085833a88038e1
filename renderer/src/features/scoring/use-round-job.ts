import type { Job, JobStartInput } from '../../../../shared/api/contracts/jobs';
import { useOpMutation } from '../../api/queries';
import { useJobs } from '../jobs/use-jobs';

/** How many recent jobs of a kind are searched for a round's latest. */
const RECENT = 50;

/** The document jobs a round runs: 一校一案, 督导评估报告和结果公示, 现场督导工作用表. */
export type RoundJobKind = 'scoring.conclusions' | 'scoring.report' | 'scoring.worksheets';
type ParametersOf<K extends RoundJobKind> = Extract<JobStartInput, { kind: K }>['parameters'];

const roundOf = (job: Job) => (job.parameters as { roundId?: number } | null)?.roundId;

/**
 * One round's recorded job of `kind`: its latest job (found again after leaving the page, kept
 * current by the core's events), start and cancel. `errorTitle` heads the window when it cannot start.
 */
export function useRoundJob<K extends RoundJobKind>(kind: K, roundId: number, errorTitle: string) {
  const { jobs, put, cancel } = useJobs(kind, RECENT);
  const start = useOpMutation('jobs.start', { errorTitle, onSuccess: put, invalidates: false });
  return {
    jobs: jobs ?? [],
    latest: jobs?.find((j) => roundOf(j) === roundId) ?? null,
    starting: start.isPending,
    /** Starts the job; the job, or null when it could not start (the window said why). */
    start: (parameters: ParametersOf<K>) => start.mutateAsync({ kind, parameters } as JobStartInput).catch(() => null),
    cancel,
  };
}
