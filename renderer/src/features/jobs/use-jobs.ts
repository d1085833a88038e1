import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job, JobKind, JobStartInput } from '../../../../shared/api/contracts/jobs';
import { call } from '../../api/client';
import { subscribeJobEvents } from '../../api/events';
import { useNotify } from '../../components/use-notify';

const RANK: Record<Job['state'], number> = { 排队: 0, 运行中: 1, 已完成: 2, 已取消: 2, 失败: 2 };
/** How far a job has got: a view never replaces a later one (an answer can arrive after its events). */
const progressOf = (j: Job) => RANK[j.state] * 1e9 + j.done * 1e4 + j.outputs.length + j.errors.length;

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
 * The recorded jobs (newest first, optionally of one kind), kept current by the core's events:
 * fetched once when the page opens and again whenever the event stream (re)connects, never polled.
 */
export function useJobs(kind?: JobKind, limit = 100) {
  const notify = useNotify();
  const [jobs, setJobs] = useState<Job[] | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      call('jobs.list', { kind, limit }).then(
        (list) => {
          if (live) setJobs(list);
        },
        (e: unknown) => notify.error(e, '无法读取作业记录'),
      );
    void load();
    const unsubscribe = subscribeJobEvents(
      (job) => {
        if (kind && job.kind !== kind) return;
        setJobs((list) => mergeJob(list ?? [], job, limit));
      },
      () => void load(),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [kind, limit, notify]);

  /** Shows a job the caller just started or changed (its events follow). */
  const put = useCallback((job: Job) => setJobs((list) => mergeJob(list ?? [], job, limit)), [limit]);

  const cancel = useCallback(
    async (id: string) => {
      try {
        put(await call('jobs.cancel', { id }));
      } catch (e) {
        notify.error(e, '取消失败');
      }
    },
    [notify, put],
  );

  return { jobs, put, cancel };
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
      if (!(j.state === '排队' || j.state === '运行中')) {
        stop();
        resolve(j);
      }
    };
    const load = () => void call('jobs.get', { id: first.id }).then(take, () => undefined);
    stop = subscribeJobEvents(take, load);
    // The job may have ended between its start and this subscription.
    load();
  });
  return { done, stop: () => stop() };
}

/**
 * Runs one job at a time from a component (an import, a backup, adding evidence): `run` starts it
 * and resolves with its final view; `job` is the running job (null when none) for its progress;
 * `cancel` asks it to stop. Leaving the page stops following, never the job (作业记录 has it).
 */
export function useJobRunner() {
  const notify = useNotify();
  const [job, setJob] = useState<Job | null>(null);
  const following = useRef<(() => void) | null>(null);
  useEffect(() => () => following.current?.(), []);

  // Whether 取消 was pressed for the job `run` last started (a job may finish before it can stop).
  const cancelAsked = useRef(false);

  const run = useCallback(async (start: JobStartInput): Promise<Job> => {
    cancelAsked.current = false;
    const started = await call('jobs.start', start);
    setJob(started);
    const follow = followJob(started, setJob);
    following.current = follow.stop;
    try {
      return await follow.done;
    } finally {
      following.current = null;
      setJob(null);
    }
  }, []);

  const cancel = useCallback(() => {
    if (!job) return;
    cancelAsked.current = true;
    void call('jobs.cancel', { id: job.id }).catch((e: unknown) => notify.error(e, '取消失败'));
  }, [job, notify]);

  /** True when 取消 was pressed for the last job but it finished anyway (too late to stop it). */
  const finishedDespiteCancel = useCallback((final: Job) => cancelAsked.current && final.state === '已完成', []);

  return { job: job && (job.state === '排队' || job.state === '运行中') ? job : null, run, cancel, finishedDespiteCancel };
}
