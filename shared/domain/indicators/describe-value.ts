/**
 * Chinese text for the values of an indicator system's fields (see describeIndicatorValue).
 */
import { describeBand } from './bands.js';
import { describePassRule } from './rules.js';
import { formatRatio } from './format.js';
import { compileFormula } from './formula.js';
import { COMPARATOR_LABELS, LEVEL_LABELS, METHOD_LABELS, SCALE_LABELS, SCORER_LABELS } from './labels.js';
import type { CategoryGroup, Grading, IndicatorNode, IndicatorSystem, PassRule, Scoring, ValueDef } from './schema.js';
import { captionOf, resolveValues } from './values.js';

/** What a description may draw on: the nodes (for rule targets) and the declared values (for formula labels). */
type Context = Pick<IndicatorSystem, 'nodes'> & Partial<Pick<IndicatorSystem, 'values' | 'passRules'>>;

function scoringText(s: Scoring, ctx: Context): string {
  switch (s.method) {
    case 'grade':
      return `等级：${s.grades.map((g) => `${g.label} ${formatRatio(g.share, 2)}`).join('、')}`;
    case 'formula': {
      const t = s.threshold;
      const th = t ? [t.all !== undefined && `通用 ${t.all}`, t.primary !== undefined && `小学 ${t.primary}`, t.junior !== undefined && `初中 ${t.junior}`].filter(Boolean).join('，') : '无';
      // The formula in words with the values' Chinese labels, never the keys it is typed with.
      const c = compileFormula(s.expression);
      const lookup = new Map(resolveValues({ passRules: [], values: [], ...ctx }).map((v) => [v.name, v]));
      const reading = c.ok ? c.formula.read((n) => captionOf(lookup, n, false)) : `（公式有误：${c.error}）`;
      if (s.mode === 'score') return `公式：${reading}，计算值即为得分`;
      return `公式：${reading} ${COMPARATOR_LABELS[s.comparator]} 标准（${th}）`;
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

function categoryGroupsText(groups: readonly CategoryGroup[]): string {
  return groups.map((g) => `${g.label}：${g.options.join('、')}${g.partnershipTypes.length ? `（${g.partnershipTypes.join('、')}）` : ''}`).join('；') || '（无）';
}

/**
 * One field value of an indicator or of a system as Chinese text, for the 版本对比 view and the
 * 操作日志 alike: labels for enumerations, scoring and grading in words, pass rules described,
 * formulas read with the values' Chinese labels, never raw JSON or English keys. `context` is the
 * system (or, from older callers, its nodes): pass rules name the indicators they refer to and
 * formulas their values.
 */
export function describeIndicatorValue(field: string, v: unknown, context: readonly IndicatorNode[] | Context = []): string {
  const ctx: Context = Array.isArray(context) ? { nodes: context as IndicatorNode[] } : (context as Context);
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'scorer') return SCORER_LABELS[v as keyof typeof SCORER_LABELS] ?? String(v);
  if (field === 'level') return LEVEL_LABELS[v as keyof typeof LEVEL_LABELS] ?? String(v);
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  if (field === 'scoring') return scoringText(v as Scoring, ctx);
  if (field === 'categoryGroups' && Array.isArray(v)) return categoryGroupsText(v as CategoryGroup[]);
  if (field === 'grading') return gradingText(v as Grading);
  if (field === 'applicability') return applicabilityText(v);
  if (field === 'values' && Array.isArray(v)) return (v as ValueDef[]).map((d) => `${d.label}（${SCALE_LABELS[d.scale]}${d.unit ? `，${d.unit}` : ''}）`).join('；') || '（无）';
  if (field === 'passRules' && Array.isArray(v)) return v.map((r) => describePassRule(r as PassRule, ctx)).join('；') || '（无）';
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '（一项）')).join('；') : '（无）';
  return '（已修改）';
}

