import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ACTIVE_JOB_STATES, type Job, type JobKind, type JobStartInput } from '../../../../shared/api/contracts/jobs';
import { call } from '../../api/client';
import { eventsConnected, subscribeJobEvents } from '../../api/events';
import { domainsChangedBy, invalidateDomains, opKey, useOp } from '../../api/queries';

const RANK: Record<Job['state'], number> = { 排队: 0, 运行中: 1, 已完成: 2, 已取消: 2, 失败: 2 };
/** How far a job has got: a view never replaces a later one (an answer can arrive after its events). */
const progressOf = (j: Job) => RANK[j.state] * 1e9 + j.done * 1e4 + j.outputs.length + j.errors.length;

/** True while a job still works (queued or running). */
export const isRunning = (j: Pick<Job, 'state'>) => ACTIVE_JOB_STATES.includes(j.state);

/**
 * Puts a changed job into a newest-first list, keeping at most `limit`: a known job is replaced
 * unless the list already holds a later view of it; an older job never pushes a newer one out.
 */
export function mergeJob(list: Job[], job: Job, limit: number): Job[] {
  const at = list.findIndex((j) => j.id === job.id);
  if (at >= 0) return progressOf(job) < progressOf(list[at]) ? list : list.map((j, i) => (i === at ? job : j));
  return [job, ...list].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, limit);
}

/**
 * A finished job has changed data elsewhere (an import the register, evidence a school, a backup
 * the list): every cached read it can have touched is checked again. The job lists themselves
 * are kept current by the events, so they are not fetched again for it.
 */
function refreshAfterJob(client: QueryClient): Promise<void> {
  return invalidateDomains(
    client,
    domainsChangedBy('jobs.start').filter((d) => d !== 'jobs'),
  );
}

/**
 * jobs.cancel: the answer (the job as it now is) goes straight into the lists; the job's own
 * events follow, so nothing else is fetched again. A refusal is shown by the window's handler.
 */
function useCancelJob(put?: (job: Job) => void) {
  return useMutation<Job, Error, string>({
    mutationFn: (id) => call('jobs.cancel', { id }),
    meta: { errorTitle: '取消失败', op: 'jobs.cancel' },
    onSuccess: (job) => put?.(job),
  });
}

/**
 * The recorded jobs (newest first, optionally of one kind) through the shared cache, kept current
 * by the core's events: fetched when the page opens and again whenever the event stream
 * (re)connects, never polled. A job that ends refreshes what it changed.
 */
export function useJobs(kind?: JobKind, limit = 100) {
  const client = useQueryClient();
  const input = { kind, limit };
  const key = opKey('jobs.list', input);
  // Read once events flow: a list read before the stream opens would have to be read again when
  // it does (the events in between are lost), so while it connects the read waits for it.
  const [live, setLive] = useState(eventsConnected);
  const query = useOp('jobs.list', input, { keepPrevious: true, enabled: live });
  const keyText = JSON.stringify(key);

  /** Shows a job the caller just started or changed (its events follow). */
  const put = useCallback(
    (job: Job) => {
      if (kind && job.kind !== kind) return;
      const before = client.getQueryData<Job[]>(JSON.parse(keyText))?.find((j) => j.id === job.id);
      client.setQueryData<Job[]>(JSON.parse(keyText), (list) => mergeJob(list ?? [], job, limit));
      if (before && isRunning(before) && !isRunning(job)) void refreshAfterJob(client);
    },
    [client, keyText, kind, limit],
  );

  const { refetch } = query;
  const liveRef = useRef(live);
  useEffect(() => {
    const connected = () => {
      // First connection: enabling the read fetches it; a reconnection reads again what was missed.
      if (liveRef.current) void refetch();
      else {
        liveRef.current = true;
        setLive(true);
      }
    };
    const unsubscribe = subscribeJobEvents(put, connected);
    // A stream that cannot open (a proxy that buffers it) must not leave the list empty: read anyway.
    const fallback = window.setTimeout(() => {
      if (!liveRef.current) connected();
    }, 3000);
    return () => {
      window.clearTimeout(fallback);
      unsubscribe();
    };
  }, [put, refetch]);

  const cancelOp = useCancelJob(put);
  const { mutateAsync: cancelAsync } = cancelOp;
  // Resolves either way: a refusal is shown by the window's handler.
  const cancel = useCallback((id: string) => cancelAsync(id).then(() => undefined, () => undefined), [cancelAsync]);

  return { jobs: query.data ?? null, error: query.error, put, cancel, cancelling: cancelOp.isPending ? cancelOp.variables : undefined };
}

/**
 * Follows one job until it ends: `onChange` gets every newer view (from the core's events, and a
 * fetch whenever the event stream reconnects); `done` settles with the final view. `stop` ends the
 * following (a closed dialog); the job itself runs on.
 */
export function followJob(first: Job, onChange: (job: Job) => void): { done: Promise<Job>; stop: () => void } {
  let current = first;
  let stop: () => void = () => undefined;
  const done = new Promise<Job>((resolve) => {
    const take = (j: Job) => {
      if (j.id !== first.id || progressOf(j) < progressOf(current)) return;
      current = j;
      onChange(j);
      if (!isRunning(j)) {
        stop();
        resolve(j);
      }
    };
    // One-off reads of a job being followed, not cached: the events are the source.
    const load = () => void call('jobs.get', { id: first.id }).then(take, () => undefined);
    stop = subscribeJobEvents(take, load);
    // The job may have ended between its start and this subscription.
    load();
  });
  return { done, stop: () => stop() };
}

export interface JobRunnerOptions {
  /**
   * Title of the notification when the job cannot start (its Chinese reason below). Given: the
   * window shows it, and `run` still rejects so the caller stops. Absent: the caller shows it.
   */
  errorTitle?: string;
}

/**
 * Runs one job at a time from a component (an import, a backup, adding evidence): `run` starts it
 * and resolves with its final view (rejects when it cannot start); `job` is the running job (null
 * when none) for its progress; `cancel` asks it to stop. When it ends, every cached read it can
 * have changed is refreshed. Leaving the page stops following, never the job (作业记录 has it).
 */
export function useJobRunner(options: JobRunnerOptions = {}) {
  const client = useQueryClient();
  const [job, setJob] = useState<Job | null>(null);
  const following = useRef<(() => void) | null>(null);
  useEffect(() => () => following.current?.(), []);
  // Not useOpMutation: a job that has only started has changed nothing yet; what it changes is
  // refreshed when it ends (refreshAfterJob).
  const start = useMutation<Job, Error, JobStartInput>({
    mutationFn: (input) => call('jobs.start', input),
    meta: { silent: options.errorTitle === undefined, errorTitle: options.errorTitle, op: 'jobs.start' },
  });
  const cancelOp = useCancelJob();

  // Whether 取消 was pressed for the job `run` last started (a job may finish before it can stop).
  const cancelAsked = useRef(false);

  const { mutateAsync } = start;
  const run = useCallback(
    async (input: JobStartInput): Promise<Job> => {
      cancelAsked.current = false;
      const started = await mutateAsync(input);
      setJob(started);
      const follow = followJob(started, setJob);
      following.current = follow.stop;
      try {
        return await follow.done;
      } finally {
        following.current = null;
        setJob(null);
        void refreshAfterJob(client);
      }
    },
    [client, mutateAsync],
  );

  const { mutate: cancelJob } = cancelOp;
  const cancel = useCallback(() => {
    if (!job) return;
    cancelAsked.current = true;
    cancelJob(job.id);
  }, [job, cancelJob]);

  /** True when 取消 was pressed for the last job but it finished anyway (too late to stop it). */
  const finishedDespiteCancel = useCallback((final: Job) => cancelAsked.current && final.state === '已完成', []);

  return { job: job && isRunning(job) ? job : null, starting: start.isPending, run, cancel, finishedDespiteCancel };
}
