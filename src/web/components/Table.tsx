import type { ReactNode } from 'react';
import { useT } from '../i18n/context.js';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** 'end' for numbers and money. */
  align?: 'start' | 'end';
}

interface TableProps<T> {
  /** Says what the table lists (shown to screen readers only). */
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows; common.empty by default. */
  empty?: ReactNode;
}

/**
 *   <Table caption={t('pages.myReservations.title')} rows={page.items} rowKey={(r) => r.id} columns={[
 *     { header: t('…'), cell: (r) => formatSpan(r.start, r.end, zone) },
 *     { header: t('…'), cell: (r) => formatWon(r.total), align: 'end' },
 *   ]} />
 */
export function Table<T>({ caption, columns, rows, rowKey, empty }: TableProps<T>) {
  const t = useT();
  if (rows.length === 0) return <p className="empty">{empty ?? t('common.empty')}</p>;
  const alignOf = (column: Column<T>) => (column.align === 'end' ? 'num' : undefined);
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={alignOf(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) => (
                <td key={i} className={alignOf(column)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
