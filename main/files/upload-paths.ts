/**
 * The relative path a browser sends with each file of a folder the user picked (`<input
 * webkitdirectory>` gives `webkitRelativePath`, e.g. `U盘/城关小学/自评表.xlsx`). The page is ours, but
 * the path is only text in a request: it is checked like a name inside a zip, by the package
 * archive layer's own rules (`checkEntryPath`: no `..`, no absolute path or drive letter, no
 * Windows-forbidden or device names, no direction-override characters, depth and length caps), and
 * further refused when it has empty or `.` segments, which a real folder never yields.
 */
import { DEFAULT_PACKAGE_LIMITS, limitReasons } from '../exchange/packages/archive/limits';
import { checkEntryPath, pathKey, type CheckedPath } from '../exchange/packages/archive/names';

/**
 * Caps on an uploaded folder's paths. The folder may be a USB stick's folder holding packages a
 * few levels down, so a package's own caps get room above it (the packages inside are checked
 * again with their own caps when read).
 */
export const FOLDER_UPLOAD_LIMITS = Object.freeze({
  maxDepth: DEFAULT_PACKAGE_LIMITS.maxDepth + 8,
  maxPathLength: DEFAULT_PACKAGE_LIMITS.maxPathLength + 200,
});

/**
 * Most files one uploaded folder may hold: a USB stick of 50 packages with a few hundred evidence
 * files each is ~20,000; more is not a stick of packages (and its list of references would outgrow
 * one API call).
 */
export const MAX_FOLDER_FILES = 50_000;

/**
 * Checks the relative path of one uploaded file of a folder (`folder/sub/file.ext`, `/`- or
 * `\`-separated) and normalises it (`/`, NFC). `problem` is a Chinese reason, or null. A path must
 * name a file inside the picked folder: at least two segments (the folder, then the file).
 */
export function checkUploadPath(relativePath: string): CheckedPath {
  // Before anything is split or normalised: a megabyte of `./` is refused by its length alone.
  if (relativePath.length > 2 * FOLDER_UPLOAD_LIMITS.maxPathLength) return { path: relativePath.slice(0, 80) + '…', problem: limitReasons.pathLength(FOLDER_UPLOAD_LIMITS.maxPathLength) };
  const checked = checkEntryPath(relativePath, FOLDER_UPLOAD_LIMITS);
  if (checked.problem) return checked;
  const raw = relativePath.replace(/\\/g, '/').split('/');
  if (raw.some((s) => s === '' || s === '.')) return { path: checked.path, problem: '文件路径中有空的或为“.”的文件夹名，不是从文件夹中选出的文件，未接收' };
  if (raw.length < 2) return { path: checked.path, problem: '文件不在所选文件夹中（路径中缺少文件夹名），未接收' };
  return checked;
}

/** One uploaded file of a folder: its checked path and whatever the caller keeps with it. */
export interface FolderFile<T> {
  path: string;
  item: T;
}

/**
 * Checks the paths of all the files of one uploaded folder together: each by checkUploadPath, all
 * under one top folder, no two the same on Windows (case-insensitive, NFC), and no file where
 * another has a folder (`a/b` and `a/b/c`). Returns the files with their normalised paths and the
 * top folder's name, or the Chinese reasons (each naming the file; at most `maxReasons`).
 */
export function checkFolderPaths<T>(files: readonly { relativePath: string; item: T }[], maxReasons = 10): { ok: true; top: string; files: FolderFile<T>[] } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  const add = (s: string) => {
    if (reasons.length < maxReasons) reasons.push(s);
  };
  if (files.length === 0) return { ok: false, reasons: ['所选文件夹中没有文件'] };
  if (files.length > MAX_FOLDER_FILES) return { ok: false, reasons: [`所选文件夹中有 ${files.length} 个文件，超过一次上传的上限 ${MAX_FOLDER_FILES} 个。请只选择存放填报包的文件夹`] };
  const checked: FolderFile<T>[] = [];
  for (const f of files) {
    const c = checkUploadPath(f.relativePath);
    if (c.problem) add(`“${c.path}”：${c.problem}`);
    else checked.push({ path: c.path, item: f.item });
  }
  if (reasons.length) return { ok: false, reasons };
  const top = checked[0].path.split('/')[0];
  const fileKeys = new Map<string, string>();
  const folderKeys = new Set<string>();
  for (const f of checked) {
    const segments = f.path.split('/');
    if (pathKey(segments[0]) !== pathKey(top)) {
      add(`“${f.path}”不在文件夹“${top}”中：一次只能上传一个文件夹`);
      continue;
    }
    const key = pathKey(f.path);
    const same = fileKeys.get(key);
    if (same !== undefined) add(`“${f.path}”与“${same}”在 Windows 中是同一个文件名（不区分大小写），未接收`);
    fileKeys.set(key, f.path);
    for (let i = 1; i < segments.length; i++) folderKeys.add(pathKey(segments.slice(0, i).join('/')));
  }
  for (const [key, p] of fileKeys) if (folderKeys.has(key)) add(`“${p}”既是文件又是文件夹，未接收`);
  return reasons.length ? { ok: false, reasons } : { ok: true, top, files: checked };
}
