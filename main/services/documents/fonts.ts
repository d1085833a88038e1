/**
 * One font registry per process: pdfmake re-parses fonts for every document, so the registry keeps
 * each font file in memory once and every export (UI, batch jobs, CLI) shares it.
 */
import path from 'node:path';
import { createFontRegistry, type FontRegistry } from '../../documents';

let registry: FontRegistry | undefined;

/**
 * Folders that may hold the OFL fonts prepared at build time (scripts/prepare-fonts.mjs), most
 * specific first; SUPERVISION_DESK_FONT_DIR is added by the registry itself.
 */
export function resourceFontDirs(): string[] {
  const out: string[] = [];
  // Packaged Electron: electron-builder.yml copies resources/fonts to <resources>/fonts.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(path.join(resourcesPath, 'fonts'));
  // PDFs are typeset on worker threads (main/workers), and Electron sets process.resourcesPath only
  // on the environments it creates itself, not on a worker_threads one. Electron's resources folder
  // on Windows is <folder of the .exe>/resources (GetResourcesPath in its node_bindings.cc), and
  // process.execPath is the same in every thread. Under plain Node this names Node's own folder.
  out.push(path.join(path.dirname(process.execPath), 'resources', 'fonts'));
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

/** The process's (thread's) font registry, created on first use over resourceFontDirs(). */
export function documentFonts(): FontRegistry {
  registry ??= createFontRegistry({ resourceDirs: resourceFontDirs() });
  return registry;
}
