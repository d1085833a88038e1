import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-core';
import { ERROR_ID_PATTERN, newErrorId } from './error-id';
import { createLogger } from './logger';
import { REDACTED, redact } from './redact';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function collect() {
  const lines: string[] = [];
  const { log } = createLogger({ destination: { write: (s: string) => void lines.push(s) } });
  return { log, lines: () => lines.join(''), json: () => lines.map((l) => JSON.parse(l)) };
}

describe('logger', () => {
  it('writes JSON lines to <dataDir>/logs/desk-YYYY-MM-DD.log', () => {
    const dataDir = tempDir('desk-logger-');
    dirs.push(dataDir);
    const app = createLogger({ dataDir });
    app.log.child({ module: 'api' }).info({ op: 'schools.list', ms: 1.5, outcome: 'ok' }, 'api');
    app.close();
    const files = fs.readdirSync(path.join(dataDir, 'logs'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^desk-\d{4}-\d{2}-\d{2}\.log$/);
    const line = JSON.parse(fs.readFileSync(path.join(dataDir, 'logs', files[0]), 'utf8'));
    expect(line).toMatchObject({ level: 30, module: 'api', op: 'schools.list', ms: 1.5, outcome: 'ok', msg: 'api' });
    expect(typeof line.time).toBe('string');
  });

  it('redacts fields named token, cookie and authorization at any depth and in any case', () => {
    const c = collect();
    c.log.info({ token: 'abc123', req: { headers: { Cookie: 'desk_session=s3cr3t', Authorization: 'Bearer xyz', 'x-desk-token': 'tkv9' } }, deep: { a: { b: { launchCode: 'lcv7' } } } }, 'request');
    const text = c.lines();
    for (const secret of ['abc123', 's3cr3t', 'xyz', 'tkv9', 'lcv7']) expect(text).not.toContain(secret);
    const [line] = c.json();
    expect(line.token).toBe(REDACTED);
    expect(line.req.headers.Cookie).toBe(REDACTED);
    expect(line.req.headers.Authorization).toBe(REDACTED);
  });

  it('removes a token written inside a message, a URL or an error', () => {
    const c = collect();
    c.log.info('请用浏览器打开：http://127.0.0.1:17800/?token=0123456789abcdef');
    c.log.error({ err: new Error('bad request /api/x?token=feedface&y=1') }, 'failed');
    const text = c.lines();
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('feedface');
    expect(text).toContain(`token=${REDACTED}`);
  });

  it('logs an error with its type, message and stack', () => {
    const c = collect();
    const error = Object.assign(new TypeError('boom'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    c.log.error({ err: error, errorId: 'E-20261129-ABCDEF' }, 'failed');
    const [line] = c.json();
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'boom', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(line.err.stack).toContain('logger.test.ts');
    expect(line.errorId).toBe('E-20261129-ABCDEF');
  });

  it('replaces file contents by their size', () => {
    const out = redact({ file: { fileName: '名册.xlsx', content: 'QUJD'.repeat(200) }, buf: Buffer.alloc(5) }) as any;
    expect(out.file.fileName).toBe('名册.xlsx');
    expect(out.file.content).toBe('[文件内容 800 个字符]');
    expect(out.buf).toBe('[二进制内容 5 字节]');
  });
});

describe('newErrorId', () => {
  it('is E-<local date>-<6 hex digits> and differs each time', () => {
    const id = newErrorId(new Date(2026, 10, 29, 10));
    expect(id).toMatch(ERROR_ID_PATTERN);
    expect(id.startsWith('E-20261129-')).toBe(true);
    expect(new Set(Array.from({ length: 50 }, () => newErrorId())).size).toBe(50);
  });
});
