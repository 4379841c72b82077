// What a gateway reports about a payment, applied to Settle's books in one transaction: the
// attempt's status, the invoice (amount paid and remaining, paid), the subscription (past_due →
// active), the customer's credit for an overpayment, the timeline, and the receipt to send.
// State only moves forward: a late or repeated report changes nothing.
import { and, eq, inArray, lt, ne, notExists, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customerBalanceTransactions, customers, invoices, paymentMethods, payments, subscriptions } from '@/db/schema';
import type { GatewayPayment, GatewayPaymentStatus } from '../gateways/types';
import { onAutomaticPaymentFailed, recordInvoicePaid } from '../collections/dunning';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { recordTimeline, type TimelineEntry } from './timeline';

export type PaymentRow = typeof payments.$inferSelect;

export const receiptQueue = 'payment.receipt';

const finalStatuses: ReadonlySet<GatewayPaymentStatus> = new Set(['succeeded', 'failed', 'canceled']);
export const isFinal = (status: GatewayPaymentStatus) => finalStatuses.has(status);

/** Applies a report about `paymentId`; the caller's transaction makes every effect commit together. */
export async function applyGatewayPayment(tx: Database, paymentId: string, reported: GatewayPayment, now: Date): Promise<PaymentRow> {
  // The payment, locked, with what the timeline says about it — one round trip.
  const [locked] = await tx
    .select({ payment: payments, invoiceNumber: invoices.number, method: { type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType } })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
    .where(eq(payments.id, paymentId))
    .for('update', { of: payments });
  if (!locked) throw new Error(`No payment ${paymentId}`);
  const payment = locked.payment;
  // Final, or news of a step Settle is already past (an intent created but not yet confirmed).
  if (isFinal(payment.status) || reported.status === 'requires_confirmation') return payment;
  const known = {
    gatewayPaymentId: payment.gatewayPaymentId ?? reported.gatewayPaymentId,
    gatewayChargeId: reported.gatewayChargeId ?? payment.gatewayChargeId,
    outcomeUnknown: false,
    updatedAt: now,
  };
  const event = { customerId: payment.customerId, occurredAt: now, invoiceId: payment.invoiceId, paymentId: payment.id };
  const summary = summaryOf(payment, locked.invoiceNumber, locked.method?.type ? locked.method : null);

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
  // An attempt Settle made on its own failed: dunning takes the next step.
  await onAutomaticPaymentFailed(tx, row!, now);
  return row!;
}

/**
 * What every succeeded payment does, whoever collected it (a gateway, or a bank transfer matched
 * on a statement): credit the invoice (the excess to the customer's credit), record it on the
 * timeline and queue the receipt. `payment` is already stored as succeeded.
 */
export async function completeSucceededPayment(tx: Database, payment: PaymentRow, now: Date, summary?: PaymentSummary): Promise<PaymentRow> {
  const data = summary ?? (await loadSummary(tx, payment));
  const settled = await settleInvoice(tx, payment, now);
  await recordTimeline(tx, [
    {
      customerId: payment.customerId,
      occurredAt: now,
      invoiceId: payment.invoiceId,
      paymentId: payment.id,
      kind: 'payment.succeeded',
      data: { ...data, overpaidMinor: settled.overpaid.toString() },
      dedupeKey: `${payment.id}:succeeded`,
    },
    ...settled.timeline,
  ]);
  await enqueue(tx, { queue: receiptQueue, payload: { paymentId: payment.id }, runAt: now, dedupeKey: `receipt:${payment.id}` });
  return { ...payment, overpaidMinor: settled.overpaid };
}

type PaymentSummary = ReturnType<typeof summaryOf>;

/** The invoice number, amount and method of a payment, for the timeline and e-mails. */
function summaryOf(payment: PaymentRow, invoiceNumber: string | null, method: { type: string; brand: string | null; last4: string | null; walletType: string | null } | null) {
  return { invoiceNumber, amountMinor: payment.amountMinor.toString(), currency: payment.currency, attempt: payment.attempt, method };
}

async function loadSummary(tx: Database, payment: PaymentRow): Promise<PaymentSummary> {
  const [row] = await tx
    .select({ invoiceNumber: invoices.number, method: { type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType } })
    .from(invoices)
    .leftJoin(paymentMethods, eq(paymentMethods.id, payment.paymentMethodId ?? ''))
    .where(eq(invoices.id, payment.invoiceId));
  return summaryOf(payment, row?.invoiceNumber ?? null, row?.method?.type ? row.method : null);
}

/**
 * Credits a succeeded payment to its invoice. What the invoice no longer owes (it was paid by
 * other means, voided, or the amount was larger) becomes the customer's credit. Returns that excess.
 */
export async function settleInvoice(tx: Database, payment: PaymentRow, now: Date): Promise<{ overpaid: bigint; timeline: TimelineEntry[] }> {
  const timeline: TimelineEntry[] = [];
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
      await recordInvoicePaid(tx, { invoiceId: invoice!.id, paymentId: payment.id }, now);
      timeline.push({ customerId: invoice!.customerId, occurredAt: now, kind: 'invoice.paid', invoiceId: invoice!.id, paymentId: payment.id, data: { invoiceNumber: invoice!.number }, dedupeKey: `${invoice!.id}:paid` });
      if (invoice!.subscriptionId && (await reactivateSubscription(tx, invoice!.subscriptionId, now))) {
        timeline.push({ customerId: invoice!.customerId, occurredAt: now, kind: 'subscription.reactivated', data: { subscriptionId: invoice!.subscriptionId }, dedupeKey: `${invoice!.subscriptionId}:reactivated:${now.toISOString()}` });
      }
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
    timeline.push({
      customerId: payment.customerId,
      occurredAt: now,
      kind: 'credit.overpayment',
      invoiceId: invoice!.id,
      paymentId: payment.id,
      data: { amountMinor: overpaid.toString(), currency: payment.currency, invoiceNumber: invoice!.number },
      dedupeKey: `${payment.id}:overpayment`,
    });
  }
  return { overpaid, timeline };
}

/**
 * A past-due subscription is active again once none of its invoices is left open past its due
 * date — one statement. Returns whether it was reactivated.
 */
async function reactivateSubscription(tx: Database, subscriptionId: string, now: Date): Promise<boolean> {
  const stillOwed = tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.subscriptionId, subscriptionId), eq(invoices.status, 'open'), lt(invoices.dueAt, now), ne(invoices.amountRemainingMinor, 0n)));
  const reactivated = await tx
    .update(subscriptions)
    .set({ status: 'active' })
    .where(and(eq(subscriptions.id, subscriptionId), inArray(subscriptions.status, ['past_due', 'unpaid']), notExists(stillOwed)))
    .returning({ id: subscriptions.id });
  return reactivated.length > 0;
}
