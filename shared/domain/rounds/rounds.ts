/**
 * 评估项目 (evaluation rounds) as rules, without I/O (issue 11): the unit states and which changes
 * are allowed, the stage table's checks, the one decision whether a package is on time, and the
 * 报送编码. The service (main/services/rounds/) applies them; the screens show the same labels.
 *
 * Sources: seed 000 (自评 12/18–12/30, accounts closed 12/31, expert visits 1/4–1/8; per-campus
 * units; per-school codes in an attachment), seed 002 (自评, 初评, 复评 with deadlines), seed 003
 * (six stages); pitfalls.md (every state change can be reverted with a reason; one place decides
 * whether a package is on time; extensions per unit and per stage).
 */
import { isCalendarDate } from '../schools/school-rules';

/** A unit's state in a round. */
export const UNIT_STATES = ['pending', 'issued', 'submitted', 'returned', 'confirmed', 'forfeited'] as const;
export type UnitState = (typeof UNIT_STATES)[number];

export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  pending: '未下发',
  issued: '已下发',
  submitted: '已提交',
  returned: '已退回修改',
  confirmed: '已确认',
  forfeited: '弃权',
};

/**
 * Changes a user may make by hand (the others follow from issuing, importing and returning).
 * Every change is audited with its reason; each can be undone (pitfalls.md: statuses that cannot
 * be reverted): 已确认 back to 已提交, 弃权 back to what it was before (by its revision).
 */
export type ManualChange = 'confirm' | 'unconfirm' | 'forfeit' | 'unforfeit';

export const MANUAL_CHANGE_LABELS: Record<ManualChange, string> = {
  confirm: '确认',
  unconfirm: '撤销确认',
  forfeit: '确认弃权',
  unforfeit: '撤销弃权',
};

/** The state after `change`, or a Chinese reason why it is not allowed from `state`. */
export function applyManualChange(unit: { state: UnitState; revision: number; packageVersion: number }, change: ManualChange): { state: UnitState } | { refused: string } {
  const { state, revision } = unit;
  const from = UNIT_STATE_LABELS[state];
  switch (change) {
    case 'confirm':
      return state === 'submitted' ? { state: 'confirmed' } : { refused: `只有“已提交”的单位可以确认（当前为“${from}”）` };
    case 'unconfirm':
      return state === 'confirmed' ? { state: 'submitted' } : { refused: `只有“已确认”的单位可以撤销确认（当前为“${from}”）` };
    case 'forfeit':
      if (state === 'forfeited') return { refused: '该单位已是“弃权”' };
      if (revision > 0) return { refused: `该单位已提交过材料（第 ${revision} 版），不能记为弃权` };
      return { state: 'forfeited' };
    case 'unforfeit':
      // Without a submission, a unit that forfeited goes back to 已下发 (its package was issued) or 未下发.
      return state === 'forfeited' ? { state: unit.packageVersion > 0 ? 'issued' : 'pending' } : { refused: `只有“弃权”的单位可以撤销弃权（当前为“${from}”）` };
  }
}

/** The state after a submission was accepted: 已提交 whatever it was (a 弃权 unit needs 撤销弃权 first). */
export function stateAfterSubmission(state: UnitState): { state: UnitState } | { refused: string } {
  if (state === 'forfeited') return { refused: '该单位已记为弃权，请先撤销弃权再导入' };
  if (state === 'confirmed') return { refused: '该单位的材料已确认，请先撤销确认再导入新的版本' };
  return { state: 'submitted' };
}

// ---------------------------------------------------------------- stages

export interface StageInput {
  name: string;
  /** YYYY-MM-DD, inclusive. */
  startsOn: string;
  /** YYYY-MM-DD, inclusive. */
  endsOn: string;
  /** The stage whose window receives the schools' packages (exactly one per round). */
  collects: boolean;
}

/** Stage tables as the seeds give them, offered when a round is created. */
export const STAGE_PRESETS: { label: string; stages: { name: string; collects: boolean }[] }[] = [
  { label: '自评、实地督导、复评、结果发布', stages: [{ name: '学校自评', collects: true }, { name: '实地督导', collects: false }, { name: '复评', collects: false }, { name: '结果发布', collects: false }] },
  { label: '自评、初评、复评（三阶段）', stages: [{ name: '学校自评', collects: true }, { name: '初评', collects: false }, { name: '复评', collects: false }] },
];

/** A problem of the stage table, naming the stage as the form numbers it and the field as labelled. */
export interface StageProblem {
  /** 0-based index of the stage; null for the table as a whole. */
  index: number | null;
  field: 'name' | 'startsOn' | 'endsOn' | 'collects' | null;
  message: string;
}

/**
 * Checks a stage table: at least one stage, names given and distinct, real dates, an end not before
 * its start, stages in order (a stage does not start before the previous one started), exactly one
 * stage receiving packages. Messages as the form labels fields: “第 2 个阶段的结束日期早于开始日期”.
 */
export function checkStages(stages: readonly StageInput[]): StageProblem[] {
  const out: StageProblem[] = [];
  if (stages.length === 0) return [{ index: null, field: null, message: '请至少设置一个阶段' }];
  const seen = new Map<string, number>();
  stages.forEach((s, i) => {
    const nth = `第 ${i + 1} 个阶段`;
    const name = s.name.trim();
    if (!name) out.push({ index: i, field: 'name', message: `请填写${nth}的名称` });
    else if (seen.has(name)) out.push({ index: i, field: 'name', message: `${nth}的名称“${name}”与第 ${seen.get(name)! + 1} 个阶段重复` });
    else seen.set(name, i);
    const startOk = isCalendarDate(s.startsOn);
    const endOk = isCalendarDate(s.endsOn);
    if (!startOk) out.push({ index: i, field: 'startsOn', message: `请填写${nth}的开始日期` });
    if (!endOk) out.push({ index: i, field: 'endsOn', message: `请填写${nth}的结束日期` });
    if (startOk && endOk && s.endsOn < s.startsOn) out.push({ index: i, field: 'endsOn', message: `${nth}的结束日期早于开始日期` });
    const prev = stages[i - 1];
    if (prev && startOk && isCalendarDate(prev.startsOn) && s.startsOn < prev.startsOn) out.push({ index: i, field: 'startsOn', message: `${nth}的开始日期早于第 ${i} 个阶段的开始日期` });
  });
  const collecting = stages.filter((s) => s.collects).length;
  if (collecting === 0) out.push({ index: null, field: 'collects', message: '请指定接收学校填报材料的阶段（通常为“学校自评”）' });
  if (collecting > 1) out.push({ index: null, field: 'collects', message: '只能有一个阶段接收学校填报材料' });
  return out;
}

// ---------------------------------------------------------------- deadlines

export interface StageWindow {
  name: string;
  startsOn: string;
  endsOn: string;
  /** Set once the stage was closed (ISO time). */
  closedAt: string | null;
}

/** What the one deadline rule decided for a package received on `day`. */
export type Timing =
  | { kind: 'on_time'; deadline: string }
  | { kind: 'late_accepted'; deadline: string; message: string }
  | { kind: 'refused'; deadline: string; message: string };

/**
 * Whether a package received on `day` (the office's local calendar day, YYYY-MM-DD) is on time for
 * the collecting stage: on or before its end — or the unit's extension, which replaces the end for
 * that unit and that stage only. A package before the stage opens is on time (a school may finish
 * early). Late: refused, unless the round accepts late packages, then accepted and marked 逾期.
 * The ONE rule every import path uses (pitfalls.md: deadlines bypassed on another path).
 */
export function submissionTiming(stage: StageWindow, day: string, extensionUntil: string | null, latePolicy: 'refuse' | 'accept'): Timing {
  const deadline = extensionUntil && extensionUntil > stage.endsOn ? extensionUntil : stage.endsOn;
  if (day <= deadline) return { kind: 'on_time', deadline };
  const why = `“${stage.name}”阶段截止于 ${deadline}${extensionUntil && extensionUntil > stage.endsOn ? '（已延期）' : ''}，本次于 ${day} 收到`;
  if (latePolicy === 'accept') return { kind: 'late_accepted', deadline, message: `逾期提交：${why}，按本项目设置接收并标记为逾期` };
  return { kind: 'refused', deadline, message: `已过截止日期：${why}。如需接收，请为该单位办理延期，或在项目设置中允许逾期提交` };
}

/** A stage's place in time relative to `today` (YYYY-MM-DD): for the timeline. */
export function stagePhase(stage: Pick<StageWindow, 'startsOn' | 'endsOn' | 'closedAt'>, today: string): 'upcoming' | 'open' | 'ended' | 'closed' {
  if (stage.closedAt) return 'closed';
  if (today < stage.startsOn) return 'upcoming';
  if (today <= stage.endsOn) return 'open';
  return 'ended';
}

export const STAGE_PHASE_LABELS = { upcoming: '未开始', open: '进行中', ended: '已到期', closed: '已关闭' } as const;

// ---------------------------------------------------------------- codes

/**
 * 报送编码 of the n-th unit (1-based) of round `roundId`: `<round two digits>-<three digits>`, e.g.
 * 03-017. Short enough to read over the phone and to write on a USB stick's label.
 */
export function unitCode(roundId: number, n: number): string {
  return `${String(roundId).padStart(2, '0')}-${String(n).padStart(3, '0')}`;
}
