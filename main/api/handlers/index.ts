import type { HandlerMap } from '../handler-types';
import { attachmentsHandlers } from './attachments';
import { auditHandlers } from './audit';
import { balanceHandlers } from './balance';
import { documentsHandlers } from './documents';
import { exchangeHandlers } from './exchange';
import { indicatorsHandlers } from './indicators';
import { jobsHandlers } from './jobs';
import { operatorsHandlers } from './operators';
import { rectificationHandlers } from './rectification';
import { rectificationOutputsHandlers } from './rectification-outputs';
import { rectificationPackagesHandlers } from './rectification-packages';
import { roundsHandlers } from './rounds';
import { scoringHandlers } from './scoring';
import { schoolsHandlers } from './schools';
import { statisticsHandlers } from './statistics';
import { systemHandlers } from './system';

/** Every contract operation's handler; the type makes a missing one a compile error. */
export const handlers: HandlerMap = {
  ...systemHandlers,
  ...auditHandlers,
  ...operatorsHandlers,
  ...schoolsHandlers,
  ...statisticsHandlers,
  ...exchangeHandlers,
  ...indicatorsHandlers,
  ...balanceHandlers,
  ...documentsHandlers,
  ...jobsHandlers,
  ...attachmentsHandlers,
  ...roundsHandlers,
  ...scoringHandlers,
  ...rectificationHandlers,
  ...rectificationOutputsHandlers,
  ...rectificationPackagesHandlers,
};
