import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { auditLog, jobs } from '@/db/schema';
import { recordAudit } from '../audit';
import { createTestDatabase } from '../testing/database';
import { claim, drainDue, enqueue, runClaimed, type Job } from './queue';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const t0 = new Date('2026-06-01T00:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

// A job's "effect" is an audit row for its subject: counting them counts effects.
const effect = (queue: string) => async (tx: Database, job: Job) => {
  await recordAudit(tx, { actor: { type: 'system' }, action: queue, subjectType: 'job', subjectId: (job.payload as { subject: string }).subject });
};
const effectsFor = async (subject: string) =>
  (await handle.db.select({ n: count() }).from(auditLog).where(eq(auditLog.subjectId, subject)))[0]!.n;

describe('job queue', () => {
  it('enqueues a dedupe key once, however many times it is asked, even concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => enqueue(handle.db, { queue: 'renewal', payload: { subject: 'dedupe' }, runAt: t0, dedupeKey: 'renewal:sub_1:2026-06' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, 'renewal:sub_1:2026-06'))).length).toBe(1);
  });

  it('runs only what is due by the clock, in time order, including jobs enqueued while draining', async () => {
    const order: string[] = [];
    const handlers = {
      ordered: async (tx: Database, job: Job) => {
        const { subject } = job.payload as { subject: string };
        order.push(subject);
        if (subject === 'b') await enqueue(tx, { queue: 'ordered', payload: { subject: 'b-child' }, runAt: minutes(6) });
      },
    };
    await enqueue(handle.db, { queue: 'ordered', payload: { subject: 'c' }, runAt: minutes(30) });
    await enqueue(handle.db, { queue: 'ordered', payload: { subject: 'b' }, runAt: minutes(5) });
    await enqueue(handle.db, { queue: 'ordered', payload: { subject: 'a' }, runAt: minutes(1) });
    expect(await drainDue(handle.db, { now: minutes(10), workerId: 'w1', handlers })).toBe(3);
    expect(order).toEqual(['a', 'b', 'b-child']);
    expect(await drainDue(handle.db, { now: minutes(30), workerId: 'w1', handlers })).toBe(1);
    expect(order.at(-1)).toBe('c');
  });

  it('rolls a failed handler back, retries with backoff, and gives up after the last attempt', async () => {
    let calls = 0;
    const failing = async (tx: Database, job: Job) => {
      calls++;
      await effect('failing')(tx, job);
      throw new Error('gateway timeout');
    };
    await enqueue(handle.db, { queue: 'failing', payload: { subject: 'flaky' }, runAt: t0, maxAttempts: 2 });
    await drainDue(handle.db, { now: t0, workerId: 'w1', handlers: { failing } });
    let [row] = await handle.db.select().from(jobs).where(eq(jobs.queue, 'failing'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.runAt.getTime()).toBe(t0.getTime() + 30_000);
    expect(row!.lastError).toContain('gateway timeout');
    expect(await effectsFor('flaky')).toBe(0); // rolled back with the failure

    await drainDue(handle.db, { now: minutes(1), workerId: 'w1', handlers: { failing } });
    [row] = await handle.db.select().from(jobs).where(eq(jobs.queue, 'failing'));
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    await drainDue(handle.db, { now: minutes(600), workerId: 'w1', handlers: { failing } });
    expect(calls).toBe(2);
  });

  it('retries a failed job once its backoff has passed on the wall clock, though the billing clock stands still', async () => {
    // In simulation the billing clock only moves when someone moves it: a webhook job that failed
    // once must not wait for that move to be retried.
    let calls = 0;
    const flaky = async (tx: Database, job: Job) => {
      calls++;
      if (calls === 1) throw new Error('could not serialize access');
      await effect('flaky-sim')(tx, job);
    };
    const handlers = { 'flaky-sim': flaky };
    await enqueue(handle.db, { queue: 'flaky-sim', payload: { subject: 'sim' }, runAt: t0 });
    await drainDue(handle.db, { now: t0, workerId: 'w1', handlers });
    let [row] = await handle.db.select().from(jobs).where(eq(jobs.queue, 'flaky-sim'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    const wait = row!.retryAfter!.getTime() - Date.now();
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThanOrEqual(30_000);

    // Neither clock has moved past the backoff: nothing runs.
    expect(await drainDue(handle.db, { now: t0, workerId: 'w1', handlers })).toBe(0);
    expect(await drainDue(handle.db, { now: t0, workerId: 'w1', handlers, retries: true })).toBe(0);
    // The wall clock passes it (the row is moved back rather than the test waiting 30 s).
    await handle.db.update(jobs).set({ retryAfter: new Date(Date.now() - 1_000) }).where(eq(jobs.id, row!.id));
    expect(await drainDue(handle.db, { now: t0, workerId: 'w1', handlers, retries: true })).toBe(1);
    [row] = await handle.db.select().from(jobs).where(eq(jobs.queue, 'flaky-sim'));
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await effectsFor('sim')).toBe(1);
    expect(await drainDue(handle.db, { now: t0, workerId: 'w1', handlers, retries: true })).toBe(0);
  });

  it('hands the job of a dead worker to another once its lease ends, and the effect happens once', async () => {
    await enqueue(handle.db, { queue: 'crashy', payload: { subject: 'crash' }, runAt: t0 });
    const [taken] = await claim(handle.db, { now: t0, workerId: 'dead', limit: 1, leaseSeconds: 1, queues: ['crashy'] });
    expect(taken).toBeDefined();
    // While the lease holds, nobody else gets it.
    expect(await claim(handle.db, { now: t0, workerId: 'other', limit: 1, leaseSeconds: 60, queues: ['crashy'] })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await drainDue(handle.db, { now: t0, workerId: 'other', handlers: { crashy: effect('crashy') } })).toBe(1);
    // The "dead" worker wakes up and tries to finish: its work is undone, not doubled.
    expect(await runClaimed(handle.db, taken!, effect('crashy'), t0)).toBe('retrying');
    expect(await effectsFor('crash')).toBe(1);
    const [row] = await handle.db.select().from(jobs).where(eq(jobs.queue, 'crashy'));
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2, lockedBy: null });
  });

  it('shares work between concurrent workers without running any job twice', async () => {
    const total = 120;
    for (let i = 0; i < total; i++) await enqueue(handle.db, { queue: 'shared', payload: { subject: `s${i}` }, runAt: t0 });
    const handlers = { shared: effect('shared') };
    const ran = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((workerId) => drainDue(handle.db, { now: t0, workerId, handlers, batchSize: 7 })));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(total);
    const effects = await handle.db.select({ subject: auditLog.subjectId, n: count() }).from(auditLog).where(eq(auditLog.action, 'shared')).groupBy(auditLog.subjectId);
    expect(effects).toHaveLength(total);
    expect(effects.every((e) => e.n === 1)).toBe(true);
  });
});
