import type { scoringContract } from '../../../shared/api/contracts/scoring';
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
  'scoring.history': (ctx, { unitId, nodeId }) => scoring.scoreHistory(ctx, unitId, nodeId),
};
