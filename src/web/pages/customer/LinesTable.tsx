import { Table } from '../../components/Table.js';
import { useT } from '../../i18n/context.js';
import type { InvoiceLine } from '../../model.js';
import { formatWon } from '../../money.js';

const UNITS = ['hour', 'day', 'each'] as const;

interface Totals {
  lines: Omit<InvoiceLine, 'reservationId'>[];
  supplyAmount: number;
  vat: number;
  total: number;
}

/** The lines of a quote or an invoice, then its supply amount, VAT and total, in won. */
export function LinesTable({ caption, priced, testId }: { caption: string; priced: Totals; testId?: string }) {
  const t = useT();
  const unitText = (unit: string) => {
    const known = UNITS.find((u) => u === unit);
    return known ? t(`pages.customerParts.unit.${known}`) : unit;
  };
  return (
    <div className="lines" data-testid={testId}>
      <Table
        caption={caption}
        rows={priced.lines}
        rowKey={(line) => `${line.description}|${line.itemCode ?? ''}|${line.programCode ?? ''}|${line.amount}`}
        columns={[
          { header: t('pages.customerParts.lineDescription'), cell: (line) => line.description },
          { header: t('pages.customerParts.lineQuantity'), cell: (line) => `${line.quantity} ${unitText(line.unit)}`, align: 'end' },
          { header: t('pages.customerParts.lineUnitPrice'), cell: (line) => formatWon(line.unitPrice), align: 'end' },
          { header: t('pages.customerParts.lineAmount'), cell: (line) => formatWon(line.amount), align: 'end' },
          { header: t('pages.customerParts.lineTaxable'), cell: (line) => t(line.taxable ? 'pages.customerParts.yes' : 'pages.customerParts.no') },
        ]}
      />
      <dl className="totals">
        <dt>{t('pages.customerParts.supplyAmount')}</dt>
        <dd>{formatWon(priced.supplyAmount)}</dd>
        <dt>{t('pages.customerParts.vat')}</dt>
        <dd>{formatWon(priced.vat)}</dd>
        <dt>{t('pages.customerParts.total')}</dt>
        <dd className="totals-total" data-testid={testId && `${testId}-total`}>
          {formatWon(priced.total)}
        </dd>
      </dl>
    </div>
  );
}
