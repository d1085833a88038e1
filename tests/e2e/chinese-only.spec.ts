/**
 * Chinese everywhere a user looks (issue 10 item 5): every page and every tab of every page, with
 * the demo district and every shipped indicator-system template loaded, is scanned for ASCII
 * words where Chinese text is expected — in the visible text and in what a screen reader reads
 * (aria-label, title, placeholder, alt).
 *
 * Allowed, and only these:
 * - indicator and school codes: L1, A1.2, B3-1 (capital letters followed by digits);
 * - numbers of any kind (covered by the token pattern, which only looks at letters);
 * - grades A–E as a system names them;
 * - units and file formats a clerk knows: m², cm, kg, km, MB, DOCX, PDF, xlsx, jpg …, Excel, Word, WPS;
 * - what is the user's own, not ours, marked data-user-text: the data folder's path, the backups
 *   folder's name (both to find files in Explorer);
 * - names of standards and programs the seeds themselves use: GB/T, CV (差异系数's symbol), USB.
 * Any other word (cvPrimary, teachersAboveDegree, null, undefined, NaN, true, stages.1.end) fails,
 * with the page, the tab and the text around it.
 */
import type { Page } from '@playwright/test';
import type { UnitScoreSheet } from '../../shared/api/contracts/scoring';
import { api, expect, test } from './fixtures';
import { filledPackage, importThroughApi } from './submission-package';

/**
 * Units, products a clerk knows by name, key caps as printed on the keyboard (Tab, Esc: the grids'
 * keys), and the U of U 盘 (a USB stick, as every office calls it).
 */
const ALLOWED_WORDS = new Set(['m', 'cm', 'kg', 'km', 'Excel', 'Word', 'WPS', 'GB', 'T', 'CV', 'USB', 'MB', 'KB', 'B', 'Tab', 'Esc', 'U']);
/** File formats, as a clerk sees them in a file name or a list of accepted types (any case). */
const FILE_FORMATS = new Set('docx doc wps pdf ofd xlsx xls et csv txt zip rar 7z jpg jpeg png gif webp bmp tif tiff heic svg mp4 mov avi wmv mp3 wav m4a'.split(' '));
/** Codes: capital letters then digits (L1, A12, BG2), optionally with dotted or dashed parts; grades A–E. */
const CODE = /^([A-Z]{1,3}\d+([.-]\d+)*|[A-E])$/;

/** ASCII words in a text, with a little context each. */
function offenders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/g)) {
    const word = m[0];
    if (CODE.test(word) || ALLOWED_WORDS.has(word) || FILE_FORMATS.has(word.toLowerCase())) continue;
    // ² after m (m²) or a digit run inside a code like 2025A is not a word a reader meets as English.
    const around = text.slice(Math.max(0, m.index - 12), m.index + word.length + 12).replace(/\s+/g, ' ');
    out.push(`“${word}”（…${around}…）`);
  }
  return out;
}

async function scan(page: Page, where: string, found: Map<string, string[]>) {
  // Not 'networkidle': pages that follow a job keep a request open. Spinners gone = data shown.
  await page.waitForTimeout(250);
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 15_000 });
  const texts = await page.evaluate(() => {
    // What the user can read (innerText: visible text, cells apart), minus what is theirs, not ours:
    // file and folder names they chose or where their data lives (marked data-user-text).
    const content = document.querySelector('.ant-layout-content') as HTMLElement | null;
    // Elements without text of their own (an <img>, a frame) are skipped: splitting on '' would space out every letter.
    const own = new Set([...(content ?? document.body).querySelectorAll('[data-user-text]')].map((e) => (e as HTMLElement).innerText).filter((t) => t.trim() !== ''));
    let visible = (content ?? document.body).innerText;
    for (const t of own) visible = visible.split(t).join(' ');
    const parts = [visible];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
      if (el.closest('[data-user-text]')) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
  const bad = offenders(texts);
  if (bad.length) found.set(where, bad);
}

/** Scans the open dialog (rendered outside the page's content): its text and what a screen reader reads in it. */
async function scanDialog(page: Page, where: string, found: Map<string, string[]>) {
  const dialog = page.locator('.ant-modal:visible').last();
  await expect(dialog).toBeVisible();
  await page.waitForTimeout(250);
  const text = await dialog.evaluate((root) => {
    const own = new Set([...root.querySelectorAll('[data-user-text]')].map((e) => (e as HTMLElement).innerText).filter((t) => t.trim() !== ''));
    let visible = (root as HTMLElement).innerText;
    for (const t of own) visible = visible.split(t).join(' ');
    const parts = [visible];
    for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
      if (el.closest('[data-user-text]')) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
  // The dialog's own words were read (not an empty shell still opening).
  expect(text, where).toMatch(/[\u4e00-\u9fff]{4}/);
  const bad = offenders(text);
  if (bad.length) found.set(where, bad);
}

/** Scans the page, then each of its tabs in turn. */
async function scanWithTabs(page: Page, where: string, found: Map<string, string[]>) {
  await scan(page, where, found);
  const tabs = page.locator('.ant-layout-content [role="tab"]');
  const count = await tabs.count();
  for (let i = 0; i < count; i++) {
    const tab = tabs.nth(i);
    if (!(await tab.isVisible()) || (await tab.getAttribute('aria-disabled')) === 'true') continue;
    const name = (await tab.innerText()).trim();
    await tab.click();
    await scan(page, `${where} › ${name}`, found);
  }
}

test('每个页面和标签页上没有英文标识符、JSON 或内部路径', async ({ app: page, desk }) => {
  test.setTimeout(300_000);
  await api(desk, 'demo.load', {});
  const presets = await api<{ key: string }[]>(desk, 'indicators.presets', {});
  const systems: number[] = [];
  for (const p of presets) systems.push((await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: p.key })).summary.id);
  const schools = await api<{ id: number }[]>(desk, 'schools.list', {});
  // A round on the school preset, published, with every register unit: its list, detail and a unit's page.
  const schoolSystem = systems[presets.findIndex((p) => p.key === 'school-self-evaluation-five-sections')];
  await api(desk, 'indicators.publish', { id: schoolSystem });
  const year = new Date().getFullYear();
  const candidates = await api<{ schoolId: number; campusId: number | null }[]>(desk, 'rounds.candidates', { year });
  const round = await api<{ id: number; units: { id: number }[] }>(desk, 'rounds.create', {
    name: `${year}年度义务教育学校督导评估`,
    year,
    evaluator: { kind: 'third_party', name: '云溪区教育评估中心' },
    systemId: schoolSystem,
    stages: [
      { name: '学校自评', startsOn: `${year}-01-10`, endsOn: `${year}-12-30`, collects: true },
      { name: '实地督导', startsOn: `${year + 1}-01-04`, endsOn: `${year + 1}-01-08`, collects: false },
    ],
    units: candidates.map((c) => ({ schoolId: c.schoolId, campusId: c.campusId })),
  });

  const found = new Map<string, string[]>();
  const visit = async (hash: string, label: string) => {
    // A fresh document per page: a hash change alone would let the old page's tabs be counted.
    await page.goto(`${desk.origin}/#${hash}`);
    await page.reload();
    await expect(page.locator('.ant-layout-content h3').first()).toBeVisible();
    await scanWithTabs(page, label, found);
  };
  await visit('/schools', '学校');
  await visit(`/schools/${schools[0].id}`, '学校详情');
  await visit('/indicators', '指标体系');
  for (const id of systems) await visit(`/indicators/${id}`, `指标体系 ${id}`);
  // A unit's materials with one revision received (a filled package imported).
  const filled = await filledPackage(desk, { loadDemo: false });
  await importThroughApi(desk, filled.round.id, filled.zipPath);
  await visit(`/rounds/${filled.round.id}/units/${filled.unit.id}`, '单位材料');
  // The same page with 退回意见 (one open, one withdrawn), and its dialogs: 提出意见 (each kind of
  // target), 撤回, 退回修改.
  const unitId = filled.unit.id;
  const answered = (await api<{ revisions: { answers: { nodeId: string }[] }[] }>(desk, 'rounds.submissions', { unitId })).revisions[0].answers[0];
  await api(desk, 'rounds.addQuery', { unitId, target: { kind: 'indicator', key: answered.nodeId }, text: '请补充集团章程原件的扫描件' });
  const withdrawn = await api<{ id: number }>(desk, 'rounds.addQuery', { unitId, target: { kind: 'evidence', key: null }, text: '佐证材料不清晰' });
  await api(desk, 'rounds.withdrawQuery', { queryId: withdrawn.id, reason: '已电话确认' });
  await visit(`/rounds/${filled.round.id}/units/${unitId}`, '单位材料（有退回意见）');
  await page.getByTestId('query-add').click();
  const ask = page.getByRole('dialog', { name: /^提出退回意见/ });
  for (const kind of ['指标', '统计数据', '学校自评报告', '佐证材料']) {
    // antd's button-style radio hides its input; the label is what a user clicks.
    await ask.locator('.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${kind}$`) }).click();
    await expect(ask.getByRole('radio', { name: kind })).toBeChecked();
    await scanDialog(page, `提出退回意见 › ${kind}`, found);
  }
  await ask.getByRole('button', { name: '取消' }).click();
  await page.getByTestId('query-withdraw').click();
  await scanDialog(page, '撤回退回意见', found);
  await page.getByRole('dialog', { name: '撤回退回意见' }).getByRole('button', { name: '取消' }).click();
  await page.getByTestId('unit-return').click();
  await scanDialog(page, '退回修改', found);
  await page.getByRole('dialog', { name: /^退回修改/ }).getByRole('button', { name: '取消' }).click();
  // 评分 of that unit: two experts on the round, 合议 with a reason threshold, the experts apart
  // (需合议) on the leaf the school answered and a final score far from its self-evaluation, with
  // the reason (⚠); the round's tabs, the 添加专家 and 新增专家 dialogs, and the unit's sheet.
  const experts: { id: number }[] = [];
  for (const [name, organisation] of [
    ['李明', '市教育科学研究院'],
    ['王芳', '某某师范学院'],
  ]) {
    experts.push(await api<{ id: number }>(desk, 'experts.save', { name, organisation, speciality: '学校管理' }));
  }
  for (const e of experts) await api(desk, 'scoring.assign', { roundId: filled.round.id, expertId: e.id, unitIds: [unitId] });
  await api(desk, 'scoring.saveSettings', { roundId: filled.round.id, settings: { rule: 'consensus', tolerance: 0.5, departureThreshold: 0.5, tieRule: 'competition' } });
  const sheet = await api<UnitScoreSheet>(desk, 'scoring.sheet', { unitId });
  const leaf = sheet.rows.find((r) => r.self.text !== '' && r.choices.length > 2)!;
  const score = (kind: string, grade: string, more: object = {}) => api(desk, 'scoring.setScore', { unitId, nodeId: leaf.nodeId, kind, answer: { grade }, ...more });
  await score('expert', leaf.choices[0], { expertId: experts[0].id });
  await score('expert', leaf.choices[2], { expertId: experts[1].id });
  await score('office', leaf.choices[1], { note: '初评：材料基本齐全' });
  await score('final', leaf.choices[leaf.choices.length - 1], { note: '实地查看后认定未达到要求' });
  await visit(`/scoring?round=${filled.round.id}`, '评分');
  await page.getByRole('tab', { name: '专家与设置' }).click();
  await page.getByTestId('add-round-expert').click();
  await scanDialog(page, '添加评估专家', found);
  await page.getByTestId('new-expert').click();
  await scanDialog(page, '新增专家', found);
  await page.getByRole('dialog', { name: '新增专家' }).getByRole('button', { name: '取消' }).click();
  await page.getByRole('dialog', { name: '添加评估专家' }).getByRole('button', { name: '取消' }).click();
  await visit(`/scoring/units/${unitId}`, '评分表');
  await expect(page.getByTestId('score-departure')).toBeVisible();
  // Decided by a final score with the group's note: shown 已合议, not 需合议.
  await expect(page.getByText('已合议', { exact: true })).toBeVisible();
  await visit(`/scoring?round=${filled.round.id}&tab=grid`, '评分总表');
  await visit('/rounds', '评估项目');
  await visit('/rounds/new', '新建评估项目');
  await visit(`/rounds/${round.id}`, '评估项目详情');
  await visit(`/rounds/${round.id}/units/${round.units[0].id}`, '单位材料（未提交）');
  await visit('/balance', '差异系数');
  await visit('/documents', '文书报告');
  await visit('/jobs', '作业记录');
  await visit('/settings', '设置');
  for (const path of ['/scoring', '/groups', '/plans', '/rectification']) await visit(path, path);

  const report = [...found].map(([where, words]) => `${where}：${[...new Set(words)].slice(0, 12).join('；')}`).join('\n');
  expect(report, '页面上出现了英文标识符').toBe('');
});
