import { cellAt, columnLetter, isMergedAcross, type SheetTable } from './table';

/** One column a file may contain. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The header the template writes (without unit). */
  label: string;
  /** The unit written in the template header, e.g. “平方米”; absent for text columns. */
  unit?: string;
  aliases?: readonly string[];
  /** Extra header units accepted, with the factor that converts them to the stored unit (万元 → 元 = 10000). */
  altUnits?: Readonly<Record<string, number>>;
}

export interface MatchedColumn<K extends string = string> {
  index: number;
  letter: string;
  header: string;
  spec: ColumnSpec<K>;
  /** Multiply the cell value by this to get the stored unit. */
  factor: number;
  /** The unit the header itself states (canonical, e.g. “万元”), or null when the header names none. */
  statedUnit: string | null;
}

export interface HeaderProblem {
  index: number;
  letter: string;
  header: string;
  message: string;
}

export interface LocatedHeader<K extends string = string> {
  rowIndex: number;
  columns: MatchedColumn<K>[];
  problems: HeaderProblem[];
}

/** How far down title rows may push the header row. */
export const HEADER_SCAN_ROWS = 10;

/** Columns people add for their own use; they carry no data we store. */
const IGNORED_HEADERS = new Set(['序号', '编号', '备注', '说明', 'no', 'no.']);

/** Spacing, full-width punctuation, line breaks and required-field stars vary between hand-made files. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[【[]/g, '(')
    .replace(/[】\]]/g, ')')
    .toLowerCase();
}

const UNIT_SYNONYMS: Record<string, string> = {
  m2: '平方米',
  平米: '平方米',
  平方米: '平方米',
  人: '人',
  名: '人',
  个: '个',
  间: '间',
  册: '册',
  本: '册',
  台: '台',
  元: '元',
  万元: '万元',
  千元: '千元',
  万平方米: '万平方米',
  万m2: '万平方米',
  万平米: '万平方米',
  '%': '%',
};

export function canonicalUnit(unit: string): string {
  const u = normalizeHeader(unit).replace(/^单位[:：]?/, '');
  return UNIT_SYNONYMS[u] ?? u;
}

type HeaderMatch<K extends string> = { spec: ColumnSpec<K>; factor: number; statedUnit: string | null } | { spec: ColumnSpec<K>; unitError: string };

export function matchHeader<K extends string>(text: string, specs: readonly ColumnSpec<K>[]): HeaderMatch<K> | null {
  const n = normalizeHeader(text);
  if (n === '') return null;
  const names = (s: ColumnSpec<K>) => [s.label, ...(s.aliases ?? [])].map(normalizeHeader);
  for (const spec of specs) {
    const all = names(spec);
    if (all.includes(n)) return { spec, factor: 1, statedUnit: null };
    if (spec.unit && all.some((name) => n === `${name}(${normalizeHeader(spec.unit!)})`)) return { spec, factor: 1, statedUnit: canonicalUnit(spec.unit) };
  }
  const m = /^(.*)\(([^()]*)\)$/.exec(n);
  if (!m) return null;
  const [, base, rawUnit] = m;
  for (const spec of specs) {
    if (!names(spec).includes(base)) continue;
    const unit = canonicalUnit(rawUnit);
    if (spec.unit && canonicalUnit(spec.unit) === unit) return { spec, factor: 1, statedUnit: unit };
    const alt = Object.entries(spec.altUnits ?? {}).find(([u]) => canonicalUnit(u) === unit);
    if (alt) return { spec, factor: alt[1], statedUnit: unit };
    const allowed = [spec.unit, ...Object.keys(spec.altUnits ?? {})].filter(Boolean).join('”或“');
    return { spec, unitError: allowed ? `单位“${rawUnit}”无法识别，应为“${allowed}”` : `该列不应带单位“${rawUnit}”` };
  }
  return null;
}

export function cellHeaderText(table: SheetTable, rowIndex: number, colIndex: number): string | null {
  const c = cellAt(table, rowIndex, colIndex);
  if (c.t === 'text') return c.v.trim();
  if (c.t === 'number') return String(c.v);
  return null;
}

/**
 * Finds the header row within the first rows: the one naming the most known columns
 * (on a tie the later one, so a header merged down over two rows resolves to its lower row).
 */
export function locateHeader<K extends string>(table: SheetTable, specs: readonly ColumnSpec<K>[]): LocatedHeader<K> | null {
  let best: { rowIndex: number; score: number } | null = null;
  const limit = Math.min(HEADER_SCAN_ROWS, table.rows.length);
  for (let r = 0; r < limit; r++) {
    const seen = new Set<string>();
    const row = table.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      if (isMergedAcross(table, r, c)) continue;
      const text = cellHeaderText(table, r, c);
      const m = text ? matchHeader(text, specs) : null;
      if (m) seen.add(m.spec.key);
    }
    if (seen.size > 0 && (!best || seen.size >= best.score)) best = { rowIndex: r, score: seen.size };
  }
  if (!best) return null;
  return describeHeaderRow(table, best.rowIndex, specs);
}

function describeHeaderRow<K extends string>(table: SheetTable, rowIndex: number, specs: readonly ColumnSpec<K>[]): LocatedHeader<K> {
  const columns: MatchedColumn<K>[] = [];
  const problems: HeaderProblem[] = [];
  const row = table.rows[rowIndex] ?? [];
  for (let c = 0; c < row.length; c++) {
    if (isMergedAcross(table, rowIndex, c)) continue;
    const text = cellHeaderText(table, rowIndex, c);
    if (!text) continue;
    const letter = columnLetter(c);
    const m = matchHeader(text, specs);
    if (!m) {
      if (!IGNORED_HEADERS.has(normalizeHeader(text))) {
        problems.push({ index: c, letter, header: text, message: `无法识别的列名“${text}”，请删除该列或改用模板中的列名` });
      }
      continue;
    }
    if ('unitError' in m) {
      problems.push({ index: c, letter, header: text, message: m.unitError });
      continue;
    }
    const dup = columns.find((x) => x.spec.key === m.spec.key);
    if (dup) {
      problems.push({ index: c, letter, header: text, message: `与 ${dup.letter} 列“${dup.header}”重复，同一项只能有一列` });
      continue;
    }
    columns.push({ index: c, letter, header: text, spec: m.spec, factor: m.factor, statedUnit: m.statedUnit });
  }
  return { rowIndex, columns, problems };
}

/** A data row that merely repeats the header (a header merged down over two rows, or pasted twice). */
export function repeatsHeader(table: SheetTable, rowIndex: number, header: LocatedHeader): boolean {
  let same = 0;
  for (const col of header.columns) {
    const text = cellHeaderText(table, rowIndex, col.index);
    if (text && normalizeHeader(text) === normalizeHeader(col.header)) same++;
  }
  return header.columns.length > 0 && same * 2 >= header.columns.length;
}
