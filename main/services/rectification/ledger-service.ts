/**
 * 整改台账 (issue 14): the ledger's items, their history and evidence, and the moves between states
 * under shared/domain/rectification (states.ts: who may move what; supervision.ts: 逾期 and 三色督办
 * from each item's own deadline). Evidence files go into the content-addressed store before the unit
 * of work that records them (as 佐证材料 do), so a refused move leaves only unreferenced blobs.
 */
import {
  RectificationSource,
  SEVERITY_LABELS,
  SOURCE_KIND_LABELS,
  type Dashboard,
  type EvidenceFile,
  type ItemInputParsed,
  type Ledger,
  type LedgerFilter,
  type Owner,
  type RecheckView,
  type RectificationAction,
  type RectificationDetail,
  type RectificationEvent,
  type RectificationItem,
  type RectificationSettings,
  type Severity,
} from '../../../shared/api/contracts/rectification';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import {
  RECTIFICATION_ACTION_LABELS,
  RECTIFICATION_STATE_LABELS,
  actionsFrom,
  checkMove,
  requirementsOf,
  supervisionOf,
  type RectificationState,
  type SupervisionLevel,
} from '../../../shared/domain/rectification';
import * as repo from '../../db/repositories/rectification-repo';
import { ensureBlob } from '../../db/repositories/attachments-repo';
import type { Tx, Unit } from '../../db/unit-of-work';
import { putBlob } from '../../files/blob-store';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/api/contracts/attachments';
import { formatBytes } from '../../files/file-refs';
import { attachmentMimeType, checkFiles, publishStoredFile } from '../attachments-service';
import { chosenOperatorId, reader, unitOfWork, type ServiceContext } from '../context';
import { todayIso } from '../documents/sources';
import { findSchool } from '../schools-service';
import { getRectificationSettings } from './settings';

const LEVEL_ORDER: Record<SupervisionLevel, number> = { blue: 1, yellow: 2, red: 3 };

function parseSource(text: string): RectificationSource {
  return RectificationSource.parse(JSON.parse(text));
}

/** An item row as the contract shows it, with its supervision on `today`. */
export function toItem(row: repo.ItemRow, today: string, rules: RectificationSettings, progress?: { count: number; latest: string }): RectificationItem {
  const state = row.state as RectificationState;
  const owner: Owner = row.owner_school_id !== null ? { kind: 'school', schoolId: row.owner_school_id, name: row.owner_name } : { kind: 'department', name: row.owner_name };
  return {
    id: row.id,
    number: row.number,
    source: parseSource(row.source),
    problem: row.problem,
    target: row.target,
    owner,
    ownerName: row.owner_name,
    cooperating: row.cooperating,
    person: row.person,
    measures: row.measures,
    deadline: row.deadline,
    severity: row.severity as Severity,
    state,
    stateLabel: RECTIFICATION_STATE_LABELS[state],
    supervision: supervisionOf({ state, deadline: row.deadline }, today, rules),
    recheck: row.recheck ? (JSON.parse(row.recheck) as RecheckView) : null,
    reportedBy: row.reported_by !== null && row.reported_at !== null ? { id: row.reported_by_id, name: row.reported_by, at: row.reported_at } : null,
    verification:
      row.verified_by !== null && row.verified_at !== null
        ? { by: row.verified_by, at: row.verified_at, date: row.verified_on ?? row.verified_at.slice(0, 10), passed: row.verified_passed === 1, result: row.verified_result ?? '' }
        : null,
    closedOn: state === 'closed' ? row.closed_on : null,
    remarks: row.remarks,
    progressCount: progress?.count ?? 0,
    latestProgress: progress?.latest ?? '',
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The fields the log records for an item. */
export const snapshotOf = (i: Pick<RectificationItem, 'number' | 'problem' | 'target' | 'ownerName' | 'cooperating' | 'person' | 'measures' | 'deadline' | 'severity' | 'state' | 'remarks'>) => ({
  number: i.number,
  problem: i.problem,
  target: i.target,
  owner: i.ownerName,
  cooperating: i.cooperating,
  person: i.person,
  measures: i.measures,
  deadline: i.deadline,
  severity: i.severity,
  state: i.state,
  remarks: i.remarks,
});

const rowSnapshot = (r: repo.ItemRow) => ({
  number: r.number,
  problem: r.problem,
  target: r.target,
  owner: r.owner_name,
  cooperating: r.cooperating,
  person: r.person,
  measures: r.measures,
  deadline: r.deadline,
  severity: r.severity,
  state: r.state,
  remarks: r.remarks,
});

const entityName = (r: Pick<repo.ItemRow, 'number' | 'owner_name'>) => `整改事项 ${r.number}（${r.owner_name}）`;

function counts(items: readonly RectificationItem[]): Ledger['counts'] {
  const byState: Record<string, number> = { not_started: 0, in_progress: 0, awaiting_verification: 0, closed: 0 };
  const byLevel: Record<string, number> = { blue: 0, yellow: 0, red: 0 };
  let overdue = 0;
  let dueSoon = 0;
  for (const i of items) {
    byState[i.state]++;
    if (i.supervision.overdue) overdue++;
    if (i.supervision.dueSoon) dueSoon++;
    if (i.supervision.level) byLevel[i.supervision.level]++;
  }
  return { total: items.length, byState, overdue, dueSoon, byLevel };
}

/** Every item on `today` (default: the local date), in number order. */
export async function allItems(ctx: ServiceContext, today = todayIso()): Promise<{ items: RectificationItem[]; rules: RectificationSettings }> {
  const db = reader(ctx);
  const rules = await getRectificationSettings(ctx);
  const [rows, progress] = await Promise.all([repo.listItems(db), repo.progressSummary(db)]);
  return { items: rows.map((r) => toItem(r, today, rules, progress.get(r.id))), rules };
}

/** Whether an item passes the ledger's filter. */
export function matches(i: RectificationItem, f: LedgerFilter): boolean {
  if (f.states?.length && !f.states.includes(i.state)) return false;
  if (f.owner && i.ownerName !== f.owner) return false;
  if (f.sourceKinds?.length && !f.sourceKinds.includes(i.source.kind)) return false;
  if (f.roundId !== undefined && i.source.roundId !== f.roundId) return false;
  if (f.year !== undefined && i.source.year !== f.year && Number(i.number.slice(0, 4)) !== f.year) return false;
  if (f.overdue !== undefined && i.supervision.overdue !== f.overdue) return false;
  if (f.dueSoon !== undefined && i.supervision.dueSoon !== f.dueSoon) return false;
  if (f.level !== undefined && i.supervision.level !== f.level) return false;
  if (f.search) {
    const hay = `${i.number} ${i.problem} ${i.ownerName} ${i.measures} ${i.person} ${i.source.text}`;
    if (!hay.includes(f.search)) return false;
  }
  return true;
}

/** The ledger on today's date, filtered, with counts over every item. */
export async function listLedger(ctx: ServiceContext, filter: LedgerFilter, today = todayIso()): Promise<Ledger> {
  const { items } = await allItems(ctx, today);
  return {
    today,
    items: items.filter((i) => matches(i, filter)),
    counts: counts(items),
    owners: [...new Set(items.map((i) => i.ownerName))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
  };
}

const EVENT_KIND_LABELS: Record<RectificationEvent['kind'], string> = { created: '登记', edit: '修改', progress: '整改进展', move: '状态变更', recheck: '数据复核', package: '学校报送' };

async function requireItem(db: Parameters<typeof repo.getItem>[0], id: number): Promise<repo.ItemRow> {
  const row = await repo.getItem(db, id);
  if (!row) throw new AppError('not_found', `找不到编号为 ${id} 的整改事项（可能已被删除）`);
  return row;
}

/** One item with its history and the moves allowed from its state. */
export async function itemDetail(ctx: ServiceContext, id: number, today = todayIso()): Promise<RectificationDetail> {
  const db = reader(ctx);
  const rules = await getRectificationSettings(ctx);
  const row = await requireItem(db, id);
  const events = await repo.eventsOf(db, id);
  const files = await repo.filesOfEvents(
    db,
    events.map((e) => e.id),
  );
  const byEvent = new Map<number, EvidenceFile[]>();
  for (const f of files) byEvent.set(f.event_id, [...(byEvent.get(f.event_id) ?? []), { id: f.id, name: f.file_name, bytes: f.bytes }]);
  const progress = events.filter((e) => e.kind === 'progress');
  const item = toItem(row, today, rules, progress.length ? { count: progress.length, latest: `${progress[progress.length - 1].date} ${progress[progress.length - 1].text}` } : undefined);
  return {
    item,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind as RectificationEvent['kind'],
      kindLabel: e.kind === 'move' && e.action ? RECTIFICATION_ACTION_LABELS[e.action as RectificationAction] : EVENT_KIND_LABELS[e.kind as RectificationEvent['kind']],
      action: (e.action as RectificationAction | null) ?? null,
      from: (e.from_state as RectificationState | null) ?? null,
      to: (e.to_state as RectificationState | null) ?? null,
      date: e.date,
      text: e.text,
      reason: e.reason,
      files: byEvent.get(e.id) ?? [],
      by: e.by,
      at: e.at,
    })),
    actions: actionsFrom(item.state).map((a) => ({ action: a, label: RECTIFICATION_ACTION_LABELS[a], ...requirementsOf(a), blocked: blockedFor(a, item, chosenOperatorId(ctx)) })),
  };
}

/**
 * Why the window's operator cannot make a move at all, whatever they type (states.ts: a verification
 * by the operator who reported completion), so the screen says so before the form; null otherwise.
 */
function blockedFor(action: RectificationAction, item: RectificationItem, operatorId: number | null): string | null {
  if (action !== 'verify_pass' && action !== 'verify_fail') return null;
  if (operatorId === null) return '核验须由具名操作人进行，请先在右上角选择操作人';
  if (item.reportedBy && item.reportedBy.id === operatorId) return `整改完成由“${item.reportedBy.name}”报告，核验须由另一位操作人进行（不能自报自验）`;
  return null;
}

/** A stored evidence file, ready to record on an event. */
export interface StoredEvidence {
  sha256: string;
  bytes: number;
  fileName: string;
}

/** Checks and stores evidence files (by reference) in the content-addressed store, before any unit of work. */
export async function storeEvidence(ctx: ServiceContext, refs: readonly { ref: string }[]): Promise<StoredEvidence[]> {
  const checked = checkFiles(ctx, [...refs]);
  const out: StoredEvidence[] = [];
  for (const f of checked) {
    const tooLarge = () => new AppError('invalid_input', `不能添加“${f.fileName}”：文件超过单个文件上限 ${formatBytes(MAX_ATTACHMENT_BYTES)}。未记录任何内容。`);
    const put = await putBlob(ctx.dataDir, f.local, { maxBytes: MAX_ATTACHMENT_BYTES, tooLarge });
    out.push({ sha256: put.sha256, bytes: put.bytes, fileName: f.fileName });
  }
  return out;
}

/** Records a history entry with its files inside a unit of work. */
export async function recordEvent(
  tx: Tx,
  unit: Unit,
  e: { itemId: number; kind: RectificationEvent['kind']; action?: RectificationAction | null; from?: string | null; to?: string | null; date: string; text?: string; reason?: string; files?: readonly StoredEvidence[]; by?: string },
): Promise<repo.EventRow> {
  const row = await repo.insertEvent(tx, {
    item_id: e.itemId,
    kind: e.kind,
    action: e.action ?? null,
    from_state: e.from ?? null,
    to_state: e.to ?? null,
    date: e.date,
    text: e.text ?? '',
    reason: e.reason ?? '',
    operator_id: unit.operator.id,
    by: e.by ?? unit.operator.name,
    at: unit.at,
  });
  for (const f of e.files ?? []) {
    await ensureBlob(tx, { sha256: f.sha256, bytes: f.bytes, created_at: unit.at });
    await repo.insertFile(tx, { event_id: row.id, blob_sha256: f.sha256, file_name: f.fileName, bytes: f.bytes });
  }
  return row;
}

function checkVersion(row: repo.ItemRow, version: number | undefined): void {
  if (version !== undefined && version !== row.version) {
    throw new AppError('conflict', `整改事项 ${row.number} 已被他人修改（可能在另一个窗口），请刷新后再操作`);
  }
}

/** A progress or verification date (a calendar day, checked by the contract) may not be in the future. */
function checkNotFuture(date: string, label: string, today: string): void {
  if (date > today) throw new AppError('invalid_input', `${label}不能晚于今天（${today}）`);
}

async function ownerColumns(tx: Parameters<typeof findSchool>[0], owner: Owner): Promise<{ owner_school_id: number | null; owner_name: string }> {
  if (owner.kind === 'school') {
    const school = await findSchool(tx, owner.schoolId);
    // A campus unit's items name the campus (the unit), under its school's id.
    return { owner_school_id: school.id, owner_name: owner.name.trim() || school.name };
  }
  return { owner_school_id: null, owner_name: owner.name.trim() };
}

/** Creates one item inside a unit of work (hand-entered or confirmed from a proposal), with its 登记 entry and audit. */
export async function createItem(
  tx: Tx,
  unit: Unit,
  f: { sourceKey: string | null; source: RectificationSource; problem: string; target: string; owner: Owner; cooperating: string; person: string; measures: string; deadline: string | null; severity: Severity; remarks: string },
): Promise<repo.ItemRow> {
  const year = Number(unit.at.slice(0, 4));
  const number = await repo.nextNumber(tx, year);
  const row = await repo.insertItem(tx, {
    number,
    source_kind: f.source.kind,
    source_key: f.sourceKey,
    source: JSON.stringify(f.source),
    round_id: f.source.roundId,
    year: f.source.year,
    problem: f.problem,
    target: f.target,
    ...(await ownerColumns(tx, f.owner)),
    cooperating: f.cooperating,
    person: f.person,
    measures: f.measures,
    deadline: f.deadline,
    severity: f.severity,
    state: 'not_started',
    remarks: f.remarks,
    created_at: unit.at,
    created_by: unit.operator.name,
    updated_at: unit.at,
  });
  await recordEvent(tx, unit, { itemId: row.id, kind: 'created', date: unit.at.slice(0, 10), text: `登记（来源：${f.source.text}）` });
  unit.audit({
    entityType: 'rectification',
    entityId: row.id,
    entityName: entityName(row),
    action: 'create',
    summary: `登记整改事项 ${row.number}：${row.owner_name}，${f.problem.slice(0, 40)}${f.problem.length > 40 ? '…' : ''}`,
    after: { ...rowSnapshot(row), source: f.source.text },
  });
  return row;
}

/**
 * Creates a hand-entered item or edits one (its version must match). A closed item is not edited:
 * it must be reopened, with a reason, first.
 */
export async function saveItem(ctx: ServiceContext, input: ItemInputParsed): Promise<RectificationItem> {
  const today = todayIso();
  const id = await unitOfWork(ctx, async (tx, unit) => {
    if (input.id === undefined) {
      const source: RectificationSource = RectificationSource.parse({ kind: 'manual', text: input.sourceNote || SOURCE_KIND_LABELS.manual });
      const row = await createItem(tx, unit, { sourceKey: null, source, problem: input.problem, target: input.target, owner: input.owner, cooperating: input.cooperating, person: input.person, measures: input.measures, deadline: input.deadline, severity: input.severity, remarks: input.remarks });
      return row.id;
    }
    const row = await requireItem(tx, input.id);
    checkVersion(row, input.version);
    if (row.state === 'closed') throw new AppError('invalid_input', `整改事项 ${row.number} 已销号，不能修改；如需继续整改，请先“重新整改”并填写原因`);
    const set = {
      problem: input.problem,
      target: input.target,
      ...(await ownerColumns(tx, input.owner)),
      cooperating: input.cooperating,
      person: input.person,
      measures: input.measures,
      deadline: input.deadline,
      severity: input.severity,
      remarks: input.remarks,
    };
    const after = await repo.updateItem(tx, row.id, set, unit.at);
    const changed = Object.entries(rowSnapshot(after)).filter(([k, v]) => (rowSnapshot(row) as Record<string, unknown>)[k] !== v);
    if (changed.length) {
      await recordEvent(tx, unit, { itemId: row.id, kind: 'edit', date: today, text: `修改了${changed.map(([k]) => FIELD_WORDS[k] ?? k).join('、')}` });
      unit.audit({ entityType: 'rectification', entityId: row.id, entityName: entityName(after), action: 'update', summary: `修改整改事项 ${row.number}`, before: rowSnapshot(row), after: rowSnapshot(after) });
    }
    return row.id;
  });
  const rules = await getRectificationSettings(ctx);
  return toItem(await requireItem(reader(ctx), id), today, rules);
}

const FIELD_WORDS: Record<string, string> = {
  problem: '问题描述',
  target: '整改目标',
  owner: '责任单位',
  cooperating: '配合单位',
  person: '责任人',
  measures: '整改措施',
  deadline: '整改时限',
  severity: '严重程度',
  remarks: '备注',
};

/** Records a progress entry (整改进展) with evidence; the first one starts a 未启动 item. */
export async function addProgress(ctx: ServiceContext, input: { id: number; version: number; date: string; text: string; files: { ref: string }[] }): Promise<RectificationDetail> {
  const today = todayIso();
  checkNotFuture(input.date, '进展日期', today);
  const first = await requireItem(reader(ctx), input.id);
  checkVersion(first, input.version);
  if (first.state === 'closed') throw new AppError('invalid_input', `整改事项 ${first.number} 已销号，不能再记录进展；如需继续整改，请先“重新整改”并填写原因`);
  const files = await storeEvidence(ctx, input.files);
  await unitOfWork(ctx, async (tx, unit) => {
    const row = await requireItem(tx, input.id);
    checkVersion(row, input.version);
    if (row.state === 'closed') throw new AppError('invalid_input', `整改事项 ${row.number} 已销号，不能再记录进展`);
    await recordEvent(tx, unit, { itemId: row.id, kind: 'progress', date: input.date, text: input.text, files });
    const starts = row.state === 'not_started';
    const after = await repo.updateItem(tx, row.id, starts ? { state: 'in_progress' } : {}, unit.at);
    if (starts) await recordEvent(tx, unit, { itemId: row.id, kind: 'move', action: 'start', from: 'not_started', to: 'in_progress', date: input.date, text: '记录第一条整改进展，开始整改' });
    unit.audit({
      entityType: 'rectification',
      entityId: row.id,
      entityName: entityName(row),
      action: 'update',
      summary: `记录整改事项 ${row.number} 的整改进展（${input.date}${files.length ? `，佐证材料 ${files.length} 个` : ''}）`,
      before: { state: row.state },
      after: { state: after.state, progress: input.text, date: input.date, files: files.map((f) => f.fileName).join('、') },
    });
  });
  return itemDetail(ctx, input.id, today);
}

/** The row fields a move sets besides the state. */
function moveColumns(action: RectificationAction, unit: Unit, date: string, text: string): Parameters<typeof repo.updateItem>[2] {
  switch (action) {
    case 'report_done':
      return { reported_by_id: unit.operator.id, reported_by: unit.operator.name, reported_at: unit.at };
    case 'verify_pass':
      return { verified_by: unit.operator.name, verified_at: unit.at, verified_on: date, verified_passed: 1, verified_result: text, closed_on: date };
    case 'verify_fail':
      return { verified_by: unit.operator.name, verified_at: unit.at, verified_on: date, verified_passed: 0, verified_result: text, reported_by_id: null, reported_by: null, reported_at: null };
    case 'reopen':
      // The verification that closed it is history now (kept in the item's entries), not its current one.
      return { closed_on: null, reported_by_id: null, reported_by: null, reported_at: null, verified_by: null, verified_at: null, verified_on: null, verified_passed: null, verified_result: null };
    case 'revert':
      return { reported_by_id: null, reported_by: null, reported_at: null };
    default:
      return {};
  }
}

/** Applies a move checked by states.ts inside a unit of work; throws invalid_input with the reason when refused. */
export async function applyMove(
  tx: Tx,
  unit: Unit,
  row: repo.ItemRow,
  m: { action: RectificationAction; reason: string; text: string; date: string; files: readonly StoredEvidence[] },
): Promise<repo.ItemRow> {
  const check = checkMove(m.action, {
    state: row.state as RectificationState,
    operatorId: unit.operator.id,
    operatorName: unit.operator.name,
    reportedBy: row.reported_by !== null ? { id: row.reported_by_id, name: row.reported_by } : null,
    reason: m.reason,
    evidenceCount: m.files.length,
  });
  if (!check.ok) throw new AppError('invalid_input', `整改事项 ${row.number}：${check.message}`);
  await recordEvent(tx, unit, { itemId: row.id, kind: 'move', action: m.action, from: row.state, to: check.to, date: m.date, text: m.text, reason: m.reason, files: m.files });
  const after = await repo.updateItem(tx, row.id, { state: check.to, ...moveColumns(m.action, unit, m.date, m.text) }, unit.at);
  unit.audit({
    entityType: 'rectification',
    entityId: row.id,
    entityName: entityName(row),
    action: 'update',
    summary: `整改事项 ${row.number}：${RECTIFICATION_ACTION_LABELS[m.action]}（${RECTIFICATION_STATE_LABELS[row.state as RectificationState]} → ${RECTIFICATION_STATE_LABELS[check.to]}）`,
    before: { state: row.state },
    after: {
      state: check.to,
      ...(m.reason ? { reason: m.reason } : {}),
      ...(m.action === 'verify_pass' || m.action === 'verify_fail' ? { verification: m.text || (m.action === 'verify_pass' ? '核验通过' : '核验未通过') } : {}),
      ...(m.action === 'verify_pass' ? { closedOn: m.date } : {}),
      ...(m.files.length ? { files: m.files.map((f) => f.fileName).join('、') } : {}),
    },
  });
  return after;
}

/** One move of one item (see the contract): evidence stored first, then the checked move in one unit of work. */
export async function moveItem(ctx: ServiceContext, input: { id: number; version: number; action: RectificationAction; reason: string; text: string; date?: string; files: { ref: string }[] }): Promise<RectificationDetail> {
  const today = todayIso();
  const date = input.date ?? today;
  checkNotFuture(date, input.action.startsWith('verify') ? '核验日期' : '日期', today);
  const first = await requireItem(reader(ctx), input.id);
  checkVersion(first, input.version);
  // Refuse before copying any file when the move cannot be made anyway (state, reason, evidence,
  // the operator who reported completion); everything is checked again inside the unit. Without a
  // chosen operator, who acts is resolved in the unit: the operator checks wait for it.
  const op = chosenOperatorId(ctx);
  const precheck = checkMove(input.action, {
    state: first.state as RectificationState,
    operatorId: op ?? 0,
    operatorName: '',
    reportedBy: op !== null && first.reported_by !== null ? { id: first.reported_by_id, name: first.reported_by } : null,
    reason: input.reason,
    evidenceCount: input.files.length,
  });
  if (!precheck.ok) throw new AppError('invalid_input', `整改事项 ${first.number}：${precheck.message}`);
  const files = input.files.length ? await storeEvidence(ctx, input.files) : [];
  await unitOfWork(ctx, async (tx, unit) => {
    const row = await requireItem(tx, input.id);
    checkVersion(row, input.version);
    await applyMove(tx, unit, row, { action: input.action, reason: input.reason, text: input.text, date, files });
  });
  return itemDetail(ctx, input.id, today);
}

/** 批量操作: one move (开始整改, 退回, 重新整改) on several items, each checked alone. */
export async function moveMany(ctx: ServiceContext, input: { ids: number[]; action: 'start' | 'revert' | 'reopen'; reason: string }) {
  const today = todayIso();
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      let moved = 0;
      const refused: { number: string; message: string }[] = [];
      for (const id of [...new Set(input.ids)]) {
        const row = await requireItem(tx, id);
        try {
          await applyMove(tx, unit, row, { action: input.action, reason: input.reason, text: '', date: today, files: [] });
          moved++;
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'invalid_input') throw e;
          refused.push({ number: row.number, message: e.message.replace(/^整改事项 \S+：/, '') });
        }
      }
      const message = `${RECTIFICATION_ACTION_LABELS[input.action]}：${moved} 项完成${refused.length ? `，${refused.length} 项未执行` : ''}`;
      return { moved, refused, message };
    },
    { batch: true },
  );
}

/** 批量修改: deadline, severity or person of several items (closed ones refused). */
export async function updateMany(ctx: ServiceContext, input: { ids: number[]; deadline?: string; severity?: Severity; person?: string }) {
  if (input.deadline === undefined && input.severity === undefined && input.person === undefined) throw new AppError('invalid_input', '请至少填写一项要批量修改的内容（整改时限、严重程度或责任人）');
  const today = todayIso();
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      let updated = 0;
      const refused: { number: string; message: string }[] = [];
      for (const id of [...new Set(input.ids)]) {
        const row = await requireItem(tx, id);
        if (row.state === 'closed') {
          refused.push({ number: row.number, message: '已销号，不能修改' });
          continue;
        }
        const set = { ...(input.deadline !== undefined ? { deadline: input.deadline } : {}), ...(input.severity ? { severity: input.severity } : {}), ...(input.person !== undefined ? { person: input.person } : {}) };
        const after = await repo.updateItem(tx, row.id, set, unit.at);
        await recordEvent(tx, unit, {
          itemId: row.id,
          kind: 'edit',
          date: today,
          text: `批量修改：${[input.deadline !== undefined ? `整改时限 ${input.deadline}` : '', input.severity ? `严重程度 ${SEVERITY_LABELS[input.severity]}` : '', input.person !== undefined ? `责任人 ${input.person || '（空）'}` : ''].filter(Boolean).join('，')}`,
        });
        unit.audit({ entityType: 'rectification', entityId: row.id, entityName: entityName(after), action: 'update', summary: `批量修改整改事项 ${row.number}`, before: rowSnapshot(row), after: rowSnapshot(after) });
        updated++;
      }
      return { updated, refused, message: `已修改 ${updated} 项${refused.length ? `，${refused.length} 项未修改（已销号）` : ''}` };
    },
    { batch: true },
  );
}

/** An evidence file for its door to fetch, checked against its hash. */
export async function evidenceFile(ctx: ServiceContext, fileId: number): Promise<FileResult> {
  const row = await repo.getFile(reader(ctx), fileId);
  if (!row) throw new AppError('not_found', `找不到编号为 ${fileId} 的佐证材料`);
  return publishStoredFile(ctx, { sha256: row.blob_sha256, mimeType: attachmentMimeType(row.file_name) ?? 'application/octet-stream', fileName: row.file_name }, '请重新上传');
}

/** 督办看板 on `today`. */
export async function dashboard(ctx: ServiceContext, today = todayIso()): Promise<Dashboard> {
  const { items, rules } = await allItems(ctx, today);
  const owners = new Map<string, Dashboard['owners'][number]>();
  for (const i of items) {
    const o = owners.get(i.ownerName) ?? { name: i.ownerName, kind: i.owner.kind, total: 0, open: 0, awaiting: 0, closed: 0, overdue: 0, dueSoon: 0, level: null };
    o.total++;
    if (i.state === 'closed') o.closed++;
    else if (i.state === 'awaiting_verification') o.awaiting++;
    else o.open++;
    if (i.supervision.overdue) o.overdue++;
    if (i.supervision.dueSoon) o.dueSoon++;
    // Each unit's colour is its own items' worst: escalation reaches the responsible unit only.
    if (i.supervision.level && (!o.level || LEVEL_ORDER[i.supervision.level] > LEVEL_ORDER[o.level])) o.level = i.supervision.level;
    owners.set(i.ownerName, o);
  }
  const ownerList = [...owners.values()].sort((a, b) => (b.level ? LEVEL_ORDER[b.level] : 0) - (a.level ? LEVEL_ORDER[a.level] : 0) || b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name, 'zh-CN'));
  const attention = items
    .filter((i) => i.supervision.overdue || i.supervision.dueSoon)
    .sort((a, b) => (a.supervision.daysLeft ?? 0) - (b.supervision.daysLeft ?? 0) || a.number.localeCompare(b.number));
  const rechecked = items.filter((i) => i.recheck && i.state !== 'closed' && (i.recheck.outcome === 'met' || i.recheck.outcome === 'worse'));
  return { today, counts: counts(items), rules, owners: ownerList, attention, rechecked };
}
