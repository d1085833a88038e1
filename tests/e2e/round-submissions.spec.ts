/**
 * 导入填报包 and a unit's materials (issue 11 items 3 and 7), in browser mode: a package generated
 * for a round, filled as a school would (a grade with its explanation, a corrected statistic, a
 * photo under the indicator, the report as PDF) and zipped, is uploaded on the round's page and
 * checked (the preview shows the answer, the statistic against the register and the evidence;
 * nothing is stored; the preview is found again after a reload), then imported; the unit's page
 * shows revision 1 with the answer, the photo in place and the report's PDF in the browser's
 * viewer. The same zip again is 已导入过（内容相同） and stores nothing. A package with most
 * indicators unfilled shows its warnings folded by kind, and a program in it under 未接收的文件.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { RoundDetail, UnitSubmissions } from '../../shared/api/contracts/rounds';
import { api, expect, test } from './fixtures';
import { filledPackage, importThroughApi } from './submission-package';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

/**
 * The self-evaluation's note on unfilled indicators names the tab that lists them and the folded
 * line they are under (“在“问题”的“未填写自评结果”一行中逐项列出”): that name is `tab`, a tab of that
 * name is there beside it, and it holds that line.
 */
async function expectPointsToTab(scope: Locator, tab: string) {
  const note = scope.getByTestId('answers-summary');
  await expect(note).toContainText(`在“${tab}”的“未填写自评结果”一行中逐项列出`);
  const tabButton = scope.getByRole('tab', { name: new RegExp(`^${tab}（\\d+）$`) });
  await expect(tabButton).toHaveCount(1);
  await tabButton.click();
  await expect(scope.getByTestId('issue-group').filter({ hasText: '未填写自评结果' })).toHaveText(/^未填写自评结果（\d+ 项）$/);
  await scope.getByRole('tab', { name: /^自评（/ }).click();
}

/** Opens the import drawer on the round's page, uploads the zip and runs the check. */
async function check(page: Page, zipPath: string) {
  await page.getByTestId('open-import').click();
  const drawer = page.getByTestId('import-drawer');
  await expect(drawer.getByTestId('import-choose')).toBeVisible();
  await drawer.getByTestId('import-picker').locator('input[type=file]').setInputFiles(zipPath);
  await expect(drawer.getByTestId('import-sources')).toContainText('.zip');
  await drawer.getByTestId('import-check').click();
  await expect(drawer.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  return drawer;
}

test('导入填报包：检查、预览、导入，查看单位材料；同一个填报包再次导入不重复保存', async ({ app: page, desk }) => {
  test.setTimeout(240_000);
  const filled = await filledPackage(desk);
  const { round, unit } = filled;
  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  await expect(page.getByTestId('round-title')).toHaveText(round.name);

  // The check: one package, 可导入, as revision 1; nothing stored yet.
  let drawer = await check(page, filled.zipPath);
  // Package rows are those with a verdict (the open package's own tables are rows too).
  const row = drawer.getByTestId('import-packages').locator('tbody tr.ant-table-row').filter({ has: page.getByTestId('package-verdict') });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('package-verdict')).toHaveText('可导入');
  await expect(row).toContainText(`${unit.code} ${unit.name}`);
  await expect(row).toContainText('将成为第 1 版');
  await expect(drawer.getByTestId('import-count-new')).toHaveText('可导入 1');
  expect((await api<RoundDetail>(desk, 'rounds.get', { id: round.id })).units[0].revision).toBe(0);

  // The reload finds the finished check again (it is a recorded job).
  await page.reload();
  await page.getByTestId('open-import').click();
  drawer = page.getByTestId('import-drawer');
  await expect(drawer.getByTestId('import-preview')).toBeVisible();

  // The single package opens by itself: its answers, the statistic against the register, the evidence.
  const detail = drawer.getByTestId('package-detail');
  await expect(detail).toBeVisible();
  await detail.getByRole('tab', { name: /^自评（/ }).click();
  // The note on unfilled indicators points to a tab by the name it has here.
  await expectPointsToTab(detail, '问题');
  const answer = detail.getByTestId('package-answers').locator('tr', { hasText: filled.indicator });
  await expect(answer).toContainText(`等级 ${filled.grade}`);
  await expect(answer).toContainText(filled.explanation);
  await detail.getByRole('tab', { name: '变化' }).click();
  await expect(detail.getByText('统计数据（与下发时预填的数值相比')).toBeVisible();
  await expect(detail.getByTestId('changes-statistics').locator('tr', { hasText: filled.statistic.label })).toContainText(String(filled.statistic.value));
  await expect(detail.getByTestId('evidence-added')).toContainText(filled.photoName);
  // The files are counted as on the unit's page: the evidence alone (one photo), the report and the workbook named apart.
  await detail.getByRole('tab', { name: '自评报告和佐证材料（佐证材料 1 个）' }).click();
  await expect(detail.getByTestId('package-files-summary')).toHaveText(/^佐证材料 1 个（\d+ KB），另有自评报告 1 份、自评表 1 份$/);
  await expect(detail.getByTestId('package-evidence')).toContainText(filled.photoName);
  await expect(detail.getByTestId('package-evidence')).toContainText(filled.indicator);
  await expect(detail.getByTestId('package-report')).toContainText('学校自评报告.pdf');
  await detail.getByRole('tab', { name: '变化' }).click();
  await page.screenshot({ path: path.join(SHOTS, 'round-import-preview.png') });

  // Import: one revision stored; the units table moves with it.
  await expect(drawer.getByTestId('import-footer-text')).toHaveText('将保存 1 个新版本；其余填报包不会写入。');
  await drawer.getByTestId('import-commit').click();
  const outcome = drawer.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-result')).toContainText('已导入 1 个填报包', { timeout: 60_000 });
  // Each package shows what became of it, not the check's 可导入; nothing offers to import it again.
  await expect(outcome.getByTestId('package-outcome')).toHaveText('已导入为第 1 版');
  await expect(outcome.getByTestId('import-count-stored')).toHaveText('已导入 1');
  await expect(drawer).not.toContainText('可导入');
  await expect(drawer.getByTestId('import-commit')).toHaveCount(0);
  await expect(page.getByTestId('units-table').locator('tbody tr.ant-table-row').first()).toContainText('第 1 版');

  // The unit's materials: revision 1, the answer, the photo in place, the report in the browser's PDF viewer.
  await outcome.getByTestId('imported-unit-link').click();
  await expect(page).toHaveURL(new RegExp(`#/rounds/${round.id}/units/${unit.id}`));
  await expect(page.getByTestId('unit-title')).toHaveText(unit.name);
  await expect(page.getByTestId('unit-revision')).toHaveText('第 1 版');
  await expect(page.getByTestId('revision-select')).toContainText('第 1 版');
  await expect(page.getByTestId('revision-answers').locator('tr', { hasText: filled.indicator })).toContainText(filled.explanation);
  await expectPointsToTab(page.getByTestId('revision'), '提醒');
  await expect(page.getByTestId('revision-source')).toContainText('测试员');
  await page.getByRole('tab', { name: /^统计数据（/ }).click();
  await expect(page.getByTestId('revision-statistics').locator('tr', { hasText: filled.statistic.label })).toContainText(String(filled.statistic.value));
  // The same count and words as the check, and the workbook as received can be opened too.
  await page.getByRole('tab', { name: '自评报告和佐证材料（佐证材料 1 个）' }).click();
  await expect(page).toHaveURL(/tab=files/);
  await expect(page.getByTestId('revision-files-summary')).toHaveText(/^佐证材料 1 个（\d+ KB），另有自评报告 1 份、自评表 1 份$/);
  await expect(page.getByTestId('revision-workbook').getByTestId('evidence-name')).toHaveText('自评表.xlsx');
  const group = page.getByTestId('evidence-group').filter({ hasText: filled.indicator });
  await expect(group.getByTestId('evidence-name')).toHaveText(filled.photoName);
  const image = group.getByTestId('evidence-image');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect(page.getByTestId('revision-report').getByTestId('evidence-pdf')).toBeVisible();
  // Chromium's viewer took the PDF (served inline, framed by our page only).
  await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'unit-submission.png'), fullPage: true });
  // The first revision is compared with the values its package was issued with: what the school corrected stays visible.
  await page.getByRole('tab', { name: /^与下发时比较（\d+）$/ }).click();
  await expect(page.getByText('统计数据（与下发时预填的数值相比')).toBeVisible();
  await expect(page.getByTestId('unit-queries')).toContainText('没有退回修改的意见');

  // The same zip again: 已导入过（内容相同）, nothing to import, nothing stored.
  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  await page.getByTestId('open-import').click();
  drawer = page.getByTestId('import-drawer');
  await drawer.getByTestId('import-again').click();
  await drawer.getByTestId('import-picker').locator('input[type=file]').setInputFiles(filled.zipPath);
  await drawer.getByTestId('import-check').click();
  await expect(drawer.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  const again = drawer.getByTestId('import-packages').locator('tbody tr.ant-table-row').filter({ has: page.getByTestId('package-verdict') });
  await expect(again.getByTestId('package-verdict')).toHaveText('已导入过（内容相同）');
  await expect(again).toContainText('已有第 1 版');
  await expect(drawer.getByTestId('package-reason')).toContainText('与已导入的第 1 版内容相同');
  await expect(drawer.getByTestId('import-commit')).toBeDisabled();
  await expect(drawer.getByTestId('import-footer-text')).toHaveText('没有可以导入的填报包。');
  const subs = await api<UnitSubmissions>(desk, 'rounds.submissions', { unitId: unit.id });
  expect(subs.revisions.map((r) => r.revision)).toEqual([1]);
});

test('导入填报包：导入后每个填报包显示导入结果（已导入为第几版，或未导入及原因），不再显示“可导入”，也不再提供导入按钮', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  const filled = await filledPackage(desk);
  const { round } = filled;
  // The same package twice (a copy on the USB stick): one is stored, the other is the same content.
  const copy = filled.zipPath.replace(/\.zip$/, '（副本）.zip');
  fs.copyFileSync(filled.zipPath, copy);
  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  await page.getByTestId('open-import').click();
  let drawer = page.getByTestId('import-drawer');
  await drawer.getByTestId('import-picker').locator('input[type=file]').setInputFiles([filled.zipPath, copy]);
  await expect(drawer.getByTestId('import-sources').locator('.ant-list-item')).toHaveCount(2);
  await drawer.getByTestId('import-check').click();
  await expect(drawer.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  const verdicts = drawer.getByTestId('import-packages').getByTestId('package-verdict');
  await expect(verdicts).toHaveText(['可导入', '已导入过（内容相同）']);
  await drawer.getByTestId('import-commit').click();

  const outcome = drawer.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-result')).toContainText('已导入 1 个填报包', { timeout: 60_000 });
  const rows = outcome.getByTestId('package-outcome');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveText('已导入为第 1 版');
  await expect(rows.nth(1)).toContainText('未导入');
  await expect(rows.nth(1)).toContainText('与已导入的第 1 版内容相同');
  await expect(outcome.getByTestId('import-count-stored')).toHaveText('已导入 1');
  await expect(outcome.getByTestId('import-count-not-stored')).toHaveText('未导入 1');
  // No verdict of the check is left to read as still to do, and nothing offers to import the same again.
  await expect(drawer.getByTestId('package-verdict')).toHaveCount(0);
  await expect(drawer).not.toContainText('可导入');
  await expect(drawer.getByTestId('import-commit')).toHaveCount(0);
  await expect(drawer.getByTestId('import-again')).toHaveText('导入其他填报包');
  // An opened package says the same.
  // Package rows are the table's only rows while none is open.
  await outcome.locator('tbody tr.ant-table-row').nth(1).getByRole('button', { name: /展开/ }).click();
  await expect(drawer.getByTestId('package-reason')).toHaveText(/^未导入：与已导入的第 1 版内容相同/);
  await page.screenshot({ path: path.join(SHOTS, 'round-import-outcome.png') });

  // Found again after a reload, still as the outcome.
  await page.reload();
  await page.getByTestId('open-import').click();
  drawer = page.getByTestId('import-drawer');
  await expect(drawer.getByTestId('import-outcome').getByTestId('package-outcome')).toHaveText(['已导入为第 1 版', /^未导入/]);
  await expect(drawer.getByTestId('import-commit')).toHaveCount(0);

  // 作业记录 tells the import the same way: stored and not stored, not 可导入.
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '作业记录' }).click();
  await page.getByRole('row').filter({ hasText: `导入“${round.name}”的填报包` }).getByRole('button', { name: /展开/ }).click();
  await expect(page.getByTestId('job-result').filter({ hasText: '导入了' })).toHaveText('导入了 1 个填报包（共 2 个），1 个未导入');
  await expect(page.getByTestId('job-result').filter({ hasText: '导入了' })).not.toContainText('可导入');
  const subs = await api<UnitSubmissions>(desk, 'rounds.submissions', { unitId: filled.unit.id });
  expect(subs.revisions.map((r) => r.revision)).toEqual([1]);
});

test('单位材料：大部分指标未填写时提醒按类别折叠成一行（展开后逐项列出）；填报包中的程序文件列在“未接收的文件”中并说明原因', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  // A Windows program (MZ header) the school's evidence folder happened to hold.
  const program = { name: '安装程序.exe', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]) };
  // One indicator answered, every other one left blank.
  const filled = await filledPackage(desk, { alsoInFolder: [program] });
  expect((await importThroughApi(desk, filled.round.id, filled.zipPath)).state).toBe('已完成');
  const revision = (await api<UnitSubmissions>(desk, 'rounds.submissions', { unitId: filled.unit.id })).revisions[0];
  const unfilled = revision.warnings.filter((w) => w.group === 'noAnswer');
  // The case folding is for: one answer given, dozens of 未填写自评结果.
  expect(unfilled.length).toBeGreaterThan(10);
  const refused = revision.refused.find((r) => r.path.endsWith(program.name));
  expect(refused?.reason).toContain('可执行程序');

  await page.goto(`${desk.origin}/#/rounds/${filled.round.id}/units/${filled.unit.id}`);
  await expect(page.getByTestId('unit-revision')).toHaveText('第 1 版');
  await page.getByRole('tab', { name: `提醒（${revision.warnings.length}）` }).click();
  // One line sums them up by kind.
  await expect(page.getByTestId('issues-summary')).toContainText(`提醒 ${revision.warnings.length} 条：未填写自评结果 ${unfilled.length} 项`);
  const list = page.getByTestId('revision-warnings');
  const line = list.locator('tr.ant-table-row', { has: page.getByTestId('issue-group').filter({ hasText: '未填写自评结果' }) });
  await expect(line).toHaveCount(1);
  await expect(line.getByTestId('issue-group')).toHaveText(`未填写自评结果（${unfilled.length} 项）`);
  // Folded: none of the unfilled indicators is listed until the line is opened; then each is.
  const items = list.locator('tr.ant-table-row').filter({ hasText: '没有填写自评结果' });
  await expect(items).toHaveCount(0);
  await line.getByRole('button', { name: /展开/ }).click();
  await expect(items).toHaveCount(unfilled.length);
  // Each item still says where it is, as before folding: file, sheet, row and column.
  for (const w of [unfilled[0], unfilled[unfilled.length - 1]]) {
    const cells = items.filter({ hasText: w.message }).locator('td');
    await expect(cells.nth(1)).toHaveText(w.file);
    await expect(cells.nth(2)).toHaveText(w.sheet!);
    await expect(cells.nth(3)).toHaveText(String(w.row));
    await expect(cells.nth(4)).toHaveText(w.column!);
  }
  await page.screenshot({ path: path.join(SHOTS, 'unit-warnings-folded.png'), fullPage: true });

  // The program was not received: listed with its reason under 未接收的文件 with the files, and counted.
  await page.getByRole('tab', { name: /^自评报告和佐证材料/ }).click();
  const section = page.getByTestId('revision-refused');
  await expect(section).toContainText('未接收的文件（1）');
  const item = section.getByTestId('refused-files').locator('.ant-list-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(refused!.path);
  await expect(item).toContainText(refused!.reason);
  await expect(page.getByTestId('revision-files-summary')).toHaveText(/；未接收的文件 1 个$/);
  // The program is not among the received evidence.
  await expect(page.getByTestId('evidence-group').filter({ hasText: program.name })).toHaveCount(0);
});
