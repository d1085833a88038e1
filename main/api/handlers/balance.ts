import type { balanceContract } from '../../../shared/api/contracts/balance';
import * as balance from '../../services/balance-service';
import * as overrides from '../../services/balance/overrides';
import { getBalanceSettings, setBalanceSettings } from '../../services/balance/settings';
import type { PartialHandlers } from '../handler-types';

export const balanceHandlers: PartialHandlers<keyof typeof balanceContract> = {
  'balance.compute': (ctx, q) => balance.computeYear(ctx, q),
  'balance.whatIf': (ctx, { changes, ...q }) => balance.runWhatIf(ctx, q, changes),
  'balance.trend': (ctx, q) => balance.trend(ctx, q),
  'balance.getOptions': (ctx) => getBalanceSettings(ctx),
  'balance.setOptions': (ctx, s) => setBalanceSettings(ctx, s),
  'balance.listOverrides': (ctx, f) => overrides.listOverrides(ctx, f),
  'balance.setOverride': (ctx, o) => overrides.setOverride(ctx, o),
  'balance.deleteOverride': (ctx, { id }) => overrides.deleteOverride(ctx, id),
  'balance.export': (ctx, q) => balance.exportYear(ctx, q),
};
