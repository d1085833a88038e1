/** 整改台账 rows (migration 0016): items, their history entries and evidence files, and the running numbers. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { RectificationEventsTable, RectificationFilesTable, RectificationItemsTable } from '../schema';
import type { Db } from '../connection';
import type { ReadDb, Tx } from '../unit-of-work';

export type ItemRow = Selectable<RectificationItemsTable>;
export type EventRow = Selectable<RectificationEventsTable>;
export type FileRow = Selectable<RectificationFilesTable>;
type AnyDb = Db | ReadDb | Tx;

export async function listItems(db: AnyDb): Promise<ItemRow[]> {
  return db.selectFrom('rectification_items').selectAll().orderBy('id').execute();
}

export async function getItem(db: AnyDb, id: number): Promise<ItemRow | undefined> {
  return db.selectFrom('rectification_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findBySourceKeys(db: AnyDb, keys: readonly string[]): Promise<ItemRow[]> {
  if (keys.length === 0) return [];
  const out: ItemRow[] = [];
  // SQLite caps bound parameters; 500 a query keeps well under it.
  for (let i = 0; i < keys.length; i += 500) {
    out.push(...(await db.selectFrom('rectification_items').selectAll().where('source_key', 'in', keys.slice(i, i + 500)).execute()));
  }
  return out;
}

/** The next 编号 of `year` (2026-001, 2026-002 …), taken inside the unit of work that creates the item. */
export async function nextNumber(tx: Tx, year: number): Promise<string> {
  const row = await tx.selectFrom('rectification_numbers').select('last').where('year', '=', year).executeTakeFirst();
  const last = (row?.last ?? 0) + 1;
  if (row) await tx.updateTable('rectification_numbers').set({ last }).where('year', '=', year).execute();
  else await tx.insertInto('rectification_numbers').values({ year, last }).execute();
  return `${year}-${String(last).padStart(3, '0')}`;
}

export async function insertItem(tx: Tx, row: Insertable<RectificationItemsTable>): Promise<ItemRow> {
  return tx.insertInto('rectification_items').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates an item and bumps its version; returns the new row. */
export async function updateItem(tx: Tx, id: number, set: Updateable<RectificationItemsTable>, at: string): Promise<ItemRow> {
  return tx
    .updateTable('rectification_items')
    .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertEvent(tx: Tx, row: Insertable<RectificationEventsTable>): Promise<EventRow> {
  return tx.insertInto('rectification_events').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertFile(tx: Tx, row: Insertable<RectificationFilesTable>): Promise<void> {
  await tx.insertInto('rectification_files').values(row).execute();
}

export async function eventsOf(db: AnyDb, itemId: number): Promise<EventRow[]> {
  return db.selectFrom('rectification_events').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
}

export async function filesOfEvents(db: AnyDb, eventIds: readonly number[]): Promise<FileRow[]> {
  if (eventIds.length === 0) return [];
  return db.selectFrom('rectification_files').selectAll().where('event_id', 'in', [...eventIds]).orderBy('id').execute();
}

export async function getFile(db: AnyDb, id: number): Promise<FileRow | undefined> {
  return db.selectFrom('rectification_files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Progress entries per item: count and the latest text. */
export async function progressSummary(db: AnyDb): Promise<Map<number, { count: number; latest: string }>> {
  const rows = await db.selectFrom('rectification_events').select(['item_id', 'text', 'date']).where('kind', '=', 'progress').orderBy('date').orderBy('id').execute();
  const out = new Map<number, { count: number; latest: string }>();
  for (const r of rows) {
    const m = out.get(r.item_id) ?? { count: 0, latest: '' };
    m.count++;
    m.latest = `${r.date} ${r.text}`;
    out.set(r.item_id, m);
  }
  return out;
}

/** How many items a school owns (all, or one school's): a school that owns any is not deleted. */
export async function countOwnedItems(db: AnyDb, schoolId?: number): Promise<number> {
  let q = db.selectFrom('rectification_items').select((eb) => eb.fn.countAll<number>().as('n'));
  q = schoolId === undefined ? q.where('owner_school_id', 'is not', null) : q.where('owner_school_id', '=', schoolId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
