/**
 * 整改台账 (issue 14): the states of a rectification item and the moves between them.
 *
 * 未启动 → 整改中 → 已完成待核验 → 已销号, with 核验未通过 sending an item back to 整改中 and 重新整改
 * reopening a closed one. 逾期 is not a state: it is derived from the deadline (supervision.ts), so an
 * item never has to be "moved" to overdue and cannot be forgotten there. Source: issue 14 item 3;
 * domain.md §7.3 (状态 and 销号 columns), §10 item 7; pitfalls.md (重填表轻执行: 销号 needs evidence
 * and a second person's verification).
 */

export const RECTIFICATION_STATES = ['not_started', 'in_progress', 'awaiting_verification', 'closed'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

export const RECTIFICATION_STATE_LABELS: Record<RectificationState, string> = {
  not_started: '未启动',
  in_progress: '整改中',
  awaiting_verification: '已完成待核验',
  closed: '已销号',
};

/** What a user (or a re-check from data) does to an item's state. */
export const RECTIFICATION_ACTIONS = ['start', 'report_done', 'verify_pass', 'verify_fail', 'reopen', 'revert'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export const RECTIFICATION_ACTION_LABELS: Record<RectificationAction, string> = {
  start: '开始整改',
  report_done: '报告整改完成',
  verify_pass: '核验通过并销号',
  verify_fail: '核验未通过',
  reopen: '重新整改',
  revert: '退回上一状态',
};

/** One move: the states it starts from, where it goes, and what it needs. */
interface Move {
  from: readonly RectificationState[];
  /** For `revert`, resolved from the current state (REVERT_TO). */
  to: RectificationState | 'previous';
  /** A reason is required (every move back, and a failed verification). */
  reason: boolean;
  /** At least one evidence file is required (completion and 销号). */
  evidence: boolean;
}

const MOVES: Record<RectificationAction, Move> = {
  start: { from: ['not_started'], to: 'in_progress', reason: false, evidence: false },
  report_done: { from: ['not_started', 'in_progress'], to: 'awaiting_verification', reason: false, evidence: true },
  verify_pass: { from: ['awaiting_verification'], to: 'closed', reason: false, evidence: true },
  verify_fail: { from: ['awaiting_verification'], to: 'in_progress', reason: true, evidence: false },
  reopen: { from: ['closed'], to: 'in_progress', reason: true, evidence: false },
  revert: { from: ['in_progress', 'awaiting_verification'], to: 'previous', reason: true, evidence: false },
};

/** Where 退回上一状态 leads: back one step (a closed item is reopened, not reverted). */
const REVERT_TO: Partial<Record<RectificationState, RectificationState>> = {
  in_progress: 'not_started',
  awaiting_verification: 'in_progress',
};

/** What a move needs to know about the item and the person making it. */
export interface MoveContext {
  state: RectificationState;
  /** The operator (operators.id) making the move; null when no operator is chosen. */
  operatorId: number | null;
  operatorName: string;
  /** The operator who reported completion (the last report_done, or the data re-check's operator). */
  reportedBy: { id: number | null; name: string } | null;
  reason: string;
  evidenceCount: number;
}

/** The allowed actions from a state, in the order a screen offers them. */
export function actionsFrom(state: RectificationState): RectificationAction[] {
  return RECTIFICATION_ACTIONS.filter((a) => MOVES[a].from.includes(state));
}

/** Where an action leads from a state, or null when it is not allowed from there. */
export function targetOf(state: RectificationState, action: RectificationAction): RectificationState | null {
  const m = MOVES[action];
  if (!m.from.includes(state)) return null;
  return m.to === 'previous' ? (REVERT_TO[state] ?? null) : m.to;
}

/** Whether an action needs a reason / evidence (for the screen to ask before sending). */
export function requirementsOf(action: RectificationAction): { reason: boolean; evidence: boolean } {
  return { reason: MOVES[action].reason, evidence: MOVES[action].evidence };
}

/**
 * Checks one move; returns the target state or the Chinese reason it is refused. 销号 needs a named
 * operator other than the one who reported completion (pitfalls.md: items closed without a reviewer),
 * and evidence; every move back needs a reason.
 */
export function checkMove(action: RectificationAction, c: MoveContext): { ok: true; to: RectificationState } | { ok: false; message: string } {
  const to = targetOf(c.state, action);
  if (to === null) {
    return { ok: false, message: `当前状态为“${RECTIFICATION_STATE_LABELS[c.state]}”，不能“${RECTIFICATION_ACTION_LABELS[action]}”` };
  }
  const m = MOVES[action];
  if (m.reason && !c.reason.trim()) return { ok: false, message: `“${RECTIFICATION_ACTION_LABELS[action]}”须填写原因` };
  if (m.evidence && c.evidenceCount === 0) {
    return { ok: false, message: action === 'verify_pass' ? '销号须附核验佐证材料（至少一个文件）' : '报告整改完成须附佐证材料（至少一个文件）' };
  }
  if (action === 'verify_pass' || action === 'verify_fail') {
    if (c.operatorId === null) return { ok: false, message: '核验须由具名操作人进行，请先在右上角选择操作人' };
    if (c.reportedBy && c.reportedBy.id === c.operatorId) {
      return { ok: false, message: `整改完成由“${c.reportedBy.name}”报告，核验须由另一位操作人进行（不能自报自验）` };
    }
  }
  return { ok: true, to };
}
