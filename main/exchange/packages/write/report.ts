/**
 * 学校自评报告.docx: the draft of the school's self-evaluation report (issue 13 item 7), pre-filled
 * with what the office knows — the unit's register facts, the year's statistics as the package
 * issues them, the resource indicators against their standards, the self-evaluation table — under
 * the five headings of seed 000 (REPORT_HEADINGS), with a grey “【待学校填写】” paragraph wherever
 * only the school can write. Built by main/documents/builders/self-report.ts and rendered by the
 * product's engine (main/documents/docx/render-docx.ts: GB/T 9704 page, grid, fonts, page numbers).
 *
 * The school edits this file and returns it under the same name; the reader keeps it as the
 * school's report (read-package.ts). There is one report file in a package on purpose: a blank
 * template beside a draft would leave the clerk guessing which one is read.
 *
 * The bytes are deterministic for the same spec: the creation and modification dates in
 * docProps/core.xml are the package's issue time (docx writes the time of packing) and every zip
 * entry carries a fixed date, so reportTemplateSha256 in the manifest is reproducible and a school
 * returning the draft unchanged is recognised by its hash.
 */
import JSZip from 'jszip';
import { nominalTotal } from '../../../../shared/domain/indicators';
import type { DocModel } from '../../../documents/model';
import { buildSelfReport, sectionsText, type SelfReportInput, type SelfReportRow } from '../../../documents/builders/self-report';
import { answerKind, answerKindLabel, evaluationRows, REPORT_HEADINGS, type PackageSpec } from '../format';
import { answerValue } from './workbook';

/** Fixed date of every zip entry: the bytes must not depend on when the package was written. */
const ZIP_ENTRY_DATE = new Date(Date.UTC(2000, 0, 1));

/** The five headings without their numbers (the engine numbers first-level headings 一、二、…). */
const HEADINGS = REPORT_HEADINGS.map((h) => h.replace(/^[一二三四五六七八九十]+、/, '')) as unknown as readonly [string, string, string, string, string];

/**
 * The builder's input from a package spec: the register facts of `spec.draft` (else the unit's name
 * and type), the 统计数据 rows exactly as the workbook pre-fills them, the applicable indicators
 * with the school's answers of a 退回修改 package.
 */
export function selfReportInput(spec: PackageSpec): SelfReportInput {
  const profile = spec.draft?.profile ?? [
    { label: '单位名称', value: spec.unit.name },
    { label: '学校类型', value: spec.unit.schoolType },
    { label: '学段', value: sectionsText(spec.unit.schoolType) },
  ];
  const rows: SelfReportRow[] = evaluationRows(spec.system, spec.unit.schoolType).map(({ node, depth, leaf }) => {
    if (!leaf) return { code: node.code, title: node.title, depth, leaf, points: nominalTotal({ nodes: [node] }), method: '', answer: '' };
    const computed = answerKind(node.scoring) === 'computed';
    const answer = computed ? null : answerValue(node.scoring, spec.answers?.[node.id]?.answer);
    return { code: node.code, title: node.title, depth, leaf, points: node.points, method: computed ? '—' : answerKindLabel(node.scoring), answer: answer === null ? '' : String(answer), computed };
  });
  return {
    unitName: spec.unit.name,
    year: spec.round.year,
    roundName: spec.round.name,
    evaluator: spec.round.evaluator,
    profile,
    statistics: spec.statistics.map((s) => ({ label: s.label, value: s.value, fromLastYear: s.fromLastYear })),
    resources: spec.draft?.resources ?? null,
    rows,
  };
}

/** A DocModel rendered as DOCX bytes (on the worker pool in the app, see WritePackageOptions.renderDocx). */
export type DocxRenderer = (doc: DocModel) => Promise<Buffer>;

/**
 * The DOCX renderer on this thread, loaded on first use. Only for callers without a pool (tests,
 * scripts): a core thread started from source (browser mode under tsx) cannot import a relative
 * module after start, and the built core must not load the renderers (electron.vite.config.ts).
 */
const renderHere: DocxRenderer = async (doc) => (await (await import('../../../documents/docx/render-docx')).renderDocx(doc)).buffer;

/** Builds the report draft of one unit (DOCX bytes). Deterministic bytes for the same spec (see the file comment). */
export async function buildReportTemplate(spec: PackageSpec, render: DocxRenderer = renderHere): Promise<Buffer> {
  const buffer = await render(buildSelfReport(selfReportInput(spec), HEADINGS));
  return normalise(buffer, spec.manifest.issuedAt);
}

/**
 * The rendered document made reproducible: core.xml dates set to `issuedAt`, and every zip entry
 * re-added in name order with a fixed date (the renderer already patched fonts and grid snapping).
 */
async function normalise(packed: Buffer, issuedAt: string): Promise<Buffer> {
  const source = await JSZip.loadAsync(packed);
  const stamp = new Date(issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const patches: Record<string, (xml: string) => string> = {
    'docProps/core.xml': (xml) =>
      xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_m, open: string, _n: string, close: string) => `${open}${stamp}${close}`),
  };
  const out = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    const patch = patches[name];
    const content = patch ? patch(await entry.async('string')) : await entry.async('uint8array');
    out.file(name, content, { date: ZIP_ENTRY_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
