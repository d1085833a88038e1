/** 作业记录: a batch export survives a page reload; its progress and files are found again. */
import type { Request } from '@playwright/test';
import { api, expect, test } from './fixtures';

test('作业记录：批量导出中途刷新页面，仍能看到进度并最终拿到文件', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '文书报告' }).click();
  await page.getByRole('tab', { name: '批量导出' }).click();
  const batch = page.getByTestId('batch-card');
  // DOCX and PDF of every year and the register: long enough to reload while it runs.
  await batch.getByTestId('batch-start').click();
  await expect(batch.getByTestId('batch-state')).toContainText(/排队|运行中/);
  const total = Number((await batch.getByRole('button', { name: /开始导出/ }).innerText()).match(/（(\d+) 份）/)![1]);

  // Reload mid-way: the page forgets everything it held.
  await page.reload();
  // Progress arrives as pushed events, never by polling the job.
  const polls: string[] = [];
  const count = (r: Request) => {
    if (/\/api\/(jobs\.get|jobs\.list)/.test(r.url())) polls.push(r.url());
  };
  page.on('request', count);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  await expect(page.getByRole('heading', { name: '作业记录' })).toBeVisible();
  const row = page.getByTestId('jobs-table').getByRole('row').filter({ hasText: `批量导出文书（${total} 份）` });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('job-state')).toHaveText(/运行中|已完成/);
  await expect(row.getByTestId('job-state')).toHaveText('已完成', { timeout: 120_000 });
  await expect(row).toContainText(`${total}/${total}`);
  expect(polls.length, `jobs polled: ${polls.join(', ')}`).toBeLessThanOrEqual(2);
  page.off('request', count);

  // Its files, by name; one downloads.
  await row.getByRole('button', { name: /展开|Expand/ }).click();
  const files = page.getByTestId('jobs-table').getByRole('listitem');
  await expect(files.filter({ hasText: '云溪区义务教育学校名册.docx' })).toHaveCount(1);
  await expect(files.filter({ hasText: '云溪区义务教育学校名册.pdf' })).toHaveCount(1);
  await expect(page.getByTestId('jobs-table')).not.toContainText(desk.dataDir);
  const [download] = await Promise.all([page.waitForEvent('download'), files.filter({ hasText: '学校名册.pdf' }).getByRole('button', { name: '下载' }).click()]);
  expect(download.suggestedFilename()).toBe('云溪区义务教育学校名册.pdf');

  // Back on 文书报告 the batch card shows the same finished job.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '文书报告' }).click();
  await page.getByRole('tab', { name: '批量导出' }).click();
  await expect(page.getByTestId('batch-state')).toContainText('已完成');
  await expect(page.getByTestId('batch-card').getByText('云溪区义务教育学校名册.pdf')).toBeVisible();
});

test('作业记录：运行中的作业可以在作业记录页取消', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  const documents = Array.from({ length: 30 }, () => ({ kind: 'register' }));
  await api(desk, 'jobs.start', { kind: 'documents.batch', parameters: { documents, formats: ['pdf'] } });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  const row = page.getByTestId('jobs-table').getByRole('row').filter({ hasText: '批量导出文书（30 份）' });
  await row.getByTestId('job-cancel').click();
  await expect(row.getByTestId('job-state')).toHaveText('已取消', { timeout: 60_000 });
  await expect(row.getByTestId('job-cancel')).toHaveCount(0);
  const [job] = await api<{ state: string; done: number }[]>(desk, 'jobs.list', {});
  expect(job.state).toBe('已取消');
  expect(job.done).toBeLessThan(30);
});

test('作业记录：按类型、状态和名称筛选，条件写在地址里，刷新后保留；可勾选多个运行中的作业一起取消', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  const documents = Array.from({ length: 40 }, () => ({ kind: 'register' }));
  await api(desk, 'jobs.start', { kind: 'documents.batch', parameters: { documents, formats: ['pdf'] } });
  await api(desk, 'jobs.start', { kind: 'documents.batch', parameters: { documents: documents.slice(0, 35), formats: ['pdf'] } });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  const table = page.getByTestId('jobs-table');
  const rows = table.locator('tr.ant-table-row');
  await expect(rows).toHaveCount(2);

  // Both running: chosen together, cancelled after one confirmation.
  await table.getByRole('checkbox', { name: '选择作业“批量导出文书（40 份）”' }).check();
  await table.getByRole('checkbox', { name: '选择作业“批量导出文书（35 份）”' }).check();
  await page.getByTestId('jobs-cancel-selected').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '取消作业' }).click();
  await expect(rows.getByTestId('job-state')).toHaveText(['已取消', '已取消'], { timeout: 60_000 });

  // Each change is in the address before the next (as a person's next click would be).
  const pick = async (label: string, option: string, param: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
    await expect.poll(() => decodeURIComponent(page.url())).toContain(param);
    // The choice is read back from the address: shown only once the page has it.
    await expect(page.getByTestId('jobs-filters')).toContainText(option);
  };
  await pick('作业状态', '已完成', 'state=已完成');
  await expect(table).toContainText('没有符合条件的作业');
  await pick('作业状态', '已取消', 'state=已取消');
  await pick('作业类型', '批量导出文书', 'kind=documents.batch');
  await expect(table).not.toContainText('没有符合条件的作业');
  await page.getByLabel('搜索作业').fill('35 份');
  await page.getByLabel('搜索作业').press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('批量导出文书（35 份）');
  const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
  expect(Object.fromEntries(params)).toEqual({ state: '已取消', kind: 'documents.batch', q: '35 份' });

  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('批量导出文书（35 份）');
  await expect(page.getByTestId('jobs-filters')).toContainText('已取消');
  await expect(page.getByTestId('jobs-filters')).toContainText('批量导出文书');
  await expect(page.getByLabel('搜索作业')).toHaveValue('35 份');
});
