import os from 'node:os';
import path from 'node:path';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { handlers } from '../api/handlers';
import { openDatabase, type OpenedDatabase } from '../db/connection';
import { sweepTempFilesUnder } from '../documents/write-file';
import { EXPORTS_FOLDER, LEGACY_EXPORTS_FOLDER } from '../services/documents/jobs';
import { BackupService, attachBackupService } from '../db/maintenance/backup-service';
import { LiveDatabase } from '../db/maintenance/live-database';
import { createLogger, type AppLogger, type Logger } from '../log/logger';
import { FileRefs } from '../files/file-refs';
import { inlineTaskRunner, workerTaskRunner } from '../workers/task-runner';
import { chosenOperatorId, setCurrentOperator, type ServiceContext } from '../services/context';
import { sweepAttachmentBlobs } from '../services/attachments-service';

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
  /**
   * Heavy work on worker threads; default on for the long-running doors (electron, web), whose
   * thread must keep answering the window, off (inline) for the CLI and tests.
   */
  workers?: boolean;
  /** Most worker threads of the pool (default: see workerTaskRunner); benchmarks compare pool sizes. */
  workerThreads?: number;
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
  for (const folder of [EXPORTS_FOLDER, LEGACY_EXPORTS_FOLDER]) void sweepTempFilesUnder(path.join(dataDir, folder)).catch(() => undefined);
  const longRunning = mode === 'electron' || mode === 'web';
  const files = new FileRefs(dataDir);
  // Uploads and results of an earlier run: their references died with it.
  void files.sweep().catch(() => undefined);
  const ctx: ServiceContext = {
    db: database.db,
    actor: `${osUser()}@${mode}`,
    dataDir,
    schemaVersion: database.schemaVersion,
    mode,
    tasks: (options.workers ?? longRunning) ? workerTaskRunner({ maxThreads: options.workerThreads }) : inlineTaskRunner(),
    files,
    log: log.child({ module: 'jobs' }),
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
  const startupBackup = (options.autoBackup ?? longRunning) ? backups.start() : Promise.resolve();
  // Stored contents no 佐证材料 uses any more (see files/blob-store.ts): swept in the background, after the start-up backup.
  if (longRunning) void startupBackup.catch(() => undefined).then(() => sweepAttachmentBlobs(ctx)).then((r) => log.info(r, '已清理佐证材料存储'), (err: unknown) => log.warn({ err }, '清理佐证材料存储失败'));
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
      await ctx.tasks.close();
      await live.close();
      log.info('已关闭数据库');
      logging.close();
    },
  };
}
