import { describe, expect, it } from 'vitest';
import { defaultPoolThreads, THREAD_RESOURCE_LIMITS, YOUNG_GENERATION_MB } from './thread-memory';

const GB = 1024 ** 3;

describe('worker pool size by processors and memory', () => {
  it('renders on one thread on an 8 GB office PC, whatever its processors', () => {
    // os.totalmem() of an 8 GB PC is a little under 8 GB (memory kept by the firmware and graphics).
    for (const cpus of [2, 4, 8]) expect(defaultPoolThreads(cpus, 7.8 * GB)).toBe(1);
  });

  it('adds a thread per 8 GB, never more than processors − 1 nor 4, never fewer than 1', () => {
    expect(defaultPoolThreads(4, 15.9 * GB)).toBe(2);
    expect(defaultPoolThreads(8, 31.8 * GB)).toBe(4);
    expect(defaultPoolThreads(16, 64 * GB)).toBe(4);
    expect(defaultPoolThreads(2, 32 * GB)).toBe(1);
    expect(defaultPoolThreads(1, 4 * GB)).toBe(1);
    expect(defaultPoolThreads(4, 2 * GB)).toBe(1);
  });

  it('bounds the young generation of the threads it starts', () => {
    expect(THREAD_RESOURCE_LIMITS).toEqual({ maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    expect(YOUNG_GENERATION_MB).toBeLessThan(48);
  });
});
