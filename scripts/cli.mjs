/**
 * `npm run cli -- <命令>`: runs the built command line (out/cli/index.cjs), building it first when it
 * is missing or older than the sources (scripts/build-cli.mjs). Same commands, output and exit
 * codes as `node out/cli/index.cjs <命令>`; build messages go to stderr only.
 */
import { createRequire } from 'node:module';
import { CLI_ENTRY, ensureCliBundle } from './build-cli.mjs';

try {
  await ensureCliBundle();
} catch (error) {
  // Vite has printed the details above; one line of ours is enough.
  console.error(`命令行构建失败：${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
  process.exit(1);
}
createRequire(import.meta.url)(CLI_ENTRY);
