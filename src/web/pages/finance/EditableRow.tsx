import type { ReactNode } from 'react';
import { Button } from '../../components/Button.js';
import { useT } from '../../i18n/context.js';

/** One row of a list a form edits (a surcharge, a cancellation tier): its fields side by side and a remove button. */
export function EditableRow({ legend, removeLabel, onRemove, children }: { legend: string; removeLabel: string; onRemove(): void; children: ReactNode }) {
  const t = useT();
  return (
    <fieldset className="fin-row">
      <legend>{legend}</legend>
      <div className="fin-row-fields">{children}</div>
      <Button variant="link" onClick={onRemove} aria-label={removeLabel}>
        {t('pages.rates.remove')}
      </Button>
    </fieldset>
  );
}
