import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoices, jobs } from '@/db/schema';
import { advanceClock, readClock } from '../clock/billing-clock';
import { jobHandlers } from '../jobs/handlers';
import { createCoupon } from '../coupons';
import { getInvoiceWithLines, listInvoices } from '../invoices';
import { drainDue } from '../jobs/queue';
import { createTestDatabase } from '../testing/database';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { recordUsageEvents } from '../usage';
import { cancelSubscription, createSubscription, getSubscription, previewChange, renewSubscription, renewalJob, renewalQueue, resumeSubscription, updateSubscription, upcomingInvoices } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

// Every queue, as in the app: a due job nobody handles would stop the simulated clock's walk.
const handlers = { ...jobHandlers, [renewalQueue]: renewalJob };
const runDue = (now: Date) => drainDue(handle.db, { now, workerId: 'test', handlers });
// Each test advances the one simulated clock of this database, so tests run in order, forward in time.
const advance = (by: { days: number } | { to: Date }) => advanceClock(handle.db, { by, realNow: new Date('2026-01-31T10:00:00Z'), simulation: true, runDue });
const clockNow = async () => (await readClock(handle.db, { simulation: true, realNow: new Date('2026-01-31T10:00:00Z') })).now;

const invoicesOf = async (subscriptionId: string) =>
  (await listInvoices(handle.db, { subscriptionId, limit: 100 })).data.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));

describe('subscriptions', () => {
  it('bills the first period at once and renews on the anchor day, month-end safe: 31 Jan → 28 Feb → 31 Mar', async () => {
    const now = await clockNow(); // 2026-01-31T10:00
    const customer = await makeBillingCustomer(handle.db);
    const seat = await makePrice(handle.db, { unitAmount: 1000, nickname: 'Seat' });
    const { subscription, invoice } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: seat.id, quantity: 3 }] }, now);
    expect(subscription).toMatchObject({ status: 'active', currentPeriodStart: now });
    expect(subscription.currentPeriodEnd.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(invoice).toMatchObject({ status: 'open', billingReason: 'subscription_create', subtotalMinor: 3000n, taxMinor: 600n, totalMinor: 3600n });

    await advance({ to: new Date('2026-04-01T00:00:00Z') });
    const all = await invoicesOf(subscription.id);
    expect(all.map((i) => i.periodStart?.toISOString())).toEqual(['2026-01-31T10:00:00.000Z', '2026-02-28T10:00:00.000Z', '2026-03-31T10:00:00.000Z']);
    expect(all.map((i) => i.createdAt.toISOString())).toEqual([now.toISOString(), '2026-02-28T10:00:00.000Z', '2026-03-31T10:00:00.000Z']);
    expect(all.every((i) => i.totalMinor === 3600n && i.status === 'open')).toBe(true);
    expect((await getSubscription(handle.db, subscription.id)).currentPeriodEnd.toISOString()).toBe('2026-04-30T10:00:00.000Z');
  });

  it('renews a period exactly once however many renewals race for it', async () => {
    const now = await clockNow();
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 500, recurring: { interval: 'day' } });
    const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, now);
    const periodEnd = subscription.currentPeriodEnd;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => handle.db.transaction((tx) => renewSubscription(tx, { subscriptionId: subscription.id, periodEnd, now: periodEnd }))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await invoicesOf(subscription.id)).filter((i) => i.billingReason === 'subscription_cycle')).toHaveLength(1);
    // The queued job for that period finds the work done and does nothing more.
    await advance({ to: new Date(periodEnd.getTime() + 60_000) });
    const cycles = (await invoicesOf(subscription.id)).filter((i) => i.billingReason === 'subscription_cycle');
    expect(cycles.map((i) => i.periodStart!.getTime())).toEqual([periodEnd.getTime()]);
    await handle.db.delete(jobs).where(eq(jobs.queue, renewalQueue)); // keep the daily subscription from renewing in later tests
  });

  it('bills metered usage in arrears with graduated tiers: 15,000 calls → 107.00', async () => {
    const now = await clockNow();
    const customer = await makeBillingCustomer(handle.db, { currency: 'USD', address: { country: 'US', state: 'NY' } });
    const calls = await makePrice(handle.db, {
      currency: 'USD',
      recurring: { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' },
      billingScheme: 'tiered',
      tiersMode: 'graduated',
      tiers: [{ upTo: 1000, unitAmount: 1 }, { upTo: 10000, unitAmountDecimal: '0.8' }, { upTo: null, unitAmountDecimal: '0.5' }],
    });
    const { subscription, invoice } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: calls.id }] }, now);
    expect(invoice).toBeNull(); // nothing is billed in advance for usage
    // At the very instant the period starts (a clock that has not moved), nothing is used yet.
    const [atStart] = await upcomingInvoices(handle.db, customer.id, now);
    expect(atStart!.totals.totalMinor).toBe(0n);
    await recordUsageEvents(handle.db, [
      { id: 'evt_1', customerId: customer.id, metric: 'api_calls', value: 9000, timestamp: new Date(now.getTime() + 3_600_000).toISOString() },
      { id: 'evt_2', customerId: customer.id, metric: 'api_calls', value: 6000, timestamp: new Date(now.getTime() + 7_200_000).toISOString() },
      { id: 'evt_2', customerId: customer.id, metric: 'api_calls', value: 6000, timestamp: new Date(now.getTime() + 7_200_000).toISOString() },
    ], new Date(now.getTime() + 3 * 3_600_000));
    const [preview] = await upcomingInvoices(handle.db, customer.id, new Date(now.getTime() + 86_400_000));
    expect(preview!.totals.totalMinor).toBe(10700n);
    await advance({ to: new Date(subscription.currentPeriodEnd.getTime() + 1000) });
    const [renewal] = (await invoicesOf(subscription.id)).filter((i) => i.billingReason === 'subscription_cycle');
    expect(renewal!.totalMinor).toBe(10700n);
    const { lines } = await getInvoiceWithLines(handle.db, renewal!.id);
    expect(lines[0]).toMatchObject({ quantity: 15000n, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd });
  });

  it('charges nothing during a trial and starts billing when it ends', async () => {
    const now = await clockNow();
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 2000, trialDays: 14 });
    const { subscription, invoice } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, now);
    expect(invoice).toBeNull();
    expect(subscription).toMatchObject({ status: 'trialing', trialEnd: new Date(now.getTime() + 14 * 86_400_000) });
    await advance({ to: new Date(subscription.trialEnd!.getTime() + 1000) });
    const after = await getSubscription(handle.db, subscription.id);
    expect(after.status).toBe('active');
    const billed = await invoicesOf(subscription.id);
    expect(billed).toHaveLength(1);
    expect(billed[0]).toMatchObject({ periodStart: subscription.trialEnd, totalMinor: 2400n });
  });

  it('prorates an upgrade to the second, and the preview is exactly what is invoiced (10 → 20 half-way = +5)', async () => {
    const start = await clockNow();
    const customer = await makeBillingCustomer(handle.db, { currency: 'USD', address: { country: 'US', state: 'NY' } });
    const basic = await makePrice(handle.db, { currency: 'USD', unitAmount: 1000, recurring: { interval: 'day', intervalCount: 30 } });
    const pro = await makePrice(handle.db, { currency: 'USD', unitAmount: 2000, recurring: { interval: 'day', intervalCount: 30 } });
    const { subscription, items } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: basic.id }] }, start);
    const halfWay = await advance({ days: 15 });
    const change = { items: [{ id: items[0]!.id, priceId: pro.id }] };
    const preview = await previewChange(handle.db, subscription.id, change, halfWay.now);
    expect(preview.lines.map((l) => l.amountMinor)).toEqual([-500n, 1000n]);
    expect(preview.totals.totalMinor).toBe(500n);
    const { invoice } = await updateSubscription(handle.db, subscription.id, { ...change, prorationBehavior: 'always_invoice' }, halfWay.now);
    expect(invoice).toMatchObject({ billingReason: 'subscription_update', totalMinor: preview.totals.totalMinor, status: 'open' });
  });

  it('keeps create_prorations for the next renewal invoice, and none bills nothing', async () => {
    const start = await clockNow();
    const customer = await makeBillingCustomer(handle.db);
    const seat = await makePrice(handle.db, { unitAmount: 3000, recurring: { interval: 'day', intervalCount: 10 } });
    const { subscription, items } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: seat.id, quantity: 1 }] }, start);
    const mid = await advance({ days: 5 });
    const { invoice } = await updateSubscription(handle.db, subscription.id, { items: [{ id: items[0]!.id, quantity: 3 }] }, mid.now);
    expect(invoice).toBeNull();
    await updateSubscription(handle.db, subscription.id, { items: [{ id: items[0]!.id, quantity: 4 }], prorationBehavior: 'none' }, mid.now);
    await advance({ to: new Date(subscription.currentPeriodEnd.getTime() + 1000) });
    const [renewal] = (await invoicesOf(subscription.id)).filter((i) => i.billingReason === 'subscription_cycle');
    const { lines } = await getInvoiceWithLines(handle.db, renewal!.id);
    // 4 seats for the new period, plus the +2 seats for half a period (3000 × 2 / 2), and nothing for the 'none' change.
    expect(lines.map((l) => [l.proration, l.amountMinor])).toEqual([[false, 12000n], [true, -1500n], [true, 4500n]]);
    await cancelSubscription(handle.db, subscription.id, {}, (await clockNow()));
  });

  it('cancels at period end (and can resume before it), or now with a prorated credit', async () => {
    const start = await clockNow();
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 10000, recurring: { interval: 'day', intervalCount: 10 } });
    const first = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, start);
    await cancelSubscription(handle.db, first.subscription.id, { atPeriodEnd: true, reason: 'too_expensive' }, start);
    await resumeSubscription(handle.db, first.subscription.id, start);
    await cancelSubscription(handle.db, first.subscription.id, { atPeriodEnd: true, reason: 'unused' }, start);
    await advance({ to: new Date(first.subscription.currentPeriodEnd.getTime() + 1000) });
    const ended = await getSubscription(handle.db, first.subscription.id);
    expect(ended).toMatchObject({ status: 'canceled', endedAt: first.subscription.currentPeriodEnd, cancellationReason: 'unused' });
    expect(await invoicesOf(first.subscription.id)).toHaveLength(1);

    const now = await clockNow();
    const second = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, now);
    const later = await advance({ days: 2.5 });
    await cancelSubscription(handle.db, second.subscription.id, { prorate: true }, later.now);
    const [row] = await handle.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.creditBalanceMinor).toBe(7500n); // 3/4 of the period unused (before tax)
    await expect(cancelSubscription(handle.db, second.subscription.id, {}, later.now)).rejects.toMatchObject({ code: 'SUBSCRIPTION_NOT_ACTIVE' });
  });

  it('discounts the invoices a repeating coupon covers, then stops', async () => {
    const now = await clockNow();
    await createCoupon(handle.db, { code: 'TWOMONTHS', percentOff: '50', duration: 'repeating', durationInMonths: 2 }, now);
    const customer = await makeBillingCustomer(handle.db);
    const price = await makePrice(handle.db, { unitAmount: 1000 });
    const { subscription, invoice } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }], couponCode: 'twomonths' }, now);
    expect(invoice!.discountMinor).toBe(500n);
    await advance({ to: new Date(subscription.currentPeriodStart.getTime() + 75 * 86_400_000) });
    const discounts = (await invoicesOf(subscription.id)).map((i) => i.discountMinor);
    expect(discounts).toEqual([500n, 500n, 0n]);
  });

  it('refuses bad items with the offending field, and creates nothing', async () => {
    const now = await clockNow();
    const customer = await makeBillingCustomer(handle.db);
    const usd = await makePrice(handle.db, { currency: 'USD', unitAmount: 100 });
    const monthly = await makePrice(handle.db, { unitAmount: 100 });
    const yearly = await makePrice(handle.db, { unitAmount: 100, recurring: { interval: 'year' } });
    const before = (await handle.db.select().from(invoices).where(and(eq(invoices.customerId, customer.id)))).length;
    const attempt = (items: Array<{ priceId: string; quantity?: number }>) => createSubscription(handle.db, { customerId: customer.id, items }, now);
    await expect(attempt([{ priceId: usd.id }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'items[0].priceId' });
    await expect(attempt([{ priceId: monthly.id, quantity: -1 }])).rejects.toMatchObject({ param: 'items[0].quantity' });
    await expect(attempt([{ priceId: monthly.id, quantity: 1.5 }])).rejects.toMatchObject({ param: 'items[0].quantity' });
    await expect(attempt([{ priceId: monthly.id }, { priceId: yearly.id }])).rejects.toMatchObject({ param: 'items[1].priceId' });
    await expect(attempt([])).rejects.toMatchObject({ param: 'items' });
    await expect(attempt([{ priceId: 'price_nope' }])).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'items[0].priceId' });
    await expect(createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: monthly.id }], couponCode: 'NOPE' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await handle.db.select().from(invoices).where(eq(invoices.customerId, customer.id))).length).toBe(before);
  });
});
