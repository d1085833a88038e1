import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../../shared/api/contract';
import { evaluateSystem, type TrialInput } from '../../../shared/domain/indicators';
import { formatDate } from '../../../shared/domain/text/datetime';
import { resultBytes, stageBytes } from '../../testing/files';
import { tempCore } from '../../testing/temp-core';

type Core = Awaited<ReturnType<typeof tempCore>>;
let core: Core;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

/** Goes through the dispatcher, as every door does. */
async function call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const r = await core.dispatch(op, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details });
  return r.value as OpOutput<K>;
}

const upload = async (fileName: string, data: Uint8Array | string) => ({ ref: (await stageBytes(core.ctx, fileName, data)).ref });

const input: TrialInput = {
  context: { section: 'primary' },
  values: { cvPrimary: 0.5, cvJunior: 0.45, satisfaction: '90%' },
  items: { 'd-1-1-1': { points: 3 }, 'd-4-3': { points: 3 }, 'd-5-1': { triggered: true, note: '审计发现挪用教育经费' } },
};

describe('导出本次录入 / 导入录入 through the contract', () => {
  it('exports a Chinese-named workbook of the unsaved system as shown, and reads it back to the same result', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    // An unsaved edit on the page: the export describes the system as shown, not as stored.
    const shown = structuredClone(d.system);
    shown.nodes[0]!.children[0]!.children[0]!.title = '领导责任（修订）';
    const file = await call('indicators.exportTrialInput', { system: shown, input });
    expect(file.fileName).toBe(`县域义务教育均衡发展督导评估（百分制）-试算录入-${formatDate(new Date())}.xlsx`);
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(resultBytes(core.ctx, file) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('逐项录入')!.getCell('B3').value).toBe('组织领导');
    expect(wb.getWorksheet('逐项录入')!.getCell('B4').value).toBe('领导责任（修订）');

    const read = await call('indicators.readTrialInput', { system: shown, file: await upload(file.fileName, resultBytes(core.ctx, file)) });
    expect(read).toEqual({ input, fileName: file.fileName, notices: [] });
    expect(evaluateSystem(shown, read.input).explanation).toBe((await call('indicators.trial', { id: d.summary.id, input })).explanation);
  });

  it('refuses an unreadable cell with its place, and a malformed system in Chinese', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    const file = await call('indicators.exportTrialInput', { system: d.system, input: {} });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(resultBytes(core.ctx, file) as unknown as ArrayBuffer);
    wb.getWorksheet('逐项录入')!.getCell('D4').value = '三分';
    const edited = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const err = await call('indicators.readTrialInput', { system: d.system, file: await upload('录入.xlsx', edited) }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'import_failed',
      message: '未读入：录入.xlsx 工作表“逐项录入”第 4 行 D 列（录入）：“三分”不是数字（分值应填写分数）',
      details: { errors: ['录入.xlsx 工作表“逐项录入”第 4 行 D 列（录入）：“三分”不是数字（分值应填写分数）'] },
    });
    const broken = { ...d.system, nodes: [{ ...d.system.nodes[0]!, points: '十' }] };
    await expect(call('indicators.exportTrialInput', { system: broken as never, input: {} })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^指标体系内容有误：指标 1 保障措施的“分值”/),
    });
  });

  it('reads the JSON of the earlier export', async () => {
    const d = await call('indicators.createFromPreset', { presetKey: 'county-balance-100-points' });
    const read = await call('indicators.readTrialInput', { system: d.system, file: await upload('试算输入.json', JSON.stringify(input)) });
    expect(read.input).toEqual(input);
  });
});
