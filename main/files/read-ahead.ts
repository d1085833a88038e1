/**
 * Reads a source to its end through two reused buffers, the next read running while the current
 * chunk is consumed (hashed, written): reading overlaps hashing and writing instead of waiting for
 * them, with no buffer allocated per read (bench/rounds.bench.ts: a 1 GB package import).
 */

/** A source read by position: up to `buffer.length` bytes at `position`, 0 at the end. */
export interface PositionalSource {
  read(buffer: Buffer, position: number): Promise<number>;
}

/**
 * Reads `source` from position 0 to its end in chunks of `chunkBytes`, calling `consume` with each
 * chunk in order. With `buffers` buffers (at least 2), a chunk's buffer is read into again only once
 * `consume` has settled for the chunk `buffers - 1` places after it: with 3, `consume` may leave a
 * write of its chunk running until the next call settles (it must await it there). Returns the number
 * of bytes read. An error of `read` or `consume` stops the reading and is rethrown (a read already
 * started is awaited first, so nothing is left running).
 */
export async function readAhead(source: PositionalSource, chunkBytes: number, consume: (chunk: Buffer) => unknown, buffers = 2): Promise<number> {
  const pool = Array.from({ length: Math.max(2, buffers) }, () => Buffer.allocUnsafe(chunkBytes));
  let position = 0;
  let which = 0;
  let next: Promise<number> = source.read(pool[0]!, 0);
  try {
    for (;;) {
      const n = await next;
      if (n === 0) return position;
      const chunk = pool[which]!.subarray(0, n);
      position += n;
      which = (which + 1) % pool.length;
      next = source.read(pool[which]!, position);
      await consume(chunk);
    }
  } catch (e) {
    await next.catch(() => undefined);
    throw e;
  }
}
