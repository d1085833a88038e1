import type { exchangeContract } from '../../../shared/api/contracts/exchange';
import * as exchange from '../../services/exchange-service';
import type { PartialHandlers } from '../handler-types';

export const exchangeHandlers: PartialHandlers<keyof typeof exchangeContract> = {
  'exchange.import': (ctx, req) => exchange.importFile(ctx, req),
  'exchange.template': (ctx, { kind }) => exchange.template(ctx, kind),
  'exchange.export': (ctx, { kind, year, schoolIds }) => exchange.exportRegister(ctx, kind, year, schoolIds),
};
