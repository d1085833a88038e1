import { BalanceSettings } from '../../../shared/api/contracts/balance';
import type { BalanceOptionsInput, BalanceSection, ProfileId } from '../../../shared/domain/balance';
import { writeAudit } from '../../db/repositories/audit-repo';
import { getSetting, putSetting } from '../../db/repositories/settings-repo';
import type { ServiceContext } from '../context';

const KEY = 'balance.options';

/** The stored options, with defaults filled in (and anything unreadable replaced by the default). */
export async function getBalanceSettings(ctx: ServiceContext): Promise<BalanceSettings> {
  const stored = await getSetting<unknown>(ctx.db, KEY);
  const parsed = BalanceSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : BalanceSettings.parse({});
}

export async function setBalanceSettings(ctx: ServiceContext, settings: BalanceSettings): Promise<BalanceSettings> {
  const clean = BalanceSettings.parse(settings);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getBalanceSettings({ ...ctx, db: trx });
    await putSetting(trx, KEY, clean);
    await writeAudit(trx, { actor: ctx.actor, action: 'update', entity: 'balance-options', entityId: KEY, summary: '修改差异系数计算设置', before, after: clean });
    return clean;
  });
}

/** Computation options from the stored settings and a query's profile/section. */
export function optionsFrom(settings: BalanceSettings, query: { profile?: ProfileId; section?: BalanceSection }): BalanceOptionsInput {
  return {
    profile: query.profile ?? settings.defaultProfile,
    sections: query.section ? [query.section] : undefined,
    split: settings.split,
    excludeTeachingPointsBelow: settings.excludeTeachingPointsBelow,
  };
}
