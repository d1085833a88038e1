/**
 * Memory bounds of the app's threads. Issue 13 asks that a batch of 300 documents peak at no more
 * than 400 MB; on one rendering thread V8's defaults, made for short-lived browser pages, let the
 * process reach ~470 MB (bench/documents-batch.mjs, 300 差异系数测算报告, DOCX + PDF), while the
 * live data stay near 60 MB per thread: the rest is garbage V8 had not yet collected. The figures
 * are in thread-memory.json, which the benchmark harness (plain JavaScript) reads as well.
 */
import v8 from 'node:v8';
import limits from './thread-memory.json';

/**
 * Young generation of the core's thread and of every pool thread, in MB (V8's default: 48). Short-
 * lived objects (a document's layout, its XML strings) are collected after 12 MB instead of 48;
 * measured, this costs no time of its own and saves ~35 MB per thread.
 */
export const YOUNG_GENERATION_MB: number = limits.youngGenerationMb;

/** The `resourceLimits` of a Worker for the core's thread and the pool's threads. */
export const THREAD_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } as const;

/**
 * How far V8 lets a heap grow past its live size before it collects it in full: 100 → to 2 ×
 * (V8's own choice goes up to 4 ×). A rendering thread keeps ~60 MB live but went up to ~290 MB of
 * heap between full collections. Bounded, a 300-report batch peaks ~70 MB lower for ~15 % more CPU
 * time (the speed targets still hold, bench/documents.bench.ts). The flag is the process's, for
 * every thread; it is set when the first worker pool is made (the doors that run batches on
 * threads: Electron, browser mode), not for the CLI's inline tasks.
 */
export const HEAP_GROWING_PERCENT: number = limits.heapGrowingPercent;

let heapGrowthBounded = false;
/** Sets HEAP_GROWING_PERCENT for the process, once. */
export function boundHeapGrowth(): void {
  if (heapGrowthBounded) return;
  heapGrowthBounded = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Threads of the worker pool when none is asked for: one fewer than the processors (the core's
 * thread builds the next document meanwhile), at most 4, and one per 8 GB of memory (rounded), at
 * least 1. A rendering thread adds ~150–200 MB at its peak (its code, the 57 MB of CJK fonts, its
 * heap), so an 8 GB office PC renders on one thread and a 300-document batch stays ≤ 400 MB;
 * a PC with 16 GB or more also gets the speed of a second thread.
 */
export function defaultPoolThreads(processors: number, totalMemoryBytes: number): number {
  const byMemory = Math.round(totalMemoryBytes / (limits.memoryPerRenderThreadGb * 1024 ** 3));
  return Math.max(1, Math.min(4, processors - 1, byMemory));
}
