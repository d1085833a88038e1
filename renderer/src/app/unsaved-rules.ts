/** When leaving an address loses unsaved edits (see unsaved.tsx); pure, so it is tested on its own. */

export interface DirtyEditor {
  /** What holds the changes, as the user sees it: 学校信息, 2025 年统计数据, 指标树 … */
  label: string;
  /** Saves; resolves false when saving failed (the user stays). */
  save?: () => Promise<boolean>;
  /**
   * The address parameters whose change replaces what the editor shows (its year, campus, tab).
   * Absent: any change of the address counts. [] = only leaving the page counts (an editor on a
   * page whose other parameters — a log's filters — do not touch it).
   */
  watch?: readonly string[];
}

/** Parameters whose values differ between two query strings. */
function changedParams(a: string, b: string): Set<string> {
  const pa = new URLSearchParams(a);
  const pb = new URLSearchParams(b);
  const out = new Set<string>();
  for (const k of new Set([...pa.keys(), ...pb.keys()])) if (pa.getAll(k).join('\u0000') !== pb.getAll(k).join('\u0000')) out.add(k);
  return out;
}

/** Whether leaving `from` for `to` would replace the content of one of the dirty editors. */
export function leavesDirtyEditor(editors: readonly DirtyEditor[], from: { pathname: string; search: string }, to: { pathname: string; search: string }): boolean {
  if (editors.length === 0) return false;
  if (from.pathname !== to.pathname) return true;
  if (from.search === to.search) return false;
  const changed = changedParams(from.search, to.search);
  return editors.some((e) => e.watch === undefined || e.watch.some((k) => changed.has(k)));
}

