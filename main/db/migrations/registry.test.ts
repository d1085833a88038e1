import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './registry';

// The registry is written by hand (a bundle cannot scan a folder), so this test checks it against
// the folder: every migration file listed once, in number order, with its own `up`, and nothing else.

const DIR = import.meta.dirname;
const MIGRATION_FILE = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.ts$/;
/** Files in this folder that are not migrations. */
const NOT_MIGRATIONS = new Set(['registry.ts']);

function folder() {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_MIGRATIONS.has(f));
  const misnamed = files.filter((f) => !MIGRATION_FILE.test(f));
  const migrations = files
    .filter((f) => MIGRATION_FILE.test(f))
    .map((file) => {
      const [, number, name] = MIGRATION_FILE.exec(file)!;
      return { file, version: Number(number), name };
    })
    .sort((a, b) => a.version - b.version);
  return { misnamed, migrations };
}

describe('migration registry', () => {
  it('holds only migrations named NNNN_description.ts besides registry.ts and tests', () => {
    expect(folder().misnamed, 'rename to NNNN_description.ts (lower case, underscores) or move it out of main/db/migrations').toEqual([]);
  });

  it('lists exactly the migration files of its folder, in number order, under their file names', () => {
    const files = folder().migrations.map((m) => `${m.version}:${m.name}`);
    const listed = MIGRATIONS.map((m) => `${m.version}:${m.name}`);
    const missing = files.filter((f) => !listed.includes(f));
    const extra = listed.filter((l) => !files.includes(l));
    expect({ missing, extra }, 'main/db/migrations/registry.ts must list every NNNN_name.ts file as { version: NNNN, name }').toEqual({ missing: [], extra: [] });
    expect(listed, 'registry order must be the files’ number order').toEqual(files);
  });

  it('numbers versions 1, 2, 3, … without gaps or duplicates; the latest is the last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('runs each file’s own up()', async () => {
    for (const m of folder().migrations) {
      const mod = (await import(pathToFileURL(path.join(DIR, m.file)).href)) as { up?: unknown };
      expect(typeof mod.up, `${m.file} exports up(db)`).toBe('function');
      expect(MIGRATIONS.find((r) => r.version === m.version)?.up === mod.up, `registry entry ${m.version} calls the up() of ${m.file}`).toBe(true);
    }
  });
});
