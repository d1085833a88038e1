import type { z } from 'zod';
import { getSetting, putSetting } from '../db/repositories/settings-repo';
import { reader, unitOfWork, type ServiceContext } from './context';

/**
 * One JSON value in the settings table, read through its zod schema with defaults filled in and
 * written as a unit of work with an audit entry (entity type `settings`, the key as its id, the
 * changed fields only). Anything unreadable (e.g. written by a later release) falls back to the
 * defaults rather than failing every operation that needs it.
 */
export function storedSetting<S extends z.ZodType>(key: string, schema: S, audit: { summary: string; name?: string; entity?: string }) {
  // `entity` (the per-setting entity name of the untyped log) is accepted and no longer needed: the key identifies the setting.
  const name = audit.name ?? audit.summary.replace(/^修改/, '');
  type Value = z.output<S>;
  const read = (stored: unknown): Value => {
    const parsed = schema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : schema.parse({});
  };
  const get = async (ctx: ServiceContext): Promise<Value> => read(await getSetting<unknown>(reader(ctx), key));
  const set = async (ctx: ServiceContext, value: Value): Promise<Value> => {
    const clean = schema.parse(value);
    return unitOfWork(ctx, async (tx, unit) => {
      const before = read(await getSetting<unknown>(tx, key));
      await putSetting(tx, key, clean);
      unit.audit({ entityType: 'settings', entityId: key, entityName: name, action: 'update', summary: audit.summary, before: before as Record<string, unknown>, after: clean as Record<string, unknown> });
      return clean;
    });
  };
  return { key, get, set };
}
