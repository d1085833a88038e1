import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import county from '../../../resources/presets/county-balance-100-points.json';
import national from '../../../resources/presets/national-2017-quality-balance.json';
import ratioCase from '../../../shared/domain/indicators/cases/trial-ratio-given-as-percent.json';
import type { FileResult } from '../../../shared/api/envelope';
import { evaluateSystem, loadIndicatorSystem, type TrialInput } from '../../../shared/domain/indicators';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
import { resultBytes } from '../../testing/files';
import { tempDir } from '../../testing/temp-core';

let dir: string;
beforeEach(() => {
  dir = tempDir('desk-cli-systems-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(() => path.join(dir, 'data'));

/** The README example: 差异程度 loses 6 points, so the 26-point rule fails. */
const INPUT: TrialInput = {
  values: { cvPrimary: 0.5, cvJunior: 0.6, satisfaction: 0.9 },
  items: {
    '1.1.1': { points: 3 },
    'd-2-1-3': { points: 3 },
    'd-4-1': { points: 2 },
    'd-5-1': { triggered: false },
  },
};

describe('systems CLI', () => {
  it('lists presets, creates, exports, imports, publishes', async () => {
    const presets = await cli('systems', 'presets', '--json');
    expect(JSON.parse(presets.out)).toHaveLength(4);
    const created = await cli('systems', 'create', '--preset', 'county-balance-100-points');
    expect(created.code).toBe(0);
    expect(created.out).toContain('第 1 版（草稿），编号 1');
    const list = JSON.parse((await cli('systems', 'list', '--json')).out);
    expect(list[0].versions[0]).toMatchObject({ id: 1, state: 'draft', version: 1 });

    const xlsx = path.join(dir, 'county.xlsx');
    expect((await cli('systems', 'export', '1', '--out', xlsx)).code).toBe(0);
    expect(fs.statSync(xlsx).size).toBeGreaterThan(5000);
    const again = await cli('systems', 'import', xlsx);
    expect(again.code).toBe(0);
    expect(again.out).toContain('内容相同，未重复导入');

    expect((await cli('systems', 'publish', 'county-balance-100-points')).out).toContain('已发布');
    const twice = await cli('systems', 'publish', '1');
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('只有草稿可以发布');
    expect((await cli('systems', 'list')).out).toMatch(/编号 1\t第 1 版\t已发布/);
  });

  it('trial --json is the same result and explanation as the API and the shared engine (the UI)', async () => {
    await cli('systems', 'create', '--preset', 'county-balance-100-points');
    const inputFile = path.join(dir, 'trial.json');
    fs.writeFileSync(inputFile, JSON.stringify(INPUT));
    const r = await cli('systems', 'trial', '1', '--input', inputFile, '--json');
    expect(r.code).toBe(0);
    const fromCli = JSON.parse(r.out);

    const core = await createAppCore(path.join(dir, 'data'), 'test');
    try {
      const api = await core.dispatch('indicators.trial', { id: 1, input: INPUT });
      expect(api.ok && api.value).toEqual(fromCli);
    } finally {
      await core.close();
    }
    const engine = evaluateSystem(loadIndicatorSystem(county), INPUT);
    expect(JSON.parse(JSON.stringify(engine))).toEqual(fromCli);
    expect(fromCli.explanation).toBe(engine.explanation);
    expect(fromCli.explanation).toContain('未通过');

    const human = await cli('systems', 'trial', 'county-balance-100-points@1', '--input', inputFile);
    expect(human.out).toContain(`结论：${engine.explanation}`);
    expect(human.out).toMatch(/1\.1\.1 领导责任\t3\/3【达标】/);
  });

  it('trial --input takes the 试算录入 workbook of the 试算 page (导出本次录入) as well as JSON', async () => {
    await cli('systems', 'create', '--preset', 'county-balance-100-points');
    const xlsx = path.join(dir, '试算录入.xlsx');
    const core = await createAppCore(path.join(dir, 'data'), 'test');
    try {
      const system = loadIndicatorSystem(county);
      const file = await core.dispatch('indicators.exportTrialInput', { system, input: INPUT });
      if (!file.ok) throw new Error(file.error.message);
      fs.writeFileSync(xlsx, resultBytes(core.ctx, file.value as FileResult));
    } finally {
      await core.close();
    }
    const fromXlsx = await cli('systems', 'trial', '1', '--input', xlsx, '--json');
    expect(fromXlsx.code).toBe(0);
    expect(fromXlsx.err).toBe('');
    // INPUT names 1.1.1 by its code; the workbook reads it back under its id: the same result.
    expect(JSON.parse(fromXlsx.out)).toEqual(JSON.parse(JSON.stringify(evaluateSystem(loadIndicatorSystem(county), INPUT))));
  });

  it('a bonus claimed above its cap: the CLI, the service and the engine all count the cap, with the same notice', async () => {
    await cli('systems', 'create', '--preset', 'county-balance-100-points');
    // d-4-3 特色学校建设 is capped at 2 points; 3 are claimed.
    const input: TrialInput = { values: { cvPrimary: 0.5, cvJunior: 0.45, satisfaction: 0.9 }, items: { '1.1.1': { points: 3 }, 'd-4-3': { points: 3 } } };
    const inputFile = path.join(dir, 'bonus.json');
    fs.writeFileSync(inputFile, JSON.stringify(input));
    const r = await cli('systems', 'trial', '1', '--input', inputFile, '--json');
    expect(r.code).toBe(0);
    const fromCli = JSON.parse(r.out);
    expect(fromCli.byId['d-4-3']).toMatchObject({ status: 'scored', earned: 2, notice: '加分 3 超过本项上限 2，按 2 计' });
    expect(fromCli.bonusTotal).toBe(2);
    expect(fromCli.notices).toEqual([{ nodeId: 'd-4-3', code: '4.3', message: '4.3 特色学校建设：加分 3 超过本项上限 2，按 2 计' }]);

    const core = await createAppCore(path.join(dir, 'data'), 'test');
    try {
      const api = await core.dispatch('indicators.trial', { id: 1, input });
      expect(api.ok && api.value).toEqual(fromCli);
    } finally {
      await core.close();
    }
    expect(JSON.parse(JSON.stringify(evaluateSystem(loadIndicatorSystem(county), input)))).toEqual(fromCli);

    const human = await cli('systems', 'trial', '1', '--input', inputFile);
    expect(human.out).toContain('提示：4.3 特色学校建设：加分 3 超过本项上限 2，按 2 计');
    expect(human.out).toMatch(/4\.3 特色学校建设\t2\/2\t加分 3 超过本项上限 2，按 2 计/);
  });

  it('trial-ratio-given-as-percent.json: 社会认可度 80 is refused with both readings, never "8000%" and passed', async () => {
    await cli('systems', 'create', '--preset', 'national-2017-quality-balance');
    const inputFile = path.join(dir, 'ratio.json');
    fs.writeFileSync(inputFile, JSON.stringify(ratioCase));
    const message = '社会认可度 填写为 80：按比例应在 0～1 之间；若指 80%，请填写 0.8 或 80%';
    const json = await cli('systems', 'trial', '1', '--input', inputFile, '--json');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.out);
    expect(result.passed).toBe(false);
    expect(result.refusedValues).toEqual([{ name: 'socialRecognition', label: '社会认可度', message }]);
    expect(result).toEqual(JSON.parse(JSON.stringify(evaluateSystem(loadIndicatorSystem(national), ratioCase))));
    const human = await cli('systems', 'trial', '1', '--input', inputFile);
    expect(human.out).toContain(`数据有误：${message}`);
    expect(human.out).toContain(`✗ ${message}`);
    expect(human.out).toContain('判定：未通过');
    expect(`${json.out}${human.out}`).not.toContain('8000');
  });

  it('a grading-only system never prints 通过 / 未通过 as its verdict', async () => {
    await cli('systems', 'create', '--preset', 'partnership-schooling-assessment');
    const inputFile = path.join(dir, 'grades.json');
    fs.writeFileSync(inputFile, JSON.stringify({ context: { partnershipType: '学区化' } }));
    const human = await cli('systems', 'trial', '1', '--input', inputFile);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/判定：等级 D/);
    expect(human.out).not.toMatch(/判定：(通过|未通过)/);
    expect(JSON.parse((await cli('systems', 'trial', '1', '--input', inputFile, '--json')).out).passed).toBeNull();
  });

  it('reports bad trial input in Chinese', async () => {
    await cli('systems', 'create', '--preset', 'county-balance-100-points');
    const missing = await cli('systems', 'trial', '1', '--input', path.join(dir, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('找不到试算输入文件');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ "items": ');
    expect((await cli('systems', 'trial', '1', '--input', bad)).err).toContain('不是有效的 JSON');
    fs.writeFileSync(bad, JSON.stringify({ items: { '1.1.1': { points: '三' } } }));
    const wrong = await cli('systems', 'trial', '1', '--input', bad);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('输入有误');
    expect((await cli('systems', 'trial', 'nokey', '--input', bad)).err).toContain('找不到标识为“nokey”的指标体系');
  });
});
