import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { useZone } from '../../facility.js';
import { useT, type Translate } from '../../i18n/context.js';
import type { Reservation, Segment, Slot } from '../../model.js';
import { addLocalDays, dayRange, formatSpan, todayAt } from '../../time.js';
import { usePoll } from '../../usePoll.js';
import { daysInclusive } from './booking.js';
import { BookingForm } from './BookingForm.js';
import { FreeTime, type Wanted } from './FreeTime.js';
import { segmentLabel, useSegments } from './hooks.js';
import { kindLabel } from './segments.js';
import type { Availability } from './types.js';
import './customer.css';

/** The API answers at most 62 days of availability per call. */
const MAX_DAYS = 62;

interface Search {
  kind: string;
  segmentId: string;
  lengthMinutes: number;
  vehicles: number;
  fromDate: string;
  toDate: string;
}

/** The problems of a search, in words, before anything is sent. */
function problemsOf(search: Search, t: Translate): Partial<Record<keyof Search, string>> {
  const days = daysInclusive(search.fromDate, search.toDate);
  return {
    ...(search.lengthMinutes > 0 ? {} : { lengthMinutes: t('pages.findTime.lengthProblem') }),
    ...(search.vehicles >= 1 ? {} : { vehicles: t('pages.findTime.vehiclesProblem') }),
    ...(days === 0 ? { toDate: t('pages.findTime.rangeProblem') } : days > MAX_DAYS ? { toDate: t('pages.findTime.rangeTooLong', { days: MAX_DAYS }) } : {}),
  };
}

/** The segments a search covers: the one chosen, else those of the kind chosen, else all. */
const searched = (search: Search, segments: readonly Segment[]) =>
  search.segmentId ? segments.filter((s) => s.id === search.segmentId) : segments.filter((s) => !search.kind || s.kind === search.kind);

function SearchForm({ segments, onSearch }: { segments: readonly Segment[]; onSearch(search: Search): void }) {
  const t = useT();
  const zone = useZone();
  const today = todayAt(zone);
  const [search, setSearch] = useState<Search>({ kind: '', segmentId: '', lengthMinutes: 120, vehicles: 1, fromDate: today, toDate: addLocalDays(today, 6) });
  const [checked, setChecked] = useState(false);
  const problems = checked ? problemsOf(search, t) : {};
  const set = (change: Partial<Search>) => setSearch((s) => ({ ...s, ...change }));
  const kinds = [...new Set(segments.map((s) => s.kind))];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(problemsOf(search, t)).length === 0) onSearch(search);
  };
  return (
    <form className="card search" onSubmit={onSubmit} noValidate data-testid="find-time-form">
      <div className="form-grid">
        <Field label={t('pages.findTime.kind')} name="kind">
          {(control) => (
            <select {...control} value={search.kind} onChange={(e) => set({ kind: e.target.value, segmentId: '' })}>
              <option value="">{t('pages.findTime.anyKind')}</option>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabel(t, kind)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pages.findTime.segment')} name="segmentId">
          {(control) => (
            <select {...control} value={search.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
              <option value="">{t('pages.findTime.anySegment')}</option>
              {segments
                .filter((s) => !search.kind || s.kind === search.kind)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {segmentLabel(segments, s.id)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('pages.findTime.length')} name="lengthMinutes" problem={problems.lengthMinutes} hint={t('pages.findTime.lengthHint')} required>
          {(control) => <input {...control} type="number" min={30} step={30} value={search.lengthMinutes} onChange={(e) => set({ lengthMinutes: Number(e.target.value) })} />}
        </Field>
        <Field label={t('pages.findTime.vehicles')} name="vehicles" problem={problems.vehicles} required>
          {(control) => <input {...control} type="number" min={1} value={search.vehicles} onChange={(e) => set({ vehicles: Number(e.target.value) })} />}
        </Field>
        <Field label={t('pages.findTime.fromDate')} name="fromDate" required>
          {(control) => <input {...control} type="date" value={search.fromDate} onChange={(e) => set({ fromDate: e.target.value })} />}
        </Field>
        <Field label={t('pages.findTime.toDate')} name="toDate" problem={problems.toDate} required>
          {(control) => <input {...control} type="date" value={search.toDate} onChange={(e) => set({ toDate: e.target.value })} />}
        </Field>
      </div>
      <Button type="submit" variant="primary" data-testid="search">
        {t('pages.findTime.search')}
      </Button>
    </form>
  );
}

/** What became of a booking: confirmed, pending approval or on the waitlist. */
function Outcome({ reservation, segments, onAgain }: { reservation: Reservation; segments: readonly Segment[]; onAgain(): void }) {
  const t = useT();
  const zone = useZone();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [reservation.id]);
  const status = reservation.status === 'pending' || reservation.status === 'waitlisted' ? reservation.status : 'confirmed';
  return (
    <section className={`card outcome outcome-${status}`} role="status" data-testid="booking-outcome" data-status={reservation.status}>
      <h2 ref={heading} tabIndex={-1}>
        {t(`pages.findTime.outcome.${status}`)}
      </h2>
      <p>
        <strong>{segmentLabel(segments, reservation.segmentId)}</strong> · {formatSpan(reservation.start, reservation.end, zone)} ·{' '}
        {t(`status.reservation.${reservation.status}`)}
      </p>
      <p>{t(`pages.findTime.outcomeText.${status}`)}</p>
      <div className="actions">
        <Link to="/reservations">{t('pages.findTime.toReservations')}</Link>
        <Button onClick={onAgain}>{t('pages.findTime.again')}</Button>
      </div>
    </section>
  );
}

/**
 * Find free time (a segment or a kind, a length, facility-local dates, vehicles) with suggestions, then book it
 * with the quote shown before confirming. The free time is polled, so others' bookings show without a reload.
 */
export default function FindTime() {
  const t = useT();
  const zone = useZone();
  const segments = useSegments();
  const [search, setSearch] = useState<Search | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [booked, setBooked] = useState<Reservation | null>(null);
  const all = segments.data ?? [];
  const segmentIds = search ? searched(search, all).map((s) => s.id) : [];
  const range = search ? { from: dayRange(search.fromDate, zone).from, to: dayRange(search.toDate, zone).to } : null;
  const availability = usePoll(
    (signal) => (range && segmentIds.length > 0 ? api.get<Availability>('/availability', { query: { ...range, segmentIds }, signal }) : Promise.resolve({ segments: [] })),
    30_000,
    [range?.from, range?.to, segmentIds.join()],
  );
  const wanted: Wanted | null = search && range ? { lengthMinutes: search.lengthMinutes, vehicles: search.vehicles, from: range.from } : null;

  const onSearch = (next: Search) => {
    setSearch(next);
    setBooked(null);
    availability.refresh(); // the same search again: look again
  };
  const onChoose = (chosen: Slot) => {
    setBooked(null);
    setSlot(chosen);
  };
  const onBooked = (reservation: Reservation) => {
    setBooked(reservation);
    setSlot(null);
    availability.refresh();
  };
  return (
    <Page title={t('pages.findTime.title')}>
      <p className="lead">{t('pages.findTime.lead')}</p>
      <ErrorBanner error={segments.error} onRetry={segments.refresh} />
      {booked && <Outcome reservation={booked} segments={all} onAgain={() => setBooked(null)} />}
      {segments.data ? <SearchForm segments={all} onSearch={onSearch} /> : !segments.error && <Loading />}
      {slot && search && (
        <BookingForm slot={slot} segments={all} initialVehicles={search.vehicles} onSlot={setSlot} onBooked={onBooked} onRefused={availability.refresh} onClose={() => setSlot(null)} />
      )}
      {search && wanted && (
        <>
          <ErrorBanner error={availability.error} onRetry={availability.refresh} />
          {availability.data ? (
            <FreeTime availability={availability.data.segments} segments={all} wanted={wanted} onChoose={onChoose} />
          ) : (
            availability.loading && <Loading />
          )}
        </>
      )}
    </Page>
  );
}
