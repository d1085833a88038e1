import type { operatorsContract } from '../../../shared/api/contracts/operators';
import * as operators from '../../services/operators-service';
import type { PartialHandlers } from '../handler-types';

/** 操作人: list, add (and use), choose. */
export const operatorsHandlers: PartialHandlers<keyof typeof operatorsContract> = {
  'operators.list': (ctx) => operators.operatorList(ctx),
  'operators.create': (ctx, input) => operators.createOperator(ctx, input),
  'operators.select': (ctx, by) => operators.selectOperator(ctx, by),
};
