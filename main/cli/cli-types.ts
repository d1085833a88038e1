import type { OpInput, OpName, OpOutput } from '../../shared/api/contract';
import type { FileRefs } from '../files/file-refs';

export interface CliArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
  json: boolean;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** What a command may use: the same typed API as the UI, plus file helpers. */
export interface CliContext {
  call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>>;
  /** The core's file references: a path on the command line is registered here, a result is copied from here. */
  files: FileRefs;
  io: CliIo;
  args: CliArgs;
}

export interface CliCommand {
  /** e.g. ['schools', 'import'] */
  path: string[];
  usage: string;
  summary: string;
  run(ctx: CliContext): Promise<number>;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details?: unknown,
    /** The error number the core logged (E-YYYYMMDD-XXXXXX), shown so a user can quote it. */
    readonly errorId?: string,
  ) {
    super(message);
  }
}
