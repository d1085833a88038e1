/**
 * Browser mode across the page for 填报包 (issue 11): a USB stick's folder holding a returned
 * package (unzipped, as a school copies it, beside files that are not packages) is chosen with the
 * folder picker, uploaded file by file with its paths, checked (the preview names it from the
 * folder down) and imported; an upload cancelled half-way (a folder, or zips) leaves nothing
 * staged and adds nothing; and 全部下载 saves every package zip of a 生成填报包 run as one zip.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Job } from '../../shared/api/contracts/jobs';
import type { RoundDetail } from '../../shared/api/contracts/rounds';
import { api, expect, test } from './fixtures';
import { filledPackage, waitJob } from './submission-package';

/** Writes the zip's entries under `dir` (the package folder as the school has it on the stick). */
async function unzipInto(zipPath: string, dir: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
  const written: string[] = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    const target = path.join(dir, ...name.split('/'));
    if (entry.dir) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await entry.async('nodebuffer'));
    written.push(name);
  }
  return written;
}

/** What is staged in the service now (uploads and assembled folders). */
const staged = (dataDir: string) => {
  const dir = path.join(dataDir, 'tmp', 'incoming');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

test('导入填报包（浏览器模式）：选择 U 盘文件夹，逐个上传，检查后导入', async ({ app: page, desk }) => {
  test.setTimeout(240_000);
  const filled = await filledPackage(desk);
  const { round, unit } = filled;
  // The stick: the package folder unzipped, and a note the office keeps there (not a package).
  const stick = path.join(desk.dataDir, 'e2e-stick', 'U盘备份');
  const files = await unzipInto(filled.zipPath, stick);
  fs.writeFileSync(path.join(stick, '收件记录.txt'), '2025年12月 收到城关小学的填报包');
  const packageFolder = files[0]!.split('/')[0]!;

  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  await expect(page.getByTestId('round-title')).toHaveText(round.name);
  await page.getByTestId('open-import').click();
  const drawer = page.getByTestId('import-drawer');
  await expect(drawer.getByTestId('import-choose')).toContainText('存放多个填报包的 U 盘文件夹');

  // The folder picker (webkitdirectory): every file goes up with its path; the list shows the folder.
  await drawer.getByTestId('folder-input').setInputFiles(stick);
  const sources = drawer.getByTestId('import-sources');
  await expect(sources).toContainText('U盘备份', { timeout: 60_000 });
  await expect(sources).toContainText(`（文件夹，${files.length + 1} 个文件，`);
  await expect(drawer.getByTestId('folder-upload-progress')).toHaveCount(0);

  // The check: the package found inside the folder, named from the folder down; nothing stored.
  await drawer.getByTestId('import-check').click();
  await expect(drawer.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  const row = drawer.getByTestId('import-packages').locator('tbody tr.ant-table-row').filter({ has: page.getByTestId('package-verdict') });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('package-verdict')).toHaveText('可导入');
  await expect(row).toContainText(`U盘备份/${packageFolder}`);
  await expect(row).toContainText(`${unit.code} ${unit.name}`);
  await expect(row).toContainText('将成为第 1 版');
  // The note beside the package is not a package: it is not listed as one, nor as skipped.
  await expect(drawer.getByTestId('import-count-new')).toHaveText('可导入 1');
  const detail = drawer.getByTestId('package-detail');
  await detail.getByRole('tab', { name: /^自评（/ }).click();
  await expect(detail.getByTestId('package-answers').locator('tr', { hasText: filled.indicator })).toContainText(filled.explanation);
  expect((await api<RoundDetail>(desk, 'rounds.get', { id: round.id })).units[0]!.revision).toBe(0);

  // The commit from the same uploaded folder: revision 1 with the school's answer and photo.
  await drawer.getByTestId('import-commit').click();
  await expect(drawer.getByTestId('import-result')).toContainText('已导入 1 个填报包', { timeout: 60_000 });
  await expect(drawer.getByTestId('package-outcome')).toContainText('已导入为第 1 版');
  const after = await api<RoundDetail>(desk, 'rounds.get', { id: round.id });
  expect(after.units[0]).toMatchObject({ state: 'submitted', revision: 1 });
  const subs = await api<{ revisions: { sourceName: string; files: { path: string }[] }[] }>(desk, 'rounds.submissions', { unitId: unit.id });
  expect(subs.revisions[0]!.sourceName).toBe(`U盘备份/${packageFolder}`);
});

test('上传文件夹时取消：已上传的部分全部移除，不加入所选', async ({ app: page, desk }) => {
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const school = await api<{ id: number }>(desk, 'schools.create', { code: '3609990001', name: '城关小学', type: '小学', locality: '城区' });
  const year = new Date().getFullYear();
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '取消上传测试',
    year,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, collects: true }],
    units: [{ schoolId: school.id, campusId: null }],
  });
  const stick = path.join(desk.dataDir, 'e2e-stick', '大文件夹');
  fs.mkdirSync(stick, { recursive: true });
  for (let i = 1; i <= 6; i++) fs.writeFileSync(path.join(stick, `视频${i}.mp4`), Buffer.alloc(512 * 1024, i));

  // The first two files go through; the others are held at the door until the user has cancelled.
  let passed = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route((url) => url.pathname === '/api/files' && url.searchParams.has('path'), async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    if (passed++ < 2) return route.continue();
    await held;
    await route.continue().catch(() => undefined);
  });

  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  await page.getByTestId('open-import').click();
  const drawer = page.getByTestId('import-drawer');
  await drawer.getByTestId('folder-input').setInputFiles(stick);
  const progress = drawer.getByTestId('folder-upload-progress');
  await expect(progress).toContainText('正在上传文件夹“大文件夹”：2/6 个文件');
  await expect.poll(() => staged(desk.dataDir).length).toBe(2);
  await progress.getByTestId('folder-upload-cancel').click();
  await expect(progress).toHaveCount(0);
  release();
  // Nothing of the folder is staged, and nothing was added to the choice.
  await expect.poll(() => staged(desk.dataDir), { timeout: 10_000 }).toEqual([]);
  await expect(drawer.getByTestId('import-sources')).toHaveCount(0);
  await expect(drawer.getByTestId('import-check')).toBeDisabled();
});

test('上传 zip 文件时取消：已上传完的文件也被移除，不加入所选', async ({ app: page, desk }) => {
  const filled = await filledPackage(desk);
  const second = path.join(path.dirname(filled.zipPath), '另一个填报包.zip');
  fs.copyFileSync(filled.zipPath, second);
  // The first zip goes through; the second is held at the door until the user has cancelled.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route(
    (url) => url.pathname === '/api/files' && url.searchParams.get('name') === '另一个填报包.zip',
    async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    },
  );
  const before = staged(desk.dataDir);
  await page.goto(`${desk.origin}/#/rounds/${filled.round.id}`);
  await page.getByTestId('open-import').click();
  const drawer = page.getByTestId('import-drawer');
  await drawer.getByTestId('import-picker').locator('input[type=file]').setInputFiles([filled.zipPath, second]);
  const progress = drawer.getByTestId('import-upload-progress');
  await expect(progress).toBeVisible();
  await expect.poll(() => staged(desk.dataDir).length).toBe(before.length + 1);
  await progress.getByTestId('import-upload-cancel').click();
  await expect(progress).toHaveCount(0);
  release();
  await expect.poll(() => staged(desk.dataDir), { timeout: 10_000 }).toEqual(before);
  await expect(drawer.getByTestId('import-sources')).toHaveCount(0);
  // Cancelling is the user's choice: no error is shown.
  await expect(page.locator('.ant-notification-notice')).toHaveCount(0);
});

test('全部下载：一次生成的所有填报包 zip 打包为一个 zip 下载', async ({ app: page, desk }) => {
  const system = await api<{ summary: { id: number } }>(desk, 'indicators.createFromPreset', { presetKey: 'partnership-schooling-assessment' });
  await api(desk, 'indicators.publish', { id: system.summary.id });
  const units = [];
  for (const [code, name] of [
    ['3609990001', '城关小学'],
    ['3609990002', '河西小学'],
    ['3609990003', '城南小学'],
  ])
    units.push({ schoolId: (await api<{ id: number }>(desk, 'schools.create', { code, name, type: '小学', locality: '城区' })).id, campusId: null });
  const year = new Date().getFullYear();
  const round = await api<RoundDetail>(desk, 'rounds.create', {
    name: '全部下载测试',
    year,
    evaluator: { kind: 'office', name: '督导室' },
    systemId: system.summary.id,
    stages: [{ name: '学校自评', startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, collects: true }],
    units,
  });
  const started = await api<Job>(desk, 'jobs.start', { kind: 'rounds.packages', parameters: { roundId: round.id, zip: true } });
  const issued = await waitJob(desk, started.id);
  expect(issued.outputs).toHaveLength(3);

  await page.goto(`${desk.origin}/#/rounds/${round.id}`);
  const job = page.getByTestId('packages-job');
  await expect(job.getByTestId('packages-state')).toContainText('已完成');
  const button = job.getByTestId('packages-download-all');
  await expect(button).toHaveText(/全部下载（3 个 zip 文件打包为一个）/);
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('全部下载测试_全部填报包.zip');
  const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
  const names = Object.keys(zip.files).sort();
  expect(names).toEqual(issued.outputs.map((o) => path.basename(o.name)).sort());
  for (const name of names) expect((await zip.file(name)!.async('nodebuffer')).subarray(0, 2).toString()).toBe('PK');
});
