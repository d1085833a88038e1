/** Small timing helpers for the benchmarks: wall-clock medians and the peak RSS seen. */
export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

export async function time(runs: number, fn: () => Promise<unknown> | unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: round(samples[Math.floor(samples.length / 2)]), minMs: round(samples[0]), runs };
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function rssMb(): number {
  return round(process.memoryUsage().rss / 1024 / 1024, 0);
}

export function heapMb(): number {
  return round(process.memoryUsage().heapUsed / 1024 / 1024, 0);
}
