import { useId, type ReactNode } from 'react';
import { Page } from '../../components/Page.js';
import './finance.css';

/** A finance screen: the app's Page, its content scoped for finance.css. */
export function FinancePage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Page title={title}>
      <div className="fin">{children}</div>
    </Page>
  );
}

/** A titled part of a finance screen (a landmark named by its heading). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="fin-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
