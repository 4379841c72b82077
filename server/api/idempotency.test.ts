import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { apiIdempotencyKeys, customers } from '@/db/schema';
import { createApiKey } from '../api-keys';
import type { SettleError } from '../errors';
import { defineEndpoint } from './endpoint';
import { claimIdempotencyKey } from './idempotency';
import { createRouter } from './router';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let secret: string;
let apiKeyId: string;
let call: ApiCall;
beforeAll(async () => {
  ({ handle, secret, apiKeyId } = await createApiTestDatabase());
  call = apiClient(handle, { secret });
});
afterAll(() => handle.close());

const customer = (email: string) => ({
  name: 'Atelier Ferrand',
  email,
  currency: 'EUR',
  address: { line1: '3 rue Oberkampf', city: 'Paris', postalCode: '75011', country: 'FR' },
});

const customersWith = async (email: string) => (await handle.db.select().from(customers).where(eq(customers.email, email))).length;

describe('Idempotency-Key', () => {
  it('replays the first response to a retry of the same request, and creates one customer', async () => {
    const first = await call('POST', '/v1/customers', { body: customer('once@example.com'), idempotencyKey: 'create-once' });
    const second = await call('POST', '/v1/customers', { body: customer('once@example.com'), idempotencyKey: 'create-once' });
    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await customersWith('once@example.com')).toBe(1);

    const [row] = await handle.db
      .select()
      .from(apiIdempotencyKeys)
      .where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, 'create-once')));
    expect(row).toMatchObject({ method: 'POST', path: '/v1/customers', responseStatus: 201 });
    expect(row!.requestHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const body = customer('order@example.com');
    const first = await call('POST', '/v1/customers', { body, idempotencyKey: 'key-order' });
    const reordered = { address: { country: 'FR', postalCode: '75011', city: 'Paris', line1: '3 rue Oberkampf' }, currency: 'EUR', email: body.email, name: body.name };
    const second = await call('POST', '/v1/customers', { rawBody: JSON.stringify(reordered), idempotencyKey: 'key-order' });
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
  });

  it('refuses the same key with another body, path or method with 422', async () => {
    await call('POST', '/v1/customers', { body: customer('reuse@example.com'), idempotencyKey: 'reused' });
    const otherBody = await call('POST', '/v1/customers', { body: customer('other@example.com'), idempotencyKey: 'reused' });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', param: 'Idempotency-Key' });
    const otherPath = await call('POST', '/v1/products', { body: { name: 'x' }, idempotencyKey: 'reused' });
    expect(otherPath.status).toBe(422);
    expect(otherPath.body.error.message).toContain('POST /v1/customers');
    const created = (await call('GET', '/v1/customers?email=reuse@example.com')).body.data[0];
    const otherMethod = await call('PATCH', `/v1/customers/${created.id}`, { body: customer('reuse@example.com'), idempotencyKey: 'reused' });
    expect(otherMethod.status).toBe(422);
    expect(await customersWith('other@example.com')).toBe(0);
  });

  it('stores a refusal too, and replays it', async () => {
    const bad = { ...customer('refused@example.com'), currency: 'XYZ' };
    const first = await call('POST', '/v1/customers', { body: bad, idempotencyKey: 'refused' });
    expect(first.status).toBe(400);
    expect(first.body.error.param).toBe('currency');
    const second = await call('POST', '/v1/customers', { body: bad, idempotencyKey: 'refused' });
    expect(second.status).toBe(400);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
  });

  it('keeps keys apart per API key', async () => {
    const other = await createApiKey(handle.db, { name: 'second integration' }, { type: 'cli' }, testNow);
    const a = await call('POST', '/v1/products', { body: { name: 'Per key' }, idempotencyKey: 'shared-name' });
    const b = await call('POST', '/v1/products', { body: { name: 'Per key' }, idempotencyKey: 'shared-name', secret: other.secret });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('refuses a key that is empty or longer than 255 characters, and accepts 255', async () => {
    const empty = await call('POST', '/v1/products', { body: { name: 'x' }, idempotencyKey: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'Idempotency-Key' });
    expect((await call('POST', '/v1/products', { body: { name: 'x' }, idempotencyKey: 'k'.repeat(256) })).status).toBe(400);
    expect((await call('POST', '/v1/products', { body: { name: 'x' }, idempotencyKey: 'k'.repeat(255) })).status).toBe(201);
  });

  it('ignores the header on a read', async () => {
    const response = await call('GET', '/v1/products', { idempotencyKey: 'read' });
    expect(response.status).toBe(200);
    expect(await handle.db.select().from(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.key, 'read'))).toHaveLength(0);
  });

  it('answers 409 while the first request with the key is still running, then replays it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let runs = 0;
    const router = createRouter([
      defineEndpoint({
        method: 'POST',
        path: '/v1/slow',
        operationId: 'slow',
        tag: 'T',
        summary: 's',
        description: 'd',
        body: z.strictObject({}),
        response: z.object({ run: z.int() }),
        handler: async () => {
          runs++;
          started();
          await gate;
          return { run: runs };
        },
      }),
    ]);
    const client = apiClient(handle, { secret, router });
    const first = client('POST', '/v1/slow', { body: {}, idempotencyKey: 'slow-1' });
    await running;
    const concurrent = await client('POST', '/v1/slow', { body: {}, idempotencyKey: 'slow-1' });
    expect(concurrent.status).toBe(409);
    expect(concurrent.body.error).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', param: 'Idempotency-Key' });
    release();
    expect((await first).body).toEqual({ run: 1 });
    const after = await client('POST', '/v1/slow', { body: {}, idempotencyKey: 'slow-1' });
    expect(after).toMatchObject({ status: 200, body: { run: 1 } });
    expect(runs).toBe(1);
  });

  it('lets exactly one of ten parallel requests with one key create the customer', async () => {
    const body = customer('parallel@example.com');
    const responses = await Promise.all(Array.from({ length: 10 }, () => call('POST', '/v1/customers', { body, idempotencyKey: 'parallel' })));
    expect(await customersWith('parallel@example.com')).toBe(1);
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409), statuses.join(',')).toBe(true);
    const created = responses.filter((response) => response.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
    expect(created.filter((response) => response.headers.get('Idempotent-Replayed') === null)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status === 409)) expect(response.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });

  it('lets exactly one of ten simultaneous claims of a key win, the others seeing it in flight', async () => {
    const claim = () =>
      claimIdempotencyKey(handle.db, { apiKeyId, key: 'raced-claim', method: 'POST', path: '/v1/customers', requestHash: 'a'.repeat(64), now: testNow }).then(
        (result) => result.kind,
        (error: SettleError) => error.code,
      );
    const outcomes = await Promise.all(Array.from({ length: 10 }, claim));
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'IDEMPOTENCY_IN_PROGRESS')).toHaveLength(9);
  });
});
