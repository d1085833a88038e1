/**
 * Safe formula evaluation on a restricted mathjs instance.
 *
 * Why mathjs and not eval: formulas come from user-edited systems and Excel files, and the
 * renderer runs under a CSP without 'unsafe-eval'. mathjs parses to an AST and compiles it to
 * plain closures (no eval / new Function), which the formula tests verify by trapping both.
 *
 * Defence in depth, following the mathjs security notes:
 *  1. import/createUnit/evaluate/parse/simplify/derivative/resolve/compile/reviver are replaced
 *     with throwing stubs on our private instance, so an expression can never reach them;
 *  2. every expression is parsed and its AST checked against a whitelist of node types,
 *     operators and functions before it is compiled (no assignments, no function definitions,
 *     no property access, no matrices, no units, no strings);
 *  3. the scope passed in is a Map of plain numbers (no prototype lookups).
 */
import { all, create, type MathNode } from 'mathjs';

const math = create(all, { number: 'number' });

// Keep the compiler/parser for ourselves before stubbing the public entry points.
const parseExpression = math.parse;

const disabled = (name: string) =>
  function disabledFunction(): never {
    throw new Error(`函数 ${name} 在指标公式中不可用`);
  };
math.import(
  {
    import: disabled('import'),
    createUnit: disabled('createUnit'),
    evaluate: disabled('evaluate'),
    parse: disabled('parse'),
    compile: disabled('compile'),
    simplify: disabled('simplify'),
    derivative: disabled('derivative'),
    resolve: disabled('resolve'),
    reviver: disabled('reviver'),
  },
  { override: true },
);

/** Functions an indicator formula may call. */
export const ALLOWED_FUNCTIONS: readonly string[] = [
  'min', 'max', 'abs', 'round', 'floor', 'ceil', 'sqrt', 'pow', 'exp', 'log', 'log10', 'mean', 'sum', 'hypot',
];

/** Named constants accepted besides variables. */
const ALLOWED_CONSTANTS = new Set(['pi', 'e', 'true', 'false']);

const ALLOWED_OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod',
  'larger', 'largerEq', 'smaller', 'smallerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);

export interface CompiledFormula {
  expression: string;
  /** Variable names the expression reads, in first-use order. */
  variables: string[];
  evaluate(values: Readonly<Record<string, number>>): number;
}

export type FormulaParseResult = { ok: true; formula: CompiledFormula } | { ok: false; error: string };

const cache = new Map<string, FormulaParseResult>();

/**
 * Parses and checks a formula. Errors are Chinese and say what is not allowed.
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

function compileUncached(expression: string): FormulaParseResult {
  if (expression.trim() === '') return { ok: false, error: '公式为空' };
  let root: MathNode;
  try {
    root = parseExpression(expression);
  } catch (e) {
    return { ok: false, error: `公式无法解析：${(e as Error).message}` };
  }
  const variables: string[] = [];
  let error: string | null = null;
  const functionNames = new Set<MathNode>();
  root.traverse((node, _path, parent) => {
    if (error) return;
    switch (node.type) {
      case 'ConstantNode': {
        const v = (node as unknown as { value: unknown }).value;
        if (typeof v !== 'number' && typeof v !== 'boolean') error = `公式中不允许使用文本常量 ${String(v)}`;
        return;
      }
      case 'ParenthesisNode':
      case 'ConditionalNode':
        return;
      case 'OperatorNode': {
        const fn = (node as unknown as { fn: string; op: string }).fn;
        if (!ALLOWED_OPERATORS.has(fn)) error = `公式中不允许使用运算符 ${(node as unknown as { op: string }).op}`;
        return;
      }
      case 'FunctionNode': {
        const fnNode = (node as unknown as { fn: MathNode }).fn;
        const name = fnNode.type === 'SymbolNode' ? (fnNode as unknown as { name: string }).name : null;
        if (name === null || !ALLOWED_FUNCTIONS.includes(name)) error = `公式中不允许调用函数 ${name ?? fnNode.toString()}`;
        else functionNames.add(fnNode);
        return;
      }
      case 'SymbolNode': {
        if (functionNames.has(node)) return;
        if (parent && parent.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === node) return;
        const name = (node as unknown as { name: string }).name;
        if (ALLOWED_CONSTANTS.has(name)) return;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          error = `变量名 ${name} 无效（只能使用英文字母、数字和下划线）`;
          return;
        }
        if (!variables.includes(name)) variables.push(name);
        return;
      }
      default:
        error = `公式中不允许使用 ${node.type === 'AssignmentNode' || node.type === 'FunctionAssignmentNode' ? '赋值或定义函数' : node.type === 'AccessorNode' || node.type === 'ObjectNode' ? '属性访问或对象' : node.type === 'ArrayNode' || node.type === 'IndexNode' || node.type === 'RangeNode' ? '数组或下标' : `语法 ${node.type}`}`;
    }
  });
  if (error) return { ok: false, error };
  const code = root.compile();
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
        const out: unknown = code.evaluate(scope);
        if (typeof out === 'boolean') return out ? 1 : 0;
        if (typeof out !== 'number') throw new FormulaValueError('公式结果不是数值');
        return out;
      },
    },
  };
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
