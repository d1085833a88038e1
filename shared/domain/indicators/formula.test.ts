import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALLOWED_FUNCTIONS, compileFormula, formulaVariables } from './formula.js';

function evaluate(expr: string, values: Record<string, number> = {}): number {
  const c = compileFormula(expr);
  if (!c.ok) throw new Error(c.error);
  return c.formula.evaluate(values);
}

describe('compileFormula', () => {
  it('evaluates arithmetic over named values', () => {
    expect(evaluate('teachersAboveDegree / pupils * 100', { teachersAboveDegree: 21, pupils: 500 })).toBeCloseTo(4.2, 12);
    expect(evaluate('min(a, b) + max(a, b) * 2', { a: 1, b: 3 })).toBe(7);
    expect(evaluate('a >= 2 ? 10 : 0', { a: 2 })).toBe(10);
    expect(evaluate('a >= 2 and b < 1', { a: 2, b: 0 })).toBe(1);
    expect(evaluate('ceil(classes / 12)', { classes: 25 })).toBe(3);
  });

  it('lists variables in first-use order without function names or constants', () => {
    expect(formulaVariables('sqrt(x) + y * pi + x')).toEqual(['x', 'y']);
    expect(formulaVariables('1 +')).toEqual([]);
  });

  it('reports a missing value by name', () => {
    expect(() => evaluate('a + b', { a: 1 })).toThrow('缺少数据：b');
  });

  it('does not read inherited object properties as values', () => {
    expect(() => evaluate('toString + 1', {})).toThrow('缺少数据：toString');
  });

  it('returns Infinity for division by zero (the engine reports it)', () => {
    expect(evaluate('a / b', { a: 1, b: 0 })).toBe(Infinity);
  });

  it.each([
    ['a = 1', '赋值'],
    ['f(x) = x', '赋值或定义函数'],
    ['import({}, {})', '不允许调用函数 import'],
    ['evaluate("1+1")', '不允许调用函数 evaluate'],
    ['createUnit("foo")', '不允许调用函数 createUnit'],
    ['parse("1")', '不允许调用函数 parse'],
    ['"abc"', '文本'],
    ['[1, 2]', '数组'],
    ['a.constructor', '属性访问'],
    ['a["constructor"]', ''],
    ['{a: 1}', '对象'],
    ['2 & 3', '运算符'],
    ['5!', '运算符'],
    ['1 +', '无法解析'],
    ['   ', '为空'],
  ])('rejects %s', (expr, msg) => {
    const c = compileFormula(expr);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toContain(msg);
  });

  it('allows exactly the documented functions, each with its number of arguments', () => {
    // One valid call per function (abs(4, 2) is refused since the argument counts are checked).
    const calls: Record<string, [string, number]> = {
      min: ['min(4, 2)', 2], max: ['max(4, 2)', 4], abs: ['abs(-4)', 4], round: ['round(4.25, 1)', 4.3], floor: ['floor(4.7)', 4],
      ceil: ['ceil(4.2)', 5], sqrt: ['sqrt(16)', 4], pow: ['pow(4, 2)', 16], exp: ['exp(0)', 1], log: ['log(8, 2)', 3],
      log10: ['log10(1000)', 3], mean: ['mean(4, 2)', 3], sum: ['sum(4, 2)', 6], hypot: ['hypot(3, 4)', 5],
    };
    expect([...ALLOWED_FUNCTIONS].sort()).toEqual(Object.keys(calls).sort());
    for (const fn of ALLOWED_FUNCTIONS) {
      const [expr, want] = calls[fn]!;
      expect(evaluate(expr), fn).toBeCloseTo(want, 12);
    }
    expect(compileFormula('sin(1)').ok).toBe(false);
    const abs = compileFormula('abs(4, 2)');
    expect(abs.ok).toBe(false);
    if (!abs.ok) expect(abs.error).toBe('函数 abs 需要 1 个参数，现有 2 个');
    const pow = compileFormula('pow(4)');
    if (!pow.ok) expect(pow.error).toBe('函数 pow 需要 2 个参数，现有 1 个');
    expect(pow.ok).toBe(false);
  });
});

describe('same numbers as the mathjs engine it replaced (values computed by mathjs 15.2)', () => {
  it.each([
    ['-2^2', -4], // a leading minus binds looser than ^
    ['2^3^2', 512], // ^ is right-associative
    ['2^-1', 0.5],
    ['-2^-2', -0.25],
    ['7 mod 3', 1],
    ['-7 mod 3', 2], // x − y·floor(x / y), not JavaScript's %
    ['7 mod 0', 7],
    ['7 % 3', 1],
    ['round(2.5)', 3],
    ['round(-2.5)', -3], // half away from zero
    ['round(1.005, 2)', 1.01], // on the decimal digits, not the binary float
    ['floor(0.7 / 0.1)', 7], // 6.999999999999999 is 7 within float noise
    ['ceil(0.3 / 0.1)', 3],
    ['floor(-0.5)', -1],
    ['floor(1.25, 1)', 1.2],
    ['ceil(1.21, 1)', 1.3],
    ['0.1 + 0.2 == 0.3', 1],
    ['0.1 + 0.2 > 0.3', 0],
    ['0.1 + 0.2 <= 0.3', 1],
    ['not 0', 1],
    ['not 2', 0],
    ['2 and 0', 0],
    ['0 or 3', 1],
    ['not 1 > 0', 0],
    ['5 > 3 ? 10 : 20', 10],
    ['true + 1', 2],
    ['log(8, 2)', 3],
    ['-1 / 0', -Infinity],
  ])('%s = %s', (expr, want) => {
    expect(evaluate(expr)).toBe(want);
  });

  it.each([
    ['a b', '只能是一个算式'],
    ['2 a', '只能是一个算式'],
    ['2a', '不能以数字开头'],
    ['a < b < c', '连续比较'],
    ['a && b', '请用 and'],
    ['a || b', '请用 or'],
    ['a === b', '请用 =='],
    ['min + 1', 'min 是函数名'],
    ['this', 'this'],
    ['null', 'null'],
    ['(a + 1', '缺少右括号'],
    ['a ? b', '缺少“:”'],
    ['在校生 + 1', '变量名 在校生 无效'],
    ['round(a, b)', ''],
  ])('refuses %s in Chinese', (expr, msg) => {
    const c = compileFormula(expr);
    if (expr === 'round(a, b)') {
      // Compiles; a bad decimals argument is refused when evaluated, never rounded somehow.
      expect(c.ok).toBe(true);
      if (c.ok) expect(() => c.formula.evaluate({ a: 1.5, b: 0.5 })).toThrow('函数 round 的小数位数应为 0～12 的整数（现为 0.5）');
      return;
    }
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.error).toContain(msg);
      // jsep's own (English) words never reach the user.
      expect(c.error).not.toMatch(/Unexpected|Expected|character|Variable|Unclosed/);
    }
  });
});

describe('reading a formula in Chinese', () => {
  const labels: Record<string, string> = { teachersAboveDegree: '高于规定学历的专任教师数', pupils: '在校生数', a: '甲', b: '乙', c: '丙' };
  const read = (expr: string) => {
    const c = compileFormula(expr);
    if (!c.ok) throw new Error(c.error);
    return c.formula.read((n) => labels[n] ?? '？');
  };

  it('replaces every variable by its label and writes operators as users do', () => {
    expect(read('teachersAboveDegree / pupils * 100')).toBe('高于规定学历的专任教师数 ÷ 在校生数 × 100');
    expect(read('a >= 0.85 and b != 1')).toBe('甲 ≥ 0.85 且 乙 ≠ 1');
    expect(read('max(a, b) - min(a, c)')).toBe('较大值(甲, 乙) − 较小值(甲, 丙)');
  });

  it('keeps the parentheses the structure needs and no others', () => {
    expect(read('(a + b) * c')).toBe('(甲 + 乙) × 丙');
    expect(read('a + (b * c)')).toBe('甲 + 乙 × 丙');
    expect(read('a - (b - c)')).toBe('甲 − (乙 − 丙)');
    expect(read('-a^2')).toBe('−甲 ^ 2');
    expect(read('(-a)^2')).toBe('(−甲) ^ 2');
    expect(evaluate('(-2)^2')).toBe(4);
    expect(evaluate('-(2)^2')).toBe(-4);
    expect(evaluate('--2^2')).toBe(4);
    expect(read('a > 1 ? b : c')).toBe('若 甲 > 1 则 乙，否则 丙');
    expect(read('(a > 1 ? b : c) + 1')).toBe('(若 甲 > 1 则 乙，否则 丙) + 1');
    expect(read('a mod 3')).toBe('(甲 ÷ 3 的余数)');
  });
});

describe('CSP without unsafe-eval', () => {
  const realFunction = globalThis.Function;
  const realEval = globalThis.eval;
  afterEach(() => {
    globalThis.Function = realFunction;
    globalThis.eval = realEval;
    vi.resetModules();
  });

  it('loads the parser and evaluates formulas with eval and Function disabled', async () => {
    let calls = 0;
    const trap = new Proxy(realFunction, {
      apply() {
        calls++;
        throw new Error('Function() is blocked');
      },
      construct() {
        calls++;
        throw new Error('new Function() is blocked');
      },
    });
    vi.resetModules();
    globalThis.Function = trap;
    globalThis.eval = (() => {
      calls++;
      throw new Error('eval is blocked');
    }) as typeof eval;
    const fresh = await import('./formula.js');
    const c = fresh.compileFormula('max(a / b * 100, 0) >= 4.2 ? 1 : 0');
    expect(c.ok).toBe(true);
    if (c.ok) expect(c.formula.evaluate({ a: 21, b: 500 })).toBe(1);
    expect(calls).toBe(0);
    // The trap itself works, so a zero count means nothing tried.
    expect(() => new Function('return 1')).toThrow('blocked');
  });
});
