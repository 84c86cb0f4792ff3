import type { ReactNode } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Invoice, InvoiceLine, Page } from '../../model.js';
import { formatWon } from '../../money.js';
import { formatDateTime } from '../../time.js';
import { usePoll } from '../../usePoll.js';
import { StatusBadge, useInvoiceNumber } from './invoice-texts.js';
import { InvoiceActions } from './InvoiceActions.js';
import { Section } from './layout.js';

/** A button that opens another invoice (the one a credit note credits, the credit note of a voided invoice). */
function InvoiceLink({ invoice, onOpen }: { invoice: Invoice | undefined; onOpen(id: string): void }) {
  const t = useT();
  const number = useInvoiceNumber();
  if (!invoice) return null;
  return (
    <Button variant="link" onClick={() => onOpen(invoice.id)} aria-label={t('pages.financeInvoices.openInvoice', { number: number(invoice) })}>
      {number(invoice)}
    </Button>
  );
}

/** The invoice a credit note credits. */
function CreditedInvoice({ id, onOpen }: { id: string; onOpen(id: string): void }) {
  const credited = usePoll((signal) => api.get<Invoice>(`/invoices/${id}`, { signal }), null, [id]);
  return <InvoiceLink invoice={credited.data} onOpen={onOpen} />;
}

/** The credit note that voiding `invoice` created: the one of its month and organization that credits it. */
function CreditNoteOf({ invoice, onOpen }: { invoice: Invoice; onOpen(id: string): void }) {
  const notes = usePoll(
    (signal) =>
      api.get<Page<Invoice>>('/invoices', { query: { period: invoice.period, organizationId: invoice.organizationId, limit: 500 }, signal }),
    null,
    [invoice.id],
  );
  return <InvoiceLink invoice={notes.data?.items.find((i) => i.creditedInvoiceId === invoice.id)} onOpen={onOpen} />;
}

const UNITS = ['hour', 'day', 'each'] as const;
const isKnownUnit = (unit: string): unit is (typeof UNITS)[number] => (UNITS as readonly string[]).includes(unit);

function Lines({ lines }: { lines: InvoiceLine[] }) {
  const t = useT();
  return (
    <div className="fin-lines">
      <Table
        caption={t('pages.financeInvoices.lines')}
        rows={lines.map((line, index) => ({ line, index }))}
        rowKey={({ index }) => String(index)}
        columns={[
          { header: t('pages.financeInvoices.description'), cell: ({ line }) => line.description },
          { header: t('pages.financeInvoices.quantity'), align: 'end', cell: ({ line }) => line.quantity },
          { header: t('pages.financeInvoices.unit'), cell: ({ line }) => (isKnownUnit(line.unit) ? t(`pages.financeInvoices.units.${line.unit}`) : line.unit) },
          { header: t('pages.financeInvoices.unitPrice'), align: 'end', cell: ({ line }) => formatWon(line.unitPrice) },
          { header: t('pages.financeInvoices.amount'), align: 'end', cell: ({ line }) => formatWon(line.amount) },
          {
            header: t('pages.financeInvoices.taxable'),
            cell: ({ line }) => t(line.taxable ? 'pages.financeInvoices.taxableYes' : 'pages.financeInvoices.taxableNo'),
          },
        ]}
      />
    </div>
  );
}

function Facts({ facts }: { facts: [label: string, value: ReactNode][] }) {
  return (
    <dl className="fin-facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function InvoiceView({ invoice, organization, onChanged, onOpen }: { invoice: Invoice; organization: string; onChanged(): void; onOpen(id: string): void }) {
  const t = useT();
  const zone = useZone();
  const number = useInvoiceNumber();
  const when = (instant: string | null) => (instant ? formatDateTime(instant, zone) : '—');
  const facts: [string, ReactNode][] = [
    [t('pages.financeInvoices.organization'), organization],
    [t('pages.financeInvoices.period'), invoice.period],
    [t('pages.financeInvoices.status'), <StatusBadge status={invoice.status} />],
    [t('pages.financeInvoices.issuedAt'), when(invoice.issuedAt)],
  ];
  if (invoice.paidAt) facts.push([t('pages.financeInvoices.paidAt'), when(invoice.paidAt)], [t('pages.financeInvoices.reference'), invoice.paidReference]);
  if (invoice.voidReason) facts.push([t('pages.financeInvoices.voidReason'), invoice.voidReason]);
  if (invoice.status === 'void') facts.push([t('pages.financeInvoices.creditNote'), <CreditNoteOf invoice={invoice} onOpen={onOpen} />]);
  if (invoice.creditedInvoiceId) facts.push([t('pages.financeInvoices.credits'), <CreditedInvoice id={invoice.creditedInvoiceId} onOpen={onOpen} />]);
  return (
    <Section title={`${t(`pages.financeInvoices.types.${invoice.type}`)} ${number(invoice)}`}>
      <Facts facts={facts} />
      <InvoiceActions invoice={invoice} onChanged={onChanged} />
      <h3>{t('pages.financeInvoices.lines')}</h3>
      <Lines lines={invoice.lines} />
      <dl className="fin-totals">
        <dt>{t('pages.financeInvoices.supplyAmount')}</dt>
        <dd>{formatWon(invoice.supplyAmount)}</dd>
        <dt>{t('pages.financeInvoices.vat')}</dt>
        <dd>{formatWon(invoice.vat)}</dd>
        <dt>{t('pages.financeInvoices.total')}</dt>
        <dd data-testid="invoice-total">{formatWon(invoice.total)}</dd>
      </dl>
    </Section>
  );
}

/** One invoice or credit note: its facts, the actions its status allows, its lines and totals. */
export function InvoiceDetail({ id, organizationNames, onOpen, onBack }: {
  id: string;
  organizationNames: Map<string, string> | undefined;
  onOpen(id: string): void;
  onBack(): void;
}) {
  const t = useT();
  const invoice = usePoll((signal) => api.get<Invoice>(`/invoices/${id}`, { signal }), 30_000, [id]);
  return (
    <div data-testid="invoice-detail">
      <Button variant="link" onClick={onBack}>
        <span aria-hidden="true">← </span>
        {t('pages.financeInvoices.back')}
      </Button>
      <ErrorBanner error={invoice.error} onRetry={invoice.refresh} />
      {invoice.loading ? (
        <Loading />
      ) : (
        invoice.data && (
          <InvoiceView
            invoice={invoice.data}
            organization={organizationNames?.get(invoice.data.organizationId) ?? invoice.data.organizationId}
            onChanged={invoice.refresh}
            onOpen={onOpen}
          />
        )
      )}
    </div>
  );
}
