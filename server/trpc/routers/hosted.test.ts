// The hosted invoice page's public procedures and the customer's receipts, called through the app
// router against a real database and the sandbox processor: a token reaches its one invoice and
// nothing else, a paid invoice is not paid twice, another customer's receipt is NOT_FOUND.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { paymentMethods, payments } from '@/db/schema';
import { addCustomerContact } from '../../auth/users';
import type { Customer } from '../../customers';
import { randomToken } from '../../ids';
import { addPaymentMethod } from '../../payments/methods';
import { payInvoice } from '../../payments/pay';
import { makeBillingCustomer } from '../../testing/billing-fixtures';
import { createTestDatabase } from '../../testing/database';
import { contextFor } from '../../testing/fixtures';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../../testing/payments';
import { createCaller } from '../root';

let handle: DatabaseHandle;
let gateway: TestGateway;
let stripe: Stripe;
const at = '2026-06-01T09:00:00Z';
const now = new Date(at);

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

const anonymous = () => createCaller(contextFor(handle.db, null, at, gateway.registry));
async function customerCaller(customer: Customer) {
  const viewer = await addCustomerContact(handle.db, { customerId: customer.id, email: `contact-${randomToken(8)}@example.com` });
  return createCaller(contextFor(handle.db, viewer, at, gateway.registry));
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('hosted.invoice', () => {
  it('shows the invoice of its token, with taxes per rate, and nothing of the customer’s other invoices or methods', async () => {
    const customer = await makeBillingCustomer(handle.db, { name: 'Estudio Token' });
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now, amountMinor: 10_000n });
    await makeOpenInvoice(handle.db, { customer, now, amountMinor: 55_500n });
    await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_mastercard', actor: { type: 'system' } }, now);

    const view = await anonymous().hosted.invoice({ token: invoice.hostedToken! });
    expect(view).toMatchObject({
      number: invoice.number,
      status: 'open',
      currency: 'EUR',
      totalMinor: 12_000n,
      amountRemainingMinor: 12_000n,
      canPay: true,
      latestPayment: null,
      receipts: [],
      customer: { name: 'Estudio Token' },
      merchant: { name: 'Nimbus' },
    });
    expect(view.lines).toHaveLength(1);
    expect(view.taxes).toEqual([{ rate: '20', label: expect.any(String), amountMinor: 2_000n }]);
    // No ids to reach anything else: no customer id, no invoice id, no saved method.
    const json = JSON.stringify(view, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
    expect(json).not.toContain(customer.id);
    expect(json).not.toContain(invoice.id);
    expect(json).not.toContain('5555');
    expect(json).not.toContain('55500');
  });

  it('answers NOT_FOUND for an unknown token and a malformed one, the same way', async () => {
    const unknown = await refusal(anonymous().hosted.invoice({ token: randomToken(40) }));
    const malformed = await refusal(anonymous().hosted.invoice({ token: 'not-a-token' }));
    expect(unknown).toEqual({ code: 'NOT_FOUND', message: 'No invoice for this link.' });
    expect(malformed).toEqual(unknown);
    expect((await refusal(anonymous().hosted.paymentForm({ token: randomToken(40), origin: 'http://localhost:3000', locale: 'en' }))).code).toBe('NOT_FOUND');
    expect(
      (await refusal(anonymous().hosted.pay({ token: randomToken(40), gateway: 'stripe', paymentMethodToken: 'pm_card_visa', type: 'card', mandateAccepted: false }))).code,
    ).toBe('NOT_FOUND');
  });

  it('gives the gateway form for the invoice’s currency to anyone holding the link', async () => {
    const { invoice } = await makeOpenInvoice(handle.db, { now });
    const form = await anonymous().hosted.paymentForm({ token: invoice.hostedToken!, origin: 'http://localhost:3000/i/x', locale: 'fr' });
    expect(form).toMatchObject({ gateway: 'stripe', types: expect.arrayContaining(['card', 'sepa_debit']) });
    expect(form!.url).toContain('/elements/payment-method');
  });
});

describe('hosted.pay', () => {
  it('pays that invoice only, saves the method to its customer without making it the default, and refuses to pay it again', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now });
    const { invoice: other } = await makeOpenInvoice(handle.db, { customer, now });

    const paid = await anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: 'pm_card_visa', type: 'card', mandateAccepted: false });
    expect(paid).toMatchObject({ status: 'succeeded', nextActionUrl: null });

    const view = await anonymous().hosted.invoice({ token: invoice.hostedToken! });
    expect(view).toMatchObject({ status: 'paid', amountRemainingMinor: 0n, canPay: false, latestPayment: { status: 'succeeded' } });
    expect(view.receipts).toEqual([expect.objectContaining({ amountMinor: 12_000n, method: expect.objectContaining({ brand: 'visa', last4: '4242' }) })]);
    // The other invoice of the same customer is untouched.
    expect(await anonymous().hosted.invoice({ token: other.hostedToken! })).toMatchObject({ status: 'open', amountRemainingMinor: 12_000n });

    const [row] = await handle.db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(row).toMatchObject({ initiatedBy: 'hosted_page', status: 'succeeded' });
    const saved = await handle.db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customer.id));
    expect(saved).toEqual([expect.objectContaining({ last4: '4242', status: 'active', isDefault: false })]);

    const again = await refusal(anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: 'pm_card_mastercard', type: 'card', mandateAccepted: false }));
    expect(again.code).toBe('CONFLICT');
    expect(await handle.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    // Nothing was saved by the refused attempt.
    expect(await handle.db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customer.id))).toHaveLength(1);
  });

  it('keeps the customer’s default method the default', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const own = await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_mastercard', actor: { type: 'system' } }, now);
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now });
    await anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: 'pm_card_visa', type: 'card', mandateAccepted: false });
    const defaults = await handle.db.select().from(paymentMethods).where(eq(paymentMethods.isDefault, true));
    expect(defaults.filter((method) => method.customerId === customer.id).map((method) => method.id)).toEqual([own.id]);
  });

  it('a declined card leaves the invoice open, says why, and is not kept', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now });
    // Declined when the charge is made (attaching it works): a failed attempt, then the method is removed.
    const declined = await anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: 'pm_card_chargeCustomerFail', type: 'card', mandateAccepted: false });
    expect(declined).toMatchObject({ status: 'failed', declineCode: 'generic_decline', nextActionUrl: null });
    const view = await anonymous().hosted.invoice({ token: invoice.hostedToken! });
    expect(view).toMatchObject({ status: 'open', canPay: true });
    const kept = await handle.db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customer.id));
    expect(kept.filter((method) => method.status === 'active')).toEqual([]);
  });

  it('a SEPA debit needs the mandate, and while it processes nothing charges again', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now });
    // The IBAN goes to the gateway (as the form in the iframe does); Settle gets its token.
    const sepa = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: customer.name, email: customer.email } });
    const withoutMandate = await refusal(anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: sepa.id, type: 'sepa_debit', mandateAccepted: false }));
    expect(withoutMandate.code).toBe('BAD_REQUEST');
    const processing = await anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: sepa.id, type: 'sepa_debit', mandateAccepted: true });
    expect(processing.status).toBe('processing');
    expect(await anonymous().hosted.invoice({ token: invoice.hostedToken! })).toMatchObject({ status: 'open', canPay: false, latestPayment: { status: 'processing' } });
    const second = await anonymous().hosted.pay({ token: invoice.hostedToken!, gateway: 'stripe', paymentMethodToken: 'pm_card_visa', type: 'card', mandateAccepted: false });
    expect(second.status).toBe('processing');
    expect(await handle.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
  });
});

describe('portal.receipts', () => {
  it('lists the customer’s succeeded payments and opens one; another customer’s answers NOT_FOUND like a missing id', async () => {
    const alice = await makeBillingCustomer(handle.db, { name: 'Alice SARL' });
    const bob = await makeBillingCustomer(handle.db, { name: 'Bob SAS' });
    const pay = async (customer: Customer) => {
      const { invoice } = await makeOpenInvoice(handle.db, { customer, now, amountMinor: 5_000n });
      await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_visa', actor: { type: 'system' } }, now);
      return { invoice, payment: (await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'api' }, now)).payment };
    };
    const ofAlice = await pay(alice);
    const ofBob = await pay(bob);
    const asAlice = await customerCaller(alice);

    const { receipts: list, hasMore } = await asAlice.portal.receipts.list();
    expect(hasMore).toBe(false);
    expect(list).toEqual([
      expect.objectContaining({ paymentId: ofAlice.payment.id, amountMinor: 6_000n, currency: 'EUR', invoice: { id: ofAlice.invoice.id, number: ofAlice.invoice.number }, method: expect.objectContaining({ type: 'card', last4: '4242' }) }),
    ]);
    const receipt = await asAlice.portal.receipts.get({ paymentId: ofAlice.payment.id });
    expect(receipt).toMatchObject({ paymentId: ofAlice.payment.id, customer: { name: 'Alice SARL' }, merchant: { name: 'Nimbus' }, amountMinor: 6_000n });

    const others = await refusal(asAlice.portal.receipts.get({ paymentId: ofBob.payment.id }));
    const missing = await refusal(asAlice.portal.receipts.get({ paymentId: 'pay_doesnotexist0000' }));
    expect(others.code).toBe('NOT_FOUND');
    expect(missing.code).toBe('NOT_FOUND');
    expect(others.message.replace(ofBob.payment.id, '<id>')).toBe(missing.message.replace('pay_doesnotexist0000', '<id>'));
    expect((await (await customerCaller(bob)).portal.receipts.list()).receipts).toHaveLength(1);
  });

  it('is for signed-in customers only', async () => {
    expect((await refusal(anonymous().portal.receipts.list())).code).toBe('UNAUTHORIZED');
  });
});
