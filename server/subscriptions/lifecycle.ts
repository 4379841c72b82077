// Creating, cancelling, resuming and pausing subscriptions. Each use case owns its transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { stopDunningForSubscription } from '../collections/dunning';
import { customerBalanceTransactions, customers, subscriptionItems, subscriptions } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { cancellationCredit } from '../billing-periods/proration';
import { currentPeriod } from '../billing-periods/periods';
import { redeemCoupon } from '../coupons';
import { getCustomer } from '../customers';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { sendSubscriptionEndedNotice } from '../notifications/notices';
import { enqueue, enqueueMany } from '../jobs/queue';
import { priceAmount } from '../pricing/amount';
import { priceItems, loadItems, type ItemRequest } from './items';
import { issueSubscriptionInvoice } from './invoicing';
import { licensedLines, meteredLines } from './lines';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

const dayMs = 24 * 60 * 60 * 1000;
export const renewalQueue = 'subscription.renew';

/** The renewal of a period is one job, ever: its dedupe key names the subscription and period end. */
export function scheduleRenewal(tx: Database, subscriptionId: string, periodEnd: Date) {
  return enqueue(tx, renewalJobOf(subscriptionId, periodEnd));
}

/** scheduleRenewal for several subscriptions with one insert (a batch of renewals). */
export function scheduleRenewals(tx: Database, renewals: Array<{ subscriptionId: string; periodEnd: Date }>) {
  return enqueueMany(
    tx,
    renewals.map((renewal) => renewalJobOf(renewal.subscriptionId, renewal.periodEnd)),
  );
}

const renewalJobOf = (subscriptionId: string, periodEnd: Date) => ({
  queue: renewalQueue,
  payload: { subscriptionId, periodEnd: periodEnd.toISOString() },
  runAt: periodEnd,
  dedupeKey: `renew:${subscriptionId}:${periodEnd.toISOString()}`,
});

export interface CreateSubscriptionInput {
  customerId: string;
  items: ItemRequest[];
  trialDays?: number | null;
  collectionMethod?: 'charge_automatically' | 'send_invoice' | null;
  couponCode?: string | null;
  paymentMethodId?: string | null;
}

export async function createSubscription(db: Database, input: CreateSubscriptionInput, now: Date) {
  const customer = await getCustomer(db, input.customerId, 'customerId');
  const items = await priceItems(db, input.items, customer);
  const trialDays = input.trialDays ?? Math.max(0, ...items.map((i) => i.price.trialDays ?? 0));
  if (!Number.isInteger(trialDays) || trialDays < 0 || trialDays > 730) {
    throw new SettleError('VALIDATION_FAILED', 'trialDays is a whole number from 0 to 730.', 'trialDays');
  }
  const collectionMethod = input.collectionMethod ?? customer.collectionMethod;
  if (collectionMethod !== 'charge_automatically' && collectionMethod !== 'send_invoice') {
    throw new SettleError('VALIDATION_FAILED', 'collectionMethod must be "charge_automatically" or "send_invoice".', 'collectionMethod');
  }
  const { interval, intervalCount } = items[0]!.price as { interval: SubscriptionRow['interval']; intervalCount: number };
  const trialEnd = trialDays > 0 ? new Date(now.getTime() + trialDays * dayMs) : null;
  // Billing starts when the trial ends; the cycle is anchored there.
  const anchor = trialEnd ?? now;
  const period = trialEnd ? { start: now, end: trialEnd } : currentPeriod(anchor, interval, intervalCount, now);

  return db.transaction(async (tx) => {
    const [subscription] = await tx
      .insert(subscriptions)
      .values({
        id: newId('sub'),
        customerId: customer.id,
        status: trialEnd ? 'trialing' : 'active',
        currency: customer.currency,
        interval,
        intervalCount,
        collectionMethod,
        billingCycleAnchor: anchor,
        currentPeriodStart: period.start,
        currentPeriodEnd: period.end,
        trialEnd,
        defaultPaymentMethodId: input.paymentMethodId ?? null,
        createdAt: now,
      })
      .returning();
    const storedItems = await tx
      .insert(subscriptionItems)
      .values(items.map((item) => ({ id: newId('si'), subscriptionId: subscription!.id, priceId: item.price.id, quantity: item.quantity, createdAt: now })))
      .returning();
    items.forEach((item, index) => (item.id = storedItems[index]!.id));
    let current = subscription!;
    if (input.couponCode) {
      const { coupon } = await redeemCoupon(tx, { code: input.couponCode, customerId: customer.id, subscriptionId: current.id, now });
      current = (await tx.update(subscriptions).set({ couponId: coupon.id }).where(eq(subscriptions.id, current.id)).returning())[0]!;
    }
    const invoice = trialEnd
      ? null
      : await issueSubscriptionInvoice(tx, {
          subscription: current,
          customer,
          billingReason: 'subscription_create',
          period,
          lines: licensedLines(items, period),
          includePending: false,
          now,
        });
    await scheduleRenewal(tx, current!.id, period.end);
    return { subscription: current, items: storedItems, invoice };
  });
}

export async function getSubscription(db: Database, id: string, scope?: { customerId: string }): Promise<SubscriptionRow> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), scope ? eq(subscriptions.customerId, scope.customerId) : undefined));
  if (!row) throw new SettleError('NOT_FOUND', `No subscription ${id}.`, 'id');
  return row;
}

export async function lockSubscription(tx: Database, id: string): Promise<SubscriptionRow> {
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id)).for('update');
  if (!row) throw new SettleError('NOT_FOUND', `No subscription ${id}.`, 'id');
  return row;
}

/** Several subscription rows locked with one query, in id order so concurrent batches cannot deadlock. */
export async function lockSubscriptions(tx: Database, ids: string[]): Promise<Map<string, SubscriptionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select().from(subscriptions).where(inArray(subscriptions.id, [...new Set(ids)])).orderBy(subscriptions.id).for('update');
  return new Map(rows.map((row) => [row.id, row]));
}

const live = ['trialing', 'active', 'past_due', 'paused', 'incomplete', 'unpaid'] as const;

function assertLive(subscription: SubscriptionRow) {
  if (!(live as readonly string[]).includes(subscription.status)) {
    throw new SettleError('SUBSCRIPTION_NOT_ACTIVE', `Subscription ${subscription.id} is ${subscription.status}.`, 'id');
  }
}

export const cancellationReasons = ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'] as const;

function parseReason(reason: string | null | undefined): string | null {
  if (reason === undefined || reason === null) return null;
  if (!(cancellationReasons as readonly string[]).includes(reason)) {
    throw new SettleError('VALIDATION_FAILED', `reason must be one of ${cancellationReasons.join(', ')}.`, 'reason');
  }
  return reason;
}

/**
 * Cancels now or at the end of the period. Cancelling now bills usage recorded so far and, with
 * `prorate`, credits the unused part of the period to the customer's balance.
 */
export async function cancelSubscription(
  db: Database,
  id: string,
  input: { atPeriodEnd?: boolean; prorate?: boolean; reason?: string | null; comment?: string | null; actor?: Actor },
  now: Date,
) {
  const reason = parseReason(input.reason);
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 1000) throw new SettleError('VALIDATION_FAILED', 'A comment has at most 1,000 characters.', 'comment');
  return db.transaction(async (tx) => {
    const subscription = await lockSubscription(tx, id);
    assertLive(subscription);
    // The reason is a column; the customer's own words live in the audit row of the cancellation.
    if (input.actor) {
      await recordAudit(tx, {
        actor: input.actor,
        action: input.atPeriodEnd ? 'subscription.cancel_at_period_end' : 'subscription.cancel',
        subjectType: 'subscription',
        subjectId: id,
        reason: comment ?? undefined,
        after: { reason },
        at: now,
      });
    }
    if (input.atPeriodEnd) {
      const [row] = await tx.update(subscriptions).set({ cancelAtPeriodEnd: true, cancellationReason: reason }).where(eq(subscriptions.id, id)).returning();
      return { subscription: row!, invoice: null };
    }
    const customer = await getCustomer(tx, subscription.customerId);
    const items = await loadItems(tx, id);
    const usage = subscription.status === 'trialing' ? [] : await meteredLines(tx, customer.id, items, { start: subscription.currentPeriodStart, end: now });
    const invoice = await issueSubscriptionInvoice(tx, {
      subscription,
      customer,
      billingReason: 'subscription_cancel',
      period: null,
      lines: usage.filter((line) => line.amountMinor !== 0n),
      includePending: true,
      now,
    });
    if (input.prorate && subscription.status !== 'trialing' && now < subscription.currentPeriodEnd) {
      const unused = items
        .filter((item) => !item.metered)
        .reduce((total, item) => total - cancellationCredit({ amountMinor: priceAmount(item.definition, item.quantity).amountMinor, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, cancelAt: now }), 0n);
      if (unused > 0n) await creditBalance(tx, { customerId: customer.id, currency: customer.currency, amountMinor: unused, kind: 'proration_credit', description: `Unused time on subscription ${id}`, now });
    }
    const [row] = await tx
      .update(subscriptions)
      .set({ status: 'canceled', canceledAt: now, endedAt: now, cancellationReason: reason ?? subscription.cancellationReason })
      .where(eq(subscriptions.id, id))
      .returning();
    // No more retries, reminders or notices for what the subscription owed.
    await stopDunningForSubscription(tx, id, 'the subscription was canceled', now);
    await sendSubscriptionEndedNotice(tx, row!, now);
    return { subscription: row!, invoice };
  });
}

/** Undoes a cancellation scheduled for the period end, while the period still runs. */
export async function resumeSubscription(db: Database, id: string, now: Date, actor?: Actor) {
  return db.transaction(async (tx) => {
    const subscription = await lockSubscription(tx, id);
    assertLive(subscription);
    if (!subscription.cancelAtPeriodEnd || now >= subscription.currentPeriodEnd) {
      throw new SettleError('CONFLICT', `Subscription ${id} is not scheduled to cancel.`, 'id');
    }
    if (actor) await recordAudit(tx, { actor, action: 'subscription.resume', subjectType: 'subscription', subjectId: id, before: { reason: subscription.cancellationReason }, at: now });
    const [row] = await tx.update(subscriptions).set({ cancelAtPeriodEnd: false, cancellationReason: null }).where(eq(subscriptions.id, id)).returning();
    return row!;
  });
}

/** Pausing stops billing: periods keep turning but issue no invoice until resumed. */
export async function setPaused(db: Database, id: string, paused: boolean) {
  return db.transaction(async (tx) => {
    const subscription = await lockSubscription(tx, id);
    const from = paused ? ['active', 'past_due'] : ['paused'];
    if (!from.includes(subscription.status)) {
      throw new SettleError('SUBSCRIPTION_NOT_ACTIVE', `Subscription ${id} is ${subscription.status}; it cannot be ${paused ? 'paused' : 'resumed'}.`, 'id');
    }
    const [row] = await tx.update(subscriptions).set({ status: paused ? 'paused' : 'active', pauseCollection: paused }).where(eq(subscriptions.id, id)).returning();
    return row!;
  });
}

export async function creditBalance(
  tx: Database,
  input: { customerId: string; currency: string; amountMinor: bigint; kind: 'proration_credit' | 'adjustment' | 'overpayment' | 'credit_note'; description: string; now: Date; invoiceId?: string; creditNoteId?: string },
) {
  await tx.update(customers).set({ creditBalanceMinor: sql`${customers.creditBalanceMinor} + ${input.amountMinor}` }).where(eq(customers.id, input.customerId));
  await tx.insert(customerBalanceTransactions).values({
    id: newId('cbt'),
    customerId: input.customerId,
    currency: input.currency,
    amountMinor: input.amountMinor,
    kind: input.kind,
    invoiceId: input.invoiceId ?? null,
    creditNoteId: input.creditNoteId ?? null,
    description: input.description,
    createdAt: input.now,
  });
}

export async function listSubscriptions(db: Database, input: { customerId: string; statuses?: SubscriptionRow['status'][] }) {
  return db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, input.customerId), input.statuses?.length ? inArray(subscriptions.status, input.statuses) : undefined))
    .orderBy(subscriptions.createdAt, subscriptions.id);
}
