/**
 * The worker thread's entry (loaded by the pool in task-runner.ts): runs one task and answers with
 * an envelope, so a domain error (AppError with its code and Chinese message) crosses the thread
 * boundary intact instead of arriving as a bare Error.
 */
import { TASKS, type TaskMessage } from './tasks';
import { errorToWire, type TaskEnvelope } from './wire';

export default async function runTask(message: TaskMessage): Promise<TaskEnvelope> {
  try {
    const task = TASKS[message.name] as (input: unknown) => Promise<unknown>;
    if (typeof task !== 'function') throw new Error(`unknown task ${String(message.name)}`);
    return { ok: true, value: await task(message.input) };
  } catch (e) {
    return { ok: false, error: errorToWire(e) };
  }
}
