import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { usageEvents } from '@/db/schema';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  call = apiClient(handle, { secret: setup.secret });
});
afterAll(() => handle.close());

describe('/v1/coupons', () => {
  it('creates a percentage coupon, leaving out what does not apply, and reads it back', async () => {
    const response = await call('POST', '/v1/coupons', { body: { code: 'WELCOME20', name: 'Welcome', percentOff: 20, duration: 'repeating', durationInMonths: 3 } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^coupon_/),
      code: 'WELCOME20',
      name: 'Welcome',
      percentOff: 20,
      duration: 'repeating',
      durationInMonths: 3,
      timesRedeemed: 0,
      appliesToProductIds: [],
      active: true,
      createdAt: testNow.toISOString(),
    });
    expect((await call('GET', `/v1/coupons/${response.body.id}`)).body).toEqual(response.body);
  });

  it('creates an amount coupon with a limit, an expiry and products', async () => {
    const product = (await call('POST', '/v1/products', { body: { name: 'Coupon product' } })).body;
    const response = await call('POST', '/v1/coupons', {
      body: { code: 'TENOFF', amountOff: 1000, currency: 'eur', duration: 'once', maxRedemptions: 50, expiresAt: '2026-12-31T23:59:59Z', appliesToProductIds: [product.id] },
    });
    expect(response.body).toMatchObject({ amountOff: 1000, currency: 'EUR', maxRedemptions: 50, expiresAt: '2026-12-31T23:59:59.000Z', appliesToProductIds: [product.id] });
    expect(response.body.percentOff).toBeUndefined();
    const ids = (await call('GET', '/v1/coupons?active=true&limit=100')).body.data.map((coupon: { id: string }) => coupon.id);
    expect(ids).toContain(response.body.id);
  });

  it('refuses a code already taken, in any case (409)', async () => {
    await call('POST', '/v1/coupons', { body: { code: 'TAKEN', percentOff: 5, duration: 'forever' } });
    const response = await call('POST', '/v1/coupons', { body: { code: 'taken', percentOff: 5, duration: 'forever' } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'CONFLICT', param: 'code' });
  });

  it.each([
    ['a percentage over 100', { percentOff: 150 }, 'percentOff'],
    ['a percentage as a boolean', { percentOff: true }, 'percentOff'],
    ['a repeating coupon without months', { duration: 'repeating' }, 'durationInMonths'],
    ['an unknown duration', { duration: 'weekly' }, 'duration'],
    ['a code with spaces', { code: 'NO SPACES' }, 'code'],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['a limit of zero', { maxRedemptions: 0 }, 'maxRedemptions'],
  ])('refuses %s with 400, naming the field', async (_name, change, param) => {
    const response = await call('POST', '/v1/coupons', { body: { code: 'REFUSED1', percentOff: 10, duration: 'once', ...change } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param });
  });

  it('says which forms percentOff takes', async () => {
    const response = await call('POST', '/v1/coupons', { body: { code: 'FORMS', percentOff: true, duration: 'once' } });
    expect(response.body.error.message).toBe('percentOff must be a number or a string (got a boolean).');
  });

  it('answers 404 for an unknown coupon or product', async () => {
    expect((await call('GET', '/v1/coupons/coupon_nope')).body.error).toMatchObject({ code: 'NOT_FOUND', param: 'id' });
    const response = await call('POST', '/v1/coupons', { body: { code: 'NOPRODUCT', percentOff: 10, duration: 'once', appliesToProductIds: ['prod_nope'] } });
    expect(response.status).toBe(404);
    expect(response.body.error.param).toBe('appliesToProductIds[0]');
  });
});

describe('POST /v1/usage-events', () => {
  const at = (minutesBefore: number) => new Date(testNow.getTime() - minutesBefore * 60_000).toISOString();
  const event = (customerId: string, id: string, value: number | string = 1) => ({ id, customerId, metric: 'api_calls', value, timestamp: at(10) });

  it('records one event', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const response = await call('POST', '/v1/usage-events', { body: { ...event(customer.id, `one-${customer.id}`, '2.5'), properties: { region: 'eu' } } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ received: 1, stored: 1, duplicates: [] });
    const [stored] = await handle.db.select().from(usageEvents).where(eq(usageEvents.id, `one-${customer.id}`));
    expect(stored).toMatchObject({ value: '2.5', properties: { region: 'eu' } });
  });

  it('stores a batch once per event id, within the batch and across retries', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const batch = { events: [event(customer.id, 'batch-a', 3), event(customer.id, 'batch-b', 4), event(customer.id, 'batch-a', 3)] };
    const first = await call('POST', '/v1/usage-events', { body: batch });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ received: 3, stored: 2, duplicates: ['batch-a'] });
    const retry = await call('POST', '/v1/usage-events', { body: batch });
    expect(retry.body).toEqual({ received: 3, stored: 0, duplicates: ['batch-a', 'batch-b', 'batch-a'] });
    expect(await handle.db.select().from(usageEvents).where(eq(usageEvents.customerId, customer.id))).toHaveLength(2);
  });

  it('names the field of a lone event as sent, and of a batch by its place', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const lone = await call('POST', '/v1/usage-events', { body: event(customer.id, 'bad-lone', -1) });
    expect(lone.status).toBe(400);
    expect(lone.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'value' });
    const inBatch = await call('POST', '/v1/usage-events', { body: { events: [event(customer.id, 'good'), { ...event(customer.id, 'late'), timestamp: '2020-01-01T00:00:00Z' }] } });
    expect(inBatch.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'events[1].timestamp' });
    expect(await handle.db.select().from(usageEvents).where(eq(usageEvents.customerId, customer.id))).toHaveLength(0);
  });

  it.each([
    ['a value that is neither number nor string', { value: true }, 'value'],
    ['a missing timestamp', { timestamp: undefined }, 'timestamp'],
    ['a bad metric', { metric: 'API Calls' }, 'metric'],
    ['an unknown field', { unit: 'calls' }, 'unit'],
    ['properties that are not an object', { properties: [1, 2] }, 'properties'],
  ])('refuses a lone event with %s, naming the field', async (_name, change, param) => {
    const customer = await makeBillingCustomer(handle.db);
    const response = await call('POST', '/v1/usage-events', { body: { ...event(customer.id, 'refused'), ...change } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param });
  });

  it('refuses an empty batch, one too large, and a batch with extra fields', async () => {
    const customer = await makeBillingCustomer(handle.db);
    expect((await call('POST', '/v1/usage-events', { body: { events: [] } })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'events' });
    const tooMany = { events: Array.from({ length: 1001 }, (_, index) => event(customer.id, `many-${index}`)) };
    expect((await call('POST', '/v1/usage-events', { body: tooMany })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'events' });
    expect((await call('POST', '/v1/usage-events', { body: { events: [event(customer.id, 'x')], id: 'y' } })).body.error).toMatchObject({ param: 'id' });
    expect((await call('POST', '/v1/usage-events', { body: {} })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'events' });
  });

  it('answers 404 for an unknown customer, naming it', async () => {
    const lone = await call('POST', '/v1/usage-events', { body: event('cus_nope', 'unknown-customer') });
    expect(lone.status).toBe(404);
    expect(lone.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'customerId' });
    const customer = await makeBillingCustomer(handle.db);
    const batch = await call('POST', '/v1/usage-events', { body: { events: [event(customer.id, 'known'), event('cus_nope', 'unknown')] } });
    expect(batch.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'events[1].customerId' });
  });
});
