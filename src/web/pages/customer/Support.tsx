import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
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
import { useSubmitKey } from '../../useSubmitKey.js';
import { Pager, useCursor } from './Pager.js';
import { SUPPORT_CATEGORIES, type SupportCategory, type SupportRequest } from './types.js';
import './customer.css';

const EMPTY = { category: 'rnd' as SupportCategory, title: '', description: '' };

function RequestForm({ onFiled }: { onFiled(): void }) {
  const t = useT();
  const [body, setBody] = useState(EMPTY);
  const [checked, setChecked] = useState(false);
  const keyed = useSubmitKey();
  const file = useAction(() =>
    keyed((idempotencyKey) => api.post<SupportRequest>('/support-requests', { ...body, title: body.title.trim(), description: body.description.trim() }, { idempotencyKey })),
  );
  const set = (change: Partial<typeof EMPTY>) => setBody((b) => ({ ...b, ...change }));
  const missing = (text: string) => (checked && !text.trim() ? t('pages.support.missing') : undefined);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!body.title.trim() || !body.description.trim()) return;
    void file.run().then((filed) => {
      if (!filed) return;
      setBody(EMPTY);
      setChecked(false);
      onFiled();
    });
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="support-form-title">
      <h2 id="support-form-title">{t('pages.support.formTitle')}</h2>
      <ErrorBanner error={file.error} />
      <Field label={t('pages.support.category')} name="category" error={file.error} required>
        {(control) => (
          <select {...control} value={body.category} onChange={(e) => set({ category: e.target.value as SupportCategory })}>
            {SUPPORT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`pages.support.categories.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('pages.support.requestTitle')} name="title" error={file.error} problem={missing(body.title)} required>
        {(control) => <input {...control} maxLength={200} value={body.title} onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <Field label={t('pages.support.description')} name="description" error={file.error} problem={missing(body.description)} required>
        {(control) => <textarea {...control} rows={5} maxLength={5000} value={body.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <Button type="submit" variant="primary" busy={file.busy}>
        {t('pages.support.submit')}
      </Button>
    </form>
  );
}

/** Support requests: filing one, and the organization's requests with their status (polled). */
export default function Support() {
  const t = useT();
  const zone = useZone();
  const [notice, setNotice] = useState(false);
  const cursor = useCursor('');
  const list = usePoll((signal) => api.get<ListPage<SupportRequest>>('/support-requests', { query: { limit: 50, cursor: cursor.cursor }, signal }), 30_000, [cursor.cursor]);
  return (
    <Page title={t('pages.support.title')}>
      <p className="lead">{t('pages.support.lead')}</p>
      {notice && (
        <p className="notice" role="status">
          {t('pages.support.filed')}
        </p>
      )}
      <RequestForm
        onFiled={() => {
          setNotice(true);
          list.refresh();
        }}
      />
      <h2>{t('pages.support.listTitle')}</h2>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.loading && <Loading />}
      {list.data && (
        <Table
          caption={t('pages.support.listTitle')}
          rows={list.data.items}
          rowKey={(r) => r.id}
          columns={[
            { header: t('pages.support.filedAt'), cell: (r) => formatDateTime(r.createdAt, zone) },
            { header: t('pages.support.category'), cell: (r) => t(`pages.support.categories.${r.category}`) },
            {
              header: t('pages.support.requestTitle'),
              cell: (r) => (
                <details>
                  <summary>{r.title}</summary>
                  <p className="pre-line">{r.description}</p>
                </details>
              ),
            },
            { header: t('pages.support.status'), cell: (r) => <span className={`badge badge-${r.status}`}>{t(`pages.support.statuses.${r.status}`)}</span> },
            { header: t('pages.support.assignee'), cell: (r) => r.assignee ?? '—' },
          ]}
        />
      )}
      <Pager cursor={cursor} nextCursor={list.data?.nextCursor} />
    </Page>
  );
}
