// What happens to a payment after it succeeds: refunds (never more than was paid, however they
// are asked), disputes as the gateway reports them, and payouts that sweep each transaction once.
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { creditNotes, customers, disputes, gatewayBalanceTransactions, invoices, payments, payouts, refunds } from '@/db/schema';
import type { Customer } from '../customers';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../testing/payments';
import { addPaymentMethod } from './methods';
import { payInvoice } from './pay';
import { refundPayment } from './refunds';

let handle: DatabaseHandle;
let gateway: TestGateway;
let stripe: Stripe;
const now = new Date('2026-06-02T10:00:00Z'); // a Tuesday
const actor = { type: 'system' as const };

beforeAll(async () => {
  handle = await createTestDatabase();
  gateway = await startTestGateway({ db: handle.db, now: () => now });
  await gateway.advanceTo(now);
  const base = new URL(gateway.config.apiBase);
  stripe = new Stripe(gateway.config.secretKey, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await handle.close();
});

/** A succeeded payment of `amountMinor` (tax included: the invoice is net amount + 20 % VAT). */
async function paidWith(token: string, netMinor = 10_000n, customer?: Customer) {
  const { invoice } = await makeOpenInvoice(handle.db, { now, amountMinor: netMinor, customer });
  customer ??= (await handle.db.select().from(customers).where(eq(customers.id, invoice.customerId)))[0]!;
  await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token, actor }, now);
  const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
  expect(payment.status).toBe('succeeded');
  await gateway.settled();
  return { invoice, payment };
}

describe('refunds', () => {
  it('refunds partly, several times, each with a credit note, and refuses more than what is left', async () => {
    const { invoice, payment } = await paidWith('pm_card_visa'); // 120.00
    const first = await refundPayment(handle.db, gateway.registry, { paymentId: payment.id, amount: 3000, reason: 'requested_by_customer', actor }, now);
    expect(first).toMatchObject({ status: 'succeeded', amountMinor: 3000n });
    expect(first.gatewayRefundId).toMatch(/^re_/);
    const [note] = await handle.db.select().from(creditNotes).where(eq(creditNotes.id, first.creditNoteId!));
    expect(note).toMatchObject({ invoiceId: invoice.id, reason: 'refund', totalMinor: 3000n, refundedMinor: 3000n, appliedToInvoiceMinor: 0n, creditedToBalanceMinor: 0n, refundId: first.id });
    await refundPayment(handle.db, gateway.registry, { paymentId: payment.id, amount: 5000, actor }, now);
    await expect(refundPayment(handle.db, gateway.registry, { paymentId: payment.id, amount: 4001, actor }, now)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    const rest = await refundPayment(handle.db, gateway.registry, { paymentId: payment.id, actor }, now);
    expect(rest.amountMinor).toBe(4000n);
    await expect(refundPayment(handle.db, gateway.registry, { paymentId: payment.id, actor }, now)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    const [after] = await handle.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after!.amountRefundedMinor).toBe(12_000n);
    // The refunds are money given back: the invoice stays paid.
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe('paid');
  });

  it('ten simultaneous refunds of 60 on a payment of 100 let exactly one through', async () => {
    // A customer outside the EU pays no French VAT: the payment is exactly 100.00.
    const abroad = await makeBillingCustomer(handle.db, { currency: 'USD', address: { line1: '1 Main St', city: 'Austin', postalCode: '78701', state: 'TX', country: 'US' } });
    const { payment } = await paidWith('pm_card_visa', 10_000n, abroad);
    expect(payment.amountMinor).toBe(10_000n);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => refundPayment(handle.db, gateway.registry, { paymentId: payment.id, amount: 6000, actor }, now)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT' });
    expect(await handle.db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(1);
    const atGateway = [...gateway.sandbox.store.refunds.values()].filter((refund) => refund.payment_intent === payment.gatewayPaymentId);
    expect(atGateway).toHaveLength(1);
  });

  it('refuses to refund a payment that did not succeed, and a staff refund above the role’s limit', async () => {
    const { customer, invoice } = await makeOpenInvoice(handle.db, { now });
    await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_chargeCustomerFail', actor }, now);
    const { payment: failed } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, now);
    await expect(refundPayment(handle.db, gateway.registry, { paymentId: failed.id, actor }, now)).rejects.toMatchObject({ code: 'CONFLICT' });
    const { payment } = await paidWith('pm_card_visa');
    await expect(refundPayment(handle.db, gateway.registry, { paymentId: payment.id, amount: 5000, limitMinor: 4999n, actor }, now)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await handle.db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(0);
  });
});

describe('disputes', () => {
  it('a disputed card payment is flagged when the gateway opens the dispute, and the outcome is recorded', async () => {
    const { payment } = await paidWith('pm_card_createDispute');
    const [opened] = await handle.db.select().from(disputes).where(eq(disputes.paymentId, payment.id));
    expect(opened).toMatchObject({ status: 'needs_response', amountMinor: payment.amountMinor, invoiceId: payment.invoiceId });
    expect((await handle.db.select().from(payments).where(eq(payments.id, payment.id)))[0]!.disputeStatus).toBe('needs_response');
    await stripe.disputes.update(opened!.gatewayDisputeId, { evidence: { uncategorized_text: 'winning_evidence' } });
    await gateway.settled();
    const [won] = await handle.db.select().from(disputes).where(eq(disputes.id, opened!.id));
    expect(won).toMatchObject({ status: 'won' });
    expect(won!.closedAt).not.toBeNull();
    expect((await handle.db.select().from(payments).where(eq(payments.id, payment.id)))[0]!.disputeStatus).toBe('won');
  });

  it('an accepted dispute is lost', async () => {
    const { payment } = await paidWith('pm_card_createDispute');
    const [opened] = await handle.db.select().from(disputes).where(eq(disputes.paymentId, payment.id));
    await stripe.disputes.close(opened!.gatewayDisputeId);
    await gateway.settled();
    expect((await handle.db.select().from(disputes).where(eq(disputes.id, opened!.id)))[0]).toMatchObject({ status: 'lost' });
  });
});

describe('payouts', () => {
  it('a paid payout records its balance transactions, tied to Settle’s payments, each in exactly one payout', async () => {
    const first = await paidWith('pm_card_visa');
    const second = await paidWith('pm_card_mastercard');
    const refund = await refundPayment(handle.db, gateway.registry, { paymentId: second.payment.id, amount: 1000, actor }, now);
    await gateway.settled();
    // Two business days later the balance is available and paid out.
    await gateway.advanceTo(new Date(now.getTime() + 2 * 24 * 3600_000));
    await gateway.settled();
    const recorded = await handle.db.select().from(payouts);
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    const paid = recorded.filter((payout) => payout.status === 'paid');
    expect(paid.length).toBeGreaterThanOrEqual(1);
    const transactions = await handle.db.select().from(gatewayBalanceTransactions);
    for (const payout of paid) {
      const swept = transactions.filter((transaction) => transaction.payoutId === payout.id && transaction.type !== 'payout');
      // What a payout pays is the net of what it swept.
      expect(swept.reduce((sum, transaction) => sum + transaction.netMinor, 0n)).toBe(payout.amountMinor);
      expect(payout.reconciledAt).not.toBeNull();
    }
    const ofFirst = transactions.filter((transaction) => transaction.paymentId === first.payment.id && transaction.type === 'charge');
    expect(ofFirst).toHaveLength(1);
    expect(ofFirst[0]!.feeMinor).toBe(BigInt(Math.floor((Number(first.payment.amountMinor) * 15 + 500) / 1000) + 25));
    expect(transactions.filter((transaction) => transaction.refundId === refund.id)).toHaveLength(1);
    const ids = transactions.map((transaction) => transaction.gatewayTransactionId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
