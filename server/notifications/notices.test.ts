// The notices that fall due with time, driven by the billing clock: upcoming renewal 7 days
// before, trial ending 3 days before, card expiring the month before, subscription ended — each
// sent once however often the sweep runs, never a renewal, trial or card notice for a canceled
// subscription, and each on the customer's timeline with its subject.
import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { jobs, outboxMessages, paymentMethods, timelineEvents } from '@/db/schema';
import { newId } from '../ids';
import { drainDue } from '../jobs/queue';
import { cancelSubscription, createSubscription } from '../subscriptions';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { cardExpiryNoticeDue, noticeSweepJob, noticeSweepQueue, scheduleNoticeSweep, sweepNotices } from './notices';
import { setMailSettingsForTesting } from './outbox';

let handle: DatabaseHandle;
const day = 24 * 3600_000;
const start = new Date('2026-06-03T10:00:00Z');
const actor = { type: 'system' as const };

beforeAll(async () => {
  handle = await createTestDatabase();
  // No SMTP: the notices stay in the outbox, which is what these tests read.
  setMailSettingsForTesting({ smtp: null, from: 'Nimbus <billing@nimbus.example>' });
});
afterAll(async () => {
  setMailSettingsForTesting(null);
  await handle.close();
});

const sweep = (at: Date) => handle.db.transaction((tx) => sweepNotices(tx, at));
const noticesTo = (customerId: string, kind: string) =>
  handle.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.customerId, customerId), eq(outboxMessages.kind, kind)));
const emailEvents = async (customerId: string) =>
  (await handle.db.select().from(timelineEvents).where(and(eq(timelineEvents.customerId, customerId), eq(timelineEvents.kind, 'email.sent')))).map((e) => e.data as { kind: string; subject: string });

async function subscribe(options: { trialDays?: number; locale?: string; interval?: 'month' | 'week' } = {}) {
  const customer = await makeBillingCustomer(handle.db, { locale: options.locale ?? 'en', collectionMethod: 'send_invoice' });
  const price = await makePrice(handle.db, { unitAmount: 2_000, recurring: { interval: options.interval ?? 'month' } });
  const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id, quantity: 1 }], trialDays: options.trialDays ?? 0 }, start);
  return { customer, subscription };
}

describe('upcoming renewal', () => {
  it('is sent 7 days before the period ends, once even if the sweep runs twice, and is on the timeline', async () => {
    const { customer, subscription } = await subscribe({ locale: 'fr' });
    const periodEnd = subscription.currentPeriodEnd;
    expect((await sweep(new Date(periodEnd.getTime() - 7 * day - 3600_000))).upcoming_renewal).toBe(0);
    expect(await noticesTo(customer.id, 'upcoming_renewal')).toHaveLength(0);
    const inWindow = new Date(periodEnd.getTime() - 7 * day + 3600_000);
    await sweep(inWindow);
    await sweep(inWindow);
    await sweep(new Date(inWindow.getTime() + day));
    const notices = await noticesTo(customer.id, 'upcoming_renewal');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.dedupeKey).toBe(`upcoming_renewal:${subscription.id}:${periodEnd.toISOString()}`);
    expect(notices[0]!.subject).toBe('Votre abonnement Nimbus est renouvelé le 3 juil. 2026');
    expect(notices[0]!.text).toContain('Nous vous enverrons la facture.');
    expect(await emailEvents(customer.id)).toContainEqual(expect.objectContaining({ kind: 'upcoming_renewal', subject: notices[0]!.subject }));
  });

  it('is never sent for a canceled subscription, nor one set to end, nor a period no longer than the notice', async () => {
    const canceled = await subscribe();
    await cancelSubscription(handle.db, canceled.subscription.id, { prorate: false, actor }, new Date(start.getTime() + day));
    const weekly = await subscribe({ interval: 'week' });
    await sweep(new Date(canceled.subscription.currentPeriodEnd.getTime() - 2 * day));
    await sweep(new Date(weekly.subscription.currentPeriodEnd.getTime() - 2 * day));
    expect(await noticesTo(canceled.customer.id, 'upcoming_renewal')).toHaveLength(0);
    expect(await noticesTo(weekly.customer.id, 'upcoming_renewal')).toHaveLength(0);
  });
});

describe('trial ending', () => {
  it('is sent 3 days before the trial ends, once', async () => {
    const { customer, subscription } = await subscribe({ trialDays: 14 });
    const trialEnd = subscription.trialEnd!;
    await sweep(new Date(trialEnd.getTime() - 4 * day));
    expect(await noticesTo(customer.id, 'trial_ending')).toHaveLength(0);
    await sweep(new Date(trialEnd.getTime() - 3 * day + 60_000));
    await sweep(new Date(trialEnd.getTime() - 3 * day + 60_000));
    await sweep(new Date(trialEnd.getTime() - day));
    const notices = await noticesTo(customer.id, 'trial_ending');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('Your trial ends on 17 Jun 2026');
    // A trialing subscription is told about its trial, not about a renewal.
    expect(await noticesTo(customer.id, 'upcoming_renewal')).toHaveLength(0);
  });

  it('is not sent when the subscription was canceled during the trial', async () => {
    const { customer, subscription } = await subscribe({ trialDays: 14 });
    await cancelSubscription(handle.db, subscription.id, { prorate: false, actor }, new Date(start.getTime() + day));
    await sweep(new Date(subscription.trialEnd!.getTime() - 2 * day));
    expect(await noticesTo(customer.id, 'trial_ending')).toHaveLength(0);
  });
});

describe('card expiring', () => {
  async function cardFor(customerId: string, expMonth: number, expYear: number) {
    const [card] = await handle.db
      .insert(paymentMethods)
      .values({ id: newId('pmeth'), customerId, gateway: 'stripe', gatewayPaymentMethodId: `pm_${newId('pmeth')}`, type: 'card', brand: 'visa', last4: '4242', expMonth, expYear, isDefault: true })
      .returning();
    return card!;
  }

  it('is sent from the first day of the month before the card expires, once, for the card a live subscription pays with', async () => {
    const { customer } = await subscribe();
    const card = await cardFor(customer.id, 8, 2026);
    await sweep(new Date('2026-06-30T23:00:00Z'));
    expect(await noticesTo(customer.id, 'card_expiring')).toHaveLength(0);
    await sweep(new Date('2026-07-01T00:00:00Z'));
    await sweep(new Date('2026-07-01T00:00:00Z'));
    await sweep(new Date('2026-08-15T00:00:00Z'));
    const notices = await noticesTo(customer.id, 'card_expiring');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.dedupeKey).toBe(`card_expiring:${card.id}:2026-08`);
    expect(notices[0]!.text).toContain('Your Visa card ending in 4242 expires at the end of August 2026.');
  });

  it('is not sent when the customer’s subscription is canceled', async () => {
    const { customer, subscription } = await subscribe();
    await cardFor(customer.id, 8, 2026);
    await cancelSubscription(handle.db, subscription.id, { prorate: false, actor }, new Date(start.getTime() + day));
    await sweep(new Date('2026-07-02T00:00:00Z'));
    expect(await noticesTo(customer.id, 'card_expiring')).toHaveLength(0);
  });

  it('is due exactly from the start of the month before expiry to the end of the expiry month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2020, max: 2040 }), fc.integer({ min: -400, max: 400 }), (expMonth, expYear, offsetDays) => {
        const firstDay = Date.UTC(expYear, expMonth - 2, 1);
        const afterExpiry = Date.UTC(expYear, expMonth, 1);
        const at = new Date(firstDay + offsetDays * day);
        expect(cardExpiryNoticeDue({ expMonth, expYear }, at)).toBe(at.getTime() >= firstDay && at.getTime() < afterExpiry);
      }),
    );
  });
});

describe('subscription ended', () => {
  it('is sent when the subscription is canceled, once, even if the sweep runs afterwards', async () => {
    const { customer, subscription } = await subscribe({ locale: 'fr' });
    const at = new Date(start.getTime() + 2 * day);
    await cancelSubscription(handle.db, subscription.id, { prorate: false, actor }, at);
    await sweep(at);
    await sweep(new Date(at.getTime() + day));
    const notices = await noticesTo(customer.id, 'subscription_canceled');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('Votre abonnement a pris fin');
    expect(notices[0]!.text).toContain('Votre abonnement a pris fin le 5 juin 2026.');
    expect(await emailEvents(customer.id)).toContainEqual({ messageId: notices[0]!.id, kind: 'subscription_canceled', subject: 'Votre abonnement a pris fin' });
  });
});

describe('the sweep job', () => {
  it('runs once a day of the billing clock and schedules the next day; asking twice for a day queues one sweep', async () => {
    const from = new Date('2026-09-10T15:00:00Z');
    await scheduleNoticeSweep(handle.db, from);
    await scheduleNoticeSweep(handle.db, from);
    const handlers = { [noticeSweepQueue]: noticeSweepJob };
    expect(await drainDue(handle.db, { now: from, workerId: 'test', handlers })).toBe(1);
    const next = await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, 'notices-sweep:2026-09-11'));
    expect(next).toHaveLength(1);
    expect(next[0]!.runAt).toEqual(new Date('2026-09-11T00:00:00Z'));
    expect(await drainDue(handle.db, { now: new Date('2026-09-10T23:59:00Z'), workerId: 'test', handlers })).toBe(0);
    expect(await drainDue(handle.db, { now: new Date('2026-09-11T00:00:00Z'), workerId: 'test', handlers })).toBe(1);
    expect(await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, 'notices-sweep:2026-09-12'))).toHaveLength(1);
  });
});
