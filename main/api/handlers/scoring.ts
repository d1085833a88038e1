import type { scoringContract } from '../../../shared/api/contracts/scoring';
import * as adopt from '../../services/scoring/adopt-service';
import * as blocks from '../../services/scoring/blocks-service';
import * as conclusions from '../../services/scoring/conclusions-service';
import * as grid from '../../services/scoring/grid-service';
import * as opinions from '../../services/scoring/opinions-service';
import * as expertPackages from '../../services/scoring/expert-packages-service';
import * as results from '../../services/scoring/results-service';
import * as scoring from '../../services/scoring/scoring-service';
import type { PartialHandlers } from '../handler-types';

/** 评分: experts, a round's scoring settings and the units' scores (issue 12). */
export const scoringHandlers: PartialHandlers<keyof typeof scoringContract> = {
  'experts.list': (ctx) => scoring.listExperts(ctx),
  'experts.save': (ctx, input) => scoring.saveExpert(ctx, input),
  'scoring.setup': (ctx, { roundId }) => scoring.scoringSetup(ctx, roundId),
  'scoring.saveSettings': (ctx, { roundId, settings }) => scoring.saveScoringSettings(ctx, roundId, settings),
  'scoring.assign': (ctx, { roundId, expertId, unitIds }) => scoring.assignExpert(ctx, roundId, expertId, unitIds),
  'scoring.sheet': (ctx, { unitId }) => scoring.unitScoreSheet(ctx, unitId),
  'scoring.setScore': (ctx, input) => scoring.setScore(ctx, input),
  'scoring.adoptSuggestions': (ctx, { unitId }) => adopt.adoptSuggestions(ctx, unitId),
  'scoring.grid': (ctx, { roundId }) => grid.roundGrid(ctx, roundId),
  'scoring.history': (ctx, { unitId, nodeId }) => scoring.scoreHistory(ctx, unitId, nodeId),
  'scoring.blocks': (ctx, { roundId }) => blocks.roundBlocks(ctx, roundId),
  'scoring.saveBlocks': (ctx, { roundId, blocks: list }) => blocks.saveBlocks(ctx, roundId, list),
  'scoring.assignBlocks': (ctx, { roundId, expertId, blockIds }) => blocks.assignBlocks(ctx, roundId, expertId, blockIds),
  'scoring.lock': (ctx, { unitId, note }) => results.lockUnit(ctx, unitId, note),
  'scoring.unlock': (ctx, { unitId, reason }) => results.unlockUnit(ctx, unitId, reason),
  'scoring.unitResults': (ctx, { unitId }) => results.unitResults(ctx, unitId),
  'scoring.results': (ctx, { roundId, byCategory }) => results.roundResults(ctx, roundId, byCategory),
  'scoring.exportResults': (ctx, { roundId, byCategory }) => results.exportResults(ctx, roundId, byCategory),
  'scoring.expertPackages': (ctx, { roundId, expertIds, destination }) => expertPackages.makeExpertPackages(ctx, roundId, expertIds, destination),
  'scoring.importExpertPackage': (ctx, { roundId, source, dryRun, acceptConflict }) => expertPackages.importExpertPackage(ctx, roundId, source, dryRun, acceptConflict),
  'scoring.expertSubmissions': (ctx, { roundId }) => expertPackages.expertSubmissions(ctx, roundId),
  'scoring.expertReceipt': (ctx, { roundId, expertId, revision }) => expertPackages.expertReceipt(ctx, roundId, expertId, revision),
  'scoring.opinions': (ctx, { unitId }) => opinions.unitOpinions(ctx, unitId),
  'scoring.saveOpinion': (ctx, input) => opinions.saveOpinion(ctx, input),
  'scoring.withdrawOpinion': (ctx, { id }) => opinions.withdrawOpinion(ctx, id),
  'scoring.opinionHistory': (ctx, { id }) => opinions.opinionHistory(ctx, id),
  'scoring.roundOpinions': (ctx, { roundId }) => opinions.roundOpinions(ctx, roundId),
  'scoring.conclusions': (ctx, { roundId }) => conclusions.listConclusions(ctx, roundId),
};
