/** Readable Chinese text for a diffed field value (numbers, booleans, scoring, rules, lists). */
import {
  COMPARATOR_LABELS,
  describeBand,
  describePassRule,
  formatRatio,
  METHOD_LABELS,
  SCALE_LABELS,
  SCORER_LABELS,
  type FieldChange,
  type Grading,
  type IndicatorNode,
  type PassRule,
  type Scoring,
  type ValueDef,
} from '../../../../../shared/domain/indicators';

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
      return METHOD_LABELS[s.method];
  }
}

export function formatValue(field: string, v: unknown, nodes: readonly IndicatorNode[] = []): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' || typeof v === 'string') return field === 'scorer' ? SCORER_LABELS[v as keyof typeof SCORER_LABELS] ?? String(v) : String(v);
  if (field === 'scoring') return scoringText(v as Scoring);
  if (field === 'grading') return gradingText(v as Grading);
  if (field === 'values' && Array.isArray(v)) return (v as ValueDef[]).map((d) => `${d.label}（${d.name}，${SCALE_LABELS[d.scale]}${d.unit ? `，${d.unit}` : ''}）`).join('；') || '（无）';
  if (field === 'passRules' && Array.isArray(v)) return v.map((r) => describePassRule(r as PassRule, { nodes: nodes as IndicatorNode[] })).join('；') || '（无）';
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('；') : '（无）';
  return JSON.stringify(v);
}

function gradingText(g: Grading): string {
  const subject = g.basis === 'percent' ? '得分率(%)' : '得分';
  const bands = g.bands.map((b) => `${b.label}：${describeBand(b, subject)}`).join('；');
  return `${bands}；未通过时：${g.gradeWhenFailed ?? '不评等级'}${g.vetoLabel ? `；否决时：${g.vetoLabel}` : ''}`;
}

export function changeText(c: FieldChange, nodes: readonly IndicatorNode[] = []): [string, string] {
  return [formatValue(c.field, c.before, nodes), formatValue(c.field, c.after, nodes)];
}
