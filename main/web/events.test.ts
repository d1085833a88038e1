/** GET /api/events: job progress as Server-Sent Events, behind the same session and Host/Origin checks. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_EVENT, type Job, type JobEvent } from '../../shared/api/contracts/jobs';
import { loadDemo } from '../services/demo/demo-service';
import { subscribeJobEvents } from '../services/jobs-service';
import { tempCore, tempDir } from '../testing/temp-core';
import { EVENTS_PATH, TOKEN_HEADER, startWebServer, type WebServer } from './server';

let core: Awaited<ReturnType<typeof tempCore>>;
let server: WebServer;

beforeAll(async () => {
  core = await tempCore();
  await loadDemo(core.ctx, false);
  server = await startWebServer({
    dispatch: core.dispatch,
    staticRoot: tempDir('desk-static-'),
    port: 0,
    events: (send) => subscribeJobEvents(core.ctx, (e) => send(JOB_EVENT, e)),
  });
});
afterAll(async () => {
  await server.close();
  await core.dispose();
});

function get(headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: EVENTS_PATH, method: 'GET', headers: { host: `127.0.0.1:${server.port}`, ...headers } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function body(res: http.IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}

describe('Server-Sent Events', () => {
  it('refuses a page without the session, and a foreign Origin, in Chinese', async () => {
    const anonymous = await get({});
    expect(anonymous.statusCode).toBe(401);
    expect(JSON.parse(await body(anonymous)).error.message).toContain('未登录');
    const foreign = await get({ [TOKEN_HEADER]: server.token, origin: 'http://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(await body(foreign)).toContain('拒绝访问');
    const wrongCookie = await get({ cookie: `desk_session_${server.port}=${'0'.repeat(64)}` });
    expect(wrongCookie.statusCode).toBe(401);
    wrongCookie.resume();
  });

  it('streams a job from start to its files to an authenticated page', async () => {
    const res = await get({ [TOKEN_HEADER]: server.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['cache-control']).toBe('no-store');
    res.setEncoding('utf8');
    const seen: Job[] = [];
    let buffer = '';
    const finished = new Promise<Job>((resolve) => {
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name !== JOB_EVENT || !data) continue;
          const { job } = JSON.parse(data) as JobEvent;
          seen.push(job);
          if (job.state === '已完成') resolve(job);
        }
      });
    });
    const started = await core.dispatch('jobs.start', { kind: 'documents.batch', parameters: { documents: [{ kind: 'register' }], formats: ['docx'] } });
    expect(started.ok).toBe(true);
    const job = await finished;
    res.destroy();
    expect(seen.map((j) => j.state)).toEqual(expect.arrayContaining(['排队', '运行中', '已完成']));
    expect(job.outputs).toHaveLength(1);
    expect(job.outputs[0].name).toMatch(/^导出文件\/文书\/.+\/云溪区义务教育学校名册\.docx$/);
  });
});
