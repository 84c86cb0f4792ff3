/** Pending reservations (segments that need approval): approve, or reject with a reason. */
import { useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Reservation } from '../../model.js';
import { formatDateTime } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { fetchAll, useDirectory } from './directory.js';
import { ReasonDialog } from './ReasonDialog.js';
import { useReservationColumns } from './ReservationParts.js';
import './staff.css';

const QUEUE_POLL_MS = 10_000;

export default function Approvals() {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const directory = useDirectory();
  const pending = usePoll((signal) => fetchAll<Reservation>('/reservations', { status: 'pending' }, signal), QUEUE_POLL_MS);
  const columns = useReservationColumns(directory.data);
  const [rejecting, setRejecting] = useState<Reservation | null>(null);
  const approve = useAction((r: Reservation) => api.post<Reservation>(`/reservations/${r.id}/approve`));
  const reject = useAction((r: Reservation, reason: string) => api.post<Reservation>(`/reservations/${r.id}/reject`, { reason }));
  const done = (text: string) => {
    toast(text, 'success');
    pending.refresh();
  };
  const confirmReject = async (reason: string) => {
    if (!rejecting || !(await reject.run(rejecting, reason))) return;
    setRejecting(null);
    done(t('pages.approvals.rejected'));
  };

  return (
    <Page title={t('pages.approvals.title')}>
      <p className="staff-intro">{t('pages.approvals.intro')}</p>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      <ErrorBanner error={pending.error} onRetry={pending.refresh} />
      <ErrorBanner error={approve.error} />
      {pending.data ? (
        <Table
          caption={t('pages.approvals.title')}
          rows={pending.data}
          rowKey={(r) => r.id}
          empty={t('pages.approvals.empty')}
          columns={[
            columns.time,
            columns.organization,
            columns.segment,
            columns.vehicles,
            columns.purpose,
            { header: t('pages.approvals.requestedAt'), cell: (r) => formatDateTime(r.createdAt, zone) },
            {
              header: t('pages.staffCommon.actions'),
              cell: (r) => (
                <div className="staff-actions">
                  <Button
                    variant="primary"
                    data-testid={`approve-${r.id}`}
                    busy={approve.busy}
                    onClick={() => void approve.run(r).then((ok) => ok && done(t('pages.approvals.approved')))}
                  >
                    {t('pages.approvals.approve')}
                  </Button>
                  <Button
                    variant="danger"
                    data-testid={`reject-${r.id}`}
                    onClick={() => {
                      reject.reset();
                      setRejecting(r);
                    }}
                  >
                    {t('pages.approvals.reject')}
                  </Button>
                </div>
              ),
            },
          ]}
        />
      ) : (
        !pending.error && <Loading />
      )}
      <ReasonDialog
        open={rejecting !== null}
        title={t('pages.approvals.rejectTitle')}
        confirmLabel={t('pages.approvals.reject')}
        danger
        busy={reject.busy}
        error={reject.error}
        onCancel={() => setRejecting(null)}
        onConfirm={(reason) => void confirmReject(reason)}
      >
        {rejecting && directory.data && (
          <p>
            {directory.data.organizationName(rejecting.organizationId)} · {directory.data.segmentName(rejecting.segmentId)} ·{' '}
            {columns.time.cell(rejecting)}
          </p>
        )}
      </ReasonDialog>
    </Page>
  );
}
