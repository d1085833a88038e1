import type { roundsContract } from '../../../shared/api/contracts/rounds';
import { packagesZip } from '../../services/rounds/packages-zip';
import * as receipts from '../../services/rounds/receipt-service';
import * as returns from '../../services/rounds/returns-service';
import * as rounds from '../../services/rounds/rounds-service';
import * as submissions from '../../services/rounds/submissions-service';
import type { PartialHandlers } from '../handler-types';

/** 评估项目: rounds, their stages and units (issue 11). */
export const roundsHandlers: PartialHandlers<keyof typeof roundsContract> = {
  'rounds.list': (ctx) => rounds.listRounds(ctx),
  'rounds.get': (ctx, { id }) => rounds.getRound(ctx, id),
  'rounds.candidates': (ctx, { year }) => rounds.roundCandidates(ctx, year),
  'rounds.create': (ctx, input) => rounds.createRound(ctx, input),
  'rounds.update': (ctx, { id, settings }) => rounds.updateRound(ctx, id, settings),
  'rounds.setUnits': (ctx, { id, units }) => rounds.setRoundUnits(ctx, id, units),
  'rounds.changeUnitState': (ctx, input) => rounds.changeUnitState(ctx, input),
  'rounds.extend': (ctx, input) => rounds.extendUnit(ctx, input),
  'rounds.closeStage': (ctx, { roundId, stageId }) => rounds.closeStage(ctx, roundId, stageId),
  'rounds.reopenStage': (ctx, { roundId, stageId, reason }) => rounds.reopenStage(ctx, roundId, stageId, reason),
  'rounds.submissions': (ctx, { unitId }) => submissions.unitSubmissions(ctx, unitId),
  'rounds.submissionFile': (ctx, { unitId, revision, path }) => submissions.submissionFile(ctx, unitId, revision, path),
  'rounds.addQuery': (ctx, input) => returns.addQuery(ctx, input),
  'rounds.withdrawQuery': (ctx, input) => returns.withdrawQuery(ctx, input),
  'rounds.returnPackage': (ctx, input) => returns.returnPackage(ctx, input),
  'rounds.receipt': (ctx, { unitId, revision }) => receipts.receipt(ctx, unitId, revision),
  'rounds.delete': (ctx, { id }) => rounds.deleteRound(ctx, id),
  'rounds.assembleFolder': (ctx, { refs }) => ctx.files.assembleFolder(refs),
  'rounds.packagesZip': (ctx, { roundId, jobId }) => packagesZip(ctx, roundId, jobId),
};
