/**
 * Safe formula evaluation: jsep parses, our own whitelist checks and our own interpreter evaluates.
 *
 * Why not eval: formulas come from user-edited systems and Excel files, and the renderer runs
 * under a CSP without 'unsafe-eval'. Why not mathjs (used until issue 10): the whole library was
 * bundled (≈ 660 kB minified) for arithmetic, comparisons and 14 functions. jsep (MIT, ≈ 11 kB) is a
 * maintained expression parser that produces an ESTree-like AST and evaluates nothing itself;
 * the interpreter below walks that AST with plain functions (no eval / new Function — the formula
 * tests trap both).
 *
 * Syntax (kept from the mathjs days, so stored formulas keep their meaning):
 *  - numbers (1, 0.5, .5, 1e3), named values (ASCII letters, digits, _), constants pi, e, true, false;
 *  - + − * / ^ (power, right-associative, binds tighter than a leading minus: -2^2 = -4), mod and %;
 *  - comparisons > >= < <= == != (results 1 / 0), and, or, not, and `test ? a : b`;
 *  - the functions in {@link ALLOWED_FUNCTIONS}, with their argument counts checked when parsing.
 * Numbers behave as mathjs computed them for plain numbers: comparisons, floor and ceil treat two
 * values within a relative 1e-12 (absolute 1e-15) as equal, round is half away from zero
 * (format.ts), mod is x − y·floor(x / y) with that floor (x mod 0 = x), division by zero gives ±Infinity.
 *
 * Defence in depth:
 *  1. jsep is configured once, here (its operator tables are process-wide; nothing else in the
 *     app uses jsep): assignments, objects and `!` do not parse at all;
 *  2. every AST node is checked against a whitelist of node types, operators and functions and
 *     turned into our own small tree; anything else (member access, arrays, strings, this, null,
 *     several expressions) is refused with a Chinese message;
 *  3. values are read from the caller's record with hasOwnProperty (no prototype lookups) and must
 *     be numbers; functions are looked up in a Map, never on an object.
 */
import jsep from 'jsep';
import { roundHalfUp } from './format.js';

jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('mod', 10);
// In jsep ^ is bit-wise xor; in formulas (as in mathjs) it is the power, right-associative.
jsep.removeBinaryOp('^');
jsep.addBinaryOp('^', 11, true);
jsep.addUnaryOp('not');
// mathjs read "5!" as a factorial and "~" as a bit-wise not: neither is allowed, so neither parses.
jsep.removeUnaryOp('!');
jsep.removeUnaryOp('~');
// jsep drops parentheses, but "(-2)^2" and "-2^2" differ (4 and -4): keep each group as a node.
jsep.hooks.add('gobble-token', function keepGroups(env) {
  if (this.code !== 40 /* ( */) return;
  const inner = this.gobbleGroup();
  if (!inner) this.throwError('Expected expression');
  env.node = { type: 'Group', expression: inner };
});

type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | '>' | '>=' | '<' | '<=' | '==' | '!=' | 'and' | 'or';
type UnaryOp = '-' | '+' | 'not';

/** The checked formula tree (what the interpreter and the Chinese reading walk). */
type FNode =
  | { k: 'num'; v: number; raw: string }
  | { k: 'var'; name: string }
  | { k: 'const'; name: string; v: number }
  | { k: 'unary'; op: UnaryOp; a: FNode }
  | { k: 'binary'; op: BinaryOp; a: FNode; b: FNode }
  | { k: 'cond'; test: FNode; then: FNode; else: FNode }
  | { k: 'call'; fn: string; args: FNode[] }
  /** Parentheses as written; only {@link hoistPowerSign} looks at them, then they are dropped. */
  | { k: 'group'; a: FNode };

const BINARY: Record<string, BinaryOp> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '^': '^', mod: 'mod', '%': 'mod',
  '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '==', '!=': '!=', and: 'and', or: 'or',
};
const COMPARISONS = new Set<BinaryOp>(['>', '>=', '<', '<=', '==', '!=']);
/** Operators users type from other languages, answered with the one to use instead. */
const INSTEAD: Record<string, string> = { '&&': 'and', '||': 'or', '===': '==', '!==': '!=', '**': '^' };

/** mathjs's default tolerances for plain numbers (config relTol / absTol). */
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** Decimal shift by string exponent, so 1.15 × 10 is exactly 11.5 (as roundHalfUp does). */
function shift(x: number, places: number): number {
  const [m, e = '0'] = x.toPrecision(15).split('e');
  return Number(`${m}e${Number(e) + places}`);
}

function decimalsArg(fn: string, n: number | undefined): number {
  if (n === undefined) return 0;
  if (!Number.isInteger(n) || n < 0 || n > 12) throw new FormulaValueError(`函数 ${fn} 的小数位数应为 0～12 的整数（现为 ${n}）`);
  return n;
}

/** floor / ceil as mathjs: a value within float noise of its rounded value is that value (2.9999999999999996 → 3). */
function roundTowards(fn: 'floor' | 'ceil', x: number, places?: number): number {
  const d = decimalsArg(fn, places);
  const r = roundHalfUp(x, d);
  const scaled = shift(x, d);
  const cut = shift(fn === 'floor' ? Math.floor(scaled) : Math.ceil(scaled), -d);
  const out = nearlyEqual(x, r) && !nearlyEqual(x, cut) ? r : cut;
  return out === 0 ? 0 : out; // no -0
}

interface FunctionDef {
  min: number;
  max: number;
  apply: (xs: number[]) => number;
  /** How the Chinese reading names the function. */
  reading: string;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const FUNCTIONS = new Map<string, FunctionDef>([
  ['min', { min: 1, max: Infinity, apply: (xs) => Math.min(...xs), reading: '较小值' }],
  ['max', { min: 1, max: Infinity, apply: (xs) => Math.max(...xs), reading: '较大值' }],
  ['abs', { min: 1, max: 1, apply: ([x]) => Math.abs(x!), reading: '绝对值' }],
  ['round', { min: 1, max: 2, apply: ([x, n]) => roundHalfUp(x!, decimalsArg('round', n)), reading: '四舍五入' }],
  ['floor', { min: 1, max: 2, apply: ([x, n]) => roundTowards('floor', x!, n), reading: '向下取整' }],
  ['ceil', { min: 1, max: 2, apply: ([x, n]) => roundTowards('ceil', x!, n), reading: '向上取整' }],
  ['sqrt', { min: 1, max: 1, apply: ([x]) => Math.sqrt(x!), reading: '平方根' }],
  ['pow', { min: 2, max: 2, apply: ([x, y]) => Math.pow(x!, y!), reading: '乘方' }],
  ['exp', { min: 1, max: 1, apply: ([x]) => Math.exp(x!), reading: 'e 的乘方' }],
  ['log', { min: 1, max: 2, apply: ([x, b]) => (b === undefined ? Math.log(x!) : Math.log(x!) / Math.log(b)), reading: '对数' }],
  ['log10', { min: 1, max: 1, apply: ([x]) => Math.log10(x!), reading: '常用对数' }],
  ['mean', { min: 1, max: Infinity, apply: (xs) => sum(xs) / xs.length, reading: '平均值' }],
  ['sum', { min: 1, max: Infinity, apply: sum, reading: '合计' }],
  ['hypot', { min: 1, max: Infinity, apply: (xs) => Math.hypot(...xs), reading: '平方和的平方根' }],
]);

/** Functions an indicator formula may call. */
export const ALLOWED_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys()];

/** Named constants accepted besides variables. */
const CONSTANTS = new Map<string, number>([['pi', Math.PI], ['e', Math.E], ['true', 1], ['false', 0]]);

export interface CompiledFormula {
  expression: string;
  /** Variable names the expression reads, in first-use order. */
  variables: string[];
  /**
   * The value for `values` (every variable must be there as a number; booleans come out as 1 / 0).
   * Throws {@link FormulaValueError} for a missing value or a bad function argument.
   */
  evaluate(values: Readonly<Record<string, number>>): number;
  /**
   * The formula in words for users, each variable replaced by `labelOf(name)` (its Chinese label),
   * e.g. "高于规定学历的专任教师数 ÷ 在校生数 × 100".
   */
  read(labelOf: (name: string) => string): string;
}

export type FormulaParseResult = { ok: true; formula: CompiledFormula } | { ok: false; error: string };

const cache = new Map<string, FormulaParseResult>();

/**
 * Parses and checks a formula. Errors are Chinese and say what is not allowed and where.
 * Results are cached by expression text (formulas are evaluated for many schools).
 */
export function compileFormula(expression: string): FormulaParseResult {
  const hit = cache.get(expression);
  if (hit) return hit;
  const result = compileUncached(expression);
  if (cache.size > 1000) cache.clear();
  cache.set(expression, result);
  return result;
}

class Refused extends Error {}

function compileUncached(expression: string): FormulaParseResult {
  if (expression.trim() === '') return { ok: false, error: '公式为空' };
  let ast: jsep.Expression;
  try {
    ast = jsep(expression);
  } catch (e) {
    return { ok: false, error: parseErrorText(expression, e as Error & { description?: string; index?: number }) };
  }
  const variables: string[] = [];
  let root: FNode;
  try {
    root = hoistPowerSign(check(ast, variables));
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.message };
    throw e;
  }
  return {
    ok: true,
    formula: {
      expression,
      variables,
      evaluate(values) {
        const scope = new Map<string, number>();
        for (const name of variables) {
          const v = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
          if (typeof v !== 'number' || Number.isNaN(v)) throw new FormulaValueError(`缺少数据：${name}`, name);
          scope.set(name, v);
        }
        return run(root, scope);
      },
      read: (labelOf) => print(root, 0, labelOf),
    },
  };
}

/** jsep's English parse errors, said in Chinese with the place (1-based character). */
function parseErrorText(expression: string, e: Error & { description?: string; index?: number }): string {
  // What the text plainly tries to do says more than the place where parsing stopped.
  if (/(^|[^=!<>])=($|[^=])/.test(expression)) return '公式中不允许使用赋值或定义函数（判断相等请用 ==）';
  const call = /([A-Za-z_$][\w$]*)\s*\(/g;
  for (let m = call.exec(expression); m; m = call.exec(expression)) if (!FUNCTIONS.has(m[1]!)) return `公式中不允许调用函数 ${m[1]}`;
  if (/[{}]/.test(expression)) return '公式中不允许使用属性访问或对象';
  const d = e.description ?? e.message;
  const at = typeof e.index === 'number' ? `第 ${Math.min(e.index, expression.length) + 1} 个字符处` : '';
  const unexpected = /^Unexpected (?:token )?"?(.+?)"?$/.exec(d)?.[1];
  if (unexpected === '=') return '公式中不允许使用赋值或定义函数（判断相等请用 ==）';
  if (unexpected === '{' || unexpected === '}') return '公式中不允许使用属性访问或对象';
  if (unexpected === '"' || unexpected === "'") return '公式中不允许使用文本常量';
  if (unexpected !== undefined && /^[!~&|@#$\\]$/.test(unexpected)) return `公式中不允许使用运算符 ${unexpected}`;
  if (d === 'missing unaryOp argument') return `公式无法解析：${at}的正负号后缺少数值`;
  let what: string;
  if (unexpected !== undefined) what = `${at}的“${unexpected}”无法识别`;
  else if (d.startsWith('Expected expression after ')) what = `“${d.slice('Expected expression after '.length)}”后缺少数值或数据`;
  else if (d.startsWith('Variable names cannot start with a number')) what = `${at}：数据名称不能以数字开头；数字与数据相乘请写 *（如 2 * a）`;
  else if (d.startsWith('Expected exponent')) what = `${at}的科学计数法缺少指数（如 1e3）`;
  else if (d === 'Unexpected period') what = `${at}的小数点位置有误`;
  else if (d.startsWith('Unclosed quote')) return '公式中不允许使用文本常量';
  else if (d === 'Unclosed (' || d === 'Expected )') what = '缺少右括号“)”';
  else if (d === 'Unclosed [') return '公式中不允许使用数组或下标';
  else if (d === 'Expected comma') what = `${at}缺少逗号，或括号不配对`;
  else if (d === 'Expected :') what = '条件式缺少“:”（写法：条件 ? 值1 : 值2）';
  else if (d === 'Expected expression') what = `${at}缺少数值或数据`;
  else what = `${at}有误`;
  return `公式无法解析：${what}`;
}

const refuse = (message: string): never => {
  throw new Refused(message);
};

/** Whitelist check of one jsep node; returns our tree and collects variable names. */
function check(n: jsep.Expression, variables: string[]): FNode {
  switch (n.type) {
    case 'Literal': {
      const v = (n as jsep.Literal).value;
      if (typeof v === 'number') return { k: 'num', v, raw: (n as jsep.Literal).raw };
      if (typeof v === 'boolean') return { k: 'const', name: String(v), v: v ? 1 : 0 };
      if (typeof v === 'string') return refuse(`公式中不允许使用文本常量 ${v}`);
      return refuse(`公式中不允许使用 ${String((n as jsep.Literal).raw)}`);
    }
    case 'Identifier': {
      const name = (n as jsep.Identifier).name;
      const c = CONSTANTS.get(name);
      if (c !== undefined) return { k: 'const', name, v: c };
      if (FUNCTIONS.has(name)) return refuse(`${name} 是函数名，不能当作数据使用（调用请写 ${name}(…)）`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return refuse(`变量名 ${name} 无效（只能使用英文字母、数字和下划线）`);
      if (!variables.includes(name)) variables.push(name);
      return { k: 'var', name };
    }
    case 'UnaryExpression': {
      const u = n as jsep.UnaryExpression;
      if (u.operator !== '-' && u.operator !== '+' && u.operator !== 'not') return refuse(`公式中不允许使用运算符 ${u.operator}`);
      return { k: 'unary', op: u.operator, a: check(u.argument, variables) };
    }
    case 'BinaryExpression': {
      const b = n as jsep.BinaryExpression;
      const op = BINARY[b.operator];
      if (!op) return refuse(`公式中不允许使用运算符 ${b.operator}${INSTEAD[b.operator] ? `（请用 ${INSTEAD[b.operator]}）` : ''}`);
      const a = check(b.left, variables);
      const c = check(b.right, variables);
      // a < b < c meant a chained comparison in mathjs; read as (a < b) < c it would silently differ.
      if (COMPARISONS.has(op) && [a, c].some((x) => x.k === 'binary' && COMPARISONS.has(x.op)))
        return refuse('公式中不允许连续比较（如 a < b < c），请写成 a < b and b < c');
      return { k: 'binary', op, a, b: c };
    }
    case 'ConditionalExpression': {
      const c = n as jsep.ConditionalExpression;
      return { k: 'cond', test: check(c.test, variables), then: check(c.consequent, variables), else: check(c.alternate, variables) };
    }
    case 'CallExpression': {
      const c = n as jsep.CallExpression;
      const name = c.callee.type === 'Identifier' ? (c.callee as jsep.Identifier).name : null;
      const def = name === null ? undefined : FUNCTIONS.get(name);
      if (name === null || !def) return refuse(`公式中不允许调用函数 ${name ?? '（表达式）'}`);
      const count = c.arguments.length;
      if (count < def.min || count > def.max)
        return refuse(`函数 ${name} 需要 ${def.min === def.max ? def.min : def.max === Infinity ? `至少 ${def.min}` : `${def.min}～${def.max}`} 个参数，现有 ${count} 个`);
      return { k: 'call', fn: name, args: c.arguments.map((x) => check(x, variables)) };
    }
    case 'MemberExpression':
      return refuse('公式中不允许使用属性访问或对象');
    case 'ArrayExpression':
      return refuse('公式中不允许使用数组或下标');
    case 'Compound':
    case 'SequenceExpression':
      return refuse('公式只能是一个算式；两个量相乘请写 *（如 2 * a），多个参数只能写在函数括号内');
    case 'ThisExpression':
      return refuse('公式中不允许使用 this');
    case 'Group':
      return { k: 'group', a: check(n.expression as jsep.Expression, variables) };
    default:
      return refuse(`公式中不允许使用语法 ${n.type}`);
  }
}

/**
 * jsep binds a leading sign tighter than ^ ("-2^2" → (-2)^2); formulas (as mathjs) read it as
 * -(2^2). Rewrites (sign x)^y to sign (x^y) unless the sign was in parentheses as written, and
 * drops the group nodes (printing puts back the parentheses the structure needs).
 */
function hoistPowerSign(n: FNode): FNode {
  switch (n.k) {
    case 'group':
      return hoistPowerSign(n.a);
    case 'unary':
      return { ...n, a: hoistPowerSign(n.a) };
    case 'binary': {
      if (n.op === '^' && n.a.k === 'unary') {
        const sign = n.a;
        return { k: 'unary', op: sign.op, a: hoistPowerSign({ k: 'binary', op: '^', a: sign.a, b: n.b }) };
      }
      return { ...n, a: hoistPowerSign(n.a), b: hoistPowerSign(n.b) };
    }
    case 'cond':
      return { k: 'cond', test: hoistPowerSign(n.test), then: hoistPowerSign(n.then), else: hoistPowerSign(n.else) };
    case 'call':
      return { ...n, args: n.args.map(hoistPowerSign) };
    default:
      return n;
  }
}

const truth = (x: number) => x !== 0 && !Number.isNaN(x);

function run(n: FNode, scope: ReadonlyMap<string, number>): number {
  switch (n.k) {
    case 'num':
    case 'const':
      return n.v;
    case 'var':
      return scope.get(n.name)!;
    case 'group':
      return run(n.a, scope);
    case 'unary': {
      const a = run(n.a, scope);
      return n.op === '-' ? -a : n.op === '+' ? a : truth(a) ? 0 : 1;
    }
    case 'cond':
      return truth(run(n.test, scope)) ? run(n.then, scope) : run(n.else, scope);
    case 'call':
      return FUNCTIONS.get(n.fn)!.apply(n.args.map((x) => run(x, scope)));
    case 'binary': {
      const a = run(n.a, scope);
      const b = run(n.b, scope);
      switch (n.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        case 'mod': return b === 0 ? a : a - b * roundTowards('floor', a / b);
        case '>': return a > b && !nearlyEqual(a, b) ? 1 : 0;
        case '>=': return a >= b || nearlyEqual(a, b) ? 1 : 0;
        case '<': return a < b && !nearlyEqual(a, b) ? 1 : 0;
        case '<=': return a <= b || nearlyEqual(a, b) ? 1 : 0;
        case '==': return nearlyEqual(a, b) ? 1 : 0;
        case '!=': return nearlyEqual(a, b) ? 0 : 1;
        case 'and': return truth(a) && truth(b) ? 1 : 0;
        case 'or': return truth(a) || truth(b) ? 1 : 0;
      }
    }
  }
}

// ------------------------------------------------------------------ Chinese reading

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1, and: 2, '>': 6, '>=': 6, '<': 6, '<=': 6, '==': 6, '!=': 6, '+': 9, '-': 9, '*': 10, '/': 10, mod: 10, '^': 12,
};
const UNARY_PRECEDENCE = 11;
const SYMBOL: Record<BinaryOp, string> = {
  '+': '+', '-': '−', '*': '×', '/': '÷', '^': '^', mod: 'mod', '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠', and: '且', or: '或',
};
const CONSTANT_READING: Record<string, string> = { pi: 'π', e: 'e', true: '是', false: '否' };

function precedenceOf(n: FNode): number {
  if (n.k === 'binary') return PRECEDENCE[n.op];
  if (n.k === 'unary') return UNARY_PRECEDENCE;
  if (n.k === 'cond') return 0;
  if (n.k === 'group') return precedenceOf(n.a);
  return 100;
}

/** Prints `n` for users; parentheses only where the structure needs them. */
function print(n: FNode, need: number, labelOf: (name: string) => string): string {
  const wrap = (s: string) => (precedenceOf(n) < need ? `(${s})` : s);
  switch (n.k) {
    case 'num':
      return n.raw;
    case 'const':
      return CONSTANT_READING[n.name] ?? n.name;
    case 'var':
      return labelOf(n.name);
    case 'group':
      return print(n.a, need, labelOf);
    case 'unary':
      return wrap(`${n.op === 'not' ? '非 ' : n.op === '-' ? '−' : '+'}${print(n.a, UNARY_PRECEDENCE, labelOf)}`);
    case 'cond':
      return wrap(`若 ${print(n.test, 1, labelOf)} 则 ${print(n.then, 1, labelOf)}，否则 ${print(n.else, 1, labelOf)}`);
    case 'call':
      return `${FUNCTIONS.get(n.fn)!.reading}(${n.args.map((a) => print(a, 0, labelOf)).join(', ')})`;
    case 'binary': {
      const p = PRECEDENCE[n.op];
      if (n.op === 'mod') return `(${print(n.a, p, labelOf)} ÷ ${print(n.b, p + 1, labelOf)} 的余数)`;
      const right = n.op === '^';
      return wrap(`${print(n.a, right ? p + 1 : p, labelOf)} ${SYMBOL[n.op]} ${print(n.b, right ? p : p + 1, labelOf)}`);
    }
  }
}

/** Raised for a missing or invalid input value; the engine turns it into an explanation. */
export class FormulaValueError extends Error {
  constructor(message: string, readonly variable?: string) {
    super(message);
    this.name = 'FormulaValueError';
  }
}

/** Variable names an expression reads ([] when it does not compile). */
export function formulaVariables(expression: string): string[] {
  const r = compileFormula(expression);
  return r.ok ? [...r.formula.variables] : [];
}
