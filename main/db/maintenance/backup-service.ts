import { formatDateTime } from '../../../shared/domain/text/datetime';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { BackupSettings, type BackupCheck, type BackupFile, type RestoreOutcome } from '../../../shared/api/contracts/system';
import { AppError, type FileRef } from '../../../shared/api/envelope';
import type { LocalFile } from '../../files/file-refs';
import type { ServiceContext } from '../../services/context';
import { unitOfWork } from '../../services/context';
import { storedSetting } from '../../services/stored-setting';
import { BACKUP_DIR_NAME, listBackups, pruneBackups, writeBackup, type BackupProgress, type FinishCopy } from './backup-files';
import type { LiveDatabase } from './live-database';
import { LATEST_SCHEMA_VERSION } from '../migrations/registry';
import { checkRestoreSource, restoreDatabase, sweepRestoreStaging, type RestoreSource } from './restore';
import { startBackupSchedule, type BackupSchedule } from './schedule';

/** 设置 → 数据备份, stored in the settings table with an audit entry on change. */
export const backupSettings = storedSetting('backup', BackupSettings, { name: '自动备份设置', summary: '修改自动备份设置' });

/** A restore request as the API carries it: a backup from the list by name, or a picked file by reference. */
export type RestoreRequest = { name?: string; file?: FileRef };

const KIND_LABEL: Record<BackupFile['kind'], string> = { auto: '自动备份', manual: '手动备份', 'before-restore': '恢复前备份', 'before-migration': '升级前备份', other: '备份' };

const formatLocal = formatDateTime;

/**
 * Backups of one app core: automatic ones on start and daily (keeping the newest N of 设置), the list,
 * and restore. Lives beside the core's LiveDatabase so a restore can close and reopen the database.
 */
export class BackupService {
  readonly dir: string;
  private schedule: BackupSchedule | null = null;
  private inFlight = new Set<Promise<unknown>>();
  private restoring: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly live: LiveDatabase,
    private readonly log: Logger,
  ) {
    this.dir = path.join(live.dataDir, BACKUP_DIR_NAME);
  }

  /** Backups in the folder, newest first, and the settings. */
  async list(): Promise<{ dir: string; backups: BackupFile[]; settings: BackupSettings }> {
    return { dir: this.dir, backups: listBackups(this.dir), settings: await backupSettings.get(this.ctx) };
  }

  /** The backup settings with defaults filled in. */
  getSettings(): Promise<BackupSettings> {
    return backupSettings.get(this.ctx);
  }

  /** Saves the settings and applies a smaller N at once. */
  async setSettings(value: BackupSettings): Promise<BackupSettings> {
    const saved = await backupSettings.set(this.ctx, value);
    this.prune(saved.keep);
    return saved;
  }

  /** Takes one automatic backup now and deletes the oldest beyond N; returns the new file's path. */
  automatic(reason: 'start' | 'daily' | 'manual'): Promise<string> {
    const job = this.writeAutomatic(reason);
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job)).catch(() => undefined);
    return job;
  }

  private async writeAutomatic(reason: string): Promise<string> {
    // A restore closes the database for a moment: wait for it, then back up the restored data.
    while (this.restoring) await this.restoring.catch(() => undefined);
    const started = Date.now();
    const file = await writeBackup(this.live.current.raw, this.dir, 'auto');
    const { keep } = await backupSettings.get(this.ctx);
    const removed = this.prune(keep);
    this.log.info({ reason, file: path.basename(file), ms: Date.now() - started, removed }, '自动备份完成');
    return file;
  }

  /**
   * A backup the user asked for (立即备份, run as a job): written into the backups folder as 手动备份,
   * listed with the others and never pruned; `onProgress` sees each step and may throw to stop it
   * (nothing is left behind). Returns the new file's path.
   */
  async manual(onProgress?: BackupProgress, finish?: FinishCopy): Promise<string> {
    while (this.restoring) await this.restoring.catch(() => undefined);
    const started = Date.now();
    const job = writeBackup(this.live.current.raw, this.dir, 'manual', new Date(), onProgress, finish);
    this.inFlight.add(job);
    try {
      const file = await job;
      this.log.info({ file: path.basename(file), ms: Date.now() - started }, '手动备份完成');
      return file;
    } finally {
      this.inFlight.delete(job);
    }
  }

  private prune(keep: number): string[] {
    return [...pruneBackups(this.dir, 'auto', keep), ...pruneBackups(this.dir, 'before-restore', keep)];
  }

  /** Time of the newest automatic backup, or null. */
  lastAutomaticAt(): number | null {
    const newest = listBackups(this.dir).find((b) => b.kind === 'auto');
    return newest ? Date.parse(newest.createdAt) : null;
  }

  /**
   * Starts automatic backups: sweeps restore staging folders a crash left behind (unfinished backups
   * are swept when the database opens), takes the start-up backup in the background, then one a day
   * while running. Failures are logged, never thrown at the app.
   */
  start(): Promise<void> {
    sweepRestoreStaging(this.live.dataDir);
    const run = () =>
      this.automatic('daily').then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, '自动备份失败'),
      );
    this.schedule = startBackupSchedule({ lastBackupAt: () => this.lastAutomaticAt(), run });
    return this.automatic('start').then(
      () => undefined,
      (err: unknown) => this.log.error({ err }, '启动时自动备份失败'),
    );
  }

  /** Stops the daily schedule and waits for a backup being written, so the database can be closed. */
  async stop(): Promise<void> {
    this.schedule?.stop();
    this.schedule = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Checks a backup in the list (`name`) or a picked file (`file`) the way a restore would, changing
   * nothing: the page calls it before asking the user to confirm, so a damaged or foreign file is
   * refused first (invalid_input / unsupported, Chinese reason) and never confirmed.
   */
  async check(request: RestoreRequest): Promise<BackupCheck> {
    const source = this.sourceOf(request);
    const { schemaVersion } = await checkRestoreSource(this.live.dataDir, source);
    return { name: source.displayName, schemaVersion, needsUpgrade: schemaVersion < LATEST_SCHEMA_VERSION };
  }

  /**
   * Restores the database from a backup in the list (`name`) or a picked file (`file`, a reference): checks it,
   * backs up the current state, replaces the database and reopens it (see restoreDatabase). Runs one
   * at a time, after any automatic backup being written.
   */
  async restore(request: RestoreRequest): Promise<RestoreOutcome> {
    while (this.restoring) await this.restoring.catch(() => undefined);
    const job = this.restoreNow(request);
    this.restoring = job;
    try {
      return await job;
    } finally {
      this.restoring = null;
    }
  }

  private async restoreNow(request: RestoreRequest): Promise<RestoreOutcome> {
    await Promise.allSettled([...this.inFlight]);
    const source = this.sourceOf(request);
    const started = Date.now();
    this.log.info({ source: source.displayName }, '开始恢复数据');
    const result = await restoreDatabase(this.live, this.dir, source, this.log);
    const safety = path.basename(result.safetyBackup);
    const listed = request.name ? listBackups(this.dir).find((b) => b.name === request.name) : undefined;
    const when = listed ? `（${KIND_LABEL[listed.kind]}，${formatLocal(listed.createdAt)}）` : '';
    const upgraded = result.upgradedFrom !== null ? `备份的数据库结构版本 ${result.upgradedFrom} 已升级到 ${result.schemaVersion}。` : '';
    const message = `已从“${source.displayName}”${when}恢复数据。${upgraded}恢复前的数据已另存为备份“${safety}”，如需撤销可从该备份恢复。`;
    // The restored database's audit log is the backup's: the restore itself is its next entry (who,
    // when, from what, where the replaced data went), so the trail says why later entries are missing.
    await unitOfWork(this.ctx, async (_tx, unit) => {
      unit.audit({
        entityType: 'database',
        entityId: null,
        entityName: '全部数据',
        action: 'restore',
        summary: `从备份“${source.displayName}”${when}恢复全部数据`,
        after: { restoredFrom: `${source.displayName}${when}`, safetyBackup: safety },
      });
    });
    this.prune((await backupSettings.get(this.ctx)).keep);
    this.log.info({ source: source.displayName, safetyBackup: safety, ms: Date.now() - started, upgradedFrom: result.upgradedFrom }, '恢复数据完成');
    return { restoredFrom: source.displayName, safetyBackup: safety, schemaVersion: result.schemaVersion, upgradedFrom: result.upgradedFrom, message };
  }

  private sourceOf(request: RestoreRequest): RestoreSource {
    if (request.name) {
      const name = request.name;
      const found = listBackups(this.dir).find((b) => b.name === name);
      if (!found || path.basename(name) !== name) throw new AppError('not_found', `备份列表中没有“${name}”，请刷新列表后重选`);
      return { displayName: name, writeTo: (target) => fs.copyFileSync(path.join(this.dir, name), target) };
    }
    if (request.file) {
      // Resolved before anything is touched: an unknown or expired reference is refused in Chinese.
      const file = this.ctx.files.resolve(request.file.ref);
      return { displayName: file.fileName, writeTo: (target) => copyPicked(file, target) };
    }
    throw new AppError('invalid_input', '请选择一份备份，或上传一个备份文件');
  }
}

/**
 * Copies a picked backup file into the restore's staging folder as a stream: a database may be large
 * and is never held in memory whole (the candidate is checked after it is in place).
 */
async function copyPicked(file: LocalFile, target: string): Promise<void> {
  let handle: fsp.FileHandle;
  try {
    // Opened first, so a file gone meanwhile (a USB drive pulled out) is named before anything is written.
    handle = await fsp.open(file.path, 'r');
  } catch {
    throw new AppError('not_found', `找不到文件“${file.fileName}”（可能已被移动、删除或移动盘已拔出），请重新选择`);
  }
  await pipeline(handle.createReadStream(), fs.createWriteStream(target, { flags: 'wx' }));
}

const services = new WeakMap<object, BackupService>();

/**
 * Makes `service` the backup service of the core whose context is `ctx` (done by createAppCore, and
 * again after a restore). Found by the context or by its database handle, so a per-call copy of the
 * context (`{ ...ctx, operatorId }`) finds it too.
 */
export function attachBackupService(ctx: ServiceContext, service: BackupService): void {
  services.set(ctx, service);
  services.set(ctx.db, service);
}

/** The backup service of the core that owns `ctx`. */
export function backupServiceOf(ctx: ServiceContext): BackupService {
  const service = services.get(ctx) ?? services.get(ctx.db);
  if (!service) throw new AppError('unsupported', '此运行方式不支持备份管理与恢复');
  return service;
}
