import type { systemContract } from '../../../shared/api/contracts/system';
import { backupServiceOf } from '../../db/maintenance/backup-service';
import { loadDemo } from '../../services/demo/demo-service';
import * as system from '../../services/system-service';
import type { PartialHandlers } from '../handler-types';

export const systemHandlers: PartialHandlers<keyof typeof systemContract> = {
  'app.info': (ctx) => system.appInfo(ctx),
  'demo.load': (ctx, { replace }) => loadDemo(ctx, replace),
  'audit.list': (ctx, { limit, entity }) => system.auditList(ctx, limit, entity),
  'backup.create': (ctx) => system.backupDownload(ctx),
  'backup.list': (ctx) => backupServiceOf(ctx).list(),
  'backup.getSettings': (ctx) => backupServiceOf(ctx).getSettings(),
  'backup.setSettings': (ctx, settings) => backupServiceOf(ctx).setSettings(settings),
  'backup.check': (ctx, request) => backupServiceOf(ctx).check(request),
  'backup.restore': (ctx, request) => backupServiceOf(ctx).restore(request),
};
