// Renders real invoices, credit notes and receipts from a real database, reads the text back out
// of the PDFs and checks what a customer, an accountant and French law look for. Set
// DOCUMENTS_PREVIEW_DIR to keep the PDFs for looking at them (pdftoppm).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invoices, paymentMethods, payments } from '@/db/schema';
import type { Viewer } from '../auth/users';
import type { Customer } from '../customers';
import { newId } from '../ids';
import { createCreditNote } from '../invoices/credit-notes';
import { createDraftInvoice, finalizeInvoice, getInvoiceWithLines, type InvoiceRow } from '../invoices';
import type { DraftLine } from '../invoices/compose';
import { validateCoupon } from '../pricing/discounts';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { documentCopy } from './copy';
import { pdfResponse } from './http';
import {
  customerCreditNotePdf,
  customerInvoicePdf,
  customerReceiptPdf,
  hostedInvoicePdf,
  loadInvoiceDocument,
  renderInvoicePdf,
  staffInvoicePdf,
  type RenderedPdf,
} from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const finalisedAt = new Date('2026-05-05T09:30:00Z');
const may = { start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-06-01T00:00:00Z') };

const line = (description: string, amountMinor: bigint, extra: Partial<DraftLine> = {}): DraftLine => ({
  description,
  priceId: null,
  productId: null,
  subscriptionItemId: null,
  quantity: 1n,
  unitAmountDecimal: amountMinor.toString(),
  amountMinor,
  taxBehavior: 'exclusive',
  periodStart: null,
  periodEnd: null,
  proration: false,
  ...extra,
});

async function issue(customer: Customer, lines: DraftLine[], options: { percentOff?: string; at?: Date } = {}): Promise<InvoiceRow> {
  const draft = await createDraftInvoice(handle.db, {
    customer,
    subscriptionId: null,
    billingReason: 'manual',
    collectionMethod: customer.collectionMethod,
    periodStart: lines[0]?.periodStart ?? null,
    periodEnd: lines[0]?.periodEnd ?? null,
    lines,
    discount: options.percentOff ? { couponId: 'coupon_test', coupon: validateCoupon({ percentOff: options.percentOff, duration: 'once' }), appliesToProductIds: [] } : null,
    now: options.at ?? finalisedAt,
  });
  return finalizeInvoice(handle.db, draft!.id, options.at ?? finalisedAt);
}

/** The PDF's text on one line, with the no-break spaces of French numbers made plain spaces. */
async function textOf(pdf: RenderedPdf | Uint8Array): Promise<{ text: string; pages: number }> {
  const bytes = pdf instanceof Uint8Array ? pdf : pdf.bytes;
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(document, { mergePages: true });
  return { text: text.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/\s+/g, ' '), pages: totalPages };
}

function keep(name: string, pdf: RenderedPdf) {
  const directory = process.env.DOCUMENTS_PREVIEW_DIR;
  if (!directory) return;
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, `${name}.pdf`), pdf.bytes);
}

const customerViewer = (customerId: string): Viewer => ({ userId: 'usr_x', email: 'x@example.com', name: null, kind: 'customer', role: null, customerId, locale: null });
const staffViewer = (role: 'support' | 'finance' | 'admin'): Viewer => ({ userId: 'usr_s', email: 's@example.com', name: null, kind: 'staff', role, customerId: null, locale: null });

async function frenchCustomer() {
  return makeBillingCustomer(handle.db, {
    name: 'Atelier Mercier SARL',
    locale: 'fr',
    address: { line1: '12 rue des Tanneurs', city: 'Lyon', postalCode: '69002', country: 'FR' },
    taxIds: [{ type: 'eu_vat', value: 'FR83404833048' }],
    paymentTerms: { type: 'net', days: 30 },
    collectionMethod: 'send_invoice',
  });
}

describe('invoice PDF', () => {
  it('French B2B, 20 % VAT, in French: parties, VAT numbers, lines, discount, VAT per rate, totals, terms and the legal mentions', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(
      customer,
      [
        line('Formule Pro', 4900n, { periodStart: may.start, periodEnd: may.end }),
        line('Sièges supplémentaires', 4500n, { quantity: 3n, unitAmountDecimal: '1500', periodStart: may.start, periodEnd: may.end }),
        line('Temps non utilisé sur Starter', -1000n, { proration: true, unitAmountDecimal: null, periodStart: new Date('2026-05-15T00:00:00Z'), periodEnd: may.end }),
      ],
      { percentOff: '10' },
    );
    // 49 + 45 − 10 = 84.00; 10 % off the two positive lines = 9.40; VAT 20 % of 74.60 = 14.92; total 89.52.
    expect(invoice).toMatchObject({ subtotalMinor: 8400n, discountMinor: 940n, taxMinor: 1492n, totalMinor: 8952n });
    const pdf = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    keep('invoice-fr-domestic', pdf);
    expect(pdf.filename).toBe(`${invoice.number}.pdf`);
    const { text } = await textOf(pdf);

    expect(text).toContain('Facture');
    expect(text).toContain(invoice.number!);
    expect(text).toContain('Nimbus SAS');
    expect(text).toContain('FR36851234566'); // seller's VAT number
    expect(text).toContain('Atelier Mercier SARL');
    expect(text).toContain('FR83404833048'); // buyer's VAT number
    expect(text).toContain('12 rue des Tanneurs');
    for (const amount of ['49,00 €', '15,00 €', '45,00 €', '-10,00 €', '84,00 €', '-9,40 €', '14,92 €', '89,52 €', '74,60 €']) expect(text).toContain(amount);
    expect(text).toContain('TVA 20 %');
    expect(text).toContain('Total TTC');
    expect(text).toContain('Prorata');
    expect(text).toContain('1 mai 2026 – 1 juin 2026');
    expect(text).toContain('5 mai 2026'); // date of issue
    expect(text).toContain('4 juin 2026'); // due: net 30
    expect(text).toContain('À 30 jours');
    expect(text).toContain(invoice.paymentReference!);
    expect(text).toContain('taux d’intérêt légal × 3');
    expect(text).toContain('indemnité forfaitaire pour frais de recouvrement de 40 €');
    expect(text).toContain('Pas d’escompte pour paiement anticipé');
    expect(text).not.toContain('Autoliquidation');
    expect(text).not.toMatch(/Invoice|Due date/);
  });

  it('reverse charge to a German business, in English: 0 % VAT, both VAT numbers, "Autoliquidation" and the Article 196 mention', async () => {
    const customer = await makeBillingCustomer(handle.db, {
      name: 'Fischer Logistik GmbH',
      email: 'lena@fischer-logistik.example',
      address: { line1: 'Hafenstraße 7', city: 'Hamburg', postalCode: '20457', country: 'DE' },
      taxIds: [{ type: 'eu_vat', value: 'DE136695976' }],
    });
    const invoice = await issue(customer, [line('Business plan', 29900n, { periodStart: may.start, periodEnd: may.end })]);
    expect(invoice.taxMinor).toBe(0n);
    const pdf = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    keep('invoice-de-reverse-charge', pdf);
    const { text } = await textOf(pdf);
    expect(text).toContain('Invoice');
    expect(text).toContain('DE136695976');
    expect(text).toContain('FR36851234566');
    expect(text).toContain('Hafenstraße 7');
    expect(text).toContain('Germany');
    expect(text).toContain('Reverse charge — VAT due by the customer, Article 196 of Council Directive 2006/112/EC');
    // A French merchant's invoice carries the French wording too, whatever the reader's language.
    expect(text).toContain('Autoliquidation');
    expect(text).toContain('VAT 0 %');
    expect(text).toContain('€299.00');
    expect(text).toMatch(/Total €299\.00/);
    expect(text).toContain('three times the French legal interest rate');
    expect(text).toContain('€40');
    expect(text).toContain('Due on receipt');
  });

  it('JPY has no decimals: ¥1,100, never ¥11.00, and a sub-yen unit price keeps its decimals', async () => {
    const customer = await makeBillingCustomer(handle.db, { name: 'Sakura Koubou', currency: 'JPY', address: { line1: '1-2-3 Ginza', city: 'Tokyo', postalCode: '104-0061', country: 'JP' } });
    const invoice = await issue(customer, [line('Starter plan', 1100n), line('API calls', 1500n, { quantity: 3000n, unitAmountDecimal: '0.5' })]);
    const pdf = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    keep('invoice-jpy', pdf);
    const { text } = await textOf(pdf);
    expect(invoice.totalMinor).toBe(2600n);
    expect(text).toContain('¥1,100');
    expect(text).toContain('¥1,500');
    expect(text).toContain('¥2,600');
    expect(text).toContain('¥0.5');
    expect(text).toContain('3,000');
    expect(text).not.toContain('¥11.00');
    expect(text).not.toContain('¥26.00');
  });

  it('is deterministic: the same invoice renders the same bytes, however often and whenever', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(customer, [line('Formule Pro', 4900n)]);
    const first = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a clock-based date would now differ
    const second = await staffInvoicePdf(handle.db, staffViewer('support'), invoice.id);
    const third = await renderInvoicePdf(await loadInvoiceDocument(handle.db, invoice));
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(Buffer.from(third.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    // The PDF's own dates are the finalisation time.
    const { info } = (await (await getDocumentProxy(new Uint8Array(first.bytes))).getMetadata()) as unknown as { info: Record<string, string> };
    expect(info.CreationDate).toMatch(/^D:20260505093000Z/);
  });

  it('prints the customer and merchant frozen at finalisation, not as they are today', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(customer, [line('Formule Pro', 4900n)]);
    const before = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    const { customers } = await import('@/db/schema');
    await handle.db.update(customers).set({ name: 'Renamed Later SAS', addressLine1: '99 avenue Nouvelle' }).where(eq(customers.id, customer.id));
    const after = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(true);
    expect((await textOf(after)).text).not.toContain('Renamed Later');
  });

  it('breaks 60 lines with long descriptions over pages, every line and the totals printed, pages numbered', async () => {
    const customer = await makeBillingCustomer(handle.db, { name: 'Nordlys Design', address: { line1: 'Storgata 1', city: 'Oslo', postalCode: '0155', country: 'NO' } });
    const lines = Array.from({ length: 60 }, (_, index) =>
      line(
        index % 7 === 3
          ? `Line ${index + 1}: consulting on the migration of the reporting warehouse, including workshops with the finance team, a written handover and two follow-up calls`
          : `Line ${index + 1}: usage block`,
        BigInt(1000 + index),
        { periodStart: may.start, periodEnd: may.end },
      ),
    );
    const invoice = await issue(customer, lines);
    const pdf = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    keep('invoice-60-lines', pdf);
    const { text, pages } = await textOf(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let index = 1; index <= 60; index += 1) expect(text).toContain(`Line ${index}:`);
    expect(text).toContain('two follow-up calls');
    expect(text).toContain(`Page ${pages} of ${pages}`);
    const total = (await getInvoiceWithLines(handle.db, invoice.id)).totalMinor;
    expect(text).toContain(`Amount remaining ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(Number(total) / 100)}`);
  });

  it('a paid invoice says so, with what was paid and nothing remaining', async () => {
    const customer = await makeBillingCustomer(handle.db, { name: 'Wiener Kaffeehaus', address: { country: 'AT' } });
    const invoice = await issue(customer, [line('Pro plan', 4900n)]);
    await handle.db.update(invoices).set({ status: 'paid', paidAt: new Date('2026-05-06T10:00:00Z'), amountPaidMinor: invoice.totalMinor, amountRemainingMinor: 0n }).where(eq(invoices.id, invoice.id));
    const pdf = await customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id);
    keep('invoice-paid', pdf);
    const { text } = await textOf(pdf);
    expect(text).toContain('Paid on 6 May 2026');
    expect(text).toContain('Amount paid -€58.80'); // Austrian VAT 20 % (destination rate)
    expect(text).toContain('Amount remaining €0.00');
  });
});

describe('credit-note PDF', () => {
  it('names the invoice it credits, the reason, the lines, the VAT share and where the credit went, in French', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(customer, [line('Installation', 5000n), line('Formation', 5000n)]);
    const { lines } = await getInvoiceWithLines(handle.db, invoice.id);
    const note = await createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'order_change', memo: 'Formation annulée à la demande du client', lines: [{ lineId: lines[1]!.id }] }, new Date('2026-05-10T08:00:00Z'));
    const pdf = await customerCreditNotePdf(handle.db, customerViewer(customer.id), note.id);
    keep('credit-note-fr', pdf);
    expect(pdf.filename).toBe(`${note.number}.pdf`);
    const { text } = await textOf(pdf);
    expect(text).toContain('Avoir');
    expect(text).toContain(note.number);
    expect(text).toContain(invoice.number!);
    expect(text).toContain('Modification de la commande');
    expect(text).toContain('Formation annulée à la demande du client');
    expect(text).toContain('Formation');
    expect(text).toContain('60,00 €'); // 50 + 20 % VAT
    expect(text).toContain('10,00 €');
    expect(text).toContain('50,00 €');
    expect(text).toContain('Déduit du montant dû sur la facture');
    expect(text).toContain('FR83404833048');
    expect(text).toContain('10 mai 2026');
    const again = await customerCreditNotePdf(handle.db, customerViewer(customer.id), note.id);
    expect(Buffer.from(again.bytes).equals(Buffer.from(pdf.bytes))).toBe(true);
  });
});

async function succeededPayment(invoice: InvoiceRow, method: { type: 'card' | 'sepa_debit'; brand?: string; last4: string } | null) {
  const methodId = method ? newId('pmeth') : null;
  if (method) {
    await handle.db.insert(paymentMethods).values({
      id: methodId!, customerId: invoice.customerId, gateway: 'sandbox', gatewayPaymentMethodId: `pm_${methodId}`, type: method.type, brand: method.brand ?? null, last4: method.last4,
    });
  }
  const id = newId('pay');
  await handle.db.insert(payments).values({
    id, invoiceId: invoice.id, customerId: invoice.customerId, attempt: 1, gateway: method ? 'sandbox' : 'bank_transfer', paymentMethodId: methodId,
    idempotencyKey: `${invoice.id}:1`, amountMinor: invoice.amountDueMinor, currency: invoice.currency, status: 'succeeded',
    initiatedBy: method ? 'customer' : 'bank_transfer', settledAt: new Date('2026-05-07T14:20:00Z'),
  });
  return id;
}

describe('receipt PDF', () => {
  it('card payment, in English: merchant, customer, date, brand and last 4, amount, invoice number', async () => {
    const customer = await makeBillingCustomer(handle.db, { name: 'Dublin Code Works', address: { line1: '5 Grand Canal Quay', city: 'Dublin', postalCode: 'D02', country: 'IE' } });
    const invoice = await issue(customer, [line('Team plan', 10000n)]);
    const paymentId = await succeededPayment(invoice, { type: 'card', brand: 'visa', last4: '4242' });
    const pdf = await customerReceiptPdf(handle.db, customerViewer(customer.id), paymentId);
    keep('receipt-card-en', pdf);
    expect(pdf.filename).toBe(`receipt-${invoice.number}-R1.pdf`);
    const { text } = await textOf(pdf);
    expect(text).toContain('Receipt');
    expect(text).toContain('Nimbus SAS');
    expect(text).toContain('Dublin Code Works');
    expect(text).toContain('7 May 2026');
    expect(text).toContain('Visa ending in 4242');
    expect(text).toContain('€123.00'); // Irish VAT 23 %
    expect(text).toContain(invoice.number!);
    const again = await customerReceiptPdf(handle.db, customerViewer(customer.id), paymentId);
    expect(Buffer.from(again.bytes).equals(Buffer.from(pdf.bytes))).toBe(true);
  });

  it('SEPA debit and bank transfer, in French', async () => {
    const customer = await frenchCustomer();
    const sepaInvoice = await issue(customer, [line('Formule Pro', 4900n)]);
    const sepa = await textOf(await customerReceiptPdf(handle.db, customerViewer(customer.id), await succeededPayment(sepaInvoice, { type: 'sepa_debit', last4: '3000' })));
    expect(sepa.text).toContain('Reçu');
    expect(sepa.text).toContain('Prélèvement SEPA, compte se terminant par 3000');
    expect(sepa.text).toContain('58,80 €');
    expect(sepa.text).toContain('7 mai 2026');
    const transferInvoice = await issue(customer, [line('Formule Pro', 4900n)]);
    const transfer = await customerReceiptPdf(handle.db, customerViewer(customer.id), await succeededPayment(transferInvoice, null));
    keep('receipt-transfer-fr', transfer);
    expect((await textOf(transfer)).text).toContain('Virement bancaire');
  });
});

describe('who may fetch a document', () => {
  it('another customer’s invoice, credit note or receipt answers exactly like a missing one', async () => {
    const owner = await frenchCustomer();
    const other = await makeBillingCustomer(handle.db, { name: 'Lisboa Azulejos', address: { country: 'PT' } });
    const invoice = await issue(owner, [line('Formule Pro', 4900n)]);
    const { lines } = await getInvoiceWithLines(handle.db, invoice.id);
    const note = await createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'goodwill', lines: [{ lineId: lines[0]!.id, amount: 100 }] }, finalisedAt);
    const paymentId = await succeededPayment(invoice, { type: 'card', brand: 'visa', last4: '4242' });
    const intruder = customerViewer(other.id);

    const refusals = await Promise.all([
      customerInvoicePdf(handle.db, intruder, invoice.id).catch((error) => error),
      customerInvoicePdf(handle.db, intruder, 'in_doesnotexist00000000').catch((error) => error),
      customerCreditNotePdf(handle.db, intruder, note.id).catch((error) => error),
      customerCreditNotePdf(handle.db, intruder, 'cn_doesnotexist00000000').catch((error) => error),
      customerReceiptPdf(handle.db, intruder, paymentId).catch((error) => error),
      customerReceiptPdf(handle.db, intruder, 'pay_doesnotexist0000000').catch((error) => error),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'NOT_FOUND', message: 'No such document.' });

    const answers = await Promise.all(refusals.map((refusal) => pdfResponse(() => Promise.reject(refusal))));
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([404]));
    expect(new Set(bodies)).toEqual(new Set(['Not found.']));

    // The owner gets all three.
    const viewer = customerViewer(owner.id);
    await expect(customerInvoicePdf(handle.db, viewer, invoice.id)).resolves.toMatchObject({ filename: `${invoice.number}.pdf` });
    await expect(customerCreditNotePdf(handle.db, viewer, note.id)).resolves.toMatchObject({ filename: `${note.number}.pdf` });
    await expect(customerReceiptPdf(handle.db, viewer, paymentId)).resolves.toBeTruthy();
  });

  it('signed out: 401; staff on the customer route: 404; a customer on the staff route: 403; any staff role on the staff route: the PDF', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(customer, [line('Formule Pro', 4900n)]);
    await expect(customerInvoicePdf(handle.db, null, invoice.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(customerInvoicePdf(handle.db, staffViewer('admin'), invoice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(staffInvoicePdf(handle.db, null, invoice.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(staffInvoicePdf(handle.db, customerViewer(customer.id), invoice.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const role of ['support', 'finance', 'admin'] as const) {
      await expect(staffInvoicePdf(handle.db, staffViewer(role), invoice.id)).resolves.toMatchObject({ filename: `${invoice.number}.pdf` });
    }
    await expect(staffInvoicePdf(handle.db, staffViewer('support'), 'in_doesnotexist00000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a draft has no PDF: a customer gets 404, staff get 409 saying why', async () => {
    const customer = await frenchCustomer();
    const draft = await createDraftInvoice(handle.db, {
      customer, subscriptionId: null, billingReason: 'manual', collectionMethod: 'send_invoice', periodStart: null, periodEnd: null, lines: [line('Formule Pro', 4900n)], discount: null, now: finalisedAt,
    });
    await expect(customerInvoicePdf(handle.db, customerViewer(customer.id), draft!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const refusal = await staffInvoicePdf(handle.db, staffViewer('admin'), draft!.id).catch((error) => error);
    expect(refusal).toMatchObject({ code: 'CONFLICT' });
    const answer = await pdfResponse(() => Promise.reject(refusal));
    expect(answer.status).toBe(409);
    expect(await answer.text()).toMatch(/draft.*finalised/);
  });

  it('the hosted link’s token opens its one invoice, signed out; a wrong token is a 404', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(customer, [line('Formule Pro', 4900n)]);
    const pdf = await hostedInvoicePdf(handle.db, invoice.hostedToken!);
    expect((await textOf(pdf)).text).toContain(invoice.number!);
    await expect(hostedInvoicePdf(handle.db, 'x'.repeat(40))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(hostedInvoicePdf(handle.db, "' or 1=1 --")).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a PDF inline, named after the document, never stored by a shared cache', async () => {
    const customer = await frenchCustomer();
    const invoice = await issue(customer, [line('Formule Pro', 4900n)]);
    const answer = await pdfResponse(() => customerInvoicePdf(handle.db, customerViewer(customer.id), invoice.id));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toBe(`inline; filename="${invoice.number}.pdf"`);
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  });
});

describe('document wording', () => {
  it('has every text in English and French', () => {
    const keys = (value: object): string[] =>
      Object.entries(value).flatMap(([key, entry]) => (entry && typeof entry === 'object' ? keys(entry).map((inner) => `${key}.${inner}`) : [key])).sort();
    expect(keys(documentCopy.fr)).toEqual(keys(documentCopy.en));
  });
});
