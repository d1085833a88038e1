import type { systemContract } from '../../../shared/api/contracts/system';
import { loadDemo } from '../../services/demo/demo-service';
import * as system from '../../services/system-service';
import type { PartialHandlers } from '../handler-types';

export const systemHandlers: PartialHandlers<keyof typeof systemContract> = {
  'app.info': (ctx) => system.appInfo(ctx),
  'demo.load': (ctx, { replace }) => loadDemo(ctx, replace),
  'audit.list': (ctx, { limit, entity }) => system.auditList(ctx, limit, entity),
  'backup.create': (ctx) => system.backupDownload(ctx),
};
