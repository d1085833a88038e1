import type { Selectable } from 'kysely';
import type { StoredResult } from '../../../shared/api/contracts/indicators';
import type { EvaluationResult, IndicatorSystem, TrialInput } from '../../../shared/domain/indicators';
import type { Db } from '../connection';
import type { IndicatorResultsTable } from '../schema';

export interface ResultWrite {
  systemId: number;
  system: IndicatorSystem;
  kind: string;
  label: string;
  input: TrialInput;
  result: EvaluationResult;
}

function toDto(r: Selectable<IndicatorResultsTable>): StoredResult {
  return {
    id: r.id,
    systemId: r.system_id,
    systemKey: r.system_key,
    systemVersion: r.system_version,
    kind: r.kind,
    label: r.label,
    input: JSON.parse(r.input),
    result: JSON.parse(r.result),
    createdAt: r.created_at,
  };
}

/** Stores the result as computed, with the system it was computed under; rows are never updated. */
export async function insertResult(db: Db, w: ResultWrite): Promise<number> {
  const r = await db
    .insertInto('indicator_results')
    .values({
      system_id: w.systemId,
      system_key: w.system.key,
      system_version: w.system.version,
      kind: w.kind,
      label: w.label,
      input: JSON.stringify(w.input),
      result: JSON.stringify(w.result),
      system_snapshot: JSON.stringify(w.system),
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getResult(db: Db, id: number): Promise<StoredResult | undefined> {
  const row = await db.selectFrom('indicator_results').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDto(row) : undefined;
}

/** The system exactly as it was when the result was computed. */
export async function resultSnapshot(db: Db, id: number): Promise<unknown> {
  const row = await db.selectFrom('indicator_results').select('system_snapshot').where('id', '=', id).executeTakeFirst();
  return row ? JSON.parse(row.system_snapshot) : undefined;
}

export async function listResults(db: Db, systemId?: number): Promise<StoredResult[]> {
  let q = db.selectFrom('indicator_results').selectAll().orderBy('id', 'desc');
  if (systemId !== undefined) q = q.where('system_id', '=', systemId);
  return (await q.execute()).map(toDto);
}

export async function resultCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('indicator_results')
    .select(['system_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('system_id')
    .execute();
  return new Map(rows.map((r) => [r.system_id, Number(r.n)]));
}
