import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog, Modal } from '../../components/Modal.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Driver, Reservation, Segment, Slot } from '../../model.js';
import { formatWon } from '../../money.js';
import { formatDateTime, formatSpan, fromDateTimeLocal, toDateTimeLocal } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { segmentLabel } from './hooks.js';
import { SlotChoices } from './SlotChoices.js';
import type { CancellationFee } from './types.js';

/** Everything about one reservation: where, when, who drives, what comes with it. */
export function DetailsDialog({ reservation: r, segments, drivers, onClose }: { reservation: Reservation; segments: readonly Segment[]; drivers: readonly Driver[]; onClose(): void }) {
  const t = useT();
  const zone = useZone();
  const names = r.driverIds.map((id) => drivers.find((d) => d.id === id)?.name ?? id);
  const none = t('pages.myReservations.none');
  const addOns = r.addOns.map((a) => `${a.itemCode} × ${a.quantity}${a.unitPrice === undefined ? '' : ` (${formatWon(a.unitPrice)})`}`);
  const rows: [string, ReactNode][] = [
    [t('pages.myReservations.segment'), segmentLabel(segments, r.segmentId)],
    [t('pages.myReservations.when'), formatSpan(r.start, r.end, zone)],
    [t('pages.myReservations.status'), `${t(`status.reservation.${r.status}`)}${r.statusReason ? ` (${r.statusReason})` : ''}`],
    [t('pages.myReservations.vehicles'), r.vehicles],
    [t('pages.customerParts.drivers'), names.length > 0 ? names.join(', ') : none],
    [t('pages.myReservations.purpose'), r.purpose || none],
    [t('pages.customerParts.addOns'), addOns.length > 0 ? addOns.join(', ') : none],
    [t('pages.myReservations.actual'), r.actualStart ? formatSpan(r.actualStart, r.actualEnd ?? r.actualStart, zone) : none],
    [t('pages.myReservations.series'), r.seriesId ? <Link to={`/series?id=${r.seriesId}`}>{t('pages.myReservations.openSeries')}</Link> : none],
    [t('pages.myReservations.created'), formatDateTime(r.createdAt, zone)],
  ];
  return (
    <Modal open title={t('pages.myReservations.detailsTitle')} onClose={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>}>
      <dl className="details" data-testid="reservation-details">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}

/** Moves a reservation to another facility-local time, atomically: a refused time keeps the old one. */
export function RescheduleDialog({ reservation: r, segments, onDone, onClose }: { reservation: Reservation; segments: readonly Segment[]; onDone(): void; onClose(): void }) {
  const t = useT();
  const zone = useZone();
  const [segmentId, setSegmentId] = useState(r.segmentId);
  const [start, setStart] = useState(toDateTimeLocal(r.start, zone));
  const [end, setEnd] = useState(toDateTimeLocal(r.end, zone));
  const [checked, setChecked] = useState(false);
  const instants = { start: fromDateTimeLocal(start, zone), end: fromDateTimeLocal(end, zone) };
  const problems = {
    start: checked && !instants.start ? t('pages.myReservations.timeProblem') : undefined,
    end: checked && (!instants.end || (instants.start && Date.parse(instants.end) <= Date.parse(instants.start))) ? t('pages.myReservations.endProblem') : undefined,
  };
  const move = useAction((body: { start: string; end: string; segmentId?: string }) => api.patch<Reservation>(`/reservations/${r.id}`, body));
  const suggestions = move.error instanceof ApiError && Array.isArray(move.error.details.suggestions) ? (move.error.details.suggestions as Slot[]) : [];
  const submit = () => {
    setChecked(true);
    if (!instants.start || !instants.end || Date.parse(instants.end) <= Date.parse(instants.start)) return;
    const body = { start: instants.start, end: instants.end, ...(segmentId === r.segmentId ? {} : { segmentId }) };
    void move.run(body).then((moved) => moved && onDone());
  };
  const take = (slot: Slot) => {
    move.reset();
    setSegmentId(slot.segmentId);
    setStart(toDateTimeLocal(slot.start, zone));
    setEnd(toDateTimeLocal(slot.end, zone));
  };
  return (
    <Modal
      open
      title={t('pages.myReservations.rescheduleTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="reschedule-form" variant="primary" busy={move.busy} data-testid="reschedule-save">
            {t('pages.myReservations.rescheduleSave')}
          </Button>
        </>
      }
    >
      <form
        id="reschedule-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p>
          <strong>{segmentLabel(segments, segmentId)}</strong> · {t('pages.myReservations.now', { span: formatSpan(r.start, r.end, zone) })}
        </p>
        <ErrorBanner error={move.error} />
        <Field label={t('pages.myReservations.newStart')} name="start" error={move.error} problem={problems.start} required>
          {(control) => <input {...control} type="datetime-local" step={60} value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={t('pages.myReservations.newEnd')} name="end" error={move.error} problem={problems.end} required>
          {(control) => <input {...control} type="datetime-local" step={60} value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <SlotChoices title={t('pages.myReservations.takeSuggestion')} slots={suggestions} segments={segments} onChoose={take} testId="reschedule-suggestions" />
      </form>
    </Modal>
  );
}

/** What cancelling now costs, asked of the API before the customer confirms. */
function FeeNotice({ id }: { id: string }) {
  const t = useT();
  const fee = usePoll((signal) => api.get<CancellationFee>(`/reservations/${id}/cancellation-fee`, { signal }), null, [id]);
  if (fee.error) return <ErrorBanner error={fee.error} onRetry={fee.refresh} />;
  if (!fee.data) return <Loading />;
  return (
    <p className={fee.data.fee > 0 ? 'fee fee-due' : 'fee'} data-testid="cancellation-fee">
      {fee.data.fee > 0
        ? t('pages.myReservations.feeDue', { fee: formatWon(fee.data.fee), percent: fee.data.percent, charge: formatWon(fee.data.charge) })
        : t('pages.myReservations.feeNone')}
    </p>
  );
}

/** Cancels after showing the fee it costs now; says what was charged. */
export function CancelDialog({ reservation: r, segments, onDone, onClose }: { reservation: Reservation; segments: readonly Segment[]; onDone(fee: number): void; onClose(): void }) {
  const t = useT();
  const zone = useZone();
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const cancel = useAction(() => api.post<{ reservation: Reservation; cancellationFee: number }>(`/reservations/${r.id}/cancel`, { reason: reason.trim() }));
  const confirm = () => {
    setChecked(true);
    if (reason.trim()) void cancel.run().then((done) => done && onDone(done.cancellationFee));
  };
  return (
    <ConfirmDialog
      open
      danger
      title={t('pages.myReservations.cancelTitle')}
      confirmLabel={t('pages.myReservations.cancelConfirm')}
      busy={cancel.busy}
      error={cancel.error}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        <strong>{segmentLabel(segments, r.segmentId)}</strong> · {formatSpan(r.start, r.end, zone)}
      </p>
      <FeeNotice id={r.id} />
      <Field label={t('pages.myReservations.reason')} name="reason" error={cancel.error} problem={checked && !reason.trim() ? t('pages.myReservations.reasonProblem') : undefined} required>
        {(control) => <textarea {...control} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" />}
      </Field>
    </ConfirmDialog>
  );
}
