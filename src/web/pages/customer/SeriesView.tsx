import { useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/Modal.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Segment } from '../../model.js';
import { dayRange, formatSpan, todayAt } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { segmentLabel } from './hooks.js';
import type { SeriesDetail } from './types.js';

/** Cancels a series' occurrences from a facility-local date on, after asking. */
function CancelFrom({ series, onDone }: { series: SeriesDetail; onDone(count: number): void }) {
  const t = useT();
  const zone = useZone();
  const [date, setDate] = useState(todayAt(zone));
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const [checked, setChecked] = useState(false);
  const cancel = useAction(() =>
    api.post<{ cancelled: string[] }>(`/reservation-series/${series.id}/cancel`, { reason: reason.trim(), from: dayRange(date, zone).from }),
  );
  const problems = { date: checked && !date ? t('pages.series.dateProblem') : undefined, reason: checked && !reason.trim() ? t('pages.myReservations.reasonProblem') : undefined };
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        if (date && reason.trim()) setAsking(true);
      }}
    >
      <h3>{t('pages.series.cancelTitle')}</h3>
      <div className="form-grid">
        <Field label={t('pages.series.cancelFrom')} name="from" error={cancel.error} problem={problems.date} required>
          {(control) => <input {...control} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label={t('pages.myReservations.reason')} name="reason" error={cancel.error} problem={problems.reason} required>
          {(control) => <input {...control} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </div>
      <Button type="submit" variant="danger">
        {t('pages.series.cancelSubmit')}
      </Button>
      <ConfirmDialog
        open={asking}
        danger
        title={t('pages.series.cancelTitle')}
        confirmLabel={t('pages.series.cancelSubmit')}
        busy={cancel.busy}
        error={cancel.error}
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          void cancel.run().then((done) => {
            if (!done) return;
            setAsking(false);
            onDone(done.cancelled.length);
          })
        }
      >
        <p>{t('pages.series.cancelAsk', { date })}</p>
      </ConfirmDialog>
    </form>
  );
}

/** A series: its rule and every occurrence with its status (polled), and cancelling from a date. */
export function SeriesView({ id, segments }: { id: string; segments: readonly Segment[] }) {
  const t = useT();
  const zone = useZone();
  const series = usePoll((signal) => api.get<SeriesDetail>(`/reservation-series/${id}`, { signal }), 15_000, [id]);
  const [notice, setNotice] = useState<string | null>(null);
  if (series.error) return <ErrorBanner error={series.error} onRetry={series.refresh} />;
  if (!series.data) return <Loading />;
  const s = series.data;
  return (
    <section className="series-view" aria-labelledby="series-view-title" data-testid="series-view">
      <h2 id="series-view-title">{t('pages.series.viewTitle')}</h2>
      <p>
        <strong>{segmentLabel(segments, s.segmentId)}</strong> · <code>{s.rrule}</code> · {t('pages.series.minutes', { minutes: s.durationMinutes })} ·{' '}
        {t(`pages.series.policy.${s.conflictPolicy}`)} · {t(`pages.series.status.${s.status}`)}
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <Table
        caption={t('pages.series.occurrences')}
        rows={s.reservations}
        rowKey={(r) => r.id}
        columns={[
          { header: t('pages.myReservations.when'), cell: (r) => formatSpan(r.start, r.end, zone) },
          { header: t('pages.myReservations.status'), cell: (r) => t(`status.reservation.${r.status}`) },
        ]}
      />
      {s.status === 'active' && (
        <CancelFrom
          series={s}
          onDone={(count) => {
            setNotice(t('pages.series.cancelledCount', { count }));
            series.refresh();
          }}
        />
      )}
    </section>
  );
}
