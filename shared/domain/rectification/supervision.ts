/**
 * 逾期 and 三色督办 (issue 14 item 4): derived from an item's own deadline and today's date, never
 * stored, so a ledger opened a month later shows the escalation of that day. Only items still to be
 * rectified (未启动, 整改中) are due: an item reported done waits on the office, not on its unit.
 * Source: issue 14 items 3–4; pitfalls.md (escalation goes to the responsible unit of the item, by
 * its own deadline).
 */
import type { RectificationState } from './states';

/** How the office escalates: days before the deadline a reminder starts, and days past it for each colour. */
export interface SupervisionRules {
  /** 到期提醒: an item is 即将到期 this many days before its deadline (default 3). */
  reminderDays: number;
  /** 蓝色督办 from this many days past the deadline (default 1: the day after). */
  blueAfterDays: number;
  /** 黄色督办 from this many days past the deadline (default 15). */
  yellowAfterDays: number;
  /** 红色督办 from this many days past the deadline (default 30). */
  redAfterDays: number;
}

export const DEFAULT_SUPERVISION_RULES: SupervisionRules = { reminderDays: 3, blueAfterDays: 1, yellowAfterDays: 15, redAfterDays: 30 };

export type SupervisionLevel = 'blue' | 'yellow' | 'red';
export const SUPERVISION_LEVEL_LABELS: Record<SupervisionLevel, string> = { blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' };

export interface Supervision {
  /** Days from today to the deadline (negative: past it); null without a deadline. */
  daysLeft: number | null;
  /** Still to be rectified and past its deadline. */
  overdue: boolean;
  /** Still to be rectified and due within the reminder span (today included), not yet overdue. */
  dueSoon: boolean;
  level: SupervisionLevel | null;
  /** In words: “还剩 2 天到期”, “已逾期 16 天（黄色督办）”; '' when nothing to say. */
  text: string;
}

/** Whole days from `from` to `to` (ISO dates YYYY-MM-DD), by the calendar, not by hours. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

/** Refuses rules whose colours are out of order (the settings form shows the message). */
export function checkSupervisionRules(r: SupervisionRules): string | null {
  if (!(r.blueAfterDays >= 1)) return '蓝色督办应从逾期第 1 天或以后开始';
  if (!(r.yellowAfterDays > r.blueAfterDays)) return '黄色督办的逾期天数应大于蓝色督办的';
  if (!(r.redAfterDays > r.yellowAfterDays)) return '红色督办的逾期天数应大于黄色督办的';
  if (!(r.reminderDays >= 0)) return '到期提醒天数不能为负数';
  return null;
}

/** The supervision of one item on `today` (ISO date). */
export function supervisionOf(item: { state: RectificationState; deadline: string | null }, today: string, rules: SupervisionRules = DEFAULT_SUPERVISION_RULES): Supervision {
  if (!item.deadline) return { daysLeft: null, overdue: false, dueSoon: false, level: null, text: '' };
  const daysLeft = daysBetween(today, item.deadline);
  const open = item.state === 'not_started' || item.state === 'in_progress';
  if (!open) return { daysLeft, overdue: false, dueSoon: false, level: null, text: '' };
  if (daysLeft >= 0) {
    const dueSoon = daysLeft <= rules.reminderDays;
    return { daysLeft, overdue: false, dueSoon, level: null, text: dueSoon ? (daysLeft === 0 ? '今天到期' : `还剩 ${daysLeft} 天到期`) : '' };
  }
  const over = -daysLeft;
  const level: SupervisionLevel | null = over >= rules.redAfterDays ? 'red' : over >= rules.yellowAfterDays ? 'yellow' : over >= rules.blueAfterDays ? 'blue' : null;
  return { daysLeft, overdue: true, dueSoon: false, level, text: `已逾期 ${over} 天${level ? `（${SUPERVISION_LEVEL_LABELS[level]}）` : ''}` };
}
