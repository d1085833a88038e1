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

  it('allows exactly the documented functions', () => {
    for (const fn of ALLOWED_FUNCTIONS) {
      const c = compileFormula(`${fn}(4, 2)`);
      expect(c.ok, fn).toBe(true);
    }
    expect(compileFormula('sin(1)').ok).toBe(false);
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

  it('loads mathjs and evaluates formulas with eval and Function disabled', async () => {
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
