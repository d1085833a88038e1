/**
 * 学校整改进展包 and the two documents of the 整改台账 (issue 14), through the real page in browser
 * mode: hand-entered items owned by two schools (one of each past its deadline); a package generated for
 * one school as a job and downloaded as a zip; a copy with bad cells refused with the sheet, row
 * and column named; the package filled as the school would (progress on two items, one reported
 * complete with a photo in its evidence folder), checked, imported, its 回执 downloaded and the
 * item's page showing the entry, the file and 已完成待核验; the same zip again changes nothing.
 * Then 下发整改通知书 (one notice per unit with open items, each with its own 发文字号, files
 * downloadable) and 生成整改情况报告 (DOCX and PDF downloadable).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Download, Locator, Page } from '@playwright/test';
import type { RectificationItem } from '../../shared/api/contracts/rectification';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test } from './fixtures';
import { day, PNG_BYTES } from './submission-package';

const shot = (name: string) => `test-results/screens/rectification-packages-${name}.png`;

/** Columns of the 整改进展 sheet the school fills (1-based), as packages-format.ts lays them out. */
const COL = { number: 1, date: 7, text: 8, complete: 9, files: 10 } as const;

interface RowFill {
  date: string;
  text: string;
  complete: string;
  files?: string;
}

/**
 * The downloaded package zip filled as a school would: `fills` by 编号 into the yellow cells of the
 * 整改进展 sheet, `evidence` files put into 佐证材料/<编号>/; written next to the original.
 */
async function fillZip(zipPath: string, fills: Record<string, RowFill>, evidence: Record<string, { name: string; bytes: Buffer }[]>, outName: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
  const workbookPath = Object.keys(zip.files).find((n) => n.endsWith('整改进展表.xlsx'))!;
  const prefix = workbookPath.slice(0, -'整改进展表.xlsx'.length);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file(workbookPath)!.async('nodebuffer')) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('整改进展')!;
  const found = new Set<string>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const fill = fills[String(row.getCell(COL.number).value ?? '')];
    if (!fill) continue;
    found.add(String(row.getCell(COL.number).value));
    row.getCell(COL.date).value = fill.date;
    row.getCell(COL.text).value = fill.text;
    row.getCell(COL.complete).value = fill.complete;
    if (fill.files) row.getCell(COL.files).value = fill.files;
  }
  expect([...found].sort()).toEqual(Object.keys(fills).sort());
  zip.file(workbookPath, Buffer.from(await wb.xlsx.writeBuffer()));
  for (const [number, files] of Object.entries(evidence)) for (const f of files) zip.file(`${prefix}佐证材料/${number}/${f.name}`, f.bytes);
  const out = path.join(path.dirname(zipPath), outName);
  fs.writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
  return out;
}

/** Chooses a zip in the import area and runs 开始检查; returns the preview. */
async function checkZip(page: Page, zipPath: string): Promise<Locator> {
  const area = page.getByTestId('packages-import');
  await area.getByTestId('packages-import-picker').locator('input[type=file]').setInputFiles(zipPath);
  await expect(area.getByText(`已选择：${path.basename(zipPath)}`)).toBeVisible();
  await area.getByTestId('packages-check').click();
  const preview = area.getByTestId('packages-preview');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  return preview;
}

/** Saves a download under `dir` and returns its path and suggested name. */
async function keep(download: Promise<Download>, dir: string): Promise<{ file: string; name: string }> {
  const d = await download;
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return { file, name: d.suggestedFilename() };
}

/** Before a screenshot: no dialog still zooming in, no progress bar still growing. */
async function settled(page: Page) {
  await expect(page.locator('.ant-modal[class*="zoom"]')).toHaveCount(0);
  await page.waitForTimeout(500);
}

test('学校整改进展包：生成并下载，错误单元格指明位置，填写后检查导入、回执，事项页可见进展；再次导入无新内容；下发整改通知书和整改情况报告', async ({ app: page, desk }, testInfo) => {
  test.setTimeout(240_000);
  const dir = testInfo.outputPath('files');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync('test-results/screens', { recursive: true });

  const [jx, hx] = [
    await api<School>(desk, 'schools.create', { code: '4599990001', name: '景行小学', type: '小学', locality: '城区' }),
    await api<School>(desk, 'schools.create', { code: '4599990002', name: '河西小学', type: '小学', locality: '乡村' }),
  ];
  const save = (problem: string, schoolId: number, deadline: string) => api<RectificationItem>(desk, 'rectification.save', { problem, owner: { kind: 'school', schoolId }, deadline, sourceNote: '责任督学日常督导' });
  const wall = await save('景行小学围墙破损，存在安全隐患。', jx.id, day(-30));
  const canteen = await save('景行小学食堂未落实留样制度。', jx.id, day(60));
  const lab = await save('河西小学科学实验室仪器不足。', hx.id, day(90));
  const gate = await save('河西小学校门口未设置减速带。', hx.id, day(-40));

  await page.goto(`${desk.origin}/#/rectification?tab=packages`);
  const card = page.getByTestId('rectification-packages');
  const schoolRows = card.getByTestId('packages-schools').locator('tbody tr.ant-table-row');
  await expect(schoolRows).toHaveCount(2);
  const jxRow = schoolRows.filter({ hasText: '景行小学' });
  // Two open items, one of them overdue; never returned yet.
  await expect(jxRow.locator('td').nth(2)).toHaveText('2');
  await expect(jxRow.locator('td').nth(3)).toHaveText('1');
  await expect(jxRow).toContainText('尚未交回');
  const hxRow = schoolRows.filter({ hasText: '河西小学' });
  await expect(hxRow.locator('td').nth(2)).toHaveText('2');
  await expect(hxRow.locator('td').nth(3)).toHaveText('1');
  await expect(card.getByTestId('packages-make')).toHaveText('为全部 2 所学校生成');

  // Generate for 景行小学 only.
  await jxRow.locator('input[type=checkbox]').check();
  await expect(card.getByTestId('packages-make')).toHaveText('为所选的 1 所学校生成');
  await card.getByTestId('packages-make').click();
  const job = card.getByTestId('packages-job');
  await expect(job).toContainText('已完成', { timeout: 60_000 });
  await expect(job.locator('.ant-list-item')).toHaveCount(1);
  await page.screenshot({ path: shot('10-tab'), fullPage: true });
  const downloadPromise = page.waitForEvent('download');
  await job.locator('.ant-list-item').getByRole('button', { name: '下载' }).click();
  const pkg = await keep(downloadPromise, dir);
  expect(pkg.name).toBe('景行小学_整改进展包.zip');
  const zip = await JSZip.loadAsync(fs.readFileSync(pkg.file));
  const names = Object.keys(zip.files);
  expect(names.some((n) => n.endsWith('整改进展表.xlsx'))).toBe(true);
  for (const item of [wall, canteen]) expect(names.some((n) => n.includes(`佐证材料/${item.number}/`))).toBe(true);
  expect(names.some((n) => n.includes(`佐证材料/${lab.number}/`))).toBe(false);

  // A copy with a date in the future and 是否已完成整改 = 也许: refused, each cell named.
  const bad = await fillZip(
    pkg.file,
    {
      [wall.number]: { date: day(5), text: '围墙已修复。', complete: '是' },
      [canteen.number]: { date: day(0), text: '已购置留样冰箱。', complete: '也许' },
    },
    {},
    '景行小学_整改进展包_有误.zip',
  );
  let preview = await checkZip(page, bad);
  await expect(preview.getByTestId('packages-verdict')).toHaveText('不能导入');
  await expect(preview).toContainText('有 2 处错误，不能导入；请学校按下表修改后重新交回。');
  const issues = preview.getByTestId('packages-issues').locator('tbody tr.ant-table-row');
  await expect(issues).toHaveCount(2);
  await expect(issues.filter({ hasText: '晚于今天' })).toContainText(/整改进展表\.xlsx 工作表“整改进展” 第 \d+ 行 G 列/);
  await expect(issues.filter({ hasText: '晚于今天' })).toContainText(`事项 ${wall.number}：进展日期 ${day(5)} 晚于今天（${day(0)}）`);
  await expect(issues.filter({ hasText: '也许' })).toContainText(/整改进展表\.xlsx 工作表“整改进展” 第 \d+ 行 I 列/);
  await expect(issues.filter({ hasText: '也许' })).toContainText(`事项 ${canteen.number}：“是否已完成整改”应填写“是”或“否”（填写的是“也许”）`);
  await expect(preview.getByTestId('packages-commit')).toHaveCount(0);
  await page.screenshot({ path: shot('15-refused'), fullPage: true });

  // Filled properly: progress on both, the wall reported complete with a photo.
  const good = await fillZip(
    pkg.file,
    {
      [wall.number]: { date: day(-1), text: '围墙已全部修复并验收。', complete: '是', files: '围墙修复后.png' },
      [canteen.number]: { date: day(0), text: '已购置留样冰箱，正在制定留样制度。', complete: '否' },
    },
    { [wall.number]: [{ name: '围墙修复后.png', bytes: PNG_BYTES }] },
    '景行小学_整改进展包_已填写.zip',
  );
  preview = await checkZip(page, good);
  await expect(preview.getByTestId('packages-verdict')).toHaveText('可导入');
  await expect(preview).toContainText('可导入 2 条整改进展。');
  const entries = preview.getByTestId('packages-entries').locator('tbody tr.ant-table-row');
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: wall.number })).toContainText('围墙修复后.png');
  await expect(entries.filter({ hasText: wall.number })).toContainText(day(-1));
  await expect(entries.filter({ hasText: canteen.number })).toContainText('无');
  // The wall is started, then reported complete; the canteen only started.
  await expect(preview.getByTestId('packages-moves').locator('li')).toHaveText([`${wall.number}：未启动 → 整改中`, `${wall.number}：整改中 → 已完成待核验`, `${canteen.number}：未启动 → 整改中`]);
  await page.screenshot({ path: shot('20-preview'), fullPage: true });
  await expect(preview.getByTestId('packages-commit')).toHaveText('确认导入（2 条整改进展）');
  await preview.getByTestId('packages-commit').click();
  const outcome = card.getByTestId('packages-outcome');
  await expect(outcome).toContainText('已导入“景行小学”的整改进展包，记为第 1 版：2 条整改进展');
  const received = card.getByTestId('packages-received').locator('tbody tr.ant-table-row');
  await expect(received).toHaveCount(1);
  await expect(received).toContainText('景行小学');
  await expect(received).toContainText('第 1 版');
  await expect(received).toContainText('测试员');
  await expect(received).toContainText('进展 2 条，报告完成 1 项，佐证材料 1 个');
  // The school's row follows: one item left open, none overdue (the overdue one awaits verification).
  await expect(jxRow).toContainText('第 1 版');
  await expect(jxRow.locator('td').nth(2)).toHaveText('1');
  await expect(jxRow.locator('td').nth(3)).toHaveText('0');
  const receiptDownload = page.waitForEvent('download');
  await outcome.getByRole('button', { name: '下载回执（PDF）' }).click();
  const receipt = await keep(receiptDownload, dir);
  expect(receipt.name).toBe('景行小学_整改进展包_第1版_接收回执.pdf');
  expect(fs.readFileSync(receipt.file).subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: shot('30-imported'), fullPage: true });
  const excelReceipt = page.waitForEvent('download');
  await received.getByRole('button', { name: '下载回执（Excel）' }).click();
  expect((await keep(excelReceipt, dir)).name).toBe('景行小学_整改进展包_第1版_接收回执.xlsx');

  // The item's page: the entry, its file, 已完成待核验.
  await page.goto(`${desk.origin}/#/rectification/${wall.id}`);
  await expect(page.getByRole('heading', { name: new RegExp(`整改事项 ${wall.number}`) })).toBeVisible();
  const history = page.getByTestId('item-history');
  await expect(history).toContainText('围墙已全部修复并验收。');
  await expect(history.getByRole('button', { name: /围墙修复后\.png/ })).toBeVisible();
  await expect(page.getByTestId('item-actions').getByTestId('item-state').first()).toHaveText('已完成待核验');
  await page.screenshot({ path: shot('40-item'), fullPage: true });
  const canteenNow = (await api<{ items: RectificationItem[] }>(desk, 'rectification.list', {})).items.find((i) => i.id === canteen.id)!;
  expect(canteenNow.state).toBe('in_progress');
  expect(canteenNow.progressCount).toBe(1);

  // The same zip again: nothing new, nothing to import.
  await page.goto(`${desk.origin}/#/rectification?tab=packages`);
  preview = await checkZip(page, good);
  await expect(preview.getByTestId('packages-verdict')).toHaveText('无新内容');
  await expect(preview).toContainText('整改进展包中的内容此前已全部导入，没有新的内容。');
  await expect(preview.getByTestId('packages-commit')).toHaveCount(0);
  await page.screenshot({ path: shot('45-again'), fullPage: true });
  await expect(card.getByTestId('packages-received').locator('tbody tr.ant-table-row')).toHaveCount(1);

  // 下发整改通知书: both schools still have items to rectify (the wall awaits verification and is left out).
  await page.getByTestId('rectification-notices-button').click();
  const notices = page.getByRole('dialog', { name: '生成督导整改通知书' });
  const units = notices.getByTestId('rectification-notices-units').locator('tbody tr.ant-table-row');
  await expect(units).toHaveCount(2);
  await expect(units.filter({ hasText: '景行小学' }).locator('td').nth(3)).toHaveText('1 项');
  await expect(units.filter({ hasText: '景行小学' }).locator('td').nth(4)).toHaveText('—');
  await expect(units.filter({ hasText: '河西小学' }).locator('td').nth(3)).toHaveText('2 项');
  await expect(units.filter({ hasText: '河西小学' }).locator('td').nth(4)).toHaveText('1 项');
  // Nothing is ticked at first (each notice takes a 发文字号); 全选 ticks both, and the button says what it takes.
  await expect(notices.getByRole('button', { name: '开始生成' })).toBeDisabled();
  await notices.getByTestId('rectification-notices-units').getByRole('checkbox', { name: '全选' }).check();
  await settled(page);
  await page.screenshot({ path: shot('50-notices') });
  await notices.getByRole('button', { name: '生成 2 份（占用 2 个文号）' }).click();
  await expect(notices.getByTestId('rectification-notices-state')).toHaveText(/^已完成/, { timeout: 90_000 });
  const numbers = notices.getByTestId('rectification-notices-numbers').locator('tbody tr.ant-table-row');
  await expect(numbers).toHaveCount(2);
  const docNumbers: string[] = [];
  // Each lists its open items and asks for the report by the latest of their deadlines.
  for (const [name, listed, deadline] of [
    ['景行小学', [canteen], canteen.deadline!],
    ['河西小学', [lab, gate], lab.deadline!],
  ] as const) {
    const row = numbers.filter({ hasText: name });
    await expect(row.locator('td').nth(2)).toHaveText(`${listed.length} 项：${listed.map((i) => i.number).join('、')}`);
    const [y, m, d] = deadline.split('-').map(Number);
    await expect(row.locator('td').nth(3)).toHaveText(`${y}年${m}月${d}日`);
    const docNumber = (await row.locator('td').nth(1).textContent())!.trim();
    expect(docNumber).toMatch(/\d/);
    docNumbers.push(docNumber);
  }
  expect(new Set(docNumbers).size).toBe(2);
  await settled(page);
  await page.screenshot({ path: shot('55-notices-done') });
  // Two units in two formats.
  const noticeFiles = notices.getByTestId('rectification-notices-job').locator('.ant-list-item');
  await expect(noticeFiles).toHaveCount(4);
  for (const ext of ['.docx', '.pdf']) {
    const d = page.waitForEvent('download');
    await noticeFiles.filter({ hasText: '河西小学' }).filter({ hasText: ext }).getByRole('button', { name: '下载' }).click();
    const f = await keep(d, dir);
    expect(f.name.endsWith(ext)).toBe(true);
    expect(f.name).toBe(`${docNumbers[1]} 督导整改通知书（河西小学）${ext}`);
    expect(fs.statSync(f.file).size).toBeGreaterThan(0);
  }
  await notices.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
  await expect(notices).toBeHidden();

  // 生成整改情况报告.
  await page.getByTestId('rectification-report-button').click();
  const report = page.getByRole('dialog', { name: '生成整改情况报告' });
  await report.getByRole('button', { name: '开始生成' }).click();
  await expect(report.getByTestId('rectification-report-state')).toHaveText(/^已完成/, { timeout: 90_000 });
  const reportFiles = report.getByTestId('rectification-report-job').locator('.ant-list-item');
  await expect(reportFiles).toHaveCount(2);
  await page.screenshot({ path: shot('60-report') });
  for (const ext of ['.docx', '.pdf']) {
    const d = page.waitForEvent('download');
    await reportFiles.filter({ hasText: ext }).getByRole('button', { name: '下载' }).click();
    const f = await keep(d, dir);
    expect(f.name.endsWith(ext)).toBe(true);
    expect(fs.statSync(f.file).size).toBeGreaterThan(1000);
  }
});
