import { useId, useRef } from 'react';
import { Button } from '../../components/Button.js';
import { useToast } from '../../components/Toast.js';
import { useT } from '../../i18n/context.js';

/** A value to copy (a webhook secret, a feed URL): read-only, selected on focus, with a copy button. */
export function CopyBox({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const t = useT();
  const toast = useToast();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast(t('pages.customerParts.copied'), 'success');
    } catch {
      // no clipboard (a page over plain http): leave it selected for Ctrl+C
      input.current?.select();
      toast(t('pages.customerParts.copyByHand'), 'info');
    }
  };
  return (
    <div className="copy-box">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input ref={input} id={id} readOnly value={value} onFocus={(e) => e.target.select()} data-testid={testId} />
        <Button onClick={() => void copy()}>{t('pages.customerParts.copy')}</Button>
      </div>
    </div>
  );
}
