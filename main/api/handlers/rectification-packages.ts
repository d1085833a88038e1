import type { rectificationPackagesContract } from '../../../shared/api/contracts/rectification-packages';
import * as packages from '../../services/rectification/packages-service';
import type { PartialHandlers } from '../handler-types';

/** 整改进展包 (issue 14 item 6): packages out to schools, their progress back. */
export const rectificationPackagesHandlers: PartialHandlers<keyof typeof rectificationPackagesContract> = {
  'rectification.packageSchools': (ctx) => packages.packageSchools(ctx),
  'rectification.packages': (ctx, { schoolIds, destination }) => packages.makePackages(ctx, schoolIds, destination),
  'rectification.importPackage': (ctx, { source, dryRun, acceptConflict }) => packages.importPackage(ctx, source, dryRun, acceptConflict),
  'rectification.packageImports': (ctx, { schoolId }) => packages.packageImports(ctx, schoolId),
  'rectification.packageReceipt': (ctx, { importId }) => packages.packageReceipt(ctx, importId),
};
