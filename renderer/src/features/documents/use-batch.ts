import type { DocumentRequestInput } from '../../../../shared/api/contracts/documents';
import type { Job } from '../../../../shared/api/contracts/jobs';
import { useOpMutation } from '../../api/queries';
import { useJobs } from '../jobs/use-jobs';
import { isActive } from '../jobs/JobView';
import { formatsOf, type FormatChoice } from './FormatPicker';

export interface BatchState {
  /** The latest batch job, running or finished (null: none on record). */
  job: Job | null;
  /** True while it works. */
  running: boolean;
  starting: boolean;
  start: (documents: DocumentRequestInput[], choice: FormatChoice) => void;
  cancel: () => Promise<void>;
}

/**
 * The latest batch export — a recorded `documents.batch` job, so it is not lost when the user
 * leaves the page: coming back finds it again through `jobs.list` and follows it through the
 * core's events (use-jobs.ts). Starts and cancels jobs through `jobs.*`.
 */
export function useBatch(): BatchState {
  const { jobs, put, cancel: cancelJob } = useJobs('documents.batch', 1);
  const job = jobs?.[0] ?? null;
  // Starting changes nothing shown yet: the job's events keep the list and its progress current.
  const startJob = useOpMutation('jobs.start', { errorTitle: '无法开始批量导出', onSuccess: put, invalidates: false });

  return {
    job,
    running: job !== null && isActive(job),
    starting: startJob.isPending,
    start: (documents, choice) => startJob.mutate({ kind: 'documents.batch', parameters: { documents, formats: formatsOf(choice) } }),
    cancel: async () => {
      if (job) await cancelJob(job.id);
    },
  };
}
