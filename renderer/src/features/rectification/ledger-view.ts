/**
 * Pure view rules of the 整改台账 screens (issue 14): the ledger filter as it lives in the address,
 * the 督办 colours as tags, the deadline column's words, and the 责任单位 chooser's values.
 * Kept apart from the components so the rules are tested without a browser.
 */
import type { LedgerFilter, Owner, RectificationItem, RectificationState, SourceKind } from '../../../../shared/api/contracts/rectification';
import { SOURCE_KINDS } from '../../../../shared/api/contracts/rectification';
import { RECTIFICATION_STATES } from '../../../../shared/domain/rectification/states';

/** The address keys of the ledger's filter bar (state and source may hold several values, comma-separated). */
export const LEDGER_FILTER_KEYS = ['state', 'owner', 'source', 'overdue', 'soon', 'level', 'q'] as const;
export type LedgerFilterKey = (typeof LEDGER_FILTER_KEYS)[number];
export type LedgerFilterFields = Partial<Record<LedgerFilterKey, string>>;

export type SupervisionLevel = 'blue' | 'yellow' | 'red';
export const SUPERVISION_LEVELS: readonly SupervisionLevel[] = ['blue', 'yellow', 'red'];

/** antd tag colours of the three 督办 levels (蓝/黄/红: yellow reads better as antd's gold). */
export const LEVEL_TAG_COLORS: Record<SupervisionLevel, string> = { blue: 'blue', yellow: 'gold', red: 'red' };
export const LEVEL_SHORT_LABELS: Record<SupervisionLevel, string> = { blue: '蓝色', yellow: '黄色', red: '红色' };

/** Tag colours of the four states. */
export const STATE_TAG_COLORS: Record<RectificationState, string> = { not_started: 'default', in_progress: 'processing', awaiting_verification: 'warning', closed: 'success' };

const list = <T extends string>(raw: string | undefined, allowed: readonly T[]): T[] =>
  raw
    ? [...new Set(raw.split(','))].filter((v): v is T => (allowed as readonly string[]).includes(v))
    : [];

/**
 * The contract's filter from the address fields. Unknown states, sources or levels are dropped
 * (an address typed by hand or kept from an older version never reaches the core as an error).
 */
export function filterFromFields(f: LedgerFilterFields): LedgerFilter {
  const out: LedgerFilter = {};
  const states = list(f.state, RECTIFICATION_STATES);
  if (states.length) out.states = states;
  const sources = list<SourceKind>(f.source, SOURCE_KINDS);
  if (sources.length) out.sourceKinds = sources;
  const owner = f.owner?.trim();
  if (owner) out.owner = owner.slice(0, 60);
  if (f.overdue === '1') out.overdue = true;
  if (f.soon === '1') out.dueSoon = true;
  if (f.level && (SUPERVISION_LEVELS as readonly string[]).includes(f.level)) out.level = f.level as SupervisionLevel;
  const search = f.q?.trim();
  if (search) out.search = search.slice(0, 60);
  return out;
}

/** True when any filter is set (the toolbar offers 清除筛选). */
export const hasFilter = (f: LedgerFilter): boolean => Object.keys(f).length > 0;

/** The filter in words, for the export buttons' hint and an empty table (“状态：整改中；逾期”). */
export function filterText(f: LedgerFilter, labels: { state: (s: RectificationState) => string; source: (s: SourceKind) => string }): string {
  const parts: string[] = [];
  if (f.states?.length) parts.push(`状态：${f.states.map(labels.state).join('、')}`);
  if (f.owner) parts.push(`责任单位：${f.owner}`);
  if (f.sourceKinds?.length) parts.push(`来源：${f.sourceKinds.map(labels.source).join('、')}`);
  if (f.overdue) parts.push('逾期');
  if (f.dueSoon) parts.push('即将到期');
  if (f.level) parts.push(`${LEVEL_SHORT_LABELS[f.level]}督办`);
  if (f.search) parts.push(`含“${f.search}”`);
  return parts.join('；');
}

/** The deadline column's tag: 逾期 (with its colour) or 即将到期, or none for an item on time, closed or without a deadline. */
export function deadlineTag(item: Pick<RectificationItem, 'state' | 'supervision'>): { text: string; color: string } | null {
  if (item.state === 'closed') return null;
  const s = item.supervision;
  if (s.overdue) return { text: s.level ? `逾期·${LEVEL_SHORT_LABELS[s.level]}督办` : '逾期', color: s.level ? LEVEL_TAG_COLORS[s.level] : 'red' };
  if (s.dueSoon) return { text: '即将到期', color: 'orange' };
  return null;
}

/** The worst of several levels (red > yellow > blue), null when none. */
export function worstLevel(levels: readonly (SupervisionLevel | null)[]): SupervisionLevel | null {
  let worst: SupervisionLevel | null = null;
  for (const l of levels) if (l && (worst === null || SUPERVISION_LEVELS.indexOf(l) > SUPERVISION_LEVELS.indexOf(worst))) worst = l;
  return worst;
}

/**
 * The 责任单位 chooser's value: `school:<id>` for a school of the register, `dept:<name>` for a
 * department or any typed name. Parsed back to the contract's Owner; null when empty or malformed.
 */
export function ownerValue(o: Owner): string {
  return o.kind === 'school' ? `school:${o.schoolId}` : `dept:${o.name}`;
}

export function ownerFromValue(v: string | undefined | null, schoolName: (id: number) => string | undefined): Owner | null {
  if (!v) return null;
  const school = /^school:(\d+)$/.exec(v);
  if (school) {
    const id = Number(school[1]);
    const name = schoolName(id);
    return name === undefined ? null : { kind: 'school', schoolId: id, name };
  }
  const name = v.startsWith('dept:') ? v.slice(5).trim() : '';
  return name ? { kind: 'department', name } : null;
}

/** Byte size in words (佐证材料 lists). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A measure in words: “3.20 平方米/生（标准 4.50）”. */
export function measureText(m: { value: number; standard: number; unit: string; decimals: number; direction: 'higher' | 'lower' }): string {
  const unit = m.unit ? ` ${m.unit}` : '';
  return `${m.value.toFixed(m.decimals)}${unit}（标准${m.direction === 'higher' ? '不低于' : '不高于'} ${m.standard.toFixed(m.decimals)}${unit}）`;
}
