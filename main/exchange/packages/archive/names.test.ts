import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gbk } from '../testing/gbk';
import { DEFAULT_PACKAGE_LIMITS } from './limits';
import { checkEntryPath, decodeEntryName, extensionOf, isSystemLeftover, pathKey } from './names';

const check = (name: string) => checkEntryPath(name, DEFAULT_PACKAGE_LIMITS);

describe('decodeEntryName', () => {
  it('reads UTF-8 when the flag says so', () => {
    expect(decodeEntryName(Buffer.from('佐证材料/照片.jpg', 'utf8'), 0x800)).toEqual({ name: '佐证材料/照片.jpg', encoding: 'utf8-flag' });
  });

  it('reads GBK names without the flag, as Windows’ built-in zip writes them on a Chinese system', () => {
    for (const name of ['佐证材料/1.1 校舍场地/照片.jpg', '自评表.xlsx', '学校自评报告.docx', '填报包校验信息（请勿修改）.json', '联通', '镕']) {
      const d = decodeEntryName(gbk(name), 0);
      expect(d.name).toBe(name);
      expect(['gb18030', 'utf8']).toContain(d.encoding);
    }
    expect(decodeEntryName(gbk('照片'), 0).encoding).toBe('gb18030');
  });

  it('reads UTF-8 names without the flag (macOS, 7-Zip) as UTF-8', () => {
    expect(decodeEntryName(Buffer.from('学校自评报告.pdf', 'utf8'), 0)).toEqual({ name: '学校自评报告.pdf', encoding: 'utf8' });
  });

  it('prefers the Unicode Path extra field when its CRC matches the raw name, and ignores it when not', () => {
    const raw = gbk('照片.jpg');
    const extra = (crc: number) => {
      const name = Buffer.from('正确名称.jpg', 'utf8');
      const data = Buffer.alloc(5 + name.length);
      data[0] = 1;
      data.writeUInt32LE(crc >>> 0, 1);
      name.copy(data, 5);
      return [{ id: 0x7075, data }];
    };
    expect(decodeEntryName(raw, 0, extra(zlib.crc32(raw))).name).toBe('正确名称.jpg');
    expect(decodeEntryName(raw, 0, extra(12345)).name).toBe('照片.jpg');
  });

  it('marks names that are neither UTF-8 nor GB18030 as undecodable (and still gives a readable name)', () => {
    const d = decodeEntryName(Buffer.from([0x81, 0x20, 0x41]), 0);
    expect(d.encoding).toBe('undecodable');
    expect(typeof d.name).toBe('string');
  });
});

describe('checkEntryPath', () => {
  it('normalises separators, dot segments and Unicode form', () => {
    expect(check('佐证材料\\1.1 校舍场地\\照片.jpg')).toEqual({ path: '佐证材料/1.1 校舍场地/照片.jpg', problem: null });
    expect(check('./a//b/./c.pdf')).toEqual({ path: 'a/b/c.pdf', problem: null });
    expect(check('校'.normalize('NFD') + '.pdf').path).toBe('校.pdf');
    const nfd = 'é.pdf'.normalize('NFD');
    expect(check(nfd).path).toBe('é.pdf'.normalize('NFC'));
  });

  it.each([
    ['../../etc/passwd', '路径穿越'],
    ['佐证材料/../../x.jpg', '路径穿越'],
    ['..\\..\\Windows\\win.ini', '路径穿越'],
    ['/etc/passwd', '绝对路径'], // check-test-paths: ignore
    ['C:\\Windows\\System32\\x.dll', '绝对路径'], // check-test-paths: ignore
    ['c:/x.jpg', '绝对路径'], // check-test-paths: ignore
    ['\\\\server\\share\\x.jpg', '绝对路径'],
    ['CON', '保留设备名'],
    ['佐证材料/NUL.txt', '保留设备名'],
    ['com1.jpg', '保留设备名'],
    ['lpt9', '保留设备名'],
    ['照片.jpg.', '以点或空格结尾'],
    ['照片.jpg ', '以点或空格结尾'],
    ['文件夹 /照片.jpg', '以点或空格结尾'],
    ['ab:c.jpg', '不允许的字符'],
    ['a:b.jpg', '绝对路径'],
    ['a?.jpg', '不允许的字符'],
    ['a\u0001.jpg', '不允许的字符'],
    ['照片\u202Egpj.exe', '改变文字显示方向'],
    ['a\u0000.jpg', '空字符'],
    ['', '为空'],
  ])('refuses %j (%s)', (name, why) => {
    const r = check(name);
    expect(r.problem).toContain(why);
  });

  it('refuses paths nested too deep or too long', () => {
    expect(check(Array(20).fill('a').join('/')).problem).toContain('嵌套');
    expect(check(`${'长'.repeat(200)}/${'长'.repeat(210)}.jpg`).problem).toContain('路径超过');
    expect(check('x'.repeat(300)).problem).toBeTruthy();
  });

  it('keeps ordinary Chinese names with spaces, brackets and dots inside', () => {
    for (const name of ['佐证材料/1.1 校舍场地/2024年 校舍（一）.jpg', 'a.b.c.pdf', '报告 v2.docx', 'CONTRACT.pdf', 'console.log.txt']) {
      expect(check(name).problem).toBeNull();
    }
  });
});

describe('helpers', () => {
  it('pathKey treats case and Unicode forms as the same name, as Windows does', () => {
    expect(pathKey('A/Photo.JPG')).toBe(pathKey('a/photo.jpg'));
    expect(pathKey('é'.normalize('NFD'))).toBe(pathKey('é'.normalize('NFC')));
  });

  it('recognises leftovers of file systems and Office', () => {
    for (const p of ['__MACOSX/佐证材料/._a.jpg', '佐证材料/Thumbs.db', 'desktop.ini', '.DS_Store', '~$学校自评报告.docx', '.~lock.自评表.xlsx#']) expect(isSystemLeftover(p)).toBe(true);
    for (const p of ['佐证材料/a.jpg', '自评表.xlsx', 'thumbs.jpg']) expect(isSystemLeftover(p)).toBe(false);
  });

  it('extensionOf', () => {
    expect(extensionOf('a/b/c.JPG')).toBe('.jpg');
    expect(extensionOf('a.b/c')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
  });
});
