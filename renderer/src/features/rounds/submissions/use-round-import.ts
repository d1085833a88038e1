import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Job } from '../../../../../shared/api/contracts/jobs';
import { invalidateDomains, useOpMutation } from '../../../api/queries';
import { isActive } from '../../jobs/JobView';
import { useJobs } from '../../jobs/use-jobs';
import { importRoundOf, isDryRun, type Resolution } from './submission-view';

/** How many recent 导入填报包 jobs are searched for this round's latest (each job is one check or one import). */
const RECENT = 50;

export interface RoundImportState {
  /** This round's latest 导入填报包 job (a check or an import), running or finished; null when none on record. */
  job: Job | null;
  running: boolean;
  starting: boolean;
  /** Starts a check (dry run) or an import (commit, with the decisions on conflicts); false when it could not start (the window said why). */
  start: (parameters: { sources: { ref: string }[]; dryRun: boolean; resolutions?: Record<string, Resolution> }) => Promise<boolean>;
  cancel: () => Promise<void>;
}

/**
 * 导入填报包 of one round as recorded `rounds.import` jobs: started here, followed through the core's
 * events, and found again through `jobs.list` after leaving the page or reloading (the latest job
 * whose parameters name this round). While an import stores packages, the round is read again as
 * each one is stored, so the units table moves with it; when a job ends, every read it touched is
 * refreshed (useJobs).
 */
export function useRoundImport(roundId: number): RoundImportState {
  const client = useQueryClient();
  const { jobs, put, cancel } = useJobs('rounds.import', RECENT);
  const job = jobs?.find((j) => importRoundOf(j) === roundId) ?? null;
  // Starting changes nothing shown yet: the job's events keep the list and its progress current.
  const startJob = useOpMutation('jobs.start', { errorTitle: '无法开始导入填报包', onSuccess: put, invalidates: false });

  const storing = job && isActive(job) && !isDryRun(job) ? job.done : null;
  useEffect(() => {
    if (storing) void invalidateDomains(client, ['rounds']);
  }, [client, storing]);

  const { mutateAsync } = startJob;
  return {
    job,
    running: job !== null && isActive(job),
    starting: startJob.isPending,
    start: (p) =>
      mutateAsync({ kind: 'rounds.import', parameters: { roundId, sources: p.sources, dryRun: p.dryRun, resolutions: p.resolutions ?? {} } }).then(
        () => true,
        () => false,
      ),
    cancel: async () => {
      if (job) await cancel(job.id);
    },
  };
}
