import type { jobsContract } from '../../../shared/api/contracts/jobs';
import * as jobs from '../../services/jobs-service';
import { jobOutputsZip } from '../../services/jobs/outputs-zip';
import type { PartialHandlers } from '../handler-types';

export const jobsHandlers: PartialHandlers<keyof typeof jobsContract> = {
  'jobs.start': (ctx, input) => jobs.startJob(ctx, input),
  'jobs.list': (ctx, { kind, limit }) => jobs.listJobs(ctx, { kind, limit }),
  'jobs.get': (ctx, { id }) => jobs.getJob(ctx, id),
  'jobs.cancel': (ctx, { id }) => jobs.cancelJob(ctx, id),
  'jobs.file': (ctx, { id, name }) => jobs.jobFile(ctx, id, name),
  'jobs.outputsZip': (ctx, { id }) => jobOutputsZip(ctx, id),
};
