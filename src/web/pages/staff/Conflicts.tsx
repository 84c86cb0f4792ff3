/**
 * The conflict queue: reservations displaced by a priority booking or a blackout, each with why and the nearest
 * free slots. Relocate one to a suggestion or to a chosen time (fee-free), or cancel it (fee waived).
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { ConfirmDialog, Modal } from '../../components/Modal.js';
import { Page } from '../../components/Page.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Reservation } from '../../model.js';
import { formatSpan, toDateTimeLocal } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { useDirectory, type Directory } from './directory.js';
import { StatusBadge } from './ReservationParts.js';
import { SlotFields, slotBody, type SlotValue } from './SlotFields.js';
import type { ConflictItem } from './staff-model.js';
import './staff.css';

const QUEUE_POLL_MS = 10_000;

type Resolution = { action: 'relocate'; segmentId: string; start: string; end: string } | { action: 'cancel' };

interface ConflictCardProps {
  item: ConflictItem;
  directory: Directory;
  busy: boolean;
  error: unknown;
  onResolve(resolution: Resolution): void;
  onChooseTime(): void;
  onCancel(): void;
}

function ConflictCard({ item, directory, busy, error, onResolve, onChooseTime, onCancel }: ConflictCardProps) {
  const t = useT();
  const zone = useZone();
  const r = item.reservation;
  const headingId = useId();
  return (
    <li className="staff-card" aria-labelledby={headingId} data-testid={`conflict-${r.id}`}>
      <h2 id={headingId} className="staff-card-title">
        {directory.organizationName(r.organizationId)} · {directory.segmentName(r.segmentId)}
      </h2>
      <p>
        <StatusBadge status={r.status} /> {formatSpan(r.start, r.end, zone)} · {t('pages.schedule.vehiclesShort', { count: r.vehicles })}
      </p>
      <p>
        {t('pages.staffCommon.reason')}: {item.reason ?? '—'}
      </p>
      <ErrorBanner error={error} />
      <p className="staff-card-subtitle">{t('pages.conflicts.suggestions')}</p>
      {item.suggestions.length === 0 && <p className="empty">{t('pages.conflicts.noSuggestions')}</p>}
      <ul className="staff-suggestions">
        {item.suggestions.map((s) => (
          <li key={`${s.segmentId}-${s.start}`}>
            <Button busy={busy} onClick={() => onResolve({ action: 'relocate', segmentId: s.segmentId, start: s.start, end: s.end })}>
              {t('pages.conflicts.relocateTo', { segment: directory.segmentName(s.segmentId), time: formatSpan(s.start, s.end, zone) })}
            </Button>
          </li>
        ))}
      </ul>
      <div className="staff-actions">
        <Button onClick={onChooseTime}>{t('pages.conflicts.chooseTime')}</Button>
        <Button variant="danger" onClick={onCancel}>
          {t('pages.conflicts.cancel')}
        </Button>
      </div>
    </li>
  );
}

export default function Conflicts() {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const formId = useId();
  const directory = useDirectory();
  const queue = usePoll((signal) => api.get<{ items: ConflictItem[] }>('/conflicts', { signal }), QUEUE_POLL_MS);
  /** The reservation being resolved, and how (a chosen time or a cancellation ask first). */
  const [target, setTarget] = useState<{ reservation: Reservation; ask?: 'time' | 'cancel' } | null>(null);
  const [slot, setSlot] = useState<SlotValue>({ segmentId: '', start: '', end: '' });
  const [invalid, setInvalid] = useState<string[]>([]);
  const resolve = useAction((r: Reservation, resolution: Resolution) => api.post<Reservation>(`/reservations/${r.id}/resolve`, resolution));

  const run = async (r: Reservation, resolution: Resolution) => {
    setTarget((current) => (current?.reservation.id === r.id ? current : { reservation: r }));
    if (!(await resolve.run(r, resolution))) return;
    setTarget(null);
    toast(t(resolution.action === 'cancel' ? 'pages.conflicts.cancelled' : 'pages.conflicts.relocated'), 'success');
    queue.refresh();
  };
  const chooseTime = (r: Reservation) => {
    resolve.reset();
    setInvalid([]);
    setSlot({ segmentId: r.segmentId, start: toDateTimeLocal(r.start, zone), end: toDateTimeLocal(r.end, zone) });
    setTarget({ reservation: r, ask: 'time' });
  };
  const submitTime = (event: FormEvent) => {
    event.preventDefault();
    const body = slotBody(slot, zone);
    setInvalid('invalid' in body ? body.invalid : []);
    if (target && !('invalid' in body)) void run(target.reservation, { action: 'relocate', ...body });
  };
  const close = () => setTarget(null);
  const items = queue.data?.items;
  const dir = directory.data;

  return (
    <Page title={t('pages.conflicts.title')}>
      <p className="staff-intro">{t('pages.conflicts.intro')}</p>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      <ErrorBanner error={queue.error} onRetry={queue.refresh} />
      {items && dir ? (
        items.length ? (
          <ul className="staff-cards">
            {items.map((item) => (
              <ConflictCard
                key={item.reservation.id}
                item={item}
                directory={dir}
                busy={resolve.busy && target?.reservation.id === item.reservation.id}
                error={!target?.ask && target?.reservation.id === item.reservation.id ? resolve.error : undefined}
                onResolve={(resolution) => void run(item.reservation, resolution)}
                onChooseTime={() => chooseTime(item.reservation)}
                onCancel={() => {
                  resolve.reset();
                  setTarget({ reservation: item.reservation, ask: 'cancel' });
                }}
              />
            ))}
          </ul>
        ) : (
          <p className="empty">{t('pages.conflicts.empty')}</p>
        )
      ) : (
        !queue.error && <Loading />
      )}
      <Modal
        open={target?.ask === 'time'}
        title={t('pages.conflicts.chooseTime')}
        onClose={close}
        footer={
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" form={formId} variant="primary" busy={resolve.busy}>
              {t('pages.conflicts.relocate')}
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={submitTime} noValidate>
          <ErrorBanner error={resolve.error} />
          {dir && <SlotFields value={slot} onChange={setSlot} segments={dir.segments} error={resolve.error} invalid={invalid} />}
        </form>
      </Modal>
      <ConfirmDialog
        open={target?.ask === 'cancel'}
        title={t('pages.conflicts.cancelTitle')}
        confirmLabel={t('pages.conflicts.cancel')}
        danger
        busy={resolve.busy}
        error={resolve.error}
        onCancel={close}
        onConfirm={() => target && void run(target.reservation, { action: 'cancel' })}
      >
        <p>{t('pages.conflicts.cancelText')}</p>
      </ConfirmDialog>
    </Page>
  );
}
