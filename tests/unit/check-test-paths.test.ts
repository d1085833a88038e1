import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CI step is plain Node (scripts/check-test-paths.mjs); its pure functions are tested here.
// Sample paths are assembled from ROOT so that this file itself names no system path.
const script = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/check-test-paths.mjs')).href;
const m = await import(script);
const ROOT = '/usr';
const [ETC, OPT, VAR, C] = ['/etc', '/opt', '/var', 'C'];

describe('check-test-paths', () => {
  it('scans tests, specs, benchmarks and test helpers, not production code', () => {
    for (const f of [
      'main/documents/pdf/render-pdf.test.ts',
      'tests/e2e/register.spec.ts',
      'tests/e2e/pages/schools-page.ts',
      'bench/run.ts',
      'main/testing/temp-core.ts',
      'main/documents/testing/tools.ts',
      'main/exchange/register/test-fixtures.ts',
      'playwright.config.ts',
    ]) {
      expect(m.isTestFile(f), f).toBe(true);
    }
    for (const f of ['main/documents/fonts/candidates.ts', 'shared/domain/balance/split.ts', 'scripts/make-icon.mjs', 'README.md', 'main/exchange/testing/fixtures/case.xlsx']) {
      expect(m.isTestFile(f), f).toBe(false);
    }
  });

  it('finds absolute system paths with their lines, cut before interpolation', () => {
    const text = [
      `const droid = '${ROOT}/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';`,
      `const exe = process.env.CHROME_PATH ?? "${ROOT}/bin/chromium";`,
      `const f = \`${ROOT}/share/fonts/opentype/noto/\${name}.ttc\`;`,
      `const g = \`${ROOT}/share/fonts/Noto\${weight}.ttf\`;`,
      `const win = '${C}:\\\\Windows\\\\Fonts\\\\simfang.ttf';`,
      `// run ${ROOT}/bin/pdftotext (poppler-utils).`,
      `const url = 'https://example.cn${ROOT}/share/x'; const rel = 'a${ROOT}/b'; const home = '~${ROOT}/c';`,
      `const data = '${ROOT}/share/never-opened'; // check-test-paths: ignore`,
      `const etc = '${ETC}/fonts/fonts.conf', opt = '${OPT}/x/y', v = '${VAR}/lib/dpkg';`,
      `expect(t).toMatch(/2026-11-29 \\d\\d:\\d\\d/); // a regex escape, not a drive`,
    ].join('\n');
    expect(m.findAbsolutePaths(text)).toEqual([
      { path: `${ROOT}/share/fonts/truetype/droid/DroidSansFallbackFull.ttf`, line: 1, windows: false },
      { path: `${ROOT}/bin/chromium`, line: 2, windows: false },
      { path: `${ROOT}/share/fonts/opentype/noto/`, line: 3, windows: false },
      { path: `${ROOT}/share/fonts/`, line: 4, windows: false },
      { path: `${C}:\\Windows\\Fonts\\simfang.ttf`, line: 5, windows: true },
      { path: `${ROOT}/bin/pdftotext`, line: 6, windows: false },
      { path: `${ETC}/fonts/fonts.conf`, line: 9, windows: false },
      { path: `${OPT}/x/y`, line: 9, windows: false },
      { path: `${VAR}/lib/dpkg`, line: 9, windows: false },
    ]);
  });

  it('reads the package list and dpkg -S output', () => {
    expect(m.parsePackageList('# comment\nchromium\n\n  poppler-utils  # pdftotext\n')).toEqual(['chromium', 'poppler-utils']);
    expect(m.parseDpkgSearch(`fonts-noto-cjk, fonts-lxgw-wenkai: ${ROOT}/share/fonts\nlibpoppler126:amd64: ${ROOT}/lib/x\ndiversion by a from: ${ROOT}/bin/y\n`)).toEqual([
      'fonts-noto-cjk',
      'fonts-lxgw-wenkai',
      'libpoppler126',
    ]);
  });

  it('follows Depends and Pre-Depends (first alternative, virtual packages) but not Recommends', () => {
    const installed = [
      'libreoffice-writer\t\tlibreoffice-core (= 4:7.4.7), libc6 (>= 2.34)\t',
      'libreoffice-core\tdpkg (>= 1.15)\tlibreoffice-common, fontconfig | fontconfig-alt\t',
      'libreoffice-common\t\tpython3:any\t',
      'fontconfig\t\t\t',
      'fontconfig-alt\t\t\t',
      'libc6\t\t\t',
      'dpkg\t\t\t',
      'python3-minimal\t\t\tpython3:any (= 3.11)',
      'git\t\tlibc6\t',
    ].join('\n');
    const closure = m.dependencyClosure(['libreoffice-writer'], installed);
    expect([...closure].sort()).toEqual(['dpkg', 'fontconfig', 'libc6', 'libreoffice-common', 'libreoffice-core', 'libreoffice-writer', 'python3-minimal']);
  });

  it('counts Essential packages as always present', () => {
    expect(m.essentialPackages('bash\t\t\t\tyes\ngit\t\tlibc6\t\tno\ncoreutils\t\t\t\tyes\n')).toEqual(['bash', 'coreutils']);
  });

  it('judges each path: missing, unowned, owned by an unlisted package, or provided', () => {
    const provided = new Set(['chromium', 'python3-minimal']);
    const ctx = { provided, aptList: ['chromium'] };
    const at = (p: string, windows = false) => ({ path: p, line: 1, windows });
    expect(m.judgePath(at(`${ROOT}/bin/chromium`), { ...ctx, exists: true, owners: ['chromium'] })).toBeUndefined();
    expect(m.judgePath(at(`${ROOT}/bin/python3`), { ...ctx, exists: true, owners: ['python3-minimal'] })).toBeUndefined();
    expect(m.judgePath(at(`${ROOT}/share/fonts/truetype/droid/x.ttf`), { ...ctx, exists: false })).toMatch(/does not exist/);
    expect(m.judgePath(at(`${ETC}/hostname`), { ...ctx, exists: true, owners: [] })).toMatch(/no Debian package owns it/);
    expect(m.judgePath(at(`${ROOT}/bin/git`), { ...ctx, exists: true, owners: ['git'] })).toMatch(/comes from git, which neither \.ci\/apt-packages\.txt \(chromium\)/);
    expect(m.judgePath(at(`${C}:\\Windows\\Fonts\\simfang.ttf`, true), { ...ctx, exists: false })).toMatch(/Windows path/);
  });
});
