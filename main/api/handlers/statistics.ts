import type { statisticsContract } from '../../../shared/api/contracts/statistics';
import * as stats from '../../services/stats-service';
import { statsCompleteness } from '../../services/units-service';
import type { PartialHandlers } from '../handler-types';

export const statisticsHandlers: PartialHandlers<keyof typeof statisticsContract> = {
  'stats.years': (ctx) => stats.statsYears(ctx),
  'stats.forSchool': (ctx, { schoolId }) => stats.statsForSchool(ctx, schoolId),
  'stats.history': (ctx, { schoolId, campusId, year }) => stats.statsHistory(ctx, schoolId, campusId, year),
  'stats.save': (ctx, { schoolId, campusId, year, values }) => stats.saveStats(ctx, schoolId, campusId, year, values),
  'stats.completeness': (ctx, { year }) => statsCompleteness(ctx, year),
  'stats.forYear': (ctx, { year }) => stats.statsForYear(ctx, year),
  'stats.saveMany': (ctx, { year, rows }) => stats.saveManyStats(ctx, year, rows),
  'stats.delete': (ctx, { schoolId, campusId, year }) => stats.deleteStats(ctx, schoolId, campusId, year),
};
