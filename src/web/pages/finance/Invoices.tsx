import { useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Table } from '../../components/Table.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { INVOICE_STATUSES, type Invoice, type Page } from '../../model.js';
import { formatWon } from '../../money.js';
import { formatDateTime } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { useOrganizationNames } from './data.js';
import { StatusBadge, useInvoiceNumber } from './invoice-texts.js';
import { InvoiceDetail } from './InvoiceDetail.js';
import { FinancePage } from './layout.js';
import { addMonths, isMonth, thisMonth } from './months.js';

interface Filters {
  period: string;
  status: string;
  organizationId: string;
}

interface ListProps {
  filters: Filters;
  organizationNames: Map<string, string> | undefined;
  onFilter(name: keyof Filters, value: string): void;
  onOpen(id: string): void;
}

/** The month picker and filters, the month's actions (generate drafts, exports), and its invoices. */
function InvoiceList({ filters, organizationNames, onFilter, onOpen }: ListProps) {
  const t = useT();
  const zone = useZone();
  const toast = useToast();
  const number = useInvoiceNumber();
  const { period, status, organizationId } = filters;
  const list = usePoll(
    (signal) =>
      api.get<Page<Invoice>>('/invoices', {
        query: { period, status: status || undefined, organizationId: organizationId || undefined, limit: 500 },
        signal,
      }),
    30_000,
    [period, status, organizationId],
  );
  const generate = useAction(() => api.post<{ items: Invoice[] }>('/invoices/generate', { period }));
  const exportFile = useAction((format: 'csv' | 'json') => api.download('/invoices/export', { query: { period, format } }));
  const nameOf = (invoice: Invoice) => organizationNames?.get(invoice.organizationId) ?? invoice.organizationId;

  const onGenerate = () =>
    void generate.run().then((made) => {
      if (!made) return;
      toast(t('pages.financeInvoices.generated', { count: made.items.length, period }), 'success');
      list.refresh();
    });

  return (
    <>
      <div className="fin-toolbar">
        <Field label={t('pages.financeInvoices.period')} name="period" error={generate.error} required>
          {(control) => (
            <input {...control} type="month" value={period} onChange={(e) => isMonth(e.target.value) && onFilter('period', e.target.value)} data-testid="invoice-period" />
          )}
        </Field>
        <Field label={t('pages.financeInvoices.status')} name="status">
          {(control) => (
            <select {...control} value={status} onChange={(e) => onFilter('status', e.target.value)}>
              <option value="">{t('pages.financeInvoices.allStatuses')}</option>
              {INVOICE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.invoice.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pages.financeInvoices.organization')} name="organizationId">
          {(control) => (
            <select {...control} value={organizationId} onChange={(e) => onFilter('organizationId', e.target.value)}>
              <option value="">{t('pages.financeInvoices.allOrganizations')}</option>
              {[...(organizationNames ?? [])]
                .sort(([, a], [, b]) => a.localeCompare(b))
                .map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <div className="fin-toolbar-actions">
          <Button variant="primary" onClick={onGenerate} busy={generate.busy} data-testid="invoice-generate">
            {t('pages.financeInvoices.generate')}
          </Button>
          <Button onClick={() => void exportFile.run('csv')} busy={exportFile.busy}>
            {t('pages.financeInvoices.exportCsv')}
          </Button>
          <Button onClick={() => void exportFile.run('json')} busy={exportFile.busy}>
            {t('pages.financeInvoices.exportJson')}
          </Button>
        </div>
      </div>
      <p className="fin-note">
        {t('pages.financeInvoices.generateHint')} {t('pages.financeInvoices.exportHint')}
      </p>
      <ErrorBanner error={generate.error} />
      <ErrorBanner error={exportFile.error} />
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.loading ? (
        <Loading />
      ) : (
        list.data && (
          <>
            <Table
              caption={t('pages.financeInvoices.caption', { period })}
              rows={list.data.items}
              rowKey={(invoice) => invoice.id}
              empty={t('pages.financeInvoices.empty')}
              columns={[
                { header: t('pages.financeInvoices.number'), cell: number },
                { header: t('pages.financeInvoices.type'), cell: (invoice) => t(`pages.financeInvoices.types.${invoice.type}`) },
                { header: t('pages.financeInvoices.organization'), cell: nameOf },
                { header: t('pages.financeInvoices.status'), cell: (invoice) => <StatusBadge status={invoice.status} /> },
                { header: t('pages.financeInvoices.issuedAt'), cell: (invoice) => <span className="fin-nowrap">{invoice.issuedAt ? formatDateTime(invoice.issuedAt, zone) : '—'}</span> },
                { header: t('pages.financeInvoices.supplyAmount'), align: 'end', cell: (invoice) => formatWon(invoice.supplyAmount) },
                { header: t('pages.financeInvoices.vat'), align: 'end', cell: (invoice) => formatWon(invoice.vat) },
                { header: t('pages.financeInvoices.total'), align: 'end', cell: (invoice) => formatWon(invoice.total) },
                {
                  header: <span className="visually-hidden">{t('pages.financeInvoices.open')}</span>,
                  cell: (invoice) => (
                    <Button
                      variant="link"
                      onClick={() => onOpen(invoice.id)}
                      aria-label={t('pages.financeInvoices.openLabel', { number: number(invoice), organization: nameOf(invoice) })}
                      data-testid="invoice-open"
                    >
                      {t('pages.financeInvoices.open')}
                    </Button>
                  ),
                },
              ]}
            />
            {list.data.nextCursor && <p className="fin-note">{t('pages.financeInvoices.more')}</p>}
          </>
        )
      )}
    </>
  );
}

/**
 * Finance's invoices: the month's list (month and filters in the address, last month by default) or, with
 * `?invoice=<id>`, one invoice; the browser's back button goes from an invoice to the list.
 */
export default function Invoices() {
  const t = useT();
  const zone = useZone();
  const [params, setParams] = useSearchParams();
  const organizationNames = useOrganizationNames();
  const asked = params.get('period') ?? '';
  const filters: Filters = {
    period: isMonth(asked) ? asked : addMonths(thisMonth(zone), -1),
    status: params.get('status') ?? '',
    organizationId: params.get('organizationId') ?? '',
  };
  const selected = params.get('invoice');
  /** Sets one parameter of the address; a filter replaces the history entry, opening or closing an invoice adds one. */
  const setParam = (name: keyof Filters | 'invoice', value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: name !== 'invoice' },
    );
  return (
    <FinancePage title={t('pages.financeInvoices.title')}>
      <ErrorBanner error={organizationNames.error} onRetry={organizationNames.refresh} />
      {selected ? (
        <InvoiceDetail
          id={selected}
          organizationNames={organizationNames.data}
          onOpen={(id) => setParam('invoice', id)}
          onBack={() => setParam('invoice', null)}
        />
      ) : (
        <InvoiceList filters={filters} organizationNames={organizationNames.data} onFilter={setParam} onOpen={(id) => setParam('invoice', id)} />
      )}
    </FinancePage>
  );
}
