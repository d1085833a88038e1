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
