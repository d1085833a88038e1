/** Loading an indicator system from JSON (presets, database rows, API input). */
import { IndicatorSystemSchema, type IndicatorSystem } from './schema.js';
import { validateIndicatorSystem, type ValidationMessage } from './validate.js';

export type ParseResult =
  | { ok: true; system: IndicatorSystem; warnings: ValidationMessage[] }
  | { ok: false; errors: ValidationMessage[] };

/**
 * Parses unknown JSON into the canonical system form and validates it. Schema errors are turned
 * into Chinese messages with the JSON path; structural errors come from validateIndicatorSystem.
 */
export function parseIndicatorSystem(json: unknown): ParseResult {
  const r = IndicatorSystemSchema.safeParse(json);
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => ({ severity: 'error' as const, message: `${describePath(json, i.path)}：${i.message}` })),
    };
  }
  const messages = validateIndicatorSystem(r.data);
  const errors = messages.filter((m) => m.severity === 'error');
  if (errors.length) return { ok: false, errors };
  return { ok: true, system: r.data, warnings: messages };
}

/** Like parseIndicatorSystem but throws (for presets shipped with the app, which must be valid). */
export function loadIndicatorSystem(json: unknown): IndicatorSystem {
  const r = parseIndicatorSystem(json);
  if (!r.ok) throw new Error(`指标体系无效：\n${r.errors.map((e) => e.message).join('\n')}`);
  return r.system;
}

/** How the editor and the Excel sheet label the fields a schema error can be about. */
const FIELD_NAMES: Record<string, string> = {
  id: '节点标识', code: '编码', title: '名称', content: '评估内容', standard: '评分标准', points: '分值', evidence: '佐证材料',
  explanationRequired: '需要说明', applicability: '适用范围', scorer: '评分主体', unconfirmed: '待核实', unconfirmedReason: '待核实说明',
  note: '备注', scoring: '评分方式', method: '评分方式', grades: '等级', label: '名称', share: '得分比例', met: '算达标', description: '说明',
  step: '步长', metShare: '达标线', expression: '公式', mode: '判定方式', comparator: '比较', threshold: '标准值', all: '通用', primary: '小学',
  junior: '初中', partialCredit: '部分得分', zeroAtRatio: '零分点', unit: '单位', decimals: '显示小数位', itemIds: '计数的指标',
  minMet: '至少达标项数', othersMinRatio: '其余各项不低于', reason: '否决理由', schoolTypes: '学校类型', sections: '学段',
  partnershipTypes: '办学共同体类型', categories: '类别', key: '体系标识', name: '名称', level: '评估对象', sourceDocument: '依据文件',
  version: '版本', state: '状态', basedOnVersion: '来源版本', bonusCap: '加分上限', passRules: '通过规则', grading: '等级划分',
  bands: '等级', min: '下限', max: '上限', minInclusive: '含下限', maxInclusive: '含上限', vetoLabel: '否决时等级',
  gradeWhenFailed: '未通过时的等级', basis: '等级依据', values: '数据项', scale: '口径', categoryGroups: '类别', options: '可选项',
  nodes: '指标', children: '下级指标', kind: '规则类型', nodeId: '指标', n: '项数', schemaVersion: '格式版本',
};

/** The form label of a field of the model (“expression” → 公式, “itemIds” → 计数的指标); “其他内容” for one it does not know, never the key. */
export function indicatorFieldName(key: string): string {
  return FIELD_NAMES[key] ?? '其他内容';
}

/**
 * Names the place of a schema error as users read it: the node (code and title) when the path is
 * inside a node, then the field by its form label — “指标 1.1 校舍的“分值””, “第 2 条通过规则的“下限””.
 * Never an English key or a JSON path.
 */
function describePath(json: unknown, path: readonly PropertyKey[]): string {
  let cur: unknown = json;
  let where = '指标体系';
  const bits: string[] = [];
  for (const key of path) {
    if (cur && typeof cur === 'object') cur = (cur as Record<PropertyKey, unknown>)[key as string];
    else cur = undefined;
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && typeof (cur as { title?: unknown }).title === 'string' && 'id' in (cur as object)) {
      const n = cur as { code?: string; title: string };
      where = `指标 ${n.code ? `${n.code} ` : ''}${n.title}`;
      bits.length = 0;
    } else if (typeof key === 'number') {
      // "第 2 项" of the list just named (通过规则, 等级, 数据项 …).
      const list = bits.pop();
      bits.push(`${list ?? ''}第 ${key + 1} 项`);
    } else bits.push(`“${FIELD_NAMES[String(key)] ?? '其他内容'}”`);
  }
  return bits.length ? `${where}的${bits.join('的')}` : where;
}
