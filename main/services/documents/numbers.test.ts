/** A number taken for a document whose rendering then fails is never handed out again. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentNumber } from '../../../shared/api/contracts/documents';
import { tempCore } from '../../testing/temp-core';
import { loadDemo } from '../demo/demo-service';
import { NOTICE } from './test-fixtures';

vi.mock('./render', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./render')>()),
  renderFormats: vi.fn(async () => {
    throw new Error('模拟渲染失败');
  }),
}));

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
  await loadDemo(core.ctx, false);
});
afterEach(async () => core.dispose());

describe('document numbers after a failure', () => {
  it('keeps the number of a failed render reserved and gives the next caller the next one', async () => {
    const failed = await core.dispatch('documents.generate', { document: { kind: 'notice', notice: NOTICE }, formats: ['pdf'] });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toContain('模拟渲染失败');
    const next = await core.dispatch('documents.reserveNumber', { year: 2026 });
    expect(next.ok && (next.value as DocumentNumber).number).toBe('云教督〔2026〕2号');
    const list = await core.dispatch('documents.listNumbers', { year: 2026 });
    expect(list.ok && (list.value as DocumentNumber[]).map((n) => [n.seq, n.status])).toEqual([
      [2, 'reserved'],
      [1, 'reserved'],
    ]);
  });
});
