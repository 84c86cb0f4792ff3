import { ComingSoon } from '../ComingSoon.js';

export default function Invoices() {
  return <ComingSoon page="financeInvoices" />;
}
