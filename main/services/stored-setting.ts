import type { z } from 'zod';
import { writeAudit } from '../db/repositories/audit-repo';
import { getSetting, putSetting } from '../db/repositories/settings-repo';
import type { ServiceContext } from './context';

/**
 * One JSON value in the settings table, read through its zod schema with defaults filled in and
 * written with an audit entry. Anything unreadable (e.g. written by a later release) falls back
 * to the defaults rather than failing every operation that needs it.
 */
export function storedSetting<S extends z.ZodType>(key: string, schema: S, audit: { entity: string; summary: string }) {
  type Value = z.output<S>;
  const get = async (ctx: ServiceContext): Promise<Value> => {
    const parsed = schema.safeParse((await getSetting<unknown>(ctx.db, key)) ?? {});
    return parsed.success ? parsed.data : schema.parse({});
  };
  const set = async (ctx: ServiceContext, value: Value): Promise<Value> => {
    const clean = schema.parse(value);
    return ctx.db.transaction().execute(async (trx) => {
      const before = await get({ ...ctx, db: trx });
      await putSetting(trx, key, clean);
      await writeAudit(trx, { actor: ctx.actor, action: 'update', entity: audit.entity, entityId: key, summary: audit.summary, before, after: clean });
      return clean;
    });
  };
  return { key, get, set };
}
