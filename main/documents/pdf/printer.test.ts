/**
 * Fonts parsed once per process (issue 13): a document set after others with the same registry —
 * its fonts already parsed, its words already shaped, its charts already drawn — comes out byte for
 * byte as the first one did, and as one set with a registry of its own.
 */
import { describe, expect, it } from 'vitest';
import { buildNotice } from '../builders/notice.js';
import { createFontRegistry } from '../fonts/registry.js';
import { sampleNotice, sampleReport } from '../testing/fixtures.js';
import { renderPdf } from './render-pdf.js';

/** The PDF without what differs by the clock: creation date and file identifier. */
const stable = (pdf: Buffer) =>
  pdf
    .toString('latin1')
    .replace(/\/CreationDate\s*\([^)]*\)/g, '')
    .replace(/\/ID\s*\[[^\]]*\]/g, '')
    .replace(/\(D:\d{14}Z\)/g, ''); // check-test-paths: ignore (a PDF date, not a path)

describe('PDF fonts shared across documents', () => {
  it('sets a report the same after other documents as on its own', async () => {
    const report = sampleReport();
    const fonts = createFontRegistry();
    const first = await renderPdf(report, fonts);
    await renderPdf(buildNotice(sampleNotice()), fonts);
    const again = await renderPdf(report, fonts);
    const alone = await renderPdf(report, createFontRegistry());
    expect(stable(again.buffer)).toBe(stable(first.buffer));
    expect(stable(alone.buffer)).toBe(stable(first.buffer));
    expect(again.fontsUsed).toEqual(first.fontsUsed);
  }, 120_000);
});
