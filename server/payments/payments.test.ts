// Paying invoices end to end: the payments domain, the real Stripe gateway (official SDK) and the
// sandbox processor over HTTP, with webhooks delivered to Settle's endpoint and applied by its job.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoices, jobs, payments, subscriptions, timelineEvents } from '@/db/schema';
import { createGatewayRegistry, createStripeGateway } from '../gateways';
import { createCreditNote } from '../invoices/credit-notes';
import { createSubscription } from '../subscriptions';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../testing/payments';
import { receiptQueue } from './apply';
import { addPaymentMethod, listPaymentMethods, removePaymentMethod, setDefaultPaymentMethod } from './methods';
import { payInvoice } from './pay';
import { reconcilePayments, staleAfterMs } from './reconcile';

let handle: DatabaseHandle;
let gateway: TestGateway;
let stripe: Stripe;
const now = new Date('2026-06-01T09:00:00Z'); // a Monday
const actor = { type: 'system' as const };

beforeAll(async () => {
  handle = await createTestDatabase();
  gateway = await startTestGateway({ db: handle.db, now: () => now });
  const base = new URL(gateway.config.apiBase);
  stripe = new Stripe(gateway.config.secretKey, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await handle.close();
});

async function invoiceWithMethod(token: string, amountMinor = 10_000n) {
  const { customer, invoice } = await makeOpenInvoice(handle.db, { now, amountMinor });
  const method = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token, actor }, now);
  return { customer, invoice, method };
}

const invoiceRow = async (id: string) => (await handle.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
const chargesFor = (settlePaymentId: string) => [...gateway.sandbox.store.charges.values()].filter((charge) => (charge.metadata as Record<string, string>).settle_payment_id === settlePaymentId);
const timelineKinds = async (invoiceId: string) =>
  (await handle.db.select({ kind: timelineEvents.kind }).from(timelineEvents).where(eq(timelineEvents.invoiceId, invoiceId))).map((row) => row.kind);

describe('paying an invoice with a saved card', () => {
  it('succeeds with pm_card_visa: the invoice is paid, the timeline says so, a receipt is queued', async () => {
    const { invoice, method } = await invoiceWithMethod('pm_card_visa');
    expect(method).toMatchObject({ type: 'card', brand: 'visa', last4: '4242', isDefault: true });
    const { payment, created } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(created).toBe(true);
    expect(payment).toMatchObject({ status: 'succeeded', attempt: 1, amountMinor: 12_000n, currency: 'EUR', paymentMethodId: method.id, gateway: 'stripe' });
    expect(payment.gatewayPaymentId).toMatch(/^pi_/);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid', amountPaidMinor: 12_000n, amountRemainingMinor: 0n, paidAt: now });
    expect(await timelineKinds(invoice.id)).toEqual(expect.arrayContaining(['payment.succeeded', 'invoice.paid']));
    const receipts = await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, `receipt:${payment.id}`));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.queue).toBe(receiptQueue);
    expect(chargesFor(payment.id)).toHaveLength(1);
  });

  it.each([
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline'],
  ])('a declined charge (%s) is a failed attempt with %s / %s; the invoice stays open and a new attempt can follow', async (token, code, declineCode) => {
    const { invoice } = await invoiceWithMethod(token);
    const first = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(first.payment).toMatchObject({ status: 'failed', failureCode: code, declineCode, attempt: 1 });
    expect(first.payment.failureMessage).toBeTruthy();
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'open', amountPaidMinor: 0n });
    expect(await timelineKinds(invoice.id)).toContain('payment.failed');
    const second = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(second.payment).toMatchObject({ status: 'failed', attempt: 2 });
    expect(second.payment.idempotencyKey).not.toBe(first.payment.idempotencyKey);
  });

  it('a card that needs 3-D Secure asks for the challenge on session, and completing it pays the invoice through the webhook', async () => {
    const { invoice } = await invoiceWithMethod('pm_card_authenticationRequired');
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer', returnUrl: 'http://localhost:3000/invoices/x' }, now);
    expect(payment.status).toBe('requires_action');
    expect(payment.nextActionUrl).toContain(`/3ds/${payment.gatewayPaymentId}`);
    // Paying again meanwhile returns the same attempt: nothing is charged twice.
    const again = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(again).toMatchObject({ created: false, payment: { id: payment.id } });
    const answer = await fetch(new URL(`/3ds/${payment.gatewayPaymentId}/complete`, gateway.config.apiBase), { method: 'POST', redirect: 'manual' });
    expect(answer.status).toBe(303);
    await gateway.settled();
    const [after] = await handle.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after!.status).toBe('succeeded');
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid' });
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_chargeDeclinedLostCard', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'stolen_card'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error'],
  ])('a card that declines (%s) cannot even be saved: %s, and nothing is stored', async (token, declineCode) => {
    const { customer } = await makeOpenInvoice(handle.db, { now });
    await expect(addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token, actor }, now)).rejects.toMatchObject({ code: 'PAYMENT_DECLINED', param: declineCode });
    expect(await listPaymentMethods(handle.db, customer.id)).toEqual([]);
  });

  it('off session, the same card fails with authentication_required', async () => {
    const { invoice } = await invoiceWithMethod('pm_card_authenticationRequired');
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'automatic', offSession: true }, now);
    expect(payment).toMatchObject({ status: 'failed', failureCode: 'authentication_required' });
  });

  it('twenty simultaneous pays make one charge at the gateway and one succeeded payment', async () => {
    const { invoice } = await invoiceWithMethod('pm_card_visa');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now)));
    const rows = await handle.db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('succeeded');
    expect(chargesFor(rows[0]!.id)).toHaveLength(1);
    // Every request got that payment back, or was told the invoice is now paid.
    for (const result of results) {
      if (result.status === 'fulfilled') expect(result.value.payment.id).toBe(rows[0]!.id);
      else expect(result.reason).toMatchObject({ code: 'INVOICE_NOT_OPEN' });
    }
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid', amountPaidMinor: 12_000n });
  });

  it('refuses to pay an invoice that is paid, with no method, or with another customer’s method', async () => {
    const { invoice } = await invoiceWithMethod('pm_card_visa');
    await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    await expect(payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now)).rejects.toMatchObject({ code: 'INVOICE_NOT_OPEN' });
    const bare = await makeOpenInvoice(handle.db, { now });
    await expect(payInvoice(handle.db, gateway.registry, { invoiceId: bare.invoice.id, initiatedBy: 'customer' }, now)).rejects.toMatchObject({ code: 'NO_PAYMENT_METHOD' });
    const other = await invoiceWithMethod('pm_card_mastercard');
    await expect(payInvoice(handle.db, gateway.registry, { invoiceId: bare.invoice.id, paymentMethodId: other.method.id, initiatedBy: 'customer' }, now)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(payInvoice(handle.db, gateway.registry, { invoiceId: other.invoice.id, initiatedBy: 'customer', scope: { customerId: bare.customer.id } }, now)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await handle.db.select().from(payments).where(eq(payments.invoiceId, bare.invoice.id))).toHaveLength(0);
  });

  it('an amount larger than what is still owed pays the invoice and credits the excess to the customer', async () => {
    const { invoice, customer } = await invoiceWithMethod('pm_card_authenticationRequired');
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer', returnUrl: 'http://localhost:3000/' }, now);
    // While the customer authenticates, a credit note takes 20.00 off what the invoice owes.
    await createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'goodwill', amount: 2000 }, now);
    await fetch(new URL(`/3ds/${payment.gatewayPaymentId}/complete`, gateway.config.apiBase), { method: 'POST', redirect: 'manual' });
    await gateway.settled();
    const [after] = await handle.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after).toMatchObject({ status: 'succeeded', amountMinor: 12_000n, overpaidMinor: 2000n });
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid', amountPaidMinor: 10_000n, amountRemainingMinor: 0n });
    const [row] = await handle.db.select({ credit: customers.creditBalanceMinor }).from(customers).where(eq(customers.id, customer.id));
    expect(row!.credit).toBe(2000n);
  });
});

describe('unknown outcomes and lost webhooks', () => {
  let proxy: Server;
  let silent: TestGateway;
  let dropConfirmAnswers = true;

  beforeAll(async () => {
    // A sandbox whose webhooks are all lost, behind a proxy that loses the answer to every
    // confirmation: the charge happens, and Settle hears nothing of it.
    silent = await startTestGateway({ db: handle.db, now: () => now, webhooks: false });
    const upstream = new URL(silent.config.apiBase);
    proxy = createServer((incoming, outgoing) => {
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
        if (dropConfirmAnswers && incoming.url?.endsWith('/confirm')) {
          answer.resume();
          answer.on('end', () => outgoing.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await silent.close();
  });
  const silentCharges = (settlePaymentId: string) => [...silent.sandbox.store.charges.values()].filter((charge) => (charge.metadata as Record<string, string>).settle_payment_id === settlePaymentId);

  it('a lost answer leaves the attempt in flight with an unknown outcome; the reconciler settles it without charging again', async () => {
    const { customer, invoice } = await makeOpenInvoice(handle.db, { now });
    await addPaymentMethod(handle.db, silent.registry, { customerId: customer.id, token: 'pm_card_visa', actor }, now);
    const lossy = createGatewayRegistry(
      { gateways: [{ ...silent.config, apiBase: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` }], gatewayRoutes: [] },
      (config) => createStripeGateway(config, { timeoutMs: 2_000 }),
    );
    const { payment } = await payInvoice(handle.db, lossy, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(payment).toMatchObject({ status: 'processing', outcomeUnknown: true });
    expect(silentCharges(payment.id)).toHaveLength(1);
    // Paying again while the outcome is unknown returns the same attempt.
    const again = await payInvoice(handle.db, lossy, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(again).toMatchObject({ created: false, payment: { id: payment.id } });
    dropConfirmAnswers = false;
    await reconcilePayments(handle.db, lossy, now);
    const [after] = await handle.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after).toMatchObject({ status: 'succeeded', outcomeUnknown: false });
    expect(silentCharges(payment.id)).toHaveLength(1);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid' });
    dropConfirmAnswers = true;
  });

  it('a SEPA debit whose webhooks are all lost is settled by the reconciler once stale', async () => {
    const { customer, invoice } = await makeOpenInvoice(handle.db, { now });
    const base = new URL(silent.config.apiBase);
    const remote = new Stripe(silent.config.secretKey, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 });
    const sepa = await remote.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: customer.name, email: customer.email } });
    const mandate = { acceptedAt: now, ipAddress: '203.0.113.7', userAgent: 'vitest' };
    const method = await addPaymentMethod(handle.db, silent.registry, { customerId: customer.id, token: sepa.id, type: 'sepa_debit', mandate, actor }, now);
    expect(method).toMatchObject({ type: 'sepa_debit', last4: '3000' });
    expect(method.mandateReference).toBeTruthy();
    await silent.advanceTo(now);
    const { payment } = await payInvoice(handle.db, silent.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(payment.status).toBe('processing');
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'open' });
    // Five days later the bank has paid; no webhook ever arrives.
    const later = new Date(now.getTime() + 5 * 24 * 3600_000);
    await silent.advanceTo(later);
    expect((await handle.db.select().from(payments).where(eq(payments.id, payment.id)))[0]!.status).toBe('processing');
    await reconcilePayments(handle.db, silent.registry, new Date(later.getTime() + staleAfterMs));
    expect((await handle.db.select().from(payments).where(eq(payments.id, payment.id)))[0]!.status).toBe('succeeded');
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid' });
  });
});

describe('saved payment methods', () => {
  it('keeps one default, and removing a method detaches it at the gateway so it can never be charged again', async () => {
    const { customer, invoice, method: visa } = await invoiceWithMethod('pm_card_visa');
    const mastercard = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_mastercard', actor }, now);
    expect(mastercard.isDefault).toBe(false);
    await setDefaultPaymentMethod(handle.db, { customerId: customer.id, paymentMethodId: mastercard.id, actor }, now);
    const listed = await listPaymentMethods(handle.db, customer.id);
    expect(listed.map((method) => [method.last4, method.isDefault])).toEqual([
      ['4444', true],
      ['4242', false],
    ]);
    await removePaymentMethod(handle.db, gateway.registry, { customerId: customer.id, paymentMethodId: mastercard.id, actor }, now);
    expect(gateway.sandbox.store.paymentMethods.get(mastercard.gatewayPaymentMethodId)!.object.customer).toBeNull();
    expect((await listPaymentMethods(handle.db, customer.id)).map((method) => method.id)).toEqual([visa.id]);
    // No default is left: paying needs a method chosen, and the removed one is refused.
    await expect(payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now)).rejects.toMatchObject({ code: 'NO_PAYMENT_METHOD' });
    await expect(payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, paymentMethodId: mastercard.id, initiatedBy: 'customer' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, paymentMethodId: visa.id, initiatedBy: 'customer' }, now);
    expect(payment.status).toBe('succeeded');
  });

  it('saving the same token twice keeps one method', async () => {
    const { customer, method } = await invoiceWithMethod('pm_card_visa');
    const again = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_visa', actor }, now);
    expect(again.id).toBe(method.id);
    expect(await listPaymentMethods(handle.db, customer.id)).toHaveLength(1);
  });
});

describe('SEPA Direct Debit', () => {
  const day = 24 * 3600_000;
  let start = now;

  async function debit(iban: string) {
    const { customer, invoice } = await makeOpenInvoice(handle.db, { now });
    const sepa = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban }, billing_details: { name: customer.name, email: customer.email } });
    const mandate = { acceptedAt: now, ipAddress: '203.0.113.7', userAgent: 'vitest' };
    await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: sepa.id, type: 'sepa_debit', mandate, actor }, now);
    // The sandbox's clock only moves forward: each debit starts at the Monday after the last one.
    start = new Date(start.getTime() + 21 * day);
    await gateway.advanceTo(start);
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    expect(payment.status).toBe('processing');
    // Processing while the bank works: the invoice stays open and paying again charges nothing more.
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'open' });
    expect(await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now)).toMatchObject({ created: false, payment: { id: payment.id } });
    expect(await timelineKinds(invoice.id)).toContain('payment.processing');
    return { invoice, payment };
  }

  const paymentRow = async (id: string) => (await handle.db.select().from(payments).where(eq(payments.id, id)))[0]!;

  it.each([
    ['DE89370400440532013000', 'succeeded', 'paid'],
    ['DE62370400440532013001', 'failed', 'open'],
    ['FR8420041010050500013M02607', 'failed', 'open'],
  ] as const)('%s: processing, then %s once the business days have passed (invoice %s)', async (iban, status, invoiceStatus) => {
    const { invoice, payment } = await debit(iban);
    await gateway.advanceTo(new Date(start.getTime() + 2 * day));
    await gateway.settled();
    expect((await paymentRow(payment.id)).status).toBe('processing');
    await gateway.advanceTo(new Date(start.getTime() + 7 * day));
    await gateway.settled();
    expect(await paymentRow(payment.id)).toMatchObject({ status });
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: invoiceStatus });
  });

  it('DE35370400440532013002: succeeds, then is disputed some days later', async () => {
    const { payment } = await debit('DE35370400440532013002');
    await gateway.advanceTo(new Date(start.getTime() + 14 * day));
    await gateway.settled();
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'succeeded', disputeStatus: 'needs_response' });
  });
});

describe('subscriptions', () => {
  it('paying the invoice that made a subscription past due makes it active again, with the subscription’s own method', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const visa = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_visa', actor }, now);
    const failing = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_chargeCustomerFail', actor, makeDefault: true }, now);
    const price = await makePrice(handle.db, { unitAmount: 1500 });
    const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }], paymentMethodId: visa.id }, now);
    const [invoice] = await handle.db.select().from(invoices).where(eq(invoices.subscriptionId, subscription.id));
    // Dunning (issue 6) would have done this after a failed renewal charge.
    await handle.db.update(subscriptions).set({ status: 'past_due' }).where(eq(subscriptions.id, subscription.id));
    const later = new Date(now.getTime() + 3 * 24 * 3600_000);
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice!.id, initiatedBy: 'automatic', offSession: true }, later);
    // The subscription's method is charged, not the customer's (failing) default.
    expect(payment).toMatchObject({ status: 'succeeded', paymentMethodId: visa.id });
    expect(failing.isDefault).toBe(true);
    const [after] = await handle.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(after!.status).toBe('active');
    expect(await timelineKinds(invoice!.id)).toContain('invoice.paid');
  });
});
