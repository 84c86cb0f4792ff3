import { useState } from 'react';
import { api } from '../../api.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Page as ListPage } from '../../model.js';
import { formatDateTime } from '../../time.js';
import { usePoll } from '../../usePoll.js';
import { Pager, useCursor } from './Pager.js';
import { EVENT_TYPES, NOTIFICATION_STATUSES, type EventType, type Notification, type NotificationStatus } from './types.js';
import './customer.css';

/** The e-mails the organization's people were sent (or are due), with filters and paging; polled. */
export default function Notifications() {
  const t = useT();
  const zone = useZone();
  const [status, setStatus] = useState<NotificationStatus | ''>('');
  const [kind, setKind] = useState<EventType | ''>('');
  const filters = { status: status || undefined, kind: kind || undefined };
  const cursor = useCursor(JSON.stringify(filters));
  const list = usePoll(
    (signal) => api.get<ListPage<Notification>>('/notifications', { query: { ...filters, limit: 50, cursor: cursor.cursor }, signal }),
    15_000,
    [status, kind, cursor.cursor],
  );
  return (
    <Page title={t('pages.notifications.title')}>
      <p className="lead">{t('pages.notifications.lead')}</p>
      <form className="card filters" onSubmit={(e) => e.preventDefault()} aria-label={t('pages.myReservations.filters')}>
        <Field label={t('pages.notifications.status')} name="status">
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value as NotificationStatus | '')}>
              <option value="">{t('pages.myReservations.anyStatus')}</option>
              {NOTIFICATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`pages.notifications.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pages.notifications.kind')} name="kind">
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value as EventType | '')}>
              <option value="">{t('pages.notifications.anyKind')}</option>
              {EVENT_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`pages.customerParts.events.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.loading && <Loading />}
      {list.data && (
        <Table
          caption={t('pages.notifications.title')}
          rows={list.data.items}
          rowKey={(n) => n.id}
          columns={[
            { header: t('pages.notifications.createdAt'), cell: (n) => formatDateTime(n.createdAt, zone) },
            { header: t('pages.notifications.kind'), cell: (n) => t(`pages.customerParts.events.${n.kind}`) },
            { header: t('pages.notifications.recipient'), cell: (n) => n.recipient },
            { header: t('pages.notifications.status'), cell: (n) => <span className={`badge badge-${n.status}`}>{t(`pages.notifications.statuses.${n.status}`)}</span> },
            { header: t('pages.notifications.attempts'), cell: (n) => n.attempts, align: 'end' },
            { header: t('pages.notifications.sentAt'), cell: (n) => (n.sentAt ? formatDateTime(n.sentAt, zone) : '—') },
            { header: t('pages.notifications.lastError'), cell: (n) => n.lastError ?? '—' },
          ]}
        />
      )}
      <Pager cursor={cursor} nextCursor={list.data?.nextCursor} />
    </Page>
  );
}
