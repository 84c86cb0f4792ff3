/**
 * The gate, on a tablet: today's arrivals (facility-local day) with one-click check-in, who is on site with
 * check-out, and today's completed visits and no-shows. A check-in whose drivers are not certified for the segment
 * may be overridden with a reason.
 */
import { useState } from 'react';
import { api, ApiError } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table, type Column } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Reservation, ReservationStatus } from '../../model.js';
import { dayRange, formatTime, todayAt } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { fetchAll, useDirectory, useDrivers } from './directory.js';
import { ReasonDialog } from './ReasonDialog.js';
import { useReservationColumns } from './ReservationParts.js';
import './staff.css';

const GATE_POLL_MS = 10_000;

type SectionId = 'arrivals' | 'onSite' | 'done' | 'noShows';

/** The gate's lists, each of some statuses. */
const SECTIONS: { id: SectionId; statuses: ReservationStatus[] }[] = [
  { id: 'arrivals', statuses: ['confirmed', 'pending'] },
  { id: 'onSite', statuses: ['checked_in'] },
  { id: 'done', statuses: ['completed'] },
  { id: 'noShows', statuses: ['no_show'] },
];

export default function Gate() {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const today = todayAt(zone);
  const directory = useDirectory();
  const list = usePoll((signal) => fetchAll<Reservation>('/reservations', dayRange(today, zone), signal), GATE_POLL_MS, [today]);
  const drivers = useDrivers(list.data?.map((r) => r.organizationId) ?? []);
  const columns = useReservationColumns(directory.data, drivers.data);
  const [acting, setActing] = useState<string | null>(null);
  const [overriding, setOverriding] = useState<Reservation | null>(null);

  const rows = list.data;
  const done = (text: string) => {
    toast(text, 'success');
    list.refresh();
  };
  const override = useAction((r: Reservation, reason: string) => api.post<Reservation>(`/reservations/${r.id}/check-in`, { override: true, reason }));
  const gate = useAction(async (r: Reservation, step: 'check-in' | 'check-out') => {
    setActing(r.id);
    try {
      return await api.post<Reservation>(`/reservations/${r.id}/${step}`, {});
    } catch (error) {
      if (step === 'check-in' && error instanceof ApiError && error.code === 'DRIVER_NOT_CERTIFIED') {
        override.reset();
        setOverriding(r);
        return undefined;
      }
      throw error;
    }
  });
  /** The reservation whose check-in or check-out just failed (its error shows above its list). */
  const failed = gate.error ? rows?.find((r) => r.id === acting) : undefined;
  /** A check-in refused for its time (the API names the reservation's span in the details). */
  const outsideWindow = gate.error instanceof ApiError && gate.error.code === 'INVALID_STATE' && 'start' in gate.error.details;
  const run = async (r: Reservation, step: 'check-in' | 'check-out') => {
    if (await gate.run(r, step)) done(t(step === 'check-in' ? 'pages.gate.checkedIn' : 'pages.gate.checkedOut'));
  };
  const confirmOverride = async (reason: string) => {
    if (!overriding || !(await override.run(overriding, reason))) return;
    setOverriding(null);
    done(t('pages.gate.checkedIn'));
  };

  const action: Column<Reservation> = {
    header: t('pages.staffCommon.actions'),
    cell: (r) => {
      const busy = gate.busy && acting === r.id;
      if (r.status === 'confirmed') {
        return (
          <Button className="gate-button" variant="primary" busy={busy} data-testid={`check-in-${r.id}`} onClick={() => void run(r, 'check-in')}>
            {t('pages.gate.checkIn')}
          </Button>
        );
      }
      if (r.status === 'checked_in') {
        return (
          <Button className="gate-button" busy={busy} data-testid={`check-out-${r.id}`} onClick={() => void run(r, 'check-out')}>
            {t('pages.gate.checkOut')}
          </Button>
        );
      }
      return r.status === 'pending' ? <span className="field-hint">{t('pages.gate.awaitingApproval')}</span> : null;
    },
  };
  const actual: Column<Reservation> = {
    header: t('pages.gate.actual'),
    cell: (r) => [r.actualStart, r.actualEnd].map((at) => (at ? formatTime(at, zone) : '…')).join('–'),
  };
  const clock: Column<Reservation> = {
    header: t('pages.staffCommon.time'),
    cell: (r) => <span className="gate-clock">{`${formatTime(r.start, zone)}–${formatTime(r.end, zone)}`}</span>,
  };
  const columnsOf = (id: SectionId): Column<Reservation>[] => {
    const base = [clock, columns.organization, columns.segment, columns.vehicles, columns.drivers];
    if (id === 'arrivals') return [...base, columns.status, action];
    if (id === 'onSite') return [...base, actual, action];
    return id === 'done' ? [...base, actual] : base;
  };

  return (
    <Page title={t('pages.gate.title')}>
      <p className="staff-intro">{t('pages.gate.intro', { date: today })}</p>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      <ErrorBanner error={drivers.error} onRetry={drivers.refresh} />
      {!failed && <ErrorBanner error={gate.error} />}
      {rows
        ? SECTIONS.map(({ id, statuses }) => (
            <section key={id} className="staff-section gate-section" aria-labelledby={`gate-${id}`}>
              <h2 id={`gate-${id}`}>{t(`pages.gate.${id}`)}</h2>
              {failed && statuses.includes(failed.status) && (
                <>
                  <p className="gate-failed">
                    {clock.cell(failed)} · {columns.organization.cell(failed)}
                  </p>
                  <ErrorBanner error={gate.error} />
                  {outsideWindow && <p className="field-hint">{t('pages.gate.checkInWindow')}</p>}
                </>
              )}
              <Table
                caption={t(`pages.gate.${id}`)}
                rows={rows.filter((r) => statuses.includes(r.status))}
                rowKey={(r) => r.id}
                empty={t(`pages.gate.${id}Empty`)}
                columns={columnsOf(id)}
              />
            </section>
          ))
        : !list.error && <Loading />}
      <ReasonDialog
        open={overriding !== null}
        title={t('pages.gate.overrideTitle')}
        confirmLabel={t('pages.gate.overrideConfirm')}
        busy={override.busy}
        error={override.error}
        onCancel={() => setOverriding(null)}
        onConfirm={(reason) => void confirmOverride(reason)}
      >
        <p>{t('errors.DRIVER_NOT_CERTIFIED')}</p>
        <p>{t('pages.gate.overrideText')}</p>
      </ReasonDialog>
    </Page>
  );
}
