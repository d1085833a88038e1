import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import county from '../../../resources/presets/county-balance-100-points.json';
import { evaluateSystem, loadIndicatorSystem, type TrialInput } from '../../../shared/domain/indicators';
import { createAppCore } from '../../app/create-app';
import { cliRunner } from '../../testing/cli-harness';
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
