import type { CliCommand } from '../cli-types';
import { documentCommands } from './documents';
import { balanceCommands } from './balance';
import { indicatorCommands } from './indicators';
import { registerCommands } from './register';

/** Every CLI command; each capability adds its list here. */
export const COMMANDS: CliCommand[] = [...registerCommands, ...indicatorCommands, ...balanceCommands, ...documentCommands];
