// Renders build/icon.svg into build/icon.ico (PNG-compressed ICO entries, which Windows Vista+ reads).
import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const svg = fs.readFileSync(new URL('../build/icon.svg', import.meta.url));
const sizes = [256, 48, 32, 16];
const pngs = sizes.map((size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
const header = Buffer.alloc(6);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(sizes.length, 4);
let offset = 6 + 16 * sizes.length;
const entries = sizes.map((size, i) => {
  const e = Buffer.alloc(16);
  e.writeUInt8(size >= 256 ? 0 : size, 0);
  e.writeUInt8(size >= 256 ? 0 : size, 1);
  e.writeUInt16LE(1, 4);
  e.writeUInt16LE(32, 6);
  e.writeUInt32LE(pngs[i].length, 8);
  e.writeUInt32LE(offset, 12);
  offset += pngs[i].length;
  return e;
});
fs.writeFileSync(new URL('../build/icon.ico', import.meta.url), Buffer.concat([header, ...entries, ...pngs]));
fs.writeFileSync(new URL('../build/icon.png', import.meta.url), pngs[0]);
console.log('build/icon.ico written');
