// Renewal: when a period ends, start the next one and bill it — licensed items in advance,
// metered usage of the period that ended in arrears, pending prorations — or end a subscription
// scheduled to cancel. Exactly one invoice per (subscription, period): the job is unique per period,
// the subscription row is locked, and the invoices table has a unique (subscription, period) index.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { currentPeriod } from '../billing-periods/periods';
import { lockCustomer, lockCustomers, type Customer } from '../customers';
import { numberInvoices, type UnnumberedInvoice } from '../invoices';
import type { Job } from '../jobs/queue';
import { getMerchant } from '../merchant';
import { sendSubscriptionEndedNotice } from '../notifications/notices';
import { loadItems, loadItemsOf, type PricedItem } from './items';
import { issueSubscriptionInvoice, issueSubscriptionInvoiceUnnumbered, pendingLinesOf, type SubscriptionInvoiceInput } from './invoicing';
import { licensedLines, meteredLines } from './lines';
import { lockSubscription, lockSubscriptions, scheduleRenewal, scheduleRenewals, type SubscriptionRow } from './lifecycle';

interface RenewalInput {
  subscriptionId: string;
  periodEnd: Date;
}

// A stale job (already renewed, or the subscription ended) does nothing.
const isDue = (subscription: SubscriptionRow, periodEnd: Date) =>
  subscription.currentPeriodEnd.getTime() === periodEnd.getTime() && subscription.status !== 'canceled' && subscription.status !== 'incomplete';

export async function renewSubscription(tx: Database, input: RenewalInput & { now: Date }) {
  const subscription = await lockSubscription(tx, input.subscriptionId);
  if (!isDue(subscription, input.periodEnd)) return null;
  // Locked now rather than when the invoice is finalised, so finalisation need not read it again;
  // the order is the same as before (subscription → customer → number series).
  const customer = await lockCustomer(tx, subscription.customerId);
  const items = await loadItems(tx, subscription.id);
  return renewPeriod(tx, subscription, customer, items, input.now, {
    issue: (invoice) => issueSubscriptionInvoice(tx, invoice, { lockedCustomer: customer }),
    scheduleNext: (periodEnd) => scheduleRenewal(tx, subscription.id, periodEnd),
  });
}

/**
 * Renews several subscriptions in one transaction — a batch of renewal jobs — with the same
 * effects as renewing each alone: rows are locked and loaded with one query per kind
 * (subscriptions, then customers, each in id order, so batches cannot deadlock), and the
 * invoices' numbers are taken together, last, with one update of the series row, so that row is
 * locked once per batch rather than once per renewal. Returns how many invoices were issued.
 */
export async function renewSubscriptions(tx: Database, renewals: RenewalInput[], now: Date): Promise<number> {
  const locked = await lockSubscriptions(
    tx,
    renewals.map((renewal) => renewal.subscriptionId),
  );
  const due = renewals.filter((renewal) => {
    const subscription = locked.get(renewal.subscriptionId);
    return subscription && isDue(subscription, renewal.periodEnd);
  });
  const customers = await lockCustomers(
    tx,
    due.map((renewal) => locked.get(renewal.subscriptionId)!.customerId),
  );
  const dueIds = due.map((renewal) => renewal.subscriptionId);
  const [merchant, items, pending] = due.length ? [await getMerchant(tx), await loadItemsOf(tx, dueIds), await pendingLinesOf(tx, dueIds)] : [];
  // Renewals of different customers are independent: they run concurrently, so their statements
  // are pipelined on the transaction's connection instead of waiting for one another's round
  // trips. Renewals of one customer run in job order, each seeing the credit balance the one
  // before left.
  const byCustomer = new Map<string, number[]>();
  renewals.forEach((renewal, index) => {
    const subscription = locked.get(renewal.subscriptionId);
    if (!subscription) return;
    byCustomer.set(subscription.customerId, [...(byCustomer.get(subscription.customerId) ?? []), index]);
  });
  const invoiceOf: Array<UnnumberedInvoice | null> = renewals.map(() => null);
  let issuedAlone = 0;
  const renewed = new Set<string>();
  // The next renewals are scheduled with one insert once the batch is renewed.
  const nextRenewals: Array<{ subscriptionId: string; periodEnd: Date }> = [];
  const renewInOrder = async (indexes: number[]) => {
    for (const index of indexes) {
      const renewal = renewals[index]!;
      const subscription = locked.get(renewal.subscriptionId)!;
      // Two jobs of one subscription: the second sees what the first wrote only by reading it
      // again, as the single path does (its rows are already locked by this transaction).
      if (renewed.has(subscription.id)) {
        if (await renewSubscription(tx, { ...renewal, now })) issuedAlone++;
        customers.set(subscription.customerId, await lockCustomer(tx, subscription.customerId));
        continue;
      }
      if (!isDue(subscription, renewal.periodEnd)) continue;
      renewed.add(subscription.id);
      const customer = customers.get(subscription.customerId)!;
      const invoice = await renewPeriod(tx, subscription, customer, items!.get(subscription.id) ?? [], now, {
        issue: (invoiceInput) => issueSubscriptionInvoiceUnnumbered(tx, invoiceInput, { merchant, lockedCustomer: customer, pending: pending!.get(subscription.id) ?? [] }),
        scheduleNext: async (periodEnd) => void nextRenewals.push({ subscriptionId: subscription.id, periodEnd }),
      });
      invoiceOf[index] = invoice;
      // Finalisation moved the customer's credit balance; the next renewal of this customer
      // must see the balance as it now is.
      if (invoice && invoice.creditAppliedMinor !== 0n) customers.set(customer.id, { ...customer, creditBalanceMinor: customer.creditBalanceMinor - invoice.creditAppliedMinor });
    }
  };
  // Settled, not raced: every renewal must have stopped using the transaction before it ends.
  const outcomes = await Promise.allSettled([...byCustomer.values()].map(renewInOrder));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  await scheduleRenewals(tx, nextRenewals);
  // Numbered in job order, whatever order the renewals finished in.
  const awaitingNumbers = invoiceOf.filter((invoice) => invoice !== null);
  await numberInvoices(tx, awaitingNumbers, now);
  return issuedAlone + awaitingNumbers.length;
}

/**
 * The renewal of a locked, due subscription. The subscription moves on and the next renewal is
 * scheduled (or, in a batch, queued for one insert) before the invoice is issued, so taking the
 * invoice's number is the last write.
 */
async function renewPeriod<Issued>(
  tx: Database,
  subscription: SubscriptionRow,
  customer: Customer,
  items: PricedItem[],
  now: Date,
  effects: { issue: (invoice: SubscriptionInvoiceInput) => Promise<Issued | null>; scheduleNext: (periodEnd: Date) => Promise<unknown> },
): Promise<Issued | null> {
  const { issue } = effects;
  const ended = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
  const wasTrialing = subscription.status === 'trialing';
  const usage = wasTrialing || subscription.status === 'paused' ? [] : await meteredLines(tx, customer.id, items, ended);

  if (subscription.cancelAtPeriodEnd) {
    await tx.update(subscriptions).set({ status: 'canceled', canceledAt: ended.end, endedAt: ended.end }).where(eq(subscriptions.id, subscription.id));
    await sendSubscriptionEndedNotice(tx, { id: subscription.id, customerId: subscription.customerId, endedAt: ended.end }, now);
    return issue({
      subscription,
      customer,
      billingReason: 'subscription_cancel',
      period: null,
      lines: usage.filter((line) => line.amountMinor !== 0n),
      includePending: true,
      now,
    });
  }

  const next = currentPeriod(subscription.billingCycleAnchor, subscription.interval, subscription.intervalCount, ended.end);
  await tx
    .update(subscriptions)
    .set({ currentPeriodStart: next.start, currentPeriodEnd: next.end, status: wasTrialing ? 'active' : subscription.status })
    .where(eq(subscriptions.id, subscription.id));
  await effects.scheduleNext(next.end);
  if (subscription.status === 'paused') return null;
  return issue({
    subscription,
    customer,
    billingReason: 'subscription_cycle',
    period: next,
    lines: [...licensedLines(items, next), ...usage],
    includePending: true,
    now,
  });
}

export async function renewalJob(tx: Database, job: Job, now: Date) {
  await renewSubscription(tx, { ...renewalOf(job), now });
}

/** Several renewal jobs in one transaction; see renewSubscriptions. */
export async function renewalBatchJob(tx: Database, jobs: Job[], now: Date) {
  await renewSubscriptions(tx, jobs.map(renewalOf), now);
}

function renewalOf(job: Job): RenewalInput {
  const { subscriptionId, periodEnd } = job.payload as { subscriptionId: string; periodEnd: string };
  return { subscriptionId, periodEnd: new Date(periodEnd) };
}
