import fs from 'node:fs';
import path from 'node:path';
import type { Download, Locator, Page } from '@playwright/test';
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

/** Types a stage's dates into its range picker (开始日期, then 结束日期), as a user typing them would. */
async function stageDates(stage: Locator, start: string, end: string) {
  const from = stage.getByPlaceholder('开始日期');
  await from.click();
  await from.fill(start);
  await from.press('Enter');
  const to = stage.getByPlaceholder('结束日期');
  await to.fill(end);
  await to.press('Enter');
  await expect(from).toHaveValue(start);
  await expect(to).toHaveValue(end);
}

/** Types a date into an antd date picker. */
async function typeDate(input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toHaveValue(value);
}

test('文书报告：从界面生成通知（Word + PDF）和差异系数测算报告（PDF）', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await openDocuments(page);

  // 通知: the form starts with a title, purpose, two stages and the procedure; fill the dates and contact.
  const notice = page.getByTestId('notice-card');
  await stageDates(notice.getByTestId('stage-0'), '2026-03-10', '2026-03-31');
  await stageDates(notice.getByTestId('stage-1'), '2026-04-01', '2026-04-30');
  await notice.getByRole('button', { name: '添加阶段' }).click();
  await notice.getByLabel('第3阶段名称').fill('反馈整改');
  await stageDates(notice.getByTestId('stage-2'), '2026-05-06', '2026-05-29');
  await notice.getByLabel('第3阶段主要任务').fill('反馈督导意见，督促学校整改。');
  await notice.getByLabel('联系人').fill('李明');
  await notice.getByLabel('联系电话').fill('0791-86100000');
  await typeDate(notice.getByLabel('成文日期'), '2026-03-04');

  // 取号 asks first; the number taken goes into the form.
  await notice.getByRole('button', { name: '取号' }).click();
  const confirm = page.locator('.ant-popconfirm:visible');
  await expect(confirm).toContainText('取 2026 年的下一个文号？');
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(notice.getByPlaceholder('留空自动取号')).toHaveValue('');
  await notice.getByRole('button', { name: '取号' }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '取号' }).click();
  await expect(notice.getByPlaceholder('留空自动取号')).toHaveValue('云教督〔2026〕1号');

  await notice.getByTestId('format-picker').getByText('Word 和 PDF').click();
  const [a, b] = await downloads(page, 2, () => notice.getByTestId('generate-notice').click());
  const names = [a.suggestedFilename(), b.suggestedFilename()].sort();
  expect(names).toEqual(['云教督〔2026〕1号 关于开展2026年义务教育优质均衡发展督导评估工作的通知.docx', '云教督〔2026〕1号 关于开展2026年义务教育优质均衡发展督导评估工作的通知.pdf']);
  const [docx, pdf] = await Promise.all([a, b].sort((x, y) => x.suggestedFilename().localeCompare(y.suggestedFilename())).map(bytes));
  expect(docx.subarray(0, 2).toString()).toBe('PK');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // The number stays in the form, so a second export carries the same one.
  await expect(notice.getByPlaceholder('留空自动取号')).toHaveValue('云教督〔2026〕1号');

  // 差异系数测算报告: latest year, PDF (the default format of this card).
  await page.getByRole('tab', { name: '测算报告与名册' }).click();
  const report = page.getByTestId('balance-report-card');
  const [r] = await downloads(page, 1, () => report.getByTestId('generate-balance').click());
  expect(r.suggestedFilename()).toBe('云溪区2025年差异系数测算报告（优质均衡）.pdf');
  expect((await bytes(r)).subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: path.join(SHOTS, 'documents-page.png'), fullPage: true });

  // 设置 → 公文 lists the number as issued; the pattern reads in words, with an example.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const settings = page.getByTestId('document-settings-card');
  await expect(settings.getByRole('row', { name: /云教督〔2026〕1号.*已发文/ })).toBeVisible();
  await expect(settings.getByLabel('文号格式')).toHaveValue('{机关代字}〔{年}〕{序号}号');
  await expect(settings.getByTestId('number-preview')).toHaveText(`云教督〔${new Date().getFullYear()}〕12号`);
  await expect(settings.getByTestId('number-pattern-help')).toContainText('{序号} 换成当年的发文顺序号');
});

test('文书报告：阶段的结束日期早于开始日期时在该阶段旁说明，改正后消失；未生成的修改离开前询问', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await openDocuments(page);
  const notice = page.getByTestId('notice-card');
  const second = notice.getByTestId('stage-1');
  await stageDates(notice.getByTestId('stage-0'), '2026-03-10', '2026-03-31');
  await stageDates(second, '2026-04-30', '2026-04-01');
  const message = second.getByText('第 2 个阶段的结束日期早于开始日期');
  await expect(message).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'documents-stage-error.png') });
  // Nothing is sent while the form says what is wrong.
  await notice.getByTestId('generate-notice').click();
  await expect(message).toBeVisible();
  await expect(notice.getByText('请填写联系人')).toBeVisible();
  expect(await api<unknown[]>(desk, 'documents.listNumbers')).toEqual([]);
  await stageDates(second, '2026-04-01', '2026-04-30');
  await expect(message).toHaveCount(0);
  await notice.getByLabel('联系人').fill('李明');
  await expect(notice.getByText('请填写联系人')).toHaveCount(0);

  // Leaving with these edits asks; 继续编辑 keeps them, 放弃修改 leaves.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '差异系数' }).click();
  const dialog = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('unsaved-list')).toContainText('通知表单');
  await dialog.getByRole('button', { name: '继续编辑' }).click();
  await expect(page.getByRole('heading', { name: '文书报告' })).toBeVisible();
  await expect(notice.getByLabel('联系人')).toHaveValue('李明');
  // Another tab of the page would drop the form too: it asks as well.
  await page.getByRole('tab', { name: '批量导出' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '继续编辑' }).click();
  await expect(page.getByRole('tab', { name: '通知' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '差异系数' }).click();
  await dialog.getByRole('button', { name: '放弃修改' }).click();
  await expect(page.getByRole('heading', { name: '差异系数', exact: true })).toBeVisible();
});

test('文书报告：所在标签页和报告年份在地址中，刷新和后退都保留', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await openDocuments(page);
  await page.getByRole('tab', { name: '测算报告与名册' }).click();
  await expect(page).toHaveURL(/tab=reports/);
  const year = page.getByRole('combobox', { name: '报告年份' });
  await year.click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('2024 年').click();
  await expect(page).toHaveURL(/year=2024/);

  await page.reload();
  await expect(page.getByRole('tab', { name: '测算报告与名册' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('report-year')).toContainText('2024 年');

  await page.getByRole('tab', { name: '批量导出' }).click();
  await expect(page.getByTestId('batch-card')).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('tab', { name: '测算报告与名册' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('report-year')).toContainText('2024 年');
});

test('文书报告：批量导出显示进度，可取消；离开本页再回来仍显示这次导出', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await openDocuments(page);
  await page.getByRole('tab', { name: '批量导出' }).click();
  const batch = page.getByTestId('batch-card');
  await batch.getByTestId('format-picker').getByText('Word 文档').click();
  // The years arrive with the statistics: start only once all four reports are counted.
  await expect(batch.getByTestId('batch-start')).toContainText('开始导出（4 份）');
  await batch.getByTestId('batch-start').click();
  await expect(batch.getByTestId('batch-title')).toContainText('批量导出文书（4 份）');

  // Leave at once (the export goes on as a job), come back through the menu: the batch is shown again.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '学校' }).click();
  await expect(page.getByRole('heading', { name: '学校', exact: true })).toBeVisible();
  await openDocuments(page);
  await page.getByRole('tab', { name: /批量导出/ }).click();
  await expect(batch.getByTestId('batch-title')).toContainText('批量导出文书（4 份）');
  await expect(batch.getByTestId('batch-state')).toContainText(/已完成|已取消/, { timeout: 90_000 });
  await expect(batch.getByText('云溪区义务教育学校名册.docx')).toBeVisible();
  const [d] = await downloads(page, 1, () => batch.getByRole('listitem').filter({ hasText: '学校名册' }).getByRole('button', { name: '下载' }).click());
  expect(d.suggestedFilename()).toBe('云溪区义务教育学校名册.docx');
  // 全部下载: the finished export's files in one zip.
  const [all] = await downloads(page, 1, () => batch.getByTestId('job-download-all').click());
  expect(all.suggestedFilename()).toBe('批量导出文书（4 份）_全部文件.zip');

  // A reload finds it too.
  await page.reload();
  await expect(page.getByTestId('batch-card').getByTestId('batch-state')).toContainText('已完成');

  // A second run is cancelled straight away: it stops before finishing every document.
  await batch.getByTestId('batch-start').click();
  await batch.getByTestId('batch-cancel').click();
  await expect(batch.getByTestId('batch-state')).toContainText(/已取消|已完成/, { timeout: 60_000 });
});

test('设置 → 公文：文号格式的错误在字段旁说明；未保存的修改离开前询问，可保存后离开；作废文号先确认', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  await api(desk, 'documents.reserveNumber', { year: 2026, title: '备用' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const settings = page.getByTestId('document-settings-card');
  const pattern = settings.getByLabel('文号格式');
  await expect(pattern).toHaveValue('{机关代字}〔{年}〕{序号}号');

  await pattern.fill('{机关代字}〔{年}〕号');
  await expect(settings.getByText('文号格式须包含 {年} 和 {序号}，否则每年的文号会重复')).toBeVisible();
  await pattern.fill('{机关代字}〔{年}〕第{序号}号');
  await expect(settings.getByText('文号格式须包含 {年} 和 {序号}，否则每年的文号会重复')).toHaveCount(0);
  await expect(settings.getByTestId('number-preview')).toHaveText(`云教督〔${new Date().getFullYear()}〕第12号`);

  // Leaving asks; 保存并离开 saves the edit and goes on.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '文书报告' }).click();
  const dialog = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(dialog.getByTestId('unsaved-list')).toContainText('公文设置');
  await dialog.getByRole('button', { name: '保存并离开' }).click();
  await expect(page.getByRole('heading', { name: '文书报告' })).toBeVisible();
  expect((await api<{ numberPattern: string }>(desk, 'documents.getSettings')).numberPattern).toBe('{prefix}〔{year}〕第{n}号');

  // 作废 asks first; 取消 leaves the number as it was.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const row = settings.getByRole('row', { name: /云教督〔2026〕1号/ });
  await expect(row).toContainText('已取号');
  await row.getByRole('button', { name: '作废云教督〔2026〕1号' }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '取消' }).click();
  await expect(row).toContainText('已取号');
  await row.getByRole('button', { name: '作废云教督〔2026〕1号' }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '作废' }).click();
  await expect(row).toContainText('已作废');
});

test('文书报告：按评估项目生成通知，标题默认取自项目名称（可修改）；工作阶段各列有看得见的标题', async ({ app: page, desk }) => {
  await api(desk, 'demo.load', {});
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const candidates = await api<{ schoolId: number; campusId: number | null }[]>(desk, 'rounds.candidates', { year: 2026 });
  const roundName = '云溪区2026年度义务教育学校督导评估';
  await api(desk, 'rounds.create', {
    name: roundName,
    year: 2026,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [
      { name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true },
      { name: '实地督导', startsOn: '2027-01-04', endsOn: '2027-01-08' },
    ],
    units: candidates.slice(0, 3).map((c) => ({ schoolId: c.schoolId, campusId: c.campusId })),
  });
  await openDocuments(page);
  const notice = page.getByTestId('notice-card');

  // The stage rows have visible column labels above their fields, 主要任务 over the tasks.
  const columns = notice.getByTestId('stage-columns');
  const tasksLabel = columns.getByText('主要任务', { exact: true });
  await expect(tasksLabel).toBeVisible();
  await expect(columns.getByText('阶段名称', { exact: true })).toBeVisible();
  await expect(columns.getByText('起止日期', { exact: true })).toBeVisible();
  const tasks = notice.getByLabel('第1阶段主要任务');
  const [label, field] = await Promise.all([tasksLabel.boundingBox(), tasks.boundingBox()]);
  expect(label!.y + label!.height).toBeLessThanOrEqual(field!.y);
  expect(Math.abs(label!.x - field!.x)).toBeLessThan(16);
  // A filled task keeps its label in view (a placeholder would be gone).
  await expect(tasks).not.toHaveValue('');
  await expect(tasksLabel).toBeVisible();

  // Choosing the round: its name makes the title; the stages are the round's.
  await expect(notice.getByLabel('标题')).toHaveValue(/^关于开展\d{4}年义务教育优质均衡发展督导评估工作的通知$/);
  await notice.getByRole('combobox', { name: '评估项目（可选）' }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(`${roundName}（2026 年，3 个单位）`).click();
  await expect(notice.getByLabel('标题')).toHaveValue(`关于开展${roundName}的通知`);
  await expect(notice.getByText('按评估项目名称拟定，可修改')).toBeVisible();
  await expect(notice.getByLabel('第1阶段名称')).toHaveValue('学校自评');
  await expect(notice.getByLabel('第2阶段名称')).toHaveValue('实地督导');
  await expect(columns.getByText('主要任务', { exact: true })).toBeVisible();
  await notice.getByTestId('stage-0').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'documents-notice-round.png') });

  // Still editable: the typed title is what the notice carries.
  const title = `关于开展${roundName}学校自评工作的通知`;
  await notice.getByLabel('标题').fill(title);
  await expect(notice.getByText('按评估项目名称拟定，可修改')).toHaveCount(0);
  await notice.getByLabel('联系人').fill('李明');
  await notice.getByLabel('联系电话').fill('0791-86100000');
  await notice.getByTestId('format-picker').getByText('Word 文档').click();
  const [docx] = await downloads(page, 1, () => notice.getByTestId('generate-notice').click());
  expect(docx.suggestedFilename()).toMatch(new RegExp(`^云教督〔\\d{4}〕1号 ${title}\\.docx$`));
});
