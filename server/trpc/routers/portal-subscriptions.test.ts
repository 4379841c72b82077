// The portal's subscription and overview procedures, called through the real router on a real
// database and the sandbox processor: scoping, preview = invoiced amount, cancel/resume, usage so
// far, and the overview's figures and alerts on a known data set.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, invoices, paymentMethods, subscriptions } from '@/db/schema';
import { addCustomerContact, type Viewer } from '../../auth/users';
import type { Customer } from '../../customers';
import { addPaymentMethod } from '../../payments/methods';
import { payInvoice } from '../../payments/pay';
import { createSubscription } from '../../subscriptions';
import { recordUsageEvents } from '../../usage';
import { makeBillingCustomer, makePrice } from '../../testing/billing-fixtures';
import { createTestDatabase } from '../../testing/database';
import { contextFor } from '../../testing/fixtures';
import { startTestGateway, type TestGateway } from '../../testing/payments';
import type { PriceRow } from '../../catalog';
import { createCaller } from '../root';

let handle: DatabaseHandle;
let gateway: TestGateway;
const start = new Date('2026-06-01T00:00:00Z');
const midPeriod = '2026-06-16T00:00:00Z'; // 15 of 30 days gone: half the period remains
const actor = { type: 'system' as const };

let basic: PriceRow;
let pro: PriceRow;
let yearly: PriceRow;
let metered: PriceRow;
let usd: PriceRow;

async function customerWithContact(overrides: Parameters<typeof makeBillingCustomer>[1] = {}): Promise<{ customer: Customer; viewer: Viewer }> {
  const customer = await makeBillingCustomer(handle.db, overrides);
  const viewer = await addCustomerContact(handle.db, { customerId: customer.id, email: `contact-${customer.id}@example.com`, name: 'Contact' });
  return { customer, viewer };
}

const callerFor = (viewer: Viewer, at = midPeriod) => createCaller(contextFor(handle.db, viewer, at, gateway.registry));

async function trpcCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  gateway = await startTestGateway({ db: handle.db, now: () => new Date(midPeriod) });
  basic = await makePrice(handle.db, { unitAmount: 1_000, nickname: 'Basic' });
  pro = await makePrice(handle.db, { unitAmount: 3_000, nickname: 'Pro' });
  yearly = await makePrice(handle.db, { unitAmount: 50_000, recurring: { interval: 'year' } });
  usd = await makePrice(handle.db, { unitAmount: 2_000, currency: 'USD' });
  metered = await makePrice(handle.db, {
    recurring: { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' },
    billingScheme: 'per_unit',
    unitAmountDecimal: '2',
  });
});
afterAll(async () => {
  await gateway.close();
  await handle.close();
});

describe('portal.subscriptions', () => {
  it('lists the current plan, its next renewal, usage so far and the plans it may switch to', async () => {
    const { customer, viewer } = await customerWithContact();
    const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: basic.id, quantity: 2 }, { priceId: metered.id }] }, start);
    await recordUsageEvents(handle.db, [{ id: `u1-${customer.id}`, customerId: customer.id, metric: 'api_calls', value: 40, timestamp: '2026-06-10T00:00:00Z' }], new Date('2026-06-10T00:00:00Z'));
    // After "now": not yet used this period.
    await recordUsageEvents(handle.db, [{ id: `u2-${customer.id}`, customerId: customer.id, metric: 'api_calls', value: 1000, timestamp: '2026-06-20T00:00:00Z' }], new Date('2026-06-20T00:00:00Z'));

    const [listed, ...others] = await callerFor(viewer).portal.subscriptions.list();
    expect(others).toEqual([]);
    expect(listed).toMatchObject({ id: subscription.id, status: 'active', currentPeriodEnd: new Date('2026-07-01T00:00:00Z'), cancelAtPeriodEnd: false });
    const licensed = listed!.items.find((item) => !item.metered)!;
    expect(licensed).toMatchObject({ priceId: basic.id, quantity: 2n, amountMinor: 2_000n, usage: null });
    expect(listed!.items.find((item) => item.metered)!.usage).toMatchObject({ metric: 'api_calls', quantity: 40n, amountMinor: 80n });
    // Renewal: 2 × €10 plus 40 calls × €0.02, plus 20 % French VAT.
    expect(listed!.nextInvoice).toMatchObject({ date: new Date('2026-07-01T00:00:00Z'), totalMinor: (2_000n + 80n) * 12n / 10n });
    const options = listed!.planOptions.map((option) => option.priceId);
    expect(options).toEqual(expect.arrayContaining([basic.id, pro.id]));
    expect(options).not.toContain(yearly.id); // another interval
    expect(options).not.toContain(usd.id); // another currency
    expect(options).not.toContain(metered.id); // billed on usage, not a plan
  });

  it('previews an upgrade, and the invoice the change issues has exactly the previewed amounts', async () => {
    const { customer, viewer } = await customerWithContact();
    const { subscription, items } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: basic.id }] }, start);
    const caller = callerFor(viewer);
    const change = { subscriptionId: subscription.id, itemId: items[0]!.id, priceId: pro.id, quantity: 2 };
    const preview = await caller.portal.subscriptions.preview(change);
    // Half a period: credit half of €10, charge half of 2 × €30, then 20 % VAT.
    expect(preview.lines.map((line) => line.amountMinor)).toEqual([-500n, 3_000n]);
    expect(preview).toMatchObject({ subtotalMinor: 2_500n, taxMinor: 500n, totalMinor: 3_000n, amountDueMinor: 3_000n, creditAppliedMinor: 0n, invoicedNow: true });
    // Nothing saved by the preview.
    expect((await handle.db.select().from(invoices).where(eq(invoices.subscriptionId, subscription.id))).length).toBe(1);

    // Confirmed ten minutes later: billed at the preview's instant, so exactly the previewed amount.
    const later = callerFor(viewer, '2026-06-16T00:10:00Z');
    const confirm = { ...change, prorationDate: preview.prorationDate, expectedAmountDueMinor: preview.amountDueMinor };
    expect(await trpcCode(later.portal.subscriptions.change({ ...confirm, expectedAmountDueMinor: preview.amountDueMinor + 1n }))).toBe('CONFLICT');
    expect(await trpcCode(callerFor(viewer, '2026-06-16T01:00:01Z').portal.subscriptions.change(confirm))).toBe('BAD_REQUEST'); // a stale preview
    expect((await handle.db.select().from(invoices).where(eq(invoices.subscriptionId, subscription.id))).length).toBe(1);
    const result = await later.portal.subscriptions.change(confirm);
    expect(result.invoice).toMatchObject({ totalMinor: preview.totalMinor, amountDueMinor: preview.amountDueMinor, status: 'open' });
    const [listed] = await caller.portal.subscriptions.list();
    expect(listed!.items[0]).toMatchObject({ priceId: pro.id, quantity: 2n });
  });

  it('a preview counts the credit balance the invoice will use, and a downgrade credits the balance', async () => {
    const { customer, viewer } = await customerWithContact();
    const { subscription, items } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: pro.id }] }, start);
    const caller = callerFor(viewer);
    const down = { subscriptionId: subscription.id, itemId: items[0]!.id, priceId: basic.id, quantity: 1 };
    const preview = await caller.portal.subscriptions.preview(down);
    expect(preview).toMatchObject({ totalMinor: -1_200n, creditAppliedMinor: -1_200n, amountDueMinor: 0n });
    const { invoice } = await caller.portal.subscriptions.change({ ...down, prorationDate: preview.prorationDate, expectedAmountDueMinor: preview.amountDueMinor });
    expect(invoice).toMatchObject({ totalMinor: -1_200n, amountDueMinor: 0n, status: 'paid' });
    // The €12 now on the balance pays part of the next upgrade, and the preview says so.
    const up = await caller.portal.subscriptions.preview({ ...down, priceId: pro.id });
    expect(up).toMatchObject({ totalMinor: 1_200n, creditAppliedMinor: 1_200n, amountDueMinor: 0n, creditBalanceMinor: 1_200n });
  });

  it('cancels at the period end with a reason and a comment, then resumes before the end', async () => {
    const { customer, viewer } = await customerWithContact();
    const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: basic.id }] }, start);
    const caller = callerFor(viewer);
    const cancelled = await caller.portal.subscriptions.cancel({ subscriptionId: subscription.id, reason: 'too_expensive', comment: '  Budget cut this quarter ' });
    expect(cancelled).toMatchObject({ cancelAtPeriodEnd: true, endsAt: new Date('2026-07-01T00:00:00Z') });
    const [row] = await handle.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(row).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, cancellationReason: 'too_expensive' });
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.subjectId, subscription.id));
    expect(audit.map((entry) => [entry.action, entry.actorType, entry.actorId, entry.reason])).toEqual([['subscription.cancel_at_period_end', 'customer', viewer.userId, 'Budget cut this quarter']]);
    // Ending: no renewal invoice is announced.
    expect((await caller.portal.subscriptions.list())[0]!.nextInvoice).toBeNull();

    expect(await trpcCode(caller.portal.subscriptions.cancel({ subscriptionId: subscription.id, reason: 'not_a_reason' as 'other' }))).toBe('BAD_REQUEST');
    const resumed = await caller.portal.subscriptions.resume({ subscriptionId: subscription.id });
    expect(resumed).toMatchObject({ cancelAtPeriodEnd: false });
    expect((await caller.portal.subscriptions.list())[0]!.nextInvoice).not.toBeNull();
    // Nothing left to resume.
    expect(await trpcCode(caller.portal.subscriptions.resume({ subscriptionId: subscription.id }))).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for another customer’s subscription exactly as for one that does not exist, and changes nothing', async () => {
    const owner = await customerWithContact();
    const other = await customerWithContact();
    const { subscription, items } = await createSubscription(handle.db, { customerId: owner.customer.id, items: [{ priceId: basic.id }] }, start);
    const intruder = callerFor(other.viewer);
    for (const subscriptionId of [subscription.id, 'sub_does_not_exist']) {
      const change = { subscriptionId, itemId: items[0]!.id, priceId: pro.id, quantity: 1 };
      expect(await trpcCode(intruder.portal.subscriptions.preview(change))).toBe('NOT_FOUND');
      expect(await trpcCode(intruder.portal.subscriptions.change({ ...change, prorationDate: new Date(midPeriod), expectedAmountDueMinor: 0n }))).toBe('NOT_FOUND');
      expect(await trpcCode(intruder.portal.subscriptions.cancel({ subscriptionId, reason: 'other' }))).toBe('NOT_FOUND');
      expect(await trpcCode(intruder.portal.subscriptions.resume({ subscriptionId }))).toBe('NOT_FOUND');
    }
    expect(await intruder.portal.subscriptions.list()).toEqual([]);
    const [row] = await handle.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(row).toMatchObject({ cancelAtPeriodEnd: false });
    expect((await handle.db.select().from(invoices).where(eq(invoices.subscriptionId, subscription.id))).length).toBe(1);
  });

  it('refuses a plan on another interval or in another currency', async () => {
    const { customer, viewer } = await customerWithContact();
    const { subscription, items } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: basic.id }] }, start);
    const caller = callerFor(viewer);
    for (const priceId of [yearly.id, usd.id]) {
      expect(await trpcCode(caller.portal.subscriptions.preview({ subscriptionId: subscription.id, itemId: items[0]!.id, priceId, quantity: 1 }))).toBe('BAD_REQUEST');
    }
  });
});

describe('portal.overview', () => {
  it('adds up plans, next renewal, balance due, credit and alerts on a known data set', async () => {
    // Net 10: the first invoice is overdue by mid-period; the second fails to be charged.
    const { customer, viewer } = await customerWithContact({ paymentTerms: { type: 'net', days: 10 } });
    const first = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: basic.id }] }, start);
    const second = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: pro.id, quantity: 2 }] }, new Date('2026-06-14T00:00:00Z'));
    const method = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_chargeCustomerFail', actor }, new Date(midPeriod));
    const failed = await payInvoice(handle.db, gateway.registry, { invoiceId: second.invoice!.id, initiatedBy: 'automatic' }, new Date(midPeriod));
    expect(failed.payment.status).toBe('failed');
    // The card expires at the end of next month: "expires soon".
    await handle.db.update(paymentMethods).set({ expMonth: 7, expYear: 2026 }).where(eq(paymentMethods.id, method.id));

    const overview = await callerFor(viewer).portal.overview();
    expect(overview.plans.map((plan) => [plan.subscriptionId, plan.names, plan.renewsAt])).toEqual([
      [first.subscription.id, [expect.stringMatching(/^Product /)], new Date('2026-07-01T00:00:00Z')],
      [second.subscription.id, [expect.stringMatching(/ × 2$/)], new Date('2026-07-14T00:00:00Z')],
    ]);
    // €10 + 20 % and 2 × €30 + 20 %, both open.
    expect(overview.balanceDue).toEqual({ amountMinor: 1_200n + 7_200n, invoiceCount: 2 });
    expect(overview.creditBalanceMinor).toBe(0n);
    expect(overview.nextInvoice).toEqual({ date: new Date('2026-07-01T00:00:00Z'), totalMinor: 1_200n });
    expect(overview.defaultPaymentMethod).toMatchObject({ id: method.id, expiry: 'expires_soon' });
    expect(overview.alerts).toEqual([
      { kind: 'payment_failed', invoiceId: second.invoice!.id, invoiceNumber: second.invoice!.number, amountMinor: 7_200n, declineCode: 'generic_decline' },
      { kind: 'overdue', invoiceId: first.invoice!.id, invoiceNumber: first.invoice!.number, amountMinor: 1_200n, dueAt: new Date('2026-06-11T00:00:00Z') },
      expect.objectContaining({ kind: 'card_expiring', paymentMethodId: method.id, expired: false }),
    ]);

    // Another customer sees none of it.
    const stranger = await customerWithContact();
    const theirs = await callerFor(stranger.viewer).portal.overview();
    expect(theirs).toMatchObject({ plans: [], nextInvoice: null, balanceDue: { amountMinor: 0n, invoiceCount: 0 }, defaultPaymentMethod: null, alerts: [] });
  });

  it('groups more than two overdue invoices into one alert that leads to the list', async () => {
    const { customer, viewer } = await customerWithContact({ paymentTerms: { type: 'net', days: 5 } });
    for (const priceId of [basic.id, pro.id, yearly.id]) await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId }] }, start);
    const { alerts, balanceDue } = await callerFor(viewer).portal.overview();
    expect(balanceDue).toEqual({ amountMinor: (1_000n + 3_000n + 50_000n) * 12n / 10n, invoiceCount: 3 });
    expect(alerts).toEqual([{ kind: 'overdue_many', count: 3, amountMinor: balanceDue.amountMinor, oldestDueAt: new Date('2026-06-06T00:00:00Z') }]);
  });
});
