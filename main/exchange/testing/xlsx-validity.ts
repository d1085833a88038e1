/**
 * Independent checks that an .xlsx the product writes is valid where readers are strict:
 *
 * - `xlsxSchemaProblems`: unzips the workbook and checks every <dataValidation> against the
 *   enumerations of CT_DataValidation in the OOXML schema (ECMA-376 Part 1, sml.xsd) and against
 *   Excel's own text limits. Plain TypeScript, runs everywhere.
 * - `openpyxlProblem`: opens the file with Python's openpyxl (Debian's python3-openpyxl, which
 *   .ci/run installs), a reader that refuses values outside the schema.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const run = promisify(execFile);

/** sml.xsd: ST_DataValidationType, ST_DataValidationErrorStyle, ST_DataValidationOperator, ST_DataValidationImeMode. */
export const DATA_VALIDATION_ENUMS: Record<string, readonly string[]> = {
  type: ['none', 'whole', 'decimal', 'list', 'date', 'time', 'textLength', 'custom'],
  errorStyle: ['stop', 'warning', 'information'],
  operator: ['between', 'notBetween', 'equal', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'],
  imeMode: ['noControl', 'off', 'on', 'disabled', 'hiragana', 'fullKatakana', 'halfKatakana', 'fullAlpha', 'halfAlpha', 'fullHangul', 'halfHangul'],
};

/** xsd:boolean attributes of CT_DataValidation. */
const BOOLEAN_ATTRIBUTES = ['allowBlank', 'showDropDown', 'showInputMessage', 'showErrorMessage'];
const XSD_BOOLEAN = ['true', 'false', '1', '0'];
/** Attributes CT_DataValidation declares (string ones have no enumeration). */
const KNOWN_ATTRIBUTES = new Set([...Object.keys(DATA_VALIDATION_ENUMS), ...BOOLEAN_ATTRIBUTES, 'errorTitle', 'error', 'promptTitle', 'prompt', 'sqref']);
/** Excel's limits (not in the schema; longer texts make Excel repair the file). */
const TEXT_LIMITS: Record<string, number> = { errorTitle: 32, promptTitle: 32, error: 255, prompt: 255 };

const decodeXml = (s: string): string =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], decodeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/**
 * Problems with the <dataValidation> elements of one worksheet's XML, each naming `where`, the
 * range and the attribute. Empty when every attribute takes a value the schema allows.
 */
export function dataValidationProblems(sheetXml: string, where: string): string[] {
  const problems: string[] = [];
  // Attribute values may hold a literal '>', so the tag is read quote-aware.
  for (const m of sheetXml.matchAll(/<dataValidation\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const selfClosing = m[1].endsWith('/');
    const end = sheetXml.indexOf('</dataValidation>', m.index);
    const body = selfClosing || end < 0 ? '' : sheetXml.slice(m.index + m[0].length, end);
    const attrs = attributes(m[1]);
    const at = `${where} ${attrs.get('sqref') ?? '(no sqref)'}`;
    if (!attrs.get('sqref')) problems.push(`${at}: sqref is required`);
    for (const [name, value] of attrs) {
      if (name.includes(':')) continue; // namespaced extensions (xr:uid) are not CT_DataValidation's
      if (!KNOWN_ATTRIBUTES.has(name)) problems.push(`${at}: attribute ${name} is not in CT_DataValidation`);
      const allowed = DATA_VALIDATION_ENUMS[name];
      if (allowed && !allowed.includes(value)) problems.push(`${at}: ${name}="${value}" is not one of ${allowed.join('|')}`);
      if (BOOLEAN_ATTRIBUTES.includes(name) && !XSD_BOOLEAN.includes(value)) problems.push(`${at}: ${name}="${value}" is not an xsd:boolean`);
      const limit = TEXT_LIMITS[name];
      if (limit && [...value].length > limit) problems.push(`${at}: ${name} has ${[...value].length} characters, Excel allows ${limit}`);
    }
    const formula1 = /<formula1>([\s\S]*?)<\/formula1>/.exec(body)?.[1];
    const type = attrs.get('type') ?? 'none';
    if (type !== 'none' && formula1 === undefined) problems.push(`${at}: type="${type}" needs a formula1`);
    if (type === 'list' && formula1 !== undefined) {
      const literal = decodeXml(formula1);
      if (literal.startsWith('"') && [...literal].length - 2 > 255) problems.push(`${at}: the list "${literal.slice(0, 40)}…" is longer than Excel's 255 characters`);
    }
  }
  return problems;
}

/** Problems in every worksheet of an .xlsx (see dataValidationProblems); also how many validations were seen. */
export async function xlsxSchemaProblems(xlsx: Buffer): Promise<{ problems: string[]; validations: number }> {
  const zip = await JSZip.loadAsync(xlsx);
  const problems: string[] = [];
  let validations = 0;
  const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).sort();
  if (sheets.length === 0) problems.push('no worksheet in the package');
  for (const name of sheets) {
    const xml = await zip.file(name)!.async('string');
    validations += [...xml.matchAll(/<dataValidation\b/g)].length;
    problems.push(...dataValidationProblems(xml, name));
  }
  return { problems, validations };
}

/** Debian's interpreter: python3-openpyxl installs into its dist-packages, not into other Pythons on PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

const OPEN_SCRIPT = [
  'import sys, openpyxl',
  'wb = openpyxl.load_workbook(sys.argv[1])',
  'for ws in wb.worksheets:',
  '    for row in ws.iter_rows(values_only=True):',
  '        pass',
  'print(len(wb.worksheets))',
].join('\n');

/** Whether Debian's Python has openpyxl (false on a machine .ci/run has not set up, and off Linux). */
export async function openpyxlAvailable(): Promise<boolean> {
  if (!fs.existsSync(DEBIAN_PYTHON)) return false;
  try {
    await run(DEBIAN_PYTHON, ['-c', 'import openpyxl']);
    return true;
  } catch {
    return false;
  }
}

/** undefined when openpyxl opens the file and reads every sheet; otherwise openpyxl's error line. */
export async function openpyxlProblem(file: string): Promise<string | undefined> {
  try {
    await run(DEBIAN_PYTHON, ['-c', OPEN_SCRIPT, file], { maxBuffer: 16 << 20 });
    return undefined;
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message).trim();
    const last = stderr.split('\n').filter((l) => l.trim()).pop() ?? stderr;
    return last;
  }
}
