import { useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { RESERVATION_STATUSES, type Page as ListPage, type Reservation, type ReservationStatus } from '../../model.js';
import { formatWon } from '../../money.js';
import { addLocalDays, dayRange, formatSpan, todayAt } from '../../time.js';
import { usePoll } from '../../usePoll.js';
import { daysInclusive } from './booking.js';
import { segmentLabel, useDrivers, useSegments } from './hooks.js';
import { Pager, useCursor } from './Pager.js';
import { CancelDialog, DetailsDialog, RescheduleDialog } from './ReservationDialogs.js';
import './customer.css';

const MOVABLE: readonly ReservationStatus[] = ['pending', 'confirmed'];
const CANCELLABLE: readonly ReservationStatus[] = ['pending', 'confirmed', 'waitlisted', 'displaced'];

type Opened = { dialog: 'details' | 'reschedule' | 'cancel'; reservation: Reservation };

/** The organization's reservations by facility-local dates and status: details, reschedule, cancel (fee shown first). */
export default function MyReservations() {
  const t = useT();
  const zone = useZone();
  const segments = useSegments();
  const drivers = useDrivers();
  const today = todayAt(zone);
  const [fromDate, setFromDate] = useState(addLocalDays(today, -7));
  const [toDate, setToDate] = useState(addLocalDays(today, 60));
  const [status, setStatus] = useState<ReservationStatus | ''>('');
  const [opened, setOpened] = useState<Opened | null>(null);
  // what the last change did (the fee a cancellation charged), until the next one
  const [notice, setNotice] = useState<string | null>(null);
  const validRange = daysInclusive(fromDate, toDate) > 0;
  const query = validRange ? { from: dayRange(fromDate, zone).from, to: dayRange(toDate, zone).to, status: status || undefined } : null;
  const cursor = useCursor(JSON.stringify(query));
  const list = usePoll(
    (signal) => (query ? api.get<ListPage<Reservation>>('/reservations', { query: { ...query, limit: 50, cursor: cursor.cursor }, signal }) : Promise.resolve(null)),
    15_000,
    [JSON.stringify(query), cursor.cursor],
  );
  const close = () => setOpened(null);
  const done = (text: string) => {
    close();
    setNotice(text);
    list.refresh();
  };
  const all = segments.data;
  return (
    <Page title={t('pages.myReservations.title')}>
      <form className="card filters" onSubmit={(e) => e.preventDefault()} aria-label={t('pages.myReservations.filters')}>
        <Field label={t('pages.myReservations.fromDate')} name="from">
          {(control) => <input {...control} type="date" value={fromDate} onChange={(e) => setFromDate(e.target.value)} />}
        </Field>
        <Field label={t('pages.myReservations.toDate')} name="to" problem={validRange ? undefined : t('pages.findTime.rangeProblem')}>
          {(control) => <input {...control} type="date" value={toDate} onChange={(e) => setToDate(e.target.value)} />}
        </Field>
        <Field label={t('pages.myReservations.status')} name="status">
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value as ReservationStatus | '')}>
              <option value="">{t('pages.myReservations.anyStatus')}</option>
              {RESERVATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.reservation.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {notice && (
        <p className="notice" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      <ErrorBanner error={list.error ?? segments.error} onRetry={list.error ? list.refresh : segments.refresh} />
      {list.loading && <Loading />}
      {list.data && (
        <>
          <Table
            caption={t('pages.myReservations.title')}
            rows={list.data.items}
            rowKey={(r) => r.id}
            columns={[
              { header: t('pages.myReservations.when'), cell: (r) => formatSpan(r.start, r.end, zone) },
              { header: t('pages.myReservations.segment'), cell: (r) => segmentLabel(all, r.segmentId) },
              { header: t('pages.myReservations.vehicles'), cell: (r) => r.vehicles, align: 'end' },
              { header: t('pages.myReservations.status'), cell: (r) => <span className={`badge badge-${r.status}`}>{t(`status.reservation.${r.status}`)}</span> },
              {
                header: t('pages.myReservations.actions'),
                cell: (r) => (
                  <div className="row-actions">
                    <Button variant="link" onClick={() => setOpened({ dialog: 'details', reservation: r })}>
                      {t('pages.myReservations.details')}
                    </Button>
                    {MOVABLE.includes(r.status) && (
                      <Button variant="link" onClick={() => setOpened({ dialog: 'reschedule', reservation: r })} data-testid="reschedule">
                        {t('pages.myReservations.reschedule')}
                      </Button>
                    )}
                    {CANCELLABLE.includes(r.status) && (
                      <Button variant="link" onClick={() => setOpened({ dialog: 'cancel', reservation: r })} data-testid="cancel">
                        {t('pages.myReservations.cancel')}
                      </Button>
                    )}
                  </div>
                ),
              },
            ]}
          />
          <Pager cursor={cursor} nextCursor={list.data.nextCursor} />
        </>
      )}
      {opened?.dialog === 'details' && <DetailsDialog reservation={opened.reservation} segments={all ?? []} drivers={drivers.data ?? []} onClose={close} />}
      {opened?.dialog === 'reschedule' && (
        <RescheduleDialog reservation={opened.reservation} segments={all ?? []} onDone={() => done(t('pages.myReservations.rescheduled'))} onClose={close} />
      )}
      {opened?.dialog === 'cancel' && (
        <CancelDialog reservation={opened.reservation} segments={all ?? []} onDone={(fee) => done(t('pages.myReservations.cancelled', { fee: formatWon(fee) }))} onClose={close} />
      )}
    </Page>
  );
}
