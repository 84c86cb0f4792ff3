import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/context.js';
import { Button } from './Button.js';
import { ErrorBanner } from './ErrorBanner.js';

interface ModalProps {
  open: boolean;
  title: ReactNode;
  /** Called on Escape and on the close button; set `open` to false there. */
  onClose(): void;
  children: ReactNode;
  /** The dialog's buttons. */
  footer?: ReactNode;
}

/** A modal dialog (the native <dialog>: focus stays inside, Escape closes it, focus returns where it was). */
export function Modal({ open, title, onClose, children, footer }: ModalProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (open && !dialog?.open) dialog?.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose}>
      {open && (
        <>
          <header className="modal-header">
            <h2 id={titleId}>{title}</h2>
            <Button variant="link" onClick={onClose} aria-label={t('common.close')}>
              ×
            </Button>
          </header>
          <div className="modal-body">{children}</div>
          {footer && <footer className="modal-footer">{footer}</footer>}
        </>
      )}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  /** A destructive action (cancel a booking, void an invoice): the confirm button is red. */
  danger?: boolean;
  busy?: boolean;
  /** The failed confirmation, shown in the dialog. */
  error?: unknown;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before an action: `<ConfirmDialog open={…} title={…} confirmLabel={…} onConfirm={…} onCancel={…}>text</ConfirmDialog>`. */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, busy, error, onConfirm, onCancel }: ConfirmProps) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      <ErrorBanner error={error} />
    </Modal>
  );
}
