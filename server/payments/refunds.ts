// Refunds: full or partial, several per payment, never more than was paid — even when asked
// concurrently, because each request locks the payment and counts what is already refunded or
// on its way. A refund that succeeds is documented by a credit note on the invoice.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoices, payments, refunds } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { refundIssuedEmail } from '../collections/emails';
import { getConfig } from '../config';
import { creditNotePdfAttachment } from '../documents/attachments';
import { isSettleError, SettleError } from '../errors';
import type { GatewayRefund, GatewayRegistry } from '../gateways';
import { GatewayRequestError, GatewayUnavailableError } from '../gateways/types';
import { newId } from '../ids';
import { emailCustomer } from '../notifications/customer-email';
import { createCreditNote } from '../invoices/credit-notes';
import { parseAmountMinor } from '../money';
import { afterCursor, newestFirst, pageLimit, toPage, type Page } from '../pagination';
import { recordTimeline } from './timeline';

export type RefundRow = typeof refunds.$inferSelect;
export const refundReasons = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export interface RefundInput {
  paymentId: string;
  /** Minor units; the whole refundable rest when omitted. */
  amount?: number | string | bigint | null;
  reason?: (typeof refundReasons)[number] | null;
  memo?: string | null;
  actor: Actor;
  /** A staff member's refund limit in minor units, when their role has one. */
  limitMinor?: bigint | null;
}

/** What can still be refunded: the amount minus refunds that succeeded or are on their way. */
async function refundable(tx: Database, payment: typeof payments.$inferSelect): Promise<bigint> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), inArray(refunds.status, ['pending', 'succeeded'])));
  return payment.amountMinor - BigInt(row!.total);
}

export async function refundPayment(db: Database, registry: GatewayRegistry, input: RefundInput, now: Date): Promise<RefundRow> {
  const refund = await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for('update');
    if (!payment) throw new SettleError('NOT_FOUND', `No payment ${input.paymentId}.`, 'paymentId');
    if (payment.status !== 'succeeded') throw new SettleError('CONFLICT', `Payment ${payment.id} is ${payment.status}; only a succeeded payment can be refunded.`, 'paymentId');
    if (payment.gateway === 'bank_transfer') throw new SettleError('CONFLICT', 'A bank transfer is refunded by a transfer from your bank; record it with a credit note.', 'paymentId');
    const left = await refundable(tx, payment);
    const amount = input.amount === undefined || input.amount === null ? left : typeof input.amount === 'bigint' ? input.amount : parseAmountMinor(input.amount, 'amount');
    if (amount <= 0n) throw new SettleError(left === 0n ? 'REFUND_EXCEEDS_PAYMENT' : 'VALIDATION_FAILED', left === 0n ? `Payment ${payment.id} is already fully refunded.` : 'The amount to refund must be positive.', 'amount');
    if (amount > left) throw new SettleError('REFUND_EXCEEDS_PAYMENT', `At most ${left} (minor units) of payment ${payment.id} can still be refunded.`, 'amount');
    if (input.limitMinor !== undefined && input.limitMinor !== null && amount > input.limitMinor) {
      throw new SettleError('FORBIDDEN', `Your role may refund at most ${input.limitMinor} (minor units) at a time; ask finance.`, 'amount');
    }
    const [row] = await tx
      .insert(refunds)
      .values({
        id: newId('rf'),
        paymentId: payment.id,
        invoiceId: payment.invoiceId,
        customerId: payment.customerId,
        gateway: payment.gateway,
        amountMinor: amount,
        currency: payment.currency,
        status: 'pending',
        reason: input.reason ?? null,
        memo: input.memo?.trim() || null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: 'refund.create', subjectType: 'payment', subjectId: payment.id, reason: input.memo ?? undefined, before: { refundable: left.toString() }, after: { refundId: row!.id, amountMinor: amount.toString() }, at: now });
    return { row: row!, gatewayPaymentId: payment.gatewayPaymentId! };
  });
  return sendRefund(db, registry, refund.row, refund.gatewayPaymentId, now);
}

/** Sends (or re-sends, with the same idempotency key) a pending refund to its gateway. */
export async function sendRefund(db: Database, registry: GatewayRegistry, refund: RefundRow, gatewayPaymentId: string, now: Date): Promise<RefundRow> {
  let reported: GatewayRefund;
  try {
    reported = await registry.get(refund.gateway).refund({
      settleRefundId: refund.id,
      gatewayPaymentId,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      idempotencyKey: `settle-refund-${refund.id}`,
      reason: refund.reason,
    });
  } catch (error) {
    // No answer: the refund stays pending until its webhook or the reconciler settles it.
    if (error instanceof GatewayUnavailableError) return refund;
    if (!(error instanceof GatewayRequestError)) throw error;
    await db.transaction((tx) =>
      applyGatewayRefund(tx, refund.id, { gatewayRefundId: '', gatewayPaymentId, status: 'failed', amountMinor: refund.amountMinor, currency: refund.currency, settleRefundId: refund.id }, now, error.message),
    );
    throw new SettleError('CONFLICT', `The gateway refused the refund: ${error.message}`, 'amount');
  }
  return db.transaction((tx) => applyGatewayRefund(tx, refund.id, reported, now));
}

const finalRefund = new Set(['succeeded', 'failed', 'canceled']);

/** Moves a refund forward to what the gateway reports; success adds it to the payment and issues the credit note. */
export async function applyGatewayRefund(tx: Database, refundId: string, reported: GatewayRefund, now: Date, failureMessage?: string): Promise<RefundRow> {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  if (!refund) throw new Error(`No refund ${refundId}`);
  const gatewayRefundId = refund.gatewayRefundId ?? (reported.gatewayRefundId || null);
  if (finalRefund.has(refund.status)) return refund;
  if (reported.status === 'pending') {
    if (gatewayRefundId === refund.gatewayRefundId) return refund;
    const [row] = await tx.update(refunds).set({ gatewayRefundId, updatedAt: now }).where(eq(refunds.id, refund.id)).returning();
    return row!;
  }
  const event = { customerId: refund.customerId, occurredAt: now, invoiceId: refund.invoiceId, paymentId: refund.paymentId };
  const data = { refundId: refund.id, amountMinor: refund.amountMinor.toString(), currency: refund.currency };
  if (reported.status !== 'succeeded') {
    const [row] = await tx
      .update(refunds)
      .set({ gatewayRefundId, status: reported.status, failureMessage: failureMessage ?? `The gateway reports the refund ${reported.status}.`, updatedAt: now })
      .where(eq(refunds.id, refund.id))
      .returning();
    await recordTimeline(tx, { ...event, kind: 'refund.failed', data, dedupeKey: `${refund.id}:failed` });
    return row!;
  }
  await tx.update(payments).set({ amountRefundedMinor: sql`${payments.amountRefundedMinor} + ${refund.amountMinor}`, updatedAt: now }).where(eq(payments.id, refund.paymentId));
  const note = await createCreditNote(tx, { invoiceId: refund.invoiceId, reason: 'refund', amount: refund.amountMinor.toString(), memo: refund.memo ?? `Refund ${refund.id}`, refundId: refund.id }, now).catch(
    // An invoice already credited in full (by earlier credit notes) keeps the refund without a second document.
    (error: unknown) => (isSettleError(error) && error.code === 'CREDIT_EXCEEDS_INVOICE' ? null : Promise.reject(error)),
  );
  const [row] = await tx
    .update(refunds)
    .set({ gatewayRefundId, status: 'succeeded', creditNoteId: note?.id ?? null, updatedAt: now })
    .where(eq(refunds.id, refund.id))
    .returning();
  await recordTimeline(tx, { ...event, kind: 'refund.succeeded', data: { ...data, creditNoteNumber: note?.number ?? null }, dedupeKey: `${refund.id}:succeeded` });
  const [invoice] = await tx.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, refund.invoiceId));
  await emailCustomer(
    tx,
    {
      customerId: refund.customerId,
      kind: 'refund_issued',
      key: `refund_issued:${refund.id}`,
      invoiceId: refund.invoiceId,
      paymentId: refund.paymentId,
      render: (locale, merchant) =>
        refundIssuedEmail(merchant, locale, { amountMinor: refund.amountMinor, currency: refund.currency, invoiceNumber: invoice?.number ?? refund.invoiceId, portalUrl: `${getConfig().publicUrl}/`, creditNoteAttached: note !== null }),
      attachments: note ? () => creditNotePdfAttachment(tx, note.id) : undefined,
    },
    now,
  );
  return row!;
}

export async function listRefunds(db: Database, input: { paymentId?: string; invoiceId?: string; customerId?: string }) {
  return db
    .select()
    .from(refunds)
    .where(
      and(
        input.paymentId ? eq(refunds.paymentId, input.paymentId) : undefined,
        input.invoiceId ? eq(refunds.invoiceId, input.invoiceId) : undefined,
        input.customerId ? eq(refunds.customerId, input.customerId) : undefined,
      ),
    )
    .orderBy(desc(refunds.createdAt));
}

/** One page of refunds, newest first, for the API: optionally of one payment. */
export async function pageRefunds(db: Database, input: { paymentId?: string; invoiceId?: string; limit?: number; cursor?: string }): Promise<Page<RefundRow>> {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(refunds)
    .where(
      and(
        input.paymentId ? eq(refunds.paymentId, input.paymentId) : undefined,
        input.invoiceId ? eq(refunds.invoiceId, input.invoiceId) : undefined,
        afterCursor(input.cursor, refunds),
      ),
    )
    .orderBy(...newestFirst(refunds))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}

export async function getRefund(db: Database, id: string): Promise<RefundRow> {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No refund ${id}.`, 'id');
  return row;
}
