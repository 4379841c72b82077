// The billing clock. In production it is real time. In simulation its time is a row that only
// moves forward when advanced, and advancing runs every job that falls due on the way, in time
// order, returning once all work due up to the new time is done.
import { eq, min, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { billingClock, jobs } from '@/db/schema';
import { SettleError } from '../errors';
import { fixedClock, type Clock } from '.';

export interface ClockState {
  now: Date;
  simulation: boolean;
}

/** The billing time now: the stored simulated time, or real time outside simulation. */
export async function readClock(db: Database, input: { simulation: boolean; realNow: Date }): Promise<ClockState> {
  if (!input.simulation) return { now: input.realNow, simulation: false };
  await db.insert(billingClock).values({ id: 1, simulatedNow: input.realNow, simulation: true }).onConflictDoNothing();
  const [row] = await db.select().from(billingClock).where(eq(billingClock.id, 1));
  return { now: row!.simulatedNow, simulation: true };
}

export async function clockFor(db: Database, input: { simulation: boolean; realNow: Date }): Promise<Clock> {
  return fixedClock((await readClock(db, input)).now);
}

export type AdvanceBy = { days: number } | { hours: number } | { to: Date };

export function targetOf(from: Date, by: AdvanceBy): Date {
  if ('to' in by) return by.to;
  const hours = 'days' in by ? by.days * 24 : by.hours;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366 * 5) {
    throw new SettleError('VALIDATION_FAILED', 'Advance the clock by a positive amount of at most five years.', 'days' in by ? 'days' : 'hours');
  }
  return new Date(from.getTime() + Math.round(hours * 3_600_000));
}

/**
 * Moves the simulated clock forward to `by`, stopping at each due job on the way so work happens
 * at the time it was due, in order. `runDue(now)` runs everything due at `now`.
 */
export async function advanceClock(
  db: Database,
  input: { by: AdvanceBy; realNow: Date; simulation: boolean; runDue: (now: Date) => Promise<number> },
): Promise<ClockState & { from: Date }> {
  if (!input.simulation) throw new SettleError('FORBIDDEN', 'The billing clock can only be advanced in simulation (SETTLE_SIMULATION=1).');
  const { now: from } = await readClock(db, { simulation: true, realNow: input.realNow });
  const target = targetOf(from, input.by);
  if (target.getTime() <= from.getTime()) {
    throw new SettleError('VALIDATION_FAILED', `The clock only moves forward: ${target.toISOString()} is not after ${from.toISOString()}.`, 'to');
  }
  let current = from;
  for (;;) {
    const [next] = await db
      .select({ at: min(jobs.runAt) })
      .from(jobs)
      .where(sql`${jobs.status} = 'pending' and ${jobs.runAt} <= ${target.toISOString()}::timestamptz`);
    if (!next?.at) break;
    current = next.at > current ? next.at : current;
    await setSimulatedNow(db, current);
    // Nothing ran although something is due: another worker holds it; it will finish it.
    if ((await input.runDue(current)) === 0) break;
  }
  await setSimulatedNow(db, target);
  await input.runDue(target);
  return { now: target, simulation: true, from };
}

async function setSimulatedNow(db: Database, now: Date) {
  await db.update(billingClock).set({ simulatedNow: now }).where(sql`${billingClock.id} = 1 and ${billingClock.simulatedNow} <= ${now.toISOString()}::timestamptz`);
}
