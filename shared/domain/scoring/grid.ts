/**
 * 评分总表 (the round's grid, issue 12 item 8): how one score travels in the grid — as one scalar
 * per cell (a “mark”) instead of the contract's answer object, so that a round of 300 units × 100
 * leaves × several score kinds stays small — and how a mark turns back into the answer the
 * indicator engine and scoring.setScore take. Which field a mark stands for follows from the leaf's
 * scoring method, never from the value's shape alone (达标 and 存在该情形 are both yes/no).
 * Pure; shared by main/services/scoring/grid-service.ts and the renderer's grid model.
 */
import type { IndicatorNode } from '../indicators/schema';
import { round2 } from './reconcile';

/**
 * How a leaf is scored in the grid: the hand-scored methods of the indicator schema, or `computed`
 * for leaves the engine computes from statistics (formula, count) or that have no scoring.
 */
export type GridMethod = 'grade' | 'points' | 'bonus' | 'deduction' | 'boolean' | 'veto' | 'computed';
export const GRID_METHODS = ['grade', 'points', 'bonus', 'deduction', 'boolean', 'veto', 'computed'] as const satisfies readonly GridMethod[];

/**
 * A score in the grid: a grade's label (text), points (分, a number), or yes/no (a boolean: for a
 * `boolean` leaf true = 达标, for a `veto` leaf true = 存在该情形). No score is represented by the
 * cell leaving the mark out, never by a made-up value.
 */
export type GridMark = string | number | boolean;

/** A score as the contract and the engine take it (ScoreAnswer, LeafInput): one field, by method. */
export interface MarkAnswer {
  grade?: string;
  points?: number;
  met?: boolean;
  triggered?: boolean;
}

/** The grid's method of a leaf. */
export function gridMethodOf(node: Pick<IndicatorNode, 'scoring'>): GridMethod {
  const m = node.scoring?.method;
  return m === 'grade' || m === 'points' || m === 'bonus' || m === 'deduction' || m === 'boolean' || m === 'veto' ? m : 'computed';
}

/** The mark of an answer (undefined: no answer, or one with no field set). */
export function markOf(answer: MarkAnswer | null | undefined): GridMark | undefined {
  if (!answer) return undefined;
  if (answer.grade !== undefined) return answer.grade;
  if (answer.points !== undefined) return answer.points;
  if (answer.met !== undefined) return answer.met;
  if (answer.triggered !== undefined) return answer.triggered;
  return undefined;
}

/**
 * The answer a mark stands for on a leaf of `method`; null when the mark does not fit the method
 * (a number on a grade leaf): such a mark is not read as anything else.
 */
export function answerOfMark(method: GridMethod, mark: GridMark): MarkAnswer | null {
  switch (method) {
    case 'grade':
      return typeof mark === 'string' ? { grade: mark } : null;
    case 'points':
    case 'bonus':
    case 'deduction':
      return typeof mark === 'number' && Number.isFinite(mark) ? { points: mark } : null;
    case 'boolean':
      return typeof mark === 'boolean' ? { met: mark } : null;
    case 'veto':
      return typeof mark === 'boolean' ? { triggered: mark } : null;
    default:
      return null;
  }
}

/** The words of the two yes/no methods, as the score sheets and packages use them (format.ts MET_WORDS, VETO_WORDS). */
export const YES_NO_WORDS = { boolean: { yes: '达标', no: '未达标' }, veto: { yes: '存在', no: '不存在' } } as const;

/** A mark as a cell shows it: the grade, the points (up to 2 decimals, no unit), 达标/未达标, 存在/不存在. */
export function markText(method: GridMethod, mark: GridMark | undefined): string {
  if (mark === undefined) return '';
  if (typeof mark === 'boolean') {
    const words = method === 'veto' ? YES_NO_WORDS.veto : YES_NO_WORDS.boolean;
    return mark ? words.yes : words.no;
  }
  if (typeof mark === 'number') return String(round2(mark));
  return mark;
}
