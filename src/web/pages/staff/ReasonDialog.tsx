import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { useT } from '../../i18n/context.js';

interface ReasonDialogProps {
  open: boolean;
  title: string;
  /** What the action does, above the reason. */
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  /** The failed request; its `details.fields.reason` marks the field. */
  error: unknown;
  onConfirm(reason: string): void;
  onCancel(): void;
}

/** Asks for the reason an action needs (reject, a certification override) before taking it. */
export function ReasonDialog({ open, title, children, confirmLabel, danger, busy, error, onConfirm, onCancel }: ReasonDialogProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const formId = useId();
  useEffect(() => {
    if (open) {
      setReason('');
      setProblem(undefined);
    }
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setProblem(t('pages.staffCommon.reasonRequired'));
    setProblem(undefined);
    onConfirm(reason.trim());
  };
  return (
    <Modal
      open={open}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant={danger ? 'danger' : 'primary'} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        {children}
        <ErrorBanner error={error} />
        <Field label={t('pages.staffCommon.reason')} name="reason" error={error} problem={problem} required>
          {(control) => <textarea {...control} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </form>
    </Modal>
  );
}
