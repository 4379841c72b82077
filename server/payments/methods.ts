// Saved payment methods. Settle keeps the gateway's token and what a page needs to show the
// method (brand, last 4, expiry, mandate reference) — never a card number, CVC or IBAN. One
// method per customer is the default; a unique index keeps it one whatever races.
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { gatewayCustomers, paymentMethods, subscriptions } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { retryWithNewDefaultMethod } from '../collections/dunning';
import { getCustomer, lockCustomer, type Customer } from '../customers';
import { SettleError } from '../errors';
import type { GatewayRegistry } from '../gateways/registry';
import type { Gateway, MandateAcceptance, PaymentMethodType } from '../gateways/types';
import { GatewayRequestError, GatewayUnavailableError } from '../gateways/types';
import { newId } from '../ids';
import { recordTimeline } from './timeline';

export type PaymentMethodRow = typeof paymentMethods.$inferSelect;

/** The customer's record at a gateway, created on first use. */
export async function ensureGatewayCustomer(db: Database, gateway: Gateway, customer: Customer): Promise<string> {
  const existing = await gatewayCustomerId(db, gateway.id, customer.id);
  if (existing) return existing;
  const created = await callGateway(() =>
    gateway.createCustomer({ settleCustomerId: customer.id, name: customer.name, email: customer.email, idempotencyKey: `settle-customer-${customer.id}` }),
  );
  await db.insert(gatewayCustomers).values({ customerId: customer.id, gateway: gateway.id, gatewayCustomerId: created.gatewayCustomerId }).onConflictDoNothing();
  return (await gatewayCustomerId(db, gateway.id, customer.id))!;
}

export async function gatewayCustomerId(db: Database, gateway: string, customerId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: gatewayCustomers.gatewayCustomerId })
    .from(gatewayCustomers)
    .where(and(eq(gatewayCustomers.customerId, customerId), eq(gatewayCustomers.gateway, gateway)));
  return row?.id ?? null;
}

/** Maps what a gateway can say about a request Settle made on a customer's behalf to a SettleError. */
export async function callGateway<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatewayRequestError) throw new SettleError('PAYMENT_DECLINED', error.message, error.failure.declineCode ?? error.failure.code);
    if (error instanceof GatewayUnavailableError) throw new SettleError('GATEWAY_UNAVAILABLE', 'The payment gateway did not answer. Nothing was saved; try again in a moment.');
    throw error;
  }
}

export interface AddPaymentMethodInput {
  customerId: string;
  /** The gateway's token, e.g. a PaymentMethod id from its card form or a test id like pm_card_visa. */
  token: string;
  /** The gateway whose form made the token; otherwise routing picks one by currency and type. */
  gateway?: string | null;
  type?: PaymentMethodType | null;
  /** Required for SEPA Direct Debit: the customer accepted the mandate text. */
  mandate?: MandateAcceptance | null;
  makeDefault?: boolean;
  /** Never the default, not even as the first method: saved while paying one invoice (hosted page). */
  neverDefault?: boolean;
  actor: Actor;
}

export async function addPaymentMethod(db: Database, registry: GatewayRegistry, input: AddPaymentMethodInput, now: Date): Promise<PaymentMethodRow> {
  const token = input.token.trim();
  if (!/^[A-Za-z0-9_]{3,255}$/.test(token)) throw new SettleError('VALIDATION_FAILED', 'token must be a payment method token from the gateway, such as pm_card_visa.', 'token');
  const customer = await getCustomer(db, input.customerId);
  const gateway = input.gateway ? registry.get(input.gateway) : registry.route({ currency: customer.currency, type: input.type ?? 'card' });
  const remoteCustomer = await ensureGatewayCustomer(db, gateway, customer);
  const attached = await callGateway(() =>
    gateway.attachPaymentMethod({ gatewayCustomerId: remoteCustomer, token, mandate: input.mandate ?? null, idempotencyKey: `settle-attach-${customer.id}-${token}` }),
  );
  return db.transaction(async (tx) => {
    await lockCustomer(tx, customer.id);
    const [known] = await tx
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.gateway, gateway.id), eq(paymentMethods.gatewayPaymentMethodId, attached.gatewayPaymentMethodId)));
    if (known && known.customerId !== customer.id) throw new SettleError('CONFLICT', 'This payment method belongs to another customer.', 'token');
    if (known?.status === 'active') return input.makeDefault && !known.isDefault ? setDefaultInTx(tx, known, input.actor, now) : known;
    const [current] = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.customerId, customer.id), eq(paymentMethods.isDefault, true)));
    const { gatewayPaymentMethodId, ...display } = attached;
    const values = { ...display, status: 'active' as const, removedAt: null, isDefault: false };
    const [row] = known
      ? await tx.update(paymentMethods).set(values).where(eq(paymentMethods.id, known.id)).returning()
      : await tx
          .insert(paymentMethods)
          .values({ id: newId('pmeth'), customerId: customer.id, gateway: gateway.id, gatewayPaymentMethodId, ...values, createdAt: now })
          .returning();
    await recordTimeline(tx, { customerId: customer.id, occurredAt: now, kind: 'payment_method.added', data: describeMethod(row!) });
    await recordAudit(tx, { actor: input.actor, action: 'payment_method.add', subjectType: 'payment_method', subjectId: row!.id, after: describeMethod(row!), at: now });
    // The first method becomes the default, so a customer never has methods but none to charge.
    return input.makeDefault || (!current && !input.neverDefault) ? setDefaultInTx(tx, row!, input.actor, now) : row!;
  });
}

/** What pages, e-mails and the timeline show of a method. */
export function describeMethod(method: PaymentMethodRow) {
  return {
    paymentMethodId: method.id,
    type: method.type,
    brand: method.brand,
    last4: method.last4,
    expMonth: method.expMonth,
    expYear: method.expYear,
    walletType: method.walletType,
    mandateReference: method.mandateReference,
  };
}

export async function listPaymentMethods(db: Database, customerId: string): Promise<PaymentMethodRow[]> {
  return db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.status, 'active')))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt));
}

export async function getPaymentMethod(db: Database, id: string, scope: { customerId: string }): Promise<PaymentMethodRow> {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, id), eq(paymentMethods.customerId, scope.customerId), eq(paymentMethods.status, 'active')));
  if (!row) throw new SettleError('NOT_FOUND', `No payment method ${id}.`, 'paymentMethodId');
  return row;
}

export async function setDefaultPaymentMethod(db: Database, input: { customerId: string; paymentMethodId: string; actor: Actor }, now: Date) {
  return db.transaction(async (tx) => {
    await lockCustomer(tx, input.customerId);
    return setDefaultInTx(tx, await getPaymentMethod(tx, input.paymentMethodId, input), input.actor, now);
  });
}

async function setDefaultInTx(tx: Database, method: PaymentMethodRow, actor: Actor, now: Date): Promise<PaymentMethodRow> {
  if (method.isDefault) return method;
  await tx.update(paymentMethods).set({ isDefault: false }).where(and(eq(paymentMethods.customerId, method.customerId), eq(paymentMethods.isDefault, true)));
  const [row] = await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, method.id)).returning();
  await recordTimeline(tx, { customerId: method.customerId, occurredAt: now, kind: 'payment_method.default_set', data: describeMethod(row!) });
  await recordAudit(tx, { actor, action: 'payment_method.set_default', subjectType: 'payment_method', subjectId: method.id, before: { isDefault: false }, after: { isDefault: true }, at: now });
  // Invoices in dunning are retried at once with the new default.
  await retryWithNewDefaultMethod(tx, { customerId: method.customerId, paymentMethodId: method.id }, now);
  return row!;
}

/** The live subscriptions a method pays: its own default, or the customer's default for the others. */
export async function subscriptionsPaidBy(db: Database, method: PaymentMethodRow): Promise<string[]> {
  const rows = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.customerId, method.customerId),
        inArray(subscriptions.status, ['trialing', 'active', 'past_due', 'unpaid', 'paused']),
        or(eq(subscriptions.defaultPaymentMethodId, method.id), method.isDefault ? eq(subscriptions.collectionMethod, 'charge_automatically') : undefined),
      ),
    );
  return rows.map((row) => row.id);
}

/** Detaches the method at its gateway, then forgets it; past payments keep their reference. */
export async function removePaymentMethod(db: Database, registry: GatewayRegistry, input: { customerId: string; paymentMethodId: string; actor: Actor }, now: Date) {
  const method = await getPaymentMethod(db, input.paymentMethodId, input);
  await callGateway(() => registry.get(method.gateway).detachPaymentMethod(method.gatewayPaymentMethodId));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(paymentMethods)
      .set({ status: 'removed', isDefault: false, removedAt: now })
      .where(and(eq(paymentMethods.id, method.id), eq(paymentMethods.status, 'active')))
      .returning();
    if (!row) return method;
    await tx.update(subscriptions).set({ defaultPaymentMethodId: null }).where(eq(subscriptions.defaultPaymentMethodId, method.id));
    await recordTimeline(tx, { customerId: method.customerId, occurredAt: now, kind: 'payment_method.removed', data: describeMethod(method) });
    await recordAudit(tx, { actor: input.actor, action: 'payment_method.remove', subjectType: 'payment_method', subjectId: method.id, before: describeMethod(method), at: now });
    return row;
  });
}

/**
 * Whether a card still works: it expires at the end of its expiry month (UTC). "Expires soon"
 * from the first day of that month, so the customer is told while it still works.
 */
export function expiryState(method: Pick<PaymentMethodRow, 'expMonth' | 'expYear'>, now: Date): 'ok' | 'expires_soon' | 'expired' {
  if (!method.expMonth || !method.expYear) return 'ok';
  const endOfMonth = Date.UTC(method.expYear, method.expMonth, 1);
  if (now.getTime() >= endOfMonth) return 'expired';
  const startOfMonthBefore = Date.UTC(method.expYear, method.expMonth - 2, 1);
  return now.getTime() >= startOfMonthBefore ? 'expires_soon' : 'ok';
}

/** The gateway form a customer uses to add a method, for a page served at `parentOrigin`; null when payments are off. */
export function paymentFormFor(registry: GatewayRegistry, input: { currency: string; parentOrigin: string; locale: string; name?: string; email?: string }) {
  const gateway = registry.all().length ? registry.route({ currency: input.currency, type: 'card' }) : null;
  // SEPA Direct Debit collects euros only.
  const types = gateway?.paymentMethodTypes.filter((type) => type !== 'sepa_debit' || input.currency === 'EUR') ?? [];
  const url = gateway?.paymentFormUrl?.({ parentOrigin: input.parentOrigin, locale: input.locale, types: [...types], name: input.name, email: input.email });
  return gateway && url ? { gateway: gateway.id, url, types } : null;
}
