import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invoices, subscriptions } from '@/db/schema';
import { previewChange } from '../subscriptions';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  // Simulation: the billing clock is a stored time that POST /v1/clock/advance moves.
  call = apiClient(handle, { secret: setup.secret, simulation: true });
});
afterAll(() => handle.close());

const clockNow = async () => new Date((await call('GET', '/v1/clock')).body.now);
const subscriptionsOf = (customerId: string) => handle.db.select().from(subscriptions).where(eq(subscriptions.customerId, customerId));
const invoicesOf = (customerId: string) => handle.db.select().from(invoices).where(eq(invoices.customerId, customerId));

describe('POST /v1/subscriptions', () => {
  it('subscribes a customer, invoices the first period at once and answers in the API shape', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const seat = await makePrice(handle.db, { unitAmount: 1000, nickname: 'Seat' });
    const response = await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: seat.id, quantity: 2 }] } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^sub_/),
      customerId: customer.id,
      status: 'active',
      currency: 'EUR',
      collectionMethod: 'charge_automatically',
      currentPeriodStart: testNow.toISOString(),
      currentPeriodEnd: '2026-07-01T09:00:00.000Z',
      billingCycleAnchor: testNow.toISOString(),
      trialEnd: null,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      endedAt: null,
      cancellationReason: null,
      couponId: null,
      items: [{ id: expect.stringMatching(/^si_/), priceId: seat.id, quantity: 2 }],
      createdAt: testNow.toISOString(),
      latestInvoiceId: expect.stringMatching(/^in_/),
    });
    const invoice = await call('GET', `/v1/invoices/${response.body.latestInvoiceId}`);
    expect(invoice.body).toMatchObject({ status: 'open', billingReason: 'subscription_create', subscriptionId: response.body.id, subtotal: 2000, taxTotal: 400, total: 2400 });

    const { latestInvoiceId: _invoiceId, ...withoutInvoice } = response.body;
    expect((await call('GET', `/v1/subscriptions/${response.body.id}`)).body).toEqual(withoutInvoice);
  });

  it('starts a trial without an invoice', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const response = await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }], trialDays: 14 } });
    expect(response.body).toMatchObject({ status: 'trialing', trialEnd: '2026-06-15T09:00:00.000Z', items: [{ quantity: 1 }] });
    expect(response.body.latestInvoiceId).toBeUndefined();
  });

  it('creates one subscription and one invoice for two requests with the same Idempotency-Key', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1500 });
    const request = { body: { customerId: customer.id, items: [{ priceId: price.id }] }, idempotencyKey: `subscribe-${customer.id}` };
    const first = await call('POST', '/v1/subscriptions', request);
    const second = await call('POST', '/v1/subscriptions', request);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await subscriptionsOf(customer.id)).toHaveLength(1);
    expect(await invoicesOf(customer.id)).toHaveLength(1);
  });

  it.each([
    ['a negative quantity', (priceId: string) => [{ priceId, quantity: -1 }], 'items[0].quantity'],
    ['a fractional quantity', (priceId: string) => [{ priceId, quantity: 1.5 }], 'items[0].quantity'],
    ['a quantity as text', (priceId: string) => [{ priceId, quantity: 'two' }], 'items[0].quantity'],
    ['no items', () => [], 'items'],
    ['an item without a price', () => [{ quantity: 1 }], 'items[0].priceId'],
    ['an unknown item field', (priceId: string) => [{ priceId, plan: 'x' }], 'items[0].plan'],
  ])('refuses %s with 400, naming the field, and creates nothing', async (_name, items, param) => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const response = await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: items(price.id) } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param });
    expect(await subscriptionsOf(customer.id)).toHaveLength(0);
  });

  it('refuses prices the customer cannot be billed together, naming the item', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const dollars = await makePrice(handle.db, { currency: 'USD', unitAmount: 1000 });
    const monthly = await makePrice(handle.db, { unitAmount: 1000 });
    const yearly = await makePrice(handle.db, { unitAmount: 1000, recurring: { interval: 'year' } });
    const currency = await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: dollars.id }] } });
    expect(currency.status).toBe(400);
    expect(currency.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'items[0].priceId', message: expect.stringContaining('USD') });
    const interval = await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: monthly.id }, { priceId: yearly.id }] } });
    expect(interval.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'items[1].priceId' });
    expect(await invoicesOf(customer.id)).toHaveLength(0);
  });

  it('answers 404 for an unknown customer or price, naming it', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const noCustomer = await call('POST', '/v1/subscriptions', { body: { customerId: 'cus_nope', items: [{ priceId: price.id }] } });
    expect(noCustomer.status).toBe(404);
    expect(noCustomer.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'customerId' });
    const noPrice = await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: 'price_nope' }] } });
    expect(noPrice.status).toBe(404);
    expect(noPrice.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'items[0].priceId' });
  });

  it('redeems a coupon, and refuses it with 422 COUPON_LIMIT_REACHED once used up', async () => {
    const coupon = (await call('POST', '/v1/coupons', { body: { code: 'ONCEONLY', percentOff: 50, duration: 'once', maxRedemptions: 1 } })).body;
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const first = await makeBillingCustomer(handle.db);
    const redeemed = await call('POST', '/v1/subscriptions', { body: { customerId: first.id, items: [{ priceId: price.id }], couponCode: 'onceonly' } });
    expect(redeemed.body.couponId).toBe(coupon.id);
    expect((await call('GET', `/v1/invoices/${redeemed.body.latestInvoiceId}`)).body).toMatchObject({ subtotal: 1000, discountTotal: 500, total: 600 });

    const second = await makeBillingCustomer(handle.db);
    const refused = await call('POST', '/v1/subscriptions', { body: { customerId: second.id, items: [{ priceId: price.id }], couponCode: 'ONCEONLY' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'COUPON_LIMIT_REACHED', param: 'couponCode' });
    expect(await subscriptionsOf(second.id)).toHaveLength(0);
    expect((await call('GET', `/v1/coupons/${coupon.id}`)).body.timesRedeemed).toBe(1);
  });
});

describe('GET /v1/subscriptions', () => {
  it('lists a customer’s subscriptions, newest first, optionally by status', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const active = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }] } })).body;
    const trialing = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }], trialDays: 7 } })).body;
    const all = await call('GET', `/v1/subscriptions?customerId=${customer.id}`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(all.body.data.map((subscription: { id: string }) => subscription.id).sort()).toEqual([active.id, trialing.id].sort());
    expect(all.body.data[0].items).toEqual(expect.any(Array));
    const onlyTrialing = await call('GET', `/v1/subscriptions?customerId=${customer.id}&status=trialing,past_due`);
    expect(onlyTrialing.body.data.map((subscription: { id: string }) => subscription.id)).toEqual([trialing.id]);
    expect((await call('GET', '/v1/subscriptions?customerId=cus_nobody')).body.data).toEqual([]);
  });

  it('requires a customer and known statuses', async () => {
    const missing = await call('GET', '/v1/subscriptions');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'customerId' });
    const badStatus = await call('GET', '/v1/subscriptions?customerId=cus_x&status=active,sleeping');
    expect(badStatus.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'status', message: expect.stringContaining('comma-separated list of') });
  });

  it('answers 404 for an unknown subscription', async () => {
    const response = await call('GET', '/v1/subscriptions/sub_nope');
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({ code: 'NOT_FOUND', message: 'No subscription sub_nope.', param: 'id' });
  });
});

describe('PATCH /v1/subscriptions/:id', () => {
  it('invoices an upgrade at once with always_invoice, for exactly the previewed total', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const basic = await makePrice(handle.db, { unitAmount: 1000, recurring: { interval: 'day', intervalCount: 30 } });
    const pro = await makePrice(handle.db, { unitAmount: 2000, recurring: { interval: 'day', intervalCount: 30 } });
    const created = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: basic.id }] } })).body;
    await call('POST', '/v1/clock/advance', { body: { days: 15 } });
    const change = { items: [{ id: created.items[0].id, priceId: pro.id }] };
    const preview = await previewChange(handle.db, created.id, change, await clockNow());
    expect(preview.totals.totalMinor).toBeGreaterThan(0n);

    const response = await call('PATCH', `/v1/subscriptions/${created.id}`, { body: { ...change, prorationBehavior: 'always_invoice' } });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([{ id: created.items[0].id, priceId: pro.id, quantity: 1 }]);
    const invoice = (await call('GET', `/v1/invoices/${response.body.latestInvoiceId}`)).body;
    expect(invoice).toMatchObject({ billingReason: 'subscription_update', status: 'open', total: Number(preview.totals.totalMinor) });
    expect(invoice.lines.map((line: { amount: number; proration: boolean }) => [line.amount, line.proration])).toEqual(preview.lines.map((line) => [Number(line.amountMinor), true]));
  });

  it('adds and removes items and sets cancelAtPeriodEnd, invoicing nothing by default', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const seat = await makePrice(handle.db, { unitAmount: 1000 });
    const support = await makePrice(handle.db, { unitAmount: 500 });
    const created = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: seat.id, quantity: 3 }] } })).body;
    const added = await call('PATCH', `/v1/subscriptions/${created.id}`, { body: { items: [{ priceId: support.id }] } });
    expect(added.body.latestInvoiceId).toBeUndefined();
    // Items added at the same (simulated) time are ordered by id: compare as a set.
    expect(added.body.items.map((item: { priceId: string; quantity: number }) => `${item.priceId} × ${item.quantity}`).sort()).toEqual([`${seat.id} × 3`, `${support.id} × 1`].sort());
    const removed = await call('PATCH', `/v1/subscriptions/${created.id}`, { body: { items: [{ id: created.items[0].id, deleted: true }], prorationBehavior: 'none', cancelAtPeriodEnd: true } });
    expect(removed.body).toMatchObject({ cancelAtPeriodEnd: true, items: [{ priceId: support.id }] });
  });

  it('refuses bad changes, naming the field', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const dollars = await makePrice(handle.db, { currency: 'USD', unitAmount: 1000 });
    const created = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }] } })).body;
    const patch = (body: unknown) => call('PATCH', `/v1/subscriptions/${created.id}`, { body });
    expect((await patch({ prorationBehavior: 'sometimes' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'prorationBehavior' });
    expect((await patch({ items: [{ id: created.items[0].id, quantity: -2 }] })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'items[0].quantity' });
    // The engine names the item by its place in the subscription after the change (kept items first).
    expect((await patch({ items: [{ priceId: dollars.id }] })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: expect.stringMatching(/^items\[\d+\]\.priceId$/) });
    expect((await patch({ items: [] })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'items' });
    const unknownItem = await patch({ items: [{ id: 'si_nope', quantity: 2 }] });
    expect(unknownItem.status).toBe(404);
    expect(unknownItem.body.error.param).toBe('items[0].id');
    expect((await call('PATCH', '/v1/subscriptions/sub_nope', { body: { cancelAtPeriodEnd: true } })).status).toBe(404);
  });
});

describe('cancel and resume', () => {
  it('cancels at period end and resumes before it', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const created = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }] } })).body;
    const scheduled = await call('POST', `/v1/subscriptions/${created.id}/cancel`, { body: { atPeriodEnd: true, reason: 'too_expensive' } });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, cancellationReason: 'too_expensive', canceledAt: null });
    const resumed = await call('POST', `/v1/subscriptions/${created.id}/resume`);
    expect(resumed.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, cancellationReason: null });
    const again = await call('POST', `/v1/subscriptions/${created.id}/resume`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', param: 'id' });
  });

  it('cancels now, and refuses to cancel or change it again', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const created = (await call('POST', '/v1/subscriptions', { body: { customerId: customer.id, items: [{ priceId: price.id }] } })).body;
    const now = await clockNow();
    const canceled = await call('POST', `/v1/subscriptions/${created.id}/cancel`, { body: { prorate: true, reason: 'unused' } });
    expect(canceled.body).toMatchObject({ status: 'canceled', canceledAt: now.toISOString(), endedAt: now.toISOString(), cancellationReason: 'unused', items: created.items });
    const twice = await call('POST', `/v1/subscriptions/${created.id}/cancel`, { body: {} });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('SUBSCRIPTION_NOT_ACTIVE');
    expect((await call('PATCH', `/v1/subscriptions/${created.id}`, { body: { cancelAtPeriodEnd: true } })).body.error.code).toBe('SUBSCRIPTION_NOT_ACTIVE');
  });

  it('refuses an unknown reason and an unknown subscription', async () => {
    expect((await call('POST', '/v1/subscriptions/sub_nope/cancel', { body: { reason: 'bored' } })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'reason' });
    expect((await call('POST', '/v1/subscriptions/sub_nope/cancel', { body: {} })).status).toBe(404);
    expect((await call('POST', '/v1/subscriptions/sub_nope/resume')).status).toBe(404);
  });
});
