/**
 * Modules a thread loads on first use rather than at start. The caller keeps the literal
 * `import('./x')`, which the bundler turns into a chunk of its own; from source, a worker thread
 * has no ES module loader hooks under Node 20 (see ts-worker-entry.cjs), so there the module is
 * required through the tsx-hooked `require` that entry leaves on globalThis.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `load()` — or, in a worker thread started from source, the TypeScript module `relative` (without
 * extension) next to `callerUrl` (the caller's `import.meta.url`), required. Rejects as `load` does.
 */
export function importOnUse<T>(load: () => Promise<T>, callerUrl: string, relative: string): Promise<T> {
  const sourceRequire = (globalThis as { __supervisionDeskSourceRequire?: (id: string) => unknown }).__supervisionDeskSourceRequire;
  if (!sourceRequire) return load();
  try {
    return Promise.resolve(sourceRequire(path.resolve(path.dirname(fileURLToPath(callerUrl)), `${relative}.ts`)) as T);
  } catch (e) {
    return Promise.reject(e);
  }
}
