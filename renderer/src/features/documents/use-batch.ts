import type { DocumentRequestInput } from '../../../../shared/api/contracts/documents';
import { call } from '../../api/client';
import { useNotify } from '../../components/use-notify';
import { useJobs } from '../jobs/use-jobs';
import { formatsOf, type FormatChoice } from './FormatPicker';

/**
 * The latest batch export job (a `documents.batch` job, found again after navigating away or
 * reloading), kept current by the core's events; starts and cancels jobs through `jobs.*`.
 */
export function useBatch() {
  const notify = useNotify();
  const { jobs, put, cancel: cancelJob } = useJobs('documents.batch', 1);
  const job = jobs?.[0] ?? null;

  const start = async (documents: DocumentRequestInput[], choice: FormatChoice) => {
    try {
      put(await call('jobs.start', { kind: 'documents.batch', parameters: { documents, formats: formatsOf(choice) } }));
    } catch (e) {
      notify.error(e, '无法开始批量导出');
    }
  };

  const cancel = async () => {
    if (job) await cancelJob(job.id);
  };

  return { job, start, cancel };
}
