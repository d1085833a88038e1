import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resourceFontDirs } from './fonts';

const proc = process as { resourcesPath?: string };
const saved = proc.resourcesPath;

describe('resourceFontDirs', () => {
  afterEach(() => {
    if (saved === undefined) delete proc.resourcesPath;
    else proc.resourcesPath = saved;
  });

  it('puts the packaged app’s <resources>/fonts first when Electron says where resources are', () => {
    proc.resourcesPath = path.resolve('/installed/督导评估工作台/resources');
    expect(resourceFontDirs()[0]).toBe(path.join(proc.resourcesPath, 'fonts'));
  });

  it('still finds <folder of the executable>/resources/fonts on a worker thread, where Electron sets no resourcesPath', () => {
    delete proc.resourcesPath;
    const dirs = resourceFontDirs();
    expect(dirs[0]).toBe(path.join(path.dirname(process.execPath), 'resources', 'fonts'));
    // Running from source (tests, browser mode, CLI): the repository's resources/fonts.
    expect(dirs).toContain(path.resolve(import.meta.dirname, '../../../resources/fonts'));
  });
});
