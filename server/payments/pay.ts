// Paying an invoice: one attempt row per try, opened in its own transaction before the gateway
// is called, with a gateway idempotency key derived from the invoice and the attempt number. A
// unique index allows one attempt in flight per invoice, so any number of simultaneous "Pay"
// requests make one charge; the others get that same attempt back. A gateway that does not
// answer leaves the outcome unknown — settled later by retrieving the payment, never by
// charging again.
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { inFlightPaymentStatuses, invoices, paymentMethods, payments, subscriptions } from '@/db/schema';
import { SettleError } from '../errors';
import type { ChargeRequest, GatewayPayment, GatewayRegistry } from '../gateways';
import { GatewayUnavailableError } from '../gateways/types';
import { afterCursor, newestFirst, pageLimit, toPage, type Page } from '../pagination';
import { enqueue } from '../jobs/queue';
import { applyGatewayPayment, type PaymentRow } from './apply';
import { gatewayCustomerId, type PaymentMethodRow } from './methods';

export const settlePaymentQueue = 'payment.settle';

export interface PayInvoiceInput {
  invoiceId: string;
  /** Another saved method; otherwise the subscription's, then the customer's default. */
  paymentMethodId?: string | null;
  initiatedBy: PaymentRow['initiatedBy'];
  /** Renewals and retries: nobody is there to pass a 3-D Secure challenge. */
  offSession?: boolean;
  /** Where the gateway sends the customer back after a challenge. */
  returnUrl?: string | null;
  /** A customer may only pay their own invoices; another's answers NOT_FOUND. */
  scope?: { customerId: string };
}

export interface PayInvoiceResult {
  payment: PaymentRow;
  /** False when an attempt was already in flight and is returned instead of charging again. */
  created: boolean;
}

const isUniqueViolation = (error: unknown): boolean => {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
};

export async function payInvoice(db: Database, registry: GatewayRegistry, input: PayInvoiceInput, now: Date): Promise<PayInvoiceResult> {
  let opened: { payment: PaymentRow; method: PaymentMethodRow | null; created: boolean; replaced: PaymentRow | null };
  try {
    opened = await db.transaction((tx) => openAttempt(tx, input, now));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another request opened an attempt between our check and our insert: that one is the charge.
    const [inFlight] = await db.select().from(payments).where(and(eq(payments.invoiceId, input.invoiceId), inArray(payments.status, [...inFlightPaymentStatuses])));
    if (!inFlight) throw error;
    return { payment: inFlight, created: false };
  }
  if (opened.replaced?.gatewayPaymentId) {
    // The customer chose another method while a challenge was pending: the old intent is abandoned.
    await registry.get(opened.replaced.gateway).cancelPayment(opened.replaced.gatewayPaymentId).catch(() => undefined);
  }
  if (!opened.created) return { payment: opened.payment, created: false };
  return { payment: await chargeAttempt(db, registry, opened.payment, opened.method!, now, input.returnUrl ?? null), created: true };
}

async function openAttempt(tx: Database, input: PayInvoiceInput, now: Date) {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, input.invoiceId), input.scope ? eq(invoices.customerId, input.scope.customerId) : undefined))
    .for('update');
  if (!invoice) throw new SettleError('NOT_FOUND', `No invoice ${input.invoiceId}.`, 'invoiceId');
  const [inFlight] = await tx.select().from(payments).where(and(eq(payments.invoiceId, invoice.id), inArray(payments.status, [...inFlightPaymentStatuses])));
  let replaced: PaymentRow | null = null;
  if (inFlight) {
    const otherMethod = input.paymentMethodId && input.paymentMethodId !== inFlight.paymentMethodId;
    if (!(inFlight.status === 'requires_action' && otherMethod)) return { payment: inFlight, method: null, created: false, replaced: null };
    replaced = (
      await tx
      .update(payments)
      .set({ status: 'canceled', failureCode: 'replaced', failureMessage: 'The customer paid with another method.', settledAt: now, updatedAt: now, nextActionUrl: null })
      .where(eq(payments.id, inFlight.id))
      .returning()
    )[0]!;
  }
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw new SettleError('INVOICE_NOT_OPEN', `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; there is nothing to pay.`, 'invoiceId');
  }
  if (invoice.amountRemainingMinor <= 0n) throw new SettleError('INVOICE_NOT_OPEN', `Invoice ${invoice.number} has nothing left to pay.`, 'invoiceId');
  const method = await methodFor(tx, invoice, input.paymentMethodId ?? null);
  const [last] = await tx.select({ attempt: max(payments.attempt) }).from(payments).where(eq(payments.invoiceId, invoice.id));
  const attempt = (last?.attempt ?? 0) + 1;
  const idempotencyKey = `settle-${invoice.id}-attempt-${attempt}`;
  const [payment] = await tx
    .insert(payments)
    .values({
      id: paymentIdFor(idempotencyKey),
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attempt,
      gateway: method.gateway,
      paymentMethodId: method.id,
      idempotencyKey,
      amountMinor: invoice.amountRemainingMinor,
      currency: invoice.currency,
      status: 'processing',
      offSession: input.offSession ?? false,
      initiatedBy: input.initiatedBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { payment: payment!, method, created: true, replaced };
}

/**
 * The attempt's id follows from its idempotency key. An attempt opened inside a longer transaction
 * (a collection job) that is rolled back after the charge is opened again with the same key and
 * so the same id: the gateway sees the very same request (its metadata names the id) and answers
 * with the first charge instead of refusing the key or charging again.
 */
export function paymentIdFor(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest();
  let out = '';
  for (const byte of digest.subarray(0, 20)) out += idAlphabet[byte & 31];
  return `pay_${out}`;
}
const idAlphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** The method to charge: the one asked for, else the subscription's default, else the customer's. */
export async function methodFor(tx: Database, invoice: typeof invoices.$inferSelect, requested: string | null): Promise<PaymentMethodRow> {
  const active = (id: string) => and(eq(paymentMethods.id, id), eq(paymentMethods.customerId, invoice.customerId), eq(paymentMethods.status, 'active'));
  if (requested) {
    const [method] = await tx.select().from(paymentMethods).where(active(requested));
    if (!method) throw new SettleError('NOT_FOUND', `No payment method ${requested}.`, 'paymentMethodId');
    return method;
  }
  if (invoice.subscriptionId) {
    const [subscription] = await tx.select({ methodId: subscriptions.defaultPaymentMethodId }).from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId));
    if (subscription?.methodId) {
      const [method] = await tx.select().from(paymentMethods).where(active(subscription.methodId));
      if (method) return method;
    }
  }
  const [method] = await tx
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, invoice.customerId), eq(paymentMethods.status, 'active')))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt))
    .limit(1);
  if (!method || !method.isDefault) throw new SettleError('NO_PAYMENT_METHOD', 'The customer has no default payment method; add one or choose a saved one.', 'paymentMethodId');
  return method;
}

/** The charge request of an attempt: always the same for the same attempt, so it can be replayed safely. */
export async function chargeRequestOf(db: Database, payment: PaymentRow, method: PaymentMethodRow, returnUrl: string | null): Promise<ChargeRequest> {
  const remoteCustomer = await gatewayCustomerId(db, method.gateway, payment.customerId);
  if (!remoteCustomer) throw new Error(`Customer ${payment.customerId} has no record at gateway ${method.gateway}`);
  const [invoice] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, payment.invoiceId));
  return {
    settlePaymentId: payment.id,
    invoiceId: payment.invoiceId,
    gatewayCustomerId: remoteCustomer,
    gatewayPaymentMethodId: method.gatewayPaymentMethodId,
    paymentMethodType: method.type,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    idempotencyKey: payment.idempotencyKey,
    offSession: payment.offSession,
    returnUrl,
    mandateId: method.mandateId,
    description: `Invoice ${invoice?.number ?? payment.invoiceId}`,
  };
}

async function chargeAttempt(db: Database, registry: GatewayRegistry, payment: PaymentRow, method: PaymentMethodRow, now: Date, returnUrl: string | null): Promise<PaymentRow> {
  let reported: GatewayPayment;
  try {
    const gateway = registry.get(payment.gateway);
    const request = await chargeRequestOf(db, payment, method, returnUrl);
    reported = await gateway.charge(request, async (gatewayPaymentId) => {
      await db.update(payments).set({ gatewayPaymentId }).where(eq(payments.id, payment.id));
    });
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return markOutcomeUnknown(db, payment, now);
    // Refused before anything could be charged (a configuration or request error): the attempt ends.
    reported = {
      gatewayPaymentId: payment.gatewayPaymentId ?? '',
      status: 'failed',
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      gatewayChargeId: null,
      failure: { code: 'gateway_error', declineCode: null, message: error instanceof Error ? error.message : String(error) },
      nextActionUrl: null,
      settlePaymentId: payment.id,
    };
  }
  return db.transaction((tx) => applyGatewayPayment(tx, payment.id, reported, now));
}

/** The gateway did not answer: the attempt stays in flight and a job asks the gateway what happened. */
async function markOutcomeUnknown(db: Database, payment: PaymentRow, now: Date): Promise<PaymentRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(payments).set({ outcomeUnknown: true, updatedAt: now }).where(and(eq(payments.id, payment.id), eq(payments.status, 'processing'))).returning();
    await enqueue(tx, { queue: settlePaymentQueue, payload: { paymentId: payment.id }, runAt: now, dedupeKey: `settle:${payment.id}`, maxAttempts: 20 });
    // Already settled meanwhile (its webhook came first): the current row says how.
    return row ?? (await tx.select().from(payments).where(eq(payments.id, payment.id)))[0]!;
  });
}

export async function listPayments(db: Database, input: { invoiceId?: string; customerId?: string }) {
  return db
    .select()
    .from(payments)
    .where(and(input.invoiceId ? eq(payments.invoiceId, input.invoiceId) : undefined, input.customerId ? eq(payments.customerId, input.customerId) : undefined))
    .orderBy(desc(payments.createdAt), desc(payments.attempt));
}

/** One page of payments, newest first, for the API: optionally of one invoice or customer. */
export async function pagePayments(db: Database, input: { invoiceId?: string; customerId?: string; limit?: number; cursor?: string }): Promise<Page<PaymentRow>> {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(payments)
    .where(
      and(
        input.invoiceId ? eq(payments.invoiceId, input.invoiceId) : undefined,
        input.customerId ? eq(payments.customerId, input.customerId) : undefined,
        afterCursor(input.cursor, payments),
      ),
    )
    .orderBy(...newestFirst(payments))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}

export async function getPayment(db: Database, id: string, scope?: { customerId: string }): Promise<PaymentRow> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), scope ? eq(payments.customerId, scope.customerId) : undefined));
  if (!row) throw new SettleError('NOT_FOUND', `No payment ${id}.`, 'id');
  return row;
}
