import { useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { INVOICE_STATUSES, type Invoice, type InvoiceStatus, type Page as ListPage } from '../../model.js';
import { formatWon } from '../../money.js';
import { formatDate } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { LinesTable } from './LinesTable.js';
import { Pager, useCursor } from './Pager.js';
import './customer.css';

/** Customers see issued invoices (and what became of them), never drafts. */
const SHOWN_STATUSES = INVOICE_STATUSES.filter((s) => s !== 'draft');

/** The organization's invoices and credit notes: lines, totals in won, the PDF. */
export default function Invoices() {
  const t = useT();
  const zone = useZone();
  const [period, setPeriod] = useState('');
  const [status, setStatus] = useState<InvoiceStatus | ''>('');
  const [openId, setOpenId] = useState<string | null>(null);
  const filters = { period: period || undefined, status: status || undefined };
  const cursor = useCursor(JSON.stringify(filters));
  const list = usePoll(
    (signal) => api.get<ListPage<Invoice>>('/invoices', { query: { ...filters, limit: 50, cursor: cursor.cursor }, signal }),
    30_000,
    [period, status, cursor.cursor],
  );
  const download = useAction((invoice: Invoice) => api.download(`/invoices/${invoice.id}/pdf`));
  const opened = list.data?.items.find((i) => i.id === openId);
  const nameOf = (invoice: Invoice) => invoice.number ?? t(`pages.invoices.type.${invoice.type}`);
  return (
    <Page title={t('pages.invoices.title')}>
      <form className="card filters" onSubmit={(e) => e.preventDefault()} aria-label={t('pages.myReservations.filters')}>
        <Field label={t('pages.invoices.period')} name="period" hint={t('pages.invoices.periodHint')}>
          {(control) => <input {...control} type="month" value={period} onChange={(e) => setPeriod(e.target.value)} />}
        </Field>
        <Field label={t('pages.invoices.status')} name="status">
          {(control) => (
            <select {...control} value={status} onChange={(e) => setStatus(e.target.value as InvoiceStatus | '')}>
              <option value="">{t('pages.myReservations.anyStatus')}</option>
              {SHOWN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.invoice.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      <ErrorBanner error={download.error} />
      {list.loading && <Loading />}
      {list.data && (
        <>
          <Table
            caption={t('pages.invoices.title')}
            rows={list.data.items}
            rowKey={(i) => i.id}
            columns={[
              { header: t('pages.invoices.number'), cell: nameOf },
              { header: t('pages.invoices.period'), cell: (i) => i.period },
              { header: t('pages.invoices.status'), cell: (i) => t(`status.invoice.${i.status}`) },
              { header: t('pages.invoices.issuedAt'), cell: (i) => (i.issuedAt ? formatDate(i.issuedAt, zone) : '—') },
              { header: t('pages.customerParts.total'), cell: (i) => formatWon(i.total), align: 'end' },
              {
                header: t('pages.myReservations.actions'),
                cell: (i) => (
                  <div className="row-actions">
                    <Button variant="link" aria-expanded={openId === i.id} onClick={() => setOpenId(openId === i.id ? null : i.id)}>
                      {t('pages.invoices.lines')}
                    </Button>
                    <Button variant="link" busy={download.busy} onClick={() => void download.run(i)} aria-label={t('pages.invoices.pdfOf', { name: nameOf(i) })}>
                      {t('pages.invoices.pdf')}
                    </Button>
                  </div>
                ),
              },
            ]}
          />
          <Pager cursor={cursor} nextCursor={list.data.nextCursor} />
        </>
      )}
      {opened && (
        <section className="card" aria-labelledby="invoice-lines-title">
          <h2 id="invoice-lines-title">{t('pages.invoices.linesOf', { name: nameOf(opened) })}</h2>
          {opened.voidReason && <p>{t('pages.invoices.voided', { reason: opened.voidReason })}</p>}
          <LinesTable caption={t('pages.invoices.linesOf', { name: nameOf(opened) })} priced={opened} />
        </section>
      )}
    </Page>
  );
}
