// A payment's receipt e-mail carries its receipt PDF, and an admin sees the attachment in the
// Mailbox and opens it (the stored bytes, read back as text). Screenshots of the message page at
// desktop and phone width, in English and French.
import { mkdirSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { expect, issueApiKey, newAdminContext, screenshotDir, servers, test, trpcQuery, uniqueEmail } from './fixtures';

type Rest = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('the receipt e-mail carries the receipt PDF, shown and opened in the Mailbox', async ({ adminPage, request, browser }) => {
  const secret = await issueApiKey(adminPage, `Mail ${Date.now().toString(36)}`);
  const api: Rest = async (method, path, body) => {
    const response = await request.fetch(`${servers.outbox.url}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
    return { status: response.status(), body: await response.json() };
  };
  const email = uniqueEmail('receipt');
  const customer = (await api('POST', '/customers', { name: 'Atelier Reçu', email, currency: 'EUR', address: { line1: '3 rue des Arts', city: 'Lyon', postalCode: '69001', country: 'FR' } })).body;
  const prices = (await api('GET', '/prices?limit=100')).body.data as Array<{ id: string; currency: string; type: string; active: boolean; recurring?: { usageType?: string } | null }>;
  const price = prices.find((p) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType !== 'metered')!;
  const subscription = await api('POST', '/subscriptions', { customerId: customer.id, items: [{ priceId: price.id }], collectionMethod: 'send_invoice' });
  expect(subscription.status).toBe(201);
  const invoice = (await api('GET', `/invoices/${subscription.body.latestInvoiceId}`)).body as { id: string; number: string };
  expect((await api('POST', `/customers/${customer.id}/payment-methods`, { token: 'pm_card_visa' })).status).toBe(201);
  const paid = await api('POST', `/invoices/${invoice.id}/pay`, {});
  expect(paid.body.status).toBe('succeeded');

  // The receipt is written by a job: wait for it in the outbox.
  let messageId = '';
  await expect
    .poll(
      async () => {
        const listed = await trpcQuery(adminPage.request, 'staff.mailbox.list', { to: email, limit: 50 });
        const rows = ((listed.json as { result?: { data?: { json?: Array<{ id: string; kind: string }> } } })?.result?.data?.json ?? []).filter((row) => row.kind === 'payment_receipt');
        messageId = rows[0]?.id ?? '';
        return messageId;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');

  const filename = `receipt-${invoice.number}-R1.pdf`;
  await adminPage.goto(`/staff/mailbox/${messageId}`);
  const attachments = adminPage.getByTestId('message-attachments');
  await expect(attachments).toContainText(filename);
  await expect(attachments).toContainText('application/pdf');
  const href = await attachments.getByRole('link', { name: 'Open' }).getAttribute('href');
  const pdf = await adminPage.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), { mergePages: true });
  expect(text).toContain(`${invoice.number}-R1`);
  expect(text).toContain('Atelier Reçu');

  // Not for anyone else: signed out, the attachment is refused.
  expect((await request.get(`${servers.outbox.url}${href}`, { headers: { cookie: '' } })).status()).toBe(401);

  mkdirSync(screenshotDir, { recursive: true });
  for (const locale of ['en', 'fr'] as const) {
    for (const width of [1280, 390]) {
      const context = await newAdminContext(browser, { viewport: { width, height: width < 600 ? 844 : 800 }, locale: locale === 'fr' ? 'fr-FR' : 'en-US' });
      await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
      const page = await context.newPage();
      await page.goto(`/staff/mailbox/${messageId}`);
      await expect(page.getByTestId('message-attachments')).toContainText(filename);
      await expect(page.getByRole('heading', { level: 2, name: locale === 'fr' ? 'Pièces jointes' : 'Attachments' })).toBeVisible();
      await page.screenshot({ path: `${screenshotDir}/mailbox-attachment-${locale}-${width}.png`, fullPage: true });
      await context.close();
    }
  }
});
