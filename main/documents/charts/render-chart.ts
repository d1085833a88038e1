/**
 * ECharts server-side rendering: one SVG string per chart (text kept as text for the PDF) and a
 * PNG of the same SVG through resvg for the DOCX. Every chart instance is disposed, also on error,
 * because batch exports render hundreds of charts in one process.
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout, LegacyGridContainLabel } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { FontFace, FontRegistry } from '../fonts/registry.js';
import { decodeEntities, outlineSvgText } from './outline-text.js';

// Only the parts the documents' charts use (bar and line series, grid — with `containLabel`, which
// ECharts 6 moved into a feature of its own —, label layout, legend, title, mark lines, SVG output):
// the Electron build bundles these (electron.vite.config.ts), ~11 MB less per
// rendering thread than the whole of ECharts. ECharts ignores an option naming a part it was not
// given, so checkChartParts refuses such an option instead of drawing a chart without it.
echarts.use([BarChart, LineChart, GridComponent, LegacyGridContainLabel, LabelLayout, LegendComponent, TitleComponent, MarkLineComponent, SVGRenderer]);

/** Top-level option keys the registered parts draw, and the options that need no part. */
const OPTION_KEYS = new Set(['grid', 'legend', 'title', 'xAxis', 'yAxis', 'series', 'textStyle', 'color', 'backgroundColor', 'animation']);
const SERIES_TYPES = new Set(['bar', 'line']);
const SERIES_PARTS_MISSING = ['markPoint', 'markArea'];

/**
 * Throws (in Chinese, naming the part) when `option` uses a part of ECharts that is not registered
 * above, which ECharts would leave out of the chart without a word.
 */
export function checkChartParts(option: Record<string, unknown>): void {
  const missing: string[] = Object.keys(option).filter((k) => !OPTION_KEYS.has(k));
  const series = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  for (const s of series as Record<string, unknown>[]) {
    if (!SERIES_TYPES.has(String(s.type))) missing.push(`series.type=${String(s.type)}`);
    for (const part of SERIES_PARTS_MISSING) if (s[part] !== undefined) missing.push(`series.${part}`);
  }
  if (missing.length) throw new Error(`图表用到了文书引擎未载入的 ECharts 部件：${[...new Set(missing)].join('、')}`);
}

/** Placeholder family written by ECharts and replaced once the face is chosen from the chart's text. */
export const FAMILY_TOKEN = 'SDCHARTFONT';

export interface ChartSvg {
  /** SVG with font-family left as a placeholder; see withFamily. */
  svg: string;
  /** All text the chart draws, for glyph coverage checks. */
  text: string;
}


/**
 * Charts rendered once per distinct chart (issue 13): a batch of per-school or per-year reports
 * repeats the same charts (the district's charts in every school's report, the same year's charts
 * in a re-run), and ECharts plus resvg cost ~60 ms a chart. Results are kept by a hash of their
 * whole input, so a chart whose data differ in one digit is rendered anew; the oldest are dropped
 * past CHART_CACHE_ENTRIES so memory stays bounded over a batch of any length. (A DocModel is plain
 * data, cloned to the worker threads, so JSON holds the whole of a chart option.)
 */
const CHART_CACHE_ENTRIES = 48;

class ChartCache<T> {
  private readonly entries = new Map<string, T>();

  get(key: string, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last, so the first key is the one to drop.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > CHART_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

const hashOf = (...parts: (string | number)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\0');
  return h.digest('hex');
};

const svgCache = new ChartCache<ChartSvg>();
const pngCache = new ChartCache<Promise<Buffer>>();

/**
 * Renders at width × height SVG user units (callers pass points so 1 unit = 1 pt in the PDF).
 * The same option and size give the same (shared, immutable) result without rendering again.
 */
export function renderChartSvg(option: Record<string, unknown>, width: number, height: number): ChartSvg {
  return svgCache.get(hashOf(JSON.stringify(option), width, height), () => renderChartSvgUncached(option, width, height));
}

function renderChartSvgUncached(option: Record<string, unknown>, width: number, height: number): ChartSvg {
  checkChartParts(option);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: Math.round(width), height: Math.round(height) });
  try {
    const textStyle = { ...((option.textStyle as Record<string, unknown> | undefined) ?? {}), fontFamily: FAMILY_TOKEN };
    chart.setOption({ ...option, animation: false, textStyle });
    const svg = chart.renderToSVGString();
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1])).join('');
    return { svg, text };
  } finally {
    chart.dispose();
  }
}

/**
 * ECharts draws label halos as a white stroke under the fill (paint-order="stroke"); svg-to-pdfkit
 * ignores paint-order and would paint the stroke over the text, erasing it, so halos are dropped.
 */
export const withoutTextHalos = (svg: string): string =>
  svg.replace(/<text\b[^>]*\bpaint-order="stroke"[^>]*>/g, (tag) =>
    tag.replace(/\s(stroke|stroke-width|stroke-miterlimit|paint-order)="[^"]*"/g, ''),
  );

export const withFamily = (svg: string, family: string): string => svg.replaceAll(FAMILY_TOKEN, family);

/**
 * Rasterises at `scale` × the SVG size (3 × points ≈ 216 dpi) with only the given font loaded. The
 * same SVG, face and scale give the same PNG bytes (shared: callers must not modify them) without
 * rasterising again; a failed rendering is not kept.
 */
export function svgToPng(svg: string, face: FontFace, scale = 3): Promise<Buffer> {
  const key = hashOf(svg, face.path, face.postscriptName ?? '', scale);
  const png = pngCache.get(key, () => svgToPngUncached(svg, face, scale));
  png.catch(() => pngCache.delete(key));
  return png;
}

async function svgToPngUncached(svg: string, face: FontFace, scale: number): Promise<Buffer> {
  // The text is drawn as outlines shaped by the face's fontkit parse (outline-text.ts), so resvg loads no font.
  const resvg = new Resvg(outlineSvgText(svg, face.parsed()), {
    font: { loadSystemFonts: false },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** The SVG with all text turned into outlines, for when no single-file font covers the labels. */
export function svgOutlined(svg: string, face: FontFace): string {
  const resvg = new Resvg(withFamily(svg, face.familyName), {
    font: { fontFiles: [face.path], loadSystemFonts: false, defaultFontFamily: face.familyName },
  });
  return resvg.toString();
}

export interface ChartFaces {
  /** Face for the PDF's SVG text, stored as a single file so svg-to-pdfkit can open it; absent → outline text. */
  vectorFace?: FontFace;
  /** Face resvg rasterises/outlines with. */
  rasterFace: FontFace;
}

export function chooseChartFaces(fonts: FontRegistry, text: string): ChartFaces {
  const vectorFace = fonts.singleFileFaceCovering(text);
  return { vectorFace, rasterFace: vectorFace ?? fonts.primary('heiti') };
}
