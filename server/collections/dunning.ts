// Dunning: what Settle does when an automatic payment fails, until the invoice is paid or the
// policy's final action is taken. One state row per invoice; every step goes on the customer's
// timeline with its reason, and the customer gets an e-mail at each step. Everything here runs in
// the caller's transaction — the payment's report, a job, a cancellation — so a step and its
// effects (retry job, e-mail, timeline) commit together or not at all.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { dunningOutcomes, dunningPauses, dunningPolicies, inFlightPaymentStatuses, invoiceDunnings, invoices, payments, subscriptions } from '@/db/schema';
import { getConfig } from '../config';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { emailCustomer } from '../notifications/customer-email';
import { sendSubscriptionEndedNotice } from '../notifications/notices';
import { recordTimeline } from '../payments/timeline';
import { finalNoticeEmail, paymentFailedEmail, type InvoiceFacts } from './emails';
import {
  classifyDecline,
  decideAfterFailure,
  declineCodeOf,
  defaultDunningPolicy,
  describeDecline,
  maxAttemptsOf,
  reasonFor,
  validatePolicy,
  type DeclineClass,
  type DunningDecision,
  type DunningPolicy,
} from './rules';

export type DunningState = typeof invoiceDunnings.$inferSelect;
type InvoiceRow = typeof invoices.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

export const collectionChargeQueue = 'collection.charge';
export const dunningDeadlineQueue = 'collection.deadline';

const dayMs = 24 * 60 * 60 * 1000;

export async function getDunningPolicy(db: Database): Promise<DunningPolicy> {
  const [row] = await db.select().from(dunningPolicies).where(eq(dunningPolicies.id, 1));
  if (!row) return defaultDunningPolicy;
  const { id: _id, updatedAt: _updatedAt, ...policy } = row;
  return policy;
}

/** Saves the merchant's policy (refused field by field when invalid); it applies to dunnings that start afterwards. */
export async function saveDunningPolicy(db: Database, policy: DunningPolicy, now: Date): Promise<DunningPolicy> {
  const errors = validatePolicy(policy);
  const [field, message] = Object.entries(errors)[0] ?? [];
  if (field) throw new SettleError('VALIDATION_FAILED', message!, field);
  await db
    .insert(dunningPolicies)
    .values({ id: 1, ...policy, updatedAt: now })
    .onConflictDoUpdate({ target: dunningPolicies.id, set: { ...policy, updatedAt: now } });
  return policy;
}

/** The collection job for attempt `attempt` of an invoice: one per (invoice, attempt, trigger). */
export function enqueueCharge(tx: Database, input: { invoiceId: string; attempt: number; runAt: Date; paymentMethodId?: string | null; trigger: 'finalized' | 'retry' | 'new_method' }) {
  const suffix = input.trigger === 'new_method' ? `:method:${input.paymentMethodId}` : '';
  return enqueue(tx, {
    queue: collectionChargeQueue,
    payload: { invoiceId: input.invoiceId, attempt: input.attempt, paymentMethodId: input.paymentMethodId ?? null, trigger: input.trigger },
    runAt: input.runAt,
    dedupeKey: `collection:${input.invoiceId}:${input.attempt}${suffix}`,
  });
}

/** What an e-mail shows of an invoice, and where the customer pays it. */
export function invoiceFacts(invoice: InvoiceRow): InvoiceFacts {
  return {
    number: invoice.number ?? invoice.id,
    amountMinor: invoice.amountRemainingMinor,
    currency: invoice.currency,
    dueAt: invoice.dueAt,
    payUrl: `${getConfig().publicUrl}/i/${invoice.hostedToken}`,
    paymentReference: invoice.paymentReference,
  };
}

// Moved to the notifications module (every customer e-mail goes through it); kept here for callers.
export { emailCustomer } from '../notifications/customer-email';

/** Whether something may still be collected automatically: open, owing, dunning not paused, and no payment in flight. */
export async function collectible(tx: Database, invoice: InvoiceRow): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (invoice.status !== 'open') return { ok: false, reason: `the invoice is ${invoice.status}` };
  if (invoice.amountRemainingMinor <= 0n) return { ok: false, reason: 'nothing is left to pay' };
  // Support paused dunning for the customer (server/collections/pause.ts): no automatic retry or reminder.
  const [paused] = await tx.select({ customerId: dunningPauses.customerId }).from(dunningPauses).where(eq(dunningPauses.customerId, invoice.customerId));
  if (paused) return { ok: false, reason: 'dunning is paused for the customer' };
  const [inFlight] = await tx
    .select({ id: payments.id, status: payments.status })
    .from(payments)
    .where(and(eq(payments.invoiceId, invoice.id), inArray(payments.status, [...inFlightPaymentStatuses])));
  if (inFlight) return { ok: false, reason: `payment ${inFlight.id} is ${inFlight.status === 'processing' ? 'processing' : 'awaiting the customer'}` };
  return { ok: true };
}

async function lockState(tx: Database, invoiceId: string): Promise<DunningState | null> {
  const [row] = await tx.select().from(invoiceDunnings).where(eq(invoiceDunnings.invoiceId, invoiceId)).for('update');
  return row ?? null;
}

/**
 * An automatic payment (or a collection job that found nothing to charge) failed: count the
 * attempt, classify the decline, and take the next step — schedule a retry, wait for a new
 * method, or, attempts exhausted, apply the policy's final action.
 */
export async function recordCollectionFailure(
  tx: Database,
  input: {
    invoiceId: string;
    failure: { code: string | null; declineCode: string | null };
    paymentMethodId: string | null;
    paymentId: string | null;
    declineClass?: 'no_method';
    /** False at the end of a wait for a new method: no attempt was made, the window just closed. */
    countsAsAttempt?: boolean;
  },
  now: Date,
): Promise<DunningState | null> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).for('update');
  if (!invoice || invoice.status !== 'open' || invoice.amountRemainingMinor <= 0n) return null;
  const policy = await getDunningPolicy(tx);
  let state = await lockState(tx, invoice.id);
  if (state && state.status !== 'active') return state;
  if (!state) {
    const [created] = await tx
      .insert(invoiceDunnings)
      .values({
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        subscriptionId: invoice.subscriptionId,
        status: 'active',
        failedAttempts: 0,
        maxAttempts: maxAttemptsOf(policy),
        firstFailedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    state = created!;
    await recordTimeline(tx, {
      customerId: invoice.customerId,
      occurredAt: now,
      invoiceId: invoice.id,
      kind: 'dunning.started',
      data: { invoiceNumber: invoice.number, reason: `automatic payment of invoice ${invoice.number} failed`, maxAttempts: state!.maxAttempts },
      dedupeKey: `dunning:${invoice.id}:started`,
    });
  }
  const failedAttempts = state!.failedAttempts + (input.countsAsAttempt === false ? 0 : 1);
  const code = input.declineClass === 'no_method' ? 'no_payment_method' : declineCodeOf(input.failure);
  const declineClass: DeclineClass | 'no_method' = input.declineClass ?? classifyDecline(input.failure);
  const decision = decideAfterFailure({ policy, failedAttempts, firstFailedAt: state!.firstFailedAt, now, declineClass });
  const reason = reasonFor(decision, { code, declineClass, failedAttempts });
  const [updated] = await tx
    .update(invoiceDunnings)
    .set({
      failedAttempts,
      lastFailureCode: input.failure.code,
      lastDeclineCode: input.failure.declineCode,
      declineClass,
      blockedPaymentMethodId: declineClass === 'hard' ? input.paymentMethodId : state!.blockedPaymentMethodId,
      nextAction: decision.kind === 'retry' ? 'retry' : decision.kind === 'await_method' ? 'await_method' : null,
      nextActionAt: decision.kind === 'retry' ? decision.at : decision.kind === 'await_method' ? decision.deadline : null,
      updatedAt: now,
    })
    .where(eq(invoiceDunnings.invoiceId, invoice.id))
    .returning();
  await markPastDue(tx, invoice, now);
  const step = { invoiceNumber: invoice.number, attempt: failedAttempts, maxAttempts: decision.maxAttempts, declineCode: code, declineClass, paymentId: input.paymentId, reason };
  if (decision.kind === 'retry') {
    await enqueueCharge(tx, { invoiceId: invoice.id, attempt: decision.attempt, runAt: decision.at, trigger: 'retry' });
    await recordTimeline(tx, { customerId: invoice.customerId, occurredAt: now, invoiceId: invoice.id, kind: 'dunning.retry_scheduled', data: { ...step, nextRetryAt: decision.at.toISOString() }, dedupeKey: `dunning:${invoice.id}:${failedAttempts}` });
  } else if (decision.kind === 'await_method') {
    await enqueue(tx, { queue: dunningDeadlineQueue, payload: { invoiceId: invoice.id, failedAttempts }, runAt: decision.deadline, dedupeKey: `dunning-deadline:${invoice.id}:${failedAttempts}` });
    await recordTimeline(tx, { customerId: invoice.customerId, occurredAt: now, invoiceId: invoice.id, kind: 'dunning.awaiting_method', data: { ...step, deadline: decision.deadline.toISOString() }, dedupeKey: `dunning:${invoice.id}:${failedAttempts}` });
  }
  await emailCustomer(
    tx,
    {
      customerId: invoice.customerId,
      kind: 'payment_failed',
      key: `payment_failed:${invoice.id}:${failedAttempts}`,
      invoiceId: invoice.id,
      render: (locale, merchant) => paymentFailedEmail(merchant, locale, { invoice: invoiceFacts(invoice), declineCode: code, nextRetryAt: decision.kind === 'retry' ? decision.at : null }),
    },
    now,
  );
  if (decision.kind === 'exhausted') return exhaust(tx, invoice, updated!, decision, reason, now);
  return updated!;
}

/** The subscription is past due while its invoice is in dunning. */
async function markPastDue(tx: Database, invoice: InvoiceRow, now: Date): Promise<void> {
  if (!invoice.subscriptionId) return;
  const moved = await tx
    .update(subscriptions)
    .set({ status: 'past_due' })
    .where(and(eq(subscriptions.id, invoice.subscriptionId), eq(subscriptions.status, 'active')))
    .returning({ id: subscriptions.id });
  if (moved.length) {
    await recordTimeline(tx, {
      customerId: invoice.customerId,
      occurredAt: now,
      invoiceId: invoice.id,
      kind: 'subscription.past_due',
      data: { subscriptionId: invoice.subscriptionId, reason: `invoice ${invoice.number} could not be collected` },
      dedupeKey: `${invoice.subscriptionId}:past_due:${invoice.id}`,
    });
  }
}

/** Attempts ran out: the policy's final action, the final notice, and the outcome for finance. */
async function exhaust(tx: Database, invoice: InvoiceRow, state: DunningState, decision: Extract<DunningDecision, { kind: 'exhausted' }>, reason: string, now: Date): Promise<DunningState> {
  const [closed] = await tx
    .update(invoiceDunnings)
    .set({ status: 'exhausted', nextAction: null, nextActionAt: null, closedAt: now, updatedAt: now })
    .where(eq(invoiceDunnings.invoiceId, invoice.id))
    .returning();
  let finalAction: typeof decision.finalAction | null = null;
  if (invoice.subscriptionId) {
    finalAction = decision.finalAction;
    if (decision.finalAction === 'cancel_subscription') {
      const canceled = await tx
        .update(subscriptions)
        .set({ status: 'canceled', canceledAt: now, endedAt: now, cancelAtPeriodEnd: false })
        .where(and(eq(subscriptions.id, invoice.subscriptionId), sql`${subscriptions.status} <> 'canceled'`))
        .returning({ id: subscriptions.id });
      if (canceled.length) {
        await stopDunningForSubscription(tx, invoice.subscriptionId, 'the subscription was canceled for non-payment', now, invoice.id);
        await sendSubscriptionEndedNotice(tx, { id: invoice.subscriptionId, customerId: invoice.customerId, endedAt: now }, now, true);
      }
    } else if (decision.finalAction === 'mark_unpaid') {
      await tx.update(subscriptions).set({ status: 'unpaid' }).where(and(eq(subscriptions.id, invoice.subscriptionId), inArray(subscriptions.status, ['active', 'past_due'])));
    }
  }
  if (decision.markUncollectible) {
    await tx.update(invoices).set({ status: 'uncollectible', markedUncollectibleAt: now }).where(and(eq(invoices.id, invoice.id), eq(invoices.status, 'open')));
  }
  await recordTimeline(tx, {
    customerId: invoice.customerId,
    occurredAt: now,
    invoiceId: invoice.id,
    kind: 'dunning.exhausted',
    data: { invoiceNumber: invoice.number, attempts: state.failedAttempts, finalAction, markUncollectible: decision.markUncollectible, reason },
    dedupeKey: `dunning:${invoice.id}:exhausted`,
  });
  await recordOutcome(tx, invoice, state, 'lost', state.failedAttempts, [finalAction?.replace(/_/g, ' '), decision.markUncollectible ? 'marked uncollectible' : null].filter(Boolean).join(', ') || null, now);
  await emailCustomer(
    tx,
    { customerId: invoice.customerId, kind: 'final_notice', key: `final_notice:${invoice.id}`, invoiceId: invoice.id, render: (locale, merchant) => finalNoticeEmail(merchant, locale, { invoice: invoiceFacts(invoice), finalAction }) },
    now,
  );
  return closed!;
}

async function recordOutcome(tx: Database, invoice: InvoiceRow, state: DunningState, outcome: 'recovered' | 'lost' | 'stopped', attempts: number, detail: string | null, now: Date) {
  await tx
    .insert(dunningOutcomes)
    .values({
      id: newId('dno'),
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      subscriptionId: invoice.subscriptionId,
      outcome,
      attempts,
      daysInDunning: Math.floor((now.getTime() - state.firstFailedAt.getTime()) / dayMs),
      amountMinor: invoice.amountDueMinor,
      currency: invoice.currency,
      detail,
      recordedAt: now,
    })
    .onConflictDoNothing({ target: dunningOutcomes.invoiceId });
}

/**
 * The invoice was paid, whoever collected it: an active dunning ends as recovered. Called by the
 * payments module in the transaction that marks the invoice paid.
 */
export async function recordInvoicePaid(tx: Database, input: { invoiceId: string; paymentId: string | null }, now: Date): Promise<void> {
  const state = await lockState(tx, input.invoiceId);
  if (!state || state.status !== 'active') return;
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId));
  const attempt = state.failedAttempts + 1;
  await tx.update(invoiceDunnings).set({ status: 'recovered', nextAction: null, nextActionAt: null, closedAt: now, updatedAt: now }).where(eq(invoiceDunnings.invoiceId, input.invoiceId));
  const days = Math.floor((now.getTime() - state.firstFailedAt.getTime()) / dayMs);
  await recordTimeline(tx, {
    customerId: state.customerId,
    occurredAt: now,
    invoiceId: input.invoiceId,
    paymentId: input.paymentId,
    kind: 'dunning.recovered',
    data: { invoiceNumber: invoice!.number, attempt, days, reason: `invoice paid on attempt ${attempt} after ${days} day${days === 1 ? '' : 's'} in dunning` },
    dedupeKey: `dunning:${input.invoiceId}:recovered`,
  });
  await recordOutcome(tx, invoice!, state, 'recovered', attempt, null, now);
}

/**
 * Stops every active dunning of a subscription (it was canceled): no more retries, reminders or
 * notices. Recorded as stopped, with the reason, on the timeline and for finance.
 */
export async function stopDunningForSubscription(tx: Database, subscriptionId: string, reason: string, now: Date, exceptInvoiceId?: string): Promise<number> {
  const stopped = await tx
    .update(invoiceDunnings)
    .set({ status: 'stopped', stoppedReason: reason, nextAction: null, nextActionAt: null, closedAt: now, updatedAt: now })
    .where(and(eq(invoiceDunnings.subscriptionId, subscriptionId), eq(invoiceDunnings.status, 'active'), exceptInvoiceId ? sql`${invoiceDunnings.invoiceId} <> ${exceptInvoiceId}` : undefined))
    .returning();
  for (const state of stopped) {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, state.invoiceId));
    await recordTimeline(tx, {
      customerId: state.customerId,
      occurredAt: now,
      invoiceId: state.invoiceId,
      kind: 'dunning.stopped',
      data: { invoiceNumber: invoice!.number, attempts: state.failedAttempts, reason: `dunning stopped: ${reason}` },
      dedupeKey: `dunning:${state.invoiceId}:stopped`,
    });
    await recordOutcome(tx, invoice!, state, 'stopped', state.failedAttempts, reason, now);
  }
  return stopped.length;
}

/**
 * A new default method: every invoice of the customer in dunning is retried at once with it
 * (unless that very method is the one that failed hard).
 */
export async function retryWithNewDefaultMethod(tx: Database, input: { customerId: string; paymentMethodId: string }, now: Date): Promise<number> {
  const active = await tx
    .select()
    .from(invoiceDunnings)
    .where(and(eq(invoiceDunnings.customerId, input.customerId), eq(invoiceDunnings.status, 'active')));
  let queued = 0;
  for (const state of active) {
    if (state.blockedPaymentMethodId === input.paymentMethodId) continue;
    const { created } = await enqueueCharge(tx, { invoiceId: state.invoiceId, attempt: state.failedAttempts + 1, runAt: now, paymentMethodId: input.paymentMethodId, trigger: 'new_method' });
    if (!created) continue;
    queued++;
    await recordTimeline(tx, {
      customerId: state.customerId,
      occurredAt: now,
      invoiceId: state.invoiceId,
      kind: 'dunning.retry_scheduled',
      data: { attempt: state.failedAttempts + 1, maxAttempts: state.maxAttempts, paymentMethodId: input.paymentMethodId, reason: `retry now: a new default payment method was added (attempt ${state.failedAttempts + 1} of ${state.maxAttempts})` },
      dedupeKey: `dunning:${state.invoiceId}:new_method:${input.paymentMethodId}`,
    });
  }
  return queued;
}

/** The failure part of a payment report, for dunning: only attempts Settle made on its own. */
export async function onAutomaticPaymentFailed(tx: Database, payment: PaymentRow, now: Date): Promise<void> {
  if (payment.initiatedBy !== 'automatic') return;
  await recordCollectionFailure(tx, { invoiceId: payment.invoiceId, failure: { code: payment.failureCode, declineCode: payment.declineCode }, paymentMethodId: payment.paymentMethodId, paymentId: payment.id }, now);
}

export { describeDecline };
