import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { drainDue, enqueue, type Job } from '../jobs/queue';
import { createTestDatabase } from '../testing/database';
import { advanceClock, readClock } from './billing-clock';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const realNow = new Date('2026-01-31T09:00:00Z');

describe('billing clock', () => {
  it('is real time outside simulation and cannot be advanced there', async () => {
    expect(await readClock(handle.db, { simulation: false, realNow })).toEqual({ now: realNow, simulation: false });
    await expect(advanceClock(handle.db, { by: { days: 1 }, realNow, simulation: false, runDue: async () => 0 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('in simulation, starts at real time, then only moves when advanced, running due work in time order at its time', async () => {
    const seen: Array<[string, string]> = [];
    const handlers = {
      tick: async (tx: Database, job: Job) => {
        const { now } = await readClock(tx, { simulation: true, realNow: new Date('2030-01-01T00:00:00Z') });
        const { name, then } = job.payload as { name: string; then?: string };
        seen.push([name, now.toISOString()]);
        if (then) await enqueue(tx, { queue: 'tick', payload: { name: then }, runAt: new Date(now.getTime() + 3_600_000) });
      },
    };
    const runDue = (now: Date) => drainDue(handle.db, { now, workerId: 'clock', handlers });
    expect((await readClock(handle.db, { simulation: true, realNow })).now).toEqual(realNow);
    // Real time passing does not move the simulated clock.
    expect((await readClock(handle.db, { simulation: true, realNow: new Date('2027-01-01T00:00:00Z') })).now).toEqual(realNow);

    await enqueue(handle.db, { queue: 'tick', payload: { name: 'second' }, runAt: new Date('2026-02-10T00:00:00Z') });
    await enqueue(handle.db, { queue: 'tick', payload: { name: 'first', then: 'follow-up' }, runAt: new Date('2026-02-02T00:00:00Z') });
    await enqueue(handle.db, { queue: 'tick', payload: { name: 'later' }, runAt: new Date('2026-03-15T00:00:00Z') });

    const result = await advanceClock(handle.db, { by: { days: 14 }, realNow, simulation: true, runDue });
    expect(result.now.toISOString()).toBe('2026-02-14T09:00:00.000Z');
    expect(seen).toEqual([
      ['first', '2026-02-02T00:00:00.000Z'],
      ['follow-up', '2026-02-02T01:00:00.000Z'],
      ['second', '2026-02-10T00:00:00.000Z'],
    ]);
    expect((await readClock(handle.db, { simulation: true, realNow })).now.toISOString()).toBe('2026-02-14T09:00:00.000Z');
  });

  it('refuses to go backwards or by nothing', async () => {
    const runDue = async () => 0;
    await expect(advanceClock(handle.db, { by: { to: new Date('2026-02-01T00:00:00Z') }, realNow, simulation: true, runDue })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      param: 'to',
    });
    await expect(advanceClock(handle.db, { by: { hours: 0 }, realNow, simulation: true, runDue })).rejects.toMatchObject({ param: 'hours' });
    await expect(advanceClock(handle.db, { by: { days: -3 }, realNow, simulation: true, runDue })).rejects.toMatchObject({ param: 'days' });
  });
});
