import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api.js';
import { useT } from '../i18n/context.js';
import { errorKey } from '../i18n/translate.js';
import { Button } from './Button.js';

type Tone = 'info' | 'success' | 'error';
type Show = (text: string, tone?: Tone) => void;

const ToastContext = createContext<Show | null>(null);
const SHOWN_MS = 6000;
let lastId = 0;

/**
 * Short notes that come and go ("Reservation cancelled"), read out by screen readers. Also catches promises that
 * failed with nobody handling them, so such a failure is said in words instead of lost.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = useState<{ id: number; text: string; tone: Tone }[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback<Show>(
    (text, tone = 'info') => {
      const id = ++lastId;
      setToasts((all) => [...all, { id, text, tone }]);
      setTimeout(() => dismiss(id), SHOWN_MS);
    },
    [dismiss],
  );

  useEffect(() => {
    const onUnhandled = (event: PromiseRejectionEvent) => {
      const code = event.reason instanceof ApiError ? event.reason.code : 'UNKNOWN';
      show(t(errorKey(code)), 'error');
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    return () => window.removeEventListener('unhandledrejection', onUnhandled);
  }, [show, t]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <span>{toast.text}</span>
            <Button variant="link" onClick={() => dismiss(toast.id)} aria-label={t('common.close')}>
              ×
            </Button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** `const toast = useToast(); toast(text, 'success');` with a text from useT(). */
export function useToast(): Show {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast() outside <ToastProvider>');
  return show;
}
