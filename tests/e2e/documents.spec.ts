import fs from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { api, expect, test } from './fixtures';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

async function openDocuments(page: Page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '文书报告' }).click();
  await expect(page.getByRole('heading', { name: '文书报告' })).toBeVisible();
}

/** Collects the next `n` downloads started by `action`. */
async function downloads(page: Page, n: number, action: () => Promise<void>): Promise<Download[]> {
  const got: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      got.push(d);
      if (got.length === n) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await action();
  await all;
  return got;
}

async function bytes(d: Download): Promise<Buffer> {
  const file = await d.path();
  return fs.readFileSync(file);
}

test('文书报告：从界面生成通知（DOCX + PDF）和差异系数测算报告（PDF）', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await openDocuments(page);

  // 通知: the form starts with a title, purpose, two stages and the procedure; fill the dates and contact.
  const notice = page.getByTestId('notice-card');
  await notice.getByLabel('第1阶段开始日期').fill('2026-03-10');
  await notice.getByLabel('第1阶段结束日期').fill('2026-03-31');
  await notice.getByLabel('第2阶段开始日期').fill('2026-04-01');
  await notice.getByLabel('第2阶段结束日期').fill('2026-04-30');
  await notice.getByRole('button', { name: '添加阶段' }).click();
  await notice.getByLabel('第3阶段名称').fill('反馈整改');
  await notice.getByLabel('第3阶段开始日期').fill('2026-05-06');
  await notice.getByLabel('第3阶段结束日期').fill('2026-05-29');
  await notice.getByLabel('第3阶段主要任务').fill('反馈督导意见，督促学校整改。');
  await notice.getByLabel('联系人').fill('李明');
  await notice.getByLabel('联系电话').fill('0791-86100000');
  await notice.getByLabel('成文日期').fill('2026-03-04');
  await notice.getByTestId('format-picker').getByText('两者').click();
  const [a, b] = await downloads(page, 2, () => notice.getByTestId('generate-notice').click());
  const names = [a.suggestedFilename(), b.suggestedFilename()].sort();
  expect(names).toEqual(['云教督〔2026〕1号 关于开展2026年义务教育优质均衡发展督导评估工作的通知.docx', '云教督〔2026〕1号 关于开展2026年义务教育优质均衡发展督导评估工作的通知.pdf']);
  const [docx, pdf] = await Promise.all([a, b].sort((x, y) => x.suggestedFilename().localeCompare(y.suggestedFilename())).map(bytes));
  expect(docx.subarray(0, 2).toString()).toBe('PK');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // The number is now in the form, so a second export carries the same one.
  await expect(notice.getByPlaceholder('留空自动取号')).toHaveValue('云教督〔2026〕1号');

  // 差异系数测算报告: latest year, PDF (the default format of this card).
  await page.getByRole('tab', { name: '测算报告与名册' }).click();
  const report = page.getByTestId('balance-report-card');
  const [r] = await downloads(page, 1, () => report.getByTestId('generate-balance').click());
  expect(r.suggestedFilename()).toBe('云溪区2025年差异系数测算报告（优质均衡）.pdf');
  expect((await bytes(r)).subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: path.join(SHOTS, 'documents-page.png'), fullPage: true });

  // 设置 → 公文 lists the number as issued.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const settings = page.getByTestId('document-settings-card');
  await expect(settings.getByRole('row', { name: /云教督〔2026〕1号.*已发文/ })).toBeVisible();
  await expect(settings.getByTestId('number-preview')).toContainText('云教督〔');
});

test('文书报告：批量导出显示进度，可取消', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await openDocuments(page);
  await page.getByRole('tab', { name: '批量导出' }).click();
  const batch = page.getByTestId('batch-card');
  await batch.getByTestId('format-picker').getByText('DOCX').click();
  await batch.getByTestId('batch-start').click();
  await expect(batch.getByTestId('batch-state')).toContainText(/已完成|已取消/, { timeout: 90_000 });
  await expect(batch.getByText('云溪区义务教育学校名册.docx')).toBeVisible();
  const [d] = await downloads(page, 1, () => batch.getByRole('listitem').filter({ hasText: '学校名册' }).getByRole('button', { name: '下载' }).click());
  expect(d.suggestedFilename()).toBe('云溪区义务教育学校名册.docx');

  // A second run is cancelled straight away: it stops before finishing every document.
  await batch.getByTestId('batch-start').click();
  await batch.getByTestId('batch-cancel').click();
  await expect(batch.getByTestId('batch-state')).toContainText(/已取消|已完成/, { timeout: 60_000 });
});
