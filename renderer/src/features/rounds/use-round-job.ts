import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Job, JobStartInput } from '../../../../shared/api/contracts/jobs';
import { invalidateDomains, useOpMutation } from '../../api/queries';
import { isActive } from '../jobs/JobView';
import { useJobs } from '../jobs/use-jobs';

/** How many recent jobs of a kind are searched for a round's latest (rounds are few; each job is one batch, one check or one import). */
const RECENT = 50;

/** The recorded jobs a round runs from its page: 生成填报包 and 导入填报包. */
export type RoundJobKind = 'rounds.packages' | 'rounds.import';

/** The parameters a job of `K` is started with, without the round (the hook adds it). */
export type RoundJobParameters<K extends RoundJobKind> = Omit<Extract<JobStartInput, { kind: K }>['parameters'], 'roundId'>;

export interface RoundJobState<K extends RoundJobKind> {
  /** This round's latest job of the kind, running or finished (null: none on record). */
  job: Job | null;
  running: boolean;
  starting: boolean;
  /** Starts one for this round; false when it could not start (the window said why, under the hook's `errorTitle`). */
  start: (parameters: RoundJobParameters<K>) => Promise<boolean>;
  /** Asks the latest job to stop (nothing when there is none); a refusal is shown by the window. */
  cancel: () => Promise<void>;
}

/** The round a round job works for, from its recorded parameters (undefined for a job of no round). */
export const jobRoundId = (job: Pick<Job, 'parameters'>): number | undefined => (job.parameters as { roundId?: number } | null)?.roundId;

const definedOnly = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * A recorded job of one round (`kind`): started here, followed through the core's events, and
 * found again through `jobs.list` after leaving the page or reloading (the latest job of the kind
 * whose parameters name this round). While it runs and `refreshesRound(job)` holds (its progress
 * changes the round: packages written mark units 已下发, revisions stored move the units table),
 * the round is read again each time its count grows; when it ends, every read it touched is
 * refreshed (useJobs).
 */
export function useRoundJob<K extends RoundJobKind>(kind: K, roundId: number, options: { errorTitle: string; refreshesRound: (job: Job) => boolean }): RoundJobState<K> {
  const client = useQueryClient();
  const { jobs, put, cancel } = useJobs(kind, RECENT);
  const job = jobs?.find((j) => jobRoundId(j) === roundId) ?? null;
  // Starting changes nothing shown yet: the job's events keep the list and its progress current.
  const startJob = useOpMutation('jobs.start', { errorTitle: options.errorTitle, onSuccess: put, invalidates: false });

  const progress = job && isActive(job) && options.refreshesRound(job) ? job.done : null;
  useEffect(() => {
    if (progress) void invalidateDomains(client, ['rounds']);
  }, [client, progress]);

  const { mutateAsync } = startJob;
  return {
    job,
    running: job !== null && isActive(job),
    starting: startJob.isPending,
    start: (parameters) =>
      // The kind and its parameters belong together (JobStart's union); TypeScript cannot follow that through the generic K.
      // Options left undefined are left out, as the service records the parameters it was given.
      mutateAsync({ kind, parameters: { ...definedOnly(parameters), roundId } } as JobStartInput).then(
        () => true,
        () => false,
      ),
    cancel: async () => {
      if (job) await cancel(job.id);
    },
  };
}
