/**
 * Audit entries as users read them: field labels with units from the label tables the forms use
 * (school fields, the statistics catalogue, the settings forms), values in words (状态、口径、是/否),
 * old → new. The 操作日志 page, its xlsx export and `audit list` all read entries through here, so
 * no raw JSON or English key reaches a user. Entries written before the typed log (full snapshots,
 * import previews, indicator diffs) are read the same way.
 */
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, type AuditEntityType, type AuditFieldChange, type AuditView } from '../../../shared/api/contracts/audit';
import { LATE_POLICY_LABELS } from '../../../shared/api/contracts/rounds';
import { SEVERITY_LABELS } from '../../../shared/api/contracts/rectification';
import { RECTIFICATION_STATE_LABELS } from '../../../shared/domain/rectification/states';
import { BUILT_IN_PROFILES } from '../../../shared/domain/balance';
import { UNIT_STATE_LABELS } from '../../../shared/domain/rounds/rounds';
import { BASIS_LABELS } from '../../../shared/domain/balance/basis';
import { STATE_LABELS } from '../../../shared/domain/indicators';
import { SCHOOL_RULE_LABELS } from '../../../shared/domain/schools/school-rules';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';
import { formatBytes } from '../../../shared/domain/text/bytes';
import { formatDateTime } from '../../../shared/domain/text/datetime';
import type { AuditRow } from '../../db/repositories/audit-repo';
import { changedFields } from '../../db/unit-of-work';
import { overrideTarget } from '../balance/override-targets';
import { isSystemDiff, systemDiffSnapshots } from './indicator-diff';

interface FieldSpec {
  label: string;
  /** Value in words; the default prints numbers, texts, 是/否 and lists. */
  text?: (v: unknown) => string;
}

const EMPTY = '（空）';
const NONE = '（无）';

/** A stored ISO time in the one on-screen format (shared/domain/text/datetime.ts). */
const isoTime = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(v) : plain(v));
const words = (map: Record<string, string>) => (v: unknown) => (typeof v === 'string' && map[v]) || plain(v);

/** A value in words: empty, 是/否, number, text, or a list joined with 、. */
export function plain(v: unknown): string {
  if (v === null || v === undefined || v === '') return EMPTY;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : EMPTY;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return NONE;
    return v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.join('、') : `共 ${v.length} 项`;
  }
  return '（内容较多，见摘要）';
}

/**
 * What kind of file a stored MIME type is, in words (entries written before the snapshot dropped
 * the MIME type still carry it). Unknown types say 其他文件 rather than show the code.
 */
const MIME_WORDS: [RegExp, string][] = [
  [/^image\//, '图片'],
  [/^video\//, '视频'],
  [/^application\/pdf$/, 'PDF 文件'],
  [/wordprocessingml|msword|ms-works/, 'Word 文档'],
  [/spreadsheetml|ms-excel/, 'Excel 表格'],
  [/^text\/plain$/, '文本文件'],
  [/zip/, '压缩包'],
];
const mimeText = (v: unknown) => (typeof v === 'string' && v ? (MIME_WORDS.find(([re]) => re.test(v))?.[1] ?? '其他文件') : plain(v));

/** 字号 pattern placeholders ({prefix}〔{year}〕{n}号) in words, so no brace reaches a reader. */
const PATTERN_WORDS: Record<string, string> = { prefix: '〈机关代字〉', year: '〈年份〉', n: '〈序号〉' };
const patternText = (v: unknown) => (typeof v === 'string' ? v.replace(/\{(\w+)\}/g, (m, k: string) => PATTERN_WORDS[k] ?? m) : plain(v));

const PROFILE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(BUILT_IN_PROFILES).map(([id, p]) => [id, p.name]));

const SCHOOL_FIELDS: Record<string, FieldSpec> = Object.fromEntries(Object.entries(SCHOOL_RULE_LABELS).map(([k, label]) => [k, { label }]));

const CAMPUS_FIELDS: Record<string, FieldSpec> = {
  name: { label: '校区名称' },
  address: { label: '地址' },
  evaluatedSeparately: { label: '单独评估' },
};

const SETTINGS_FIELDS: Record<string, FieldSpec> = {
  // 差异系数计算设置 (balance.options)
  defaultProfile: { label: '默认测算口径', text: words(PROFILE_NAMES) },
  'split.mode': { label: '一贯制学校共用设施分摊方式', text: words({ weighted: '按加权学生数', pupilRatio: '按学生数比例' }) },
  'split.nineYear.primary': { label: '九年一贯制小学权重' },
  'split.nineYear.junior': { label: '九年一贯制初中权重' },
  'split.twelveYear.primary': { label: '十二年一贯制小学权重' },
  'split.twelveYear.junior': { label: '十二年一贯制初中权重' },
  'split.twelveYear.senior': { label: '十二年一贯制高中权重' },
  'split.completeMiddle.junior': { label: '完全中学初中权重' },
  'split.completeMiddle.senior': { label: '完全中学高中权重' },
  excludeTeachingPointsBelow: { label: '教学点排除人数下限（人）', text: (v) => (v === null || v === undefined ? '不排除' : plain(v)) },
  basis: { label: '计算口径', text: words(BASIS_LABELS) },
  // 公文设置 (documents.office)
  letterhead: { label: '发文机关标志' },
  signature: { label: '署名' },
  numberPrefix: { label: '机关代字' },
  numberPattern: { label: '文号格式', text: patternText },
  printer: { label: '印发机关' },
  cc: { label: '默认抄送' },
  defaultAddressee: { label: '默认主送机关' },
  // 自动备份设置 (backup)
  keep: { label: '自动备份保留份数（份）' },
  // 整改督办设置 (rectification.rules)
  reminderDays: { label: '到期前几天提醒（天）' },
  blueAfterDays: { label: '逾期几天起蓝色督办（天）' },
  yellowAfterDays: { label: '逾期几天起黄色督办（天）' },
  redAfterDays: { label: '逾期几天起红色督办（天）' },
  defaultDeadlineDays: { label: '默认整改时限（登记后天数）' },
  roundThreshold: { label: '评估指标得分低于满分的比例（列为问题）', text: (v) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : plain(v)) },
};

const DOCUMENT_NUMBER_FIELDS: Record<string, FieldSpec> = {
  number: { label: '文号' },
  title: { label: '文件标题' },
  status: { label: '状态', text: words({ reserved: '已取号', used: '已发文', void: '已作废' }) },
  kind: { label: '文件类型', text: words({ notice: '通知', report: '报告' }) },
  year: { label: '年份' },
  seq: { label: '序号' },
  prefix: { label: '机关代字' },
  issuedAt: { label: '取号时间', text: isoTime },
  issuedBy: { label: '取号人' },
  usedAt: { label: '发文时间', text: isoTime },
};

const INDICATOR_SYSTEM_FIELDS: Record<string, FieldSpec> = {
  name: { label: '名称' },
  version: { label: '版本' },
  basedOnVersion: { label: '所据版本' },
  state: { label: '状态', text: words(STATE_LABELS) },
  level: { label: '评估对象', text: words({ school: '学校', campus: '校区', partnership: '办学共同体', county: '县域' }) },
  sourceDocument: { label: '依据文件' },
  description: { label: '说明' },
  fileName: { label: '导入文件' },
  nodes: { label: '一级指标', text: (v) => (Array.isArray(v) ? `共 ${v.length} 项` : plain(v)) },
};

const INDICATOR_RESULT_FIELDS: Record<string, FieldSpec> = {
  label: { label: '结果名称' },
  systemVersion: { label: '版本' },
  total: { label: '总分（分）' },
  passed: { label: '结论', text: (v) => (v === true ? '通过' : v === false ? '未通过' : '不判定通过与否') },
  grade: { label: '等级' },
};

const targetText = (v: unknown) => {
  if (typeof v !== 'string') return plain(v);
  return (overrideTarget(v, 'primary') ?? overrideTarget(v, 'junior'))?.label ?? v;
};

const OVERRIDE_FIELDS: Record<string, FieldSpec> = {
  target: { label: '调整项', text: targetText },
  value: { label: '调整值' },
  note: { label: '说明' },
};

const OPERATOR_FIELDS: Record<string, FieldSpec> = { name: { label: '姓名' }, office: { label: '科室' } };

const ATTACHMENT_FIELDS: Record<string, FieldSpec> = {
  year: { label: '年份' },
  fileName: { label: '文件名' },
  mimeType: { label: '文件类型', text: mimeText },
  bytes: { label: '大小', text: (v) => (typeof v === 'number' && Number.isFinite(v) ? formatBytes(v) : plain(v)) },
  note: { label: '说明' },
};

const DATABASE_FIELDS: Record<string, FieldSpec> = {
  restoredFrom: { label: '恢复自' },
  safetyBackup: { label: '恢复前的数据另存为' },
};

const ROUND_FIELDS: Record<string, FieldSpec> = {
  name: { label: '项目名称' },
  year: { label: '年度' },
  evaluator: { label: '评估主体' },
  evaluatorKind: { label: '评估主体类型', text: words({ office: '本单位', third_party: '第三方机构' }) },
  latePolicy: { label: '逾期提交', text: words(LATE_POLICY_LABELS) },
  stages: { label: '阶段' },
  system: { label: '指标体系' },
  units: { label: '参评单位（个）' },
  stageClosed: { label: '阶段状态' },
  reason: { label: '原因' },
};

const ROUND_UNIT_FIELDS: Record<string, FieldSpec> = {
  state: { label: '状态', text: words(UNIT_STATE_LABELS) },
  reason: { label: '原因' },
  stage: { label: '阶段' },
  until: { label: '截止日期' },
  revision: { label: '版本' },
  code: { label: '报送编码' },
  query: { label: '退回意见' },
  locked: { label: '评分状态' },
  conclusion: { label: '评分结果' },
};

const EXPERT_FIELDS: Record<string, FieldSpec> = {
  name: { label: '姓名' },
  organisation: { label: '工作单位' },
  speciality: { label: '专业领域' },
};

const ROUND_SCORING_FIELDS: Record<string, FieldSpec> = {
  rule: { label: '汇总规则' },
  trim: { label: '去掉最高分和最低分（各几个）' },
  tolerance: { label: '允许的分差（分）' },
  departureThreshold: { label: '与自评相差超过多少分须写理由' },
  tieRule: { label: '并列名次' },
  units: { label: '评估的单位' },
  forfeitOutcome: { label: '弃权单位的结果' },
  roundValues: { label: '项目数据' },
  experts: { label: '专家评分包' },
  revision: { label: '评分包版本' },
  changed: { label: '有变化的评分（项）' },
  opinions: { label: '有变化的评估意见（条）' },
  source: { label: '来源' },
};

const RECTIFICATION_FIELDS: Record<string, FieldSpec> = {
  number: { label: '编号' },
  source: { label: '问题来源' },
  problem: { label: '问题描述' },
  target: { label: '整改目标' },
  owner: { label: '责任单位' },
  cooperating: { label: '配合单位' },
  person: { label: '责任人' },
  measures: { label: '整改措施' },
  deadline: { label: '整改时限' },
  severity: { label: '严重程度', text: words(SEVERITY_LABELS) },
  state: { label: '状态', text: words(RECTIFICATION_STATE_LABELS) },
  remarks: { label: '备注' },
  reason: { label: '原因' },
  progress: { label: '整改进展' },
  date: { label: '日期' },
  files: { label: '佐证材料' },
  verification: { label: '核验结论' },
  closedOn: { label: '销号日期' },
  recheck: { label: '数据复核' },
  rules: { label: '督办规则' },
};

function statField(key: string): FieldSpec | undefined {
  const def = STAT_FIELD_BY_KEY.get(key);
  if (!def) return undefined;
  return { label: `${def.label}（${def.unit}）` };
}

const FIELDS: Record<AuditEntityType, (key: string) => FieldSpec | undefined> = {
  school: (k) => SCHOOL_FIELDS[k],
  campus: (k) => CAMPUS_FIELDS[k],
  statistics: statField,
  register: () => undefined,
  'indicator-system': (k) => INDICATOR_SYSTEM_FIELDS[k],
  'indicator-result': (k) => INDICATOR_RESULT_FIELDS[k],
  'balance-override': (k) => OVERRIDE_FIELDS[k],
  settings: (k) => SETTINGS_FIELDS[k],
  'document-number': (k) => DOCUMENT_NUMBER_FIELDS[k],
  document: () => undefined,
  operator: (k) => OPERATOR_FIELDS[k],
  attachment: (k) => ATTACHMENT_FIELDS[k],
  database: (k) => DATABASE_FIELDS[k],
  round: (k) => ROUND_FIELDS[k],
  'round-unit': (k) => ROUND_UNIT_FIELDS[k],
  expert: (k) => EXPERT_FIELDS[k],
  'round-scoring': (k) => ROUND_SCORING_FIELDS[k],
  rectification: (k) => RECTIFICATION_FIELDS[k],
};

/**
 * Identifiers kept in snapshots that say nothing to a reader (the entry already names the entity);
 * `sha256` identifies a stored content for the record, not for reading.
 */
const HIDDEN = new Set(['id', 'schoolId', 'campusId', 'key', 'systemKey', 'systemId', 'sha256']);

const hasChinese = (s: string) => /\p{Script=Han}/u.test(s);

/** Label and text of one field of an entity type; a key already in Chinese (indicator edits) is its own label. */
export function fieldSpec(entityType: string, key: string): FieldSpec {
  const spec = (FIELDS as Record<string, (key: string) => FieldSpec | undefined>)[entityType]?.(key);
  if (spec) return spec;
  if (hasChinese(key)) return { label: key };
  return { label: '其他数据项' };
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface PreviewRow {
  label: string;
  status: string;
  changes: { label: string; before: unknown; after: unknown }[];
}
const isPreviewRows = (v: unknown): v is PreviewRow[] => Array.isArray(v) && v.length > 0 && v.every((r) => isRecord(r) && typeof r.label === 'string' && Array.isArray(r.changes));

function fromPreviewRows(rows: PreviewRow[], entityType: string): AuditFieldChange[] {
  const out: AuditFieldChange[] = [];
  for (const r of rows) {
    if (r.status === 'new' && r.changes.length === 0) out.push({ label: r.label, before: NONE, after: '新增' });
    for (const c of r.changes) {
      const spec = fieldSpec(entityType, String((c as { field?: unknown }).field ?? ''));
      const text = spec.text ?? plain;
      out.push({ label: `${r.label}：${c.label}`, before: r.status === 'new' ? NONE : text(c.before), after: text(c.after) });
    }
  }
  return out;
}

/** The changed fields of an entry in words, old → new. */
export function describeChanges(entityType: string, beforeText: string | null, afterText: string | null): AuditFieldChange[] {
  let before = parse(beforeText);
  let after = parse(afterText);
  // Shapes stored before the typed log.
  if (isPreviewRows(after)) return fromPreviewRows(after, entityType);
  if (isSystemDiff(after)) {
    const s = systemDiffSnapshots(after);
    before = s.before;
    after = s.after;
  }
  const d = changedFields(isRecord(before) ? before : null, isRecord(after) ? after : null);
  const keys = [...new Set([...Object.keys(d.before ?? {}), ...Object.keys(d.after ?? {})])].filter((k) => !HIDDEN.has(k));
  return keys.map((k) => {
    const spec = fieldSpec(entityType, k);
    const text = spec.text ?? plain;
    return {
      label: spec.label,
      before: d.before === null ? NONE : text(d.before[k]),
      after: d.after === null ? NONE : text(d.after[k]),
    };
  });
}

/** The doors a change can come through, as `via` and the system account (`zhang@web`) name them. */
const DOOR_LABELS: Record<string, string> = { electron: '桌面程序', web: '浏览器模式', cli: '命令行' };

/**
 * 张三（督导室）: always a person. An entry made before anyone was chosen (the account name of the
 * computer, e.g. `zhang@cli`, is what was stored) says so, with the door it came through, instead of
 * showing the account: 未选择操作人（命令行）.
 */
export function operatorLabel(r: Pick<AuditRow, 'operator_id' | 'operator_name' | 'operator_office'>): string {
  if (r.operator_id === null) {
    const door = DOOR_LABELS[r.operator_name.split('@').pop() ?? ''];
    return door ? `未选择操作人（${door}）` : '未选择操作人';
  }
  return r.operator_office ? `${r.operator_name}（${r.operator_office}）` : r.operator_name;
}

/** A stored row as the page shows it. */
export function describeRow(r: AuditRow): AuditView {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    operatorId: r.operator_id,
    operatorName: r.operator_name,
    operatorOffice: r.operator_office,
    operatorLabel: operatorLabel(r),
    entityType: r.entity_type,
    entityTypeLabel: AUDIT_ENTITY_LABELS[r.entity_type as AuditEntityType] ?? '未知对象',
    entityId: r.entity_id,
    entityName: r.entity_name,
    action: r.action,
    actionLabel: (AUDIT_ACTION_LABELS as Record<string, string>)[r.action] ?? '未知操作',
    summary: r.summary,
    batchId: r.batch_id,
    changes: describeChanges(r.entity_type, r.before, r.after),
  };
}
