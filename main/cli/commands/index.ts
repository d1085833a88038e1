import type { CliCommand } from '../cli-types';
import { attachmentCommands } from './attachments';
import { auditCommands, withOperator } from './audit';
import { documentCommands } from './documents';
import { balanceCommands } from './balance';
import { indicatorCommands } from './indicators';
import { rectificationPackageCommands } from './rectification-packages';
import { registerCommands } from './register';
import { rectificationCommands } from './rectification';
import { roundCommands } from './rounds';
import { scoringConclusionCommands } from './scoring-conclusions';
import { scoringOpinionCommands } from './scoring-opinions';
import { scoringExpertCommands } from './scoring-experts';
import { scoringReportCommands } from './scoring-report';
import { scoringResultCommands } from './scoring-results';
import { scoringWorksheetCommands } from './scoring-worksheets';

/** Every CLI command; each capability adds its list here. Each takes `--operator 名字` (see withOperator). */
export const COMMANDS: CliCommand[] = [...registerCommands, ...indicatorCommands, ...balanceCommands, ...documentCommands, ...attachmentCommands, ...roundCommands, ...scoringResultCommands, ...scoringExpertCommands, ...scoringOpinionCommands, ...scoringWorksheetCommands, ...scoringConclusionCommands, ...scoringReportCommands, ...rectificationPackageCommands, ...rectificationCommands, ...auditCommands].map(withOperator);
