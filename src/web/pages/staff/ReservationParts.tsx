/** How the staff screens show a reservation: its status badge and the table columns they share. */
import type { Column } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Driver, Reservation, ReservationStatus } from '../../model.js';
import { formatSpan } from '../../time.js';
import type { Directory } from './directory.js';

/** The status in words on its colour (staff.css `.staff-status-*`, the board's colours). */
export function StatusBadge({ status }: { status: ReservationStatus }) {
  const t = useT();
  return <span className={`staff-status-badge staff-status-${status}`}>{t(`status.reservation.${status}`)}</span>;
}

/** '한도윤 (L3)', or the id's start when the driver is not (yet) loaded. */
export const driverLabel = (drivers: Map<string, Driver> | undefined, id: string): string => {
  const driver = drivers?.get(id);
  return driver ? `${driver.name} (L${driver.level})` : id.slice(0, 8);
};

type ColumnName = 'time' | 'organization' | 'segment' | 'vehicles' | 'drivers' | 'purpose' | 'status';

/** The columns of a reservation table, to pick from: `const c = useReservationColumns(dir); columns={[c.time, c.segment]}`. */
export function useReservationColumns(directory: Directory | undefined, drivers?: Map<string, Driver>): Record<ColumnName, Column<Reservation>> {
  const t = useT();
  const zone = useZone();
  return {
    time: { header: t('pages.staffCommon.time'), cell: (r) => formatSpan(r.start, r.end, zone) },
    organization: { header: t('pages.staffCommon.organization'), cell: (r) => directory?.organizationName(r.organizationId) ?? '…' },
    segment: { header: t('pages.staffCommon.segment'), cell: (r) => directory?.segmentName(r.segmentId) ?? '…' },
    vehicles: { header: t('pages.staffCommon.vehicles'), cell: (r) => r.vehicles, align: 'end' },
    drivers: {
      header: t('pages.staffCommon.drivers'),
      cell: (r) => (r.driverIds.length ? r.driverIds.map((id) => driverLabel(drivers, id)).join(', ') : t('pages.staffCommon.noDrivers')),
    },
    purpose: { header: t('pages.staffCommon.purpose'), cell: (r) => r.purpose || '—' },
    status: { header: t('pages.staffCommon.status'), cell: (r) => <StatusBadge status={r.status} /> },
  };
}

/** Reservations as a short list: status, organization, segment, time (what a blackout or a priority booking displaces). */
export function ReservationLines({ reservations, directory }: { reservations: readonly Reservation[]; directory: Directory }) {
  const zone = useZone();
  return (
    <ul>
      {reservations.map((r) => (
        <li key={r.id}>
          <StatusBadge status={r.status} /> {directory.organizationName(r.organizationId)} · {directory.segmentName(r.segmentId)} ·{' '}
          {formatSpan(r.start, r.end, zone)}
        </li>
      ))}
    </ul>
  );
}

/** The `<option>`s of an organization picker: a "choose" entry, then every organization by name. */
export function OrganizationOptions({ organizations }: { organizations: readonly { id: string; name: string }[] | undefined }) {
  const t = useT();
  return (
    <>
      <option value="">{t('pages.staffCommon.choose')}</option>
      {organizations?.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </>
  );
}
