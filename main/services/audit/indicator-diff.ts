/**
 * An indicator system's edit as audit fields: each changed system field and each added, removed
 * or changed indicator becomes one field keyed by its Chinese name, with both values as Chinese
 * text — the same reading as the 版本对比 view, so the log needs no knowledge of the system's shape.
 */
import {
  COMPARATOR_LABELS,
  describeBand,
  describePassRule,
  formatRatio,
  LEVEL_LABELS,
  METHOD_LABELS,
  SCALE_LABELS,
  SCORER_LABELS,
  type Grading,
  type IndicatorSystem,
  type PassRule,
  type Scoring,
  type SystemDiff,
  type ValueDef,
} from '../../../shared/domain/indicators';
import type { Snapshot } from '../../db/unit-of-work';

function scoringText(s: Scoring): string {
  switch (s.method) {
    case 'grade':
      return `等级：${s.grades.map((g) => `${g.label} ${formatRatio(g.share, 2)}`).join('、')}`;
    case 'formula': {
      const t = s.threshold;
      const th = t ? [t.all !== undefined && `通用 ${t.all}`, t.primary !== undefined && `小学 ${t.primary}`, t.junior !== undefined && `初中 ${t.junior}`].filter(Boolean).join('，') : '无';
      return `公式 ${s.expression} ${COMPARATOR_LABELS[s.comparator]} 标准（${th}）`;
    }
    case 'count':
      return `计数：至少 ${s.minMet} 项达标`;
    case 'veto':
      return `一票否决${s.reason ? `：${s.reason}` : ''}`;
    default:
      return METHOD_LABELS[s.method] ?? '其他评分方式';
  }
}

function gradingText(g: Grading): string {
  const subject = g.basis === 'percent' ? '得分率(%)' : '得分';
  const bands = g.bands.map((b) => `${b.label}：${describeBand(b, subject)}`).join('；');
  return `${bands}；未通过时：${g.gradeWhenFailed ?? '不评等级'}${g.vetoLabel ? `；否决时：${g.vetoLabel}` : ''}`;
}

function applicabilityText(a: unknown): string {
  const o = (a ?? {}) as Record<string, unknown>;
  const parts = [
    ['学校类型', o.schoolTypes],
    ['学段', Array.isArray(o.sections) ? o.sections.map((s) => (s === 'primary' ? '小学' : s === 'junior' ? '初中' : String(s))) : o.sections],
    ['办学形式', o.partnershipTypes],
    ['类别', o.categories],
  ]
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k, v]) => `${k}：${(v as unknown[]).join('、')}`);
  return parts.length ? parts.join('；') : '全部适用';
}

/** One field value of an indicator or of the system as Chinese text. */
export function indicatorValueText(field: string, v: unknown, system?: IndicatorSystem): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'scorer') return SCORER_LABELS[v as keyof typeof SCORER_LABELS] ?? String(v);
  if (field === 'level') return LEVEL_LABELS[v as keyof typeof LEVEL_LABELS] ?? String(v);
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  if (field === 'scoring') return scoringText(v as Scoring);
  if (field === 'grading') return gradingText(v as Grading);
  if (field === 'applicability') return applicabilityText(v);
  if (field === 'values' && Array.isArray(v)) return (v as ValueDef[]).map((d) => `${d.label}（${SCALE_LABELS[d.scale]}${d.unit ? `，${d.unit}` : ''}）`).join('；') || '（无）';
  if (field === 'passRules' && Array.isArray(v)) return v.map((r) => describePassRule(r as PassRule, { nodes: system?.nodes ?? [] })).join('；') || '（无）';
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '（一项）')).join('；') : '（无）';
  return '（已修改）';
}

const nodeName = (e: { code: string; title: string }) => [e.code, e.title].filter((s) => s.trim()).join(' ') || '（未命名）';

/** Before/after fields of an indicator-system edit, keyed by Chinese names. */
export function systemDiffSnapshots(diff: SystemDiff, after?: IndicatorSystem): { before: Snapshot; after: Snapshot } {
  const b: Record<string, string> = {};
  const a: Record<string, string> = {};
  for (const c of diff.system) {
    b[`体系${c.label}`] = indicatorValueText(c.field, c.before, after);
    a[`体系${c.label}`] = indicatorValueText(c.field, c.after, after);
  }
  for (const e of diff.added) {
    b[`新增指标 ${nodeName(e)}`] = '（无）';
    a[`新增指标 ${nodeName(e)}`] = '已新增';
  }
  for (const e of diff.removed) {
    b[`删除指标 ${nodeName(e)}`] = '原有';
    a[`删除指标 ${nodeName(e)}`] = '已删除';
  }
  for (const n of diff.changed) {
    for (const c of n.changes) {
      b[`指标 ${nodeName(n)}：${c.label}`] = indicatorValueText(c.field, c.before, after);
      a[`指标 ${nodeName(n)}：${c.label}`] = indicatorValueText(c.field, c.after, after);
    }
  }
  return { before: b, after: a };
}

/** True when a value is a SystemDiff as entries before the typed log stored it. */
export function isSystemDiff(v: unknown): v is SystemDiff {
  return typeof v === 'object' && v !== null && 'identical' in v && Array.isArray((v as SystemDiff).added) && Array.isArray((v as SystemDiff).changed);
}
