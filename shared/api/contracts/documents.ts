import { z } from 'zod';
import { SchoolType } from '../../domain/schools/school-enums';
import { FileResult } from '../envelope';
import { BalanceProfileId } from './balance';
import { Year } from './statistics';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (label: string, max: number) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过 ${max} 个字`);
const paragraphs = (label: string) => z.array(z.string().trim().max(2000)).transform((a) => a.filter(Boolean)).refine((a) => a.length > 0, `${label}至少要有一段`);

export const DocumentFormat = z.enum(['docx', 'pdf']);
export type DocumentFormat = z.infer<typeof DocumentFormat>;
export const DocumentFormats = z
  .array(DocumentFormat)
  .min(1, '请至少选择一种格式')
  .transform((a) => [...new Set(a)])
  .default(['docx', 'pdf']);

/** 设置 → 公文: what every document the office issues carries. */
export const DocumentSettings = z.object({
  /** 发文机关标志 printed in red at the top, e.g. “城关县人民政府教育督导室文件”. */
  letterhead: text('发文机关标志', 40).default('城关县人民政府教育督导室文件'),
  /** 发文机关署名 above the date. */
  signature: text('署名', 40).default('城关县人民政府教育督导室'),
  /** 机关代字 used for {prefix}. */
  numberPrefix: text('机关代字', 20).default('城教督'),
  /** 发文字号 pattern: {prefix}, {year} and {n} are replaced. */
  numberPattern: z
    .string()
    .trim()
    .max(40)
    .refine((p) => p.includes('{n}') && p.includes('{year}'), '文号格式须包含 {year} 和 {n}')
    .default('{prefix}〔{year}〕{n}号'),
  /** 印发机关. */
  printer: text('印发机关', 40).default('城关县人民政府教育督导室'),
  /** Default 抄送 list. */
  cc: z.array(z.string().trim().min(1).max(60)).max(20).default(['县人民政府教育督导委员会各成员单位']),
  /** Default 主送机关 of notices. */
  defaultAddressee: text('主送机关', 60).default('各中小学校'),
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

export const NoticeStageInput = z
  .object({
    name: text('阶段名称', 30),
    start: isoDate,
    end: isoDate,
    tasks: text('阶段任务', 500),
  })
  .refine((s) => s.start <= s.end, { message: '阶段结束日期不能早于开始日期', path: ['end'] });

/** Which schools take part: schools in operation (在办), narrowed by type and/or an explicit list. */
export const SchoolSelection = z
  .object({
    schoolIds: z.array(z.number().int().positive()).optional(),
    types: z.array(SchoolType).optional(),
    township: z.string().max(50).optional(),
  })
  .default({});
export type SchoolSelection = z.infer<typeof SchoolSelection>;

/** The notice form (通知); documented in README.md (documents notice --input). */
export const NoticeForm = z.object({
  /** A newline in the title sets the line break; otherwise lines are balanced automatically. */
  title: text('标题', 80),
  addressee: z.string().trim().max(60).optional(),
  /** A number taken earlier (documents.reserveNumber); without it the next number is taken. */
  docNumber: z.string().trim().max(40).optional(),
  purpose: paragraphs('工作目的'),
  stages: z.array(NoticeStageInput).min(1, '至少要有一个工作阶段').max(20),
  procedure: paragraphs('工作程序'),
  requirements: z.array(z.string().trim().max(2000)).transform((a) => a.filter(Boolean)).optional(),
  contact: z.object({
    name: text('联系人', 30),
    phone: text('联系电话', 40),
    email: z.string().trim().max(80).optional(),
    address: z.string().trim().max(120).optional(),
  }),
  schools: SchoolSelection,
  /** 成文日期; today when absent. */
  date: isoDate.optional(),
  /** 印发日期; the 成文日期 when absent. */
  printDate: isoDate.optional(),
  note: z.string().trim().max(200).optional(),
  /** 抄送; the office default when absent. */
  cc: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
});
export type NoticeForm = z.infer<typeof NoticeForm>;
export type NoticeFormInput = z.input<typeof NoticeForm>;

export const DocumentRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notice'), notice: NoticeForm }),
  z.object({ kind: z.literal('balance'), year: Year, profile: BalanceProfileId.optional() }),
  z.object({
    kind: z.literal('register'),
    /** 在办 only (default) or every school including closed ones. */
    includeClosed: z.boolean().default(false),
    types: z.array(SchoolType).optional(),
  }),
]);
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
    input: z.object({ year: Year.optional(), title: z.string().trim().max(120).optional() }).default({}),
    output: DocumentNumber,
  },
  'documents.listNumbers': { input: z.object({ year: Year.optional() }).default({}), output: z.array(DocumentNumber) },
  'documents.voidNumber': { input: z.object({ id: z.number().int().positive() }), output: DocumentNumber },
  'documents.generate': { input: z.object({ document: DocumentRequest, formats: DocumentFormats }), output: GeneratedDocuments },
} as const;
