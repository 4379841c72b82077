import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createDraftInvoice } from '../invoices';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  call = apiClient(handle, { secret: setup.secret, simulation: true });
});
afterAll(() => handle.close());

/** A customer billed 10.00 + 20 % VAT a month, and the open invoice of its first period. */
async function subscribedCustomer(unitAmount = 1000) {
  const customer = await makeBillingCustomer(handle.db);
  const price = await makePrice(handle.db, { unitAmount });
  const subscription = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }] } })).body;
  const invoice = (await call('GET', `/v1/invoices/${subscription.latestInvoiceId}`)).body;
  return { customer, price, subscription, invoice };
}

describe('/v1/invoices', () => {
  it('shows an invoice with its lines, in minor units', async () => {
    const { customer, price, subscription, invoice } = await subscribedCustomer();
    expect(invoice).toEqual({
      id: subscription.latestInvoiceId,
      number: expect.any(String),
      status: 'open',
      customerId: customer.id,
      subscriptionId: subscription.id,
      currency: 'EUR',
      billingReason: 'subscription_create',
      collectionMethod: 'charge_automatically',
      subtotal: 1000,
      discountTotal: 0,
      taxTotal: 200,
      total: 1200,
      creditApplied: 0,
      amountDue: 1200,
      amountPaid: 0,
      amountRemaining: 1200,
      dueDate: expect.any(String),
      periodStart: subscription.currentPeriodStart,
      periodEnd: subscription.currentPeriodEnd,
      finalizedAt: expect.any(String),
      paidAt: null,
      paymentReference: expect.stringMatching(/^SETTLE-/),
      // The e-mailed link of the hosted invoice page: the public URL and the invoice's unguessable token.
      hostedUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/i\/[0-9a-z]{40}$/),
      lines: [
        {
          id: expect.stringMatching(/^il_/),
          description: expect.any(String),
          priceId: price.id,
          quantity: 1,
          unitAmountDecimal: '1000',
          unitAmount: 1000,
          amount: 1000,
          periodStart: subscription.currentPeriodStart,
          periodEnd: subscription.currentPeriodEnd,
          proration: false,
          discountAmount: 0,
          taxAmount: 200,
          taxRate: '20',
        },
      ],
    });
  });

  it('lists a customer’s invoices without lines, by status, page by page', async () => {
    const { customer, invoice } = await subscribedCustomer();
    const list = await call('GET', `/v1/invoices?customerId=${customer.id}`);
    expect(list.status).toBe(200);
    const { lines: _lines, ...summary } = invoice;
    expect(list.body).toEqual({ data: [summary], hasMore: false, nextCursor: null });
    expect((await call('GET', `/v1/invoices?customerId=${customer.id}&status=paid,void`)).body.data).toEqual([]);
    const page = await call('GET', '/v1/invoices?limit=1');
    expect(page.body).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
    expect((await call('GET', `/v1/invoices?limit=1&cursor=${page.body.nextCursor}`)).status).toBe(200);
  });

  it('refuses bad list parameters, naming them', async () => {
    expect((await call('GET', '/v1/invoices?status=late')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'status' });
    expect((await call('GET', '/v1/invoices?limit=0')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'limit' });
    expect((await call('GET', '/v1/invoices?cursor=nonsense!')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'cursor' });
    expect((await call('GET', '/v1/invoices?customer=cus_x')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'customer' });
  });

  it('answers 404 for an unknown invoice, to read or to move', async () => {
    const response = await call('GET', '/v1/invoices/in_nope');
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({ code: 'NOT_FOUND', message: 'No invoice in_nope.', param: 'id' });
    for (const action of ['finalize', 'void', 'mark-uncollectible']) expect((await call('POST', `/v1/invoices/in_nope/${action}`)).status).toBe(404);
  });

  it('voids an open invoice once, and refuses to void a paid one (409 INVOICE_NOT_OPEN)', async () => {
    const { invoice } = await subscribedCustomer();
    const voided = await call('POST', `/v1/invoices/${invoice.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body).toEqual({ ...invoice, status: 'void', amountRemaining: 0 });
    const again = await call('POST', `/v1/invoices/${invoice.id}/void`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'INVOICE_NOT_OPEN', param: 'id' });

    // A credit note for the whole amount settles an open invoice.
    const paid = (await subscribedCustomer()).invoice;
    await call('POST', '/v1/credit-notes', { body: { invoiceId: paid.id, reason: 'goodwill', amount: paid.total } });
    expect((await call('GET', `/v1/invoices/${paid.id}`)).body.status).toBe('paid');
    const refused = await call('POST', `/v1/invoices/${paid.id}/void`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'INVOICE_NOT_OPEN', message: expect.stringContaining('is paid') });
  });

  it('marks an open invoice uncollectible', async () => {
    const { invoice } = await subscribedCustomer();
    const marked = await call('POST', `/v1/invoices/${invoice.id}/mark-uncollectible`);
    expect(marked.body).toMatchObject({ status: 'uncollectible', amountRemaining: 1200 });
    expect((await call('POST', `/v1/invoices/${invoice.id}/mark-uncollectible`)).body.error.code).toBe('INVOICE_NOT_OPEN');
  });

  it('finalises a draft once: a number, a due date, the credit balance applied', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const draft = await createDraftInvoice(handle.db, {
      customer,
      subscriptionId: null,
      billingReason: 'manual',
      collectionMethod: 'send_invoice',
      periodStart: null,
      periodEnd: null,
      lines: [{ description: 'Set-up', priceId: null, productId: null, subscriptionItemId: null, quantity: 1n, unitAmountDecimal: null, amountMinor: 5000n, taxBehavior: 'exclusive', periodStart: null, periodEnd: null, proration: false }],
      discount: null,
      now: testNow,
    });
    const shown = await call('GET', `/v1/invoices/${draft!.id}`);
    expect(shown.body).toMatchObject({ status: 'draft', number: null, finalizedAt: null, total: 6000, lines: [{ description: 'Set-up', unitAmountDecimal: null, amount: 5000 }] });
    expect(shown.body.lines[0].unitAmount).toBeUndefined();
    const finalized = await call('POST', `/v1/invoices/${draft!.id}/finalize`);
    expect(finalized.status).toBe(200);
    expect(finalized.body).toMatchObject({ status: 'open', number: expect.any(String), finalizedAt: expect.any(String), dueDate: expect.any(String), amountDue: 6000 });
    const again = await call('POST', `/v1/invoices/${draft!.id}/finalize`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVOICE_NOT_DRAFT');
  });

  it('shows a renewal invoice once the simulated clock passes the period end', async () => {
    const { customer, subscription } = await subscribedCustomer(700);
    const before = (await call('GET', `/v1/invoices?customerId=${customer.id}`)).body.data;
    expect(before).toHaveLength(1);
    const advanced = await call('POST', '/v1/clock/advance', { body: { to: new Date(new Date(subscription.currentPeriodEnd).getTime() + 60_000).toISOString() } });
    expect(advanced.status).toBe(200);
    const after = (await call('GET', `/v1/invoices?customerId=${customer.id}`)).body.data;
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ billingReason: 'subscription_cycle', subscriptionId: subscription.id, periodStart: subscription.currentPeriodEnd, total: 840, status: 'open' });
    expect((await call('GET', `/v1/subscriptions/${subscription.id}`)).body.currentPeriodStart).toBe(subscription.currentPeriodEnd);
  });
});

describe('GET /v1/customers/:id/upcoming-invoice', () => {
  it('previews the next renewal as it will be invoiced', async () => {
    const { customer, price, subscription } = await subscribedCustomer(2500);
    const response = await call('GET', `/v1/customers/${customer.id}/upcoming-invoice`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      customerId: customer.id,
      subscriptionId: subscription.id,
      currency: 'EUR',
      date: subscription.currentPeriodEnd,
      periodStart: subscription.currentPeriodEnd,
      subtotal: 2500,
      discountTotal: 0,
      taxTotal: 500,
      total: 3000,
      lines: [{ priceId: price.id, quantity: 1, amount: 2500, taxAmount: 500, proration: false }],
    });
    expect(response.body.lines[0].id).toBeUndefined();
  });

  it('answers 404 with a clear message when nothing will renew, or the customer is unknown', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const none = await call('GET', `/v1/customers/${customer.id}/upcoming-invoice`);
    expect(none.status).toBe(404);
    expect(none.body.error).toEqual({ code: 'NOT_FOUND', message: `Customer ${customer.id} has no live subscription that will renew, so there is no upcoming invoice.`, param: 'id' });
    const unknown = await call('GET', '/v1/customers/cus_nope/upcoming-invoice');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'id' });
  });
});

describe('/v1/credit-notes', () => {
  it('credits part of an open invoice, then lists it by invoice and by customer', async () => {
    const { customer, invoice } = await subscribedCustomer();
    const response = await call('POST', '/v1/credit-notes', { body: { invoiceId: invoice.id, reason: 'order_change', memo: 'Two days of downtime', amount: 600 } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^cn_/),
      number: expect.any(String),
      invoiceId: invoice.id,
      customerId: customer.id,
      currency: 'EUR',
      reason: 'order_change',
      memo: 'Two days of downtime',
      subtotal: 500,
      tax: 100,
      total: 600,
      appliedToInvoice: 600,
      creditedToBalance: 0,
      refunded: 0,
      refundId: null,
      lines: [{ lineId: null, description: 'Two days of downtime', total: 600, tax: 100 }],
      createdAt: expect.any(String),
    });
    expect((await call('GET', `/v1/invoices/${invoice.id}`)).body).toMatchObject({ status: 'open', amountRemaining: 600 });
    expect((await call('GET', `/v1/credit-notes?invoiceId=${invoice.id}`)).body).toEqual({ data: [response.body], hasMore: false, nextCursor: null });
    expect((await call('GET', `/v1/credit-notes?customerId=${customer.id}`)).body.data).toEqual([response.body]);
  });

  it('credits by line, and refuses more than is left (422 CREDIT_EXCEEDS_INVOICE)', async () => {
    const { invoice } = await subscribedCustomer();
    const byLine = await call('POST', '/v1/credit-notes', { body: { invoiceId: invoice.id, reason: 'product_unsatisfactory', lines: [{ lineId: invoice.lines[0].id, amount: 1000 }] } });
    expect(byLine.body).toMatchObject({ total: 1000, lines: [{ lineId: invoice.lines[0].id, total: 1000 }] });
    const tooMuch = await call('POST', '/v1/credit-notes', { body: { invoiceId: invoice.id, reason: 'goodwill', amount: 201 } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: 'CREDIT_EXCEEDS_INVOICE', param: 'amount' });
  });

  it('refuses to credit a void invoice (409 INVOICE_NOT_OPEN)', async () => {
    const { invoice } = await subscribedCustomer();
    await call('POST', `/v1/invoices/${invoice.id}/void`);
    const response = await call('POST', '/v1/credit-notes', { body: { invoiceId: invoice.id, reason: 'duplicate', amount: 100 } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'INVOICE_NOT_OPEN', param: 'invoiceId' });
  });

  it.each([
    ['both an amount and lines', (invoice: { id: string; lines: Array<{ id: string }> }) => ({ invoiceId: invoice.id, reason: 'goodwill', amount: 100, lines: [{ lineId: invoice.lines[0]!.id }] }), 'amount'],
    ['neither', (invoice: { id: string }) => ({ invoiceId: invoice.id, reason: 'goodwill' }), 'amount'],
    ['a negative amount', (invoice: { id: string }) => ({ invoiceId: invoice.id, reason: 'goodwill', amount: -5 }), 'amount'],
    ['a fractional amount', (invoice: { id: string }) => ({ invoiceId: invoice.id, reason: 'goodwill', amount: 1.5 }), 'amount'],
    ['an unknown reason', (invoice: { id: string }) => ({ invoiceId: invoice.id, reason: 'whim', amount: 100 }), 'reason'],
    ['a line credited beyond its total', (invoice: { id: string; lines: Array<{ id: string }> }) => ({ invoiceId: invoice.id, reason: 'goodwill', lines: [{ lineId: invoice.lines[0]!.id, amount: 5000 }] }), 'lines[0].amount'],
  ])('refuses %s with 400, naming the field', async (_name, body, param) => {
    const { invoice } = await subscribedCustomer();
    const response = await call('POST', '/v1/credit-notes', { body: body(invoice) });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param });
  });

  it('answers 404 for an unknown invoice or line, and needs a filter to list', async () => {
    const { invoice } = await subscribedCustomer();
    expect((await call('POST', '/v1/credit-notes', { body: { invoiceId: 'in_nope', reason: 'goodwill', amount: 1 } })).body.error).toMatchObject({ code: 'NOT_FOUND', param: 'invoiceId' });
    expect((await call('POST', '/v1/credit-notes', { body: { invoiceId: invoice.id, reason: 'goodwill', lines: [{ lineId: 'il_nope' }] } })).body.error).toMatchObject({ code: 'NOT_FOUND', param: 'lines[0].lineId' });
    const unfiltered = await call('GET', '/v1/credit-notes');
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.body.error.message).toBe('The query string must name an invoiceId or a customerId.');
  });
});
