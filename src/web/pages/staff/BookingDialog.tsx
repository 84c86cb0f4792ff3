/**
 * Booking for an organization from the board: staff may book in the past and with priority. A priority booking
 * first lists the reservations it would push out (same segment, its composites and its parts) and books only
 * once that is confirmed.
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Reservation } from '../../model.js';
import { useAction } from '../../useAction.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { addMinutes } from '../../wall-clock.js';
import { OrganizationOptions, ReservationLines } from './ReservationParts.js';
import { SlotFields, slotBody, type SlotValue } from './SlotFields.js';
import { fetchAll, useDrivers, type Directory } from './directory.js';
import { relatedSegmentIds } from './segment-tree.js';
import { holds, overlaps, peakVehicles, type NewReservation } from './staff-model.js';

export type Booked = Reservation & { displaced?: string[] };

interface BookingDialogProps {
  /** The range picked on the board (facility-local datetime-local values). */
  draft: SlotValue;
  directory: Directory;
  onClose(): void;
  onBooked(made: Booked): void;
}

/**
 * The holding reservations a priority booking would push out: those on its composites and parts, and on its own
 * segment those it overlaps (buffers included), except on a shared segment that has room for everyone. On a
 * shared segment without room the API displaces the fewest it must, so this lists the candidates.
 */
async function inTheWayOf(body: NewReservation, directory: Directory): Promise<Reservation[]> {
  const { segments } = directory;
  const segment = directory.segment(body.segmentId);
  const reach = Math.max(0, ...segments.map((s) => s.bufferMinutes));
  const wanted = { start: body.start, end: addMinutes(body.end, segment?.bufferMinutes ?? 0) };
  const occupied = (r: Reservation) => ({ start: r.start, end: addMinutes(r.end, r.bufferMinutes), vehicles: r.vehicles });
  const related = new Set(relatedSegmentIds(segments, body.segmentId));
  const near = await fetchAll<Reservation>('/reservations', { from: addMinutes(body.start, -reach), to: wanted.end });
  const overlapping = near.filter((r) => holds(r) && overlaps(occupied(r), wanted));
  const same = overlapping.filter((r) => r.segmentId === body.segmentId);
  const shared = segment?.capacityMode === 'shared' && segment.maxVehicles !== null ? segment.maxVehicles : null;
  const roomForAll = shared !== null && peakVehicles(same.map(occupied), wanted) + body.vehicles <= shared;
  return [...overlapping.filter((r) => related.has(r.segmentId)), ...(roomForAll ? [] : same)];
}

export function BookingDialog({ draft, directory, onClose, onBooked }: BookingDialogProps) {
  const t = useT();
  const zone = useZone();
  const keyed = useSubmitKey();
  const formId = useId();
  const [slot, setSlot] = useState(draft);
  const [organizationId, setOrganizationId] = useState('');
  const [vehicles, setVehicles] = useState('1');
  const [driverIds, setDriverIds] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [priority, setPriority] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  /** The reservations a priority booking would displace, for the body they were looked up for. */
  const [inTheWay, setInTheWay] = useState<{ body: string; list: Reservation[] } | null>(null);
  const drivers = useDrivers(organizationId ? [organizationId] : [], null);
  const book = useAction(async (body: NewReservation) => {
    const list = body.priority && inTheWay?.body !== JSON.stringify(body) ? await inTheWayOf(body, directory) : [];
    if (list.length) {
      setInTheWay({ body: JSON.stringify(body), list });
      return undefined;
    }
    return keyed((idempotencyKey) => api.post<Booked>('/reservations', body, { idempotencyKey }));
  });
  const segment = directory.segment(slot.segmentId);
  const where = slotBody(slot, zone);
  const body: NewReservation | null = 'invalid' in where ? null : { ...where, organizationId, vehicles: Number(vehicles), driverIds, purpose, priority };
  /** What the priority booking as it stands would displace (a change to the form asks again). */
  const pending = body && inTheWay?.body === JSON.stringify(body) ? inTheWay.list : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = [
      ...('invalid' in where ? where.invalid : []),
      ...(organizationId ? [] : ['organizationId']),
      ...(Number(vehicles) >= 1 ? [] : ['vehicles']),
    ];
    setInvalid(problems);
    if (body && problems.length === 0) void book.run(body).then((made) => made && onBooked(made));
  };
  const toggleDriver = (id: string, on: boolean) => setDriverIds((ids) => (on ? [...ids, id] : ids.filter((d) => d !== id)));
  const invalidText = (name: string) => (invalid.includes(name) ? t('problems.invalid') : undefined);

  return (
    <Modal
      open
      title={t('pages.schedule.bookTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant={pending ? 'danger' : 'primary'} busy={book.busy}>
            {pending ? t('pages.schedule.bookAndDisplace') : t('pages.schedule.book')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        <ErrorBanner error={book.error} />
        <div className="staff-form-row">
          <Field label={t('pages.staffCommon.organization')} name="organizationId" error={book.error} problem={invalidText('organizationId')} required>
            {(control) => (
              <select
                {...control}
                value={organizationId}
                onChange={(e) => {
                  setOrganizationId(e.target.value);
                  setDriverIds([]);
                }}
              >
                <OrganizationOptions organizations={directory.organizations} />
              </select>
            )}
          </Field>
          <Field label={t('pages.staffCommon.vehicles')} name="vehicles" error={book.error} problem={invalidText('vehicles')} required>
            {(control) => <input {...control} type="number" min={1} max={1000} value={vehicles} onChange={(e) => setVehicles(e.target.value)} />}
          </Field>
        </div>
        <SlotFields value={slot} onChange={setSlot} segments={directory.segments} error={book.error} invalid={invalid} />
        <fieldset className="staff-checks">
          <legend>{t('pages.staffCommon.drivers')}</legend>
          {segment && segment.requiredDriverLevel > 0 && (
            <p className="field-hint">{t('pages.schedule.driverLevelHint', { level: segment.requiredDriverLevel })}</p>
          )}
          {!organizationId && <p className="field-hint">{t('pages.schedule.driversAfterOrganization')}</p>}
          {[...(drivers.data?.values() ?? [])].map((d) => (
            <label key={d.id} className="staff-check">
              <input type="checkbox" name="driverIds" checked={driverIds.includes(d.id)} onChange={(e) => toggleDriver(d.id, e.target.checked)} />
              {d.name} (L{d.level}
              {d.certifiedUntil ? ` · ${t('pages.staffCommon.until', { date: d.certifiedUntil })}` : ''})
            </label>
          ))}
          <ErrorBanner error={drivers.error} onRetry={drivers.refresh} />
        </fieldset>
        <Field label={t('pages.staffCommon.purpose')} name="purpose" error={book.error}>
          {(control) => <input {...control} value={purpose} maxLength={2000} onChange={(e) => setPurpose(e.target.value)} />}
        </Field>
        <label className="staff-check">
          <input type="checkbox" name="priority" checked={priority} onChange={(e) => setPriority(e.target.checked)} />
          {t('pages.schedule.priority')}
        </label>
        <p className="field-hint">{t('pages.schedule.priorityHint')}</p>
        {pending && (
          <div className="banner staff-banner-warning" role="alert">
            <p className="banner-title">{t('pages.schedule.willDisplace', { count: pending.length })}</p>
            <ReservationLines reservations={pending} directory={directory} />
          </div>
        )}
      </form>
    </Modal>
  );
}
