/**
 * GBK encoding for tests (names as Windows' built-in zip writes them on a Chinese system). Node has
 * no GBK encoder, only the decoder; the table is the decoder run backwards over every two-byte code,
 * so the tests and the reader agree on one mapping. Not used by production code.
 */
let table: Map<string, Buffer> | null = null;

function encoderTable(): Map<string, Buffer> {
  if (table) return table;
  table = new Map();
  const dec = new TextDecoder('gbk', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      try {
        const ch = dec.decode(bytes);
        if (ch.length === 1 && !table.has(ch)) table.set(ch, bytes);
      } catch {
        // not a GBK code
      }
    }
  }
  return table;
}

/** `text` in GBK; throws for a character GBK lacks. */
export function gbk(text: string): Buffer {
  const t = encoderTable();
  const parts: Buffer[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) parts.push(Buffer.from([code]));
    else {
      const b = t.get(ch);
      if (!b) throw new Error(`no GBK code for ${ch}`);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}
