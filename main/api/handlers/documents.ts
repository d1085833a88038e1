import type { documentsContract } from '../../../shared/api/contracts/documents';
import * as documents from '../../services/documents-service';
import type { PartialHandlers } from '../handler-types';

export const documentsHandlers: PartialHandlers<keyof typeof documentsContract> = {
  'documents.getSettings': (ctx) => documents.getDocumentSettings(ctx),
  'documents.setSettings': (ctx, s) => documents.setDocumentSettings(ctx, s),
  'documents.reserveNumber': (ctx, r) => documents.reserveNumber(ctx, r),
  'documents.listNumbers': (ctx, { year }) => documents.listDocumentNumbers(ctx, year),
  'documents.voidNumber': (ctx, { id }) => documents.voidNumber(ctx, id),
  'documents.generate': (ctx, { document, formats }) => documents.generate(ctx, document, formats),
};
