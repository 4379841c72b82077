// /v1 payment methods, payments, refunds and payouts, through the real API pipeline and the real
// Stripe gateway talking to the in-process sandbox processor over HTTP. No mocks: what the API
// answers is checked against what the sandbox saw and what the books now hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { setGatewaysForTesting } from '../gateways';
import { checkInvariants } from '../invariants';
import { applyGatewayPayout } from '../payments/payouts';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../testing/payments';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
let apiKeyId: string;
let gateway: TestGateway;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  apiKeyId = setup.apiKeyId;
  call = apiClient(handle, { secret: setup.secret, logError: (message, error) => console.error(message, error) });
  gateway = await startTestGateway();
  setGatewaysForTesting(gateway.registry);
});
afterAll(async () => {
  setGatewaysForTesting(null);
  await gateway.close();
  await handle.close();
});

/** A customer with a saved card (the default) and an open invoice of 120.00 EUR (100.00 + 20 % VAT). */
async function customerWithCard(token = 'pm_card_visa') {
  const { customer, invoice } = await makeOpenInvoice(handle.db, { now: testNow, amountMinor: 10_000n });
  const method = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token } });
  expect(method.status).toBe(201);
  return { customer, invoice, method: method.body };
}

const intentsFor = (amount: number) => [...gateway.sandbox.store.paymentIntents.values()].filter((intent) => intent.object.amount === amount);

describe('/v1/customers/{id}/payment-methods', () => {
  it('saves a card through the gateway, shows its display data only, and makes the first one the default', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const saved = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: 'pm_card_visa' } });
    expect(saved.status).toBe(201);
    expect(saved.body).toEqual({
      id: expect.stringMatching(/^pmeth_/),
      customerId: customer.id,
      gateway: 'stripe',
      type: 'card',
      brand: 'visa',
      last4: '4242',
      expMonth: expect.any(Number),
      expYear: expect.any(Number),
      fingerprint: expect.any(String),
      country: expect.any(String),
      walletType: null,
      mandateReference: null,
      isDefault: true,
      status: 'active',
      createdAt: testNow.toISOString(),
    });
    // The card number never crosses the API.
    expect(JSON.stringify(saved.body)).not.toContain('4242424242424242');

    // A second card does not take over the default unless asked; then exactly one is the default.
    const second = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: 'pm_card_mastercard', makeDefault: true } });
    expect(second.body).toMatchObject({ brand: 'mastercard', last4: '4444', isDefault: true });
    const listed = await call('GET', `/v1/customers/${customer.id}/payment-methods`);
    expect(listed.body.data.map((method: { id: string; isDefault: boolean }) => [method.id, method.isDefault])).toEqual([
      [second.body.id, true],
      [saved.body.id, false],
    ]);

    const back = await call('POST', `/v1/customers/${customer.id}/payment-methods/${saved.body.id}/default`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: saved.body.id, isDefault: true });
    const after = await call('GET', `/v1/customers/${customer.id}/payment-methods`);
    expect(after.body.data.filter((method: { isDefault: boolean }) => method.isDefault).map((method: { id: string }) => method.id)).toEqual([saved.body.id]);
  });

  it('records the API key as the actor of the change', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const saved = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: 'pm_card_visa' } });
    const audit = await handle.db.query.auditLog.findFirst({ where: (row, { and, eq }) => and(eq(row.subjectId, saved.body.id), eq(row.action, 'payment_method.add')) });
    expect(audit).toMatchObject({ actorType: 'api_key', actorId: apiKeyId });
  });

  it('removes a method: it leaves the list and the answer says removed', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const saved = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: 'pm_card_visa' } });
    const removed = await call('DELETE', `/v1/customers/${customer.id}/payment-methods/${saved.body.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: saved.body.id, status: 'removed', isDefault: false });
    expect((await call('GET', `/v1/customers/${customer.id}/payment-methods`)).body.data).toEqual([]);
    // Removed is gone: neither removable again nor usable as the default.
    expect((await call('POST', `/v1/customers/${customer.id}/payment-methods/${saved.body.id}/default`)).status).toBe(404);
  });

  it('refuses to remove a method the customer does not have, before asking the gateway', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const other = await makeBillingCustomer(handle.db);
    const saved = await call('POST', `/v1/customers/${other.id}/payment-methods`, { body: { token: 'pm_card_visa' } });
    const removed = await call('DELETE', `/v1/customers/${customer.id}/payment-methods/${saved.body.id}`);
    expect(removed.status).toBe(404);
    expect(removed.body.error.param).toBe('paymentMethodId');
    expect((await call('GET', `/v1/customers/${other.id}/payment-methods`)).body.data).toMatchObject([{ id: saved.body.id, status: 'active' }]);
  });

  it('refuses a card the issuer declines, a malformed token, and an unknown customer', async () => {
    const customer = await makeBillingCustomer(handle.db);
    const declined = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: 'pm_card_chargeDeclined' } });
    expect(declined.status).toBe(402);
    expect(declined.body.error.code).toBe('PAYMENT_DECLINED');
    expect((await call('GET', `/v1/customers/${customer.id}/payment-methods`)).body.data).toEqual([]);

    const malformed = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: '4242 4242 4242 4242' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'token' });

    const unknown = await call('POST', '/v1/customers/cus_nobody/payment-methods', { body: { token: 'pm_card_visa' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.param).toBe('id');
    expect((await call('GET', '/v1/customers/cus_nobody/payment-methods')).status).toBe(404);
  });
});

describe('POST /v1/invoices/{id}/pay', () => {
  it('charges the default card and pays the invoice', async () => {
    const { customer, invoice, method } = await customerWithCard();
    const paid = await call('POST', `/v1/invoices/${invoice.id}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({
      id: expect.stringMatching(/^pay_/),
      invoiceId: invoice.id,
      customerId: customer.id,
      attempt: 1,
      gateway: 'stripe',
      paymentMethodId: method.id,
      initiatedBy: 'api',
      amount: 12_000,
      currency: 'EUR',
      status: 'succeeded',
      failureCode: null,
      declineCode: null,
      failureMessage: null,
      nextActionUrl: null,
      amountRefunded: 0,
      overpaid: 0,
      disputeStatus: null,
      createdAt: testNow.toISOString(),
      settledAt: testNow.toISOString(),
    });
    expect((await call('GET', `/v1/invoices/${invoice.id}`)).body).toMatchObject({ status: 'paid', amountPaid: 12_000, amountRemaining: 0 });
    expect((await call('GET', `/v1/payments/${paid.body.id}`)).body).toEqual(paid.body);
    expect((await call('GET', `/v1/payments?invoiceId=${invoice.id}`)).body).toEqual({ data: [paid.body], hasMore: false, nextCursor: null });

    // Nothing left to pay.
    const again = await call('POST', `/v1/invoices/${invoice.id}/pay`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'INVOICE_NOT_OPEN', param: 'id' });
  });

  it('answers a decline as a failed payment (200) with the decline reason, and leaves the invoice open', async () => {
    const { invoice } = await customerWithCard('pm_card_chargeCustomerFail');
    const declined = await call('POST', `/v1/invoices/${invoice.id}/pay`);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'failed', failureCode: 'card_declined', declineCode: expect.any(String), failureMessage: expect.any(String), settledAt: expect.any(String) });
    expect((await call('GET', `/v1/invoices/${invoice.id}`)).body).toMatchObject({ status: 'open', amountPaid: 0, amountRemaining: 12_000 });
  });

  it('pays with another saved method when named, as the next attempt', async () => {
    const { customer, invoice } = await customerWithCard('pm_card_chargeCustomerFail');
    expect((await call('POST', `/v1/invoices/${invoice.id}/pay`)).body.status).toBe('failed');
    const visa = await call('POST', `/v1/customers/${customer.id}/payment-methods`, { body: { token: 'pm_card_visa' } });
    const paid = await call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paymentMethodId: visa.body.id } });
    expect(paid.body).toMatchObject({ status: 'succeeded', attempt: 2, paymentMethodId: visa.body.id });
    const attempts = await call('GET', `/v1/payments?invoiceId=${invoice.id}`);
    // Both attempts were made at the same (fixed) test time: newest first cannot order them here.
    expect(attempts.body.data.map((payment: { attempt: number; status: string }) => [payment.attempt, payment.status]).sort()).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
  });

  it('refuses a customer without a payment method (422) and an unknown method or invoice (404)', async () => {
    const { invoice } = await makeOpenInvoice(handle.db, { now: testNow });
    const none = await call('POST', `/v1/invoices/${invoice.id}/pay`);
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('NO_PAYMENT_METHOD');
    const unknownMethod = await call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paymentMethodId: 'pmeth_nope' } });
    expect(unknownMethod.status).toBe(404);
    expect(unknownMethod.body.error.param).toBe('paymentMethodId');
    const unknownInvoice = await call('POST', '/v1/invoices/in_nope/pay');
    expect(unknownInvoice.status).toBe(404);
    expect(unknownInvoice.body.error.param).toBe('id');
  });

  it('charges once for one Idempotency-Key, and replays the same payment', async () => {
    const { invoice } = await makeOpenInvoice(handle.db, { now: testNow, amountMinor: 4_321n });
    const methods = await call('POST', `/v1/customers/${invoice.customerId}/payment-methods`, { body: { token: 'pm_card_visa' } });
    expect(methods.status).toBe(201);
    const first = await call('POST', `/v1/invoices/${invoice.id}/pay`, { idempotencyKey: `pay-${invoice.id}` });
    const replay = await call('POST', `/v1/invoices/${invoice.id}/pay`, { idempotencyKey: `pay-${invoice.id}` });
    expect(first.body.status).toBe('succeeded');
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    // 43.21 + 20 % VAT: one PaymentIntent at the processor.
    expect(intentsFor(5_185)).toHaveLength(1);
  });
});

describe('/v1/refunds', () => {
  it('refunds part, then the rest, never more; each succeeded refund has a credit note', async () => {
    const { invoice } = await customerWithCard();
    const payment = (await call('POST', `/v1/invoices/${invoice.id}/pay`)).body;
    const part = await call('POST', '/v1/refunds', { body: { paymentId: payment.id, amount: 2_000, reason: 'requested_by_customer', memo: 'Late delivery' } });
    expect(part.status).toBe(201);
    expect(part.body).toEqual({
      id: expect.stringMatching(/^rf_/),
      paymentId: payment.id,
      invoiceId: invoice.id,
      amount: 2_000,
      currency: 'EUR',
      status: 'succeeded',
      reason: 'requested_by_customer',
      memo: 'Late delivery',
      creditNoteId: expect.any(String),
      failureMessage: null,
      createdAt: testNow.toISOString(),
    });
    const tooMuch = await call('POST', '/v1/refunds', { body: { paymentId: payment.id, amount: 10_001 } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_PAYMENT');

    const rest = await call('POST', '/v1/refunds', { body: { paymentId: payment.id } });
    expect(rest.body).toMatchObject({ amount: 10_000, status: 'succeeded' });
    expect((await call('GET', `/v1/payments/${payment.id}`)).body.amountRefunded).toBe(12_000);
    const listed = await call('GET', `/v1/refunds?paymentId=${payment.id}`);
    expect(listed.body.data.map((refund: { amount: number }) => refund.amount).sort()).toEqual([10_000, 2_000].sort());
    const credited = await call('GET', `/v1/credit-notes?invoiceId=${invoice.id}`);
    expect(credited.body.data.map((note: { refundId: string }) => note.refundId).sort()).toEqual([part.body.id, rest.body.id].sort());

    const nothingLeft = await call('POST', '/v1/refunds', { body: { paymentId: payment.id } });
    expect(nothingLeft.status).toBe(422);
  });

  it('refuses a failed payment (409) and an unknown one (404)', async () => {
    const { invoice } = await customerWithCard('pm_card_chargeCustomerFail');
    const failed = (await call('POST', `/v1/invoices/${invoice.id}/pay`)).body;
    expect((await call('POST', '/v1/refunds', { body: { paymentId: failed.id } })).body.error.code).toBe('CONFLICT');
    const unknown = await call('POST', '/v1/refunds', { body: { paymentId: 'pay_nope' } });
    expect(unknown.status).toBe(404);
  });
});

describe('/v1/payouts', () => {
  it('lists payouts and shows one with the balance transactions of the payments it swept', async () => {
    const { invoice } = await makeOpenInvoice(handle.db, { now: testNow, amountMinor: 7_000n });
    await call('POST', `/v1/customers/${invoice.customerId}/payment-methods`, { body: { token: 'pm_card_visa' } });
    const payment = (await call('POST', `/v1/invoices/${invoice.id}/pay`)).body;
    expect(payment.status).toBe('succeeded');

    // The processor pays out on the next business days; then Settle records what each payout
    // swept, as the payout webhook would make it do.
    gateway.sandbox.advanceTo(Date.now() + 10 * 24 * 3600_000);
    const stripe = gateway.registry.get('stripe');
    const { payouts } = await stripe.listPayouts({ limit: 100 });
    expect(payouts.length).toBeGreaterThan(0);
    for (const payout of payouts) await handle.db.transaction((tx) => applyGatewayPayout(tx, stripe, payout, testNow));

    const listed = await call('GET', '/v1/payouts');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(payouts.length);
    expect(listed.body.data[0]).toEqual({
      id: expect.stringMatching(/^po_/),
      gateway: 'stripe',
      amount: expect.any(Number),
      currency: 'EUR',
      status: expect.any(String),
      arrivalDate: expect.any(String),
      reconciledAt: expect.toBeOneOf([null, expect.any(String)]),
      createdAt: testNow.toISOString(),
    });
    const details = await Promise.all(listed.body.data.map((payout: { id: string }) => call('GET', `/v1/payouts/${payout.id}`)));
    const transactions = details.flatMap((detail) => detail.body.transactions);
    const charge = transactions.find((transaction: { paymentId: string | null }) => transaction.paymentId === payment.id);
    // 84.00 charged; the sandbox's fee is 1.5 % + 0.25.
    expect(charge).toMatchObject({ type: 'charge', amount: 8_400, fee: 151, net: 8_249, currency: 'EUR', refundId: null, disputeId: null });
    const paid = details.find((detail) => detail.body.transactions.includes(charge));
    expect(paid!.body).toMatchObject({ status: 'paid', reconciledAt: testNow.toISOString() });
    expect((await call('GET', '/v1/payouts/po_nope')).status).toBe(404);
  });
});

describe('the books after all of the above', () => {
  it('keep every invariant', async () => {
    expect(await checkInvariants(handle.db)).toEqual([]);
  });
});
