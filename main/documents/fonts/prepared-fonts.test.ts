import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildNotice } from '../builders/notice.js';
import type { DocModel, FontRole } from '../model.js';
import { renderPdf } from '../pdf/render-pdf.js';
import { RARE_SCHOOLS, sampleNotice, sampleReport } from '../testing/fixtures.js';
import { pdfFonts, pdfText, tempDir } from '../testing/tools.js';
import { createFontRegistry } from './registry.js';
import { FONT_ROLES } from './roles.js';

// Opt-in: runs only where the installer's fonts have been prepared (`npm run fonts`, or a folder
// named by SUPERVISION_DESK_FONT_DIR); CI never downloads them, so there it is skipped.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const { readLock } = await import(pathToFileURL(path.join(ROOT, 'scripts/prepare-fonts.mjs')).href);
const lock: { packages: { files: { to: string; roles?: FontRole[] }[] }[] } = readLock();
const fontFiles = lock.packages.flatMap((p) => p.files).filter((f) => f.roles);
const dir = process.env.SUPERVISION_DESK_FONT_DIR ?? path.join(ROOT, 'resources', 'fonts');
const prepared = fontFiles.every((f) => fs.existsSync(path.join(dir, f.to)));

describe.skipIf(!prepared)('the fonts the installer ships (resources/fonts)', () => {
  // Windows faces come first where installed; the shipped ones must win over everything else.
  const onWindows = process.platform === 'win32';
  const fonts = createFontRegistry({ resourceDirs: [dir] });

  it('set every role in the shipped face the lock assigns it', () => {
    for (const role of FONT_ROLES) {
      const face = fonts.primary(role);
      if (onWindows && face.source === 'windows') continue;
      const file = fontFiles.find((f) => f.roles?.includes(role));
      expect(face, role).toMatchObject({ source: 'resources', path: path.join(dir, file!.to) });
    }
  });

  it('render a notice and a report with only shipped faces, every character covered', async () => {
    const every: DocModel = {
      ...sampleReport(),
      body: [
        ...sampleReport().body,
        { type: 'paragraph', runs: FONT_ROLES.map((font) => ({ text: `${font}：${RARE_SCHOOLS.join('、')}〔2026〕—`, font })) },
      ],
    };
    const out = await tempDir('prepared-fonts');
    for (const [name, doc] of [['notice', buildNotice(sampleNotice())], ['report', every]] as const) {
      const result = await renderPdf(doc, fonts);
      const file = path.join(out, `${name}.pdf`);
      fs.writeFileSync(file, result.buffer);
      expect(result.warnings.filter((w) => w.includes('没有字形')), name).toEqual([]);
      if (!onWindows) {
        // Only the shipped faces' labels: no Noto CJK or Droid face of the build machine.
        expect(result.fontsUsed.every((label) => ['Noto Serif SC Black', 'Noto Serif SC', 'Noto Sans SC Bold', 'LXGW WenKai Regular'].includes(label)), result.fontsUsed.join('，')).toBe(true);
      }
      for (const row of await pdfFonts(file)) expect(row, row.name).toMatchObject({ embedded: true, subset: true });
      const text = (await pdfText(file)).replace(/\s+/g, '');
      for (const school of RARE_SCHOOLS) expect(text).toContain(school);
    }
  });
});
