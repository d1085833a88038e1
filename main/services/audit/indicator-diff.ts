/**
 * An indicator system's edit as audit fields: each changed system field and each added, removed
 * or changed indicator becomes one field keyed by its Chinese name, with both values as Chinese
 * text — the same reading as the 版本对比 view, so the log needs no knowledge of the system's shape.
 */
import { describeIndicatorValue, type IndicatorSystem, type SystemDiff } from '../../../shared/domain/indicators';
import type { Snapshot } from '../../db/unit-of-work';

const nodeName = (e: { code: string; title: string }) => [e.code, e.title].filter((s) => s.trim()).join(' ') || '（未命名）';

/** Before/after fields of an indicator-system edit, keyed by Chinese names. */
export function systemDiffSnapshots(diff: SystemDiff, after?: IndicatorSystem): { before: Snapshot; after: Snapshot } {
  const b: Record<string, string> = {};
  const a: Record<string, string> = {};
  for (const c of diff.system) {
    b[`体系${c.label}`] = describeIndicatorValue(c.field, c.before, after ?? []);
    a[`体系${c.label}`] = describeIndicatorValue(c.field, c.after, after ?? []);
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
      b[`指标 ${nodeName(n)}：${c.label}`] = describeIndicatorValue(c.field, c.before, after ?? []);
      a[`指标 ${nodeName(n)}：${c.label}`] = describeIndicatorValue(c.field, c.after, after ?? []);
    }
  }
  return { before: b, after: a };
}

/** True when a value is a SystemDiff as entries before the typed log stored it. */
export function isSystemDiff(v: unknown): v is SystemDiff {
  return typeof v === 'object' && v !== null && 'identical' in v && Array.isArray((v as SystemDiff).added) && Array.isArray((v as SystemDiff).changed);
}
