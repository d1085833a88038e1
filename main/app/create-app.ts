import os from 'node:os';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { openDatabase, type OpenedDatabase } from '../db/connection';
import type { ServiceContext } from '../services/context';

export interface AppCore {
  ctx: ServiceContext;
  dispatch: Dispatch;
  database: OpenedDatabase;
  close(): Promise<void>;
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The whole product behind one dispatcher: the Electron window, browser mode and the CLI all start here. */
export async function createAppCore(dataDir: string, mode: string): Promise<AppCore> {
  const database = await openDatabase(dataDir);
  const ctx: ServiceContext = {
    db: database.db,
    actor: `${osUser()}@${mode}`,
    dataDir,
    schemaVersion: database.schemaVersion,
    mode,
  };
  return { ctx, dispatch: createDispatcher(ctx), database, close: () => database.close() };
}
