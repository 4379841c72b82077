// Turns a document's data into PDF bytes. Deterministic: the PDF's dates are the document's own
// (finalisation, issue or payment time) and the file id is derived from them, so the same document
// always renders the same bytes.
import { renderToBuffer } from '@react-pdf/renderer';
import { CreditNotePdf } from './credit-note';
import type { CreditNoteDocument, InvoiceDocument, ReceiptDocument } from './data';
import { InvoicePdf } from './invoice';
import { registerFonts } from './layout';
import { ReceiptPdf } from './receipt';

export interface RenderedPdf {
  filename: string;
  bytes: Uint8Array;
}

const safeFilename = (name: string) => `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;

export async function renderInvoicePdf(invoice: InvoiceDocument): Promise<RenderedPdf> {
  registerFonts();
  return { filename: safeFilename(invoice.number), bytes: new Uint8Array(await renderToBuffer(<InvoicePdf invoice={invoice} />)) };
}

export async function renderCreditNotePdf(note: CreditNoteDocument): Promise<RenderedPdf> {
  registerFonts();
  return { filename: safeFilename(note.number), bytes: new Uint8Array(await renderToBuffer(<CreditNotePdf note={note} />)) };
}

export async function renderReceiptPdf(receipt: ReceiptDocument): Promise<RenderedPdf> {
  registerFonts();
  return { filename: safeFilename(`receipt-${receipt.receiptNumber}`), bytes: new Uint8Array(await renderToBuffer(<ReceiptPdf receipt={receipt} />)) };
}
