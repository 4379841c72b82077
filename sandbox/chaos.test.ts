// Chaos delivery to a real local receiver: with a seed, some events arrive twice (same id) and
// some late, out of order; flush() still waits for every delivery.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from './test-support';
import { mulberry32 } from './webhooks';

const webhookSecret = 'whsec_chaos';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function startReceiver(): Promise<{ url: string; arrivals: Stripe.Event[] }> {
  const arrivals: Stripe.Event[] = [];
  const verifier = new Stripe('sk_test_unused');
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      arrivals.push(verifier.webhooks.constructEvent(body, String(request.headers['stripe-signature']), webhookSecret));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, arrivals };
}

/** Publishes `count` events; returns their ids in publication order and what the receiver saw. */
async function run(seed: number, count: number): Promise<{ published: string[]; arrivals: string[]; afterFlush: number; settled: number }> {
  const receiver = await startReceiver();
  const started = await startSandbox({ webhookSecret, webhookUrl: receiver.url, chaos: { duplicateRate: 0.3, delayRate: 0.3, maxDelayMs: 150, seed } });
  closers.push(() => started.sandbox.close());
  for (let index = 0; index < count; index++) await started.stripe.customers.create({ metadata: { index: String(index) } });
  await started.sandbox.events.flush();
  const afterFlush = receiver.arrivals.length;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { published: started.sandbox.store.events.map((event) => event.id), arrivals: receiver.arrivals.map((event) => event.id), afterFlush, settled: receiver.arrivals.length };
}

const positionsOfDuplicates = (published: string[], arrivals: string[]) => published.flatMap((id, index) => (arrivals.filter((arrival) => arrival === id).length > 1 ? [index] : []));

describe('chaos delivery', () => {
  it('duplicates some events with the same id, delivers some out of order, and flush waits for all', async () => {
    const { published, arrivals, afterFlush, settled } = await run(7, 20);
    expect(new Set(arrivals)).toEqual(new Set(published));
    expect(arrivals.length).toBeGreaterThan(published.length);
    expect(positionsOfDuplicates(published, arrivals).length).toBeGreaterThan(0);
    const firstArrivals = [...new Set(arrivals)];
    expect(firstArrivals).not.toEqual(published);
    expect(settled).toBe(afterFlush);
  });

  it('makes the same decisions for the same seed', async () => {
    const first = await run(1234, 12);
    const second = await run(1234, 12);
    expect(positionsOfDuplicates(second.published, second.arrivals)).toEqual(positionsOfDuplicates(first.published, first.arrivals));
    expect(second.arrivals.length).toBe(first.arrivals.length);
  });

  it('mulberry32 is deterministic and spreads over [0, 1)', () => {
    const a = mulberry32(99);
    const b = mulberry32(99);
    const values = Array.from({ length: 1_000 }, () => a());
    expect(Array.from({ length: 1_000 }, () => b())).toEqual(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((value) => value < 0.5).length).toBeGreaterThan(400);
  });
});
