// Payments through the production server, its sandbox processor (a process of its own) and the
// webhook route: a card charged at once, then a SEPA debit that settles only when the simulated
// clock — and with it the sandbox's — has moved past its business days.
import { expect, issueApiKey, servers, test, uniqueEmail } from './fixtures';

const sandboxUrl = `http://127.0.0.1:${servers.outbox.port + 10_000}`;

test('a backend saves methods and pays invoices by card and by SEPA debit; the debit settles by webhook as the clock moves', async ({ adminPage, request }) => {
  const secret = await issueApiKey(adminPage, `Payments ${Date.now().toString(36)}`);
  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
    return { status: response.status(), body: await response.json() };
  };
  // A licensed plan: a metered one bills nothing in advance, so it would issue no invoice to pay.
  type Price = { id: string; currency: string; type: string; active: boolean; recurring: { usageType: string } | null };
  const price = (await api('GET', '/prices?limit=100')).body.data.find((p: Price) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType === 'licensed');
  const newCustomer = async (name: string) =>
    (await api('POST', '/customers', { name, email: uniqueEmail('payer'), currency: 'EUR', address: { line1: '3 rue des Arts', city: 'Lyon', postalCode: '69001', country: 'FR' } })).body;
  // Sent to pay, not charged automatically: this backend pays its invoices itself.
  const openInvoice = async (customerId: string) => (await api('POST', '/subscriptions', { customerId, items: [{ priceId: price.id }], trialDays: 0, collectionMethod: 'send_invoice' })).body.latestInvoiceId as string;

  // By card: saved from a test token, charged at once.
  const cardholder = await newCustomer('Card Payer SARL');
  const card = await api('POST', `/customers/${cardholder.id}/payment-methods`, { token: 'pm_card_visa' });
  expect(card.status).toBe(201);
  expect(card.body).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true });
  const cardInvoice = await openInvoice(cardholder.id);
  const charged = await api('POST', `/invoices/${cardInvoice}/pay`, {});
  expect(charged.body).toMatchObject({ status: 'succeeded', attempt: 1 });
  expect((await api('GET', `/invoices/${cardInvoice}`)).body.status).toBe('paid');

  // By SEPA debit: the IBAN goes to the sandbox (with its publishable key), never to Settle.
  const debtor = await newCustomer('Debit Payer SAS');
  const form = new URLSearchParams({ type: 'sepa_debit', 'sepa_debit[iban]': 'DE89370400440532013000', 'billing_details[name]': 'Debit Payer SAS', 'billing_details[email]': debtor.email });
  const tokenized = await request.post(`${sandboxUrl}/v1/payment_methods`, { headers: { Authorization: 'Bearer pk_test_sandbox_settle_demo_key', 'Content-Type': 'application/x-www-form-urlencoded' }, data: form.toString() });
  expect(tokenized.status()).toBe(200);
  const mandate = { acceptedAt: new Date().toISOString(), ipAddress: '203.0.113.9', userAgent: 'Playwright' };
  const debit = await api('POST', `/customers/${debtor.id}/payment-methods`, { token: (await tokenized.json()).id, type: 'sepa_debit', mandate });
  expect(debit.body).toMatchObject({ type: 'sepa_debit', last4: '3000' });
  const debitInvoice = await openInvoice(debtor.id);
  const pending = await api('POST', `/invoices/${debitInvoice}/pay`, {});
  expect(pending.body.status).toBe('processing');
  // A second "pay" while the bank works returns the same attempt.
  expect((await api('POST', `/invoices/${debitInvoice}/pay`, {})).body.id).toBe(pending.body.id);

  expect((await api('POST', '/clock/advance', { days: 7 })).status).toBe(200);
  await expect.poll(async () => (await api('GET', `/payments/${pending.body.id}`)).body.status, { timeout: 20_000 }).toBe('succeeded');
  expect((await api('GET', `/invoices/${debitInvoice}`)).body.status).toBe('paid');
});

test('the production webhook route refuses a forged event with 400 and a genuine-looking unknown gateway with 404', async ({ request }) => {
  const forged = await request.post('/api/webhooks/stripe', { headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' }, data: '{"id":"evt_forged","object":"event"}' });
  expect(forged.status()).toBe(400);
  expect((await forged.json()).error.code).toBe('INVALID_SIGNATURE');
  const unsigned = await request.post('/api/webhooks/stripe', { headers: { 'content-type': 'application/json' }, data: '{"id":"evt_unsigned"}' });
  expect(unsigned.status()).toBe(400);
  expect((await request.post('/api/webhooks/paypal', { data: '{}' })).status()).toBe(404);
});
