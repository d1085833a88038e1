import type { auditContract } from '../../../shared/api/contracts/audit';
import * as audit from '../../services/audit-service';
import type { PartialHandlers } from '../handler-types';

/** 操作日志: paged query, chain check, xlsx export. */
export const auditHandlers: PartialHandlers<keyof typeof auditContract> = {
  'audit.query': (ctx, q) => audit.queryAuditLog(ctx, q),
  'audit.verify': (ctx) => audit.verifyAuditLog(ctx),
  'audit.export': (ctx, f) => audit.exportAuditLog(ctx, f),
};
