import { z } from 'zod';
import { FileRef, FileResult } from '../envelope';

/**
 * An audit entry in its stored form (for scripts and tests): `entity` is the entity type, `actor`
 * the operator as recorded, `before`/`after` the changed fields. The 操作日志 page reads
 * `audit.query` instead, which gives the same entries in Chinese.
 */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Who made a backup file: the automatic schedule, a restore (the state just before it), a migration, or anything else in the folder. */
export const BackupKind = z.enum(['auto', 'manual', 'before-restore', 'before-migration', 'other']);
export type BackupKind = z.infer<typeof BackupKind>;

/** A backup file in the data directory's backups folder, by name (never a path). */
export const BackupFile = z.object({
  name: z.string(),
  kind: BackupKind,
  /** ISO time the backup was taken (from its name; the file time for other files). */
  createdAt: z.string(),
  size: z.number().int(),
  /** Schema version written in the file's header; null when the file is not a readable SQLite database. */
  schemaVersion: z.number().int().nullable(),
});
export type BackupFile = z.infer<typeof BackupFile>;

/** 设置 → 数据备份: how many automatic backups are kept (the newest N; older ones are deleted). */
export const BackupSettings = z.object({
  keep: z.number().int('保留份数应为整数').min(1, '至少保留 1 份自动备份').max(100, '最多保留 100 份自动备份').default(10),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

/** A backup's name as listed by backup.list: a plain file name inside the backups folder. */
const BackupName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\:]+\.sqlite$/, '备份名称应为备份列表中的文件名');

/** backup.restore: a backup from backup.list by name, or a backup file the user picked, by reference (exactly one). */
export const RestoreRequest = z
  .object({ name: BackupName.optional(), file: FileRef.optional() })
  .refine((r) => (r.name === undefined) !== (r.file === undefined), { message: '请选择一份备份，或上传一个备份文件（二者选一）' });

/**
 * What backup.check found in a backup that can be restored (a file that cannot is refused with the
 * same Chinese reason the restore would give), so the page asks for confirmation only about a
 * file that will work.
 */
export const BackupCheck = z.object({
  /** The backup's name in the list, or the picked file's name. */
  name: z.string(),
  /** The file's database schema version. */
  schemaVersion: z.number().int(),
  /** True when the backup comes from an older version and is brought up to date when restored. */
  needsUpgrade: z.boolean(),
});
export type BackupCheck = z.infer<typeof BackupCheck>;

/** What a restore did, with the Chinese summary shown to the user. */
export const RestoreOutcome = z.object({
  /** The backup's name in the list, or the picked file's name. */
  restoredFrom: z.string(),
  /** Name of the backup of the state just before the restore (in the list; restoring it undoes this restore). */
  safetyBackup: z.string(),
  schemaVersion: z.number().int(),
  /** The backup's schema version when it was older and has been brought up to date, else null. */
  upgradedFrom: z.number().int().nullable(),
  /** Chinese summary for the user. */
  message: z.string(),
});
export type RestoreOutcome = z.infer<typeof RestoreOutcome>;

export const systemContract = {
  'app.info': {
    input: z.object({}).default({}),
    output: z.object({ version: z.string(), dataDir: z.string(), schemaVersion: z.number().int(), mode: z.string() }),
  },
  'demo.load': {
    input: z.object({ replace: z.boolean().default(false) }).default({ replace: false }),
    output: z.object({ schools: z.number().int(), years: z.array(z.number().int()) }),
  },
  'audit.list': {
    // `entity`: an entity type (school, statistics, settings …); names used before the typed log
    // (stats, indicator_system, balance-options, document-settings …) still select the same entries.
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200), entity: z.string().optional() }).default({ limit: 200 }),
    output: z.array(AuditEntry),
  },
  'backup.create': { input: z.object({}).default({}), output: FileResult },
  'backup.list': {
    input: z.object({}).default({}),
    output: z.object({ dir: z.string(), backups: z.array(BackupFile), settings: BackupSettings }),
  },
  'backup.getSettings': { input: z.object({}).default({}), output: BackupSettings },
  'backup.setSettings': { input: BackupSettings, output: BackupSettings },
  /** Checks a backup (listed or picked) without changing anything: the step before asking to restore. */
  'backup.check': { input: RestoreRequest, output: BackupCheck },
  'backup.restore': { input: RestoreRequest, output: RestoreOutcome },
} as const;
