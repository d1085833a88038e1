import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_CANDIDATES } from './candidates.js';
import { createFontRegistry } from './registry.js';
import { ROLE_LABEL } from './roles.js';

describe('createFontRegistry', () => {
  const fonts = createFontRegistry();

  it('resolves every role to an installed face', () => {
    for (const role of ['xiaobiaosong', 'heiti', 'kaiti', 'fangsong', 'songti'] as const) {
      const face = fonts.primary(role);
      expect(face.path).toBeTruthy();
      expect(face.lineHeightEm).toBeGreaterThan(0.9);
      expect(face.hasGlyph('国'.codePointAt(0) ?? 0)).toBe(true);
    }
  });

  it('covers the rare name characters in every role', () => {
    for (const role of ['xiaobiaosong', 'heiti', 'kaiti', 'fangsong', 'songti'] as const) {
      const { missing } = fonts.segment('𬱖堃〔〕—', role);
      expect(missing).toEqual([]);
    }
  });

  it('keeps spaces and variation selectors in the current run', () => {
    const { segments } = fonts.segment('学 校\uFE00', 'fangsong');
    expect(segments).toHaveLength(1);
    expect(segments[0].text).toBe('学 校\uFE00');
  });

  it('hands pdfmake a fresh dictionary, collections as [path, postscriptName]', () => {
    const face = fonts.primary('fangsong');
    const a = fonts.pdfmakeFonts([face]);
    const b = fonts.pdfmakeFonts([face]);
    expect(a[face.id]).toEqual(b[face.id]);
    expect(a[face.id].normal).not.toBe(b[face.id].normal);
    if (face.postscriptName) expect(a[face.id].normal).toEqual([face.path, face.postscriptName]);
    expect(fonts.vfs.existsSync(face.path)).toBe(true);
  });
});

describe('font substitution warnings', () => {
  it('warns once for every role set in a face other than its Windows one', () => {
    const fonts = createFontRegistry();
    for (const role of ['heiti', 'kaiti', 'fangsong', 'songti'] as const) {
      const face = fonts.primary(role);
      const own = fonts.warnings.filter((w) => w.includes(`PDF 中的${ROLE_LABEL[role]}改用`));
      expect(own, role).toEqual(face.source === 'windows' ? [] : [expect.stringContaining(face.label)]);
    }
    // This machine (Debian CI) has no Windows fonts: the fallbacks are named, e.g. 仿宋_GB2312 or 仿宋.
    if (fonts.primary('fangsong').source !== 'windows') {
      expect(fonts.warnings.join('\n')).toContain('未找到仿宋_GB2312或仿宋，PDF 中的仿宋改用');
    }
  });
});

describe('fonts prepared into the resource folder (the installer’s resources/fonts)', () => {
  it('are picked before the system packages’ faces, as the role face and in the fallback chain', () => {
    // A copy of Debian's LXGW WenKai (fonts-lxgw-wenkai) under the name the installer ships it as.
    const system = ROLE_CANDIDATES.kaiti.find((c) => c.source === 'system' && fs.existsSync(c.file));
    const shipped = ROLE_CANDIDATES.kaiti.find((c) => c.source === 'resources');
    expect(system, 'fonts-lxgw-wenkai is installed').toBeDefined();
    expect(shipped).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-fonts-'));
    try {
      fs.copyFileSync(system!.file, path.join(dir, shipped!.file));
      // Windows faces (first in the list) are left out so the test means the same on any machine.
      const kaiti = ROLE_CANDIDATES.kaiti.filter((c) => c.source !== 'windows');
      const without = createFontRegistry({ candidates: { kaiti } });
      const withDir = createFontRegistry({ candidates: { kaiti }, resourceDirs: [dir] });
      expect(without.primary('kaiti')).toMatchObject({ source: 'system', path: system!.file });
      expect(withDir.primary('kaiti')).toMatchObject({ source: 'resources', path: path.join(dir, shipped!.file) });
      const chain = withDir.chain('fangsong').map((f) => f.path);
      expect(chain).toContain(path.join(dir, shipped!.file));
      expect(chain.indexOf(path.join(dir, shipped!.file))).toBeLessThan(chain.indexOf(system!.file));
      expect(withDir.warnings.join('\n')).toContain('PDF 中的楷体改用 LXGW WenKai Regular');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
