/**
 * The whole path of a round (issue 11, “Done when”), in browser mode and through the screens where
 * a user would act: a round created on the 新建评估项目 page from a published system; the package
 * generated as a zip and downloaded; filled as a school would (a grade and explanation, a corrected
 * statistic, a photo under the indicator, the report); imported through the drawer with its check,
 * then committed; the 回执 downloaded as PDF and Excel; queries asked from the unit's page (one
 * withdrawn with a reason, the unsaved text guarded); 退回修改 downloading the return package,
 * which carries the school's answers and evidence; the school's correction imported as revision 2,
 * its diff seen (与上一版比较) and the query shown as answered; the unit confirmed; the receiving
 * stage closed and the other unit confirmed as 弃权 with a reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Download, Page } from '@playwright/test';
import type { RoundDetail, UnitSubmissions } from '../../shared/api/contracts/rounds';
import { api, expect, test } from './fixtures';
import { choose, typeDate, unitRow } from './round-helpers';
import { day, fillPackageZip, PDF_BYTES, PNG_BYTES } from './submission-package';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

const SYSTEM_NAME = '义务教育优质均衡发展学校督导评估（学校自评）';
const ROUND_NAME = '云溪区2026年度义务教育学校督导评估（全流程）';
/** The school that fills its package, and the one that never hands anything in. */
const SCHOOL = '云溪区育才小学';
const ABSENT = '桃源镇中心小学';



/** Saves what the browser downloaded under the test's data directory, keeping its name (the import shows it). */
async function keep(download: Download, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const to = path.join(dir, download.suggestedFilename());
  await download.saveAs(to);
  return to;
}

/** Uploads a zip in the round's import drawer and runs the check; returns the drawer with the preview. */
async function check(page: Page, zipPath: string) {
  await page.getByTestId('open-import').click();
  const drawer = page.getByTestId('import-drawer');
  // A drawer showing an earlier import offers to choose again.
  const again = drawer.getByTestId('import-again');
  await expect(drawer.getByTestId('import-choose').or(again)).toBeVisible();
  if (await again.isVisible()) await again.click();
  await drawer.getByTestId('import-picker').locator('input[type=file]').setInputFiles(zipPath);
  await expect(drawer.getByTestId('import-sources')).toContainText('.zip');
  await drawer.getByTestId('import-check').click();
  await expect(drawer.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  return drawer;
}

/** The answer the package's workbook holds for an indicator (`编码 名称`): 自评结果 and 自评说明. */
async function workbookAnswer(zipBytes: Buffer, indicator: string): Promise<{ answer: string; explanation: string }> {
  const zip = await JSZip.loadAsync(zipBytes);
  const entry = Object.keys(zip.files).find((n) => n.endsWith('自评表.xlsx'))!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file(entry)!.async('nodebuffer')) as unknown as ExcelJS.Buffer);
  const sheet = wb.getWorksheet('自评')!;
  const header = sheet.getRow(4);
  const cols: Record<string, number> = {};
  header.eachCell((c, n) => (cols[String(c.value).trim()] = n));
  let found: { answer: string; explanation: string } | null = null;
  sheet.eachRow((row, n) => {
    if (n <= 4 || found) return;
    if (`${String(row.getCell(cols['指标编码']).value).trim()} ${String(row.getCell(cols['指标名称']).value).trim()}` !== indicator) return;
    found = { answer: String(row.getCell(cols['自评结果']).value ?? ''), explanation: String(row.getCell(cols['自评说明']).value ?? '') };
  });
  if (!found) throw new Error(`自评表中没有指标“${indicator}”`);
  return found;
}

test('评估项目全流程：新建、生成填报包、学校填报、导入、回执、退回修改、导入修改版、确认、关闭阶段并确认弃权', async ({ app: page, desk }) => {
  test.setTimeout(360_000);
  await api(desk, 'demo.load', {});
  const system = await api<{ summary: { id: number; version: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'school-self-evaluation-five-sections' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  await page.reload();
  const school = path.join(desk.dataDir, 'e2e-school');

  // ---- 新建评估项目 on its page: the published system, four stages, two primary schools.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '评估项目' }).click();
  await page.getByRole('button', { name: '新建评估项目' }).first().click();
  const form = page.getByTestId('new-round-form');
  await form.getByLabel('项目名称').fill(ROUND_NAME);
  await choose(page, '指标体系', `${SYSTEM_NAME} 第 ${system.summary.version} 版（学校）`);
  const stages = form.getByTestId('stage-table');
  await expect(stages.getByLabel('第1阶段接收填报')).toBeChecked();
  const dates: [string, string][] = [
    [day(-5), day(10)],
    [day(14), day(18)],
    [day(25), day(30)],
    [day(40), day(40)],
  ];
  for (const [i, [start, end]] of dates.entries()) {
    await typeDate(stages.getByLabel(`第${i + 1}阶段开始日期`), start);
    await typeDate(stages.getByLabel(`第${i + 1}阶段结束日期`), end);
  }
  const chooser = form.getByTestId('unit-chooser');
  for (const name of [SCHOOL, ABSENT]) {
    await chooser.getByLabel('按名称筛选参评单位').fill(name);
    await chooser.getByRole('checkbox', { name: `选择“${name}”` }).check();
  }
  await expect(chooser.getByTestId('chosen-count')).toContainText('已选 2 个单位');
  await form.getByTestId('create-round').click();
  await expect(page.getByTestId('round-title')).toHaveText(ROUND_NAME);
  const roundId = Number(/#\/rounds\/(\d+)/.exec(page.url())![1]);
  await expect(page.getByTestId('units-table').locator('tbody tr.ant-table-row')).toHaveCount(2);

  // ---- 生成填报包 (zip) for the school, and its download: what goes on the USB stick.
  await unitRow(page, SCHOOL).getByRole('checkbox').check();
  await page.getByTestId('open-packages').click();
  const packagesDialog = page.getByRole('dialog', { name: '生成填报包' });
  await expect(packagesDialog.getByRole('checkbox', { name: /同时打包为 zip 文件/ })).toBeChecked();
  await packagesDialog.getByRole('button', { name: '开始生成（1 个单位）' }).click();
  const job = page.getByTestId('packages-job');
  await expect(job.getByTestId('packages-state')).toContainText('已完成', { timeout: 60_000 });
  await expect(unitRow(page, SCHOOL).getByTestId('unit-state')).toHaveText('已下发');
  const [issuedDownload] = await Promise.all([page.waitForEvent('download'), job.getByRole('button', { name: '下载' }).click()]);
  expect(issuedDownload.suggestedFilename()).toContain(SCHOOL);
  const issued = fs.readFileSync(await keep(issuedDownload, path.join(school, '下发')));

  // ---- The school fills it: grade and explanation, a corrected statistic, a photo, the report.
  const first = await fillPackageZip(issued, { gradeIndex: 1, explanation: '校舍面积达标，有产权证明', pupilsDelta: 12, evidence: { name: '校舍照片.png', bytes: PNG_BYTES }, report: true });
  const firstZip = path.join(school, '交回', issuedDownload.suggestedFilename());
  fs.mkdirSync(path.dirname(firstZip), { recursive: true });
  fs.writeFileSync(firstZip, first.buffer);

  // ---- 导入填报包: the check (nothing stored), then the commit as revision 1.
  let drawer = await check(page, firstZip);
  let row = drawer.getByTestId('import-packages').locator('tbody tr.ant-table-row').filter({ has: page.getByTestId('package-verdict') });
  await expect(row.getByTestId('package-verdict')).toHaveText('可导入');
  await expect(row).toContainText('将成为第 1 版');
  const detail = drawer.getByTestId('package-detail');
  await detail.getByRole('tab', { name: /^自评（/ }).click();
  await expect(detail.getByTestId('package-answers').locator('tr', { hasText: first.indicator })).toContainText(`等级 ${first.grade}`);
  expect((await api<RoundDetail>(desk, 'rounds.get', { id: roundId })).units.every((u) => u.revision === 0)).toBe(true);
  await drawer.getByTestId('import-commit').click();
  let outcome = drawer.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-result')).toContainText('已导入 1 个填报包', { timeout: 60_000 });
  await expect(unitRow(page, SCHOOL).getByTestId('unit-state')).toHaveText('已提交');
  await outcome.getByTestId('imported-unit-link').click();

  // ---- The unit's page: revision 1, and its 回执 as PDF and Excel.
  await expect(page.getByTestId('unit-title')).toHaveText(SCHOOL);
  await expect(page.getByTestId('unit-revision')).toHaveText('第 1 版');
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('receipt-pdf').click()]);
  expect(pdf.suggestedFilename()).toMatch(new RegExp(`${SCHOOL}_第1版_接收回执\\.pdf$`));
  expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('receipt-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(new RegExp(`${SCHOOL}_第1版_接收回执\\.xlsx$`));
  const receipt = new ExcelJS.Workbook();
  await receipt.xlsx.load(fs.readFileSync(await xlsx.path()) as unknown as ExcelJS.Buffer);
  const receiptText = JSON.stringify(receipt.getWorksheet('接收回执')!.getSheetValues());
  expect(receiptText).toContain(first.evidenceName!);
  expect(receiptText).toMatch(/[0-9a-f]{64}/);

  // No 退回修改 without a query: the button says why.
  await expect(page.getByTestId('unit-return')).toBeDisabled();

  // ---- 提出意见 on the indicator's row: the text is required; leaving with text written asks first.
  const answers = page.getByTestId('revision-answers');
  await answers.locator('tr', { hasText: first.indicator }).getByTestId('ask-indicator').click();
  let ask = page.getByRole('dialog', { name: `提出退回意见：${SCHOOL}` });
  await expect(ask.getByTestId('query-dialog')).toContainText('意见针对第 1 版材料');
  await expect(ask.locator('.ant-select')).toContainText(first.indicator);
  await ask.getByRole('button', { name: '提出意见' }).click();
  await expect(ask.getByText('请填写退回意见')).toBeVisible();
  const queryText = '请补充校舍产权证明的扫描件，并说明校舍面积的测算依据';
  await ask.getByLabel('退回意见').fill(queryText);
  await page.screenshot({ path: path.join(SHOTS, 'round-query-dialog.png') });
  await ask.getByRole('button', { name: '取消' }).click();
  const unsaved = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(unsaved).toContainText(`对“${SCHOOL}”的退回意见`);
  await unsaved.getByRole('button', { name: '继续编辑' }).click();
  await expect(ask.getByLabel('退回意见')).toHaveValue(queryText);
  await ask.getByRole('button', { name: '提出意见' }).click();
  await expect(ask).toBeHidden();
  const queries = page.getByTestId('unit-queries');
  const queryRow = queries.locator('tbody tr').filter({ hasText: queryText });
  await expect(queryRow.getByTestId('query-target')).toHaveText(first.indicator);
  await expect(queryRow.getByTestId('query-state')).toHaveText('待答复');
  await expect(queryRow).toContainText('针对第 1 版');

  // A statistic's row offers the same dialog, with the field chosen (closed again without text: nothing asked).
  await page.getByRole('tab', { name: /^统计数据（/ }).click();
  await page.getByTestId('revision-statistics').locator('tr', { hasText: first.statistic!.label }).getByTestId('ask-statistic').click();
  ask = page.getByRole('dialog', { name: `提出退回意见：${SCHOOL}` });
  await expect(ask.getByRole('radio', { name: '统计数据' })).toBeChecked();
  await expect(ask.locator('.ant-select')).toContainText(first.statistic!.label);
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(ask).toBeHidden();

  // A query on the report, withdrawn with a reason: it stays listed as 已撤回 and is not returned.
  await page.getByRole('tab', { name: /^自评报告和佐证材料/ }).click();
  await page.getByTestId('ask-report').click();
  ask = page.getByRole('dialog', { name: `提出退回意见：${SCHOOL}` });
  await expect(ask.getByRole('radio', { name: '学校自评报告' })).toBeChecked();
  await ask.getByLabel('退回意见').fill('自评报告缺少主要问题及改进举措');
  // The question comes up above this dialog again (it was shown once already, earlier in the page).
  await ask.getByRole('button', { name: '取消' }).click();
  await unsaved.getByRole('button', { name: '继续编辑' }).click();
  await expect(unsaved).toBeHidden();
  await ask.getByRole('button', { name: '提出意见' }).click();
  await expect(ask).toBeHidden();
  const reportRow = queries.locator('tbody tr').filter({ hasText: '自评报告缺少主要问题及改进举措' });
  await expect(reportRow.getByTestId('query-target')).toHaveText('学校自评报告');
  await reportRow.getByTestId('query-withdraw').click();
  const withdraw = page.getByRole('dialog', { name: '撤回退回意见' });
  await withdraw.getByRole('button', { name: '撤回' }).click();
  await expect(withdraw.getByText('请填写撤回原因')).toBeVisible();
  await withdraw.getByLabel('撤回原因').fill('报告第五部分已写明，无需修改');
  await withdraw.getByRole('button', { name: '撤回' }).click();
  await expect(withdraw).toBeHidden();
  await expect(reportRow.getByTestId('query-state')).toHaveText('已撤回');
  await reportRow.getByTestId('query-state').hover();
  await expect(page.locator('.ant-tooltip:visible')).toContainText('撤回：报告第五部分已写明，无需修改');
  await expect(queries).toContainText('退回意见（2 条，待答复 1 条）');

  // ---- 退回修改: the open query listed; the return package downloads; the unit is 已退回修改.
  await page.getByTestId('unit-return').click();
  const back = page.getByRole('dialog', { name: `退回修改：${SCHOOL}` });
  await expect(back.getByTestId('return-queries').locator('li')).toHaveCount(1);
  await expect(back.getByTestId('return-queries')).toContainText(queryText);
  await page.screenshot({ path: path.join(SHOTS, 'round-return.png'), fullPage: true });
  const [returnDownload] = await Promise.all([page.waitForEvent('download'), back.getByRole('button', { name: '退回修改' }).click()]);
  await expect(back).toBeHidden();
  expect(returnDownload.suggestedFilename()).toMatch(/_退回修改第1次\.zip$/);
  await expect(page.getByTestId('unit-summary').getByTestId('unit-state')).toHaveText('已退回修改');
  const returned = fs.readFileSync(await keep(returnDownload, path.join(school, '退回')));

  // The return package carries the school's answer and its evidence and report.
  const entries = Object.keys((await JSZip.loadAsync(returned)).files);
  expect(entries.some((n) => n.endsWith(`/${first.evidenceName}`))).toBe(true);
  expect(entries.some((n) => n.endsWith('/学校自评报告.pdf'))).toBe(true);
  expect(await workbookAnswer(returned, first.indicator)).toEqual({ answer: first.grade, explanation: first.explanation });

  // ---- The school corrects the answer and adds the scan asked for.
  const second = await fillPackageZip(returned, { gradeIndex: 0, explanation: '已补充校舍产权证明扫描件', evidence: { name: '校舍产权证明.pdf', bytes: PDF_BYTES } });
  expect(second.indicator).toBe(first.indicator);
  expect(second.grade).not.toBe(first.grade);
  const secondZip = path.join(school, '交回', returnDownload.suggestedFilename());
  fs.writeFileSync(secondZip, second.buffer);

  // ---- Imported through the drawer as revision 2.
  await page.getByRole('button', { name: '返回评估项目' }).click();
  await expect(page.getByTestId('round-title')).toHaveText(ROUND_NAME);
  drawer = await check(page, secondZip);
  row = drawer.getByTestId('import-packages').locator('tbody tr.ant-table-row').filter({ has: page.getByTestId('package-verdict') });
  await expect(row.getByTestId('package-verdict')).toHaveText('可导入');
  await expect(row).toContainText('将成为第 2 版');
  await drawer.getByTestId('import-commit').click();
  outcome = drawer.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-result')).toContainText('已导入 1 个填报包', { timeout: 60_000 });
  await outcome.getByTestId('imported-unit-link').click();

  // ---- The diff against revision 1, the query answered by revision 2.
  await expect(page.getByTestId('unit-revision')).toHaveText('第 2 版');
  await expect(page.getByTestId('unit-summary').getByTestId('unit-state')).toHaveText('已提交');
  await expect(page.getByTestId('revision-answers').locator('tr', { hasText: first.indicator }).getByTestId('answer-changed')).toBeVisible();
  await page.getByRole('tab', { name: /^与上一版比较/ }).click();
  const diff = page.getByTestId('changes-indicators').locator('tr', { hasText: first.indicator });
  await expect(diff).toContainText(`等级 ${first.grade}；${first.explanation}`);
  await expect(diff).toContainText(`等级 ${second.grade}；${second.explanation}`);
  await expect(page.getByTestId('evidence-added')).toContainText('校舍产权证明.pdf');
  await expect(queryRow.getByTestId('query-state')).toHaveText('已答复（第 2 版）');
  await expect(reportRow.getByTestId('query-state')).toHaveText('已撤回');
  await expect(page.getByTestId('unit-return')).toBeDisabled();
  await page.screenshot({ path: path.join(SHOTS, 'round-second-revision.png'), fullPage: true });

  // ---- 确认 from the units table (batch action on the selected 已提交 unit).
  await page.getByRole('button', { name: '返回评估项目' }).click();
  await unitRow(page, SCHOOL).getByRole('checkbox').check();
  await page.getByTestId('change-confirm').click();
  const confirm = page.getByRole('dialog', { name: '确认（1 个单位）' });
  await confirm.getByRole('button', { name: '确认', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(unitRow(page, SCHOOL).getByTestId('unit-state')).toHaveText('已确认');

  // ---- Closing 学校自评 lists the unit without a submission; it is confirmed as 弃权 with a reason.
  const timeline = page.getByTestId('stage-timeline');
  await timeline.getByTestId('stage-1').getByRole('button', { name: '关闭阶段' }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '关闭阶段' }).click();
  const forfeit = page.getByRole('dialog', { name: '尚未提交材料的单位' });
  await expect(forfeit.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(forfeit.locator('tbody tr.ant-table-row')).toContainText(ABSENT);
  await forfeit.getByRole('checkbox', { name: `确认“${ABSENT}”弃权` }).check();
  const reason = '截止日期前未提交材料，电话确认放弃';
  await forfeit.getByLabel('弃权原因').fill(reason);
  await forfeit.getByRole('button', { name: '确认弃权（1 个单位）' }).click();
  await expect(forfeit).toBeHidden();
  await expect(unitRow(page, ABSENT).getByTestId('unit-state')).toHaveText('弃权');

  // The service agrees with the screens.
  const stored = await api<RoundDetail>(desk, 'rounds.get', { id: roundId });
  const done = stored.units.find((u) => u.name === SCHOOL)!;
  expect(done).toMatchObject({ state: 'confirmed', revision: 2, openQueries: 0, packageVersion: 2 });
  expect(stored.units.find((u) => u.name === ABSENT)).toMatchObject({ state: 'forfeited', revision: 0, forfeit: { reason } });
  expect(stored.stages[0].closedAt).not.toBeNull();
  const subs = await api<UnitSubmissions>(desk, 'rounds.submissions', { unitId: done.id });
  expect(subs.revisions.map((r) => r.revision)).toEqual([2, 1]);
  expect(subs.queries.map((q) => [q.text, q.answeredRevision, q.closedAt !== null])).toEqual(
    expect.arrayContaining([
      [queryText, 2, true],
      ['自评报告缺少主要问题及改进举措', null, true],
    ]),
  );
});
