/** Blackouts: the ones in a window (their occurrences in it), a form for a new one, delete. */
import { useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { ConfirmDialog } from '../../components/Modal.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { dayRange, formatSpan, todayAt } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { BlackoutForm } from './BlackoutForm.js';
import { fetchAll, useDirectory } from './directory.js';
import type { Blackout } from './staff-model.js';
import './staff.css';

const LIST_POLL_MS = 30_000;
const WINDOWS = [7, 30, 90, 365];

export default function Blackouts() {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const directory = useDirectory();
  const dir = directory.data;
  const [from, setFrom] = useState(() => todayAt(zone));
  const [days, setDays] = useState(30);
  const range = dayRange(from, zone, days);
  const list = usePoll((signal) => fetchAll<Blackout>('/blackouts', range, signal), LIST_POLL_MS, [range.from, range.to]);
  const [deleting, setDeleting] = useState<Blackout | null>(null);
  const remove = useAction(async (b: Blackout) => {
    await api.del(`/blackouts/${b.id}`);
    return true;
  });

  const where = (b: Blackout) => (b.segmentIds ? b.segmentIds.map((id) => dir?.segmentName(id) ?? id).join(', ') : t('pages.blackouts.wholeFacility'));
  const confirmDelete = async () => {
    if (!deleting || !(await remove.run(deleting))) return;
    setDeleting(null);
    toast(t('pages.blackouts.deleted'), 'success');
    list.refresh();
  };

  return (
    <Page title={t('pages.blackouts.title')}>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      {dir && <BlackoutForm directory={dir} onCreated={list.refresh} />}
      <section aria-labelledby="blackout-list" className="staff-section">
        <h2 id="blackout-list">{t('pages.blackouts.listTitle')}</h2>
        <div className="board-toolbar">
          <label className="staff-inline-field">
            <span>{t('pages.blackouts.from')}</span>
            <input type="date" value={from} required onChange={(e) => e.target.value && setFrom(e.target.value)} />
          </label>
          <label className="staff-inline-field">
            <span>{t('pages.blackouts.window')}</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {WINDOWS.map((n) => (
                <option key={n} value={n}>
                  {t('pages.blackouts.days', { count: n })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBanner error={list.error} onRetry={list.refresh} />
        {list.data ? (
          <Table
            caption={t('pages.blackouts.listTitle')}
            rows={list.data}
            rowKey={(b) => b.id}
            columns={[
              { header: t('pages.blackouts.where'), cell: where },
              { header: t('pages.blackouts.next'), cell: (b) => (b.occurrences[0] ? formatSpan(b.occurrences[0].start, b.occurrences[0].end, zone) : '—') },
              { header: t('pages.blackouts.inWindow'), cell: (b) => b.occurrences.length, align: 'end' },
              { header: t('pages.blackouts.rule'), cell: (b) => (b.rrule ? <code>{b.rrule}</code> : t('pages.blackouts.frequency.none')) },
              { header: t('pages.staffCommon.reason'), cell: (b) => b.reason },
              {
                header: t('pages.staffCommon.actions'),
                cell: (b) => (
                  <Button
                    variant="danger"
                    onClick={() => {
                      remove.reset();
                      setDeleting(b);
                    }}
                  >
                    {t('pages.blackouts.delete')}
                  </Button>
                ),
              },
            ]}
          />
        ) : (
          !list.error && <Loading />
        )}
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={t('pages.blackouts.deleteTitle')}
        confirmLabel={t('pages.blackouts.delete')}
        danger
        busy={remove.busy}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => void confirmDelete()}
      >
        {deleting && (
          <p>
            {where(deleting)} · {deleting.reason}
          </p>
        )}
      </ConfirmDialog>
    </Page>
  );
}
