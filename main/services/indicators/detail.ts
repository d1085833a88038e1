/** Builds the API DTOs of stored systems (summary with validation counts, detail with messages). */
import type { SystemDetail, SystemFamily, SystemVersionSummary } from '../../../shared/api/contracts/indicators';
import { AppError } from '../../../shared/api/envelope';
import {
  editBlockedReason,
  flattenNodes,
  IndicatorSystemSchema,
  isLeaf,
  nominalTotal,
  parseIndicatorSystem,
  validateIndicatorSystem,
  type IndicatorSystem,
} from '../../../shared/domain/indicators';
import type { StoredSystem } from '../../db/repositories/indicator-systems-repo';

export function summarize(s: StoredSystem, resultCount: number, messages = validateIndicatorSystem(s.system)): SystemVersionSummary {
  const nodes = flattenNodes(s.system.nodes);
  return {
    id: s.id,
    key: s.key,
    version: s.version,
    state: s.state,
    name: s.system.name,
    level: s.system.level,
    basedOnVersion: s.system.basedOnVersion,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    publishedAt: s.publishedAt,
    archivedAt: s.archivedAt,
    nodeCount: nodes.length,
    leafCount: nodes.filter((e) => isLeaf(e.node)).length,
    maxTotal: nominalTotal(s.system),
    errorCount: messages.filter((m) => m.severity === 'error').length,
    warningCount: messages.filter((m) => m.severity === 'warning').length,
    resultCount,
  };
}

export function detailOf(s: StoredSystem, resultCount: number): SystemDetail {
  const validation = validateIndicatorSystem(s.system);
  return { summary: summarize(s, resultCount, validation), system: s.system, validation, editBlockedReason: editBlockedReason(s) };
}

/** Groups versions by key, newest version first; families sorted by name. */
export function families(stored: StoredSystem[], counts: Map<number, number>): SystemFamily[] {
  const byKey = new Map<string, StoredSystem[]>();
  for (const s of stored) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  return [...byKey.entries()]
    .map(([key, list]) => {
      const versions = [...list].sort((a, b) => b.version - a.version);
      const head = versions[0]!;
      return { key, name: head.system.name, level: head.system.level, versions: versions.map((v) => summarize(v, counts.get(v.id) ?? 0)) };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * Parses an edited system. Drafts may be saved with validation errors (work in progress), but
 * not with schema errors: those are reported in Chinese naming the indicator.
 */
export function parseEdited(json: unknown): IndicatorSystem {
  const r = IndicatorSystemSchema.safeParse(json);
  if (r.success) return r.data;
  const p = parseIndicatorSystem(json);
  const errors = p.ok ? [] : p.errors;
  const shown = errors.slice(0, 10).map((e) => e.message);
  const more = errors.length > shown.length ? `（另有 ${errors.length - shown.length} 处）` : '';
  throw new AppError('invalid_input', `指标体系格式有误：${shown.join('；')}${more}`, { errors });
}
