/**
 * How the round screens show a round: tag colours, the stage under way today, where today sits on
 * the timeline, which units a 生成填报包 or a manual change applies to. Pure, so it is tested on
 * its own; the rules themselves are shared/domain/rounds (stagePhase, applyManualChange).
 */
import type { RoundSummary, RoundUnit, Stage } from '../../../../shared/api/contracts/rounds';
import { applyManualChange, stagePhase, STAGE_PHASE_LABELS, type ManualChange, type UnitState } from '../../../../shared/domain/rounds/rounds';
import { formatDate } from '../../../../shared/domain/text/datetime';

/** Tag colours of the unit states: grey before issue, blue while the school has it, gold back for correction, green done, red forfeited. */
export const UNIT_STATE_COLORS: Record<UnitState, string> = {
  pending: 'default',
  issued: 'blue',
  submitted: 'cyan',
  returned: 'gold',
  confirmed: 'green',
  forfeited: 'red',
};

export type StagePhase = ReturnType<typeof stagePhase>;

export const STAGE_PHASE_COLORS: Record<StagePhase, string> = { upcoming: 'default', open: 'processing', ended: 'warning', closed: 'success' };

/** Today as the office's calendar day (local time), YYYY-MM-DD: the one day the phases are judged on. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A stage's days as the round pages write them: `2026-12-18 至 2026-12-30`, in the product's one
 * on-screen date style (shared/domain/text/datetime.ts), the year always written — a round spans
 * a new year, and a date without its year beside one with it read as two styles (new-user trial).
 */
export function dateRange(start: string, end: string): string {
  return `${formatDate(start)} 至 ${formatDate(end)}`;
}

/**
 * What the list says about a round's schedule today: the stages under way (进行中), else the next
 * to start, else that every stage has ended or closed.
 */
export function scheduleToday(stages: readonly Stage[], today: string): { text: string; phase: StagePhase | 'none' } {
  const open = stages.filter((s) => stagePhase(s, today) === 'open');
  if (open.length) return { text: `${open.map((s) => s.name).join('、')}（${STAGE_PHASE_LABELS.open}，${open.map((s) => `${formatDate(s.endsOn)} 截止`).join('、')}）`, phase: 'open' };
  const next = stages.find((s) => stagePhase(s, today) === 'upcoming');
  if (next) return { text: `${next.name}（${STAGE_PHASE_LABELS.upcoming}，${formatDate(next.startsOn)} 开始）`, phase: 'upcoming' };
  if (stages.length === 0) return { text: '未设置阶段', phase: 'none' };
  const ended = stages.filter((s) => stagePhase(s, today) === 'ended');
  if (ended.length) return { text: `${ended.map((s) => s.name).join('、')}已到期，尚未关闭`, phase: 'ended' };
  return { text: '各阶段均已关闭', phase: 'closed' };
}

/**
 * Where today sits on a timeline that gives each stage an equal slot (0 = the left end, 1 = the
 * right end): inside the slot of the latest stage that has started, in proportion to its days;
 * between two stages when today falls in the gap after one ended; at an end before the first
 * starts or after the last ends. `where` says which, for the marker's words.
 */
export function todayOnTimeline(stages: readonly Pick<Stage, 'startsOn' | 'endsOn'>[], today: string): { at: number; where: 'before' | 'within' | 'between' | 'after' } {
  const n = stages.length;
  if (n === 0) return { at: 0, where: 'before' };
  let current = -1;
  stages.forEach((s, i) => {
    if (s.startsOn <= today) current = i;
  });
  if (current < 0) return { at: 0, where: 'before' };
  const s = stages[current];
  if (today <= s.endsOn) {
    const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
    const length = days(s.startsOn, s.endsOn) + 1;
    // The middle of today's day inside the stage's days: the first day sits just right of the slot's start.
    const within = (days(s.startsOn, today) + 0.5) / length;
    return { at: (current + within) / n, where: 'within' };
  }
  if (current === n - 1) return { at: 1, where: 'after' };
  return { at: (current + 1) / n, where: 'between' };
}

/** Units a 生成填报包 without a selection covers (the service's rule): those not yet holding a submission. */
export const awaitingPackage = (u: Pick<RoundUnit, 'state'>) => u.state === 'pending' || u.state === 'issued';

/** The units `change` applies to and those it does not, each with the reason (the domain's words). */
export function splitByChange(units: readonly RoundUnit[], change: ManualChange): { applies: RoundUnit[]; refused: { unit: RoundUnit; reason: string }[] } {
  const applies: RoundUnit[] = [];
  const refused: { unit: RoundUnit; reason: string }[] = [];
  for (const u of units) {
    const r = applyManualChange(u, change);
    if ('refused' in r) refused.push({ unit: u, reason: r.refused });
    else applies.push(u);
  }
  return { applies, refused };
}

/** Whether a change needs a reason (the service asks one for 弃权 and for every 撤销). */
export const reasonRequired = (change: ManualChange) => change !== 'confirm';

/** The round's collecting stage (exactly one; the contract guarantees it). */
export const collectingStage = (round: Pick<RoundSummary, 'stages'>): Stage | undefined => round.stages.find((s) => s.collects);
