import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder cannot run here (it downloads Electron and NSIS), so its configuration is
// checked against the JSON schema that electron-builder itself validates with.
const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const yaml = require('js-yaml');
const root = path.resolve(import.meta.dirname, '../..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, config);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes the Chinese Windows NSIS installer with the product name, icon and unpacked native module', () => {
    expect(config.productName).toBe('督导评估工作台');
    expect(config.win.target[0]).toMatchObject({ target: 'nsis', arch: ['x64'] });
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: 'always', createStartMenuShortcut: true, installerLanguages: ['zh_CN'] });
    expect(fs.existsSync(path.join(root, config.win.icon))).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('builds from the bundle folders electron-vite writes and the entry package.json names', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files).toContain('out/**');
  });
  it('ships the prepared fonts once, as <resources>/fonts outside app.asar, with their licences', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'resources/fonts/fonts-lock.json'), 'utf8'));
    const entry = config.extraResources.find((r: { from: string }) => r.from === 'resources/fonts');
    expect(entry).toMatchObject({ to: 'fonts' });
    expect(config.files).toContain('!resources/fonts/**');
    // Every file the lock writes passes the filter (its patterns are plain `*` globs); the lock does not.
    const globs: RegExp[] = entry.filter.map((g: string) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
    const names: string[] = lock.packages.flatMap((p: { files: { to: string }[] }) => p.files.map((f) => f.to));
    for (const name of names) expect(globs.some((g) => g.test(name)), name).toBe(true);
    expect(globs.some((g) => g.test('fonts-lock.json') || g.test('README.md'))).toBe(false);
    // The first step of the installer build prepares them; installing dependencies never does.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts['dist:win']).toMatch(/^node scripts\/prepare-fonts\.mjs && /);
    expect(Object.keys(pkg.scripts).filter((k) => /install|prepare/.test(k))).toEqual([]);
  });

  it('pins a supported Electron major exactly, rebuilds better-sqlite3 for it and sets every fuse', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const version: string = pkg.devDependencies.electron;
    // Electron supports its three newest majors; 38 reached end of support when 41 came out.
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
    expect(JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version).toBe(version);
    // The installer rebuilds native modules (better-sqlite3) against this Electron's headers.
    expect(config.npmRebuild).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
