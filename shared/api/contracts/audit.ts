/**
 * 操作日志: the typed audit trail. Every entry names a closed entity type and action, the entity
 * (with its name as it was), the fields that changed (before → after), the operator and the time,
 * and, for bulk operations, the batch it belongs to. Entries are hash-chained; `audit.verify`
 * finds any entry altered, removed or inserted behind the product's back.
 */
import { z } from 'zod';
import { FileResult } from '../envelope';

/** What an audit entry is about (a closed set: a new kind of entity is added here, with its label). */
export const AUDIT_ENTITY_TYPES = [
  'school',
  'campus',
  'statistics',
  'register',
  'indicator-system',
  'indicator-result',
  'balance-override',
  'settings',
  'document-number',
  'document',
  'operator',
  'attachment',
  'database',
  'round',
  'round-unit',
  'expert',
  'round-scoring',
  'rectification',
] as const;
export const AuditEntityType = z.enum(AUDIT_ENTITY_TYPES);
export type AuditEntityType = z.infer<typeof AuditEntityType>;

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, string> = {
  school: '学校',
  campus: '校区',
  statistics: '统计数据',
  register: '学校名册',
  'indicator-system': '指标体系',
  'indicator-result': '试算结果',
  'balance-override': '差异系数人工调整',
  settings: '设置',
  'document-number': '发文登记',
  document: '公文',
  operator: '操作人',
  attachment: '佐证材料',
  database: '全部数据',
  round: '评估项目',
  'round-unit': '评估单位',
  expert: '评估专家',
  'round-scoring': '评分工作',
  rectification: '整改事项',
};

/** What was done (a closed set). */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'import', 'load-demo', 'publish', 'archive', 'reserve', 'void', 'issue', 'generate', 'restore'] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  import: '导入',
  'load-demo': '加载演示数据',
  publish: '发布',
  archive: '归档',
  reserve: '取号',
  void: '作废',
  issue: '发文',
  generate: '生成',
  restore: '从备份恢复',
};

/** One changed field as users read it: Chinese label (with unit) and both values as text. */
export const AuditFieldChange = z.object({
  label: z.string(),
  before: z.string(),
  after: z.string(),
});
export type AuditFieldChange = z.infer<typeof AuditFieldChange>;

/** One audit entry, ready to show: every text is Chinese. */
export const AuditView = z.object({
  id: z.number().int(),
  /** Position in the hash chain (1 = oldest). */
  seq: z.number().int(),
  at: z.string(),
  operatorId: z.number().int().nullable(),
  operatorName: z.string(),
  operatorOffice: z.string(),
  /** 张三（督导室）, or the system account for entries made before anyone was chosen. */
  operatorLabel: z.string(),
  /** One of AUDIT_ENTITY_TYPES (as stored; a value outside the set, e.g. written by hand, is shown as such). */
  entityType: z.string(),
  entityTypeLabel: z.string(),
  entityId: z.string().nullable(),
  entityName: z.string(),
  /** One of AUDIT_ACTIONS (as stored). */
  action: z.string(),
  actionLabel: z.string(),
  summary: z.string(),
  batchId: z.string().nullable(),
  changes: z.array(AuditFieldChange),
});
export type AuditView = z.infer<typeof AuditView>;

/** Filters of the 操作日志 page, the export and `audit list`; all optional. */
export const AuditFilter = z.object({
  /** ISO date-time, inclusive. */
  from: z.string().min(1).optional(),
  /** ISO date-time, exclusive. */
  to: z.string().min(1).optional(),
  /** Operator's name as recorded. */
  operator: z.string().min(1).max(60).optional(),
  entityType: AuditEntityType.optional(),
  action: AuditAction.optional(),
  entityId: z.string().min(1).max(100).optional(),
  batchId: z.string().min(1).max(100).optional(),
  /** Words to find in the entry's summary or the entity's name (plain text, not a pattern). */
  search: z.string().trim().min(1).max(100).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditQuery = AuditFilter.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
  /** Newest first (default) or oldest first, by position in the log. */
  order: z.enum(['desc', 'asc']).default('desc'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  rows: z.array(AuditView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Every operator name that appears in the log, for the filter. */
  operators: z.array(z.string()),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditProblemKind = z.enum(['altered', 'removed', 'inserted']);
export type AuditProblemKind = z.infer<typeof AuditProblemKind>;

/** One break in the chain, located by position (第 N 条). */
export const AuditProblem = z.object({
  kind: AuditProblemKind,
  /** Chain position the problem is at (for removals: the first missing position). */
  position: z.number().int(),
  /** Row id, when a row is there to point at. */
  id: z.number().int().nullable(),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof AuditProblem>;

export const AuditVerifyReport = z.object({
  ok: z.boolean(),
  /** Entries checked. */
  count: z.number().int(),
  problems: z.array(AuditProblem),
  /** The newest entry's hash (the chain's fingerprint; write it down to compare later). */
  headHash: z.string().nullable(),
  /** One Chinese sentence: intact, or how many problems of which kind. */
  message: z.string(),
});
export type AuditVerifyReport = z.infer<typeof AuditVerifyReport>;

/** The 操作日志 operations (`audit.list`, the stored form, stays in system.ts). */
export const auditContract = {
  'audit.query': { input: AuditQuery.default({ page: 1, pageSize: 20, order: 'desc' }), output: AuditPage },
  'audit.verify': { input: z.object({}).default({}), output: AuditVerifyReport },
  'audit.export': { input: AuditFilter.default({}), output: FileResult },
} as const;
