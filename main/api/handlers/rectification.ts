import type { rectificationContract } from '../../../shared/api/contracts/rectification';
import * as ledger from '../../services/rectification/ledger-service';
import * as proposals from '../../services/rectification/proposals-service';
import * as recheck from '../../services/rectification/recheck-service';
import { getRectificationSettings, saveRectificationSettings } from '../../services/rectification/settings';
import type { PartialHandlers } from '../handler-types';

/** 整改台账 (issue 14). */
export const rectificationHandlers: PartialHandlers<keyof typeof rectificationContract> = {
  'rectification.list': (ctx, filter) => ledger.listLedger(ctx, filter),
  'rectification.get': (ctx, { id }) => ledger.itemDetail(ctx, id),
  'rectification.propose': (ctx, spec) => proposals.proposeItems(ctx, spec),
  'rectification.confirm': (ctx, input) => proposals.confirmProposals(ctx, input),
  'rectification.save': (ctx, input) => ledger.saveItem(ctx, input),
  'rectification.progress': (ctx, input) => ledger.addProgress(ctx, input),
  'rectification.move': (ctx, input) => ledger.moveItem(ctx, input),
  'rectification.moveMany': (ctx, input) => ledger.moveMany(ctx, input),
  'rectification.updateMany': (ctx, input) => ledger.updateMany(ctx, input),
  'rectification.file': (ctx, { fileId }) => ledger.evidenceFile(ctx, fileId),
  'rectification.dashboard': (ctx) => ledger.dashboard(ctx),
  'rectification.settings': (ctx) => getRectificationSettings(ctx),
  'rectification.saveSettings': (ctx, input) => saveRectificationSettings(ctx, input),
  'rectification.recheck': (ctx) => recheck.recheckItems(ctx),
};
