import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { createFontRegistry } from '../fonts/registry.js';
import { outlineSvgText } from './outline-text.js';
import { chooseChartFaces, renderChartSvg, svgToPng, withFamily, withoutTextHalos } from './render-chart.js';

const option = {
  title: { text: '𬱖溪镇 堃山 差异系数' },
  xAxis: { type: 'category', data: ['甲', '乙'] },
  yAxis: { type: 'value' },
  series: [{ type: 'bar', data: [0.42, 0.55], label: { show: true } }],
};

describe('charts', () => {
  it('renders ECharts to SVG with its text and a placeholder font family', () => {
    const { svg, text } = renderChartSvg(option, 300, 200);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(text).toContain('𬱖溪镇');
    expect(text).toContain('0.55');
    // Many renders in one process must not leak instances (each chart is disposed).
    for (let i = 0; i < 50; i++) renderChartSvg(option, 300, 200);
  });

  it('refuses a chart that needs a part of ECharts the engine has not loaded, naming it', () => {
    expect(() => renderChartSvg({ ...option, tooltip: {} }, 300, 200)).toThrow('未载入的 ECharts 部件：tooltip');
    expect(() => renderChartSvg({ ...option, series: [{ type: 'pie', data: [1] }] }, 300, 200)).toThrow('series.type=pie');
    expect(() => renderChartSvg({ ...option, series: [{ type: 'bar', data: [1], markArea: {} }] }, 300, 200)).toThrow('series.markArea');
  });

  it('rasterises with a CJK face that covers the labels', async () => {
    const fonts = createFontRegistry();
    const { svg, text } = renderChartSvg(option, 300, 200);
    const faces = chooseChartFaces(fonts, text);
    expect(faces.rasterFace.hasGlyph(0x2cc56)).toBe(true);
    const png = await svgToPng(svg, faces.rasterFace, 2);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(600);
  });

  it('draws the text as outlines of the face, with the pixels resvg sets it in from the whole font file', async () => {
    const fonts = createFontRegistry();
    // Start-, middle- and end-anchored labels (title, x axis, y axis), a halo, and 𬱖 outside the BMP.
    const { svg, text } = renderChartSvg(option, 300, 200);
    const face = chooseChartFaces(fonts, text).rasterFace;
    const whole = new Resvg(withFamily(svg, face.familyName), {
      font: { fontFiles: [face.path], loadSystemFonts: false, defaultFontFamily: face.familyName },
      fitTo: { mode: 'zoom', value: 2 },
      background: 'white',
    }).render();
    const outlined = new Resvg(outlineSvgText(svg, face.parsed()), { font: { loadSystemFonts: false }, fitTo: { mode: 'zoom', value: 2 }, background: 'white' }).render();
    expect(outlineSvgText(svg, face.parsed())).not.toContain('<text');
    const [a, b] = [whole.pixels, outlined.pixels];
    expect(b.length).toBe(a.length);
    let ink = 0;
    let off = 0;
    let far = 0;
    for (let i = 0; i < a.length; i += 4) {
      if (a[i] < 250) ink++;
      const d = Math.abs(a[i] - b[i]);
      if (d > 16) off++;
      if (d > 64) far++;
    }
    expect(ink).toBeGreaterThan(10_000);
    // Only anti-aliasing at a few glyph edges differs.
    expect(far).toBe(0);
    expect(off).toBeLessThan(ink / 1000);
    const png = await svgToPng(svg, face, 2);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('drops label halos that svg-to-pdfkit would paint over the text', () => {
    const { svg } = renderChartSvg(option, 300, 200);
    expect(svg).toContain('paint-order="stroke"');
    expect(withoutTextHalos(svg)).not.toContain('paint-order');
  });

  it('renders each distinct chart once: the same input gives the same result, other data a new one', async () => {
    const fonts = createFontRegistry();
    const first = renderChartSvg(option, 310, 200);
    expect(renderChartSvg(structuredClone(option), 310, 200)).toBe(first);
    const other = renderChartSvg({ ...option, series: [{ type: 'bar', data: [0.42, 0.56], label: { show: true } }] }, 310, 200);
    expect(other).not.toBe(first);
    expect(other.text).toContain('0.56');
    expect(renderChartSvg(option, 311, 200).svg).not.toBe(first.svg);
    const face = chooseChartFaces(fonts, first.text).rasterFace;
    const png = await svgToPng(first.svg, face, 2);
    expect(await svgToPng(first.svg, face, 2)).toBe(png);
    expect((await svgToPng(other.svg, face, 2)).equals(png)).toBe(false);
    expect((await svgToPng(first.svg, face, 1)).readUInt32BE(16)).toBe(310);
  });
});
