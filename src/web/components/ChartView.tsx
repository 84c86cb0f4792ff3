import { Chart, type ChartConfiguration, type ChartType, type DefaultDataPoint } from 'chart.js';
import { useEffect, useRef } from 'react';

interface ChartViewProps<Type extends ChartType, Data, Label> {
  /** The chart.js configuration; a new object redraws the chart (with new data it animates), so memoize it. */
  config: ChartConfiguration<Type, Data, Label>;
  /** What the chart shows, for screen readers (give the figures in a table beside it). */
  label: string;
  /** The height of the chart's box (its width is the container's): CSS, e.g. '18rem'. */
  height: string;
}

/**
 * A chart.js chart as a React component: made when it mounts, updated when its config changes, destroyed when it
 * unmounts. chart.js is tree-shaken: register what a screen uses once, at the top of its module:
 *
 *   Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
 *   const config = useMemo<ChartConfiguration<'bar'>>(() => ({ type: 'bar', data, options }), [data]);
 *   <ChartView config={config} label={t('…')} height="18rem" />
 */
export function ChartView<Type extends ChartType, Data = DefaultDataPoint<Type>, Label = unknown>({ config, label, height }: ChartViewProps<Type, Data, Label>) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<Type, Data, Label> | null>(null);
  useEffect(() => {
    // The box gives the size (chart.js's generic option types cannot follow a spread, hence the assertion).
    const sized = { ...config, options: { responsive: true, maintainAspectRatio: false, ...config.options } } as ChartConfiguration<Type, Data, Label>;
    if (!chart.current) {
      if (canvas.current) chart.current = new Chart(canvas.current, sized);
      return;
    }
    chart.current.data = sized.data;
    if (sized.options) chart.current.options = sized.options;
    chart.current.update();
  }, [config]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
  return (
    <div className="chart-view" style={{ position: 'relative', height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
