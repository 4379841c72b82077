// Drives the sandbox with the official Stripe SDK, as Settle's Stripe gateway will.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnValid } from './cards';
import { createSandbox, type Sandbox } from './server';
import { secretsIn } from './test-support';

const secretKey = 'sk_test_sandbox_unit';
let sandbox: Sandbox;
let stripe: Stripe;
let port: number;
let baseUrl: string;

beforeAll(async () => {
  sandbox = createSandbox({ secretKey, webhookSecret: 'whsec_unused' });
  ({ port, url: baseUrl } = await sandbox.listen(0));
  stripe = new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

async function cardErrorOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeCardError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
  return error as Stripe.errors.StripeCardError;
}

describe('authentication', () => {
  it('refuses a wrong secret key with an AuthenticationError (401)', async () => {
    const wrong = new Stripe('sk_test_wrong', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const error = await wrong.customers.create({ email: 'a@example.com' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(401);
  });

  it('takes the key as the Basic auth user name too, as curl -u sends it', async () => {
    const headers = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
    expect((await fetch(`${baseUrl}/v1/events`, { headers: headers(secretKey) })).status).toBe(200);
    expect((await fetch(`${baseUrl}/v1/events`, { headers: headers('sk_test_wrong') })).status).toBe(401);
    expect((await fetch(`${baseUrl}/v1/events`)).status).toBe(401);
  });
});

describe('customers', () => {
  it('creates and retrieves a customer with metadata', async () => {
    const created = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { account: 'acc_1' } });
    expect(created.id).toMatch(/^cus_/);
    const fetched = await stripe.customers.retrieve(created.id);
    expect(fetched).toMatchObject({ id: created.id, email: 'ada@example.com', name: 'Ada', metadata: { account: 'acc_1' } });
  });

  it('answers 404 resource_missing for an unknown customer', async () => {
    const error = await stripe.customers.retrieve('cus_missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('idempotency', () => {
  it('returns the same intent for the same key, and refuses the key with a different body', async () => {
    const params = { amount: 1500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1' });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1' });
    expect(second.id).toBe(first.id);
    expect([...sandbox.store.paymentIntents.values()].filter((stored) => stored.object.id === first.id)).toHaveLength(1);
    expect([...sandbox.store.charges.values()].filter((charge) => charge.payment_intent === first.id)).toHaveLength(1);
    const error = await stripe.paymentIntents.create({ ...params, amount: 1600 }, { idempotencyKey: 'order-1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('replays a card error for the same key without charging again', async () => {
    const params = { amount: 700, currency: 'eur', payment_method: 'pm_card_chargeDeclined', confirm: true };
    const first = await cardErrorOf(stripe.paymentIntents.create(params, { idempotencyKey: 'declined-1' }));
    const second = await cardErrorOf(stripe.paymentIntents.create(params, { idempotencyKey: 'declined-1' }));
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
  });
});

describe('test payment methods', () => {
  const successes = ['pm_card_visa', 'pm_card_mastercard'];
  it.each(successes)('%s succeeds with a charge and a fee', async (paymentMethod) => {
    const intent = await stripe.paymentIntents.create({ amount: 10_000, currency: 'usd', payment_method: paymentMethod, confirm: true, metadata: { invoice: 'inv_9' } });
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 10_000, metadata: { invoice: 'inv_9' } });
    expect(intent.latest_charge).toMatch(/^ch_/);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, payment_intent: intent.id });
    // 1.5 % of 10 000 plus 25
    expect(sandbox.store.balanceTransactions.get(String(charge.balance_transaction))).toMatchObject({ fee: 175, net: 9825 });
  });

  const declines: [string, string, string | undefined][] = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline'],
  ];
  it.each(declines)('%s is declined with %s / %s', async (paymentMethod, code, declineCode) => {
    const error = await cardErrorOf(stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: paymentMethod, confirm: true }));
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe(code);
    expect(error.decline_code).toBe(declineCode);
    const intent = await stripe.paymentIntents.retrieve(String(error.payment_intent?.id));
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error).toMatchObject({ code, decline_code: declineCode, message: expect.any(String) });
  });

  it('attaches a customer-specific copy, and pm_card_chargeCustomerFail attaches but every charge fails', async () => {
    const customer = await stripe.customers.create({ email: 'b@example.com' });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(visa.id).toMatch(/^pm_/);
    expect(visa.id).not.toBe('pm_card_visa');
    expect(visa.customer).toBe(customer.id);
    expect(visa.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: expect.any(Number), exp_year: expect.any(Number), country: 'US', fingerprint: expect.any(String) });
    expect((await stripe.paymentMethods.retrieve(visa.id)).customer).toBe(customer.id);

    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    const error = await cardErrorOf(stripe.paymentIntents.create({ amount: 900, currency: 'usd', customer: customer.id, payment_method: failing.id, confirm: true, off_session: true }));
    expect(error.decline_code).toBe('generic_decline');
    const paid = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', customer: customer.id, payment_method: visa.id, confirm: true, off_session: true });
    expect(paid.status).toBe('succeeded');
  });

  it('detaches: the method can no longer be charged for that customer, and detaching twice is refused', async () => {
    const customer = await stripe.customers.create({ email: 'd@example.com' });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect((await stripe.paymentMethods.detach(visa.id)).customer).toBeNull();
    const refused = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', customer: customer.id, payment_method: visa.id, confirm: true, off_session: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(await stripe.paymentMethods.detach(visa.id).catch((error: unknown) => error)).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('refuses to attach a card that declines', async () => {
    const customer = await stripe.customers.create({});
    const error = await cardErrorOf(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));
    expect(error.code).toBe('card_declined');
  });

  it('an intent created without confirm waits in requires_confirmation until confirmed', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 300, currency: 'gbp', payment_method: 'pm_card_visa' });
    expect(intent.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(intent.id);
    expect(confirmed.status).toBe('succeeded');
  });
});

describe('card numbers', () => {
  const outcomes: [string, string, string | null, string | undefined][] = [
    ['4242424242424242', 'succeeded', null, undefined],
    ['4000000000000259', 'succeeded', null, undefined],
    ['4000000000000002', 'requires_payment_method', 'card_declined', 'generic_decline'],
    ['4000000000009995', 'requires_payment_method', 'card_declined', 'insufficient_funds'],
    ['4000000000009987', 'requires_payment_method', 'card_declined', 'lost_card'],
    ['4000000000009979', 'requires_payment_method', 'card_declined', 'stolen_card'],
    ['4000000000000069', 'requires_payment_method', 'expired_card', 'expired_card'],
    ['4000000000000127', 'requires_payment_method', 'incorrect_cvc', 'incorrect_cvc'],
    ['4000000000000119', 'requires_payment_method', 'processing_error', 'processing_error'],
    ['4000000000000341', 'requires_payment_method', 'card_declined', 'generic_decline'],
    ['4000002760003184', 'requires_action', null, undefined],
    ['4000002500003155', 'requires_action', null, undefined],
  ];
  it.each(outcomes)('%s → %s (%s %s)', async (number, status, code, declineCode) => {
    const paymentMethod = await stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
    expect(paymentMethod.card).toMatchObject({ last4: number.slice(-4), exp_month: 12, exp_year: 2034 });
    const attempt = stripe.paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: paymentMethod.id, confirm: true, return_url: 'https://merchant.example/return' });
    if (code === null) {
      expect((await attempt).status).toBe(status);
      return;
    }
    const error = await cardErrorOf(attempt);
    expect(error.code).toBe(code);
    expect(error.decline_code).toBe(declineCode);
    expect(error.payment_intent?.status).toBe(status);
  });

  it('refuses a number that fails the Luhn check', async () => {
    const error = await cardErrorOf(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 1, exp_year: 2030, cvc: '1' } }));
    expect(error.code).toBe('incorrect_number');
  });

  it('never stores a full card number anywhere', async () => {
    await stripe.paymentMethods.create({ type: 'card', card: { number: '5555555555554444', exp_month: 3, exp_year: 2031, cvc: '999' } }, { idempotencyKey: 'card-with-key' });
    const json = JSON.stringify(sandbox.store);
    const digitRuns = json.match(/\d{13,19}/g) ?? [];
    expect(digitRuns.filter(luhnValid)).toEqual([]);
    expect(secretsIn(json)).toEqual([]);
    expect(json).not.toContain('5555555555554444');
  });
});

describe('3-D Secure', () => {
  it('completes through the challenge page and redirects to return_url', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 5000, currency: 'eur', payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'https://merchant.example/done' });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('redirect_to_url');
    const challengeUrl = String(intent.next_action?.redirect_to_url?.url);
    expect(challengeUrl).toBe(`${baseUrl}/3ds/${intent.id}`);
    expect(intent.next_action?.redirect_to_url?.return_url).toBe('https://merchant.example/done');

    const page = await (await fetch(challengeUrl)).text();
    const action = /<form method="post" action="([^"]+)"><button type="submit">Complete<\/button>/.exec(page)?.[1];
    expect(action).toBe(`/3ds/${intent.id}/complete`);
    const answer = await fetch(new URL(String(action), baseUrl), { method: 'POST', redirect: 'manual' });
    expect(answer.status).toBe(303);
    const location = new URL(String(answer.headers.get('location')));
    expect(location.origin + location.pathname).toBe('https://merchant.example/done');
    expect(location.searchParams.get('payment_intent')).toBe(intent.id);

    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('succeeded');
    expect(after.latest_charge).toMatch(/^ch_/);
  });

  it('fails through the challenge page', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 5000, currency: 'eur', payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'https://merchant.example/done' });
    await fetch(`${baseUrl}/3ds/${intent.id}/fail`, { method: 'POST', redirect: 'manual' });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  it('off session, a card needing authentication fails with authentication_required', async () => {
    const error = await cardErrorOf(stripe.paymentIntents.create({ amount: 5000, currency: 'eur', payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true }));
    expect(error.code).toBe('authentication_required');
    expect(error.payment_intent?.status).toBe('requires_payment_method');
  });
});

describe('events', () => {
  it('lists events newest first with limit and starting_after', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const page = await stripe.events.list({ limit: 2 });
    expect(page.data.map((event) => event.type)).toEqual(['payment_intent.succeeded', 'charge.succeeded']);
    expect(page.has_more).toBe(true);
    const succeeded = page.data[0]!;
    expect(succeeded).toMatchObject({ object: 'event', livemode: false, api_version: expect.any(String), data: { object: { id: intent.id, status: 'succeeded' } } });
    const next = await stripe.events.list({ limit: 1, starting_after: page.data[1]!.id });
    expect(next.data[0]).toMatchObject({ type: 'payment_intent.created', data: { object: { id: intent.id, status: 'requires_confirmation' } } });
  });
});
