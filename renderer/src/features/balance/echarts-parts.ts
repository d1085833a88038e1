/**
 * The parts of ECharts the 差异系数 charts use (line and bar charts, grid, legend, tooltip, the
 * limit's mark line, canvas rendering), registered once. Imported only by EChart.tsx through a
 * dynamic import, so these ~400 kB load when a chart is first shown, not with the page.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export const init = echarts.init;
