import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

/** A source over `data` that records when each read starts and lets the test see which buffers are in use. */
function sourceOf(data: Buffer) {
  const started: number[] = [];
  return {
    started,
    read: async (buffer: Buffer, position: number) => {
      started.push(position);
      await new Promise((r) => setTimeout(r, 1));
      const n = Math.max(0, Math.min(buffer.length, data.length - position));
      data.copy(buffer, 0, position, position + n);
      return n;
    },
  };
}

describe('readAhead', () => {
  it('hands every chunk in order and starts the next read before the current chunk is consumed', async () => {
    const data = Buffer.from(Array.from({ length: 10 }, (_, i) => i));
    const src = sourceOf(data);
    const seen: number[][] = [];
    const readsWhenConsumed: number[] = [];
    const total = await readAhead(src, 4, (chunk) => {
      readsWhenConsumed.push(src.started.length);
      seen.push([...chunk]);
    });
    expect(total).toBe(10);
    expect(seen).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    // When chunk k is consumed, read k + 1 has already started.
    expect(readsWhenConsumed).toEqual([2, 3, 4]);
  });

  it('with three buffers, a chunk’s buffer is not read into while the next chunk is being consumed', async () => {
    const data = Buffer.from(Array.from({ length: 40 }, (_, i) => i));
    const run = async (buffers: number) => {
      let previous: { chunk: Buffer; bytes: number[] } | null = null;
      let intact = true;
      await readAhead(
        sourceOf(data),
        4,
        async (chunk) => {
          await new Promise((r) => setTimeout(r, 3));
          // By now the read after this chunk has landed; the previous chunk (a write of it may still run) must hold its bytes.
          if (previous && [...previous.chunk].join() !== previous.bytes.join()) intact = false;
          previous = { chunk, bytes: [...chunk] };
        },
        buffers,
      );
      return intact;
    };
    expect(await run(3)).toBe(true);
    // The test can tell: with two buffers the previous chunk is overwritten.
    expect(await run(2)).toBe(false);
  });

  it('stops at the first error of consume and waits for the read already started', async () => {
    const src = sourceOf(Buffer.alloc(100));
    await expect(
      readAhead(src, 10, () => {
        throw new Error('写入失败');
      }),
    ).rejects.toThrow('写入失败');
    expect(src.started).toEqual([0, 10]);
  });
});
