import { z } from 'zod';
import { FileDownload } from '../envelope';

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const systemContract = {
  'app.info': {
    input: z.object({}).default({}),
    output: z.object({ version: z.string(), dataDir: z.string(), schemaVersion: z.number().int(), mode: z.string() }),
  },
  'demo.load': {
    input: z.object({ replace: z.boolean().default(false) }).default({ replace: false }),
    output: z.object({ schools: z.number().int(), years: z.array(z.number().int()) }),
  },
  'audit.list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200), entity: z.string().optional() }).default({ limit: 200 }),
    output: z.array(AuditEntry),
  },
  'backup.create': { input: z.object({}).default({}), output: FileDownload },
} as const;
