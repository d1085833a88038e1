/**
 * Indicator systems (指标体系): versions and their lifecycle 草稿 → 已发布 → 已归档.
 * A published or archived version is immutable; "新版本" copies it into a new draft.
 * Trials and stored results: indicators/trials.ts; Excel exchange: indicators/exchange.ts.
 */
import { randomUUID } from 'node:crypto';
import type { PresetInfo, SystemDetail, SystemFamily } from '../../shared/api/contracts/indicators';
import { AppError } from '../../shared/api/envelope';
import {
  createNewVersion,
  diffIndicatorSystems,
  editBlockedReason,
  IndicatorSystemSchema,
  LEVEL_LABELS,
  parseIndicatorSystem,
  STATE_LABELS,
  validateIndicatorSystem,
  type IndicatorSystem,
  type SystemDiff,
  type SystemLevel,
  type SystemState,
  type ValidationMessage,
} from '../../shared/domain/indicators';
import type { Db } from '../db/connection';
import * as repo from '../db/repositories/indicator-systems-repo';
import { resultCounts } from '../db/repositories/indicator-results-repo';
import { systemDiffSnapshots } from './audit/indicator-diff';
import { reader, unitOfWork, type ServiceContext, type Tx, type Unit } from './context';
import { detailOf, families, parseEdited } from './indicators/detail';
import { findPreset, loadPresets, presetInfo } from './indicators/presets';

const label = (s: Pick<IndicatorSystem, 'name' | 'version'>) => `“${s.name}”第 ${s.version} 版`;
/** How the log names a version: 名称（第 N 版）. */
export const systemEntityName = (s: Pick<IndicatorSystem, 'name' | 'version'>) => `${s.name}（第 ${s.version} 版）`;

/** Every system with its versions. */
export async function listSystems(ctx: ServiceContext): Promise<SystemFamily[]> {
  const db = reader(ctx);
  return families(await repo.listSystems(db), await resultCounts(db));
}

/** A stored version; not_found in Chinese. */
export async function getStored(ctx: ServiceContext, id: number): Promise<repo.StoredSystem> {
  return findStored(reader(ctx), id);
}

/** getStored on a given handle (the reader, or a unit of work's transaction). */
export async function findStored(db: Db, id: number): Promise<repo.StoredSystem> {
  const s = await repo.getSystem(db, id);
  if (!s) throw new AppError('not_found', `找不到编号为 ${id} 的指标体系版本`);
  return s;
}

/** A version with its validation messages and result count. */
export async function getSystem(ctx: ServiceContext, id: number): Promise<SystemDetail> {
  return detailOn(reader(ctx), id);
}

/** getSystem on a given handle. */
export async function detailOn(db: Db, id: number): Promise<SystemDetail> {
  const s = await findStored(db, id);
  return detailOf(s, (await resultCounts(db)).get(id) ?? 0);
}

/** The shipped templates. */
export function listPresets(): PresetInfo[] {
  return loadPresets().map(presetInfo);
}

/** A key not used by any stored system: `base`, else `base-2`, `base-3` … */
async function freeKey(db: Db, base: string): Promise<string> {
  if (!(await repo.keyExists(db, base))) return base;
  for (let i = 2; ; i++) if (!(await repo.keyExists(db, `${base}-${i}`))) return `${base}-${i}`;
}

/** Inserts a brand-new system (version as given, state draft) inside a unit of work, with its audit entry. */
export async function insertNewAudited(tx: Tx, unit: Unit, system: IndicatorSystem, how: { action: 'create' | 'import'; summary: string; fileName?: string }): Promise<number> {
  const id = await repo.insertSystem(tx, system);
  unit.audit({
    entityType: 'indicator-system',
    entityId: id,
    entityName: systemEntityName(system),
    action: how.action,
    summary: how.summary,
    after: { key: system.key, version: system.version, name: system.name, level: system.level, basedOnVersion: system.basedOnVersion ?? null, state: system.state, fileName: how.fileName },
  });
  return id;
}

/** Stores a brand-new system (version as given, state draft) with its audit entry. */
export async function insertNew(ctx: ServiceContext, system: IndicatorSystem, summary: string): Promise<SystemDetail> {
  return unitOfWork(ctx, async (tx, unit) => detailOn(tx, await insertNewAudited(tx, unit, system, { action: 'create', summary })));
}

/** A new draft from a shipped template (a second copy gets a numbered key and name). */
export async function createFromPreset(ctx: ServiceContext, presetKey: string): Promise<SystemDetail> {
  const preset = findPreset(presetKey);
  return unitOfWork(ctx, async (tx, unit) => {
    const key = await freeKey(tx, preset.key);
    // A second copy of the same template is a separate system; its name says so.
    const copyNo = key === preset.key ? null : key.slice(preset.key.length + 1);
    const system = IndicatorSystemSchema.parse({ ...preset, key, version: 1, state: 'draft', basedOnVersion: null, name: copyNo ? `${preset.name}（${copyNo}）` : preset.name });
    return detailOn(tx, await insertNewAudited(tx, unit, system, { action: 'create', summary: `从模板“${preset.name}”新建指标体系${label(system)}` }));
  });
}

/** A new empty draft. */
export async function createBlank(ctx: ServiceContext, input: { name: string; level: SystemLevel; sourceDocument: string }): Promise<SystemDetail> {
  return unitOfWork(ctx, async (tx, unit) => {
    const key = await freeKey(tx, `custom-${randomUUID().slice(0, 8)}`);
    const system = IndicatorSystemSchema.parse({ key, name: input.name, level: input.level, sourceDocument: input.sourceDocument, version: 1, state: 'draft', nodes: [] });
    return detailOn(tx, await insertNewAudited(tx, unit, system, { action: 'create', summary: `新建指标体系${label(system)}（评估对象：${LEVEL_LABELS[input.level]}）` }));
  });
}

function assertEditable(s: repo.StoredSystem) {
  const reason = editBlockedReason(s);
  if (reason) throw new AppError('forbidden', `${s.system.name}：${reason}`);
}

/**
 * Saves an edited draft. Identity and lifecycle fields (key, version, state, basedOnVersion)
 * come from the stored row, never from the edit, so an edit cannot publish or renumber itself.
 */
export async function updateDraft(ctx: ServiceContext, id: number, json: unknown): Promise<SystemDetail> {
  const edited = parseEdited(json);
  return unitOfWork(ctx, async (tx, unit) => {
    const before = await findStored(tx, id);
    assertEditable(before);
    const after = IndicatorSystemSchema.parse({ ...edited, key: before.key, version: before.version, state: 'draft', basedOnVersion: before.system.basedOnVersion });
    const diff = diffIndicatorSystems(before.system, after);
    if (!diff.identical) {
      await repo.updateSystemData(tx, id, after);
      const fields = systemDiffSnapshots(diff, after);
      unit.audit({ entityType: 'indicator-system', entityId: id, entityName: systemEntityName(after), action: 'update', summary: `修改指标体系${label(after)}：${describeDiff(diff)}`, before: fields.before, after: fields.after });
    }
    return detailOn(tx, id);
  });
}

function describeDiff(d: SystemDiff): string {
  const bits: string[] = [];
  if (d.system.length) bits.push(`体系信息 ${d.system.map((f) => f.label).join('、')}`);
  if (d.added.length) bits.push(`新增 ${d.added.length} 项`);
  if (d.removed.length) bits.push(`删除 ${d.removed.length} 项`);
  if (d.changed.length) bits.push(`修改 ${d.changed.length} 项`);
  return bits.join('，');
}

function errorsOf(messages: ValidationMessage[]): ValidationMessage[] {
  return messages.filter((m) => m.severity === 'error');
}

/** Publishes a draft without validation errors (then immutable). */
export async function publish(ctx: ServiceContext, id: number): Promise<SystemDetail> {
  return moveToState(ctx, id, { state: 'published', action: 'publish', verb: '发布' }, (s) => {
    if (s.state !== 'draft') throw new AppError('conflict', `${label(s.system)}当前状态为“${STATE_LABELS[s.state]}”，只有草稿可以发布`);
    const errors = errorsOf(validateIndicatorSystem(s.system));
    if (errors.length) {
      const shown = errors.slice(0, 10).map((e) => e.message).join('；');
      throw new AppError('invalid_input', `${label(s.system)}有 ${errors.length} 处错误，不能发布：${shown}`, { errors });
    }
  });
}

/** Retires a version; drafts may be archived too (a draft with stored results cannot be deleted). */
export async function archive(ctx: ServiceContext, id: number): Promise<SystemDetail> {
  return moveToState(ctx, id, { state: 'archived', action: 'archive', verb: '归档' }, (s) => {
    if (s.state === 'archived') throw new AppError('conflict', `${label(s.system)}已归档`);
  });
}

/**
 * A lifecycle step (publish, archive): in one transaction, `check` may refuse the move by
 * throwing, then the state and its audit entry are written together.
 */
async function moveToState(
  ctx: ServiceContext,
  id: number,
  to: { state: Exclude<SystemState, 'draft'>; action: 'publish' | 'archive'; verb: string },
  check: (s: repo.StoredSystem) => void,
): Promise<SystemDetail> {
  return unitOfWork(ctx, async (tx, unit) => {
    const s = await findStored(tx, id);
    check(s);
    await repo.setSystemState(tx, id, s.system, to.state);
    unit.audit({ entityType: 'indicator-system', entityId: id, entityName: systemEntityName(s.system), action: to.action, summary: `${to.verb}指标体系${label(s.system)}`, before: { state: s.state }, after: { state: to.state } });
    return detailOn(tx, id);
  });
}

/** Copies a version into a new draft numbered after the highest existing version of its key. */
export async function newVersion(ctx: ServiceContext, id: number): Promise<SystemDetail> {
  return unitOfWork(ctx, async (tx, unit) => {
    const source = await findStored(tx, id);
    const versions = await repo.versionsOfKey(tx, source.key);
    const draft = versions.find((v) => v.state === 'draft');
    // One draft per system keeps "the version being edited" unambiguous.
    if (draft) throw new AppError('conflict', `“${source.system.name}”已有草稿第 ${draft.version} 版，请先编辑、发布或删除该草稿`);
    const next = Math.max(...versions.map((v) => v.version)) + 1;
    const copy = createNewVersion(source.system, next);
    const newId = await insertNewAudited(tx, unit, copy, { action: 'create', summary: `由指标体系${label(source.system)}新建第 ${next} 版（草稿）` });
    return detailOn(tx, newId);
  });
}

/** Deletes a draft that has no stored results. */
export async function deleteDraft(ctx: ServiceContext, id: number): Promise<{ deleted: boolean }> {
  return unitOfWork(ctx, async (tx, unit) => {
    const s = await findStored(tx, id);
    if (s.state !== 'draft') throw new AppError('forbidden', `${label(s.system)}${s.state === 'published' ? '已发布' : '已归档'}，不能删除；只有草稿可以删除`);
    const results = (await resultCounts(tx)).get(id) ?? 0;
    if (results) throw new AppError('conflict', `${label(s.system)}已保存 ${results} 条结果，不能删除（结果须保留其所用版本）；如不再使用，请归档`);
    const deleted = await repo.deleteSystemRow(tx, id);
    const sys = s.system;
    unit.audit({
      entityType: 'indicator-system',
      entityId: id,
      entityName: systemEntityName(sys),
      action: 'delete',
      summary: `删除指标体系草稿${label(sys)}`,
      before: { key: sys.key, name: sys.name, version: sys.version, state: sys.state, level: sys.level, sourceDocument: sys.sourceDocument, nodes: sys.nodes },
    });
    return { deleted };
  });
}

/** The structural diff between two versions. */
export async function diff(ctx: ServiceContext, fromId: number, toId: number): Promise<SystemDiff> {
  const [a, b] = [await getStored(ctx, fromId), await getStored(ctx, toId)];
  return diffIndicatorSystems(a.system, b.system);
}

/** Validates unsaved JSON: schema problems and structural messages, all in Chinese. */
export function validate(json: unknown): { ok: boolean; messages: ValidationMessage[] } {
  const r = IndicatorSystemSchema.safeParse(json);
  if (!r.success) {
    const p = parseIndicatorSystem(json);
    return { ok: false, messages: p.ok ? [] : p.errors };
  }
  const messages = validateIndicatorSystem(r.data);
  return { ok: errorsOf(messages).length === 0, messages };
}
