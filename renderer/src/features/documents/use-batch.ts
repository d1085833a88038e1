import { useEffect, useRef, useState } from 'react';
import type { BatchJob, DocumentRequestInput } from '../../../../shared/api/contracts/documents';
import { call } from '../../api/client';
import { useNotify } from '../../components/use-notify';
import { formatsOf, type FormatChoice } from './FormatPicker';

const POLL_MS = 500;

/** Starts a batch job and polls it until it leaves 'running'. */
export function useBatch() {
  const notify = useNotify();
  const [job, setJob] = useState<BatchJob | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const poll = (jobId: string) => {
    timer.current = setTimeout(async () => {
      try {
        const next = await call('documents.batchStatus', { jobId });
        setJob(next);
        if (next.state === 'running') poll(jobId);
        else if (next.state === 'done') notify.success(`批量导出完成：${next.files.length} 个文件`);
      } catch (e) {
        notify.error(e, '无法获取导出进度');
      }
    }, POLL_MS);
  };

  const start = async (documents: DocumentRequestInput[], choice: FormatChoice) => {
    try {
      const started = await call('documents.batchStart', { documents, formats: formatsOf(choice) });
      setJob(started);
      poll(started.jobId);
    } catch (e) {
      notify.error(e, '无法开始批量导出');
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      setJob(await call('documents.batchCancel', { jobId: job.jobId }));
    } catch (e) {
      notify.error(e, '取消失败');
    }
  };

  return { job, start, cancel };
}
