import { useState } from 'react';
import { Button } from '../../components/Button.js';
import { useT } from '../../i18n/context.js';

export interface Cursor {
  /** The `cursor` query value of the page shown (null: the first page). */
  cursor: string | null;
  /** 1 for the first page. */
  page: number;
  next(cursor: string): void;
  previous(): void;
}

/** Cursor paging: the cursors of the pages seen, so that one can go back. Starts over when `filters` change. */
export function useCursor(filters: string): Cursor {
  const [state, setState] = useState<{ filters: string; seen: string[] }>({ filters, seen: [] });
  const seen = state.filters === filters ? state.seen : [];
  if (state.filters !== filters) setState({ filters, seen });
  return {
    cursor: seen.at(-1) ?? null,
    page: seen.length + 1,
    next: (cursor) => setState({ filters, seen: [...seen, cursor] }),
    previous: () => setState({ filters, seen: seen.slice(0, -1) }),
  };
}

/** Previous and next page buttons of a list; `nextCursor` is the list's answer (null on the last page). */
export function Pager({ cursor, nextCursor }: { cursor: Cursor; nextCursor: string | null | undefined }) {
  const t = useT();
  if (cursor.page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={t('pages.customerParts.pages')}>
      <Button onClick={cursor.previous} disabled={cursor.page === 1}>
        {t('pages.customerParts.previousPage')}
      </Button>
      <span>{t('pages.customerParts.pageNumber', { page: cursor.page })}</span>
      <Button onClick={() => nextCursor && cursor.next(nextCursor)} disabled={!nextCursor}>
        {t('pages.customerParts.nextPage')}
      </Button>
    </nav>
  );
}
