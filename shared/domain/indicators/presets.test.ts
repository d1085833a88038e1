/**
 * Each shipped preset loads, validates and computes a known result. Expected numbers are derived
 * by hand from the preset's points and the stated rules (comments show the arithmetic).
 */
import { describe, expect, it } from 'vitest';
import national from '../../../resources/presets/national-2017-quality-balance.json';
import school from '../../../resources/presets/school-self-evaluation-five-sections.json';
import partnership from '../../../resources/presets/partnership-schooling-assessment.json';
import county from '../../../resources/presets/county-balance-100-points.json';
import { evaluateSystem } from './evaluate.js';
import { parseIndicatorSystem } from './parse.js';
import { flattenNodes, isLeaf } from './tree.js';
import type { IndicatorSystem } from './schema.js';
import type { LeafInput } from './trial-input.js';
import { maxReachable, nominalTotal } from './validate.js';
import { resolveValues } from './values.js';

function load(json: unknown): IndicatorSystem {
  const r = parseIndicatorSystem(json);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  expect(r.warnings.filter((w) => w.severity === 'error')).toEqual([]);
  return r.system;
}

/** The same input for every leaf of a method. */
function all(system: IndicatorSystem, pick: (id: string, method: string) => LeafInput | undefined): Record<string, LeafInput> {
  const items: Record<string, LeafInput> = {};
  for (const { node } of flattenNodes(system.nodes)) {
    if (!isLeaf(node) || !node.scoring) continue;
    const v = pick(node.id, node.scoring.method);
    if (v) items[node.id] = v;
  }
  return items;
}

describe('a. 县域义务教育优质均衡发展督导评估 (2017)', () => {
  const s = load(national);
  // A primary school: L4 at 4.0 m² (88.9 % of 4.5), everything else at or above the line.
  const primary = { pupils: 1000, teachersAboveDegree: 42, backboneTeachers: 10, peArtTeachers: 9, teachingAuxArea: 4000, sportsArea: 7500, equipmentValue: 2_000_000, multimediaRooms: 23 };
  const cv = { cvL1: 0.3, cvL2: 0.5, cvL3: 0.2, cvL4: 0.1, cvL5: 0.4, cvL6: 0.35, cvL7: 0.45 };
  const county = { socialRecognition: 0.9, juniorRetentionRate: 0.97, disabledEnrolmentRate: 0.96 };
  const allMet = all(s, (_, m) => (m === 'boolean' ? { met: true } : undefined));

  it('has the 7 / 15 / 9 / 1 structure with unconfirmed items flagged', () => {
    const byCode = new Map(flattenNodes(s.nodes).map((e) => [e.node.code, e.node]));
    expect(byCode.get('1.1')!.children.filter((c) => c.scoring?.method === 'formula')).toHaveLength(7);
    expect(byCode.get('2')!.children).toHaveLength(15);
    expect(byCode.get('3')!.children).toHaveLength(9);
    expect(byCode.get('2.7')!.unconfirmed).toBe(true); // 特教 6000 元 [M]
    expect(byCode.get('2.5')!.unconfirmed).toBe(false); // 班额 confirmed
    expect(byCode.get('1.1.8')!.scoring).toMatchObject({ method: 'count', minMet: 6, othersMinRatio: 0.85 });
  });

  it('a primary school with 6 indicators met and L4 at 88.9 % passes the school rule', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: { ...primary, ...cv, ...county }, items: allMet });
    expect(r.byId['a-res-L4']!.met).toBe(false);
    expect(r.byId['a-res-L4']!.ratio).toBeCloseTo(4 / 4.5, 12);
    expect(r.byId['a-res-school-rule']!.met).toBe(true);
    expect(r.passed).toBe(true);
    expect(r.total).toBe(33); // 1 school rule + 7 CV + 15 + 9 + 1 social recognition
    expect(r.complete).toBe(true);
  });

  it('the same statistics fail for a junior school (higher thresholds)', () => {
    const r = evaluateSystem(s, { context: { section: 'junior' }, values: { ...primary, ...cv, ...county }, items: allMet });
    expect(r.byId['a-res-school-rule']!.met).toBe(false);
    // junior CV limit is 0.45: cvL2 = 0.5 fails
    expect(r.byId['a-cv-L2']!.met).toBe(false);
    expect(r.passed).toBe(false);
  });

  it('L4 at 84.4 % (3.8 m²) fails the school rule; social recognition 84 % fails the value rule', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: { ...primary, teachingAuxArea: 3800, ...cv, ...county, socialRecognition: 0.84 }, items: allMet });
    expect(r.byId['a-res-school-rule']!.met).toBe(false);
    expect(r.explanation).toContain('社会认可度 84%，低于 85%');
  });

  it('L4 exactly at the 85 % floor (3.825 m², not truncated to 3.82) passes', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: { ...primary, teachingAuxArea: 3825, ...cv, ...county }, items: allMet });
    expect(r.byId['a-res-school-rule']!.met).toBe(true);
  });

  it('a veto fails the county whatever else', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, values: { ...primary, ...cv, ...county }, items: { ...allMet, 'a-veto-2': { triggered: true } } });
    expect(r.passed).toBe(false);
    expect(r.explanation).toContain('触发一票否决：违规择校');
  });
});

describe('b. 学校自评（五大板块）', () => {
  const s = load(school);
  const leaves = flattenNodes(s.nodes).filter((e) => isLeaf(e.node));

  it('has five sections, 40–62 graded indicators, each with explanation and evidence', () => {
    expect(s.nodes.map((n) => n.title)).toEqual(['资源配置', '政府保障', '教育质量', '社会认可', '学校管理']);
    expect(leaves.length).toBeGreaterThanOrEqual(40);
    expect(leaves.length).toBeLessThanOrEqual(62);
    for (const { node } of leaves) {
      expect(node.scoring?.method).toBe('grade');
      expect(node.explanationRequired).toBe(true);
      expect(node.evidence.length).toBeGreaterThan(0);
    }
    expect(nominalTotal(s)).toBeCloseTo(100, 9);
  });

  it('all A is 100 and 优秀; all B is 80 and 良好', () => {
    const a = evaluateSystem(s, { context: { section: 'junior' }, items: all(s, () => ({ grade: 'A' })) });
    expect(a.total).toBeCloseTo(100, 9);
    expect(a.grade?.label).toBe('优秀');
    const b = evaluateSystem(s, { context: { section: 'junior' }, items: all(s, () => ({ grade: 'B' })) });
    expect(b.total).toBeCloseTo(80, 9);
    expect(b.grade?.label).toBe('良好');
  });

  it('a primary school skips junior-only items and still reaches the full 100 with all A', () => {
    const r = evaluateSystem(s, { context: { section: 'primary' }, items: all(s, () => ({ grade: 'A' })) });
    const na = r.nodes.filter((n) => !n.applicable);
    expect(na.length).toBeGreaterThan(0);
    expect(r.total).toBeCloseTo(100, 9);
  });

  it('one D in 资源配置 (2 of 20 points) leaves 98', () => {
    const items = all(s, () => ({ grade: 'A' }));
    items['b-1-1'] = { grade: 'D' };
    const r = evaluateSystem(s, { context: { section: 'junior' }, items });
    expect(r.byId['b-1']!.earned).toBeCloseTo(18, 9);
    expect(r.total).toBeCloseTo(98, 9);
    expect(r.unmetItems).toEqual(['b-1-1']);
  });
});

describe('c. 学区化集团化办学考核', () => {
  const s = load(partnership);

  it('has 5 first-level and 17 second-level indicators and 100 points', () => {
    expect(s.nodes.map((n) => n.title)).toEqual(['组织管理', '课程建设', '教师发展', '资源共享', '优质均衡']);
    expect(s.nodes.reduce((a, n) => a + n.children.length, 0)).toBe(17);
    expect(nominalTotal(s)).toBe(100);
  });

  it('a loose 集团化 group: variants for 紧密型 and other types are not counted', () => {
    const ctx = { partnershipType: '集团化' as const, categories: ['松散型'] };
    const items = all(s, () => ({ grade: 'A' }));
    items['c-3-1-2'] = { grade: 'C' }; // 骨干教师送教 (松散型) under 教师交流 (8 points): 60 % → 4.8
    const r = evaluateSystem(s, { context: ctx, items });
    expect(r.byId['c-1-2-1']!.applicable).toBe(false); // 一体化管理制度 (紧密型)
    expect(r.byId['c-3-1-3']!.applicable).toBe(false); // 帮扶教师驻校 (结对帮扶)
    expect(r.byId['c-4-4-1']!.applicable).toBe(false); // 学区内招生统筹 (学区化)
    expect(r.byId['c-3-1']!.earned).toBeCloseTo(4.8, 9);
    expect(r.total).toBeCloseTo(100 - 8 + 4.8, 9);
    expect(r.grade?.label).toBe('A');
  });

  it('all B is B (80), all C is C (exactly 60 despite float sums), all D is D', () => {
    const items = all(s, () => ({ grade: 'B' })); // 80 → B
    const r = evaluateSystem(s, { context: { partnershipType: '学区化', categories: ['紧密型'] }, items });
    expect(r.total).toBeCloseTo(80, 9);
    expect(r.grade?.label).toBe('B');
    const c = evaluateSystem(s, { context: { partnershipType: '学区化', categories: ['紧密型'] }, items: all(s, () => ({ grade: 'C' })) });
    expect(c.total).toBeCloseTo(60, 9);
    expect(c.grade?.label).toBe('C');
    const d = evaluateSystem(s, { context: { partnershipType: '学区化', categories: ['紧密型'] }, items: all(s, () => ({ grade: 'D' })) });
    expect(d.grade?.label).toBe('D');
  });
});

describe('d. 县域义务教育均衡发展（百分制）', () => {
  const s = load(county);
  const full = all(s, (_, m) => (m === 'points' ? undefined : undefined));
  const byId = new Map(flattenNodes(s.nodes).map((e) => [e.node.id, e.node]));
  const fullPoints = () => {
    const items: Record<string, LeafInput> = { ...full };
    for (const [id, n] of byId) if (isLeaf(n) && n.scoring?.method === 'points') items[id] = { points: n.points! };
    return items;
  };
  const values = { cvPrimary: 0.4, cvJunior: 0.35, satisfaction: 0.9 };

  it('is 100 points + 5 bonus with three vetoes', () => {
    expect(nominalTotal(s)).toBe(100);
    expect(maxReachable(s)).toBe(105);
    expect(flattenNodes(s.nodes).filter((e) => e.node.scoring?.method === 'veto')).toHaveLength(3);
    expect(s.nodes.map((n) => n.title).slice(0, 3)).toEqual(['保障措施', '差异程度', '公众评价']);
    expect(byId.get('d-2')!.children.reduce((a, c) => a + c.children.reduce((x, l) => x + (l.points ?? 0), 0), 0)).toBe(30);
  });

  it('full marks plus 8 claimed bonus points give 105 and pass', () => {
    const r = evaluateSystem(s, { values, items: { ...fullPoints(), 'd-4-1': { points: 3 }, 'd-4-2': { points: 3 }, 'd-4-3': { points: 2 } } });
    expect(r.total).toBe(105);
    expect(r.bonusTotal).toBe(5);
    expect(r.passed).toBe(true);
    expect(r.grade?.label).toBe('合格');
  });

  it('total ≥ 85 but 差异程度 24.5 < 26 fails with the reason', () => {
    const items = fullPoints();
    items['d-2-2-1'] = { points: 2.5 }; // 差异程度 30 − 1.5 − 4 = 24.5
    items['d-2-3-1'] = { points: 0 };
    const r = evaluateSystem(s, { values, items });
    expect(r.byId['d-2']!.earned).toBe(24.5);
    expect(r.total).toBe(94.5);
    expect(r.passed).toBe(false);
    expect(r.explanation).toMatch(/^未通过：差异程度得分 24.5，低于 26/);
  });

  it('a CV above the limit earns proportional credit (0.7 vs 0.65, zero at 0.975)', () => {
    const r = evaluateSystem(s, { values: { ...values, cvPrimary: 0.7 }, items: fullPoints() });
    // 6 × (0.975 − 0.7) / (0.975 − 0.65) = 6 × 0.275 / 0.325
    expect(r.byId['d-2-1-1']!.earned).toBeCloseTo((6 * 0.275) / 0.325, 9);
  });

  it('exactly 85 with 差异程度 exactly 26 passes; a veto over full points fails', () => {
    const items = fullPoints();
    items['d-2-2-1'] = { points: 0 }; // 差异程度 30 − 4 = 26
    items['d-1-2-1'] = { points: 0 }; // − 4
    items['d-1-2-2'] = { points: 0 }; // − 4
    items['d-1-2-3'] = { points: 1 }; // − 3 → 100 − 15 = 85
    const r = evaluateSystem(s, { values, items });
    expect(r.byId['d-2']!.earned).toBe(26);
    expect(r.total).toBe(85);
    expect(r.passed).toBe(true);
    const v = evaluateSystem(s, { values, items: { ...fullPoints(), 'd-5-1': { triggered: true } } });
    expect(v.total).toBe(100);
    expect(v.passed).toBe(false);
    expect(v.grade?.label).toBe('不合格');
    expect(v.explanation).toContain('挤占、截留、挪用教育经费');
  });
});

describe('every preset declares the values it reads (Chinese label and one scale)', () => {
  it.each([
    ['national', national],
    ['school', school],
    ['partnership', partnership],
    ['county', county],
  ])('%s: no value is shown by its key in the 试算 form', (_name, json) => {
    const s = load(json);
    for (const v of resolveValues(s)) {
      expect(v.source, v.name).toBe('declared');
      expect(v.label).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('rates are ratios (0–1), coefficients and statistics plain numbers', () => {
    const scales = (json: unknown) => Object.fromEntries(resolveValues(load(json)).map((v) => [v.name, v.scale]));
    expect(scales(national)).toMatchObject({ socialRecognition: 'ratio', juniorRetentionRate: 'ratio', disabledEnrolmentRate: 'ratio', cvL1: 'number', pupils: 'number' });
    expect(scales(county)).toEqual({ cvPrimary: 'number', cvJunior: 'number', satisfaction: 'ratio' });
  });
});
