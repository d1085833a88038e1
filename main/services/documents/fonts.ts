/**
 * One font registry per process: pdfmake re-parses fonts for every document, so the registry keeps
 * each font file in memory once and every export (UI, batch jobs, CLI) shares it.
 */
import path from 'node:path';
import { createFontRegistry, type FontRegistry } from '../../documents';

let registry: FontRegistry | undefined;

function resourceFontDirs(): string[] {
  const out: string[] = [];
  // Packaged Electron: the build copies OFL fonts to <resources>/fonts.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(path.join(resourcesPath, 'fonts'));
  // Source (main/services/documents) and bundle (out/main) both sit below the repo root.
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    out.push(path.join(dir, 'resources', 'fonts'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  out.push(path.join(process.cwd(), 'resources', 'fonts'));
  return [...new Set(out)];
}

export function documentFonts(): FontRegistry {
  registry ??= createFontRegistry({ resourceDirs: resourceFontDirs() });
  return registry;
}
