/** Lays rendered page PNGs side by side into one PNG (via resvg) so a reviewer can see a document at a glance. */
import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

function pngSize(buf: Buffer): { width: number; height: number } {
  // PNG IHDR: width and height are big-endian at bytes 16 and 20.
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export function contactSheet(pngFiles: string[], outFile: string, perRow = 4): void {
  const pages = pngFiles.map((f) => {
    const buf = fs.readFileSync(f);
    return { buf, ...pngSize(buf) };
  });
  if (pages.length === 0) return;
  const gap = 12;
  const cellW = Math.max(...pages.map((p) => p.width));
  const cellH = Math.max(...pages.map((p) => p.height));
  const cols = Math.min(perRow, pages.length);
  const rows = Math.ceil(pages.length / cols);
  const width = cols * cellW + (cols + 1) * gap;
  const height = rows * cellH + (rows + 1) * gap;
  const images = pages
    .map((p, i) => {
      const x = gap + (i % cols) * (cellW + gap);
      const y = gap + Math.floor(i / cols) * (cellH + gap);
      return `<image x="${x}" y="${y}" width="${p.width}" height="${p.height}" href="data:image/png;base64,${p.buf.toString('base64')}"/>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#888"/>${images}</svg>`;
  fs.writeFileSync(outFile, new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
}
