import { useT } from '../../i18n/context.js';
import type { Invoice, InvoiceStatus } from '../../model.js';

/** An invoice's status as a coloured label. */
export function StatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useT();
  return <span className={`fin-badge fin-badge-${status}`}>{t(`status.invoice.${status}`)}</span>;
}

/** An invoice's number, or "(draft)" before it is issued. */
export function useInvoiceNumber(): (invoice: Pick<Invoice, 'number'>) => string {
  const t = useT();
  return (invoice) => invoice.number ?? t('pages.financeInvoices.draft');
}
