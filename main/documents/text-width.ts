/**
 * Rough text widths in 字 (one full-width character), used where the layout must be planned
 * before a renderer measures anything: centring the signature over the date, and sizing the colophon.
 */
export function widthInChars(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // ASCII and half-width forms take half a character; everything else (CJK, full-width punctuation) one.
    width += cp < 0x2e80 || (cp >= 0xff61 && cp <= 0xffdc) ? 0.5 : 1;
  }
  return width;
}

/** Lines a text wraps into at a given line width in characters (at least one). */
export function wrappedLineCount(text: string, lineChars: number): number {
  return Math.max(1, Math.ceil(widthInChars(text) / Math.max(1, Math.floor(lineChars))));
}
