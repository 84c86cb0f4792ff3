import { useMemo, useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field, type ControlProps } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Segment } from '../../model.js';
import { formatWon } from '../../money.js';
import { formatMonth, monthRange } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { SegmentOptions, useSegments } from './data.js';
import { formatCount, formatPercent } from './figures.js';
import { FinancePage } from './layout.js';
import type { UtilizationItem } from './model.js';
import { addMonths, isMonth, monthsBetween, thisMonth } from './months.js';
import { UtilizationCharts } from './UtilizationCharts.js';

interface ReportProps {
  first: string;
  last: string;
  segmentId: string;
  segments: readonly Segment[];
}

/** The utilization report of the months first..last (facility-local): a table, and beside it the charts. */
function Report({ first, last, segmentId, segments }: ReportProps) {
  const t = useT();
  const zone = useZone();
  const query = { from: monthRange(first, zone).from, to: monthRange(last, zone).to, granularity: 'month', segmentId: segmentId || undefined };
  const report = usePoll((signal) => api.get<{ items: UtilizationItem[] }>('/reports/utilization', { query, signal }), 60_000, [first, last, segmentId]);
  const csv = useAction(() => api.download('/reports/utilization', { query: { ...query, format: 'csv' } }));
  const months = useMemo(() => monthsBetween(first, last), [first, last]);
  const names = new Map(segments.map((s) => [s.id, s.name]));
  const rows = [...(report.data?.items ?? [])].sort((a, b) => a.segmentCode.localeCompare(b.segmentCode) || a.periodStart.localeCompare(b.periodStart));
  return (
    <>
      <div className="fin-toolbar">
        <Button onClick={() => void csv.run()} busy={csv.busy} data-testid="report-csv">
          {t('pages.reports.csv')}
        </Button>
      </div>
      <ErrorBanner error={csv.error} />
      <ErrorBanner error={report.error} onRetry={report.refresh} />
      {report.loading ? (
        <Loading />
      ) : (
        report.data && (
          <div className="fin-report">
            <div>
              <Table
                caption={t('pages.reports.caption', { from: first, to: last })}
                rows={rows}
                rowKey={(item) => `${item.segmentId} ${item.periodStart}`}
                columns={[
                  {
                    header: t('pages.reports.segment'),
                    cell: (item) => (
                      <>
                        <strong>{item.segmentCode}</strong>
                        <span className="fin-segment-name">{names.get(item.segmentId)}</span>
                      </>
                    ),
                  },
                  { header: t('pages.reports.period'), cell: (item) => <span className="fin-nowrap">{formatMonth(item.periodStart, zone)}</span> },
                  { header: t('pages.reports.openMinutes'), align: 'end', cell: (item) => formatCount(item.openMinutes) },
                  { header: t('pages.reports.bookedMinutes'), align: 'end', cell: (item) => formatCount(item.bookedMinutes) },
                  { header: t('pages.reports.utilization'), align: 'end', cell: (item) => formatPercent(item.utilization) },
                  { header: t('pages.reports.revenue'), align: 'end', cell: (item) => formatWon(item.revenue) },
                ]}
              />
              <p className="fin-note">{t('pages.reports.note')}</p>
            </div>
            <UtilizationCharts items={report.data.items} months={months} />
          </div>
        )
      )}
    </>
  );
}

export default function Reports() {
  const t = useT();
  const zone = useZone();
  const segments = useSegments();
  const [last, setLast] = useState(() => thisMonth(zone));
  const [first, setFirst] = useState(() => addMonths(last, -5));
  const [segmentId, setSegmentId] = useState('');
  const inOrder = first <= last;
  const monthInput = (value: string, set: (month: string) => void) => (control: ControlProps) => (
    <input {...control} type="month" value={value} onChange={(e) => isMonth(e.target.value) && set(e.target.value)} />
  );
  return (
    <FinancePage title={t('pages.reports.title')}>
      <ErrorBanner error={segments.error} onRetry={segments.refresh} />
      <div className="fin-toolbar">
        <Field label={t('pages.reports.from')} name="from" required>
          {monthInput(first, setFirst)}
        </Field>
        <Field label={t('pages.reports.to')} name="to" problem={inOrder ? undefined : t('pages.reports.rangeProblem')} required>
          {monthInput(last, setLast)}
        </Field>
        <Field label={t('pages.reports.segment')} name="segmentId">
          {(control) => (
            <select {...control} value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
              <option value="">{t('pages.reports.allSegments')}</option>
              <SegmentOptions segments={segments.data} />
            </select>
          )}
        </Field>
      </div>
      {inOrder && <Report first={first} last={last} segmentId={segmentId} segments={segments.data ?? []} />}
    </FinancePage>
  );
}
