import type { schoolsContract } from '../../../shared/api/contracts/schools';
import * as schools from '../../services/schools-service';
import { listUnits } from '../../services/units-service';
import type { PartialHandlers } from '../handler-types';

export const schoolsHandlers: PartialHandlers<keyof typeof schoolsContract> = {
  'schools.list': (ctx, q) => schools.listSchools(ctx, q),
  'schools.get': (ctx, { id }) => schools.getSchool(ctx, id),
  'schools.create': (ctx, input) => schools.createSchool(ctx, input),
  'schools.update': (ctx, { id, school }) => schools.updateSchool(ctx, id, school),
  'schools.delete': (ctx, { id }) => schools.deleteSchool(ctx, id),
  'schools.saveCampus': (ctx, { schoolId, campus }) => schools.saveCampus(ctx, schoolId, campus),
  'schools.deleteCampus': (ctx, { id }) => schools.deleteCampus(ctx, id),
  'schools.townships': (ctx) => schools.listTownships(ctx),
  'schools.setStatus': (ctx, { ids, status, closedOn }) => schools.setSchoolsStatus(ctx, ids, status, closedOn),
  'schools.units': (ctx, { year }) => listUnits(ctx, year),
};
