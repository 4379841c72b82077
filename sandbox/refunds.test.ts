import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFeeMinor } from './payment-intents';
import { createSandbox, type Sandbox } from './server';

const secretKey = 'sk_test_sandbox_refunds';
let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = createSandbox({ secretKey, webhookSecret: 'whsec_unused' });
  const { port } = await sandbox.listen(0);
  stripe = new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

const paidIntent = (amount: number) => stripe.paymentIntents.create({ amount, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });

describe('refunds', () => {
  it('refunds in parts up to the charged amount and refuses more', async () => {
    const intent = await paidIntent(1000);
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 400, reason: 'requested_by_customer' });
    expect(first).toMatchObject({ object: 'refund', amount: 400, status: 'succeeded', payment_intent: intent.id, charge: intent.latest_charge });
    const tooMuch = await stripe.refunds.create({ payment_intent: intent.id, amount: 601 }).catch((caught: unknown) => caught);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });

    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(rest.amount).toBe(600);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
    const again = await stripe.refunds.create({ charge: charge.id, amount: 1 }).catch((caught: unknown) => caught);
    expect(again).toMatchObject({ code: 'charge_already_refunded' });
    expect((await stripe.refunds.retrieve(first.id)).amount).toBe(400);
  });

  it('emits charge.refunded with the updated charge', async () => {
    const intent = await paidIntent(500);
    await stripe.refunds.create({ payment_intent: intent.id, amount: 200 });
    const [refunded] = (await stripe.events.list({ limit: 1 })).data;
    expect(refunded).toMatchObject({ type: 'charge.refunded', data: { object: { id: intent.latest_charge, amount_refunded: 200, refunded: false } } });
  });

  it('refuses to refund an intent that did not succeed', async () => {
    const error = (await stripe.paymentIntents.create({ amount: 500, currency: 'eur', payment_method: 'pm_card_chargeDeclined', confirm: true }).catch((caught: unknown) => caught)) as Stripe.errors.StripeCardError;
    const refused = await stripe.refunds.create({ payment_intent: String(error.payment_intent?.id) }).catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ statusCode: 400, code: 'charge_not_refundable' });
  });

  it('records the fee and the refund as balance transactions', async () => {
    const intent = await paidIntent(2000);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    const chargeTransaction = await stripe.balanceTransactions.retrieve(String(charge.balance_transaction));
    expect(chargeTransaction).toMatchObject({ type: 'charge', amount: 2000, fee: 55, net: 1945 });
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 300 });
    const refundTransaction = await stripe.balanceTransactions.retrieve(String(refund.balance_transaction));
    expect(refundTransaction).toMatchObject({ type: 'refund', amount: -300, fee: 0, net: -300 });
  });
});

describe('sandboxFeeMinor', () => {
  it('is 1.5 % rounded half up, plus 25', () => {
    expect(sandboxFeeMinor(1)).toBe(25);
    expect(sandboxFeeMinor(100)).toBe(27); // 1.5 rounds up to 2
    expect(sandboxFeeMinor(10_000)).toBe(175);
    expect(sandboxFeeMinor(33)).toBe(25); // 0.495 rounds down
  });
});
