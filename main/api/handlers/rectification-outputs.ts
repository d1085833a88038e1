import type { rectificationOutputsContract } from '../../../shared/api/contracts/rectification-outputs';
import { exportLedger } from '../../services/rectification/outputs-ledger';
import type { PartialHandlers } from '../handler-types';

/** 整改台账 outputs (issue 14 item 7); the 通知书 and the 整改情况报告 run as jobs (jobs.start). */
export const rectificationOutputsHandlers: PartialHandlers<keyof typeof rectificationOutputsContract> = {
  'rectification.export': (ctx, { filter, format }) => exportLedger(ctx, filter, format),
};
