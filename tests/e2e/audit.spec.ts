import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { api, expect, test } from './fixtures';
import { SchoolsPage } from './pages/schools-page';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => path.join(SHOTS, `${name}.png`);

/** A direct write to the database file, bypassing the product (as someone with the file would). */
function tamper(dataDir: string, sql: string, ...params: unknown[]): number {
  const db = new BetterSqlite3(path.join(dataDir, 'supervision-desk.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

test('首次使用填写姓名和科室；修改后操作日志以中文显示操作人、对象、字段和新旧值；可筛选、导出；直接改库后校验发现', async ({ page, desk }) => {
  await page.goto(desk.url);
  const welcome = page.getByRole('dialog', { name: '欢迎使用督导评估工作台' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('每一项修改都会以您的名义记入操作日志');
  await welcome.getByRole('button', { name: '开始使用' }).click();
  await expect(welcome.getByText('请填写姓名')).toBeVisible();
  await welcome.getByLabel('姓名').fill('王督学');
  await welcome.getByLabel('科室').fill('督导室');
  await page.screenshot({ path: shot('20-first-run-operator') });
  await welcome.getByRole('button', { name: '开始使用' }).click();
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('operator-switch')).toHaveText('王督学（督导室）');

  // The window remembers its operator across a reload: no dialog again.
  await api(desk, 'demo.load');
  await page.reload();
  await expect(page.getByTestId('operator-switch')).toHaveText('王督学（督导室）');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Edit a school and a statistic in the UI.
  const list = new SchoolsPage(page);
  await list.openSchool('桃源镇中心小学');
  await page.getByRole('textbox', { name: '校长' }).fill('黄晓东');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存学校信息')).toBeVisible();
  await page.getByRole('tab', { name: '统计数据' }).click();
  const pupils = page.getByRole('spinbutton', { name: '小学在校生数' });
  await expect(pupils).not.toHaveValue('');
  await pupils.fill('777');
  await page.getByRole('button', { name: '保存统计数据' }).click();
  await expect(page.getByText(/已保存 2025 年.*统计数据/)).toBeVisible();

  await page.getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('audit-card');
  const rows = card.locator('tbody tr.ant-table-row');
  const edit = rows.filter({ hasText: '修改学校“桃源镇中心小学”' });
  await expect(edit).toHaveCount(1);
  await expect(edit).toContainText('王督学（督导室）');
  await expect(edit).toContainText('学校桃源镇中心小学');
  await expect(edit).toContainText('修改');
  await expect(edit).toContainText('校长：黄志强 → 黄晓东');
  const stats = rows.filter({ hasText: '修改“桃源镇中心小学”2025 年统计数据' });
  await expect(stats).toContainText('统计数据桃源镇中心小学 2025 年');
  await expect(stats).toContainText(/小学在校生数（人）：\d+ → 777/);
  // No raw JSON and no English field keys on the page.
  const text = await card.innerText();
  expect(text).not.toMatch(/[{}]|"principal"|principal|pupilsPrimary|root@|@web/);
  await page.screenshot({ path: shot('21-audit-log'), fullPage: true });

  // Filters: object type, operator, action; a bulk operation's batch.
  await card.getByRole('combobox', { name: '对象类型' }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('统计数据', { exact: true }).click();
  await expect(rows.first()).toContainText('修改“桃源镇中心小学”2025 年统计数据');
  await expect(card).toContainText(/共 \d+ 条/);
  await card.getByRole('combobox', { name: '操作', exact: true }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('加载演示数据', { exact: true }).click();
  await expect(rows.first()).toContainText('加载演示数据：录入');
  await rows.first().getByRole('button', { name: '查看同一批次' }).click();
  await expect(card.getByText('只看同一批次')).toBeVisible();

  // Export what the filter shows.
  const downloadPromise = page.waitForEvent('download');
  await card.getByRole('button', { name: '导出' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^操作日志-\d{8}-\d{6}\.xlsx$/);
  const file = path.join(SHOTS, download.suggestedFilename());
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(JSON.stringify(wb.getWorksheet('说明')!.getSheetValues())).toContain('对象类型：统计数据；操作：加载演示数据');
  expect(wb.getWorksheet('操作日志')!.getRow(2).getCell(3).value).toBe('王督学');

  // 校验: intact, then a direct write to the file is found and located.
  await card.getByRole('button', { name: '校验' }).click();
  await expect(card.getByTestId('audit-verify-result')).toContainText(/操作日志完整：共 \d+ 条记录，逐条校验无误/);
  const changed = tamper(desk.dataDir, "UPDATE audit_log SET after = replace(after, '黄晓东', '黄晓西') WHERE summary = ?", '修改学校“桃源镇中心小学”');
  expect(changed).toBe(1);
  await card.getByRole('button', { name: '校验' }).click();
  const result = card.getByTestId('audit-verify-result');
  await expect(result).toContainText('操作日志校验未通过：发现 1 处改动');
  await expect(result).toContainText(/第 \d+ 条（编号 \d+）内容被改动/);
  await page.screenshot({ path: shot('22-audit-verify-tampered'), fullPage: true });
  const report = await api<{ ok: boolean; problems: { kind: string }[] }>(desk, 'audit.verify');
  expect(report.ok).toBe(false);
  expect(report.problems.map((p) => p.kind)).toEqual(['altered']);
});

test('多人使用：新窗口先选择自己的名字，页头可切换，记录随之署名', async ({ page, desk }) => {
  await api(desk, 'operators.create', { name: '王督学', office: '督导室' });
  await api(desk, 'operators.create', { name: '李科员', office: '基教科' });
  await page.goto(desk.url);
  const choose = page.getByRole('dialog', { name: '请选择操作人' });
  await expect(choose).toBeVisible();
  await choose.getByRole('radio', { name: '王督学（督导室）' }).check();
  await choose.getByRole('button', { name: '确定' }).click();
  await expect(choose).toBeHidden();
  await expect(page.getByTestId('operator-switch')).toHaveText('王督学（督导室）');
  await api(desk, 'schools.create', { name: '甲小学', type: '小学', locality: '城区' });

  await page.getByTestId('operator-switch').click();
  await page.getByRole('menuitem', { name: '切换为 李科员（基教科）' }).click();
  await expect(page.getByTestId('operator-switch')).toHaveText('李科员（基教科）');
  await api(desk, 'schools.create', { name: '乙小学', type: '小学', locality: '城区' });

  // A new person adds themselves from the header.
  await page.getByTestId('operator-switch').click();
  await page.getByRole('menuitem', { name: '新增操作人…' }).click();
  const add = page.getByRole('dialog', { name: '新增操作人' });
  await add.getByLabel('姓名').fill('赵干事');
  await add.getByLabel('科室').fill('办公室');
  await add.getByRole('button', { name: '保存并使用' }).click();
  await expect(page.getByTestId('operator-switch')).toHaveText('赵干事（办公室）');

  await page.getByRole('menuitem', { name: '设置' }).click();
  const rows = page.getByTestId('audit-card').locator('tbody tr.ant-table-row');
  await expect(rows.filter({ hasText: '新增学校“甲小学”' })).toContainText('王督学（督导室）');
  await expect(rows.filter({ hasText: '新增学校“乙小学”' })).toContainText('李科员（基教科）');
  await expect(rows.filter({ hasText: '新增操作人“赵干事”' })).toContainText('赵干事（办公室）');
  await page.getByTestId('audit-card').getByRole('combobox', { name: '操作人' }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('李科员', { exact: true }).click();
  await expect(rows).toHaveCount(2);
});

test('操作日志：学校修改显示为中文字段名和原值、新值，没有 JSON、花括号或英文字段名', async ({ app: page, desk }) => {
  await api(desk, 'schools.create', { name: '城关第一小学', type: '小学', locality: '城区', principal: '张明' });
  const list = new SchoolsPage(page);
  await list.goto();
  await list.openSchool('城关第一小学');
  await page.getByRole('textbox', { name: '校长' }).fill('李华');
  await page.getByRole('textbox', { name: '联系电话' }).fill('0731-8888666');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存学校信息')).toBeVisible();

  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const row = page.getByTestId('audit-card').locator('tbody tr.ant-table-row').filter({ hasText: '修改学校“城关第一小学”' });
  await expect(row).toHaveCount(1);
  const lines = row.getByRole('list', { name: '改动的字段' }).getByRole('listitem');
  await expect(lines).toHaveText(['校长：张明 → 李华', '联系电话：（空） → 0731-8888666']);
  await expect(row).toContainText('测试员（督导室）');
  const text = await row.innerText();
  expect(text).not.toMatch(/[{}"[\]]|principal|contact|null|undefined/);
  // Only Chinese words and the values themselves: no run of Latin letters anywhere in the row.
  expect(text).not.toMatch(/[A-Za-z]{2,}/);
});

test('操作日志：筛选条件、搜索、排序和页码写在地址里，刷新页面后原样保留', async ({ app: page, desk }) => {
  await api(desk, 'demo.load');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  const card = page.getByTestId('audit-card');
  const rows = card.locator('tbody tr.ant-table-row');
  // Each change shows on the page before the next (as a person's next click would come after it).
  const total = card.locator('.ant-pagination-total-text');
  const today = new Date();
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await card.getByPlaceholder('开始日期').click();
  await card.getByPlaceholder('开始日期').fill('2020-01-01');
  await card.getByPlaceholder('开始日期').press('Enter');
  await card.getByPlaceholder('结束日期').fill(iso(today));
  await card.getByPlaceholder('结束日期').press('Enter');
  await expect.poll(() => decodeURIComponent(page.url())).toContain(`to=${iso(today)}`);
  const pick = async (label: string, option: string) => {
    await card.getByRole('combobox', { name: label, exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
    // The choice is read back from the address: shown only once the page has it.
    await expect(card.getByTestId('audit-filters')).toContainText(option);
  };
  await pick('对象类型', '统计数据');
  await pick('操作', '加载演示数据');
  await pick('操作人', '测试员');
  const all = await total.innerText();
  await card.getByLabel('搜索操作日志').fill('小学');
  await card.getByLabel('搜索操作日志').press('Enter');
  await expect(total).not.toHaveText(all);
  await expect(rows.first()).toContainText('小学');
  // Oldest first, then the second page.
  await card.getByRole('columnheader', { name: '时间' }).click();
  await expect(card.getByRole('columnheader', { name: '时间' })).toHaveAttribute('aria-sort', 'ascending');
  await card.locator('.ant-pagination').getByTitle('2', { exact: true }).click();
  await expect(card.locator('.ant-pagination-item-active')).toHaveText('2');
  const before = await rows.allInnerTexts();
  expect(before.length).toBeGreaterThan(0);
  for (const t of before) expect(t).toMatch(/加载演示数据[\s\S]*小学/);

  const address = new URL(page.url());
  const params = new URLSearchParams(address.hash.split('?')[1]);
  expect(Object.fromEntries(params)).toMatchObject({ type: 'statistics', action: 'load-demo', operator: '测试员', from: '2020-01-01', to: iso(today), q: '小学', order: 'asc', page: '2' });

  await page.reload();
  await expect(card.locator('.ant-pagination-item-active')).toHaveText('2');
  await expect(card.getByLabel('搜索操作日志')).toHaveValue('小学');
  await expect(card.getByTestId('audit-filters')).toContainText('统计数据');
  await expect(card.getByTestId('audit-filters')).toContainText('加载演示数据');
  await expect(card.getByTestId('audit-filters')).toContainText('测试员');
  await expect(card.getByPlaceholder('开始日期')).toHaveValue('2020-01-01');
  await expect.poll(() => rows.allInnerTexts()).toEqual(before);

  // Clearing the search goes back to page 1 of the remaining filters.
  await card.getByLabel('搜索操作日志').fill('');
  await card.getByLabel('搜索操作日志').press('Enter');
  await expect(card.locator('.ant-pagination-item-active')).toHaveText('1');
  expect(new URL(page.url()).hash).not.toContain('q=');
});
