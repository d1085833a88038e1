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

/** Names the place of a schema error: the node code when the path is inside a node. */
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
    } else bits.push(String(key));
  }
  return bits.length ? `${where}（${bits.join('.')}）` : where;
}
