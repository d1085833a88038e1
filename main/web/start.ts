import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCoreHost } from '../app/core-host';
import { defaultDataDir } from '../app/data-dir';
import { startWebServer } from './server';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds the renderer bundle when any renderer or shared source is newer than it. */
function ensureBundle() {
  const index = path.join(BUNDLE, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(ROOT, 'renderer')), newestMtime(path.join(ROOT, 'shared')));
  if (built >= sources) return;
  console.log('正在构建界面……');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('界面构建失败');
    process.exit(1);
  }
}

const SESSION_SECRET_ENV = 'SUPERVISION_DESK_WEB_TOKEN';

/**
 * For automation (the end-to-end tests): a caller that starts browser mode may choose the session
 * secret itself and send it in the x-desk-token header. Read once and removed from the environment;
 * never printed. Without it the secret is random per launch.
 */
function sessionSecretFromEnvironment(): string | undefined {
  const given = process.env[SESSION_SECRET_ENV];
  delete process.env[SESSION_SECRET_ENV];
  if (given === undefined) return undefined;
  if (!/^[0-9a-f]{32,}$/.test(given)) {
    console.error(`环境变量 ${SESSION_SECRET_ENV} 必须是至少 32 位的十六进制字符串`);
    process.exit(1);
  }
  return given;
}

async function main() {
  const token = sessionSecretFromEnvironment();
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'no-build': { type: 'boolean' } },
  });
  if (!values['no-build']) ensureBundle();
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  // The core runs on its own thread; this one serves HTTP and relays (main/app/core-host.ts).
  const core = await startCoreHost(dataDir, 'web');
  const options = {
    dispatch: core.dispatch,
    staticRoot: BUNDLE,
    token,
    onLaunchUrl: (url: string) => console.log(`新的启动地址（只能使用一次）：${url}`),
    events: (send: (name: string, data: unknown) => void) => core.subscribe(send),
    files: core.files,
    // A request that failed unexpectedly is logged with its stack in the core's log; the server keeps running.
    onError: (err: unknown) => core.logError(err, '浏览器模式：处理请求时出错'),
  };
  const server = await startWebServer({ ...options, port: values.port ? Number(values.port) : 17800 }).catch(() => startWebServer({ ...options, port: 0 }));
  console.log(`督导评估工作台（浏览器模式）已启动`);
  console.log(`数据目录：${dataDir}`);
  console.log(`请用浏览器打开（此地址只能使用一次）：${server.url}`);
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
