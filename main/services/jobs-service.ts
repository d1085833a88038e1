/**
 * 作业: long work as a recorded job. A job is a row (kind, parameters, state, progress, outputs,
 * operator, times) written as it goes, and every change is pushed to the windows as an event
 * (`subscribeJobEvents`: the Electron shell relays them over IPC, browser mode as Server-Sent
 * Events), so a window never polls and a user who navigates away, reloads or restarts finds the
 * job again. A job left 排队 or 运行中 by a process that is gone is marked 失败（程序已退出） the
 * next time a process opens the jobs of that data directory.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_KIND_LABELS_FOR_JOBS, JOB_KIND_LABELS, JobStart, type Job, type JobEvent, type JobKind, type JobOutput, type JobState } from '../../shared/api/contracts/jobs';
import { AppError, type FileResult } from '../../shared/api/envelope';
import { activeJobRows, findJob, insertJob, listJobRows, updateJob, type JobRow } from '../db/repositories/jobs-repo';
import { newErrorId } from '../log/error-id';
import { reader, unitOfWork, type ServiceContext } from './context';
import { runBatchExport } from './documents/jobs';
import { runPackages } from './rounds/packages-service';
import { getRound } from './rounds/rounds-service';
import { runRoundImport } from './rounds/submissions-service';
import { checkWorksheets, runWorksheets } from './scoring/worksheets-service';
import { checkConclusions, conclusionsTotal, runConclusions } from './scoring/conclusions-service';
import { checkReport, reportTotal, runReport } from './scoring/report-service';
import { checkNotices, noticesTotal, runNotices } from './rectification/outputs-notices';
import { checkRectificationReport, rectificationReportTotal, runRectificationReport } from './rectification/outputs-report';
import { checkPackagesJob, packagesJobTotal, runRectificationPackages } from './rectification/packages-service';
import { runAttachmentsAdd, runBackup, runImport } from './jobs/runners';
import { checkAttachmentsAdd } from './attachments-service';
import { getSchool } from './schools-service';
import { processAlive } from '../system/process-alive';
import { TaskAborted } from '../workers/task-runner';

/** A path under the data directory as jobs record it: relative, with “/” (what users and the contract see). */
export const dataRelative = (dataDir: string, full: string): string => path.relative(dataDir, full).split(path.sep).join('/');

/** Thrown by `JobHandle.check()` once the job was asked to stop. */
export class JobCancelled extends Error {
  constructor() {
    super('作业已取消');
  }
}

/** What a kind's runner gets: progress reporting and the cancel check. */
export interface JobHandle {
  readonly ctx: ServiceContext;
  readonly id: string;
  /** Throws JobCancelled when the job was asked to stop; call it between steps. */
  check(): void;
  /** True once cancel was requested. */
  readonly cancelled: boolean;
  /** Aborted when cancel is requested: hand it to work that can stop half-way (a render on a worker thread). */
  readonly signal: AbortSignal;
  /** Records progress (and pushes it to the windows). */
  progress(p: { done?: number; total?: number; message?: string | null; folder?: string }): Promise<void>;
  /** Records one output file (name relative to the data directory). */
  output(o: JobOutput): Promise<void>;
  /** Records an item that failed without stopping the job. */
  error(message: string): Promise<void>;
  /** Records the job's outcome (plain data, shown in 作业记录). */
  result(value: unknown): Promise<void>;
}

/** A kind's runner; it may return a failure (Chinese) when the job ran but achieved nothing. */
type Runner = (job: JobHandle, start: JobStart) => Promise<{ failure?: string } | void>;

const RUNNERS: { [K in JobKind]: (job: JobHandle, start: Extract<JobStart, { kind: K }>) => Promise<{ failure?: string } | void> } = {
  'documents.batch': (job, start) => runBatchExport(job, start.parameters),
  'register.import': (job, start) => runImport(job, start.parameters),
  'backup.create': (job) => runBackup(job),
  'attachments.add': (job, start) => runAttachmentsAdd(job, start.parameters),
  'rounds.packages': (job, start) => runPackages(job, start.parameters),
  'rounds.import': (job, start) => runRoundImport(job, start.parameters),
  'scoring.worksheets': (job, start) => runWorksheets(job, start.parameters),
  'scoring.conclusions': (job, start) => runConclusions(job, start.parameters),
  'scoring.report': (job, start) => runReport(job, start.parameters),
  'rectification.notices': (job, start) => runNotices(job, start.parameters),
  'rectification.report': (job, start) => runRectificationReport(job, start.parameters),
  'rectification.packages': (job, start) => runRectificationPackages(job, start.parameters),
};

/** This process, as recorded in `runner`: `<pid>:<instance>`. */
const RUNNER_ID = `${process.pid}:${randomUUID()}`;

interface Control {
  ctx: ServiceContext;
  cancelled: boolean;
  abort: AbortController;
}
/** Jobs running in this process. */
const running = new Map<string, Control>();
/** Settles when a job started in this process has finished (tests, the CLI). */
const settled = new Map<string, Promise<Job>>();
const KEEP_SETTLED = 50;

const buses = new Map<string, EventEmitter>();
function bus(ctx: ServiceContext): EventEmitter {
  let b = buses.get(ctx.dataDir);
  if (!b) {
    b = new EventEmitter();
    b.setMaxListeners(0);
    buses.set(ctx.dataDir, b);
  }
  return b;
}

/** Calls `listener` with every change of every job of this core's data directory; returns the unsubscribe. */
export function subscribeJobEvents(ctx: ServiceContext, listener: (event: JobEvent) => void): () => void {
  const b = bus(ctx);
  const safe = (e: JobEvent) => {
    try {
      listener(e);
    } catch {
      // A window that went away must not stop the job.
    }
  };
  b.on('job', safe);
  return () => void b.off('job', safe);
}

const json = <T>(text: string | null, fallback: T): T => {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    title: r.title,
    parameters: json(r.parameters, {}),
    state: r.state as JobState,
    done: r.done,
    total: r.total,
    message: r.message,
    errors: json<string[]>(r.errors, []),
    outputs: json<JobOutput[]>(r.outputs, []),
    folder: r.folder,
    operator: r.operator_name,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    result: json<unknown>(r.result, null),
  };
}

async function load(ctx: ServiceContext, id: string): Promise<Job> {
  const row = await findJob(reader(ctx), id);
  if (!row) throw new AppError('not_found', '找不到该作业记录');
  return toJob(row);
}

async function emit(ctx: ServiceContext, id: string): Promise<Job> {
  const job = await load(ctx, id);
  bus(ctx).emit('job', { type: 'job', job } satisfies JobEvent);
  return job;
}

async function write(ctx: ServiceContext, id: string, changes: Parameters<typeof updateJob>[2]): Promise<Job> {
  await unitOfWork(ctx, (tx) => updateJob(tx, id, changes));
  return emit(ctx, id);
}

function runnerAlive(row: JobRow): boolean {
  if (row.runner === RUNNER_ID) return running.has(row.id);
  const pid = Number(row.runner?.split(':')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  return processAlive(pid);
}

const recovered = new WeakSet<object>();

/**
 * Marks every job left 排队 or 运行中 by a process that is gone as 失败（程序已退出）. Runs once per
 * opened database before any other jobs call; a door may call it at start-up.
 */
export async function recoverStaleJobs(ctx: ServiceContext): Promise<number> {
  recovered.add(ctx.db);
  const stale = (await activeJobRows(reader(ctx))).filter((r) => !runnerAlive(r));
  if (stale.length === 0) return 0;
  const at = new Date().toISOString();
  await unitOfWork(ctx, async (tx) => {
    for (const r of stale) await updateJob(tx, r.id, { state: '失败', message: '程序已退出', finished_at: at });
  });
  for (const r of stale) await emit(ctx, r.id);
  return stale.length;
}

async function ensureRecovered(ctx: ServiceContext): Promise<void> {
  if (!recovered.has(ctx.db)) await recoverStaleJobs(ctx);
}

/** What 作业记录 calls the job; an import names its file (resolved now, while the reference lives). */
async function titleOf(ctx: ServiceContext, start: JobStart): Promise<string> {
  switch (start.kind) {
    case 'documents.batch':
      return `${JOB_KIND_LABELS[start.kind]}（${start.parameters.documents.length} 份）`;
    case 'register.import':
      return `${JOB_KIND_LABELS[start.kind]}${IMPORT_KIND_LABELS_FOR_JOBS[start.parameters.kind]}“${ctx.files.resolve(start.parameters.file.ref).fileName}”`;
    case 'backup.create':
      return '立即备份（整个数据库）';
    case 'attachments.add':
      // Refused here, before a job exists, for a school that does not exist or a file that may not be added.
      await checkAttachmentsAdd(ctx, start.parameters);
      return `为“${(await getSchool(ctx, start.parameters.schoolId)).name}”${start.parameters.year} 年${JOB_KIND_LABELS[start.kind]}（${start.parameters.files.length} 个文件）`;
    case 'rounds.packages': {
      // Refused here, before a job exists: an unknown round, or a destination that is not a folder.
      const round = await getRound(ctx, start.parameters.roundId);
      if (start.parameters.destination) ctx.files.resolveFolder(start.parameters.destination.ref);
      const n = start.parameters.unitIds?.length;
      return `为“${round.name}”${JOB_KIND_LABELS[start.kind]}${n ? `（${n} 个单位）` : ''}`;
    }
    case 'rounds.import': {
      const round = await getRound(ctx, start.parameters.roundId);
      const names = start.parameters.sources.map((s) => ctx.files.resolve(s.ref).fileName);
      return `${start.parameters.dryRun ? '检查' : '导入'}“${round.name}”的填报包（${names.length === 1 ? `“${names[0]}”` : `${names.length} 处`}）`;
    }
    case 'scoring.worksheets':
      // Refused here, before a job exists: an unknown round or unit, a group without indicators, a destination that is not a folder.
      return checkWorksheets(ctx, start.parameters);
    case 'scoring.conclusions':
      // Refused here, before a job exists: an unknown round or unit, a bad date, a destination that is not a folder.
      return checkConclusions(ctx, start.parameters);
    case 'scoring.report':
      // Refused here, before a job exists: an unknown round, no locked unit, a bad date, missing 公示 inputs, a destination that is not a folder.
      return checkReport(ctx, start.parameters);
    case 'rectification.notices':
      // Refused here, before a job exists: a bad date, a unit not in the ledger, nothing to rectify, a destination that is not a folder.
      return checkNotices(ctx, start.parameters);
    case 'rectification.report':
      // Refused here, before a job exists: a bad date, an empty ledger, a destination that is not a folder.
      return checkRectificationReport(ctx, start.parameters);
    case 'rectification.packages':
      // Refused here, before a job exists: an unknown school, one without open items, none at all, a destination that is not a folder.
      return checkPackagesJob(ctx, start.parameters);
  }
}

/** The number of steps shown as progress before the runner knows better. */
function totalOf(start: JobStart): number {
  switch (start.kind) {
    case 'documents.batch':
      return start.parameters.documents.length;
    case 'register.import':
      return 2;
    case 'backup.create':
      return 100;
    case 'attachments.add':
      return start.parameters.files.length;
    case 'rounds.packages':
      return start.parameters.unitIds?.length ?? 0;
    case 'rounds.import':
      return 0;
    case 'scoring.worksheets':
      return new Set(start.parameters.unitIds).size;
    case 'scoring.conclusions':
      return conclusionsTotal(start.parameters);
    case 'scoring.report':
      return reportTotal(start.parameters);
    case 'rectification.notices':
      return noticesTotal(start.parameters);
    case 'rectification.report':
      return rectificationReportTotal(start.parameters);
    case 'rectification.packages':
      return packagesJobTotal(start.parameters);
  }
}

/** Starts a job of a kind with its parameters; it runs in the background and reports through events. */
export async function startJob(ctx: ServiceContext, raw: unknown): Promise<Job> {
  const parsed = JobStart.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues.map((i) => i.message).join('；'), parsed.error.issues);
  const start = parsed.data;
  await ensureRecovered(ctx);
  const id = randomUUID();
  const title = await titleOf(ctx, start);
  await unitOfWork(ctx, (tx, unit) =>
    insertJob(tx, {
      id,
      kind: start.kind,
      title,
      parameters: JSON.stringify(start.parameters),
      state: '排队',
      total: totalOf(start),
      operator_id: unit.operator.id,
      operator_name: unit.operator.name,
      runner: RUNNER_ID,
      created_at: unit.at,
    }),
  );
  const control: Control = { ctx, cancelled: false, abort: new AbortController() };
  running.set(id, control);
  const first = await emit(ctx, id);
  // Started outside the unit above, on a later turn, so the caller gets its answer first.
  const done = new Promise<void>((r) => setImmediate(r)).then(() => execute(ctx, id, start, control));
  settled.set(id, done);
  for (const old of [...settled.keys()].slice(0, Math.max(0, settled.size - KEEP_SETTLED))) if (!running.has(old)) settled.delete(old);
  return first;
}

async function execute(ctx: ServiceContext, id: string, start: JobStart, control: Control): Promise<Job> {
  let outputs: JobOutput[] = [];
  let errors: string[] = [];
  const handle: JobHandle = {
    ctx,
    id,
    check: () => {
      if (control.cancelled) throw new JobCancelled();
    },
    get cancelled() {
      return control.cancelled;
    },
    signal: control.abort.signal,
    progress: async (p) => {
      await write(ctx, id, {
        ...(p.done !== undefined ? { done: p.done } : {}),
        ...(p.total !== undefined ? { total: p.total } : {}),
        ...(p.message !== undefined ? { message: p.message } : {}),
        ...(p.folder !== undefined ? { folder: p.folder } : {}),
      });
    },
    output: async (o) => {
      outputs = [...outputs, o];
      await write(ctx, id, { outputs: JSON.stringify(outputs) });
    },
    error: async (message) => {
      errors = [...errors, message];
      await write(ctx, id, { errors: JSON.stringify(errors) });
    },
    result: async (value) => {
      await write(ctx, id, { result: JSON.stringify(value) });
    },
  };
  let state: JobState = '已完成';
  let message: string | null = null;
  const t0 = Date.now();
  ctx.log?.info({ job: id, kind: start.kind }, '作业开始');
  try {
    await write(ctx, id, { state: '运行中', started_at: new Date().toISOString() });
    handle.check();
    const result = await (RUNNERS[start.kind] as Runner)(handle, start);
    if (control.cancelled) state = '已取消';
    else if (result?.failure) {
      state = '失败';
      message = result.failure;
    }
  } catch (e) {
    if (e instanceof JobCancelled || (e instanceof TaskAborted && control.cancelled)) state = '已取消';
    else {
      state = '失败';
      const reason = e instanceof AppError || e instanceof Error ? e.message : String(e);
      const errorId = newErrorId();
      message = `${reason}（错误编号 ${errorId}）`;
      // The number the user reads in 作业记录 is the one in this log line, with the stack.
      ctx.log?.error({ job: id, kind: start.kind, errorId, err: e }, '作业失败');
    }
  } finally {
    running.delete(id);
  }
  if (state !== '失败' || !message?.includes('错误编号')) ctx.log?.info({ job: id, kind: start.kind, state, ms: Date.now() - t0, items: errors.length }, '作业结束');
  try {
    return await write(ctx, id, { state, message, finished_at: new Date().toISOString() });
  } catch {
    // The database went away (closed, restored): the next start marks the job as failed.
    return load(ctx, id).catch(() => ({ ...emptyJob(id, start), state }));
  }
}

function emptyJob(id: string, start: JobStart): Job {
  const at = new Date().toISOString();
  return { id, kind: start.kind, title: JOB_KIND_LABELS[start.kind], parameters: start.parameters, state: '失败', done: 0, total: totalOf(start), message: null, errors: [], outputs: [], folder: null, operator: '', createdAt: at, startedAt: null, finishedAt: at, result: null };
}

/** The newest jobs first, optionally of one kind. */
export async function listJobs(ctx: ServiceContext, options: { kind?: JobKind; limit?: number } = {}): Promise<Job[]> {
  await ensureRecovered(ctx);
  return (await listJobRows(reader(ctx), { kind: options.kind, limit: options.limit ?? 100 })).map(toJob);
}

/** One job. */
export async function getJob(ctx: ServiceContext, id: string): Promise<Job> {
  await ensureRecovered(ctx);
  return load(ctx, id);
}

/**
 * Asks a job to stop: it stops before its next step and is then recorded 已取消. A finished job is
 * returned unchanged; a job that another running program works on must be cancelled there.
 */
export async function cancelJob(ctx: ServiceContext, id: string): Promise<Job> {
  const control = running.get(id);
  if (control) {
    control.cancelled = true;
    control.abort.abort();
  }
  await ensureRecovered(ctx);
  const job = await load(ctx, id);
  if (!control && (job.state === '排队' || job.state === '运行中')) {
    throw new AppError('conflict', '该作业由另一个正在运行的工作台程序执行，请在那里取消');
  }
  return job;
}

/** Settles with the job once a job started in this process has finished (tests and the CLI). */
export async function waitForJob(id: string): Promise<Job> {
  const p = settled.get(id);
  if (!p) throw new AppError('not_found', '该作业不是由本程序启动的');
  return p;
}

const MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  sqlite: 'application/vnd.sqlite3',
};

/**
 * One output file of a job, published for download where it lies (streamed, never read whole): only
 * files the job lists, only under the data directory.
 */
export async function jobFile(ctx: ServiceContext, id: string, name: string): Promise<FileResult> {
  const job = await getJob(ctx, id);
  const output = job.outputs.find((o) => o.name === name);
  if (!output) throw new AppError('not_found', `作业中没有文件“${name}”`);
  const root = path.resolve(ctx.dataDir);
  const full = path.resolve(root, ...output.name.split('/'));
  if (!full.startsWith(root + path.sep)) throw new AppError('not_found', `作业中没有文件“${name}”`);
  try {
    await fs.access(full);
  } catch {
    throw new AppError('not_found', `文件“${output.name}”已不在数据目录中（可能已被移动或删除）`);
  }
  return ctx.files.publishFile(full, MIME[output.format] ?? 'application/octet-stream');
}
