import JSZip from 'jszip';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTICE } from '../../services/documents/test-fixtures';
import { tempDir } from '../../testing/temp-core';
import { cliRunner } from '../../testing/cli-harness';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-documents-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

describe('documents CLI', () => {
  it('writes a notice from JSON and the register, refuses to overwrite without --force, lists numbers', { timeout: 120_000 }, async () => {
    expect((await cli('demo')).code).toBe(0);
    const input = path.join(dir, 'notice.json');
    fs.writeFileSync(input, JSON.stringify(NOTICE));
    const out = path.join(dir, 'out');

    const notice = await cli('documents', 'notice', '--input', input, '--out', out, '--format', 'docx', '--json');
    expect(notice.code, notice.err).toBe(0);
    const [result] = JSON.parse(notice.out);
    expect(result.docNumber).toBe('云教督〔2026〕1号');
    expect(result.files.map((f: string) => path.basename(f))).toEqual(['云教督〔2026〕1号 关于开展2026年义务教育优质均衡发展督导评估工作的通知.docx']);

    const register = await cli('documents', 'register', '--out', out, '--format', 'docx');
    expect(register.code, register.err).toBe(0);
    expect(fs.existsSync(path.join(out, '云溪区义务教育学校名册.docx'))).toBe(true);
    const again = await cli('documents', 'register', '--out', out, '--format', 'docx');
    expect(again.code).toBe(3);
    expect(again.err).toContain('已存在');
    expect((await cli('documents', 'register', '--out', out, '--format', 'docx', '--force')).code).toBe(0);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const numbers = await cli('documents', 'numbers', '--year', '2026', '--json');
    expect(JSON.parse(numbers.out).map((n: { number: string; status: string }) => [n.number, n.status])).toEqual([['云教督〔2026〕1号', 'used']]);
  });

  it('explains bad arguments with exit code 1', async () => {
    expect((await cli('documents', 'balance', '--out', path.join(dir, 'o'))).err).toContain('--year');
    const bad = await cli('documents', 'register', '--out', path.join(dir, 'o'), '--format', 'odt');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--format');
    const missing = await cli('documents', 'balance', '--year', '2019', '--out', path.join(dir, 'o'), '--format', 'docx');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('统计数据');
  });

  it('writes the 差异系数测算报告 with the typed 委托单位, 测算单位 and 统计时点, and names a bad date in Chinese', { timeout: 120_000 }, async () => {
    expect((await cli('demo')).code).toBe(0);
    const out = path.join(dir, 'balance');
    const r = await cli('documents', 'balance', '--year', '2025', '--out', out, '--format', 'docx', '--commissioner', '云溪区人民政府教育督导委员会办公室', '--measurer', '某某教育评估研究院', '--reference-date', '2025-08-31', '--json');
    expect(r.code, r.err).toBe(0);
    const [result] = JSON.parse(r.out);
    const xml = await (await JSZip.loadAsync(fs.readFileSync(result.files[0]))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('受云溪区人民政府教育督导委员会办公室委托，某某教育评估研究院');
    expect(text).toContain('2025年8月31日');
    const bad = await cli('documents', 'balance', '--year', '2025', '--out', out, '--format', 'docx', '--reference-date', '2025-02-30');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('统计时点“2025-02-30”不存在：2025年2月没有30日');
  });
});
