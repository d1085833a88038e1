/**
 * Finds the returned 填报包 under what the user chose: a zip, a package folder, or a folder holding
 * many (a USB stick's root, where schools' packages sit as folders and zips, a few levels deep).
 * A package is a folder holding the manifest (FILES.manifest), or a zip whose entries hold it at the
 * root or inside one top folder (one zip may hold several packages, one per top folder).
 *
 * Only names and zip directories are read here, never content. Links and junctions are never
 * followed (lstat), system folders (System Volume Information, $RECYCLE.BIN …) and hidden folders
 * are skipped, a package folder is not searched further (its 佐证材料 may hold anything), and the
 * search stops after a bounded number of folders so choosing a whole disk cannot take forever.
 */
import type { Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError } from './archive/archive';
import { packageLimits, type PackageLimits } from './archive/limits';
import { openZipArchive } from './archive/zip-source';
import { FILES } from './format';

/** Where one package is: a folder, or a zip with the package at `root` inside it. */
export interface PackageCandidate {
  kind: 'zip' | 'folder';
  /** Absolute path of the zip file or the package folder. */
  path: string;
  /** Zip only: the package's folder inside the zip, '' for the zip's root or `<folder>/`. */
  root: string;
  /** How to name the package to the user: the folder's name, the zip's name, or `<zip>/<folder>`. */
  name: string;
}

/** Something under the chosen folder that looked like a package (or was chosen) but cannot be one. */
export interface SkippedPath {
  path: string;
  /** Chinese sentence. */
  reason: string;
}

/** The packages found, and what looked like one (or was chosen) but cannot be read as one. */
export interface FindPackagesResult {
  /** Sorted by path, then root. */
  packages: PackageCandidate[];
  skipped: SkippedPath[];
}

/** How far findPackages searches. */
export interface FindPackagesOptions {
  /** Folder levels searched below the chosen one (default 3: 根目录/乡镇/学校/包). */
  maxDepth?: number;
  /** Folders looked into at most (default 5,000). */
  maxFolders?: number;
  limits?: Partial<PackageLimits>;
  signal?: AbortSignal;
}

/** Folders that are never a school's package (lower case). */
const SYSTEM_FOLDERS = new Set([
  'system volume information', '$recycle.bin', 'recycler', 'recycled', '$recycled', 'found.000', 'found.001', 'msocache', 'config.msi',
  '$windows.~bt', '$windows.~ws', '$sysreset', 'windowsapps', 'windows', 'program files', 'program files (x86)', 'programdata', 'node_modules', '__macosx',
]);

const MANIFEST = FILES.manifest.normalize('NFC');
const WORKBOOK = FILES.workbook.normalize('NFC');

/** Whether `name` is the manifest's name (NFC; as Windows compares, case-insensitively). */
export function isManifestName(name: string): boolean {
  return name.normalize('NFC').toLowerCase() === MANIFEST.toLowerCase();
}

function isSkippedFolder(name: string): boolean {
  const lower = name.toLowerCase();
  return SYSTEM_FOLDERS.has(lower) || name.startsWith('.') || lower.startsWith('$');
}

const zipReason = (e: unknown) => (e instanceof ArchiveError ? e.message : '无法读取该压缩包');

/** The packages inside one zip: the roots ('' or `<folder>/`) holding a manifest. */
async function packagesInZip(file: string, limits: PackageLimits, chosen: boolean, out: FindPackagesResult): Promise<void> {
  let archive;
  try {
    archive = await openZipArchive(file, limits);
  } catch (e) {
    if (chosen || path.extname(file).toLowerCase() === '.zip') out.skipped.push({ path: file, reason: zipReason(e) });
    return;
  }
  try {
    const roots = new Set<string>();
    let workbookSeen = false;
    for (const entry of archive.entries) {
      const segments = entry.path.split('/');
      const base = segments[segments.length - 1];
      if (segments.length > 2 || segments.includes('..')) continue;
      if (isManifestName(base) && entry.kind === 'file') roots.add(segments.length === 2 ? `${segments[0]}/` : '');
      if (base.normalize('NFC').toLowerCase() === WORKBOOK.toLowerCase()) workbookSeen = true;
    }
    const name = path.basename(file);
    for (const root of [...roots].sort()) out.packages.push({ kind: 'zip', path: file, root, name: root ? `${name}/${root.slice(0, -1)}` : name });
    if (roots.size === 0 && (workbookSeen || chosen)) {
      out.skipped.push({
        path: file,
        reason: workbookSeen
          ? `压缩包中有自评表，但没有填报包校验信息文件“${FILES.manifest}”（可能被删除或改名），无法确认是哪个单位的填报包`
          : '压缩包中没有填报包（找不到填报包校验信息文件）',
      });
    }
  } finally {
    await archive.close();
  }
}

/**
 * Lists the packages under `root` (a zip file, a package folder, or a folder holding many). Never
 * throws for what it finds: unreadable folders, broken zips and folders that look like a package
 * without a manifest are listed in `skipped` with a Chinese reason. Throws only on abort.
 */
export async function findPackages(root: string, opts: FindPackagesOptions = {}): Promise<FindPackagesResult> {
  const limits = packageLimits(opts.limits);
  const maxDepth = opts.maxDepth ?? 3;
  const maxFolders = opts.maxFolders ?? 5000;
  const out: FindPackagesResult = { packages: [], skipped: [] };
  const abs = path.resolve(root);
  let st: Stats;
  try {
    // The chosen path itself is followed (the user picked it); nothing below it is.
    st = await fsp.stat(abs);
  } catch {
    out.skipped.push({ path: abs, reason: '找不到所选的文件或文件夹（可能已被移动、删除或移动盘已拔出）' });
    return out;
  }
  if (st.isFile()) {
    await packagesInZip(abs, limits, true, out);
    return sorted(out);
  }
  if (!st.isDirectory()) {
    out.skipped.push({ path: abs, reason: '所选的不是文件或文件夹' });
    return out;
  }
  let folders = 0;
  const visit = async (dir: string, depth: number): Promise<void> => {
    opts.signal?.throwIfAborted();
    if (++folders > maxFolders) {
      if (folders === maxFolders + 1) out.skipped.push({ path: dir, reason: `要检查的文件夹超过 ${maxFolders} 个，其余未检查。请选择存放填报包的文件夹，而不是整个磁盘` });
      return;
    }
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      out.skipped.push({ path: dir, reason: '文件夹无法打开（没有权限、被占用或移动盘已拔出）' });
      return;
    }
    names.sort();
    const stats = new Map<string, Stats | null>();
    for (const name of names) stats.set(name, await fsp.lstat(path.join(dir, name)).catch(() => null));
    const manifest = names.find((n) => isManifestName(n) && stats.get(n)?.isFile());
    if (manifest) {
      out.packages.push({ kind: 'folder', path: dir, root: '', name: path.basename(dir) });
      return;
    }
    if (names.some((n) => n.normalize('NFC').toLowerCase() === WORKBOOK.toLowerCase())) {
      out.skipped.push({ path: dir, reason: `文件夹中有自评表，但没有填报包校验信息文件“${FILES.manifest}”（可能被删除或改名），无法确认是哪个单位的填报包` });
    }
    for (const name of names) {
      const s = stats.get(name);
      if (!s || s.isSymbolicLink()) continue;
      const full = path.join(dir, name);
      if (s.isFile() && path.extname(name).toLowerCase() === '.zip') await packagesInZip(full, limits, false, out);
      else if (s.isDirectory() && depth < maxDepth && !isSkippedFolder(name)) await visit(full, depth + 1);
    }
  };
  await visit(abs, 0);
  return sorted(out);
}

function sorted(out: FindPackagesResult): FindPackagesResult {
  out.packages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  return out;
}
