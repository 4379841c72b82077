// The reconciler: asks the gateway about attempts left in flight — an unknown outcome, or no news
// past a threshold (a lost webhook) — and about refunds it never answered, and applies what it
// says. Retrieval never confirms a payment, so reconciling can never charge.
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { inFlightPaymentStatuses, paymentMethods, payments, refunds } from '@/db/schema';
import type { GatewayRegistry } from '../gateways';
import type { Job } from '../jobs/queue';
import { applyGatewayPayment, type PaymentRow } from './apply';
import { chargeRequestOf } from './pay';
import { sendRefund } from './refunds';

/** No news for this long (billing time) and Settle asks. */
export const staleAfterMs = 15 * 60_000;
/** A 3-D Secure challenge left unanswered this long is abandoned, so the invoice can be paid again. */
export const abandonChallengeAfterMs = 24 * 60 * 60_000;

export async function settlePayment(db: Database, registry: GatewayRegistry, paymentId: string, now: Date): Promise<PaymentRow> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) throw new Error(`No payment ${paymentId}`);
  if (!(inFlightPaymentStatuses as readonly string[]).includes(payment.status) || !payment.paymentMethodId) return payment;
  const [method] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, payment.paymentMethodId));
  const gateway = registry.get(payment.gateway);
  const reported = await gateway.retrievePayment(await chargeRequestOf(db, payment, method!, null), payment.gatewayPaymentId);
  // Never confirmed (the process stopped between creating and confirming), or a challenge nobody
  // answered: abandoned at the gateway, so the invoice can be paid again.
  const neverConfirmed = reported?.status === 'requires_confirmation';
  if (reported === null || neverConfirmed || (reported.status === 'requires_action' && now.getTime() - payment.updatedAt.getTime() > abandonChallengeAfterMs)) {
    if (reported) await gateway.cancelPayment(reported.gatewayPaymentId);
    const canceled = reported
      ? {
          ...reported,
          status: 'canceled' as const,
          failure: neverConfirmed
            ? { code: 'not_confirmed', declineCode: null, message: 'The payment was created but never confirmed; nothing was charged.' }
            : { code: 'abandoned', declineCode: null, message: 'The authentication was never completed.' },
        }
      : { gatewayPaymentId: '', status: 'canceled' as const, amountMinor: payment.amountMinor, currency: payment.currency, gatewayChargeId: null, failure: { code: 'not_created', declineCode: null, message: 'The gateway never received the payment.' }, nextActionUrl: null, settlePaymentId: payment.id };
    return db.transaction((tx) => applyGatewayPayment(tx, payment.id, canceled, now));
  }
  return db.transaction((tx) => applyGatewayPayment(tx, payment.id, reported, now));
}

/** Settles every stale attempt and unanswered refund; returns how many were asked about. */
export async function reconcilePayments(db: Database, registry: GatewayRegistry, now: Date): Promise<{ payments: number; refunds: number }> {
  const stale = new Date(now.getTime() - staleAfterMs);
  const inFlight = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(inArray(payments.status, [...inFlightPaymentStatuses]), or(eq(payments.outcomeUnknown, true), lt(payments.updatedAt, stale))))
    .limit(500);
  for (const { id } of inFlight) await settlePayment(db, registry, id, now).catch(() => undefined);
  const unanswered = await db
    .select({ refund: refunds, gatewayPaymentId: payments.gatewayPaymentId })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(refunds.status, 'pending'), isNull(refunds.gatewayRefundId), lt(refunds.updatedAt, stale)))
    .limit(500);
  // Re-sending with the same idempotency key returns the first answer; it cannot refund twice.
  for (const { refund, gatewayPaymentId } of unanswered) await sendRefund(db, registry, refund, gatewayPaymentId!, now).catch(() => undefined);
  return { payments: inFlight.length, refunds: unanswered.length };
}

/**
 * The job that settles one attempt whose outcome is unknown; it fails — to be retried with
 * backoff — while the gateway is silent.
 */
export function settlePaymentJob(registry: () => GatewayRegistry) {
  return async (tx: Database, job: Job, now: Date) => {
    const payment = await settlePayment(tx, registry(), (job.payload as { paymentId: string }).paymentId, now);
    if (payment.outcomeUnknown) throw new Error(`The gateway has not answered about payment ${payment.id} yet`);
  };
}
