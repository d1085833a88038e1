/**
 * The one API contract: every operation as `domain.verb` with zod input and output schemas.
 * The Electron IPC bridge, the browser-mode web bridge and the CLI all dispatch through it.
 * Each capability adds its operations in its own file under contracts/ and one spread here.
 */
import './zod-locale';
import type { z } from 'zod';
import { attachmentsContract } from './contracts/attachments';
import { auditContract } from './contracts/audit';
import { balanceContract } from './contracts/balance';
import { documentsContract } from './contracts/documents';
import { exchangeContract } from './contracts/exchange';
import { indicatorsContract } from './contracts/indicators';
import { jobsContract } from './contracts/jobs';
import { operatorsContract } from './contracts/operators';
import { rectificationContract } from './contracts/rectification';
import { rectificationOutputsContract } from './contracts/rectification-outputs';
import { rectificationPackagesContract } from './contracts/rectification-packages';
import { roundsContract } from './contracts/rounds';
import { scoringContract } from './contracts/scoring';
import { schoolsContract } from './contracts/schools';
import { statisticsContract } from './contracts/statistics';
import { systemContract } from './contracts/system';

export const contract = {
  ...systemContract,
  ...auditContract,
  ...operatorsContract,
  ...schoolsContract,
  ...statisticsContract,
  ...exchangeContract,
  ...indicatorsContract,
  ...balanceContract,
  ...documentsContract,
  ...jobsContract,
  ...attachmentsContract,
  ...roundsContract,
  ...scoringContract,
  ...rectificationContract,
  ...rectificationOutputsContract,
  ...rectificationPackagesContract,
} as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
export type OpParsedInput<K extends OpName> = z.output<Contract[K]['input']>;
export type OpOutput<K extends OpName> = z.output<Contract[K]['output']>;

export const OP_NAMES = Object.keys(contract) as OpName[];
export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
