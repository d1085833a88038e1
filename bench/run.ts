import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { runBalanceBench } from './balance.bench';
import { runRegisterBench } from './register.bench';
import { runDocumentsBench } from './documents.bench';
import { runCliBench } from './cli.bench';
import { runBlobsBench } from './blobs.bench';
import { runRoundsBench } from './rounds.bench';
import { runUiLatencyBench } from './ui-latency.bench';
import { runFirstPaintBench } from './first-paint.bench';
import { runScoringGridBench } from './scoring-grid';

/** `npm run bench`: runs every benchmark in one process and prints the figures (also saved under bench/results/). */
const BENCHES: Record<string, () => Promise<unknown>> = {
  register: runRegisterBench,
  documents: runDocumentsBench,
  balance: async () => runBalanceBench(),
  cli: runCliBench,
  blobs: runBlobsBench,
  rounds: runRoundsBench,
  latency: runUiLatencyBench,
  paint: runFirstPaintBench,
  'scoring-grid': runScoringGridBench,
};

async function main() {
  const only = process.argv.slice(2);
  const results: Record<string, unknown> = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, at: new Date().toISOString() },
  };
  for (const [name, run] of Object.entries(BENCHES)) {
    if (only.length && !only.includes(name)) continue;
    console.log(`== ${name}`);
    results[name] = await run();
    console.log(JSON.stringify(results[name], null, 2));
  }
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
