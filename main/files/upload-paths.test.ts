/** The relative paths a folder upload carries are text from a request: hostile ones are refused, real ones kept. */
import { describe, expect, it } from 'vitest';
import { checkFolderPaths, checkUploadPath, FOLDER_UPLOAD_LIMITS, MAX_FOLDER_FILES } from './upload-paths';

const refused = (p: string) => checkUploadPath(p).problem;

describe('checkUploadPath', () => {
  it('keeps a real folder file’s path, normalised to NFC with forward slashes', () => {
    expect(checkUploadPath('U盘/云溪区_001_城关小学/自评表.xlsx')).toEqual({ path: 'U盘/云溪区_001_城关小学/自评表.xlsx', problem: null });
    expect(checkUploadPath('U盘\\城关小学\\佐证材料\\1.1 章程\\照片.jpg')).toEqual({ path: 'U盘/城关小学/佐证材料/1.1 章程/照片.jpg', problem: null });
    // macOS hands names over decomposed (NFD).
    expect(checkUploadPath('Re\u0301sume\u0301/a.pdf').path).toBe('Résumé/a.pdf');
    // Names of system leftovers are ordinary names here (the package reader skips them).
    expect(checkUploadPath('U盘/Thumbs.db').problem).toBeNull();
    expect(checkUploadPath('U盘/~$自评表.xlsx').problem).toBeNull();
  });

  it.each([
    ['parent segment', 'U盘/../../etc/passwd', '路径穿越'],
    ['parent segment at the start', '../U盘/a.xlsx', '路径穿越'],
    ['parent segment through backslashes', 'U盘\\..\\..\\Windows\\win.ini', '路径穿越'],
    ['mixed separators', 'U盘/子目录\\..\\..\\a.txt', '路径穿越'],
    ['absolute POSIX path', '/etc/cron.d/job', '绝对路径'], // check-test-paths: ignore (hostile paths a request may carry; never opened)
    ['absolute Windows path', 'C:\\Windows\\System32\\drivers\\etc\\hosts', '绝对路径'], // check-test-paths: ignore (hostile paths a request may carry; never opened)
    ['drive-relative path', 'C:a.txt', '绝对路径'],
    ['UNC path', '\\\\server\\share\\a.txt', '绝对路径'],
    ['backslash-rooted path', '\\Windows\\a.txt', '绝对路径'],
    ['NTFS alternate data stream', 'U盘/a.txt:Zone.Identifier', 'Windows 不允许的字符'],
    ['NUL byte', 'U盘/a\u0000.txt', '空字符'],
    ['control character', 'U盘/a\u0007.txt', 'Windows 不允许的字符'],
    ['direction override', 'U盘/照片\u202Egpj.exe', '改变文字显示方向'],
    ['device name', 'U盘/CON', '保留设备名'],
    ['device name with extension', 'U盘/nul.txt', '保留设备名'],
    ['trailing dot', 'U盘/a.', '以点或空格结尾'],
    ['trailing space', 'U盘/a /b.txt', '以点或空格结尾'],
    ['empty segment', 'U盘//a.txt', '空的或为“.”'],
    ['dot segment', 'U盘/./a.txt', '空的或为“.”'],
    ['trailing slash', 'U盘/a/', '空的或为“.”'],
    ['no folder', 'a.txt', '缺少文件夹名'],
    ['empty', '', '文件名为空'],
    ['only slashes', '///', '绝对路径'],
    ['too deep', Array.from({ length: FOLDER_UPLOAD_LIMITS.maxDepth + 1 }, (_, i) => `d${i}`).join('/'), '嵌套超过'],
    ['too long', `U盘/${'很长的名字'.repeat(30)}/${'很长的名字'.repeat(30)}/${'很长的名字'.repeat(30)}/${'很长的名字'.repeat(30)}/a.txt`, '路径超过'],
    ['absurdly long', `U盘/${'./'.repeat(100_000)}a.txt`, '路径超过'],
    ['segment over 255 characters', `U盘/${'a'.repeat(256)}.txt`, '超过 255 个字符'],
  ])('refuses %s', (_, p, reason) => {
    expect(refused(p)).toContain(reason);
  });
});

describe('checkFolderPaths', () => {
  const files = (...paths: string[]) => paths.map((relativePath, i) => ({ relativePath, item: i }));

  it('gives the top folder and each file’s normalised path', () => {
    const r = checkFolderPaths(files('U盘/甲校/自评表.xlsx', 'U盘\\乙校\\自评表.xlsx', 'U盘/说明.txt'));
    expect(r).toEqual({
      ok: true,
      top: 'U盘',
      files: [
        { path: 'U盘/甲校/自评表.xlsx', item: 0 },
        { path: 'U盘/乙校/自评表.xlsx', item: 1 },
        { path: 'U盘/说明.txt', item: 2 },
      ],
    });
  });

  it('refuses the whole folder for one hostile path, naming it', () => {
    const r = checkFolderPaths(files('U盘/甲校/自评表.xlsx', 'U盘/../../evil.exe'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons).toEqual([expect.stringContaining('路径穿越')]);
  });

  it('refuses files of two folders, names Windows takes for one, and a file where a folder is', () => {
    const two = checkFolderPaths(files('U盘/a.txt', '桌面/b.txt'));
    expect(!two.ok && two.reasons[0]).toContain('一次只能上传一个文件夹');
    const cased = checkFolderPaths(files('U盘/甲校/Report.pdf', 'U盘/甲校/REPORT.PDF'));
    expect(!cased.ok && cased.reasons[0]).toContain('同一个文件名');
    // NFC and NFD spellings are one name.
    const nfd = checkFolderPaths(files('U盘/Résumé.pdf', 'U盘/Re\u0301sume\u0301.pdf'));
    expect(nfd.ok).toBe(false);
    const clash = checkFolderPaths(files('U盘/甲校', 'U盘/甲校/自评表.xlsx'));
    expect(!clash.ok && clash.reasons[0]).toContain('既是文件又是文件夹');
  });

  it('refuses an empty folder and one with too many files', () => {
    expect(checkFolderPaths([])).toEqual({ ok: false, reasons: ['所选文件夹中没有文件'] });
    const many = Array.from({ length: MAX_FOLDER_FILES + 1 }, (_, i) => ({ relativePath: `U盘/${i}.txt`, item: i }));
    const r = checkFolderPaths(many);
    expect(!r.ok && r.reasons[0]).toContain(`超过一次上传的上限 ${MAX_FOLDER_FILES} 个`);
  });

  it('names at most ten files when many are refused', () => {
    const r = checkFolderPaths(files(...Array.from({ length: 30 }, (_, i) => `U盘/a${i}/../../x${i}.txt`)));
    expect(!r.ok && r.reasons.length).toBe(10);
    expect(!r.ok && r.reasons.every((x) => x.includes('路径穿越'))).toBe(true);
  });
});
