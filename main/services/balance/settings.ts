import { BalanceSettings } from '../../../shared/api/contracts/balance';
import type { BalanceOptionsInput, BalanceSection, ProfileId } from '../../../shared/domain/balance';
import type { ServiceContext } from '../context';
import { storedSetting } from '../stored-setting';

const setting = storedSetting('balance.options', BalanceSettings, { name: '差异系数计算设置', summary: '修改差异系数计算设置' });

/** The stored options, with defaults filled in (and anything unreadable replaced by the default). */
export const getBalanceSettings: (ctx: ServiceContext) => Promise<BalanceSettings> = setting.get;
export const setBalanceSettings: (ctx: ServiceContext, settings: BalanceSettings) => Promise<BalanceSettings> = setting.set;

/** Computation options from the stored settings and a query's profile/section (the basis too, so results state it). */
export function optionsFrom(settings: BalanceSettings, query: { profile?: ProfileId; section?: BalanceSection }): BalanceOptionsInput {
  return {
    profile: query.profile ?? settings.defaultProfile,
    sections: query.section ? [query.section] : undefined,
    split: settings.split,
    excludeTeachingPointsBelow: settings.excludeTeachingPointsBelow,
    basis: settings.basis,
  };
}
