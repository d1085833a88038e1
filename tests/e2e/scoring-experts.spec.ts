/**
 * Issue 12's “done when”: two experts' 专家评分包 for the same unit, imported through the screens in
 * either order (two rounds set up alike, one each way), give the same suggested scores; a spread
 * beyond the 合议 tolerance is flagged 需合议 and the final score is refused until the group's
 * decision is written; the unit is locked, unlocked with a reason, and its 办理记录 shows both.
 * Packages are made with 生成专家评分包, downloaded, filled as an expert would in Excel (exceljs),
 * zipped again and chosen in 导入专家评分包, which shows the check before 确认导入.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import type { Expert, UnitScoreSheet } from '../../shared/api/contracts/scoring';
import type { School } from '../../shared/api/contracts/schools';
import { api, expect, test, type DeskServer } from './fixtures';

const SHOTS = path.resolve(import.meta.dirname, '../output');
fs.mkdirSync(SHOTS, { recursive: true });

async function setupRound(desk: DeskServer, name: string, schools: School[], systemId: number) {
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name,
    year: 2026,
    evaluator: { kind: 'office', name: '督导室' },
    systemId,
    stages: [{ name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    units: schools.map((s) => ({ schoolId: s.id, campusId: null })),
  });
  await api(desk, 'scoring.saveSettings', { roundId: round.id, settings: { rule: 'consensus', tolerance: 1, roundValues: { cvPrimary: 0.45, cvJunior: 0.4, satisfaction: 0.92 } } });
  const experts = await api<Expert[]>(desk, 'experts.list');
  for (const e of experts) await api(desk, 'scoring.assign', { roundId: round.id, expertId: e.id, unitIds: round.units.map((u) => u.id) });
  return round;
}

/** 生成专家评分包 on the setup tab, then each package downloaded: name → zip bytes. */
async function makePackages(page: Page, desk: DeskServer, roundId: number): Promise<Map<string, Buffer>> {
  await page.goto(`${desk.origin}/#/scoring?round=${roundId}&tab=setup`);
  await page.getByTestId('make-expert-packages').click();
  const list = page.getByTestId('expert-packages-made');
  await expect(list).toContainText('已生成 2 个专家评分包');
  const out = new Map<string, Buffer>();
  for (const name of ['李明', '王芳']) {
    const item = list.locator('.ant-list-item').filter({ hasText: `${name}：` });
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByText('下载').click()]);
    out.set(name, fs.readFileSync(await download.path()));
  }
  return out;
}

/** Fills an expert's workbook inside the zip: `scores` by 指标编码 for the unit `unitCode`; returns the new zip. */
async function fillZip(zipBytes: Buffer, unitCode: string, scores: Record<string, number>, notes: Record<string, string> = {}): Promise<Buffer> {
  const zip = await JSZip.loadAsync(zipBytes);
  const name = Object.keys(zip.files).find((n) => n.endsWith('/专家评分表.xlsx'))!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file(name)!.async('nodebuffer')) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('专家评分')!;
  const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const col = (h: string) => header.indexOf(h);
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = String(row.getCell(col('指标编码')).value);
    if (String(row.getCell(col('报送编码')).value) !== unitCode) continue;
    if (code in scores) row.getCell(col('专家评分')).value = scores[code]!;
    if (code in notes) row.getCell(col('备注')).value = notes[code]!;
  }
  zip.file(name, Buffer.from(await wb.xlsx.writeBuffer()));
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** 导入专家评分包: choose the zip, see the check, 确认导入, see the revision stored. */
async function importZip(page: Page, fileName: string, bytes: Buffer, expectChanges: number) {
  await page.getByTestId('open-expert-import').click();
  const drawer = page.getByTestId('expert-import');
  await drawer.getByTestId('expert-import-file').locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'application/zip', buffer: bytes });
  await expect(drawer.getByTestId('expert-import-verdict')).toHaveText('可以导入');
  await expect(drawer.getByTestId('expert-import-changes').locator('tbody tr.ant-table-row')).toHaveCount(expectChanges);
  await drawer.getByTestId('expert-import-commit').click();
  await expect(drawer.getByTestId('expert-import-verdict')).toHaveText(/^已导入，第 1 版$/);
  // The drawer says what importing does, and starts again for the next expert's package.
  await expect(drawer.getByTestId('expert-import-help')).toContainText('只导入该评分包所属专家本人的评分');
  await drawer.getByTestId('expert-import-another').click();
  await expect(drawer.getByTestId('expert-import-report')).toBeHidden();
  await expect(drawer.getByTestId('expert-import-file')).toBeVisible();
  // Browser mode: a returned package folder can be chosen too (uploaded, then checked the same way).
  await expect(drawer.getByTestId('folder-upload')).toBeVisible();
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
}

test('专家评分包：两位专家的评分包按不同顺序导入，建议得分相同；分差超过允许范围须合议并写明意见；锁定与解锁记入办理记录', async ({ app: page, desk }) => {
  test.setTimeout(240_000);
  const schools = [
    await api<School>(desk, 'schools.create', { code: '4502020001', name: '景行小学', type: '小学', locality: '城区' }),
    await api<School>(desk, 'schools.create', { code: '4502020002', name: '河西小学', type: '小学', locality: '城区' }),
  ];
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  await api(desk, 'experts.save', { name: '李明', organisation: '市教科院' });
  await api(desk, 'experts.save', { name: '王芳', organisation: '师范学院' });
  const first = await setupRound(desk, '2026年度督导评估（甲）', schools, system.summary.id);
  const second = await setupRound(desk, '2026年度督导评估（乙）', schools, system.summary.id);

  // 李明: 1.1.1 = 3, 1.1.2 = 2.5; 王芳: 1.1.1 = 1 (spread 2 > 1: 需合议), 1.1.2 = 2 (agreed: 2.25).
  const suggested: string[] = [];
  for (const [round, order] of [
    [first, ['李明', '王芳']],
    [second, ['王芳', '李明']],
  ] as const) {
    const unit = round.units.find((u) => u.name === '景行小学')!;
    const zips = await makePackages(page, desk, round.id);
    const filled = new Map([
      ['李明', await fillZip(zips.get('李明')!, unit.code, { '1.1.1': 3, '1.1.2': 2.5 }, { '1.1.1': '制度完善' })],
      ['王芳', await fillZip(zips.get('王芳')!, unit.code, { '1.1.1': 1, '1.1.2': 2 })],
    ]);
    for (const name of order) await importZip(page, `${name}的评分包.zip`, filled.get(name)!, 2);
    await expect(page.getByTestId('expert-submissions').locator('tbody tr.ant-table-row')).toHaveCount(2);
    const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: unit.id });
    suggested.push(JSON.stringify(sheet.rows.map((r) => [r.code, r.reconciled])));
  }
  expect(suggested[0]).toBe(suggested[1]);

  // On 景行小学's sheet in the first round: 1.1.1 is 需合议, 1.1.2 suggests 2.25.
  const unit = first.units.find((u) => u.name === '景行小学')!;
  await page.goto(`${desk.origin}/#/scoring/units/${unit.id}`);
  await expect(page.getByTestId('reconciled-1.1.1')).toContainText('需合议');
  await expect(page.getByTestId('reconciled-1.1.1')).toContainText('专家评分最高与最低相差 2 分，超过允许的 1 分');
  await expect(page.getByTestId('reconciled-1.1.2')).toContainText('2.25 分');
  await expect(page.getByTestId('score-show')).toContainText('需合议（1）');
  await page.screenshot({ path: path.join(SHOTS, 'scoring-experts-sheet.png'), fullPage: true });

  // A final score without the group's decision is refused; with it, accepted.
  await page.getByTestId('score-1.1.1-final').click();
  const editor = page.getByTestId('score-editor');
  await editor.getByLabel('分数').fill('2');
  await editor.getByTestId('score-save').click();
  await expect(editor).toContainText('请在备注中写明合议意见');
  await editor.getByLabel('备注').fill('专家组合议：制度健全但落实记录不全');
  await editor.getByTestId('score-save').click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId('score-1.1.1-final')).toContainText('2 分');
  // Decided: no longer shown or counted as waiting for a decision.
  await expect(page.getByTestId('decided-1.1.1')).toHaveText('已合议');
  await expect(page.getByTestId('score-show')).toContainText('需合议（0）');

  // 采用全部建议得分: 1.1.2 (the experts agree) gets its suggestion; 1.1.1 keeps the decided score.
  await page.getByTestId('adopt-all').click();
  await page.getByRole('button', { name: '采用', exact: true }).click();
  await expect(page.getByTestId('adopt-all-result')).toContainText('已采用 1 项建议得分');
  await expect(page.getByTestId('score-1.1.2-final')).toContainText('2.25 分');
  await expect(page.getByTestId('reconciled-1.1.2')).toContainText('已采用');
  await expect(page.getByTestId('adopt-all')).toBeHidden();
  // The adopted mean (2.25, off the item's 0.5 step) stands: the lock below counts it as it is.

  // Every other item's final score through the API, then lock and unlock on the screen.
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId: unit.id });
  for (const r of sheet.rows.filter((x) => !x.computed && !x.final)) {
    await api(desk, 'scoring.setScore', { unitId: unit.id, nodeId: r.nodeId, kind: 'final', answer: r.choices.length ? { triggered: false } : { points: r.method.includes('加分') ? 0 : r.points }, note: r.reconciled.state === 'needs_decision' ? '合议' : '' });
  }
  await page.reload();
  const card = page.getByTestId('result-card');
  await card.getByTestId('lock-button').click();
  await page.getByTestId('lock-confirm').click();
  await expect(card.getByTestId('result-conclusion')).toContainText('通过');
  await card.getByTestId('unlock-button').click();
  // A reason typed with its own full stop is not given a second one.
  await page.getByTestId('lock-text').fill('复核专家意见。');
  await page.getByTestId('lock-confirm').click();
  await expect(card.getByTestId('result-empty')).toContainText('原因：复核专家意见。此前的结果');

  // The 评分 list shows each unit's progress and lock state.
  const scorable = sheet.rows.filter((x) => !x.computed).length;
  await page.goto(`${desk.origin}/#/scoring?round=${first.id}&tab=units`);
  const rowOf = (name: string) => page.getByTestId('scoring-units-table').locator('tr.ant-table-row').filter({ hasText: name });
  await expect(rowOf('景行小学').getByTestId('scoring-unit-progress')).toHaveText(`已定最终得分 ${scorable} / ${scorable} · 未锁定`);
  await expect(rowOf('河西小学').getByTestId('scoring-unit-progress')).toHaveText(`已定最终得分 0 / ${scorable} · 未锁定`);

  await page.goto(`${desk.origin}/#/rounds/${first.id}/units/${unit.id}`);
  const history = page.getByTestId('unit-history');
  await expect(history).toContainText('锁定“景行小学”的评分');
  await expect(history).toContainText('解锁“景行小学”的评分，原因：复核专家意见');
});
