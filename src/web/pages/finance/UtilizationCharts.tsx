import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useMemo } from 'react';
import { ChartView } from '../../components/ChartView.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { formatWon } from '../../money.js';
import { formatMonth } from '../../time.js';
import { formatPercent } from './figures.js';
import type { UtilizationItem } from './model.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

/** One segment across the months: its revenue (won) and utilization (percent), in the order of the months. */
interface Series {
  label: string;
  color: string;
  revenue: number[];
  utilization: number[];
}

/** Distinct colours for any number of segments: hues a golden angle apart. */
const colorOf = (index: number) => `hsl(${Math.round((index * 137.508) % 360)} 65% 42%)`;

function seriesOf(items: readonly UtilizationItem[], months: readonly string[], zone: string): Series[] {
  const bySegment = new Map<string, Series>();
  for (const item of [...items].sort((a, b) => a.segmentCode.localeCompare(b.segmentCode))) {
    let series = bySegment.get(item.segmentId);
    if (!series) {
      series = { label: item.segmentCode, color: colorOf(bySegment.size), revenue: months.map(() => 0), utilization: months.map(() => 0) };
      bySegment.set(item.segmentId, series);
    }
    const month = months.indexOf(formatMonth(item.periodStart, zone));
    if (month < 0) continue;
    series.revenue[month] = item.revenue;
    series.utilization[month] = item.utilization * 100;
  }
  return [...bySegment.values()];
}

const LEGEND = { position: 'bottom', labels: { boxWidth: 12 } } as const;

/**
 * The report's figures as two charts: revenue per month stacked by segment, and each segment's utilization per
 * month as a line in the same colour. A segment with nothing to show in a chart (no revenue, no booking) is left
 * out of it; the table beside has every row.
 */
export function UtilizationCharts({ items, months }: { items: readonly UtilizationItem[]; months: readonly string[] }) {
  const t = useT();
  const zone = useZone();
  const series = useMemo(() => seriesOf(items, months, zone), [items, months, zone]);
  const revenue = useMemo<ChartConfiguration<'bar', number[], string>>(
    () => ({
      type: 'bar',
      data: {
        labels: [...months],
        datasets: series
          .filter((s) => s.revenue.some((won) => won !== 0))
          .map((s) => ({ label: s.label, data: s.revenue, backgroundColor: s.color })),
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (value) => formatWon(Number(value)) } } },
        plugins: { legend: LEGEND, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatWon(item.parsed.y ?? 0)}` } } },
      },
    }),
    [series, months],
  );
  const utilization = useMemo<ChartConfiguration<'line', number[], string>>(
    () => ({
      type: 'line',
      data: {
        labels: [...months],
        datasets: series
          .filter((s) => s.utilization.some((percent) => percent !== 0))
          .map((s) => ({ label: s.label, data: s.utilization, borderColor: s.color, backgroundColor: s.color, borderWidth: 2 })),
      },
      options: {
        scales: { y: { min: 0, ticks: { callback: (value) => `${value}%` } } },
        plugins: { legend: LEGEND, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatPercent((item.parsed.y ?? 0) / 100)}` } } },
      },
    }),
    [series, months],
  );
  const revenueTitle = t('pages.reports.revenueChart');
  const utilizationTitle = t('pages.reports.utilizationChart');
  return (
    <div className="fin-charts" data-testid="report-charts">
      <h3>{revenueTitle}</h3>
      <ChartView config={revenue} label={t('pages.reports.chartLabel', { title: revenueTitle })} height="17rem" />
      <h3>{utilizationTitle}</h3>
      <ChartView config={utilization} label={t('pages.reports.chartLabel', { title: utilizationTitle })} height="17rem" />
    </div>
  );
}
