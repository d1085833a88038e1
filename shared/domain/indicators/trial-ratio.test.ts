/**
 * The import case trial-ratio-given-as-percent.json (../shared/cases/imports, copied to ./cases):
 * a trial input giving 社会认可度 as 80 (meaning 80 %). Expected: refused or flagged — never
 * "8000 %" and passed. The national preset declares 社会认可度 a ratio (0–1) with the rule ≥ 85 %.
 */
import { describe, expect, it } from 'vitest';
import national from '../../../resources/presets/national-2017-quality-balance.json';
import ratioCase from './cases/trial-ratio-given-as-percent.json';
import { evaluateSystem } from './evaluate.js';
import { loadIndicatorSystem } from './parse.js';
import { TrialInputSchema } from './trial-input.js';
import { validateIndicatorSystem } from './validate.js';
import { system } from './test-helpers.js';

const s = loadIndicatorSystem(national);
const MESSAGE = '社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%';

describe('trial-ratio-given-as-percent.json', () => {
  const input = TrialInputSchema.parse(ratioCase);

  it('is refused with both readings, fails the value rule, and never prints 8000 %', () => {
    const r = evaluateSystem(s, input);
    const rule = r.rules.find((x) => x.rule.kind === 'valueAtLeast')!;
    expect(rule.passed).toBe(false);
    expect(rule.explanation).toBe(MESSAGE);
    expect(r.passed).toBe(false);
    expect(r.refusedValues).toEqual([{ name: 'socialRecognition', label: '社会认可度', message: MESSAGE }]);
    // The formula indicator reading the value is an input error (0 points), not "8000%, met".
    expect(r.byId['a-social-1']).toMatchObject({ status: 'error', met: false, earned: 0, value: null });
    expect(r.byId['a-social-1']!.explanation).toBe(`${MESSAGE}，暂计 0 分`);
    expect(r.complete).toBe(false);
    expect(r.explanation).toContain(MESSAGE);
    const everything = JSON.stringify(r);
    expect(everything).not.toMatch(/8000|8,000/);
    expect(everything).not.toMatch(/(\d{4,}|[2-9]\d{2}|1\d[1-9]|1[1-9]\d)(\.\d+)?%/); // no percentage above 100 %
  });

  it('the same value typed as "80%" or 0.8 is read as 80 %: below 85 %, so it fails visibly', () => {
    for (const v of ['80%', '80 %', 0.8] as const) {
      const r = evaluateSystem(s, { values: { socialRecognition: v } });
      expect(r.rules.find((x) => x.rule.kind === 'valueAtLeast')!.explanation).toBe('社会认可度 80%，低于 85%');
      expect(r.byId['a-social-1']!.explanation).toBe('社会认可度 80%，未达到标准（≥ 85%），为标准的 94.1%，得 0 分');
    }
    expect(evaluateSystem(s, { values: { socialRecognition: '80%' } }).notices).toEqual([{ nodeId: '', code: '', message: '社会认可度 80% 按比例 0.8 计' }]);
  });

  it('0.9 passes the rule and is shown as 90 %', () => {
    const r = evaluateSystem(s, { values: { socialRecognition: 0.9 } });
    expect(r.rules.find((x) => x.rule.kind === 'valueAtLeast')!.explanation).toBe('社会认可度 90%，达到 85%');
    expect(r.byId['a-social-1']!.explanation).toBe('社会认可度 90%，达到标准（≥ 85%），得 1 分');
  });
});

describe('thresholds typed by a user against the declared scale', () => {
  const base = {
    values: [{ name: 'sr', label: '社会认可度', scale: 'ratio' as const }],
  };

  it('a value rule minimum of 85 on a ratio is refused with both readings', () => {
    const t = system([{ id: 'a', code: 'a', title: 'a', points: 1, scoring: { method: 'boolean' } }], { ...base, passRules: [{ kind: 'valueAtLeast', name: 'sr', label: '社会认可度', min: 85 }] });
    expect(validateIndicatorSystem(t)).toContainEqual({ severity: 'error', ruleIndex: 0, message: '通过规则第 1 条：社会认可度 通过线填写为 85：按比例应在 0～1 之间；若指 85%，请填写 0.85 或 85%' });
  });

  it('a formula threshold of 85 on a ratio value is refused at the node', () => {
    const t = system([{ id: 'f', code: '4.1', title: '社会认可度', points: 1, scoring: { method: 'formula', expression: 'sr', threshold: { all: 85 } } }], base);
    expect(validateIndicatorSystem(t)).toContainEqual({
      severity: 'error', nodeId: 'f', code: '4.1', field: 'threshold',
      message: '指标 4.1 社会认可度：社会认可度 标准值填写为 85：按比例应在 0～1 之间；若指 85%，请填写 0.85 或 85%',
    });
    // A computed quantity (teachers per 100 pupils) is a plain number: 4.2 is fine.
    const n = system([{ id: 'g', code: 'g', title: 'g', points: 1, scoring: { method: 'formula', expression: 't / p * 100', threshold: { all: 4.2 } } }], {
      values: [...base.values, { name: 't', label: '专任教师数', unit: '人' }, { name: 'p', label: '在校生数', unit: '人' }],
    });
    expect(validateIndicatorSystem(n).filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('a value declared twice is an error (one scale per value)', () => {
    const t = system([{ id: 'a', code: 'a', title: 'a', points: 1, scoring: { method: 'boolean' } }], {
      values: [{ name: 'sr', label: '社会认可度', scale: 'ratio' }, { name: 'sr', label: '社会认可度', scale: 'percent' }],
    });
    expect(validateIndicatorSystem(t).map((m) => m.message)).toContain('第 2 个数据项（社会认可度）的“公式中的名称”与第 1 个数据项相同；每项数据只能定义一次');
  });
});

describe('what a trial says about values it lacks or does not read', () => {
  it('names a missing formula value by its Chinese label, never by its key', () => {
    const r = evaluateSystem(s, { values: { socialRecognition: 0.9 } });
    const missing = Object.values(r.byId).filter((x) => x?.explanation.startsWith('缺少数据'));
    expect(missing.length).toBeGreaterThan(0);
    for (const m of missing) expect(m!.explanation).not.toMatch(/缺少数据：[A-Za-z]/);
  });

  it('notes a value the system does not read instead of dropping it silently; null means not typed', () => {
    const r = evaluateSystem(s, TrialInputSchema.parse({ values: { socialRecognitionRate: 0.9, socialRecognition: null } }));
    expect(r.notices.map((n) => n.message)).toContain('“socialRecognitionRate”不是本指标体系的数据项，未参与计算');
    expect(r.refusedValues).toEqual([]);
  });

  it('a value just short of its standard never reads “为标准的 100%”', () => {
    const r = evaluateSystem(s, { values: { socialRecognition: '84.99%' } });
    expect(r.byId['a-social-1']!.explanation).toContain('为标准的 99.9%');
  });
});
