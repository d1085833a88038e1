import type { attachmentsContract } from '../../../shared/api/contracts/attachments';
import * as attachments from '../../services/attachments-service';
import type { PartialHandlers } from '../handler-types';

/** 佐证材料: list, add (by reference), remove, download (by reference), sweep the store, verify contents. */
export const attachmentsHandlers: PartialHandlers<keyof typeof attachmentsContract> = {
  'attachments.list': (ctx, { schoolId, year }) => attachments.listAttachments(ctx, schoolId, year),
  'attachments.add': (ctx, input) => attachments.addAttachments(ctx, input),
  'attachments.remove': (ctx, { id }) => attachments.removeAttachment(ctx, id),
  'attachments.file': (ctx, { id }) => attachments.attachmentFile(ctx, id),
  'attachments.sweep': (ctx) => attachments.sweepAttachmentBlobs(ctx),
  'attachments.verify': (ctx, filter) => attachments.verifyAttachments(ctx, filter),
};
