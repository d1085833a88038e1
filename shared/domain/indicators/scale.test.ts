/**
 * Declared scales of named values (issue 8, item 4). Expected readings are written out by hand:
 * 85 % of a ratio is 0.85, of a percent 85; 80 typed for a ratio has two readings and is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaled, readScaledValue, thresholdScaleProblem } from './scale.js';
import { IndicatorSystemSchema } from './schema.js';
import { system } from './test-helpers.js';
import { readTrialValues, resolveValues } from './values.js';

describe('readScaledValue', () => {
  it('refuses 80 for a ratio with both readings, in the words users see', () => {
    expect(readScaledValue(80, 'ratio', '社会认可度')).toEqual({ ok: false, message: '社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%' });
    expect(readScaledValue('85', 'ratio', '巩固率')).toEqual({ ok: false, message: '巩固率 填写为 85：按比例应在 0～1 之间；若指 85%，请填写 0.85 或 85%' });
    // No second reading exists beyond 100 or below 0.
    expect(readScaledValue(8000, 'ratio', '社会认可度')).toEqual({ ok: false, message: '社会认可度 填写为 8000：按比例应在 0～1 之间' });
    expect(readScaledValue(-0.1, 'ratio', '社会认可度')).toEqual({ ok: false, message: '社会认可度 填写为 -0.1：按比例应在 0～1 之间' });
  });

  it('normalises unambiguous input by the declaration: 85 %, 0.85 and "０.８５" for a ratio', () => {
    expect(readScaledValue('85 %', 'ratio', '社会认可度')).toMatchObject({ ok: true, value: 0.85 });
    expect(readScaledValue('85%', 'ratio', 'x')).toMatchObject({ ok: true, value: 0.85, note: 'x 85% 按比例 0.85 计' });
    expect(readScaledValue('８５％', 'ratio', 'x')).toMatchObject({ ok: true, value: 0.85 });
    expect(readScaledValue(0.85, 'ratio', 'x')).toEqual({ ok: true, value: 0.85 });
    expect(readScaledValue('０.８５', 'ratio', 'x')).toEqual({ ok: true, value: 0.85 });
    expect(readScaledValue(1, 'ratio', 'x')).toEqual({ ok: true, value: 1 });
    expect(readScaledValue(1 + 1e-12, 'ratio', 'x')).toEqual({ ok: true, value: 1 });
  });

  it('reads a percent scale as 0–100 and a plain number as it is', () => {
    expect(readScaledValue('85%', 'percent', 'x')).toEqual({ ok: true, value: 85 });
    expect(readScaledValue(85, 'percent', 'x')).toEqual({ ok: true, value: 85 });
    expect(readScaledValue(8000, 'percent', 'x')).toEqual({ ok: false, message: 'x 填写为 8000：按百分数应在 0～100 之间' });
    expect(readScaledValue('1,200', 'number', '在校生数')).toEqual({ ok: true, value: 1200 });
    expect(readScaledValue(80, 'number', 'x')).toEqual({ ok: true, value: 80 });
    expect(readScaledValue('80%', 'number', '在校生数')).toEqual({ ok: false, message: '在校生数 填写为 80%：该项是数值，不是百分比，请直接填写数值' });
    expect(readScaledValue('八十', 'number', 'x')).toEqual({ ok: false, message: 'x 填写为“八十”：不是数字' });
    expect(readScaledValue('8\u200b5%', 'ratio', '社会认可度')).toEqual({ ok: false, message: '社会认可度 填写为“8⟨U+200B⟩5%”：中间含有看不见的字符，请删除后重新填写' });
    expect(readScaledValue('0.8\u00a05', 'ratio', 'x')).toEqual({ ok: false, message: 'x 填写为“0.8⟨U+00A0⟩5”：不是数字' });
    expect(readScaledValue('120%', 'ratio', 'x')).toEqual({ ok: false, message: 'x 填写为 120%：百分比应在 0%～100% 之间' });
  });

  it('an accepted ratio is always 0–1, whatever is typed (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.string()), (raw) => {
        const r = readScaledValue(raw, 'ratio', 'x');
        return !r.ok || (r.value >= 0 && r.value <= 1);
      }),
    );
  });
});

describe('thresholds and display on a scale', () => {
  it('a ratio threshold typed as 85 is refused with both readings', () => {
    expect(thresholdScaleProblem(85, 'ratio', '社会认可度', '标准值填写为 85')).toBe('社会认可度 标准值填写为 85：按比例应在 0～1 之间；若指 85%，请填写 0.85 或 85%');
    expect(thresholdScaleProblem(0.85, 'ratio', '社会认可度', '')).toBeNull();
    expect(thresholdScaleProblem(850, 'number', 'x', '')).toBeNull();
    expect(thresholdScaleProblem(101, 'percent', 'x', '通过线填写为 101')).toBe('x 通过线填写为 101：按百分数应在 0～100 之间');
  });

  it('shows ratios as percentages, never above 100 %', () => {
    expect(formatScaled(0.9, 'ratio', 4)).toBe('90%');
    expect(formatScaled(0.84999, 'ratio', 5)).toBe('84.999%');
    expect(formatScaled(85, 'percent')).toBe('85%');
    expect(formatScaled(4.2, 'number', 2, '人')).toBe('4.2人');
    expect(formatScaled(80, 'ratio')).toBe('80（不是 0～1 的比例）');
  });
});

describe('declared values', () => {
  it('labels every value a system reads: declared, else a rule label, else a one-value formula title, else marked undefined', () => {
    const s = system(
      [
        { id: 'f', code: '1', title: '小学综合差异系数', points: 5, scoring: { method: 'formula', expression: 'cvPrimary', comparator: '<=', threshold: { all: 0.65 } } },
        { id: 'g', code: '2', title: '生均面积', points: 5, scoring: { method: 'formula', expression: 'area / pupils', threshold: { all: 4.5 } } },
      ],
      {
        passRules: [{ kind: 'valueAtLeast', name: 'sr', label: '社会认可度', min: 0.85 }],
        values: [{ name: 'pupils', label: '在校生数', unit: '人' }],
      },
    );
    expect(resolveValues(s).map((v) => [v.name, v.label, v.scale, v.source])).toEqual([
      ['cvPrimary', '小学综合差异系数', 'number', 'inferred'],
      ['area', 'area（未定义中文名称）', 'number', 'inferred'],
      ['pupils', '在校生数', 'number', 'declared'],
      ['sr', '社会认可度', 'number', 'inferred'],
    ]);
  });

  it('moves the legacy display: percent of a value rule into one declaration (scale ratio)', () => {
    const s = IndicatorSystemSchema.parse({
      key: 'k', name: 'n', level: 'county', version: 1,
      passRules: [{ kind: 'valueAtLeast', name: 'socialRecognition', label: '社会认可度', min: 0.85, display: 'percent' }],
    });
    expect(s.passRules).toEqual([{ kind: 'valueAtLeast', name: 'socialRecognition', label: '社会认可度', min: 0.85 }]);
    expect(s.values).toEqual([{ name: 'socialRecognition', label: '社会认可度', scale: 'ratio', unit: '' }]);
    // Canonical: parsing the canonical form again changes nothing.
    expect(IndicatorSystemSchema.parse(s)).toEqual(s);
  });

  it('reads trial values against the declarations; names the system does not read are noted, not used', () => {
    const lookup = new Map([['sr', { name: 'sr', label: '社会认可度', scale: 'ratio' as const, unit: '', source: 'declared' as const }]]);
    const r = readTrialValues({ sr: 80, pupils: 1200 }, lookup);
    expect(r.values).toEqual({});
    expect(r.notes).toEqual(['“pupils”不是本指标体系的数据项，未参与计算']);
    expect([...r.problems.values()]).toEqual([{ name: 'sr', label: '社会认可度', message: '社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%' }]);
    expect(readTrialValues({ sr: '80%' }, lookup)).toEqual({ values: { sr: 0.8 }, problems: new Map(), notes: ['社会认可度 80% 按比例 0.8 计'] });
  });
});
