// Renewals run several to a transaction (the batching path of the job queue): the same invoices as
// renewing one at a time, each period billed once, invoice numbers gapless, and a renewal that
// fails neither loses nor duplicates the others' invoices.
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoiceNumberSeries, invoices, jobs } from '@/db/schema';
import { checkInvariants } from '../invariants';
import { invoiceSeries } from '../invoices/numbering';
import { jobHandlers } from '../jobs/handlers';
import { drainDue } from '../jobs/queue';
import { createTestDatabase } from '../testing/database';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { creditBalance } from './lifecycle';
import { cancelSubscription, createSubscription, renewSubscriptions, renewalQueue, setPaused } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const start = new Date('2026-05-10T00:00:00Z');
const series = invoiceSeries(start);

/** Every number of the series is used once and they run from 1 to the counter, with no gap. */
async function expectGaplessNumbers() {
  const rows = await handle.db.select({ number: invoices.number }).from(invoices).where(like(invoices.number, `${series}-%`));
  const numbers = rows.map((row) => Number(row.number!.slice(series.length + 1))).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
  const [counter] = await handle.db.select().from(invoiceNumberSeries).where(eq(invoiceNumberSeries.series, series));
  expect(counter?.nextNumber ?? 1n).toBe(BigInt(numbers.length + 1));
}

const cyclesOf = (subscriptionId: string) =>
  handle.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.subscriptionId, subscriptionId), eq(invoices.billingReason, 'subscription_cycle')));

// The renewal queue alone: the counts below are of renewals, not of the collection jobs that
// finalised invoices queue (those are tested in server/collections).
const renewalHandlers = { [renewalQueue]: jobHandlers[renewalQueue]! };

describe('renewals in batches', () => {
  it('bills each due subscription once, with gapless numbers, however many workers take batches', async () => {
    const price = await makePrice(handle.db, { unitAmount: 1000 }, start);
    const sharedCustomer = await makeBillingCustomer(handle.db);
    const subscriptions = [];
    for (let index = 0; index < 23; index++) {
      // Three subscriptions share a customer whose credit balance pays part of their invoices.
      const customer = index < 3 ? sharedCustomer : await makeBillingCustomer(handle.db);
      subscriptions.push((await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id, quantity: 3 }] }, start)).subscription);
    }
    await handle.db.transaction((tx) => creditBalance(tx, { customerId: sharedCustomer.id, currency: 'EUR', amountMinor: 5000n, kind: 'adjustment', description: 'Goodwill', now: start }));
    const paused = subscriptions[3]!;
    const ending = subscriptions[4]!;
    await setPaused(handle.db, paused.id, true);
    await cancelSubscription(handle.db, ending.id, { atPeriodEnd: true }, start);

    const periodEnd = subscriptions[0]!.currentPeriodEnd;
    const now = new Date(periodEnd.getTime() + 60_000);
    const ran = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((workerId) => drainDue(handle.db, { now, workerId, handlers: renewalHandlers, batchSize: 4 })));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(23);

    for (const subscription of subscriptions) {
      const expected = subscription.id === paused.id || subscription.id === ending.id ? 0 : 1;
      expect(await cyclesOf(subscription.id)).toHaveLength(expected);
    }
    // 3600 each: the balance of 5000 pays the first invoice in full (paid) and 1400 of the second.
    const shared = (await Promise.all(subscriptions.slice(0, 3).map(async (s) => (await cyclesOf(s.id))[0]!))).sort((a, b) => a.number!.localeCompare(b.number!));
    expect(shared.map((invoice) => invoice.creditAppliedMinor)).toEqual([3600n, 1400n, 0n]);
    expect(shared.map((invoice) => invoice.status)).toEqual(['paid', 'open', 'open']);
    const [customerRow] = await handle.db.select().from(customers).where(eq(customers.id, sharedCustomer.id));
    expect(customerRow!.creditBalanceMinor).toBe(0n);
    expect(await handle.db.select().from(jobs).where(and(eq(jobs.queue, renewalQueue), eq(jobs.status, 'succeeded')))).toHaveLength(23);
    await expectGaplessNumbers();
    expect(await checkInvariants(handle.db)).toEqual([]);
  });

  it('keeps the others’ invoices when one renewal of a batch fails, and retries only that one', async () => {
    const price = await makePrice(handle.db, { unitAmount: 700 }, start);
    const subscriptions = [];
    for (let index = 0; index < 6; index++) {
      const customer = await makeBillingCustomer(handle.db);
      subscriptions.push((await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, start)).subscription);
    }
    // Bad data stored around validation: the tax decision refuses this customer's VAT number.
    const failing = subscriptions[2]!;
    await handle.db.update(customers).set({ taxIds: [{ type: 'eu_vat', value: 'not-a-vat-number', country: 'FR' }] }).where(eq(customers.id, failing.customerId));

    const now = new Date(subscriptions[0]!.currentPeriodEnd.getTime() + 60_000);
    expect(await drainDue(handle.db, { now, workerId: 'w1', handlers: renewalHandlers, batchSize: 10 })).toBe(6);
    for (const subscription of subscriptions) expect(await cyclesOf(subscription.id)).toHaveLength(subscription.id === failing.id ? 0 : 1);
    const [failed] = await handle.db.select().from(jobs).where(sql`${jobs.payload}->>'subscriptionId' = ${failing.id} and ${jobs.queue} = ${renewalQueue} and ${jobs.status} <> 'succeeded'`);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.lastError).toContain('VAT');
    await expectGaplessNumbers();

    // Fixed, the retry bills it once, and running everything again bills nothing twice.
    await handle.db.update(customers).set({ taxIds: [] }).where(eq(customers.id, failing.customerId));
    await drainDue(handle.db, { now: new Date(failed!.runAt.getTime() + 1), workerId: 'w1', handlers: renewalHandlers });
    for (const subscription of subscriptions) expect(await cyclesOf(subscription.id)).toHaveLength(1);
    await expectGaplessNumbers();
    expect(await checkInvariants(handle.db)).toEqual([]);
  });

  it('gives every number back when the batch rolls back after numbering', async () => {
    const price = await makePrice(handle.db, { unitAmount: 900 }, start);
    const subscriptions = [];
    for (let index = 0; index < 3; index++) {
      const customer = await makeBillingCustomer(handle.db);
      subscriptions.push((await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, start)).subscription);
    }
    const periodEnd = subscriptions[0]!.currentPeriodEnd;
    const renewals = subscriptions.map((s) => ({ subscriptionId: s.id, periodEnd }));
    await expect(
      handle.db.transaction(async (tx) => {
        expect(await renewSubscriptions(tx, renewals, periodEnd)).toBe(3);
        throw new Error('rolled back after numbering');
      }),
    ).rejects.toThrow('rolled back after numbering');
    await expectGaplessNumbers();
    for (const subscription of subscriptions) expect(await cyclesOf(subscription.id)).toHaveLength(0);

    // A second job of the same subscription in one batch (stale, or the same period twice) does nothing more.
    expect(await handle.db.transaction((tx) => renewSubscriptions(tx, [...renewals, renewals[0]!, renewals[1]!], periodEnd))).toBe(3);
    for (const subscription of subscriptions) expect(await cyclesOf(subscription.id)).toHaveLength(1);
    await expectGaplessNumbers();
  });
});
