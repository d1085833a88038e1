import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore, type AppCore } from '../app/create-app';

/** A real app core on a real SQLite file in a fresh temp directory, for tests and benchmarks. */
export async function tempCore(mode = 'test'): Promise<AppCore & { dispose(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-test-'));
  const core = await createAppCore(dir, mode);
  return {
    ...core,
    dispose: async () => {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'desk-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Calls an operation through the core's dispatcher (validation and all) and returns its value;
 * an error envelope becomes a thrown Error with the Chinese message, for tests that expect success.
 */
export async function dispatchOk<T = any>(core: Pick<AppCore, 'dispatch'>, op: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(op as never, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
