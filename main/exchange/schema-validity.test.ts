/**
 * Every .xlsx the product writes must open in Excel, WPS, LibreOffice and openpyxl: checked here
 * structurally (data-validation attributes against the OOXML schema's enumerations) and by
 * opening each file with openpyxl, an independent reader that refuses values outside the schema.
 * The case file own-template-invalid-errorstyle.xlsx (the statistics template as once generated,
 * errorStyle="error") proves both checks can fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api/contract';
import type { FileResult } from '../../shared/api/envelope';
import { resultBytes } from '../testing/files';
import { tempCore, tempDir } from '../testing/temp-core';
import { dataValidationProblems, openpyxlAvailable, openpyxlProblem, xlsxSchemaProblems } from './testing/xlsx-validity';

const INVALID_CASE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/fixtures/own-template-invalid-errorstyle.xlsx');

type Core = Awaited<ReturnType<typeof tempCore>>;
let core: Core;
let dir: string;
/** Every workbook the product writes, by a name that says which door made it. */
const workbooks: { name: string; buffer: Buffer; file: string; validations: 'some' | 'any' }[] = [];

async function call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.message}`);
  return r.value as OpOutput<K>;
}

function keep(name: string, download: FileResult, validations: 'some' | 'any' = 'any'): void {
  expect(download.fileName).toMatch(/\.xlsx$/);
  const buffer = resultBytes(core.ctx, download);
  const file = path.join(dir, `${workbooks.length + 1}.xlsx`);
  fs.writeFileSync(file, buffer);
  workbooks.push({ name: `${name} (${download.fileName})`, buffer, file, validations });
}

beforeAll(async () => {
  core = await tempCore();
  dir = tempDir('sd-xlsx-valid-');
  // Templates of an empty office first (no schools to pre-fill), then everything with the demo district.
  keep('schools template, empty register', await call('exchange.template', { kind: 'schools' }), 'some');
  keep('statistics template, empty register', await call('exchange.template', { kind: 'stats' }), 'some');
  await call('demo.load', {});
  keep('schools template', await call('exchange.template', { kind: 'schools' }), 'some');
  keep('statistics template', await call('exchange.template', { kind: 'stats' }), 'some');
  keep('schools export', await call('exchange.export', { kind: 'schools' }), 'some');
  keep('statistics export', await call('exchange.export', { kind: 'stats', year: 2025 }), 'some');
  for (const profile of ['quality2017', 'basic2012', 'application2019'] as const) {
    keep(`balance export ${profile}`, await call('balance.export', { year: 2025, profile }));
  }
  for (const p of await call('indicators.presets', {})) {
    const created = await call('indicators.createFromPreset', { presetKey: p.key });
    keep(`indicator-system export ${p.key}`, await call('indicators.export', { id: created.summary.id }));
    // 导出本次录入 carries drop-downs (等级, 达标, 触发, 不适用, 学段 …) on every system.
    keep(`trial input export ${p.key}`, await call('indicators.exportTrialInput', { system: created.system, input: {} }), 'some');
  }
});

afterAll(async () => {
  await core?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('data validations against the OOXML schema (no Python needed)', () => {
  it('covers every kind of workbook the product writes', () => {
    expect(workbooks.length).toBe(2 + 4 + 3 + 4 + 4);
  });

  it('every generated workbook has only schema values in its <dataValidation> attributes', async () => {
    const found: Record<string, string[]> = {};
    for (const w of workbooks) {
      const { problems, validations } = await xlsxSchemaProblems(w.buffer);
      if (w.validations === 'some') expect(validations, `${w.name} should carry its drop-downs and number checks`).toBeGreaterThan(0);
      if (problems.length) found[w.name] = problems;
    }
    expect(found).toEqual({});
  });

  it('rejects the case file with errorStyle="error"', async () => {
    const { problems, validations } = await xlsxSchemaProblems(fs.readFileSync(INVALID_CASE));
    expect(validations).toBeGreaterThan(0);
    expect(problems.length).toBe(validations);
    expect(problems[0]).toMatch(/errorStyle="error" is not one of stop\|warning\|information/);
  });

  it('names every kind of schema fault', () => {
    const xml = [
      '<dataValidations count="4">',
      '<dataValidation type="number" operator="atLeast" allowBlank="yes" imeMode="chinese" sqref="A2:A9"><formula1>0</formula1></dataValidation>',
      '<dataValidation type="list" errorStyle="stop" errorTitle="一个远远超过三十二个字符的标题一个远远超过三十二个字符的标题一个远远超过三十二个字符的标题" sqref="B2"><formula1>"a,b"</formula1></dataValidation>',
      '<dataValidation type="whole" sqref="C2"/>',
      '<dataValidation type="list" sqref="D2" error="a &gt; b"><formula1>"a,b"</formula1></dataValidation>',
      '</dataValidations>',
    ].join('');
    const problems = dataValidationProblems(xml, 'sheet1.xml');
    expect(problems).toEqual([
      'sheet1.xml A2:A9: type="number" is not one of none|whole|decimal|list|date|time|textLength|custom',
      'sheet1.xml A2:A9: operator="atLeast" is not one of between|notBetween|equal|notEqual|lessThan|lessThanOrEqual|greaterThan|greaterThanOrEqual',
      'sheet1.xml A2:A9: allowBlank="yes" is not an xsd:boolean',
      expect.stringContaining('sheet1.xml A2:A9: imeMode="chinese" is not one of noControl|'),
      'sheet1.xml B2: errorTitle has 45 characters, Excel allows 32',
      'sheet1.xml C2: type="whole" needs a formula1',
    ]);
  });
});

describe('openpyxl opens every workbook (python3-openpyxl from .ci/run)', async () => {
  // Off Linux there is no Debian Python; on Linux .ci/run installs python3-openpyxl, so a missing
  // module fails the test rather than skipping it.
  const linux = process.platform === 'linux';
  const available = linux && (await openpyxlAvailable());

  it.runIf(linux)('has python3-openpyxl', () => {
    expect(available, 'Debian\'s /usr/bin/python3 cannot import openpyxl: apt-get install python3-openpyxl (bash .ci/run does)').toBe(true);
  });

  it.runIf(available)('opens every generated workbook', async () => {
    const refused: Record<string, string> = {};
    for (const w of workbooks) {
      const problem = await openpyxlProblem(w.file);
      if (problem) refused[w.name] = problem;
    }
    expect(refused).toEqual({});
  });

  it.runIf(available)('refuses the case file with errorStyle="error"', async () => {
    expect(await openpyxlProblem(INVALID_CASE)).toMatch(/ValueError: Value must be one of .*stop/);
  });
});
