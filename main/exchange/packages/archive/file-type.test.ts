import { describe, expect, it } from 'vitest';
import { SAMPLE_BYTES } from '../testing/build-package';
import { refusedByName, sniffFile } from './file-type';

const sniff = (name: string, head: Buffer) => sniffFile(name, head, head.length);
const mime = (name: string, head: Buffer) => {
  const r = sniff(name, head);
  return r.ok ? r.mimeType : `refused: ${r.reason}`;
};

const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`, 'latin1'), Buffer.alloc(40)]);
const riff = (kind: string) => Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from(kind, 'latin1'), Buffer.alloc(20)]);
const zipWith = (part: string) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(part, 'latin1'), Buffer.alloc(40)]);
const ole = () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);

describe('sniffFile: types by their bytes', () => {
  it.each([
    ['a.jpg', SAMPLE_BYTES.jpeg(), 'image/jpeg'],
    ['a.png', SAMPLE_BYTES.png(), 'image/png'],
    ['a.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
    ['a.bmp', Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(12), Buffer.from([40, 0, 0, 0]), Buffer.alloc(30)]), 'image/bmp'],
    ['a.webp', riff('WEBP'), 'image/webp'],
    ['a.tif', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff'],
    ['a.heic', ftyp('heic'), 'image/heic'],
    ['a.pdf', SAMPLE_BYTES.pdf(), 'application/pdf'],
    ['a.docx', zipWith('word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a.xlsx', zipWith('xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a.pptx', zipWith('ppt/presentation.xml'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['a.docx', zipWith('docProps/app.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a.doc', ole(), 'application/msword'],
    ['a.xls', ole(), 'application/vnd.ms-excel'],
    ['a.wps', ole(), 'application/msword'],
    ['a.mp4', ftyp('isom'), 'video/mp4'],
    ['a.mov', ftyp('qt  '), 'video/quicktime'],
    ['a.avi', riff('AVI '), 'video/x-msvideo'],
    ['a.mp3', Buffer.from('ID3\x03\x00', 'latin1'), 'audio/mpeg'],
    ['a.txt', Buffer.from('说明文字\r\n第二行', 'utf8'), 'text/plain'],
    ['a.bin', Buffer.from([1, 2, 3, 0, 5]), null],
  ])('%s → %s', (name, head, expected) => {
    expect(mime(name, head)).toBe(expected);
  });

  it('names the content when the extension lies, and warns', () => {
    const r = sniff('校舍.jpg', SAMPLE_BYTES.png());
    expect(r).toMatchObject({ ok: true, mimeType: 'image/png' });
    expect(r.ok && r.mismatch).toContain('扩展名为“.jpg”');
    expect(r.ok && r.mismatch).toContain('PNG 图片');
    expect(sniff('校舍.jpeg', SAMPLE_BYTES.jpeg())).toMatchObject({ ok: true, mismatch: null });
    expect(sniff('无扩展名', SAMPLE_BYTES.pdf())).toMatchObject({ ok: true, mimeType: 'application/pdf', mismatch: null });
  });
});

describe('refusals', () => {
  it.each(['setup.exe', 'a.BAT', 'a.cmd', 'x.ps1', 'x.vbs', 'x.js', 'x.hta', 'x.msi', 'x.scr', 'x.com', 'x.jar', 'x.lnk', 'x.url', 'x.docm', 'x.xlsm', 'x.zip', 'x.rar', 'x.7z', 'x.iso', '照片.jpg.exe'])(
    'refuses %s by its name',
    (name) => {
      expect(refusedByName(name)).toBeTruthy();
      expect(sniff(name, SAMPLE_BYTES.jpeg()).ok).toBe(false);
    },
  );

  it.each([
    ['照片.jpg', SAMPLE_BYTES.exe(), '可执行程序'],
    ['报告.pdf', SAMPLE_BYTES.elf(), '可执行程序'],
    ['a.png', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), '可执行程序'],
    ['说明.txt', Buffer.from('#!/bin/sh\nrm -rf /\n'), '脚本'],
    ['照片.jpg', SAMPLE_BYTES.lnk(), '快捷方式'],
    ['链接.txt', Buffer.from('[InternetShortcut]\r\nURL=http://example.com\r\n'), '快捷方式'],
    ['照片.jpg', zipWith('evil.exe'), '压缩包'],
    ['a.pdf', Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]), '压缩包'],
    ['a.jpg', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), '压缩包'],
    ['a.jpg', Buffer.from([0x1f, 0x8b, 8, 0]), '压缩包'],
  ])('refuses %s whose content is %s', (name, head, why) => {
    const r = sniff(name, head);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(why);
  });

  it('refuses empty files', () => {
    expect(sniffFile('a.jpg', Buffer.alloc(0), 0)).toMatchObject({ ok: false, reason: expect.stringContaining('空文件') });
  });
});
