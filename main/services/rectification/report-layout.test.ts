/**
 * The 整改情况报告 of the demo district's 2025 balance items with five overdue (three past their
 * deadline by 41 days, two by 20): its 表6 逾期问题清单 is a small table of wrapping rows that does not
 * fit under 表5 and moves on whole; its caption must move with it, never stay alone at the foot of
 * the page (a trial found it there).
 */
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/contracts/jobs';
import type { Ledger, ProposalList } from '../../../shared/api/contracts/rectification';
import { pdfTextLines } from '../../documents/testing/tools';
import { coreCalls } from '../../testing/scoring';
import { tempCore } from '../../testing/temp-core';
import { todayIso } from '../documents/sources';
import { waitForJob } from '../jobs-service';
import { addDays } from './proposals-service';

let core: Awaited<ReturnType<typeof tempCore>>;
const { api } = coreCalls(() => core);
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => {
  await core.dispose();
});

it('keeps 表6 逾期问题清单 with its caption', async () => {
  await api('demo.load');
  await api('operators.create', { name: '王芳', office: '督导室' });
  const list = await api<ProposalList>('rectification.propose', { from: 'balance', year: 2025 });
  await api('rectification.confirm', { spec: list.spec, items: list.proposals.map((p) => ({ key: p.key })) });
  const ids = (await api<Ledger>('rectification.list')).items.map((i) => i.id);
  const today = todayIso();
  await api('rectification.updateMany', { ids: ids.slice(0, 3), deadline: addDays(today, -41) });
  await api('rectification.updateMany', { ids: ids.slice(3, 5), deadline: addDays(today, -20) });
  await api('rectification.updateMany', { ids: ids.slice(5, 6), deadline: addDays(today, 2) });
  await api('rectification.moveMany', { ids: ids.slice(0, 3), action: 'start', reason: '' });
  const job = await waitForJob((await api<Job>('jobs.start', { kind: 'rectification.report', parameters: { formats: ['pdf'], date: '2026-11-30' } })).id);
  expect(job.state).toBe('已完成');
  const file = `${core.ctx.dataDir}/${job.outputs.find((o) => o.format === 'pdf')!.name}`;
  expect(fs.existsSync(file)).toBe(true);
  const lines = await pdfTextLines(file);
  const caption = lines.find((l) => l.text.includes('逾期问题清单') && l.text.startsWith('表'))!;
  const firstRow = lines.find((l) => /^2026-\d{3}/.test(l.text) && l.page >= caption.page)!;
  expect(firstRow.page).toBe(caption.page);
}, 120_000);
