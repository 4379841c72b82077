// Invoice and receipt PDFs through the production server: a signed-in customer opens her own and
// gets the same 404 for another customer's as for an id that does not exist; the hosted link's PDF
// opens signed out; staff open any invoice's. The text is read back out of the PDF bytes.
import type { APIResponse } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { contacts, expect, issueApiKey, signInAsCustomer, test } from './fixtures';

type Rest = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function pdfText(response: APIResponse): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(await response.body()));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');
}

function expectPdf(response: APIResponse, filename: string) {
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(response.headers()['content-disposition']).toBe(`inline; filename="${filename}"`);
  expect(response.headers()['cache-control']).toBe('private, no-store');
}

test.describe('documents', () => {
  let api: Rest;
  test.beforeEach(async ({ adminPage, request }) => {
    const secret = await issueApiKey(adminPage, `Documents ${Date.now().toString(36)}`);
    api = async (method, path, body) => {
      const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
      return { status: response.status(), body: await response.json() };
    };
  });

  const customerIdOf = async (email: string) => {
    const found = await api('GET', `/customers?email=${encodeURIComponent(email)}`);
    expect(found.body.data, `a demo customer billed at ${email}`).toHaveLength(1);
    return found.body.data[0].id as string;
  };
  /** A new monthly EUR subscription whose first invoice is sent to pay (so it stays open until the spec pays it). */
  const openInvoiceFor = async (customerId: string) => {
    const prices = (await api('GET', '/prices?limit=100')).body.data as Array<{ id: string; currency: string; type: string; active: boolean; recurring?: { usageType?: string } | null }>;
    const price = prices.find((p) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType !== 'metered')!;
    const created = await api('POST', '/subscriptions', { customerId, items: [{ priceId: price.id }], collectionMethod: 'send_invoice' });
    expect(created.status).toBe(201);
    return (await api('GET', `/invoices/${created.body.latestInvoiceId}`)).body as { id: string; number: string; status: string; hostedUrl?: string | null };
  };
  /** Pays the invoice with a saved test Visa; returns the succeeded payment's id. */
  const payByCard = async (customerId: string, invoiceId: string) => {
    expect((await api('POST', `/customers/${customerId}/payment-methods`, { token: 'pm_card_visa' })).status).toBe(201);
    const paid = await api('POST', `/invoices/${invoiceId}/pay`, {});
    expect(paid.body.status).toBe('succeeded');
    return paid.body.id as string;
  };

  test('a signed-in customer opens her invoice and receipt PDFs; another customer’s answer 404 like missing ones', async ({ browser }) => {
    const ingridId = await customerIdOf(contacts.ingrid.email);
    const beatrizId = await customerIdOf(contacts.beatriz.email);
    const invoice = await openInvoiceFor(ingridId);
    const paymentId = await payByCard(ingridId, invoice.id);
    const othersInvoice = await openInvoiceFor(beatrizId);
    const othersPaymentId = await payByCard(beatrizId, othersInvoice.id);

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAsCustomer(page, contacts.ingrid.email);

    const invoicePdf = await page.request.get(`/invoices/${invoice.id}/pdf`);
    expectPdf(invoicePdf, `${invoice.number}.pdf`);
    const invoiceText = await pdfText(invoicePdf);
    expect(invoiceText).toContain(invoice.number);
    expect(invoiceText).toContain('Nordlys Design');
    expect(invoiceText).toMatch(/Paid on /);

    const receiptPdf = await page.request.get(`/receipts/${paymentId}/pdf`);
    expect(receiptPdf.status()).toBe(200);
    const receiptText = await pdfText(receiptPdf);
    expect(receiptText).toContain('Receipt');
    expect(receiptText).toContain(invoice.number);
    expect(receiptText).toContain('Visa ending in 4242');

    // Beatriz's documents and ids that do not exist: the same 404, the same body.
    const refusals = await Promise.all(
      [`/invoices/${othersInvoice.id}/pdf`, '/invoices/in_doesnotexist00000000000/pdf', `/receipts/${othersPaymentId}/pdf`, '/receipts/pay_doesnotexist0000000000/pdf', '/credit-notes/cn_doesnotexist00000000000/pdf'].map(
        (path) => page.request.get(path),
      ),
    );
    for (const refusal of refusals) {
      expect(refusal.status()).toBe(404);
      expect(await refusal.text()).toBe('Not found.');
    }
    await context.close();
  });

  test('signed out: the hosted link’s PDF opens, the portal’s answers 401; staff open any invoice’s', async ({ request, adminPage }) => {
    const invoice = await openInvoiceFor(await customerIdOf(contacts.felix.email));
    expect((await request.get(`/invoices/${invoice.id}/pdf`)).status()).toBe(401);
    expect((await request.get(`/staff/invoices/${invoice.id}/pdf`)).status()).toBe(401);

    if (invoice.hostedUrl) {
      const hosted = await request.get(`${invoice.hostedUrl}/pdf`);
      expectPdf(hosted, `${invoice.number}.pdf`);
      expect(await pdfText(hosted)).toContain(invoice.number);
      expect((await request.get(`/i/${'x'.repeat(40)}/pdf`)).status()).toBe(404);
    } else {
      test.info().annotations.push({ type: 'skipped part', description: 'REST invoices carry hostedUrl once the hosted-page branch is merged' });
    }

    const reverseCharge = await openInvoiceFor(await customerIdOf(contacts.lena.email));
    const staffPdf = await adminPage.request.get(`/staff/invoices/${reverseCharge.id}/pdf`);
    expectPdf(staffPdf, `${reverseCharge.number}.pdf`);
    const text = await pdfText(staffPdf);
    expect(text).toContain('DE136695976');
    expect(text).toContain('Autoliquidation');
  });
});
