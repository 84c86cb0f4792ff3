/** A block of the board opened (click or Enter): what it is, and a form to move it — the keyboard's way to drag. */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Modal } from '../../components/Modal.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Reservation } from '../../model.js';
import { formatSpan, toDateTimeLocal } from '../../time.js';
import { useAction } from '../../useAction.js';
import { useDrivers, type Directory } from './directory.js';
import { driverLabel, StatusBadge } from './ReservationParts.js';
import { SlotFields, slotBody } from './SlotFields.js';
import { movable } from './staff-model.js';

interface ReservationDialogProps {
  reservation: Reservation;
  directory: Directory;
  onClose(): void;
  onMoved(moved: Reservation): void;
}

export function ReservationDialog({ reservation: r, directory, onClose, onMoved }: ReservationDialogProps) {
  const t = useT();
  const zone = useZone();
  const formId = useId();
  const drivers = useDrivers([r.organizationId], null);
  const [slot, setSlot] = useState({ segmentId: r.segmentId, start: toDateTimeLocal(r.start, zone), end: toDateTimeLocal(r.end, zone) });
  const [invalid, setInvalid] = useState<string[]>([]);
  const move = useAction((body: { segmentId: string; start: string; end: string }) => api.patch<Reservation>(`/reservations/${r.id}`, body));
  const canMove = movable(r);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = slotBody(slot, zone);
    setInvalid('invalid' in body ? body.invalid : []);
    if (!('invalid' in body)) void move.run(body).then((moved) => moved && onMoved(moved));
  };

  const facts: [string, ReactNode][] = [
    [t('pages.staffCommon.status'), <StatusBadge key="status" status={r.status} />],
    [t('pages.staffCommon.organization'), directory.organizationName(r.organizationId)],
    [t('pages.staffCommon.segment'), directory.segmentName(r.segmentId)],
    [t('pages.staffCommon.time'), formatSpan(r.start, r.end, zone)],
    [t('pages.staffCommon.vehicles'), r.vehicles],
    [t('pages.staffCommon.drivers'), r.driverIds.map((id) => driverLabel(drivers.data, id)).join(', ') || t('pages.staffCommon.noDrivers')],
    [t('pages.staffCommon.purpose'), r.purpose || '—'],
    ...(r.priority ? [[t('pages.schedule.priority'), t('pages.staffCommon.yes')] as [string, string]] : []),
    ...(r.statusReason ? [[t('pages.staffCommon.reason'), r.statusReason] as [string, string]] : []),
  ];

  return (
    <Modal
      open
      title={t('pages.schedule.detailsTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.close')}</Button>
          {canMove && (
            <Button type="submit" form={formId} variant="primary" busy={move.busy}>
              {t('pages.schedule.move')}
            </Button>
          )}
        </>
      }
    >
      <dl className="staff-facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {canMove && (
        <form id={formId} onSubmit={submit} noValidate>
          <h3 className="staff-dialog-subtitle">{t('pages.schedule.moveTitle')}</h3>
          <ErrorBanner error={move.error} />
          <SlotFields value={slot} onChange={setSlot} segments={directory.segments} error={move.error} invalid={invalid} />
        </form>
      )}
    </Modal>
  );
}
