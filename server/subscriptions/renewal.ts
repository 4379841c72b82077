// Renewal: when a period ends, start the next one and bill it — licensed items in advance,
// metered usage of the period that ended in arrears, pending prorations — or end a subscription
// scheduled to cancel. Exactly one invoice per (subscription, period): the job is unique per period,
// the subscription row is locked, and the invoices table has a unique (subscription, period) index.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { currentPeriod } from '../billing-periods/periods';
import { lockCustomer } from '../customers';
import type { Job } from '../jobs/queue';
import { loadItems } from './items';
import { issueSubscriptionInvoice } from './invoicing';
import { licensedLines, meteredLines } from './lines';
import { lockSubscription, scheduleRenewal } from './lifecycle';

export async function renewSubscription(tx: Database, input: { subscriptionId: string; periodEnd: Date; now: Date }) {
  const subscription = await lockSubscription(tx, input.subscriptionId);
  // A stale job (already renewed, or the subscription ended) does nothing.
  if (subscription.currentPeriodEnd.getTime() !== input.periodEnd.getTime()) return null;
  if (subscription.status === 'canceled' || subscription.status === 'incomplete') return null;

  const ended = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
  // Locked now rather than when the invoice is finalised, so finalisation need not read it again;
  // the order is the same as before (subscription → customer → number series).
  const customer = await lockCustomer(tx, subscription.customerId);
  const items = await loadItems(tx, subscription.id);
  const wasTrialing = subscription.status === 'trialing';
  const usage = wasTrialing || subscription.status === 'paused' ? [] : await meteredLines(tx, customer.id, items, ended);

  if (subscription.cancelAtPeriodEnd) {
    const invoice = await issueSubscriptionInvoice(tx, {
      subscription,
      customer,
      billingReason: 'subscription_cancel',
      period: null,
      lines: usage.filter((line) => line.amountMinor !== 0n),
      includePending: true,
      now: input.now,
    }, { lockedCustomer: customer });
    await tx.update(subscriptions).set({ status: 'canceled', canceledAt: ended.end, endedAt: ended.end }).where(eq(subscriptions.id, subscription.id));
    return invoice;
  }

  const next = currentPeriod(subscription.billingCycleAnchor, subscription.interval, subscription.intervalCount, ended.end);
  const invoice =
    subscription.status === 'paused'
      ? null
      : await issueSubscriptionInvoice(tx, {
          subscription,
          customer,
          billingReason: 'subscription_cycle',
          period: next,
          lines: [...licensedLines(items, next), ...usage],
          includePending: true,
          now: input.now,
        }, { lockedCustomer: customer });
  await tx
    .update(subscriptions)
    .set({ currentPeriodStart: next.start, currentPeriodEnd: next.end, status: wasTrialing ? 'active' : subscription.status })
    .where(eq(subscriptions.id, subscription.id));
  await scheduleRenewal(tx, subscription.id, next.end);
  return invoice;
}

export async function renewalJob(tx: Database, job: Job, now: Date) {
  const { subscriptionId, periodEnd } = job.payload as { subscriptionId: string; periodEnd: string };
  await renewSubscription(tx, { subscriptionId, periodEnd: new Date(periodEnd), now });
}
