/**
 * Test helper: the charts of a document drawn by the engine (which loads only some parts of
 * ECharts, charts/render-chart.ts) give the very SVG the whole of ECharts gives for them.
 */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { FAMILY_TOKEN, renderChartSvg } from '../charts/render-chart';
import type { ChartBlock, DocModel } from '../model';

/**
 * The whole of ECharts as its CommonJS bundle (dist/echarts.js): a copy of its own. The ES modules
 * the engine imports (echarts/core, echarts/charts, …) would be the same modules the whole ES
 * build registers every part into, so a part the engine forgot would go unnoticed.
 */
const whole = createRequire(import.meta.url)('echarts') as typeof import('echarts');

/** Checks every chart of `doc` (body and attachments); returns how many there were. */
export async function expectChartsAsWholeECharts(doc: DocModel): Promise<number> {
  const charts = [...doc.body, ...(doc.attachments ?? []).flatMap((a) => a.blocks)].filter((b): b is ChartBlock => b.type === 'chart');
  for (const c of charts) {
    const { svg } = renderChartSvg(c.option, 400, 250);
    const chart = whole.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 250 });
    try {
      const textStyle = { ...((c.option.textStyle as Record<string, unknown> | undefined) ?? {}), fontFamily: FAMILY_TOKEN };
      chart.setOption({ ...c.option, animation: false, textStyle });
      // Class names and clip ids carry counters of the ECharts copy that drew them; nothing else may differ.
      const same = (s: string) => s.replace(/zr\d+-cls-\d+/g, 'zr-cls').replace(/zr\d+-/g, 'zr-');
      expect(same(svg), c.caption).toBe(same(chart.renderToSVGString()));
    } finally {
      chart.dispose();
    }
  }
  return charts.length;
}
