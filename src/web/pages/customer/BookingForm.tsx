import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Conflict, Reservation, Segment, Slot } from '../../model.js';
import { formatWon } from '../../money.js';
import { formatSpan } from '../../time.js';
import { useAction } from '../../useAction.js';
import { AddOnPicker } from './AddOnPicker.js';
import { DriverPicker } from './DriverPicker.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { segmentLabel, useAddOnItems, useDrivers } from './hooks.js';
import { LinesTable } from './LinesTable.js';
import { SlotChoices } from './SlotChoices.js';
import type { AddOn, BookingRequest, Quote } from './types.js';

/** What a 409 RESERVATION_CONFLICT offers: the nearest free times, and whether the waitlist may take the booking. */
function conflictOf(error: unknown): { suggestions: Slot[]; waitlist: boolean } | null {
  if (!(error instanceof ApiError) || error.code !== 'RESERVATION_CONFLICT') return null;
  const conflicts = Array.isArray(error.details.conflicts) ? (error.details.conflicts as Conflict[]) : [];
  const suggestions = Array.isArray(error.details.suggestions) ? (error.details.suggestions as Slot[]) : [];
  // the waitlist takes a booking that only other reservations are in the way of, never a blackout
  return { suggestions, waitlist: conflicts.every((c) => c.type !== 'blackout') };
}

interface BookingFormProps {
  slot: Slot;
  segments: readonly Segment[];
  initialVehicles: number;
  /** Another time was taken (a suggestion after a conflict). */
  onSlot(slot: Slot): void;
  onBooked(reservation: Reservation): void;
  /** The time was taken meanwhile (409): what is free has changed. */
  onRefused(): void;
  onClose(): void;
}

/**
 * Booking a chosen time: drivers, vehicles, purpose and add-ons; then the quote (lines, supply amount, VAT, total),
 * and only then the confirm button. A conflict lists what is in the way with the nearest free times (one click
 * quotes that time) and offers the waitlist.
 */
export function BookingForm({ slot, segments, initialVehicles, onSlot, onBooked, onRefused, onClose }: BookingFormProps) {
  const t = useT();
  const zone = useZone();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const drivers = useDrivers();
  const items = useAddOnItems();
  const [vehicles, setVehicles] = useState(initialVehicles);
  const [driverIds, setDriverIds] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [addOns, setAddOns] = useState<AddOn[]>([]);
  const segment = segments.find((s) => s.id === slot.segmentId);

  const request: BookingRequest = { segmentId: slot.segmentId, start: slot.start, end: slot.end, vehicles, addOns };
  const body = { ...request, driverIds, purpose };
  const quote = useAction((asked: BookingRequest) => api.post<Quote>('/quotes', asked));
  const [quoted, setQuoted] = useState<{ request: string; quote: Quote } | null>(null);
  // a quote is for one request: any change asks for a new one before confirming
  const shown = quoted?.request === JSON.stringify(request) ? quoted.quote : null;
  const keyed = useSubmitKey();
  const book = useAction(async (waitlist: boolean) => {
    try {
      return await keyed((idempotencyKey) => api.post<Reservation>('/reservations', { ...body, waitlist }, { idempotencyKey }));
    } catch (failure) {
      if (conflictOf(failure)) onRefused();
      throw failure;
    }
  });
  const conflict = conflictOf(book.error);

  useEffect(() => heading.current?.focus(), [slot.segmentId, slot.start]);

  const askQuote = (asked: BookingRequest) => void quote.run(asked).then((answer) => answer && setQuoted({ request: JSON.stringify(asked), quote: answer }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    book.reset();
    askQuote(request);
  };
  const take = (other: Slot) => {
    book.reset();
    onSlot(other);
    askQuote({ ...request, segmentId: other.segmentId, start: other.start, end: other.end });
  };
  const confirm = (waitlist: boolean) => void book.run(waitlist).then((made) => made && onBooked(made));

  const error = book.error ?? quote.error;
  return (
    <section className="card booking" aria-labelledby={headingId} data-testid="booking-form">
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('pages.findTime.bookTitle')}
      </h2>
      <p className="booking-slot" data-testid="booking-slot">
        <strong>{segmentLabel(segments, slot.segmentId)}</strong> · {formatSpan(slot.start, slot.end, zone)}
      </p>
      <form onSubmit={onSubmit} noValidate>
        <ErrorBanner error={quote.error} />
        <ErrorBanner error={drivers.error ?? items.error} onRetry={drivers.error ? drivers.refresh : items.refresh} />
        {segment?.capacityMode === 'shared' && (
          <Field label={t('pages.findTime.vehicles')} name="vehicles" error={error} hint={t('pages.findTime.sharedHint', { max: segment.maxVehicles ?? 0 })} required>
            {(control) => <input {...control} type="number" min={1} max={segment.maxVehicles ?? 1} value={vehicles} onChange={(e) => setVehicles(Math.max(1, Math.floor(Number(e.target.value) || 1)))} />}
          </Field>
        )}
        <DriverPicker drivers={drivers.data ?? []} segment={segment} checked={driverIds} onChange={setDriverIds} error={error} />
        <Field label={t('pages.findTime.purpose')} name="purpose" error={error}>
          {(control) => <textarea {...control} rows={2} maxLength={2000} value={purpose} onChange={(e) => setPurpose(e.target.value)} />}
        </Field>
        <AddOnPicker items={items.data ?? []} addOns={addOns} onChange={setAddOns} error={error} />
        <div className="actions">
          <Button type="submit" variant={shown ? 'secondary' : 'primary'} busy={quote.busy} data-testid="get-quote">
            {t(shown ? 'pages.findTime.requote' : 'pages.findTime.getQuote')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </div>
      </form>
      {shown && (
        <div className="quote" aria-live="polite">
          <h3>{t('pages.findTime.quoteTitle')}</h3>
          <LinesTable caption={t('pages.findTime.quoteTitle')} priced={shown} testId="quote" />
          <p className="muted">{t('pages.findTime.quoteNote')}</p>
          <ErrorBanner error={book.error} />
          {conflict && <SlotChoices title={t('pages.findTime.takeSuggestion')} slots={conflict.suggestions} segments={segments} onChoose={take} testId="conflict-suggestions" />}
          <div className="actions">
            <Button variant="primary" busy={book.busy} onClick={() => confirm(false)} data-testid="confirm-booking">
              {t('pages.findTime.confirm', { total: formatWon(shown.total) })}
            </Button>
            {conflict?.waitlist && (
              <Button busy={book.busy} onClick={() => confirm(true)} data-testid="join-waitlist">
                {t('pages.findTime.joinWaitlist')}
              </Button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
