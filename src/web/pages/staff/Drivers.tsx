/** Driver certification: an organization's drivers, their level and how long it is valid; certify, add a driver. */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Modal } from '../../components/Modal.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Driver } from '../../model.js';
import { addLocalDays, todayAt } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { OrganizationOptions } from './ReservationParts.js';
import { fetchAll, useDirectory } from './directory.js';
import './staff.css';

const LIST_POLL_MS = 30_000;
const LEVELS = [1, 2, 3, 4];

function CertifyDialog({ driver, onClose, onDone }: { driver: Driver; onClose(): void; onDone(): void }) {
  const t = useT();
  const zone = useZone();
  const formId = useId();
  const [level, setLevel] = useState(String(Math.max(1, driver.level)));
  const [until, setUntil] = useState(driver.certifiedUntil ?? addLocalDays(todayAt(zone), 365));
  const certify = useAction((body: { level: number; certifiedUntil: string }) => api.post<Driver>(`/drivers/${driver.id}/certify`, body));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void certify.run({ level: Number(level), certifiedUntil: until }).then((made) => made && onDone());
  };
  return (
    <Modal
      open
      title={t('pages.drivers.certifyTitle', { name: driver.name })}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={certify.busy}>
            {t('pages.drivers.certify')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        <ErrorBanner error={certify.error} />
        <Field label={t('pages.drivers.level')} name="level" error={certify.error} required>
          {(control) => (
            <select {...control} value={level} onChange={(e) => setLevel(e.target.value)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  L{l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pages.drivers.certifiedUntil')} name="certifiedUntil" error={certify.error} hint={t('pages.drivers.untilHint')} required>
          {(control) => <input {...control} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />}
        </Field>
      </form>
    </Modal>
  );
}

function AddDriver({ organizationId, onAdded }: { organizationId: string; onAdded(): void }) {
  const t = useT();
  const keyed = useSubmitKey();
  const [name, setName] = useState('');
  const [licenseNumber, setLicenseNumber] = useState('');
  const add = useAction((body: { name: string; licenseNumber: string }) =>
    keyed((idempotencyKey) => api.post<Driver>(`/organizations/${organizationId}/drivers`, body, { idempotencyKey })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add.run({ name: name.trim(), licenseNumber: licenseNumber.trim() }).then((made) => {
      if (!made) return;
      setName('');
      setLicenseNumber('');
      onAdded();
    });
  };
  return (
    <form className="staff-card" onSubmit={submit} noValidate aria-label={t('pages.drivers.addTitle')}>
      <h2 className="staff-card-title">{t('pages.drivers.addTitle')}</h2>
      <ErrorBanner error={add.error} />
      <div className="staff-form-row">
        <Field label={t('pages.drivers.name')} name="name" error={add.error} required>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('pages.drivers.licenseNumber')} name="licenseNumber" error={add.error} required>
          {(control) => <input {...control} value={licenseNumber} onChange={(e) => setLicenseNumber(e.target.value)} />}
        </Field>
      </div>
      <Button type="submit" variant="primary" busy={add.busy}>
        {t('pages.drivers.add')}
      </Button>
    </form>
  );
}

export default function Drivers() {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const directory = useDirectory();
  const [organizationId, setOrganizationId] = useState('');
  const [certifying, setCertifying] = useState<Driver | null>(null);
  const drivers = usePoll(
    (signal) => (organizationId ? fetchAll<Driver>(`/organizations/${organizationId}/drivers`, {}, signal) : Promise.resolve([])),
    LIST_POLL_MS,
    [organizationId],
  );
  const today = todayAt(zone);
  const standing = (d: Driver) => {
    if (d.level === 0 || !d.certifiedUntil) return t('pages.drivers.notCertified');
    return d.certifiedUntil >= today ? t('pages.drivers.valid') : t('pages.drivers.expired');
  };

  return (
    <Page title={t('pages.drivers.title')}>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      <Field label={t('pages.staffCommon.organization')} name="organizationId">
        {(control) => (
          <select {...control} value={organizationId} onChange={(e) => setOrganizationId(e.target.value)}>
            <OrganizationOptions organizations={directory.data?.organizations} />
          </select>
        )}
      </Field>
      {organizationId && (
        <>
          <ErrorBanner error={drivers.error} onRetry={drivers.refresh} />
          {drivers.data ? (
            <Table
              caption={t('pages.drivers.title')}
              rows={drivers.data}
              rowKey={(d) => d.id}
              columns={[
                { header: t('pages.drivers.name'), cell: (d) => d.name },
                { header: t('pages.drivers.licenseNumber'), cell: (d) => d.licenseNumber },
                { header: t('pages.drivers.level'), cell: (d) => `L${d.level}` },
                { header: t('pages.drivers.certifiedUntil'), cell: (d) => d.certifiedUntil ?? '—' },
                { header: t('pages.staffCommon.status'), cell: standing },
                {
                  header: t('pages.staffCommon.actions'),
                  cell: (d) => (
                    <Button data-testid={`certify-${d.id}`} onClick={() => setCertifying(d)}>
                      {t('pages.drivers.certify')}
                    </Button>
                  ),
                },
              ]}
            />
          ) : (
            !drivers.error && <Loading />
          )}
          <AddDriver organizationId={organizationId} onAdded={drivers.refresh} />
        </>
      )}
      {certifying && (
        <CertifyDialog
          driver={certifying}
          onClose={() => setCertifying(null)}
          onDone={() => {
            setCertifying(null);
            toast(t('pages.drivers.certified'), 'success');
            drivers.refresh();
          }}
        />
      )}
    </Page>
  );
}
