import type { CliCommand } from '../cli-types';
import { registerCommands } from './register';

/** Every CLI command; each capability adds its list here. */
export const COMMANDS: CliCommand[] = [...registerCommands];
