/**
 * Streams one XML part of the zip through saxes. Element names reach the handlers without their
 * namespace prefix (`x:c` → `c`: some writers prefix the SpreadsheetML namespace). saxes expands
 * no DTD entities, so “billion laughs” style XML cannot blow up.
 */
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { limitMessages, WorkbookLimitError } from './limits';
import type { ZipArchive } from './zip';

/**
 * saxes keeps a text node or a tag's attributes whole until it ends. Real parts produce an event every
 * few bytes (a long cell text is 32,767 characters at most); this much input without one is refused.
 */
export const MAX_BYTES_WITHOUT_EVENT = 32 * 1024 * 1024;

export type Attrs = Record<string, string>;

export interface XmlHandlers {
  open(name: string, attrs: Attrs): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** The XML was not well-formed; the reader reports the file as damaged. */
export class BadXmlError extends Error {
  constructor(part: string, message: string) {
    super(`${part}: ${message}`);
    this.name = 'BadXmlError';
  }
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name, e.g. `r:id` (whatever the prefix) for `id`. */
export function attr(attrs: Attrs, local: string): string | undefined {
  if (local in attrs) return attrs[local];
  for (const k in attrs) if (localName(k) === local) return attrs[k];
  return undefined;
}

/** OOXML booleans are "1"/"0" or "true"/"false". */
export function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'on';
}

export async function parseXmlPart(zip: ZipArchive, part: string, h: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let error: Error | null = null;
  let sinceEvent = 0;
  parser.on('error', (e) => {
    error ??= new BadXmlError(part, e.message);
  });
  parser.on('opentag', (tag) => {
    sinceEvent = 0;
    h.open(localName(tag.name), tag.attributes as Attrs);
  });
  const close = h.close;
  parser.on('closetag', (tag) => {
    sinceEvent = 0;
    close?.(localName(tag.name));
  });
  const text = h.text;
  const onText = (t: string) => {
    sinceEvent = 0;
    text?.(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  let decoder: TextDecoder | null = null;
  await zip.stream(part, (chunk) => {
    if (!decoder) {
      // UTF-16 XML is allowed by the standard; nobody writes it, but the BOM says so when they do.
      const enc = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8';
      decoder = new TextDecoder(enc);
    }
    sinceEvent += chunk.length;
    if (sinceEvent > MAX_BYTES_WITHOUT_EVENT) throw new WorkbookLimitError(limitMessages.token(part, MAX_BYTES_WITHOUT_EVENT));
    parser.write(decoder.decode(chunk, { stream: true }));
    if (error) throw error;
  });
  if (decoder) parser.write((decoder as TextDecoder).decode());
  parser.close();
  if (error) throw error;
}
