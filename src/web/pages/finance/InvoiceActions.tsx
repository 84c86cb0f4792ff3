import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { ConfirmDialog, Modal } from '../../components/Modal.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Invoice } from '../../model.js';
import { fromDateTimeLocal, toDateTimeLocal } from '../../time.js';
import { useAction } from '../../useAction.js';
import type { VoidResult } from './model.js';

interface DialogProps {
  invoice: Invoice;
  open: boolean;
  onClose(): void;
  /** The action succeeded: close, say `message`, load the invoice again. */
  onDone(message: string): void;
}

function IssueDialog({ invoice, open, onClose, onDone }: DialogProps) {
  const t = useT();
  const issue = useAction(() => api.post<Invoice>(`/invoices/${invoice.id}/issue`));
  const close = () => {
    issue.reset();
    onClose();
  };
  const confirm = () => void issue.run().then((issued) => issued && onDone(t('pages.financeInvoices.issued', { number: issued.number ?? '' })));
  return (
    <ConfirmDialog
      open={open}
      title={t('pages.financeInvoices.issueTitle')}
      confirmLabel={t('pages.financeInvoices.issue')}
      busy={issue.busy}
      error={issue.error}
      onConfirm={confirm}
      onCancel={close}
    >
      <p>{t('pages.financeInvoices.issueText')}</p>
    </ConfirmDialog>
  );
}

function VoidDialog({ invoice, open, onClose, onDone }: DialogProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  const voiding = useAction(() => api.post<VoidResult>(`/invoices/${invoice.id}/void`, { reason }));
  const close = () => {
    voiding.reset();
    setReason('');
    onClose();
  };
  const confirm = () =>
    void voiding.run().then((result) => result && onDone(t('pages.financeInvoices.voided', { number: result.creditNote.number ?? '' })));
  return (
    <ConfirmDialog
      open={open}
      title={t('pages.financeInvoices.voidTitle')}
      confirmLabel={t('pages.financeInvoices.void')}
      danger
      busy={voiding.busy}
      error={voiding.error}
      onConfirm={confirm}
      onCancel={close}
    >
      <p>{t('pages.financeInvoices.voidText')}</p>
      <Field label={t('pages.financeInvoices.reason')} name="reason" error={voiding.error} required>
        {(control) => <textarea {...control} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </ConfirmDialog>
  );
}

/** The payment's facility-local date and time (now, to start with) and its reference. Mounted while the dialog is open. */
function PayForm({ invoice, onClose, onDone }: Omit<DialogProps, 'open'>) {
  const t = useT();
  const zone = useZone();
  const [paidAt, setPaidAt] = useState(() => toDateTimeLocal(new Date(), zone));
  const [reference, setReference] = useState('');
  const [checked, setChecked] = useState(false);
  const pay = useAction((body: { paidAt: string; reference: string }) => api.post<Invoice>(`/invoices/${invoice.id}/mark-paid`, body));
  const instant = fromDateTimeLocal(paidAt, zone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (instant) void pay.run({ paidAt: instant, reference }).then((paid) => paid && onDone(t('pages.financeInvoices.markedPaid')));
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorBanner error={pay.error} />
      <Field
        label={t('pages.financeInvoices.paidAtLabel')}
        name="paidAt"
        error={pay.error}
        problem={checked && !instant ? t('pages.financeInvoices.invalidDateTime') : undefined}
        required
      >
        {(control) => <input {...control} type="datetime-local" value={paidAt} onChange={(e) => setPaidAt(e.target.value)} />}
      </Field>
      <Field label={t('pages.financeInvoices.reference')} name="reference" error={pay.error} hint={t('pages.financeInvoices.referenceHint')} required>
        {(control) => <input {...control} value={reference} onChange={(e) => setReference(e.target.value)} />}
      </Field>
      <div className="fin-form-actions">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="submit" variant="primary" busy={pay.busy}>
          {t('pages.financeInvoices.markPaid')}
        </Button>
      </div>
    </form>
  );
}

function PayDialog({ open, onClose, ...rest }: DialogProps) {
  const t = useT();
  return (
    <Modal open={open} title={t('pages.financeInvoices.markPaid')} onClose={onClose}>
      <PayForm onClose={onClose} {...rest} />
    </Modal>
  );
}

type DialogName = 'issue' | 'pay' | 'void';

/** What finance may do with an invoice in its status: PDF always; issue a draft; mark paid or void an issued one. */
export function InvoiceActions({ invoice, onChanged }: { invoice: Invoice; onChanged(): void }) {
  const t = useT();
  const toast = useToast();
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const pdf = useAction(() => api.download(`/invoices/${invoice.id}/pdf`));
  const isInvoice = invoice.type === 'invoice';
  const dialogProps = (name: DialogName): DialogProps => ({
    invoice,
    open: dialog === name,
    onClose: () => setDialog(null),
    onDone(message) {
      setDialog(null);
      toast(message, 'success');
      onChanged();
    },
  });
  return (
    <>
      <ErrorBanner error={pdf.error} />
      <div className="fin-toolbar">
        <Button onClick={() => void pdf.run()} busy={pdf.busy} data-testid="invoice-pdf">
          {t('pages.financeInvoices.pdf')}
        </Button>
        {invoice.status === 'draft' && (
          <Button variant="primary" onClick={() => setDialog('issue')} data-testid="invoice-issue">
            {t('pages.financeInvoices.issue')}
          </Button>
        )}
        {isInvoice && invoice.status === 'issued' && (
          <Button variant="primary" onClick={() => setDialog('pay')} data-testid="invoice-mark-paid">
            {t('pages.financeInvoices.markPaid')}
          </Button>
        )}
        {isInvoice && (invoice.status === 'issued' || invoice.status === 'paid') && (
          <Button variant="danger" onClick={() => setDialog('void')} data-testid="invoice-void">
            {t('pages.financeInvoices.void')}
          </Button>
        )}
      </div>
      <IssueDialog {...dialogProps('issue')} />
      <PayDialog {...dialogProps('pay')} />
      <VoidDialog {...dialogProps('void')} />
    </>
  );
}
