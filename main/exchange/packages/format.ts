/**
 * 填报包 (fill-in package): the one description of what a package holds, shared by the writer
 * (write-package.ts, the office issues it) and the reader (read-package.ts, the office imports what
 * the school sends back). Issue 11 item 2; pitfalls.md (store the template version in the package;
 * read old packages with their own version; re-validate every cell whatever the workbook said).
 *
 * A package is one folder (optionally zipped as `<folder>.zip`) named `<评估项目>_<报送编码>_<单位>`:
 *
 *   填报说明.txt                      read-me for the school (UTF-8 with BOM, CRLF: Notepad on Windows 7+)
 *   自评表.xlsx                       the workbook: 说明, 自评, 统计数据 (see the sheet constants below)
 *   学校自评报告.docx                  the report draft (学校自评报告（初稿）) under the headings of seed 000,
 *                                    pre-filled (write/report.ts); the school edits it and may
 *                                    return it as .docx, .doc, .wps or .pdf under the same name
 *   佐证材料/<编码> <指标名称>/         one sub-folder per leaf indicator; files anywhere else under 佐证材料
 *                                    are received as 未归类
 *   填报包校验信息（请勿修改）.json     the manifest (below), signed with the round's secret
 *
 * Identity and revisions (pitfalls.md "duplicate submissions"): the manifest names the package
 * (`packageId`, one per issue to one unit) and the revision it was built on (`baseRevision`: 0 for
 * the first issue, n for a 退回修改 package carrying revision n). A returned package claims revision
 * `baseRevision + 1`; the same content twice changes nothing, two different contents claiming the
 * same revision are a conflict the user resolves.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { evaluateSystem, isLeaf, walkNodes, type IndicatorNode, type IndicatorSystem, type SchoolType, type Scoring } from '../../../shared/domain/indicators';
import { sectionsOfType } from '../../../shared/domain/schools/school-enums';
import type { PackageIssueDto } from '../../../shared/api/contracts/rounds';
import { safeFileName } from '../../documents/write-file';
import type { ResourceInput } from '../../documents/builders/conclusion';

/** Format of the package layout and workbook; a reader reads older formats with their own rules. */
export const PACKAGE_FORMAT_VERSION = 1;
/** `format` field of every manifest: tells our manifest from any other JSON a folder may hold. */
export const PACKAGE_FORMAT_ID = 'supervision-desk/fill-in-package';

export const FILES = {
  readme: '填报说明.txt',
  workbook: '自评表.xlsx',
  /** Stem of the report; the school may save it in another format (REPORT_EXTENSIONS). */
  reportStem: '学校自评报告',
  reportTemplate: '学校自评报告.docx',
  evidenceDir: '佐证材料',
  manifest: '填报包校验信息（请勿修改）.json',
} as const;

/** Formats a returned 学校自评报告 may have (lower case, with the dot). */
export const REPORT_EXTENSIONS = ['.docx', '.doc', '.wps', '.pdf'] as const;

/** The headings of the 学校自评报告 (seed 000, 附件 学校自评报告提纲). */
export const REPORT_HEADINGS = ['一、学校概况', '二、自评过程', '三、自评结论', '四、主要创新举措及成效', '五、主要问题及改进举措'] as const;

/** Sheet names of 自评表.xlsx, in order. */
export const SHEETS = { readme: '说明', evaluation: '自评', statistics: '统计数据' } as const;

/**
 * 自评 sheet: rows 1–3 hold the title and the unit (`单位：…  报送编码：…`), row 4 the headers, data
 * from row 5. One row per node in tree order: branches are headings (no input), leaves carry the
 * two input columns. Rows are matched on import by 指标编码 (unique within a system, checked by
 * validate.ts), and the 指标名称 must still match: a row moved or renamed is an error, not a guess.
 */
export const EVALUATION_HEADER_ROW = 4;
export const EVALUATION_COLUMNS = {
  code: '指标编码',
  title: '指标名称',
  content: '评估内容',
  standard: '评分标准',
  points: '分值',
  evidence: '佐证材料要求',
  method: '自评方式',
  answer: '自评结果',
  explanation: '自评说明',
  folder: '佐证材料文件夹',
} as const;
/** Column order of the 自评 sheet (A, B, …). */
export const EVALUATION_COLUMN_ORDER = ['code', 'title', 'content', 'standard', 'points', 'evidence', 'method', 'answer', 'explanation', 'folder'] as const;

/**
 * 统计数据 sheet: row 1 title, row 2 the year and unit, row 3 headers, data from row 4; one row per
 * statistics field that applies to the unit's school type (shared/domain/schools/statistics-fields.ts),
 * matched on import by 数据项 (the catalogue's label with its unit, e.g. “学校占地面积（平方米）”).
 * 上年数值 is shown to confirm against; 本年数值 is pre-filled (this year's stored value, else last
 * year's) for the school to confirm or correct.
 */
export const STATISTICS_HEADER_ROW = 3;
export const STATISTICS_COLUMNS = { field: '数据项', lastYear: '上年数值', value: '本年数值', note: '说明' } as const;
export const STATISTICS_COLUMN_ORDER = ['field', 'lastYear', 'value', 'note'] as const;

/**
 * How a leaf is self-evaluated, by its scoring method:
 * - grade → 自评等级, one of the system's grade labels (drop-down);
 * - points, bonus, deduction → 自评得分, a number 0 … 分值 (bonus: points added; deduction: points taken off);
 * - boolean → 达标 / 未达标;
 * - veto → 存在 / 不存在 (whether the veto situation exists);
 * - formula, count → computed from the statistics by the office: no input (the cell is locked).
 */
export type AnswerKind = 'grade' | 'points' | 'met' | 'veto' | 'computed';

export function answerKind(scoring: Scoring | null): AnswerKind {
  switch (scoring?.method) {
    case 'grade':
      return 'grade';
    case 'points':
    case 'bonus':
    case 'deduction':
      return 'points';
    case 'boolean':
      return 'met';
    case 'veto':
      return 'veto';
    default:
      return 'computed';
  }
}

/** 自评方式 column text, so the school knows what to write. */
export function answerKindLabel(scoring: Scoring | null): string {
  switch (scoring?.method) {
    case 'grade':
      return `自评等级（${scoring.grades.map((g) => g.label).join('/')}）`;
    case 'points':
      return '自评得分';
    case 'bonus':
      return '自评加分';
    case 'deduction':
      return '自评扣分';
    case 'boolean':
      return '是否达标（达标/未达标）';
    case 'veto':
      return '是否存在该情形（存在/不存在）';
    default:
      return COMPUTED_ANSWER_TEXT;
  }
}

/**
 * What the 自评结果 cell of a computed leaf (formula, count) holds: locked, grey, this text. The
 * reader ignores the cell of such a row (it is not an answer).
 */
export const COMPUTED_ANSWER_TEXT = '按统计数据计算，无需填写';

export const MET_WORDS = { yes: '达标', no: '未达标' } as const;
export const VETO_WORDS = { yes: '存在', no: '不存在' } as const;

/** A school's answer to one leaf, as read from the 自评 sheet (absent parts: not filled). */
export interface SelfAnswer {
  grade?: string;
  points?: number;
  met?: boolean;
  triggered?: boolean;
}

/** Name of a leaf's evidence sub-folder: `<编码> <名称>`, safe on Windows, at most ~40 characters. */
export function evidenceFolderName(node: Pick<IndicatorNode, 'code' | 'title'>): string {
  return safeFileName(`${node.code} ${node.title}`.trim(), 40, 120);
}

/** Folder (and zip stem) of a unit's package: `<评估项目>_<报送编码>_<单位名称>`. */
export function packageFolderName(roundName: string, unitCode: string, unitName: string): string {
  return safeFileName(`${roundName}_${unitCode}_${unitName}`, 100, 200);
}

/** Folder of a 退回修改 package: the same, with `_退回修改第<n>次` so it never overwrites the first issue. */
export function returnFolderName(roundName: string, unitCode: string, unitName: string, packageVersion: number): string {
  return safeFileName(`${roundName}_${unitCode}_${unitName}_退回修改第${packageVersion - 1}次`, 110, 220);
}

/**
 * 退回修改 packages only: a fourth sheet after 统计数据 listing the office's queries (序号, 退回对象,
 * 退回意见, 修改位置), all locked. The reader skips it; the queries live in the office's database. The
 * rows concerned also carry the query as a cell note (the reader ignores notes).
 */
export const QUERY_SHEET = '退回意见';

/** One row of the 自评 sheet: a node, its depth (1 = top level) and whether it takes an answer. */
export interface EvaluationRow {
  node: IndicatorNode;
  depth: number;
  leaf: boolean;
}

/**
 * The rows of the 自评 sheet for a unit of `schoolType`, in tree order, and so the leaves that get an
 * evidence sub-folder: the nodes that apply to the unit. Applicability is judged by the evaluation
 * engine itself (evaluate.ts: a node's own restriction, inherited by its subtree; a branch whose
 * regular children all do not apply does not apply), with the unit's school type and — when the type
 * runs exactly one compulsory section (小学, 教学点 → 小学; 初中, 完全中学 → 初中) — that section.
 * Nodes that do not apply are left out (the 说明 sheet says how many), so a school never answers an
 * item that is not scored for it; the reader expects exactly these leaves.
 */
export function evaluationRows(system: IndicatorSystem, schoolType: SchoolType): EvaluationRow[] {
  const compulsory = sectionsOfType(schoolType).filter((s): s is 'primary' | 'junior' => s !== 'senior');
  const section = compulsory.length === 1 ? compulsory[0] : undefined;
  const result = evaluateSystem(system, { context: { schoolType, section } });
  const applicable: EvaluationRow[] = [];
  walkNodes(system.nodes, ({ node, depth }) => {
    if (result.byId[node.id]?.applicable !== false) applicable.push({ node, depth, leaf: isLeaf(node) });
  });
  // A branch with no row left below it (every child left out) is no heading: walk backwards so
  // that a branch sees whether the rows kept after it are its descendants.
  const kept: EvaluationRow[] = [];
  for (let i = applicable.length - 1; i >= 0; i--) {
    const r = applicable[i]!;
    const next = kept[kept.length - 1];
    if (r.leaf || (next !== undefined && next.depth > r.depth)) kept.push(r);
  }
  return kept.reverse();
}

/** The manifest's fields before signing. Ids are the issuing installation's; `roundUid` tells installations apart. */
export const ManifestFields = z.object({
  format: z.literal(PACKAGE_FORMAT_ID),
  formatVersion: z.number().int().positive(),
  /** One per issued package (uuid): the stable identity of this issue to this unit. */
  packageId: z.string().uuid(),
  /** Random per round (uuid): a package from another installation's round 3 is not ours. */
  roundUid: z.string().uuid(),
  roundId: z.number().int().positive(),
  roundName: z.string().min(1),
  year: z.number().int(),
  unitId: z.number().int().positive(),
  unitCode: z.string().min(1),
  unitName: z.string().min(1),
  schoolId: z.number().int().positive(),
  campusId: z.number().int().positive().nullable(),
  /** 1 = first issue; 2, 3 … = 退回修改 packages. */
  packageVersion: z.number().int().positive(),
  /** Revision the package carries (0 = blank first issue); the school's return claims baseRevision + 1. */
  baseRevision: z.number().int().nonnegative(),
  /** ISO time of issue. */
  issuedAt: z.string(),
  systemId: z.number().int().positive(),
  systemVersion: z.number().int().positive(),
  /** sha256 (hex) of the frozen indicator system's canonical JSON: the workbook was built from exactly it. */
  systemHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** sha256 of the issued report draft (学校自评报告.docx): a returned report with the same hash was not edited. */
  reportTemplateSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFields = z.infer<typeof ManifestFields>;

export const Manifest = ManifestFields.extend({
  /** HMAC-SHA256 (hex) with the round's secret over canonicalJson(fields without signature). */
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Manifest = z.infer<typeof Manifest>;

/** JSON with object keys sorted at every level: the bytes a signature covers do not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The manifest's `systemHash`: hex sha256 of canonicalJson(system) (UTF-8), the frozen indicator
 * system exactly as the round holds it. The reader refuses a package whose hash differs from the
 * round's system (the workbook's rows were built from another version).
 */
export function indicatorSystemHash(system: IndicatorSystem): string {
  // The same system object is hashed once per package of an import (50 packages: 50 times); systems
  // are never mutated after they are loaded, so the hash of an object is kept while the object lives.
  let hash = SYSTEM_HASHES.get(system);
  if (hash === undefined) SYSTEM_HASHES.set(system, (hash = createHash('sha256').update(canonicalJson(system), 'utf8').digest('hex')));
  return hash;
}
const SYSTEM_HASHES = new WeakMap<IndicatorSystem, string>();

/** HMAC-SHA256 (hex) with a round's secret (64 hex digits) over canonicalJson(value): what every package manifest is signed with. */
export function hmacHex(value: unknown, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'hex')).update(canonicalJson(value), 'utf8').digest('hex');
}

function hmac(fields: ManifestFields, secret: string): string {
  return hmacHex(fields, secret);
}

/** Signs the manifest with the round's secret (64 hex digits). */
export function signManifest(fields: ManifestFields, secret: string): Manifest {
  return { ...fields, signature: hmac(fields, secret) };
}

/** Whether `manifest` was signed with `secret` and not changed since (constant-time comparison). */
export function manifestSignatureValid(manifest: Manifest, secret: string): boolean {
  const { signature, ...fields } = manifest;
  const expected = Buffer.from(hmac(fields, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// ---------------------------------------------------------------- what the writer is given

/** One statistics row of the 统计数据 sheet. Values in the catalogue's unit (the label says which). */
export interface PackageStatField {
  /** Catalogue key (shared/domain/schools/statistics-fields.ts); never shown. */
  key: string;
  /** The catalogue's label with its unit, e.g. “学校占地面积（平方米）”: the row's 数据项. */
  label: string;
  lastYear: number | null;
  /** Pre-filled 本年数值: this year's stored value, else last year's, else empty; in a 退回修改 package, what the school submitted (empty stays empty). */
  value: number | null;
  /** The pre-filled value is last year's (the year has no figure yet): the sheet says so at the cell. */
  fromLastYear?: boolean;
  /** Pre-filled 说明: in a 退回修改 package, the school's own note. */
  note?: string;
}

/** A 退回修改 query as the package carries it to the school. */
export interface PackageQuery {
  target: { kind: 'indicator'; nodeId: string } | { kind: 'statistic'; key: string } | { kind: 'report' } | { kind: 'evidence'; nodeId: string | null };
  /** The office's question, in the office's words. */
  text: string;
}

/** Everything one unit's package is built from (write-package.ts). */
export interface PackageSpec {
  /** All manifest fields but the template hash, which the writer computes from the template it writes. */
  manifest: Omit<ManifestFields, 'reportTemplateSha256'>;
  /** The round's HMAC secret, 64 hex digits. */
  secret: string;
  system: IndicatorSystem;
  unit: { name: string; code: string; schoolName: string; campusName: string | null; schoolType: SchoolType };
  round: {
    name: string;
    year: number;
    /** 评估主体 in words: the office's name or the third party's. */
    evaluator: string;
    stages: { name: string; startsOn: string; endsOn: string }[];
    /** Date (YYYY-MM-DD) by which the package must be returned: the end of the collecting stage or the unit's extension. */
    returnBy: string;
  };
  statistics: PackageStatField[];
  /** 退回修改 packages: the school's current answers, pre-filled, by node id. */
  answers?: Record<string, { answer: SelfAnswer; explanation: string }>;
  /** 退回修改 packages: the office's open queries. */
  queries?: PackageQuery[];
  /**
   * For the 学校自评报告 draft (write/report.ts): the register's facts about the unit, label → value
   * in words (only what is stored), and the round year's resource attainment from the 差异系数测算
   * (or why there is none). Absent: the draft has the unit's name and type only, and asks the school
   * for the resource indicators.
   */
  draft?: { profile: { label: string; value: string }[]; resources: ResourceInput | null };
  /**
   * 退回修改 packages: files of the current revision carried back to the school, so the package is
   * its whole submission again: `path` inside the package (`学校自评报告.docx` replaces the report
   * draft; evidence under 佐证材料/…), `source` the stored file to copy (streamed, never read whole).
   */
  carry?: { path: string; source: string }[];
}

// ---------------------------------------------------------------- what the reader returns

/** A problem found in a package, in Chinese, naming where: file, and for the workbook sheet, row (1-based) and column (letter). */
export interface PackageIssue {
  severity: 'error' | 'warning';
  /** Path inside the package, `/`-separated, e.g. `自评表.xlsx` or `佐证材料/1.1 办学条件/照片.jpg`. */
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
  /**
   * The kind of a frequent warning, one per item (IssueGroup): the screens fold a kind into one
   * line with its count, so forty 未填写自评结果 do not bury the one warning that matters.
   */
  group?: IssueGroup;
}

/** Kinds of warnings that come one per indicator or field; titles in the contract's ISSUE_GROUP_LABELS. */
export type IssueGroup = NonNullable<PackageIssueDto['group']>;

/** One leaf's self-evaluation as read (nodes without input, and leaves left empty, are absent). */
export interface ReadAnswer {
  nodeId: string;
  code: string;
  answer: SelfAnswer;
  explanation: string;
}

/** One received file (evidence or the report), hashed while read. */
export interface ReadFile {
  /** Path inside the package, `/`-separated, as the school named it (names decoded from GBK where the zip did not say UTF-8). */
  path: string;
  /** The file's name alone, cleaned for storing and showing. */
  name: string;
  bytes: number;
  sha256: string;
  /** What the content is by its first bytes (never by the extension): a MIME type, or null when unknown. */
  mimeType: string | null;
  /** Leaf it was filed under (its 佐证材料 sub-folder), null = 未归类 (and for the report). */
  nodeId: string | null;
}

/** A file that was not received, and why (executable, shortcut, link, too large, unreadable …). */
export interface RefusedFile {
  path: string;
  reason: string;
}

/** The outcome of reading one package: never throws for bad content; errors are issues. */
export interface ReadPackageResult {
  /** The zip or folder as the user chose it (shown by its name only). */
  source: string;
  /** Null when no valid manifest was found (then nothing else was read). */
  manifest: Manifest | null;
  /** Checks of the manifest: signature, round, unit, version (filled by the caller that knows the round). */
  issues: PackageIssue[];
  answers: ReadAnswer[];
  /** Statistics as confirmed or corrected: catalogue key → value (null = left empty), with the school's notes. */
  statistics: { key: string; value: number | null; note: string }[];
  /**
   * Where each statistics field was read: catalogue key → its row on the 统计数据 sheet, and that
   * sheet's 本年数值 column letter. Not part of the content (nor of contentHash): a school inserting
   * a line does not make the same answers new.
   */
  statisticRows: { rows: Record<string, number>; valueColumn: string } | null;
  report: ReadFile | null;
  /** The 自评表.xlsx as received (stored like the evidence, for the receipt and to view the original); null when absent or refused. */
  workbook: ReadFile | null;
  evidence: ReadFile[];
  refused: RefusedFile[];
  /**
   * sha256 over canonicalJson of answers, statistics, report hash and the sorted evidence (path, sha256):
   * the same content read from a re-zipped copy gives the same hash (duplicate detection). '' when
   * `manifest` is null (nothing was read, nothing to compare).
   */
  contentHash: string;
}
