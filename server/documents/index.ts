// Documents: invoice, credit-note and receipt PDFs, and who may fetch which. A customer gets only
// their own account's documents, and another account's id answers exactly like a missing one; the
// hosted-invoice token opens that one invoice; any member of staff gets any issued invoice.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoices } from '@/db/schema';
import type { Viewer } from '../auth/users';
import { SettleError } from '../errors';
import { getInvoice } from '../invoices';
import { loadCreditNoteDocument, loadInvoiceDocument, loadReceiptDocument } from './data';
import { renderCreditNotePdf, renderInvoicePdf, renderReceiptPdf, type RenderedPdf } from './render';

export type { CreditNoteDocument, InvoiceDocument, ReceiptDocument } from './data';
export { loadCreditNoteDocument, loadInvoiceDocument, loadReceiptDocument } from './data';
export { renderCreditNotePdf, renderInvoicePdf, renderReceiptPdf, type RenderedPdf } from './render';

type DocumentViewer = Pick<Viewer, 'kind' | 'role' | 'customerId'> | null;

function customerScope(viewer: DocumentViewer): { customerId: string } {
  if (!viewer) throw new SettleError('UNAUTHENTICATED', 'Sign in to see this document.');
  // Staff have their own route; here they are nobody's customer.
  if (viewer.kind !== 'customer' || !viewer.customerId) throw new SettleError('NOT_FOUND', 'No such document.', 'id');
  return { customerId: viewer.customerId };
}

const notFound = () => new SettleError('NOT_FOUND', 'No such document.', 'id');

/** Rethrows any NOT_FOUND as the same generic one, so the answer never tells which id exists. */
async function sameNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SettleError && error.code === 'NOT_FOUND') throw notFound();
    throw error;
  }
}

export async function customerInvoicePdf(db: Database, viewer: DocumentViewer, invoiceId: string): Promise<RenderedPdf> {
  const scope = customerScope(viewer);
  return sameNotFound(async () => {
    const invoice = await getInvoice(db, invoiceId, scope);
    // A draft is not the customer's to see yet: it answers like a missing invoice.
    if (invoice.status === 'draft') throw notFound();
    return renderInvoicePdf(await loadInvoiceDocument(db, invoice));
  });
}

export async function customerCreditNotePdf(db: Database, viewer: DocumentViewer, creditNoteId: string): Promise<RenderedPdf> {
  const scope = customerScope(viewer);
  return sameNotFound(async () => renderCreditNotePdf(await loadCreditNoteDocument(db, creditNoteId, scope)));
}

export async function customerReceiptPdf(db: Database, viewer: DocumentViewer, paymentId: string): Promise<RenderedPdf> {
  const scope = customerScope(viewer);
  return sameNotFound(async () => renderReceiptPdf(await loadReceiptDocument(db, paymentId, scope)));
}

/** The hosted invoice link's PDF: the token is the whole authorisation, as for the hosted page. */
export async function hostedInvoicePdf(db: Database, token: string): Promise<RenderedPdf> {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) throw notFound();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.hostedToken, token));
  if (!invoice || invoice.status === 'draft') throw notFound();
  return renderInvoicePdf(await loadInvoiceDocument(db, invoice));
}

/** Any staff role may read any issued invoice; a draft has no PDF yet (409, saying so). */
export async function staffInvoicePdf(db: Database, viewer: DocumentViewer, invoiceId: string): Promise<RenderedPdf> {
  if (!viewer) throw new SettleError('UNAUTHENTICATED', 'Sign in to see this document.');
  if (viewer.kind !== 'staff' || !viewer.role) throw new SettleError('FORBIDDEN', 'Only staff may open this document.');
  const invoice = await sameNotFound(() => getInvoice(db, invoiceId));
  return renderInvoicePdf(await loadInvoiceDocument(db, invoice));
}
