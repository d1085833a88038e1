/** 佐证材料 in the statistics tab: files streamed up by reference, stored once, downloaded, removed. */
import fs from 'node:fs';
import { api, expect, test } from './fixtures';
import { SchoolsPage } from './pages/schools-page';

test('佐证材料：一次添加多个文件（作业），相同内容只存一份，可下载、删除', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const list = new SchoolsPage(page);
  await list.goto();
  await list.openSchool('云溪区育才小学');
  await page.getByRole('tab', { name: '统计数据' }).click();
  const table = page.getByTestId('attachments-table');
  await expect(table).toContainText('还没有佐证材料');

  const photo = Buffer.from('JPEG 校舍照片 '.repeat(2000));
  await page.getByTestId('attachments-picker').locator('input[type=file]').setInputFiles([
    { name: '校舍照片.jpg', mimeType: 'image/jpeg', buffer: photo },
    { name: '核查记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 核查记录') },
  ]);
  await expect(page.locator('.ant-message')).toContainText('已添加 2 个文件');
  await expect(table.locator('tr.ant-table-row')).toHaveCount(2);
  await expect(table).toContainText('校舍照片.jpg');

  // The same content again is not stored twice.
  await page.getByTestId('attachments-picker').locator('input[type=file]').setInputFiles([{ name: '校舍照片-副本.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await expect(page.locator('.ant-message')).toContainText('已存在');
  await expect(table.locator('tr.ant-table-row')).toHaveCount(2);

  // Download by reference: the same bytes come back.
  const row = table.locator('tr.ant-table-row').filter({ hasText: '校舍照片.jpg' });
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('校舍照片.jpg');
  expect(fs.readFileSync(await file.path()).equals(photo)).toBe(true);

  // Removal asks first.
  await row.getByRole('button', { name: '删除' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除|确\s*定/ }).click();
  await expect(table.locator('tr.ant-table-row')).toHaveCount(1);

  // The add ran as a job, on record.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  await expect(page.getByTestId('jobs-table')).toContainText('为“云溪区育才小学”');
});

test('佐证材料：浏览器模式上传时显示已上传的大小和百分比；可勾选多个文件一次删除（先确认）', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  const list = new SchoolsPage(page);
  await list.goto();
  await list.openSchool('云溪区育才小学');
  await page.getByRole('tab', { name: '统计数据' }).click();
  const table = page.getByTestId('attachments-table');
  await expect(table).toContainText('还没有佐证材料');

  // A slow connection, so the upload takes long enough to watch (the loopback is otherwise instant).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  const video = Buffer.alloc(4 * 1024 * 1024, 7);
  await page.getByTestId('attachments-picker').locator('input[type=file]').setInputFiles([
    { name: '现场核查.mp4', mimeType: 'video/mp4', buffer: video },
    { name: '核查记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 核查记录') },
  ]);
  const progress = page.getByTestId('attachments-upload-progress');
  await expect(progress).toContainText(/正在上传：[\d.]+ (KB|MB) \/ 4 MB（\d+%）/);
  const percent = async () => Number(((await progress.innerText()).match(/（(\d+)%）/) ?? [])[1] ?? 100);
  const first = await percent();
  await expect.poll(percent).toBeGreaterThan(first);
  await expect(page.getByTestId('attachments-picker')).toContainText('正在上传 2 个文件');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.locator('.ant-message')).toContainText('已添加 2 个文件');
  await expect(progress).toHaveCount(0);
  await expect(table.locator('tr.ant-table-row')).toHaveCount(2);
  await expect(page.getByTestId('attachments-totals')).toContainText('共 2 个文件，合计 4 MB');

  // Both chosen, removed together after one confirmation.
  await table.getByRole('checkbox', { name: '选择“现场核查.mp4”' }).check();
  await table.getByRole('checkbox', { name: '选择“核查记录.pdf”' }).check();
  const batch = page.getByTestId('attachments-batch');
  await expect(batch).toContainText('已选 2 个文件');
  await batch.getByRole('button', { name: '删除所选' }).click();
  const pop = page.locator('.ant-popconfirm');
  await expect(pop).toContainText('删除所选的 2 份佐证材料？');
  await pop.getByRole('button', { name: '删除' }).click();
  await expect(page.locator('.ant-message')).toContainText('已删除 2 份佐证材料');
  await expect(table).toContainText('还没有佐证材料');
  const log = await api<{ rows: { summary: string }[] }>(desk, 'audit.query', { entityType: 'attachment', action: 'delete' });
  expect(log.rows.map((r) => r.summary).sort()).toEqual(['删除“云溪区育才小学”2025 年的佐证材料“核查记录.pdf”', '删除“云溪区育才小学”2025 年的佐证材料“现场核查.mp4”']);
});
