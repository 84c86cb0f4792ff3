import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/Modal.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Page as ListPage } from '../../model.js';
import { formatDateTime } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { CheckGroup } from './CheckGroup.js';
import { CopyBox } from './CopyBox.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { useOrganizationId } from './hooks.js';
import { Pager, useCursor } from './Pager.js';
import { WEBHOOK_EVENT_TYPES, type CreatedWebhook, type Delivery, type Webhook, type WebhookEventType } from './types.js';
import './customer.css';

function NewWebhook({ onCreated }: { onCreated(hook: CreatedWebhook): void }) {
  const t = useT();
  const organizationId = useOrganizationId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['reservation.created', 'reservation.confirmed', 'reservation.cancelled']);
  const [checked, setChecked] = useState(false);
  const body = { url: url.trim(), events };
  const keyed = useSubmitKey();
  const create = useAction(() => keyed((idempotencyKey) => api.post<CreatedWebhook>(`/organizations/${organizationId}/webhooks`, body, { idempotencyKey })));
  const problems = checked ? { url: body.url ? undefined : t('pages.webhooks.urlProblem'), events: events.length ? undefined : t('pages.webhooks.eventsProblem') } : {};
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!body.url || events.length === 0) return;
    void create.run().then((made) => {
      if (!made) return;
      setUrl('');
      setChecked(false);
      onCreated(made);
    });
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">{t('pages.webhooks.formTitle')}</h2>
      <ErrorBanner error={create.error} />
      <Field label={t('pages.webhooks.url')} name="url" error={create.error} problem={problems.url} hint={t('pages.webhooks.urlHint')} required>
        {(control) => <input {...control} type="url" inputMode="url" maxLength={2000} placeholder="https://erp.example.kr/hooks/proving-ground" value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <CheckGroup
        legend={t('pages.webhooks.events')}
        name="events"
        error={create.error}
        problem={problems.events}
        options={WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: t(`pages.customerParts.events.${type}`) }))}
        checked={events}
        onChange={setEvents}
      />
      <div className="actions">
        <Button onClick={() => setEvents([...WEBHOOK_EVENT_TYPES])}>{t('pages.webhooks.allEvents')}</Button>
        <Button type="submit" variant="primary" busy={create.busy}>
          {t('pages.webhooks.create')}
        </Button>
      </div>
    </form>
  );
}

/** The secret of a webhook just made: shown this once, to copy into the receiving system. */
function SecretOnce({ hook, onDismiss }: { hook: CreatedWebhook; onDismiss(): void }) {
  const t = useT();
  return (
    <section className="card secret" role="alert" data-testid="webhook-secret">
      <h2>{t('pages.webhooks.secretTitle')}</h2>
      <p className="warning">{t('pages.webhooks.secretWarning')}</p>
      <CopyBox label={t('pages.webhooks.secretFor', { url: hook.url })} value={hook.secret} testId="webhook-secret-value" />
      <Button onClick={onDismiss}>{t('pages.webhooks.secretSaved')}</Button>
    </section>
  );
}

function Deliveries({ hook }: { hook: Webhook }) {
  const t = useT();
  const zone = useZone();
  const cursor = useCursor(hook.id);
  const list = usePoll(
    (signal) => api.get<ListPage<Delivery>>(`/webhooks/${hook.id}/deliveries`, { query: { limit: 50, cursor: cursor.cursor }, signal }),
    15_000,
    [hook.id, cursor.cursor],
  );
  const when = (instant: string | null) => (instant ? formatDateTime(instant, zone) : '—');
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('pages.webhooks.deliveriesOf', { url: hook.url })}</h2>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.loading && <Loading />}
      {list.data && (
        <Table
          caption={t('pages.webhooks.deliveriesOf', { url: hook.url })}
          rows={list.data.items}
          rowKey={(d) => d.id}
          columns={[
            { header: t('pages.notifications.createdAt'), cell: (d) => when(d.createdAt) },
            { header: t('pages.notifications.kind'), cell: (d) => t(`pages.customerParts.events.${d.type}`) },
            { header: t('pages.notifications.status'), cell: (d) => <span className={`badge badge-${d.status}`}>{t(`pages.webhooks.statuses.${d.status}`)}</span> },
            { header: t('pages.notifications.attempts'), cell: (d) => d.attempts, align: 'end' },
            { header: t('pages.webhooks.responseStatus'), cell: (d) => d.responseStatus ?? '—', align: 'end' },
            { header: t('pages.notifications.lastError'), cell: (d) => d.lastError ?? '—' },
            { header: t('pages.webhooks.nextAttempt'), cell: (d) => when(d.nextAttemptAt) },
            { header: t('pages.webhooks.deliveredAt'), cell: (d) => when(d.deliveredAt) },
          ]}
        />
      )}
      <Pager cursor={cursor} nextCursor={list.data?.nextCursor} />
    </section>
  );
}

/** The organization's webhooks: subscribe a URL to events (the secret shown once), remove one, see its deliveries. */
export default function Webhooks() {
  const t = useT();
  const zone = useZone();
  const organizationId = useOrganizationId();
  const list = usePoll((signal) => api.get<ListPage<Webhook>>(`/organizations/${organizationId}/webhooks`, { query: { limit: 500 }, signal }), 30_000, [organizationId]);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  // true once removed (DELETE answers nothing; a failure resolves to undefined)
  const remove = useAction(async (hook: Webhook) => {
    await api.del(`/webhooks/${hook.id}`);
    return true;
  });
  const shown = list.data?.items.find((h) => h.id === shownId);
  return (
    <Page title={t('pages.webhooks.title')}>
      <p className="lead">{t('pages.webhooks.lead')}</p>
      {created && <SecretOnce hook={created} onDismiss={() => setCreated(null)} />}
      <NewWebhook
        onCreated={(hook) => {
          setCreated(hook);
          list.refresh();
        }}
      />
      <h2>{t('pages.webhooks.listTitle')}</h2>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.loading && <Loading />}
      {list.data && (
        <Table
          caption={t('pages.webhooks.listTitle')}
          rows={list.data.items}
          rowKey={(h) => h.id}
          columns={[
            { header: t('pages.webhooks.url'), cell: (h) => <code className="break">{h.url}</code> },
            { header: t('pages.webhooks.events'), cell: (h) => h.events.map((e) => t(`pages.customerParts.events.${e}`)).join(', ') },
            { header: t('pages.webhooks.createdAt'), cell: (h) => formatDateTime(h.createdAt, zone) },
            {
              header: t('pages.myReservations.actions'),
              cell: (h) => (
                <div className="row-actions">
                  <Button variant="link" aria-expanded={shownId === h.id} onClick={() => setShownId(shownId === h.id ? null : h.id)}>
                    {t('pages.webhooks.deliveries')}
                  </Button>
                  <Button variant="link" onClick={() => setRemoving(h)}>
                    {t('pages.webhooks.remove')}
                  </Button>
                </div>
              ),
            },
          ]}
        />
      )}
      {shown && <Deliveries hook={shown} />}
      <ConfirmDialog
        open={removing !== null}
        danger
        title={t('pages.webhooks.removeTitle')}
        confirmLabel={t('pages.webhooks.remove')}
        busy={remove.busy}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setRemoving(null);
        }}
        onConfirm={() =>
          removing &&
          void remove.run(removing).then((done) => {
            if (!done) return;
            setRemoving(null);
            list.refresh();
          })
        }
      >
        <p>{t('pages.webhooks.removeAsk', { url: removing?.url ?? '' })}</p>
      </ConfirmDialog>
    </Page>
  );
}
