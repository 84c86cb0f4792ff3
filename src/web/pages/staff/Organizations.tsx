/** Organizations (admin): the customers of the proving ground, and a form for a new one. */
import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useT } from '../../i18n/context.js';
import type { Organization } from '../../model.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { fetchAll } from './directory.js';
import './staff.css';

type NewOrganization = Pick<Organization, 'name' | 'kind' | 'businessNumber' | 'membership' | 'starCompany' | 'billingEmail'>;

const KINDS: Organization['kind'][] = ['oem', 'supplier', 'research', 'other'];
const MEMBERSHIPS: Organization['membership'][] = ['member', 'non_member'];
const EMPTY: NewOrganization = { name: '', kind: 'oem', businessNumber: '', membership: 'non_member', starCompany: false, billingEmail: '' };
const LIST_POLL_MS = 60_000;

export default function Organizations() {
  const t = useT();
  const toast = useToast();
  const keyed = useSubmitKey();
  const list = usePoll((signal) => fetchAll<Organization>('/organizations', {}, signal), LIST_POLL_MS);
  const [form, setForm] = useState<NewOrganization>(EMPTY);
  const create = useAction((body: NewOrganization) => keyed((idempotencyKey) => api.post<Organization>('/organizations', body, { idempotencyKey })));
  const set = (part: Partial<NewOrganization>) => setForm((f) => ({ ...f, ...part }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run({ ...form, name: form.name.trim(), businessNumber: form.businessNumber.trim() }).then((made) => {
      if (!made) return;
      setForm(EMPTY);
      toast(t('pages.organizations.created'), 'success');
      list.refresh();
    });
  };

  return (
    <Page title={t('pages.organizations.title')}>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.data ? (
        <Table
          caption={t('pages.organizations.title')}
          rows={list.data}
          rowKey={(o) => o.id}
          columns={[
            { header: t('pages.organizations.name'), cell: (o) => o.name },
            { header: t('pages.organizations.kind'), cell: (o) => t(`pages.organizations.kinds.${o.kind}`) },
            { header: t('pages.organizations.businessNumber'), cell: (o) => o.businessNumber },
            { header: t('pages.organizations.membership'), cell: (o) => t(`pages.organizations.memberships.${o.membership}`) },
            { header: t('pages.organizations.starCompany'), cell: (o) => (o.starCompany ? t('pages.staffCommon.yes') : '—') },
            { header: t('pages.organizations.billingEmail'), cell: (o) => o.billingEmail },
          ]}
        />
      ) : (
        !list.error && <Loading />
      )}
      <form className="staff-card" onSubmit={submit} noValidate aria-label={t('pages.organizations.newTitle')}>
        <h2 className="staff-card-title">{t('pages.organizations.newTitle')}</h2>
        <ErrorBanner error={create.error} />
        <div className="staff-form-row">
          <Field label={t('pages.organizations.name')} name="name" error={create.error} required>
            {(control) => <input {...control} value={form.name} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label={t('pages.organizations.businessNumber')} name="businessNumber" error={create.error} hint="123-45-67890" required>
            {(control) => <input {...control} value={form.businessNumber} onChange={(e) => set({ businessNumber: e.target.value })} />}
          </Field>
          <Field label={t('pages.organizations.billingEmail')} name="billingEmail" error={create.error} required>
            {(control) => <input {...control} type="email" value={form.billingEmail} onChange={(e) => set({ billingEmail: e.target.value })} />}
          </Field>
        </div>
        <div className="staff-form-row">
          <Field label={t('pages.organizations.kind')} name="kind" error={create.error} required>
            {(control) => (
              <select {...control} value={form.kind} onChange={(e) => set({ kind: e.target.value as Organization['kind'] })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`pages.organizations.kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('pages.organizations.membership')} name="membership" error={create.error} required>
            {(control) => (
              <select {...control} value={form.membership} onChange={(e) => set({ membership: e.target.value as Organization['membership'] })}>
                {MEMBERSHIPS.map((m) => (
                  <option key={m} value={m}>
                    {t(`pages.organizations.memberships.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label className="staff-check">
          <input type="checkbox" name="starCompany" checked={form.starCompany} onChange={(e) => set({ starCompany: e.target.checked })} />
          {t('pages.organizations.starCompany')}
        </label>
        <Button type="submit" variant="primary" busy={create.busy}>
          {t('pages.organizations.create')}
        </Button>
      </form>
    </Page>
  );
}
