/**
 * 整改台账 (issue 14) through the real page: items generated from a round's locked results and from
 * the 2025 balance computation of the demo data on the review screen; on one item a progress entry
 * with evidence, completion reported, 销号 refused to the same operator with the core's words, then
 * granted to a second operator switched to from the header; the ledger exported as DOCX, PDF and Excel.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { School } from '../../shared/api/contracts/schools';
import type { UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { Ledger } from '../../shared/api/contracts/rectification';
import { api, expect, test, type DeskServer } from './fixtures';
import { choose } from './round-helpers';

const shot = (name: string) => `test-results/screens/rectification-${name}.png`;

/** A round with two schools; 景行小学 scored 1.5 of 3 points on 1.1.1 and locked, 河西小学 left open. */
async function lockedRound(desk: DeskServer) {
  const schools: School[] = [];
  for (const [i, name] of ['景行小学', '河西小学'].entries()) schools.push(await api<School>(desk, 'schools.create', { code: `459999000${i + 1}`, name, type: '小学', locality: '城区' }));
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '云溪区2026年度县域督导评估',
    year: 2026,
    evaluator: { kind: 'office', name: '云溪区人民政府教育督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  await api(desk, 'scoring.saveSettings', { roundId: round.id, settings: { rule: 'mean', roundValues: { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: '92%' } } });
  const unit = round.units.find((u) => u.name === '景行小学')!;
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: unit.id });
  for (const r of sheet.rows.filter((x) => !x.computed)) {
    const answer = r.choices.length ? { triggered: false } : { points: r.code === '1.1.1' ? 1.5 : r.method.includes('加分') ? 0 : r.points };
    await api(desk, 'scoring.setScore', { unitId: unit.id, nodeId: r.nodeId, kind: 'final', answer });
  }
  await api(desk, 'scoring.lock', { unitId: unit.id });
  return round;
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function addEvidence(page: Page, testId: string, name: string, mimeType: string, buffer: Buffer) {
  await page.getByTestId(testId).locator('input[type=file]').setInputFiles([{ name, mimeType, buffer }]);
  await expect(page.getByTestId(testId).getByTestId('evidence-file').filter({ hasText: name })).toBeVisible();
}

test('整改台账：从评估结果和差异系数测算生成事项，记录进展、报告完成，另一位操作人核验销号，导出台账', async ({ app: page, desk }) => {
  test.setTimeout(180_000);
  await api(desk, 'demo.load');
  await api(desk, 'operators.create', { name: '李科员', office: '基教科' });
  const round = await lockedRound(desk);

  // With a second operator a fresh window asks who is working (audit.spec.ts tests that dialog).
  await page.reload();
  const who = page.getByRole('dialog', { name: '请选择操作人' });
  await expect(who).toBeVisible();
  await who.getByRole('radio', { name: '测试员（督导室）' }).check();
  await who.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('operator-switch')).toHaveText('测试员（督导室）');

  await page.getByRole('menuitem', { name: '整改台账' }).click();
  await expect(page.getByRole('heading', { name: '整改台账' })).toBeVisible();
  await expect(page.getByText('整改台账还没有事项')).toBeVisible();

  // From the round's results: the basis, the locked school's problem, and the open school's note.
  await page.getByRole('tab', { name: '生成整改事项' }).click();
  await choose(page, '评估项目', `${round.name}（2026 年）`);
  const review = page.getByTestId('proposal-review');
  await expect(review.getByTestId('proposals-table')).toContainText('景行小学');
  await expect(review).toContainText('河西小学');
  await page.screenshot({ path: shot('10-review-round'), fullPage: true });
  const roundButton = review.getByRole('button', { name: /^确认生成 \d+ 项整改事项$/ });
  const roundCount = Number((await roundButton.textContent())!.match(/\d+/)![0]);
  expect(roundCount).toBeGreaterThan(0);
  await roundButton.click();
  await expect(page.getByTestId('confirm-message')).toContainText(String(roundCount));
  await page.getByRole('button', { name: '继续生成' }).click();
  // Confirmed ones are now shown with their 编号 and cannot be chosen again.
  await expect(review.getByText(/已在台账：2\d{3}-\d{3}/).first()).toBeVisible();
  await expect(review.getByRole('button', { name: /^确认生成 0 项整改事项$/ })).toBeDisabled();

  // From the 2025 balance computation of the demo data.
  await page.getByTestId('propose-source').getByText('从差异系数测算生成').click();
  await choose(page, '统计年度', '2025 年');
  await expect(review.getByTestId('proposals-table')).toContainText('平方米/生');
  await page.screenshot({ path: shot('11-review-balance'), fullPage: true });
  const balanceButton = review.getByRole('button', { name: /^确认生成 \d+ 项整改事项$/ });
  const balanceCount = Number((await balanceButton.textContent())!.match(/\d+/)![0]);
  expect(balanceCount).toBeGreaterThan(0);
  await balanceButton.click();
  await expect(page.getByTestId('confirm-message')).toContainText(String(balanceCount));
  await page.getByRole('button', { name: '查看台账' }).click();

  const ledger = await api<Ledger>(desk, 'rectification.list', {});
  expect(ledger.items.length).toBe(roundCount + balanceCount);
  const rows = page.getByTestId('ledger-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(Math.min(50, ledger.items.length));
  // The filter lives in the address: 责任单位 景行小学.
  await choose(page, '责任单位', '景行小学');
  await expect(rows).toHaveCount(ledger.items.filter((i) => i.ownerName === '景行小学').length);
  expect(page.url()).toContain('owner=');
  await page.reload();
  await expect(rows).toHaveCount(ledger.items.filter((i) => i.ownerName === '景行小学').length);
  await page.screenshot({ path: shot('20-ledger'), fullPage: true });

  // 按最新数据复核: the newest data are the ones the items came from, so nothing changes.
  await page.getByRole('button', { name: '按最新数据复核' }).click();
  await expect(page.getByTestId('recheck-message')).toHaveText(/^复核 \d+ 项由数据生成的整改事项；没有新的变化$/);
  await page.getByRole('button', { name: '知道了' }).click();

  // One of the round's items: progress with evidence.
  const item = ledger.items.find((i) => i.ownerName === '景行小学')!;
  await rows.filter({ hasText: item.number }).getByTestId('item-link').click();
  await expect(page.getByRole('heading', { name: new RegExp(`整改事项 ${item.number}`) })).toBeVisible();
  await expect(page.getByTestId('item-source').getByRole('link', { name: round.name })).toBeVisible();
  await page.getByLabel('进展情况').fill('已制定整改方案，完成课程实施情况自查。');
  await addEvidence(page, 'progress-evidence', '整改方案.pdf', 'application/pdf', PDF);
  await page.getByRole('button', { name: '记录进展' }).click();
  const history = page.getByTestId('item-history');
  await expect(history).toContainText('已制定整改方案，完成课程实施情况自查。');
  await expect(history.getByRole('button', { name: /整改方案\.pdf/ })).toBeVisible();
  await expect(page.getByTestId('item-actions').getByTestId('item-state').first()).toHaveText('整改中');
  await page.screenshot({ path: shot('25-item-open'), fullPage: true });
  // The evidence downloads.
  const evidenceDownload = page.waitForEvent('download');
  await history.getByRole('button', { name: /整改方案\.pdf/ }).click();
  expect((await evidenceDownload).suggestedFilename()).toBe('整改方案.pdf');

  // Completion reported by 测试员.
  await page.getByTestId('item-actions').getByRole('button', { name: '报告整改完成' }).click();
  let dialog = page.getByRole('dialog', { name: `报告整改完成：${item.number}` });
  await dialog.getByLabel('完成情况').fill('课程计划已按要求开足开齐。');
  await addEvidence(page, 'action-evidence', '课程表.jpg', 'image/jpeg', JPEG);
  await dialog.getByRole('button', { name: '报告整改完成' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('item-actions').getByTestId('item-state').first()).toHaveText('已完成待核验');

  // 销号 by the same operator is refused, with the core's words, before any form is filled.
  await expect(page.getByTestId('item-actions').getByRole('button', { name: '核验通过并销号' })).toBeDisabled();
  await expect(page.getByTestId('item-actions')).toContainText('整改完成由“测试员”报告，核验须由另一位操作人进行（不能自报自验）');
  await page.screenshot({ path: shot('30-refused') });

  // A second operator verifies.
  await page.getByTestId('operator-switch').click();
  await page.getByRole('menuitem', { name: '切换为 李科员（基教科）' }).click();
  await expect(page.getByTestId('operator-switch')).toHaveText('李科员（基教科）');
  await page.getByTestId('item-actions').getByRole('button', { name: '核验通过并销号' }).click();
  dialog = page.getByRole('dialog', { name: `核验通过并销号：${item.number}` });
  await dialog.getByLabel('核验结论').fill('现场核验，已整改到位。');
  await addEvidence(page, 'action-evidence', '核验记录.pdf', 'application/pdf', PDF);
  await dialog.getByRole('button', { name: '核验通过并销号' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('item-actions').getByTestId('item-state').first()).toHaveText('已销号');
  await expect(page.getByText('已销号的事项不能修改；如需继续整改，请使用“重新整改”。')).toBeVisible();
  await expect(history).toContainText('李科员');
  await page.screenshot({ path: shot('40-closed'), fullPage: true });

  // The ledger exported as filtered (景行小学), in the three formats.
  await page.getByRole('button', { name: '返回整改台账' }).click();
  await expect(page.getByTestId('ledger-table')).toBeVisible();
  await choose(page, '责任单位', '景行小学');
  for (const [label, ext] of [
    ['导出 Word', '.docx'],
    ['导出 PDF', '.pdf'],
    ['导出 Excel', '.xlsx'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: label }).click();
    const file = await download;
    expect(file.suggestedFilename().endsWith(ext)).toBe(true);
    expect(fs.statSync(await file.path()).size).toBeGreaterThan(0);
  }

  // The dashboard counts the closed item and links to the ledger filtered by state.
  await page.getByRole('tab', { name: '督办看板' }).click();
  await expect(page.getByTestId('count-closed')).toContainText('1');
  await page.screenshot({ path: shot('50-dashboard'), fullPage: true });
  await page.getByTestId('count-closed').click();
  await expect(page.getByTestId('ledger-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
});

test('整改台账：手工新增事项、修改未保存时离开会提醒、批量修改责任人、批量退回并列出未处理的事项、督办设置按规则校验', async ({ app: page, desk }) => {
  test.setTimeout(120_000);
  const school = await api<School>(desk, 'schools.create', { code: '4599990001', name: '景行小学', type: '小学', locality: '城区' });
  await page.getByRole('menuitem', { name: '整改台账' }).click();

  // 督办设置: yellow before blue is refused with the contract's words, then a valid set is saved.
  await page.getByRole('button', { name: '督办设置' }).click();
  const settings = page.getByRole('dialog', { name: '督办设置' });
  await settings.getByLabel('蓝色督办').fill('20');
  await settings.getByRole('button', { name: '保存' }).click();
  await expect(settings).toContainText('黄色督办的逾期天数应大于蓝色督办的');
  await settings.getByLabel('黄色督办').fill('25');
  await settings.getByRole('button', { name: '保存' }).click();
  await expect(settings).toBeHidden();
  expect(await api(desk, 'rectification.settings', {})).toMatchObject({ blueAfterDays: 20, yellowAfterDays: 25, redAfterDays: 30 });

  // A hand-entered item owned by a department typed in.
  await page.getByRole('button', { name: '新增整改事项' }).click();
  const form = page.getByRole('dialog', { name: '新增整改事项' });
  await form.getByLabel('问题来源').fill('责任督学日常督导');
  await form.getByLabel('问题描述').fill('城东片区学校上下学时段交通秩序混乱。');
  await form.getByRole('combobox', { name: '责任单位' }).fill('县公安局交通管理大队');
  await page.locator('.ant-select-dropdown:visible').getByText('使用“县公安局交通管理大队”').click();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: /整改事项 2\d{3}-001/ })).toBeVisible();
  await expect(page.getByTestId('item-source')).toContainText('责任督学日常督导');

  // An edit not saved is guarded when leaving.
  await page.getByTestId('item-form').getByLabel('责任人').fill('王队长');
  await page.getByRole('button', { name: '返回整改台账' }).click();
  const guard = page.getByRole('dialog', { name: '有未保存的修改' });
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: '保存并离开' }).click();
  await expect(page.getByTestId('ledger-table')).toBeVisible();
  const rows = page.getByTestId('ledger-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  const { items } = await api<Ledger>(desk, 'rectification.list', {});
  expect(items[0]).toMatchObject({ person: '王队长', ownerName: '县公安局交通管理大队', owner: { kind: 'department' } });

  // A second item, started through the API; both selected for a new 责任人.
  const second = await api<{ id: number }>(desk, 'rectification.save', { problem: '景行小学围墙破损。', owner: { kind: 'school', schoolId: school.id }, deadline: '2027-06-30' });
  await api(desk, 'rectification.moveMany', { ids: [second.id], action: 'start' });
  await page.reload();
  await expect(rows).toHaveCount(2);
  await page.getByTestId('ledger-table').locator('thead input[type=checkbox]').check();
  await page.getByTestId('batch-actions').getByRole('button', { name: '批量修改' }).click();
  const batch = page.getByRole('dialog', { name: '批量修改（2 项）' });
  await batch.getByLabel('责任人').fill('李主任');
  await batch.getByRole('button', { name: '修改' }).click();
  await expect(batch.getByTestId('batch-outcome')).toBeVisible();
  await batch.getByRole('button', { name: '完成' }).click();
  expect((await api<Ledger>(desk, 'rectification.list', {})).items.map((i) => i.person)).toEqual(['李主任', '李主任']);

  // 退回上一状态 asks for a reason; the 未启动 item is refused with why, the other moves back.
  await page.getByTestId('ledger-table').locator('thead input[type=checkbox]').check();
  await page.getByTestId('batch-actions').getByRole('button', { name: '退回上一状态' }).click();
  const revert = page.getByRole('dialog', { name: '退回上一状态（2 项）' });
  await expect(revert.getByRole('button', { name: '退回上一状态' })).toBeDisabled();
  await revert.getByLabel('原因').fill('登记有误，重新确认');
  await revert.getByRole('button', { name: '退回上一状态' }).click();
  const outcome = revert.getByTestId('batch-outcome');
  await expect(outcome.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(outcome).toContainText(items[0]!.number);
  await page.screenshot({ path: shot('60-batch-refused') });
  await revert.getByRole('button', { name: '完成' }).click();
  expect((await api<Ledger>(desk, 'rectification.list', {})).items.map((i) => i.state)).toEqual(['not_started', 'not_started']);
});
