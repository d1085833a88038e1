import type { Selectable } from 'kysely';
import { IndicatorSystemSchema, type IndicatorSystem, type SystemState } from '../../../shared/domain/indicators';
import type { Db } from '../connection';
import type { IndicatorSystemsTable } from '../schema';

/** A stored version: its row metadata and the canonical system it holds. */
export interface StoredSystem {
  id: number;
  key: string;
  version: number;
  state: SystemState;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  archivedAt: string | null;
  system: IndicatorSystem;
}

function toStored(r: Selectable<IndicatorSystemsTable>): StoredSystem {
  // Parsing (not casting) keeps the canonical form even for rows written by older releases.
  const system = IndicatorSystemSchema.parse(JSON.parse(r.data));
  return {
    id: r.id,
    key: r.system_key,
    version: r.version,
    state: r.state as SystemState,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    archivedAt: r.archived_at,
    system: { ...system, key: r.system_key, version: r.version, state: r.state as SystemState },
  };
}

export async function listSystems(db: Db): Promise<StoredSystem[]> {
  const rows = await db.selectFrom('indicator_systems').selectAll().orderBy('system_key').orderBy('version', 'desc').execute();
  return rows.map(toStored);
}

export async function getSystem(db: Db, id: number): Promise<StoredSystem | undefined> {
  const row = await db.selectFrom('indicator_systems').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export async function versionsOfKey(db: Db, key: string): Promise<StoredSystem[]> {
  const rows = await db.selectFrom('indicator_systems').selectAll().where('system_key', '=', key).orderBy('version', 'desc').execute();
  return rows.map(toStored);
}

export async function keyExists(db: Db, key: string): Promise<boolean> {
  const row = await db.selectFrom('indicator_systems').select('id').where('system_key', '=', key).executeTakeFirst();
  return row !== undefined;
}

/** Inserts `system` under its key and version; the state column follows system.state. */
export async function insertSystem(db: Db, system: IndicatorSystem): Promise<number> {
  const now = new Date().toISOString();
  const r = await db
    .insertInto('indicator_systems')
    .values({
      system_key: system.key,
      version: system.version,
      state: system.state,
      name: system.name,
      level: system.level,
      data: JSON.stringify(system),
      created_at: now,
      updated_at: now,
      published_at: system.state === 'published' ? now : null,
      archived_at: system.state === 'archived' ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Replaces the stored system of a row (callers check that it is a draft). */
export async function updateSystemData(db: Db, id: number, system: IndicatorSystem): Promise<void> {
  await db
    .updateTable('indicator_systems')
    .set({ name: system.name, level: system.level, data: JSON.stringify(system), updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Moves a row to `state`, keeping the JSON's state field in step with the column. */
export async function setSystemState(db: Db, id: number, system: IndicatorSystem, state: SystemState): Promise<void> {
  const now = new Date().toISOString();
  await db
    .updateTable('indicator_systems')
    .set({
      state,
      data: JSON.stringify({ ...system, state }),
      updated_at: now,
      ...(state === 'published' ? { published_at: now } : {}),
      ...(state === 'archived' ? { archived_at: now } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSystemRow(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('indicator_systems').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
