/** Users (admin): everyone who can log in, and a form for a new one. */
import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Role, User } from '../../model.js';
import { formatDate } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { OrganizationOptions } from './ReservationParts.js';
import { fetchAll, useDirectory } from './directory.js';
import './staff.css';

const ROLES: Role[] = ['customer', 'scheduler', 'finance', 'admin'];
const LIST_POLL_MS = 60_000;

interface NewUser {
  email: string;
  password: string;
  name: string;
  role: Role;
  organizationId?: string;
  locale: 'ko' | 'en';
}

const EMPTY: NewUser = { email: '', password: '', name: '', role: 'customer', organizationId: '', locale: 'ko' };

export default function Users() {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const keyed = useSubmitKey();
  const directory = useDirectory();
  const users = usePoll((signal) => fetchAll<User>('/users', {}, signal), LIST_POLL_MS);
  const [form, setForm] = useState<NewUser>(EMPTY);
  const create = useAction((body: NewUser) => keyed((idempotencyKey) => api.post<User>('/users', body, { idempotencyKey })));
  const set = (part: Partial<NewUser>) => setForm((f) => ({ ...f, ...part }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { ...form, organizationId: form.role === 'customer' ? form.organizationId || undefined : undefined };
    void create.run(body).then((made) => {
      if (!made) return;
      setForm(EMPTY);
      toast(t('pages.users.created'), 'success');
      users.refresh();
    });
  };

  return (
    <Page title={t('pages.users.title')}>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      <ErrorBanner error={users.error} onRetry={users.refresh} />
      {users.data ? (
        <Table
          caption={t('pages.users.title')}
          rows={users.data}
          rowKey={(u) => u.id}
          columns={[
            { header: t('pages.users.name'), cell: (u) => u.name },
            { header: t('pages.users.email'), cell: (u) => u.email },
            { header: t('pages.users.role'), cell: (u) => t(`roles.${u.role}`) },
            {
              header: t('pages.staffCommon.organization'),
              cell: (u) => (u.organizationId ? (directory.data?.organizationName(u.organizationId) ?? '…') : '—'),
            },
            { header: t('pages.users.createdAt'), cell: (u) => formatDate(u.createdAt, zone) },
          ]}
        />
      ) : (
        !users.error && <Loading />
      )}
      <form className="staff-card" onSubmit={submit} noValidate aria-label={t('pages.users.newTitle')}>
        <h2 className="staff-card-title">{t('pages.users.newTitle')}</h2>
        <ErrorBanner error={create.error} />
        <div className="staff-form-row">
          <Field label={t('pages.users.name')} name="name" error={create.error} required>
            {(control) => <input {...control} value={form.name} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label={t('pages.users.email')} name="email" error={create.error} required>
            {(control) => <input {...control} type="email" autoComplete="off" value={form.email} onChange={(e) => set({ email: e.target.value })} />}
          </Field>
          <Field label={t('pages.users.password')} name="password" error={create.error} hint={t('pages.users.passwordHint')} required>
            {(control) => (
              <input {...control} type="password" autoComplete="new-password" value={form.password} onChange={(e) => set({ password: e.target.value })} />
            )}
          </Field>
        </div>
        <div className="staff-form-row">
          <Field label={t('pages.users.role')} name="role" error={create.error} required>
            {(control) => (
              <select {...control} value={form.role} onChange={(e) => set({ role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {form.role === 'customer' && (
            <Field label={t('pages.staffCommon.organization')} name="organizationId" error={create.error} required>
              {(control) => (
                <select {...control} value={form.organizationId} onChange={(e) => set({ organizationId: e.target.value })}>
                  <OrganizationOptions organizations={directory.data?.organizations} />
                </select>
              )}
            </Field>
          )}
          <Field label={t('language.label')} name="locale" error={create.error}>
            {(control) => (
              <select {...control} value={form.locale} onChange={(e) => set({ locale: e.target.value === 'en' ? 'en' : 'ko' })}>
                <option value="ko">한국어</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
        </div>
        <Button type="submit" variant="primary" busy={create.busy}>
          {t('pages.users.create')}
        </Button>
      </form>
    </Page>
  );
}
