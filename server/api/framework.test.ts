import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { apiIdempotencyKeys } from '@/db/schema';
import { createApiKey, revokeApiKey } from '../api-keys';
import { SettleError } from '../errors';
import { defineEndpoint } from './endpoint';
import { canonicalJson, paramPath, toJson } from './json';
import { createRouter } from './router';
import { parseOrRefuse, queryEnumList } from './validation';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';
import { v1Router } from './v1';

let handle: DatabaseHandle;
let secret: string;
let call: ApiCall;
beforeAll(async () => {
  ({ handle, secret } = await createApiTestDatabase());
  call = apiClient(handle, { secret });
});
afterAll(() => handle.close());

const validCustomer = {
  name: 'Atelier Ferrand',
  email: 'billing@ferrand.example',
  currency: 'eur',
  address: { line1: '3 rue Oberkampf', city: 'Paris', postalCode: '75011', country: 'FR' },
};

describe('toJson and friends', () => {
  it('sends bigint as a number, Date as ISO 8601, and drops undefined fields', () => {
    expect(toJson({ amount: 1999n, at: new Date('2026-06-01T00:00:00Z'), nested: [{ n: -5n, gone: undefined }], none: null })).toEqual({
      amount: 1999,
      at: '2026-06-01T00:00:00.000Z',
      nested: [{ n: -5 }],
      none: null,
    });
  });

  it('refuses a bigint that would lose precision as a JSON number (a bug, not input)', () => {
    expect(() => toJson({ amount: 2n ** 53n })).toThrow(RangeError);
    expect(toJson(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('canonical JSON sorts keys at every level, so key order never changes a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('names params with dots and bracketed indexes', () => {
    expect(paramPath(['address', 'country'])).toBe('address.country');
    expect(paramPath(['items', 0, 'priceId'])).toBe('items[0].priceId');
    expect(paramPath([])).toBe('');
  });
});

describe('authentication', () => {
  it('refuses a request without an API key', async () => {
    const response = await call('GET', '/v1/customers', { secret: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Send your API key as "Authorization: Bearer <secret>".' } });
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer');
  });

  it('refuses a wrong key, another scheme and an empty bearer', async () => {
    expect((await call('GET', '/v1/customers', { secret: 'sk_settle_wrong' })).body.error.code).toBe('UNAUTHENTICATED');
    expect((await call('GET', '/v1/customers', { secret: null, headers: { Authorization: `Basic ${secret}` } })).status).toBe(401);
    expect((await call('GET', '/v1/customers', { secret: null, headers: { Authorization: 'Bearer' } })).status).toBe(401);
    expect((await call('GET', '/v1/customers', { secret: 'x'.repeat(5000) })).status).toBe(401);
  });

  it('refuses a revoked key', async () => {
    const key = await createApiKey(handle.db, { name: 'to revoke' }, { type: 'cli' }, testNow);
    expect((await call('GET', '/v1/customers', { secret: key.secret })).status).toBe(200);
    await revokeApiKey(handle.db, key.id, { type: 'cli' }, testNow);
    const response = await call('GET', '/v1/customers', { secret: key.secret });
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({ code: 'UNAUTHENTICATED', message: 'The API key is not valid or has been revoked.' });
  });

  it('accepts the scheme in any case', async () => {
    expect((await call('GET', '/v1/customers', { secret: null, headers: { Authorization: `bearer ${secret}` } })).status).toBe(200);
  });
});

describe('routing', () => {
  it('answers an unknown route with 404 NOT_FOUND, in the error shape', async () => {
    const response = await call('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect((await call('GET', '/v2/customers')).status).toBe(404);
    expect((await call('GET', '/v1/customers/a/b/c')).status).toBe(404);
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await call('DELETE', '/v1/customers');
    expect(response.status).toBe(405);
    expect(response.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(response.headers.get('Allow')).toBe('POST, GET');
    expect((await call('PUT', '/v1/customers/cus_x', { body: {} })).status).toBe(405);
    expect((await call('HEAD', '/v1/clock')).status).toBe(200);
  });

  it('treats an undecodable path as not found and a NUL in an id as invalid', async () => {
    expect((await call('GET', '/v1/customers/%zz')).status).toBe(404);
    const response = await call('GET', '/v1/customers/cus_%00');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'id' });
  });

  it('prefers literal segments over parameters whatever the registration order', async () => {
    const router = createRouter([
      defineEndpoint({ method: 'GET', path: '/v1/things/:id', operationId: 'a', tag: 'T', summary: 's', description: 'd', response: z.object({ which: z.string() }), handler: async () => ({ which: 'param' }) }),
      defineEndpoint({ method: 'GET', path: '/v1/things/special', operationId: 'b', tag: 'T', summary: 's', description: 'd', response: z.object({ which: z.string() }), handler: async () => ({ which: 'literal' }) }),
    ]);
    const client = apiClient(handle, { secret, router });
    expect((await client('GET', '/v1/things/special')).body).toEqual({ which: 'literal' });
    expect((await client('GET', '/v1/things/other')).body).toEqual({ which: 'param' });
  });

  it('refuses two endpoints on one method and path, or with one operationId', () => {
    const endpoint = defineEndpoint({ method: 'GET', path: '/v1/x/:id', operationId: 'x', tag: 'T', summary: 's', description: 'd', response: z.object({}), handler: async () => ({}) });
    expect(() => createRouter([endpoint, { ...endpoint, path: '/v1/x/:other', operationId: 'y' }])).toThrow(/Two API endpoints answer/);
    expect(() => createRouter([endpoint, { ...endpoint, path: '/v1/y' }])).toThrow(/named x/);
  });
});

describe('bad input is a 4xx, never a 500', () => {
  it('refuses malformed JSON with the documented message', async () => {
    for (const rawBody of ['{', '{"name": "x",}', "{'name': 'x'}", 'name=x', 'undefined', 'NaN']) {
      const response = await call('POST', '/v1/customers', { rawBody });
      expect(response.status, rawBody).toBe(400);
      expect(response.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.' } });
    }
    const invalidUtf8 = await call('POST', '/v1/customers', { rawBody: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]) });
    expect(invalidUtf8.body.error.message).toBe('The request body is not valid JSON.');
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[], [validCustomer], 'a string', null, 42, true]) {
      const response = await call('POST', '/v1/customers', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.param).toBeUndefined();
      expect(response.body.error.message).toMatch(/^The request body must be an object \(got /);
    }
  });

  const garbage: Array<[string, string, unknown, string | undefined]> = [
    ['customer: number as a string', '/v1/customers', { ...validCustomer, paymentTerms: { type: 'net', days: '30' } }, 'paymentTerms.days'],
    ['customer: missing address', '/v1/customers', { ...validCustomer, address: undefined }, 'address'],
    ['customer: address null', '/v1/customers', { ...validCustomer, address: null }, 'address'],
    ['customer: address an array', '/v1/customers', { ...validCustomer, address: [] }, 'address'],
    ['customer: name a number', '/v1/customers', { ...validCustomer, name: 12 }, 'name'],
    ['customer: unknown field', '/v1/customers', { ...validCustomer, nmae: 'typo' }, 'nmae'],
    ['customer: unknown nested field', '/v1/customers', { ...validCustomer, address: { ...validCustomer.address, zip: '1' } }, 'address.zip'],
    ['customer: NUL in a string', '/v1/customers', { ...validCustomer, name: 'Ferrand\u0000' }, 'name'],
    ['customer: NUL in a nested string', '/v1/customers', { ...validCustomer, taxIds: [{ type: 'eu_vat', value: 'FR\u0000' }] }, 'taxIds[0].value'],
    ['customer: __proto__ field', '/v1/customers', JSON.parse(JSON.stringify(validCustomer).replace('{', '{"__proto__": {"admin": true},')), '__proto__'],
    ['customer: huge net days', '/v1/customers', { ...validCustomer, paymentTerms: { type: 'net', days: 2 ** 60 } }, 'paymentTerms.days'],
    ['customer: tax id of the wrong type', '/v1/customers', { ...validCustomer, taxIds: [{ type: 'us_ein', value: '1' }] }, 'taxIds[0].type'],
    ['price: amount as a string', '/v1/prices', { unitAmount: '1000' }, 'unitAmount'],
    ['price: amount 2^60', '/v1/prices', { unitAmount: 2 ** 60 }, 'unitAmount'],
    ['price: fractional amount', '/v1/prices', { unitAmount: 10.5 }, 'unitAmount'],
    ['price: negative amount', '/v1/prices', { unitAmount: -1 }, 'unitAmount'],
    ['price: negative package size', '/v1/prices', { billingScheme: 'package', unitAmount: 100, packageSize: -5 }, 'packageSize'],
    ['price: fractional tier bound', '/v1/prices', { billingScheme: 'tiered', tiersMode: 'volume', tiers: [{ upTo: 1.5, unitAmount: 1 }, { upTo: null, unitAmount: 1 }] }, 'tiers[0].upTo'],
    ['price: tiers not an array', '/v1/prices', { billingScheme: 'tiered', tiersMode: 'volume', tiers: { upTo: null } }, 'tiers'],
    ['price: tier null', '/v1/prices', { billingScheme: 'tiered', tiersMode: 'volume', tiers: [null] }, 'tiers[0]'],
    ['price: bad enum', '/v1/prices', { type: 'sometimes' }, 'type'],
    ['price: trial days as a string', '/v1/prices', { trialDays: '7' }, 'trialDays'],
    ['clock: days as a string', '/v1/clock/advance', { days: '3' }, 'days'],
  ];

  let productId = '';
  beforeAll(async () => {
    productId = (await call('POST', '/v1/products', { body: { name: 'Seats' } })).body.id;
  });
  const basePrice = { currency: 'EUR', type: 'one_time', billingScheme: 'per_unit', unitAmount: 100, taxBehavior: 'exclusive' };

  it.each(garbage)('%s → 400 naming %s', async (_name, path, body, param) => {
    const sent = path === '/v1/prices' ? { productId, ...basePrice, ...(body as object) } : body;
    const response = await call('POST', path, { body: sent });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.param).toBe(param);
    expect(response.body.error.message.length).toBeGreaterThan(10);
  });

  it('explains a type mismatch in words a developer can act on', async () => {
    const response = await call('POST', '/v1/prices', { body: { productId, ...basePrice, unitAmount: 10.5 } });
    expect(response.body.error.message).toBe('unitAmount must be a whole number (got the fraction 10.5).');
    const missing = await call('POST', '/v1/customers', { body: { ...validCustomer, address: { city: 'Paris' } } });
    expect(missing.body.error).toEqual({ code: 'VALIDATION_FAILED', message: 'address.line1 is required and must be a string.', param: 'address.line1' });
    const huge = await call('POST', '/v1/prices', { body: { productId, ...basePrice, unitAmount: 2 ** 60 } });
    expect(huge.body.error.message).toBe('unitAmount must be at most 9007199254740991.');
    const unknown = await call('POST', '/v1/customers', { body: { ...validCustomer, nmae: 'typo' } });
    expect(unknown.body.error.message).toBe('Unknown field "nmae".');
  });

  it('refuses nesting deeper than any request needs, without overflowing a stack', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await call('POST', '/v1/customers', { rawBody: `{"name": ${deep}}` });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/nested more than/);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await call('POST', '/v1/customers', { body: { ...validCustomer, name: 'x'.repeat(1_100_000) } });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stores a lone surrogate as text rather than failing', async () => {
    const response = await call('POST', '/v1/products', { rawBody: '{"name": "Widget \\ud800"}' });
    expect(response.status).toBe(201);
  });

  it('refuses unknown, malformed and forged query parameters', async () => {
    expect((await call('GET', '/v1/customers?limt=5')).body.error).toEqual({ code: 'VALIDATION_FAILED', message: 'Unknown query parameter "limt".', param: 'limt' });
    for (const limit of ['0', '101', 'abc', '-1', '1.5', '', '99999999999999999999']) {
      const response = await call('GET', `/v1/customers?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect(response.body.error.param).toBe('limit');
    }
    const forged = [
      Buffer.from('2026-06-01T00:00:00.000Z|cus_\u0000x').toString('base64url'),
      Buffer.from('0000-01-01T00:00:00.000Z|cus_x').toString('base64url'),
      Buffer.from('2026-13-45T00:00:00.000Z|cus_x').toString('base64url'),
      'not a cursor',
      '%00',
    ];
    for (const cursor of forged) {
      const response = await call('GET', `/v1/customers?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, cursor).toBe(400);
      expect(response.body.error.param).toBe('cursor');
    }
    expect((await call('GET', '/v1/customers?email=%00')).body.error.param).toBe('email');
    expect((await call('GET', '/v1/prices?active=maybe')).body.error.param).toBe('active');
  });

  it('refuses a body on an endpoint that takes none, but accepts nothing or {}', async () => {
    expect((await call('POST', '/v1/prices/price_missing/archive', { body: { force: true } })).body.error.param).toBe('force');
    expect((await call('POST', '/v1/prices/price_missing/archive')).status).toBe(404);
    expect((await call('POST', '/v1/prices/price_missing/archive', { body: {} })).status).toBe(404);
  });
});

describe('unexpected failures', () => {
  const logged: unknown[] = [];
  let attempts = 0;
  const router = createRouter([
    defineEndpoint({
      method: 'POST',
      path: '/v1/flaky',
      operationId: 'flaky',
      tag: 'T',
      summary: 's',
      description: 'd',
      body: z.strictObject({ n: z.int() }),
      response: z.object({ attempt: z.int() }),
      status: 201,
      handler: async () => {
        attempts++;
        if (attempts === 1) throw new Error('database connection lost: password=hunter2');
        return { attempt: attempts };
      },
    }),
    defineEndpoint({
      method: 'GET',
      path: '/v1/refuses',
      operationId: 'refuses',
      tag: 'T',
      summary: 's',
      description: 'd',
      response: z.object({}),
      handler: async () => {
        throw new SettleError('CONFLICT', 'Not now.', 'when');
      },
    }),
  ]);

  it('answers 500 INTERNAL without detail, logs it, and frees the Idempotency-Key for a retry', async () => {
    const client = apiClient(handle, { secret, router, logError: (_message, error) => logged.push(error) });
    const failed = await client('POST', '/v1/flaky', { body: { n: 1 }, idempotencyKey: 'flaky-1' });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toContain('database connection lost');
    expect(await handle.db.select().from(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.key, 'flaky-1'))).toHaveLength(0);

    const retried = await client('POST', '/v1/flaky', { body: { n: 1 }, idempotencyKey: 'flaky-1' });
    expect(retried).toMatchObject({ status: 201, body: { attempt: 2 } });
    const replayed = await client('POST', '/v1/flaky', { body: { n: 1 }, idempotencyKey: 'flaky-1' });
    expect(replayed).toMatchObject({ status: 201, body: { attempt: 2 } });
    expect(replayed.headers.get('Idempotent-Replayed')).toBe('true');
    expect(attempts).toBe(2);
  });

  it('maps a domain refusal to its status, with its param', async () => {
    const client = apiClient(handle, { secret, router });
    expect(await client('GET', '/v1/refuses')).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: 'Not now.', param: 'when' } } });
  });
});

describe('endpoint definitions', () => {
  it('check the handler against the documented response at compile time', () => {
    defineEndpoint({
      method: 'GET',
      path: '/v1/typed/:id',
      operationId: 'typed',
      tag: 'T',
      summary: 's',
      description: 'd',
      response: z.object({ id: z.string(), amount: z.int(), at: z.string() }),
      // bigint for a number and Date for a string are what toJson sends as those.
      handler: async ({ params }) => ({ id: params.id, amount: 5n, at: new Date() }),
    });
    defineEndpoint({
      method: 'GET',
      path: '/v1/typed',
      operationId: 'typed2',
      tag: 'T',
      summary: 's',
      description: 'd',
      response: z.object({ id: z.string() }),
      // @ts-expect-error a field the document does not promise is a type error
      handler: async () => ({ identifier: 'x' }),
    });
    defineEndpoint({
      method: 'GET',
      path: '/v1/typed/:id',
      operationId: 'typed3',
      tag: 'T',
      summary: 's',
      description: 'd',
      response: z.object({ id: z.string() }),
      // @ts-expect-error only the path's own parameters exist
      handler: async ({ params }) => ({ id: params.customerId }),
    });
    expect(v1Router.endpoints.length).toBeGreaterThan(10);
  });
});

describe('describing refusals of unions and lists', () => {
  const refusal = (schema: z.ZodType, input: unknown, location: 'body' | 'query' = 'body') => {
    try {
      parseOrRefuse(schema, input, location);
    } catch (error) {
      return { message: (error as SettleError).message, param: (error as SettleError).param };
    }
    throw new Error('accepted');
  };
  const lone = z.strictObject({ id: z.string(), value: z.union([z.number(), z.string()]) });
  const either = z.union([z.strictObject({ events: z.array(lone) }), lone]);

  it('names the types a field of several types takes', () => {
    expect(refusal(lone, { id: 'a', value: true })).toEqual({ message: 'value must be a number or a string (got a boolean).', param: 'value' });
    expect(refusal(lone, { id: 'a' })).toEqual({ message: 'value is required and must be a number or a string.', param: 'value' });
  });

  it('names the field of the form the input came closest to, at its full path', () => {
    expect(refusal(either, { id: 'a', value: 1, extra: 1 })).toEqual({ message: 'Unknown field "extra".', param: 'extra' });
    expect(refusal(either, { events: [{ id: 'a', value: null }] })).toMatchObject({ param: 'events[0].value' });
    expect(refusal(either, {})).toMatchObject({ param: 'events' });
  });

  it('checks a comma-separated query list against its values', () => {
    const query = z.strictObject({ status: queryEnumList(['open', 'paid'], 'Statuses.') });
    expect(parseOrRefuse(query, { status: 'open,paid,open' }, 'query')).toEqual({ status: ['open', 'paid'] });
    expect(refusal(query, { status: 'open,late' }, 'query')).toEqual({ message: 'status must be a comma-separated list of: open, paid.', param: 'status' });
  });
});
