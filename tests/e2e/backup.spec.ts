import fs from 'node:fs';
import path from 'node:path';
import type { BackupFile } from '../../shared/api/contracts/system';
import { api, expect, test, type DeskServer } from './fixtures';
import { SchoolsPage } from './pages/schools-page';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => path.join(SHOTS, `${name}.png`);

interface BackupList {
  dir: string;
  backups: BackupFile[];
  settings: { keep: number };
}

/** The start-up backup is written in the background right after the server starts. */
async function startupBackup(desk: DeskServer): Promise<BackupFile> {
  await expect.poll(async () => (await api<BackupList>(desk, 'backup.list')).backups.filter((b) => b.kind === 'auto').length, { timeout: 15_000 }).toBe(1);
  return (await api<BackupList>(desk, 'backup.list')).backups.find((b) => b.kind === 'auto')!;
}

const logText = (desk: DeskServer) => {
  const dir = path.join(desk.dataDir, 'logs');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('') : '';
};

test('设置 → 数据备份：恢复启动时的自动备份，之后的修改消失', async ({ app: page, desk }) => {
  const earlier = await startupBackup(desk);

  // A change after the automatic backup: the demo district.
  const list = new SchoolsPage(page);
  await page.getByTestId('empty-register').getByRole('button', { name: '加载演示数据' }).click();
  await expect(page.getByText('共 21 所学校', { exact: true })).toBeVisible();

  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('backup-card');
  // Listed by time and kind (the only automatic one so far), not by file name.
  const row = card.getByTestId('backup-list').locator('tr.ant-table-row').filter({ hasText: '自动备份' });
  await expect(row).toHaveCount(1);
  await expect(row).not.toContainText(earlier.name);
  await page.screenshot({ path: shot('backup-01-list'), fullPage: true });

  await row.getByRole('button', { name: '恢复' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: '从备份恢复数据？' });
  await expect(confirm.getByTestId('restore-confirm')).toContainText(/已检查：\d{4}-\d{2}-\d{2} \d{2}:\d{2}的自动备份是本软件的数据备份，可以恢复。/);
  await expect(confirm.getByTestId('restore-confirm')).toContainText('恢复前会先把当前数据另存为一份“恢复前备份”');
  await confirm.getByRole('button', { name: '恢复' }).click();

  const done = page.getByRole('dialog').filter({ hasText: '数据已恢复' });
  await expect(done.getByTestId('restore-message')).toContainText(`已从“${earlier.name}”（自动备份，`);
  await expect(done.getByTestId('restore-message')).toContainText('恢复前的数据已另存为备份');
  await page.screenshot({ path: shot('backup-02-restored') });
  await done.getByRole('button', { name: '好的' }).click();

  // The page starts afresh on the restored data. The start-up backup may predate the fixture's
  // operator; then the restored data knows no operator and the first-run dialog asks again.
  const welcome = page.getByRole('dialog', { name: '欢迎使用督导评估工作台' });
  const state = async () => ((await welcome.isVisible()) ? 'welcome' : /测试员/.test((await page.getByTestId('operator-switch').textContent()) ?? '') ? 'operator' : 'loading');
  await expect.poll(state, { timeout: 15_000 }).not.toBe('loading');
  if ((await state()) === 'welcome') {
    await welcome.getByLabel('姓名').fill('测试员');
    await welcome.getByLabel('科室').fill('督导室');
    await welcome.getByRole('button', { name: '开始使用' }).click();
    await expect(welcome).toBeHidden();
  }
  await expect(page.getByTestId('backup-card')).toBeVisible();
  await expect(page.getByTestId('backup-card').getByTestId('backup-list')).toContainText('恢复前备份');
  await list.goto();
  await expect(page.getByTestId('empty-register')).toBeVisible();
  expect(await api<unknown[]>(desk, 'schools.list')).toEqual([]);

  // The state before the restore was kept, so the restore can be undone.
  const after = await api<BackupList>(desk, 'backup.list');
  expect(after.backups.map((b) => b.kind).sort()).toEqual(['auto', 'before-restore']);
});

test('设置 → 数据备份：不是本软件备份的文件在确认之前就被拒绝，提示中文原因和错误编号（日志中可查）', async ({ app: page, desk }) => {
  await startupBackup(desk);
  await api(desk, 'demo.load');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('backup-card');
  await card.locator('input[type=file]').setInputFiles({ name: '学校名册.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 不是数据库'.repeat(20)) });

  // Checked first: refused with the reason, and nothing asks to confirm a restore that cannot work.
  const notice = page.locator('.ant-notification-notice').filter({ hasText: '不能用此文件恢复' });
  await expect(notice).toContainText('“学校名册.xlsx”不是督导评估工作台的数据备份（不是 SQLite 数据库文件），未做任何更改。');
  await expect(notice).toContainText('错误编号：');
  await expect(page.getByRole('dialog').filter({ hasText: '从备份恢复数据？' })).toHaveCount(0);
  const errorId = (await notice.getByTestId('error-id').textContent())!.trim();
  expect(errorId).toMatch(/^E-\d{8}-[0-9A-F]{6}$/);
  await page.screenshot({ path: shot('backup-03-refused') });

  // The same number is in the log line of that error; the log never holds the session secret or launch code.
  await expect.poll(() => logText(desk)).toContain(errorId);
  const line = logText(desk)
    .split('\n')
    .find((l) => l.includes(errorId))!;
  expect(JSON.parse(line)).toMatchObject({ op: 'backup.check', outcome: 'invalid_input', errorId });
  expect(logText(desk)).not.toContain(desk.token);
  expect(logText(desk)).not.toContain(new URL(desk.url).searchParams.get('launch')!);
  expect((await api<unknown[]>(desk, 'schools.list')).length).toBe(21);
  expect((await api<BackupList>(desk, 'backup.list')).backups.map((b) => b.kind)).toEqual(['auto']);
});

test('设置 → 数据备份：损坏的备份文件在确认之前就被拒绝；完好的备份文件检查后才请用户确认', async ({ app: page, desk }) => {
  const auto = await startupBackup(desk);
  const good = fs.readFileSync(path.join(desk.dataDir, 'backups', auto.name));
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('backup-card');
  const confirm = page.getByRole('dialog').filter({ hasText: '从备份恢复数据？' });

  // A backup cut off half-way (a copy interrupted, a failing USB stick).
  await card.locator('input[type=file]').setInputFiles({ name: '损坏的备份.sqlite', mimeType: 'application/octet-stream', buffer: good.subarray(0, 4096 + 100) });
  const notice = page.locator('.ant-notification-notice').filter({ hasText: '不能用此文件恢复' });
  await expect(notice).toContainText(/“损坏的备份\.sqlite”(已损坏|无法作为数据库读取|不是督导评估工作台的数据备份)/);
  await expect(confirm).toHaveCount(0);
  await notice.locator('.ant-notification-notice-close').click();

  // The intact file: checked, then the confirmation says so; 取消 leaves everything as it was.
  await card.locator('input[type=file]').setInputFiles({ name: '完好的备份.sqlite', mimeType: 'application/octet-stream', buffer: good });
  await expect(confirm.getByTestId('restore-confirm')).toContainText('已检查：备份文件“完好的备份.sqlite”是本软件的数据备份，可以恢复。');
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(confirm).toHaveCount(0);
  expect((await api<BackupList>(desk, 'backup.list')).backups.map((b) => b.kind)).toEqual(['auto']);
});

test('设置 → 立即备份：作为作业运行，写入“手动备份”并下载；作业记录中可再次下载', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('backup-card');
  const download = page.waitForEvent('download');
  await card.getByTestId('backup-now').click();
  const file = await download;
  // The browser fetches the file by reference; its name is the backup's own.
  expect(file.suggestedFilename()).toMatch(/^manual-\d{8}-\d{6}-\d{3}\.sqlite$/);
  const saved = await file.path();
  expect(fs.readFileSync(saved).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  await expect(page.locator('.ant-message')).toContainText('已备份到数据目录的 backups 文件夹');
  await expect(card.getByTestId('backup-list')).toContainText('手动备份');

  // The job is on record with its file.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  const row = page.getByTestId('jobs-table').locator('tr.ant-table-row').filter({ hasText: '立即备份（整个数据库）' });
  await expect(row.getByTestId('job-state')).toHaveText('已完成');
  await expect(row).toContainText('1 个');
});
