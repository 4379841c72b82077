// Notices that fall due with time rather than with a change: upcoming renewal, trial ending, card
// expiring, and subscription ended (also sent at once by the cancellation itself; the sweep is the
// safety net for every way a subscription ends). A sweep job runs once a day of the billing
// clock — the simulated one included, which stops at each sweep as it advances — and re-schedules
// itself. Each notice has a unique outbox key naming its subject and occasion, so a sweep that runs
// twice, or two sweeps that overlap, send it once.
import { and, eq, gt, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { paymentMethods, subscriptions } from '@/db/schema';
import { cardExpiringEmail, subscriptionCanceledEmail, trialEndingEmail, upcomingRenewalEmail } from '../collections/emails';
import { getConfig } from '../config';
import { enqueue, type Job } from '../jobs/queue';
import { emailCustomer } from './customer-email';

export const noticeSweepQueue = 'notices.sweep';

export interface NoticeSettings {
  /** The renewal notice goes this many days before the period ends. */
  renewalDays: number;
  /** The trial-ending notice goes this many days before the trial ends. */
  trialDays: number;
  /** A subscription that ended longer ago than this is no longer told (the sweep's look-back). */
  endedLookbackDays: number;
}

export const defaultNoticeSettings: NoticeSettings = { renewalDays: 7, trialDays: 3, endedLookbackDays: 7 };

const dayMs = 24 * 60 * 60 * 1000;
/** Subscriptions that still renew: a canceled one (or one set to end) never gets a renewal, trial or card notice. */
const liveStatuses = ['trialing', 'active', 'past_due', 'unpaid'] as const;
const portalUrl = () => `${getConfig().publicUrl}/`;

type SubscriptionRow = typeof subscriptions.$inferSelect;

/** The first moment of the month `months` after the month of (year, month 1–12), in UTC. */
const monthStart = (year: number, month: number, months = 0) => new Date(Date.UTC(year, month - 1 + months, 1));

/** Whether a card's expiry notice is due at `now`: from the start of the month before it expires to the end of its last month. */
export function cardExpiryNoticeDue(card: { expMonth: number; expYear: number }, now: Date): boolean {
  return now >= monthStart(card.expYear, card.expMonth, -1) && now < monthStart(card.expYear, card.expMonth, 1);
}

/** The notice that a subscription ended; once per subscription whoever ended it. */
export async function sendSubscriptionEndedNotice(tx: Database, subscription: Pick<SubscriptionRow, 'id' | 'customerId' | 'endedAt'>, now: Date, forNonPayment = false) {
  return emailCustomer(
    tx,
    {
      customerId: subscription.customerId,
      kind: 'subscription_canceled',
      key: `subscription_canceled:${subscription.id}`,
      render: (locale, merchant) => subscriptionCanceledEmail(merchant, locale, { endedAt: subscription.endedAt ?? now, forNonPayment, portalUrl: portalUrl() }),
    },
    now,
  );
}

/** Sends every notice due at `now` that was not sent yet. Returns how many this sweep sent, by kind. */
export async function sweepNotices(tx: Database, now: Date, settings: NoticeSettings = defaultNoticeSettings) {
  const sent = { upcoming_renewal: 0, trial_ending: 0, card_expiring: 0, subscription_canceled: 0 };
  const count = (kind: keyof typeof sent) => (id: string | null) => {
    if (id) sent[kind]++;
  };

  // Renewals within the window, of periods longer than the window (a weekly plan is not told
  // every week that it renews), for subscriptions that will renew.
  const renewing = await tx
    .select()
    .from(subscriptions)
    .where(
      and(
        inArray(subscriptions.status, ['active', 'past_due']),
        eq(subscriptions.cancelAtPeriodEnd, false),
        gt(subscriptions.currentPeriodEnd, now),
        lte(subscriptions.currentPeriodEnd, new Date(now.getTime() + settings.renewalDays * dayMs)),
        sql`${subscriptions.currentPeriodEnd} - ${subscriptions.currentPeriodStart} > make_interval(days => ${settings.renewalDays})`,
      ),
    );
  for (const subscription of renewing) {
    await emailCustomer(
      tx,
      {
        customerId: subscription.customerId,
        kind: 'upcoming_renewal',
        key: `upcoming_renewal:${subscription.id}:${subscription.currentPeriodEnd.toISOString()}`,
        render: (locale, merchant) =>
          upcomingRenewalEmail(merchant, locale, { renewsAt: subscription.currentPeriodEnd, chargedAutomatically: subscription.collectionMethod === 'charge_automatically', portalUrl: portalUrl() }),
      },
      now,
    ).then(count('upcoming_renewal'));
  }

  // Trials ending within the window, of subscriptions that go on after the trial.
  const trials = await tx
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'trialing'),
        eq(subscriptions.cancelAtPeriodEnd, false),
        isNotNull(subscriptions.trialEnd),
        gt(subscriptions.trialEnd, now),
        lte(subscriptions.trialEnd, new Date(now.getTime() + settings.trialDays * dayMs)),
      ),
    );
  for (const subscription of trials) {
    await emailCustomer(
      tx,
      {
        customerId: subscription.customerId,
        kind: 'trial_ending',
        key: `trial_ending:${subscription.id}:${subscription.trialEnd!.toISOString()}`,
        render: (locale, merchant) => trialEndingEmail(merchant, locale, { trialEnd: subscription.trialEnd!, portalUrl: portalUrl() }),
      },
      now,
    ).then(count('trial_ending'));
  }

  // Cards that expire at the end of this month or the next, and that a live subscription pays
  // with: its own method, or the customer's default when it has none.
  const current = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
  const next = monthStart(current.year, current.month, 1);
  const expiring = await tx
    .selectDistinct({ id: paymentMethods.id, customerId: paymentMethods.customerId, brand: paymentMethods.brand, last4: paymentMethods.last4, expMonth: paymentMethods.expMonth, expYear: paymentMethods.expYear })
    .from(paymentMethods)
    .innerJoin(
      subscriptions,
      and(
        eq(subscriptions.customerId, paymentMethods.customerId),
        inArray(subscriptions.status, [...liveStatuses]),
        eq(subscriptions.cancelAtPeriodEnd, false),
        or(eq(subscriptions.defaultPaymentMethodId, paymentMethods.id), and(sql`${subscriptions.defaultPaymentMethodId} is null`, eq(paymentMethods.isDefault, true))),
      ),
    )
    .where(
      and(
        eq(paymentMethods.type, 'card'),
        eq(paymentMethods.status, 'active'),
        or(
          and(eq(paymentMethods.expYear, current.year), eq(paymentMethods.expMonth, current.month)),
          and(eq(paymentMethods.expYear, next.getUTCFullYear()), eq(paymentMethods.expMonth, next.getUTCMonth() + 1)),
        ),
      ),
    );
  for (const card of expiring) {
    if (card.expMonth === null || card.expYear === null || !cardExpiryNoticeDue({ expMonth: card.expMonth, expYear: card.expYear }, now)) continue;
    await emailCustomer(
      tx,
      {
        customerId: card.customerId,
        kind: 'card_expiring',
        key: `card_expiring:${card.id}:${card.expYear}-${String(card.expMonth).padStart(2, '0')}`,
        render: (locale, merchant) => cardExpiringEmail(merchant, locale, { brand: card.brand ?? 'card', last4: card.last4 ?? '····', expMonth: card.expMonth!, expYear: card.expYear!, portalUrl: portalUrl() }),
      },
      now,
    ).then(count('card_expiring'));
  }

  // Subscriptions that ended recently (at the end of a period, or canceled by anyone).
  const ended = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.status, 'canceled'), lte(subscriptions.endedAt, now), gt(subscriptions.endedAt, new Date(now.getTime() - settings.endedLookbackDays * dayMs))));
  for (const subscription of ended) await sendSubscriptionEndedNotice(tx, subscription, now).then(count('subscription_canceled'));

  return sent;
}

/** The sweep of the day of `now` (UTC), due at `at`; one per day, however often it is asked for. */
export function scheduleNoticeSweep(db: Database, at: Date) {
  return enqueue(db, { queue: noticeSweepQueue, payload: {}, runAt: at, dedupeKey: `notices-sweep:${at.toISOString().slice(0, 10)}` });
}

/** Sweeps, then schedules the next day's sweep at its midnight (UTC). */
export async function noticeSweepJob(tx: Database, _job: Job, now: Date): Promise<void> {
  await sweepNotices(tx, now);
  await scheduleNoticeSweep(tx, new Date(Math.floor(now.getTime() / dayMs) * dayMs + dayMs));
}
