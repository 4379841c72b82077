import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { apiKeys, auditLog, jobs } from '@/db/schema';
import { jobHandlers } from '../jobs/handlers';
import { enqueue } from '../jobs/queue';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let secret: string;
let apiKeyId: string;
let real: ApiCall;
let simulated: ApiCall;
beforeAll(async () => {
  ({ handle, secret, apiKeyId } = await createApiTestDatabase());
  real = apiClient(handle, { secret, simulation: false });
  simulated = apiClient(handle, { secret, simulation: true });
});
afterAll(() => handle.close());
const testQueue = 'api-test-queue';
afterEach(() => {
  delete jobHandlers[testQueue];
});

const day = 24 * 3_600_000;
const simulatedNow = async () => new Date((await simulated('GET', '/v1/clock')).body.now).getTime();

describe('/v1/clock outside simulation', () => {
  it('reads real time', async () => {
    expect((await real('GET', '/v1/clock')).body).toEqual({ now: testNow.toISOString(), simulation: false });
  });

  it('refuses to advance with 403 FORBIDDEN', async () => {
    const response = await real('POST', '/v1/clock/advance', { body: { days: 1 } });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect(response.body.error.message).toContain('only be advanced in simulation');
  });
});

describe('/v1/clock in simulation', () => {
  it('advances by days, by hours and to a time, and GET follows', async () => {
    const start = await simulatedNow();
    const byDays = await simulated('POST', '/v1/clock/advance', { body: { days: 3 } });
    expect(byDays.status).toBe(200);
    expect(byDays.body).toEqual({ from: new Date(start).toISOString(), now: new Date(start + 3 * day).toISOString(), simulation: true });
    expect(await simulatedNow()).toBe(start + 3 * day);

    await simulated('POST', '/v1/clock/advance', { body: { hours: 6 } });
    expect(await simulatedNow()).toBe(start + 3 * day + 6 * 3_600_000);

    const target = new Date(start + 10 * day);
    const to = await simulated('POST', '/v1/clock/advance', { body: { to: target.toISOString().replace('Z', '+00:00') } });
    expect(to.body.now).toBe(target.toISOString());
    expect((await simulated('GET', '/v1/clock')).body).toEqual({ now: target.toISOString(), simulation: true });
  });

  it('audits each advance under the API key, and records key use in real time', async () => {
    const before = await simulatedNow();
    await simulated('POST', '/v1/clock/advance', { body: { days: 1 } });
    const entries = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'clock.advanced'));
    const entry = entries.find((row) => (row.before as { now: string }).now === new Date(before).toISOString());
    expect(entry).toMatchObject({ actorType: 'api_key', actorId: apiKeyId, subjectType: 'billing_clock', after: { now: new Date(before + day).toISOString() } });
    const [key] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, apiKeyId));
    expect(key!.lastUsedAt).toEqual(testNow);
  });

  it.each([
    ['both days and to', { days: 1, to: '2030-01-01T00:00:00Z' }, undefined, /exactly one of days, hours or to/],
    ['nothing', {}, undefined, /exactly one of days, hours or to/],
    ['a negative number of days', { days: -1 }, 'days', /positive/],
    ['zero hours', { hours: 0 }, 'hours', /positive/],
    ['more than five years', { days: 3650 }, 'days', /five years/],
    ['a time in the past', { to: '2020-01-01T00:00:00Z' }, 'to', /only moves forward/],
    ['a time that is not ISO 8601', { to: 'next tuesday' }, 'to', /ISO 8601/],
    ['a time without a zone', { to: '2030-01-01T00:00:00' }, 'to', /ISO 8601/],
    ['days as a string', { days: '2' }, 'days', /must be a number/],
    ['an unknown unit', { weeks: 1 }, 'weeks', /Unknown field/],
  ])('refuses %s', async (_name, body, param, message) => {
    const before = await simulatedNow();
    const response = await simulated('POST', '/v1/clock/advance', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.param).toBe(param);
    expect(response.body.error.message).toMatch(message);
    expect(await simulatedNow()).toBe(before);
  });

  it('runs the jobs that fall due on the way, at their time', async () => {
    const start = await simulatedNow();
    const ranAt: string[] = [];
    jobHandlers[testQueue] = async (_tx, job, now) => {
      ranAt.push(`${job.runAt.toISOString()} ran at ${now.toISOString()}`);
    };
    await enqueue(handle.db, { queue: testQueue, payload: {}, runAt: new Date(start + 2 * day) });
    await enqueue(handle.db, { queue: testQueue, payload: {}, runAt: new Date(start + 1 * day) });
    await simulated('POST', '/v1/clock/advance', { body: { days: 3 } });
    const due = (days: number) => new Date(start + days * day).toISOString();
    expect(ranAt).toEqual([`${due(1)} ran at ${due(1)}`, `${due(2)} ran at ${due(2)}`]);
  });

  it('leaves jobs of queues without a handler alone', async () => {
    const start = await simulatedNow();
    const { id } = await enqueue(handle.db, { queue: 'api-test-unhandled', payload: {}, runAt: new Date(start + day) });
    await simulated('POST', '/v1/clock/advance', { body: { days: 2 } });
    const [job] = await handle.db.select().from(jobs).where(eq(jobs.id, id!));
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
