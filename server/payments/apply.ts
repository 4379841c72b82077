// What a gateway reports about a payment, applied to Settle's books in one transaction: the
// attempt's status, the invoice (amount paid and remaining, paid), the subscription (past_due →
// active), the customer's credit for an overpayment, the timeline, and the receipt to send.
// State only moves forward: a late or repeated report changes nothing.
import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customerBalanceTransactions, customers, invoices, paymentMethods, payments, subscriptions } from '@/db/schema';
import type { GatewayPayment, GatewayPaymentStatus } from '../gateways/types';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { recordTimeline } from './timeline';

export type PaymentRow = typeof payments.$inferSelect;

export const receiptQueue = 'payment.receipt';

const finalStatuses: ReadonlySet<GatewayPaymentStatus> = new Set(['succeeded', 'failed', 'canceled']);
export const isFinal = (status: GatewayPaymentStatus) => finalStatuses.has(status);

/** Applies a report about `paymentId`; the caller's transaction makes every effect commit together. */
export async function applyGatewayPayment(tx: Database, paymentId: string, reported: GatewayPayment, now: Date): Promise<PaymentRow> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
  if (!payment) throw new Error(`No payment ${paymentId}`);
  // Final, or news of a step Settle is already past (an intent created but not yet confirmed).
  if (isFinal(payment.status) || reported.status === 'requires_confirmation') return payment;
  const known = {
    gatewayPaymentId: payment.gatewayPaymentId ?? reported.gatewayPaymentId,
    gatewayChargeId: reported.gatewayChargeId ?? payment.gatewayChargeId,
    outcomeUnknown: false,
    updatedAt: now,
  };
  const event = { customerId: payment.customerId, occurredAt: now, invoiceId: payment.invoiceId, paymentId: payment.id };
  const summary = await summaryOf(tx, payment);

  if (reported.status === 'processing' || reported.status === 'requires_action') {
    const nextActionUrl = reported.status === 'requires_action' ? reported.nextActionUrl : null;
    const unchanged = payment.status === reported.status && !payment.outcomeUnknown && payment.nextActionUrl === nextActionUrl && payment.gatewayPaymentId !== null;
    const row = unchanged ? payment : (await tx.update(payments).set({ ...known, status: reported.status, nextActionUrl }).where(eq(payments.id, payment.id)).returning())[0]!;
    // An attempt starts as `processing` before the gateway answers; the gateway saying so is still news.
    await recordTimeline(tx, { ...event, kind: `payment.${reported.status}`, data: summary, dedupeKey: `${payment.id}:${reported.status}` });
    return row;
  }

  if (reported.status === 'succeeded') {
    const [row] = await tx
      .update(payments)
      .set({ ...known, status: 'succeeded', settledAt: now, nextActionUrl: null, failureCode: null, declineCode: null, failureMessage: null })
      .where(eq(payments.id, payment.id))
      .returning();
    return completeSucceededPayment(tx, row!, now, summary);
  }

  const failure = reported.failure;
  const [row] = await tx
    .update(payments)
    .set({
      ...known,
      status: reported.status,
      settledAt: now,
      nextActionUrl: null,
      failureCode: failure?.code ?? (reported.status === 'canceled' ? 'canceled' : 'unknown'),
      declineCode: failure?.declineCode ?? null,
      failureMessage: failure?.message ?? null,
    })
    .where(eq(payments.id, payment.id))
    .returning();
  await recordTimeline(tx, {
    ...event,
    kind: `payment.${reported.status}`,
    data: { ...summary, code: row!.failureCode, declineCode: row!.declineCode, message: row!.failureMessage },
    dedupeKey: `${payment.id}:${reported.status}`,
  });
  return row!;
}

/**
 * What every succeeded payment does, whoever collected it (a gateway, or a bank transfer matched
 * on a statement): credit the invoice (the excess to the customer's credit), record it on the
 * timeline and queue the receipt. `payment` is already stored as succeeded.
 */
export async function completeSucceededPayment(tx: Database, payment: PaymentRow, now: Date, summary?: Awaited<ReturnType<typeof summaryOf>>): Promise<PaymentRow> {
  const data = summary ?? (await summaryOf(tx, payment));
  const overpaid = await settleInvoice(tx, payment, now);
  await recordTimeline(tx, {
    customerId: payment.customerId,
    occurredAt: now,
    invoiceId: payment.invoiceId,
    paymentId: payment.id,
    kind: 'payment.succeeded',
    data: { ...data, overpaidMinor: overpaid.toString() },
    dedupeKey: `${payment.id}:succeeded`,
  });
  await enqueue(tx, { queue: receiptQueue, payload: { paymentId: payment.id }, runAt: now, dedupeKey: `receipt:${payment.id}` });
  return { ...payment, overpaidMinor: overpaid };
}

/** The invoice number, amount and method of a payment, for the timeline and e-mails. */
async function summaryOf(tx: Database, payment: PaymentRow) {
  const [invoice] = await tx.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, payment.invoiceId));
  const [method] = payment.paymentMethodId
    ? await tx
        .select({ type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType })
        .from(paymentMethods)
        .where(eq(paymentMethods.id, payment.paymentMethodId))
    : [];
  return { invoiceNumber: invoice?.number ?? null, amountMinor: payment.amountMinor.toString(), currency: payment.currency, attempt: payment.attempt, method: method ?? null };
}

/**
 * Credits a succeeded payment to its invoice. What the invoice no longer owes (it was paid by
 * other means, voided, or the amount was larger) becomes the customer's credit. Returns that excess.
 */
export async function settleInvoice(tx: Database, payment: PaymentRow, now: Date): Promise<bigint> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, payment.invoiceId)).for('update');
  const owed = invoice!.status === 'open' || invoice!.status === 'uncollectible' ? invoice!.amountRemainingMinor : 0n;
  const applied = payment.amountMinor < owed ? payment.amountMinor : owed;
  const overpaid = payment.amountMinor - applied;
  if (applied > 0n) {
    const remaining = owed - applied;
    await tx
      .update(invoices)
      .set({
        amountPaidMinor: sql`${invoices.amountPaidMinor} + ${applied}`,
        amountRemainingMinor: remaining,
        ...(remaining === 0n ? { status: 'paid' as const, paidAt: now } : {}),
      })
      .where(eq(invoices.id, invoice!.id));
    if (remaining === 0n) {
      await recordTimeline(tx, { customerId: invoice!.customerId, occurredAt: now, kind: 'invoice.paid', invoiceId: invoice!.id, paymentId: payment.id, data: { invoiceNumber: invoice!.number }, dedupeKey: `${invoice!.id}:paid` });
      if (invoice!.subscriptionId) await reactivateSubscription(tx, invoice!.subscriptionId, now);
    }
  }
  if (overpaid > 0n) {
    await tx.update(payments).set({ overpaidMinor: overpaid }).where(eq(payments.id, payment.id));
    await tx.update(customers).set({ creditBalanceMinor: sql`${customers.creditBalanceMinor} + ${overpaid}` }).where(eq(customers.id, payment.customerId));
    await tx.insert(customerBalanceTransactions).values({
      id: newId('cbt'),
      customerId: payment.customerId,
      currency: payment.currency,
      amountMinor: overpaid,
      kind: 'overpayment',
      invoiceId: invoice!.id,
      description: `Overpayment of ${invoice!.number ?? invoice!.id}`,
      createdAt: now,
    });
    await recordTimeline(tx, {
      customerId: payment.customerId,
      occurredAt: now,
      kind: 'credit.overpayment',
      invoiceId: invoice!.id,
      paymentId: payment.id,
      data: { amountMinor: overpaid.toString(), currency: payment.currency, invoiceNumber: invoice!.number },
      dedupeKey: `${payment.id}:overpayment`,
    });
  }
  return overpaid;
}

/** A past-due subscription is active again once none of its invoices is left open past its due date. */
async function reactivateSubscription(tx: Database, subscriptionId: string, now: Date): Promise<void> {
  const stillOwed = await tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.subscriptionId, subscriptionId), eq(invoices.status, 'open'), lt(invoices.dueAt, now), ne(invoices.amountRemainingMinor, 0n)))
    .limit(1);
  if (stillOwed.length) return;
  const [reactivated] = await tx
    .update(subscriptions)
    .set({ status: 'active' })
    .where(and(eq(subscriptions.id, subscriptionId), inArray(subscriptions.status, ['past_due', 'unpaid'])))
    .returning({ customerId: subscriptions.customerId });
  if (reactivated) {
    await recordTimeline(tx, { customerId: reactivated.customerId, occurredAt: now, kind: 'subscription.reactivated', data: { subscriptionId }, dedupeKey: `${subscriptionId}:reactivated:${now.toISOString()}` });
  }
}
