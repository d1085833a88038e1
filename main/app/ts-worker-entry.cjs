// Starts a TypeScript worker module when running from source (browser mode, tests): Node checks a
// worker's own file extension before any loader runs, so this plain file is the worker's entry and
// requires the .ts module through tsx's hooks (`--import tsx` in the worker's execArgv). The built
// app starts its compiled workers directly and never loads this file.
//
// Node 20 runs no ES module loader hooks in a worker thread, so an `import()` of a .ts module
// fails there; the modules the core loads on first use (main/app/import-on-use.ts) are required
// through this hooked `require` instead, which is left here for them.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry: require is what lets tsx hooks load the module */
const { workerData } = require('node:worker_threads');
globalThis.__supervisionDeskSourceRequire = require;
require(workerData.tsEntry);
