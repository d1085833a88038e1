import { z } from 'zod';
import { BUILT_IN_PROFILES, PROFILE_IDS } from '../../domain/balance/profiles';
import { isCalendarDate } from '../../domain/schools/school-rules';
import { SCHOOL_TYPES } from '../../domain/schools/school-enums';
import { normalizeDocNumber, parseDocNumber } from '../../domain/documents/doc-number';
import { FileResult } from '../envelope';
import { Year } from './statistics';

/*
 * Every message of this contract names its field as the forms label it (标题, 联系电话, 第 2 个阶段的
 * 结束日期 …), so the dispatcher, the CLI and the forms show it as it is, never with an internal
 * path such as `document.notice.stages.1.end` (issue 10 item 5). Messages that depend on where a
 * value sits (which stage) are functions of the issue's path: zod builds messages once the issue
 * has its full path, so `iss.path` ends in `…, 'stages', 1, 'end'` there.
 */

type IssuePath = readonly PropertyKey[] | undefined;

/** “第 2 个阶段的” for an issue under `stages[1]`; the form numbers stages from 1. */
export function stageOf(path: IssuePath): string {
  const at = path ? path.lastIndexOf('stages') : -1;
  const index = at >= 0 ? path![at + 1] : undefined;
  return typeof index === 'number' ? `第 ${index + 1} 个阶段的` : '阶段的';
}

/** A label fixed in advance, or one that depends on the issue's path (a stage's field). */
type Label = string | ((path: IssuePath) => string);
const labelAt = (label: Label, path: IssuePath) => (typeof label === 'string' ? label : label(path));

/** A string field: absent → 请填写…; not text → …应为文字. */
const str = (label: Label) =>
  z.string({ error: (iss) => (iss.input === undefined || iss.input === null ? `请填写${labelAt(label, iss.path)}` : `${labelAt(label, iss.path)}应为文字`) });

/** Required text, trimmed, at most `max` characters. */
const text = (label: Label, max: number) =>
  str(label)
    .trim()
    .min(1, { error: (iss) => `请填写${labelAt(label, iss.path)}` })
    .max(max, { error: (iss) => `${labelAt(label, iss.path)}不能超过 ${max} 个字` });

/** Optional text, trimmed, at most `max` characters. */
const optText = (label: string, max: number) => str(label).trim().max(max, `${label}不能超过 ${max} 个字`).optional();

/** A calendar date written `2026-03-01` (a real day: no 2026-02-30). */
const isoDate = (label: Label) =>
  str(label)
    .min(1, { error: (iss) => `请填写${labelAt(label, iss.path)}`, abort: true })
    .refine(isCalendarDate, {
      error: (iss) => {
        const v = String(iss.input);
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
        // Written right but not a day of the calendar (2026-02-30): say so, not "wrong format".
        return m && Number(m[2]) >= 1 && Number(m[2]) <= 12
          ? `${labelAt(label, iss.path)}“${v}”不存在：${Number(m[1])}年${Number(m[2])}月没有${Number(m[3])}日`
          : `${labelAt(label, iss.path)}“${v}”不是有效日期，应写成 2026-03-01 这样的格式`;
      },
    });

/** Paragraphs, one string each; blank ones are dropped; at least one must remain. */
const paragraphs = (label: string, required: boolean) => {
  const list = z
    .array(str(label).trim().max(2000, `${label}每段不能超过 2000 个字`), { error: (iss) => (iss.input == null ? `请填写${label}` : `${label}应为若干段文字`) })
    .transform((a) => a.filter(Boolean));
  return required ? list.refine((a) => a.length > 0, `请填写${label}`) : list;
};

/** A list of unit names (抄送): each non-empty, at most 60 characters, at most 20 of them. */
const unitNames = (label: string) =>
  z
    .array(str(`${label}的单位名称`).trim().min(1, `${label}的单位名称不能为空`).max(60, `${label}的单位名称不能超过 60 个字`), { error: `${label}应为单位名称的列表` })
    .max(20, `${label}最多 20 个单位`);

/**
 * The 发文字号 pattern's placeholders: stored as `{prefix}`, `{year}`, `{n}`; written and shown as
 * `{机关代字}`, `{年}`, `{序号}` (either spelling is accepted, the stored one is the first).
 */
export const NUMBER_PATTERN_PLACEHOLDERS = [
  { stored: '{prefix}', shown: '{机关代字}' },
  { stored: '{year}', shown: '{年}' },
  { stored: '{n}', shown: '{序号}' },
] as const;

/** The pattern as users read and write it: `{机关代字}〔{年}〕{序号}号`. */
export function patternForDisplay(pattern: string): string {
  return NUMBER_PATTERN_PLACEHOLDERS.reduce((p, t) => p.replaceAll(t.stored, t.shown), pattern);
}

/** The pattern as it is stored: `{prefix}〔{year}〕{n}号` (either spelling in, stored spelling out). */
export function patternForStorage(pattern: string): string {
  return NUMBER_PATTERN_PLACEHOLDERS.reduce((p, t) => p.replaceAll(t.shown, t.stored), pattern);
}

/**
 * A number from the pattern (either spelling): 城教督〔2026〕12号 — the year in full, the sequence
 * number without leading zeros (GB/T 9704-2012 7.2.4).
 */
export function fillNumberPattern(pattern: string, prefix: string, year: number, n: number): string {
  return patternForStorage(pattern).replaceAll('{prefix}', prefix).replaceAll('{year}', String(year)).replaceAll('{n}', String(n));
}

/** Braces that are not one of the three placeholders (a typo such as `{年份}`), in the user's spelling. */
function unknownPlaceholders(pattern: string): string[] {
  const stored = patternForStorage(pattern);
  const known = new Set<string>(NUMBER_PATTERN_PLACEHOLDERS.map((t) => t.stored));
  return [...new Set((stored.match(/\{[^{}]*\}/g) ?? []).filter((m) => !known.has(m)))];
}

/** The 文号格式 field: must carry {年} and {序号}, no unknown placeholder; stored with the stored spelling. */
const NumberPattern = str('文号格式')
  .trim()
  .min(1, '请填写文号格式')
  .max(40, '文号格式不能超过 40 个字')
  .refine((p) => unknownPlaceholders(p).length === 0, {
    error: (iss) => `文号格式中的“${unknownPlaceholders(String(iss.input)).join('”“')}”无法识别，只能使用 {机关代字}、{年}、{序号}`,
  })
  .refine((p) => patternForStorage(p).includes('{year}') && patternForStorage(p).includes('{n}'), '文号格式须包含 {年} 和 {序号}，否则每年的文号会重复')
  .transform(patternForStorage);

export const DocumentFormat = z.enum(['docx', 'pdf'], { error: '文件格式只能是 DOCX 或 PDF' });
export type DocumentFormat = z.infer<typeof DocumentFormat>;
export const DocumentFormats = z
  .array(DocumentFormat, { error: '文件格式应为 DOCX、PDF 的列表' })
  .min(1, '请至少选择一种格式')
  .transform((a) => [...new Set(a)])
  .default(['docx', 'pdf']);

/** 设置 → 公文: what every document the office issues carries. */
export const DocumentSettings = z.object({
  /** 发文机关标志 printed in red at the top, e.g. “城关县人民政府教育督导室文件”. */
  letterhead: text('发文机关标志', 40).default('城关县人民政府教育督导室文件'),
  /** 发文机关署名 above the date. */
  signature: text('署名', 40).default('城关县人民政府教育督导室'),
  /** 机关代字, put where the pattern says {机关代字}. */
  numberPrefix: text('机关代字', 20).default('城教督'),
  /**
   * 发文字号 pattern: {机关代字}, {年} and {序号} are replaced (stored as {prefix}, {year}, {n};
   * both spellings are accepted, see NUMBER_PATTERN_PLACEHOLDERS).
   */
  numberPattern: NumberPattern.default('{prefix}〔{year}〕{n}号'),
  /** 印发机关. */
  printer: text('印发机关', 40).default('城关县人民政府教育督导室'),
  /** Default 抄送 list. */
  cc: unitNames('默认抄送').default(['县人民政府教育督导委员会各成员单位']),
  /** Default 主送机关 of notices. */
  defaultAddressee: text('默认主送机关', 60).default('各中小学校'),
});
export type DocumentSettings = z.infer<typeof DocumentSettings>;

export const DocumentNumber = z.object({
  id: z.number().int(),
  prefix: z.string(),
  year: z.number().int(),
  seq: z.number().int(),
  /** The printed number, e.g. 城教督〔2026〕12号. */
  number: z.string(),
  title: z.string(),
  kind: z.string(),
  status: z.enum(['reserved', 'used', 'void']),
  issuedAt: z.string(),
  issuedBy: z.string(),
  usedAt: z.string().nullable(),
});
export type DocumentNumber = z.infer<typeof DocumentNumber>;

/**
 * One 工作阶段 of a notice. Messages say which stage (“第 2 个阶段的结束日期早于开始日期”), so a
 * form can show them beside that stage and the CLI can print them as they are.
 */
export const NoticeStageInput = z
  .object(
    {
      name: text((p) => `${stageOf(p)}名称`, 30),
      start: isoDate((p) => `${stageOf(p)}开始日期`),
      end: isoDate((p) => `${stageOf(p)}结束日期`),
      tasks: text((p) => `${stageOf(p)}主要任务`, 500),
    },
    { error: (iss) => `${stageOf(iss.path)}内容应包括名称、开始日期、结束日期和主要任务` },
  )
  // Checked whenever both dates are valid, even if the name or tasks are missing: a form shows every problem at once.
  .refine((s) => s.start <= s.end, {
    path: ['end'],
    error: (iss) => `${stageOf(iss.path)}结束日期早于开始日期`,
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'start' || i.path?.[0] === 'end'),
  });

/** Which schools take part: schools in operation (在办), narrowed by type and/or an explicit list. */
export const SchoolSelection = z
  .object({
    schoolIds: z.array(z.number({ error: '参评学校应为学校编号' }).int('参评学校应为学校编号').positive('参评学校应为学校编号'), { error: '参评学校应为学校编号的列表' }).optional(),
    types: z.array(z.enum(SCHOOL_TYPES, { error: `参评学校类型只能是${SCHOOL_TYPES.join('、')}` }), { error: '参评学校类型应为类型的列表' }).optional(),
    township: optText('乡镇', 50),
  }, { error: '参评学校的选择格式不正确' })
  .default({});
export type SchoolSelection = z.infer<typeof SchoolSelection>;

/** 公开方式 of a document (《政府信息公开条例》): what the 附注 says about publication. */
export const DISCLOSURE_MODES = ['主动公开', '依申请公开', '不予公开'] as const;
export type DisclosureMode = (typeof DISCLOSURE_MODES)[number];
/** The 附注 wording of each 公开方式, as offices print it under the date. */
export const DISCLOSURE_NOTES: Record<DisclosureMode, string> = {
  主动公开: '此件公开发布',
  依申请公开: '此件依申请公开',
  不予公开: '此件不予公开',
};

/** The notice form (通知); documented in README.md (documents notice --input). */
export const NoticeForm = z.object(
  {
    /** A newline in the title sets the line break; otherwise lines are balanced automatically. */
    title: text('标题', 80),
    addressee: optText('主送机关', 60),
    /**
     * A number taken earlier (documents.reserveNumber) or typed by hand, normalised to the
     * standard's form (城教督[2026]012号 → 城教督〔2026〕12号, see doc-number.ts); without it the next
     * number is taken. A typed number not in the 发文登记 is entered there (documents/numbers.ts).
     */
    docNumber: optText('发文字号', 40)
      .transform((v) => (v ? normalizeDocNumber(v) : undefined))
      .refine((v) => v === undefined || parseDocNumber(v) !== null, {
        error: (iss) => `发文字号“${String(iss.input)}”的格式不正确，应写成 城教督〔2026〕12号 这样的格式（机关代字、〔年份〕、序号）`,
      }),
    purpose: paragraphs('工作目的', true),
    stages: z.array(NoticeStageInput, { error: (iss) => (iss.input == null ? '请至少填写一个工作阶段' : '工作阶段应为阶段的列表') }).min(1, '请至少填写一个工作阶段').max(20, '工作阶段最多 20 个'),
    procedure: paragraphs('工作程序', true),
    requirements: paragraphs('工作要求', false).optional(),
    contact: z.object(
      {
        name: text('联系人', 30),
        phone: text('联系电话', 40),
        email: optText('电子邮箱', 80),
        address: optText('联系地址', 120),
      },
      { error: '请填写联系人和联系电话' },
    ),
    schools: SchoolSelection,
    /**
     * An 评估项目 the notice announces: its stage table gives the stages' names and dates (the form's
     * stages give the 主要任务 by position), and attachment 1 lists its units with their 报送编码 —
     * one table for the notice and the round, so they cannot disagree. `schools` is then not used.
     */
    roundId: z.number({ error: '评估项目应为编号' }).int('评估项目应为编号').positive('评估项目应为编号').optional(),
    /** 成文日期; today when absent. */
    date: isoDate('成文日期').optional(),
    /** 印发日期; the 成文日期 when absent. */
    printDate: isoDate('印发日期').optional(),
    note: optText('附注', 200),
    /** 公开方式, printed in the 附注 (GB/T 9704 §7.3.7); 主动公开 unless the office says otherwise. */
    disclosure: z.enum(DISCLOSURE_MODES, { error: `公开方式只能是${DISCLOSURE_MODES.join('、')}` }).default('主动公开'),
    /** 抄送; the office default when absent. */
    cc: unitNames('抄送').optional(),
  },
  { error: '通知的内容应为一组字段（标题、工作目的、工作阶段……）' },
).refine((f) => !f.date || !f.printDate || f.printDate >= f.date, {
  path: ['printDate'],
  error: (iss) => {
    const f = iss.input as { date?: string; printDate?: string };
    return `印发日期（${f.printDate}）早于成文日期（${f.date}），文件须先成文后印发`;
  },
  when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'date' || i.path?.[0] === 'printDate'),
});
export type NoticeForm = z.infer<typeof NoticeForm>;
export type NoticeFormInput = z.input<typeof NoticeForm>;

/** The 评估方案 of a balance report, refused in words (the profiles' names), not by their ids. */
const ReportProfile = z.enum(PROFILE_IDS, { error: `评估方案只能是${PROFILE_IDS.map((id) => BUILT_IN_PROFILES[id].name).join('、')}` });

export const DocumentRequest = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('notice'), notice: NoticeForm }),
    z.object({
      kind: z.literal('balance'),
      year: z.number({ error: '请选择年份' }).pipe(Year),
      profile: ReportProfile.optional(),
      /** 委托单位 as typed, e.g. 城关县人民政府教育督导委员会办公室; empty: the report says none was given. */
      commissioner: optText('委托单位', 60),
      /** 测算单位 as typed (the office or a third-party institute); empty: the office's 署名 (设置 → 公文). */
      measurer: optText('测算单位', 60),
      /** 统计时点 of the year's statistics; absent: 1 September of the year, the census date the register uses. */
      referenceDate: isoDate('统计时点').optional(),
    }),
    z.object({
      kind: z.literal('register'),
      /** 在办 only (default) or every school including closed ones. */
      includeClosed: z.boolean({ error: '“含已撤并学校”应为是或否' }).default(false),
      types: z.array(z.enum(SCHOOL_TYPES, { error: `学校类型只能是${SCHOOL_TYPES.join('、')}` })).optional(),
    }),
  ],
  { error: '文书种类只能是通知、差异系数测算报告或学校名册' },
);
export type DocumentRequest = z.infer<typeof DocumentRequest>;
export type DocumentRequestInput = z.input<typeof DocumentRequest>;

export const GeneratedDocuments = z.object({
  files: z.array(FileResult),
  /** The 发文字号 the document carries (notices). */
  docNumber: z.string().nullable(),
  /** Font substitutions and similar notes, in Chinese. */
  warnings: z.array(z.string()),
  fontsUsed: z.array(z.string()),
});
export type GeneratedDocuments = z.infer<typeof GeneratedDocuments>;

export const documentsContract = {
  'documents.getSettings': { input: z.object({}).default({}), output: DocumentSettings },
  'documents.setSettings': { input: DocumentSettings, output: DocumentSettings },
  'documents.reserveNumber': {
    input: z.object({ year: z.number({ error: '年份应为数字' }).pipe(Year).optional(), title: optText('文件标题', 120) }).default({}),
    output: DocumentNumber,
  },
  'documents.listNumbers': { input: z.object({ year: z.number({ error: '年份应为数字' }).pipe(Year).optional() }).default({}), output: z.array(DocumentNumber) },
  'documents.voidNumber': { input: z.object({ id: z.number({ error: '请指定要作废的文号' }).int('文号编号应为整数').positive('文号编号应为正整数') }), output: DocumentNumber },
  'documents.generate': { input: z.object({ document: DocumentRequest, formats: DocumentFormats }), output: GeneratedDocuments },
} as const;
