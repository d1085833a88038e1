import { Skeleton } from 'antd';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

type Init = typeof import('./echarts-parts').init;

// One load for the window: the first chart pays for the import, later ones reuse it.
let loading: Promise<Init> | null = null;
const loadECharts = () => (loading ??= import('./echarts-parts').then((m) => m.init));

/**
 * ECharts in React, loaded on first use (a placeholder of the chart's size shows meanwhile): one
 * instance per mounted element, option replaced on change, resized with its box, and disposed on
 * unmount (a leaked instance keeps listeners and canvases alive).
 */
export function EChart({ option, height = 320, testId, label }: { option: EChartsCoreOption; height?: number; testId?: string; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    void loadECharts().then((init) => {
      if (!live || !el.current) return;
      const instance = init(el.current, null, { renderer: 'canvas' });
      chart.current = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: series removed from the option must disappear from the chart.
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [option, ready]);

  return (
    <div style={{ position: 'relative', width: '100%', height }}>
      {!ready && (
        <div style={{ position: 'absolute', inset: 0, padding: 16 }} aria-hidden>
          <Skeleton active paragraph={{ rows: Math.max(2, Math.floor(height / 60)) }} title={false} />
        </div>
      )}
      <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
    </div>
  );
}
