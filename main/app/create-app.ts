import os from 'node:os';
import path from 'node:path';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { handlers } from '../api/handlers';
import { openDatabase, type OpenedDatabase } from '../db/connection';
import { sweepTempFilesUnder } from '../documents/write-file';
import { BackupService, attachBackupService } from '../db/maintenance/backup-service';
import { LiveDatabase } from '../db/maintenance/live-database';
import { createLogger, type AppLogger, type Logger } from '../log/logger';
import { chosenOperatorId, setCurrentOperator, type ServiceContext } from '../services/context';

/** One running product: context, dispatcher, database, logger and backups, as every door uses them. */
export interface AppCore {
  ctx: ServiceContext;
  dispatch: Dispatch;
  /** The open database (after a restore, the reopened one). */
  database: OpenedDatabase;
  /** The core's logger (`<dataDir>/logs/desk-YYYY-MM-DD.log`); doors take children of it. */
  log: Logger;
  /** Automatic backups, the backup list and restore. */
  backups: BackupService;
  /** Settles when the start-up backup is written (at once when automatic backups are off). */
  startupBackup: Promise<void>;
  close(): Promise<void>;
}

/** Choices a door (or a test) may make when creating the core. */
export interface AppCoreOptions {
  /** Automatic backups on start and daily; default on for the long-running doors (electron, web), off for the CLI and tests. */
  autoBackup?: boolean;
  /** A logger to use instead of the rotating files under the data directory. */
  logger?: AppLogger;
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The whole product behind one dispatcher: the Electron window, browser mode and the CLI all start here. */
export async function createAppCore(dataDir: string, mode: string, options: AppCoreOptions = {}): Promise<AppCore> {
  const logging = options.logger ?? createLogger({ dataDir, base: { mode } });
  const log = logging.log;
  let database: OpenedDatabase;
  try {
    database = await openDatabase(dataDir);
  } catch (err) {
    log.error({ err }, '打开数据库失败');
    logging.close();
    throw err;
  }
  log.info({ schemaVersion: database.schemaVersion, migrationBackup: database.backupFile !== null }, '已打开数据库');
  // Temporary files of exports that a crash interrupted (see documents/write-file.ts): swept in the background.
  void sweepTempFilesUnder(path.join(dataDir, 'exports')).catch(() => undefined);
  const ctx: ServiceContext = {
    db: database.db,
    actor: `${osUser()}@${mode}`,
    dataDir,
    schemaVersion: database.schemaVersion,
    mode,
  };
  // A restore closes the database and reopens the replaced file: the context follows it, keeping the
  // operator chosen in this process (an operator the restored data does not know falls back as usual).
  const live = new LiveDatabase(database, dataDir, (opened) => {
    const operatorId = chosenOperatorId(ctx);
    ctx.db = opened.db;
    ctx.schemaVersion = opened.schemaVersion;
    if (operatorId !== null) setCurrentOperator(ctx, operatorId);
    attachBackupService(ctx, backups);
  });
  const backups = new BackupService(ctx, live, log.child({ module: 'backup' }));
  attachBackupService(ctx, backups);
  const startupBackup = (options.autoBackup ?? (mode === 'electron' || mode === 'web')) ? backups.start() : Promise.resolve();
  return {
    ctx,
    dispatch: createDispatcher(ctx, handlers, undefined, log),
    get database() {
      return live.current;
    },
    log,
    backups,
    startupBackup,
    close: async () => {
      await backups.stop();
      await live.close();
      log.info('已关闭数据库');
      logging.close();
    },
  };
}
