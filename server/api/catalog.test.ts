import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  call = apiClient(handle, { secret: setup.secret });
});
afterAll(() => handle.close());

const createProduct = async (name: string) => (await call('POST', '/v1/products', { body: { name } })).body;

describe('/v1/products', () => {
  it('creates, retrieves and lists a product', async () => {
    const created = await call('POST', '/v1/products', { body: { name: '  Team plan ', description: 'For teams' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^prod_/), name: 'Team plan', description: 'For teams', active: true, createdAt: testNow.toISOString() });
    expect((await call('GET', `/v1/products/${created.body.id}`)).body).toEqual(created.body);
    const list = await call('GET', '/v1/products');
    expect(list.body.data.map((product: { id: string }) => product.id)).toContain(created.body.id);
  });

  it('refuses a product without a usable name', async () => {
    expect((await call('POST', '/v1/products', { body: {} })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'name' });
    expect((await call('POST', '/v1/products', { body: { name: '   ' } })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'name' });
    expect((await call('POST', '/v1/products', { body: { name: 'x'.repeat(201) } })).body.error.param).toBe('name');
    expect((await call('POST', '/v1/products', { body: { name: 'x', description: 5 } })).body.error.param).toBe('description');
  });

  it('answers 404 for an unknown product', async () => {
    const response = await call('GET', '/v1/products/prod_nope');
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({ code: 'NOT_FOUND', message: 'No product prod_nope.', param: 'id' });
  });
});

describe('pagination', () => {
  it('walks every page with limit and cursor, newest first, without repeats', async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index++) created.push((await createProduct(`Paged ${index}`)).id);
    const all = (await call('GET', '/v1/products?limit=100')).body;
    expect(all.hasMore).toBe(false);
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await call('GET', `/v1/products${query}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      expect(page.body.hasMore).toBe(page.body.nextCursor !== null);
      seen.push(...page.body.data.map((product: { id: string }) => product.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all.data.map((product: { id: string }) => product.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created));
    expect(pages).toBe(Math.ceil(all.data.length / 2));
  });
});

describe('/v1/prices', () => {
  let productId: string;
  beforeAll(async () => {
    productId = (await createProduct('Prices product')).id;
  });

  const recurring = () => ({
    productId,
    currency: 'eur',
    type: 'recurring',
    recurring: { interval: 'month' },
    billingScheme: 'per_unit',
    unitAmount: 1999,
    taxBehavior: 'exclusive',
  });

  it('creates a per-unit recurring price and shows it in the API shape', async () => {
    const response = await call('POST', '/v1/prices', { body: { ...recurring(), nickname: 'Monthly', trialDays: 14 } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^price_/),
      productId,
      nickname: 'Monthly',
      currency: 'EUR',
      type: 'recurring',
      recurring: { interval: 'month', intervalCount: 1, usageType: 'licensed', metric: null, aggregation: null },
      billingScheme: 'per_unit',
      unitAmount: 1999,
      unitAmountDecimal: null,
      tiersMode: null,
      tiers: null,
      packageSize: null,
      taxBehavior: 'exclusive',
      trialDays: 14,
      active: true,
      createdAt: testNow.toISOString(),
    });
    expect((await call('GET', `/v1/prices/${response.body.id}`)).body).toEqual(response.body);
  });

  it('creates a graduated metered price with its tiers as stored', async () => {
    const response = await call('POST', '/v1/prices', {
      body: {
        productId,
        currency: 'USD',
        type: 'recurring',
        recurring: { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' },
        billingScheme: 'tiered',
        tiersMode: 'graduated',
        tiers: [
          { upTo: 1000, unitAmount: 1 },
          { upTo: 10000, unitAmountDecimal: '0.80' },
          { upTo: null, unitAmountDecimal: '0.5', flatAmount: 500 },
        ],
        taxBehavior: 'inclusive',
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      recurring: { interval: 'month', intervalCount: 1, usageType: 'metered', metric: 'api_calls', aggregation: 'sum' },
      unitAmount: null,
      tiersMode: 'graduated',
      tiers: [
        { upTo: 1000, unitAmount: 1 },
        { upTo: 10000, unitAmountDecimal: '0.8' },
        { upTo: null, unitAmountDecimal: '0.5', flatAmount: 500 },
      ],
    });
  });

  it('creates a one-time package price with a sub-minor decimal amount', async () => {
    const response = await call('POST', '/v1/prices', {
      body: { productId, currency: 'jpy', type: 'one_time', billingScheme: 'package', unitAmountDecimal: '12.5', packageSize: 100, taxBehavior: 'exclusive' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ currency: 'JPY', type: 'one_time', recurring: null, unitAmount: null, unitAmountDecimal: '12.5', packageSize: 100, trialDays: null });
  });

  it.each([
    ['an unknown currency', { currency: 'ABC' }, 'currency'],
    ['an amount with a fraction', { unitAmount: 10.5 }, 'unitAmount'],
    ['an amount past 2^53', { unitAmount: 2 ** 60 }, 'unitAmount'],
    ['a negative amount', { unitAmount: -100 }, 'unitAmount'],
    ['both amount forms', { unitAmountDecimal: '1.5' }, 'unitAmountDecimal'],
    ['a bad interval', { recurring: { interval: 'fortnight' } }, 'recurring.interval'],
    ['an interval count past three years', { recurring: { interval: 'month', intervalCount: 40 } }, 'recurring.intervalCount'],
    ['a metric on a licensed price', { recurring: { interval: 'month', metric: 'x' } }, 'recurring.metric'],
    ['tiers on a per-unit price', { tiers: [{ upTo: null, unitAmount: 1 }] }, 'tiers'],
    ['a trial on a one-time price', { type: 'one_time', recurring: null, trialDays: 3 }, 'trialDays'],
    ['a missing tax behaviour', { taxBehavior: undefined }, 'taxBehavior'],
  ])('refuses %s, naming the field', async (_name, change, param) => {
    const response = await call('POST', '/v1/prices', { body: { ...recurring(), ...change } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param });
  });

  it('refuses tiers out of order, naming the tier', async () => {
    const response = await call('POST', '/v1/prices', {
      body: { ...recurring(), unitAmount: undefined, billingScheme: 'tiered', tiersMode: 'volume', tiers: [{ upTo: 10, unitAmount: 5 }, { upTo: 5, unitAmount: 4 }, { upTo: null, unitAmount: 3 }] },
    });
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'tiers[1].upTo' });
    const missingUpTo = await call('POST', '/v1/prices', {
      body: { ...recurring(), unitAmount: undefined, billingScheme: 'tiered', tiersMode: 'volume', tiers: [{ unitAmount: 5 }] },
    });
    expect(missingUpTo.body.error).toMatchObject({ param: 'tiers[0].upTo', message: 'tiers[0].upTo is required and must be a number.' });
  });

  it('answers 404 for a price of an unknown product, naming productId', async () => {
    const response = await call('POST', '/v1/prices', { body: { ...recurring(), productId: 'prod_nope' } });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'productId' });
  });

  it('lists prices by product and by active, and archives one', async () => {
    const product = await createProduct('Filtered');
    const kept = (await call('POST', '/v1/prices', { body: { ...recurring(), productId: product.id } })).body;
    const archived = (await call('POST', '/v1/prices', { body: { ...recurring(), productId: product.id, unitAmount: 2999 } })).body;
    const archivedResponse = await call('POST', `/v1/prices/${archived.id}/archive`);
    expect(archivedResponse.status).toBe(200);
    expect(archivedResponse.body).toEqual({ ...archived, active: false });
    expect((await call('POST', `/v1/prices/${archived.id}/archive`)).body.active).toBe(false);

    // Both were created at the same (fixed) time, so their order is by id: compare sorted.
    const ids = async (query: string) => (await call('GET', `/v1/prices?${query}`)).body.data.map((price: { id: string }) => price.id).sort();
    expect(await ids(`productId=${product.id}`)).toEqual([archived.id, kept.id].sort());
    expect(await ids(`productId=${product.id}&active=true`)).toEqual([kept.id]);
    expect(await ids(`productId=${product.id}&active=false`)).toEqual([archived.id]);
    expect(await ids('productId=prod_nope')).toEqual([]);
  });

  it('answers 404 for an unknown price, to read or to archive', async () => {
    expect((await call('GET', '/v1/prices/price_nope')).body.error).toMatchObject({ code: 'NOT_FOUND', param: 'id' });
    expect((await call('POST', '/v1/prices/price_nope/archive')).status).toBe(404);
  });
});
