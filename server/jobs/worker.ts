// Runs due jobs in the background of the web server: every few seconds it reads the billing
// clock and drains what is due. Any number of processes may run one; the queue shares the work.
import { randomUUID } from 'node:crypto';
import type { Database } from '@/db/client';
import { readClock } from '../clock/billing-clock';
import type { GatewayRegistry } from '../gateways';
import { reconcilePayments } from '../payments/reconcile';
import { jobHandlers } from './handlers';
import { drainDue } from './queue';

const workerId = `web-${process.pid}-${randomUUID().slice(0, 8)}`;

/** Runs every job due at `now` with the registered handlers; returns how many ran. */
export const runDueJobs = (db: Database, now: Date) => drainDue(db, { now, workerId, handlers: jobHandlers });

/** Retries every failed job whose backoff has passed in real time, with the billing time `now`. */
export const runRetries = (db: Database, now: Date) => drainDue(db, { now, workerId, handlers: jobHandlers, retries: true });

export function startWorker(input: { db: Database; simulation: boolean; intervalMs: number; onError: (error: unknown) => void }) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { now } = await readClock(input.db, { simulation: input.simulation, realNow: new Date() });
      await runDueJobs(input.db, now);
      // A simulated clock stands still between moves: failed jobs are retried on the wall clock.
      if (input.simulation) await runRetries(input.db, now);
    } catch (error) {
      input.onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, input.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** How many drains processSoon runs at once in this process (like that many workers). */
export const soonDrains = 4;
const soon = { running: 0, again: false, started: 0 };

/**
 * Runs the due jobs of `queues` now, in the background, instead of at the next tick: a webhook is
 * applied the moment it is stored. Up to `soonDrains` drains run at once — the queue's claims
 * (SKIP LOCKED) share the work between them as between processes; a call while all are busy asks
 * for one more pass, so a job stored before the call is always claimed by a drain that starts or
 * loops after it.
 */
export function processSoon(db: Database, input: { simulation: boolean; queues: string[]; onError?: (error: unknown) => void }): void {
  if (soon.running >= soonDrains) {
    soon.again = true;
    return;
  }
  soon.running++;
  const drainId = `${workerId}-soon${++soon.started}`;
  const handlers = Object.fromEntries(input.queues.map((queue) => [queue, jobHandlers[queue]!]));
  void (async () => {
    do {
      soon.again = false;
      try {
        const { now } = await readClock(db, { simulation: input.simulation, realNow: new Date() });
        // Small claims, so the jobs of a burst spread over the drains instead of queueing behind one.
        await drainDue(db, { now, workerId: drainId, handlers, batchSize: 10 });
      } catch (error) {
        input.onError?.(error);
      }
    } while (soon.again);
    soon.running--;
  })();
}

/** Asks the gateways, every `intervalMs`, about payments and refunds left without news (see reconcilePayments). */
export function startReconciler(input: { db: Database; gateways: GatewayRegistry; simulation: boolean; intervalMs: number; onError: (error: unknown) => void }) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const { now } = await readClock(input.db, { simulation: input.simulation, realNow: new Date() });
      await reconcilePayments(input.db, input.gateways, now);
    } catch (error) {
      input.onError(error);
    } finally {
      running = false;
    }
  }, input.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
