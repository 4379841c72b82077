// Documents as e-mail attachments: the invoice PDF on the invoice e-mail, the receipt on the
// payment e-mail, the credit note on the refund e-mail. Rendered in the transaction that records
// the message, so the attachment is the document as it stands when the e-mail is decided.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoices } from '@/db/schema';
import type { MailAttachment } from '../notifications/smtp';
import { loadCreditNoteDocument, loadInvoiceDocument, loadReceiptDocument } from './data';
import { renderCreditNotePdf, renderInvoicePdf, renderReceiptPdf, type RenderedPdf } from './render';

const asAttachment = (pdf: RenderedPdf): MailAttachment => ({ filename: pdf.filename, contentType: 'application/pdf', content: pdf.bytes });

export async function invoicePdfAttachment(tx: Database, invoiceId: string): Promise<MailAttachment[]> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice || invoice.status === 'draft') return [];
  return [asAttachment(await renderInvoicePdf(await loadInvoiceDocument(tx, invoice)))];
}

export async function receiptPdfAttachment(tx: Database, paymentId: string): Promise<MailAttachment[]> {
  return [asAttachment(await renderReceiptPdf(await loadReceiptDocument(tx, paymentId)))];
}

export async function creditNotePdfAttachment(tx: Database, creditNoteId: string): Promise<MailAttachment[]> {
  return [asAttachment(await renderCreditNotePdf(await loadCreditNoteDocument(tx, creditNoteId)))];
}
