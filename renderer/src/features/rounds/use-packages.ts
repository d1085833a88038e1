import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Job, RoundPackagesParameters } from '../../../../shared/api/contracts/jobs';
import { invalidateDomains, useOpMutation } from '../../api/queries';
import { isActive } from '../jobs/JobView';
import { useJobs } from '../jobs/use-jobs';

/** How many recent 生成填报包 jobs are searched for this round's latest (rounds are few; each job is one batch). */
const RECENT = 50;

export interface PackagesState {
  /** This round's latest 生成填报包 job, running or finished (null: none on record). */
  job: Job | null;
  running: boolean;
  starting: boolean;
  /** `destination`: a folder reference from the window's folder dialog (Electron); absent: under the data directory. */
  start: (parameters: { unitIds?: number[]; zip: boolean; destination?: { ref: string } }) => Promise<boolean>;
  cancel: () => Promise<void>;
}

const roundOf = (job: Job) => (job.parameters as Partial<RoundPackagesParameters> | null)?.roundId;

/**
 * 生成填报包 of one round as a recorded `rounds.packages` job: started here, followed through the
 * core's events, and found again through `jobs.list` after leaving the page or reloading (the
 * latest job whose parameters name this round). While it runs, each package written marks its unit
 * 已下发, so the round is read again as the count grows; when it ends, every read it touched.
 */
export function usePackages(roundId: number): PackagesState {
  const client = useQueryClient();
  const { jobs, put, cancel } = useJobs('rounds.packages', RECENT);
  const job = jobs?.find((j) => roundOf(j) === roundId) ?? null;
  // Starting changes nothing shown yet: the job's events keep the list and its progress current.
  const startJob = useOpMutation('jobs.start', { errorTitle: '无法开始生成填报包', onSuccess: put, invalidates: false });

  const done = job && isActive(job) ? job.done : null;
  useEffect(() => {
    if (done) void invalidateDomains(client, ['rounds']);
  }, [client, done]);

  const { mutateAsync } = startJob;
  return {
    job,
    running: job !== null && isActive(job),
    starting: startJob.isPending,
    start: (p) =>
      mutateAsync({ kind: 'rounds.packages', parameters: { roundId, zip: p.zip, ...(p.unitIds ? { unitIds: p.unitIds } : {}), ...(p.destination ? { destination: p.destination } : {}) } }).then(
        () => true,
        () => false,
      ),
    cancel: async () => {
      if (job) await cancel(job.id);
    },
  };
}
