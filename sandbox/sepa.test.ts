// SEPA Direct Debit through the official SDK: IBAN validation, mandates, SetupIntents, and
// debits that stay processing for business days of sandbox time (moved by test clocks).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ibanChecksumValid, testIbans } from './iban';
import { days, monday, onlineMandate, secretsIn, startSandbox, type Started } from './test-support';

let started: Started;
let stripe: Stripe;
let now = monday();
let advance: (toMs: number) => Promise<unknown>;

beforeAll(async () => {
  started = await startSandbox();
  stripe = started.stripe;
  const clock = await started.clock(now);
  advance = async (toMs) => {
    now = toMs;
    return clock.advance(toMs);
  };
});

afterAll(async () => {
  await started.sandbox.close();
});

const sepaMethod = (iban: string) =>
  stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } });

async function debit(iban: string, amount = 10_000): Promise<Stripe.PaymentIntent> {
  const paymentMethod = await sepaMethod(iban);
  return stripe.paymentIntents.create({ amount, currency: 'eur', allowed_payment_method_types: ['sepa_debit'], payment_method: paymentMethod.id, confirm: true, mandate_data: onlineMandate });
}

describe('SEPA payment methods', () => {
  it('lists only test IBANs that pass the mod-97 check', () => {
    for (const iban of Object.keys(testIbans)) expect(ibanChecksumValid(iban), iban).toBe(true);
    expect(ibanChecksumValid('DE89370400440532013001')).toBe(false);
  });

  it('keeps bank code, branch code, country, last4 and a letters-only fingerprint', async () => {
    const paymentMethod = await sepaMethod('FR14 2004 1010 0505 0001 3M02 606');
    expect(paymentMethod).toMatchObject({ type: 'sepa_debit', billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } });
    expect(paymentMethod.sepa_debit).toMatchObject({ bank_code: '20041', branch_code: '01005', country: 'FR', last4: '2606', fingerprint: expect.stringMatching(/^[A-Za-z]{16}$/) });
    const again = await sepaMethod('FR1420041010050500013M02606');
    expect(again.sepa_debit?.fingerprint).toBe(paymentMethod.sepa_debit?.fingerprint);
  });

  it('refuses an IBAN whose checksum fails, on sepa_debit[iban]', async () => {
    const error = await sepaMethod('DE89370400440532013001').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: 'sepa_debit[iban]' });
  });

  it('requires the account holder name and e-mail address', async () => {
    const noName = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { email: 'a@example.com' } }).catch((caught: unknown) => caught);
    expect(noName).toMatchObject({ param: 'billing_details[name]' });
    const noEmail = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: 'A' } }).catch((caught: unknown) => caught);
    expect(noEmail).toMatchObject({ param: 'billing_details[email]' });
  });
});

describe('SEPA debits', () => {
  it('refuses to debit without a mandate', async () => {
    const paymentMethod = await sepaMethod('DE89370400440532013000');
    const error = await stripe.paymentIntents.create({ amount: 500, currency: 'eur', payment_method: paymentMethod.id, allowed_payment_method_types: ['sepa_debit'], confirm: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ param: 'mandate_data' });
  });

  it('refuses SEPA in another currency than euro', async () => {
    const paymentMethod = await sepaMethod('DE89370400440532013000');
    const error = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: paymentMethod.id, confirm: true, mandate_data: onlineMandate }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ param: 'currency' });
  });

  it('stays processing for three business days, then succeeds with its fee (0.8 %, at most 5.00)', async () => {
    const start = now;
    const intent = await debit('DE89370400440532013000', 10_000);
    expect(intent.status).toBe('processing');
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ status: 'pending', paid: false, balance_transaction: null });
    const mandateId = (charge.payment_method_details?.sepa_debit as { mandate?: string } | undefined)?.mandate;
    const mandate = await stripe.mandates.retrieve(String(mandateId));
    expect(mandate).toMatchObject({ status: 'active', type: 'multi_use', payment_method: intent.payment_method, customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7' } } });
    expect(mandate.payment_method_details.sepa_debit).toMatchObject({ reference: expect.stringMatching(/^SANDBOX-[A-Z]{12}$/), url: expect.stringContaining(`/mandates/${String(mandateId)}`) });

    await advance(start + days(2));
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('processing');
    await advance(start + days(3));
    const settled = await stripe.paymentIntents.retrieve(intent.id);
    expect(settled.status).toBe('succeeded');
    const paid = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(paid).toMatchObject({ status: 'succeeded', paid: true });
    expect(await stripe.balanceTransactions.retrieve(String(paid.balance_transaction))).toMatchObject({ amount: 10_000, fee: 80, net: 9920, type: 'charge' });
    const types = (await stripe.events.list({ limit: 100 })).data.filter((event) => (event.data.object as { id: string }).id === intent.id).map((event) => event.type);
    expect(types.reverse()).toEqual(['payment_intent.created', 'payment_intent.processing', 'payment_intent.succeeded']);
  });

  it('skips weekends: a debit confirmed on Thursday settles on Tuesday', async () => {
    const thursday = now + ((4 - new Date(now).getUTCDay() + 7) % 7 || 7) * days(1);
    await advance(thursday);
    const intent = await debit('AT611904300234573201');
    await advance(thursday + days(4)); // Monday: Friday and Monday are two business days
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('processing');
    await advance(thursday + days(5)); // Tuesday
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  const outcomes = Object.entries(testIbans).map(([iban, { outcome }]) => [iban, outcome] as const);
  it.each(outcomes)('%s %s', async (iban, outcome) => {
    const intent = await debit(iban, 2_000);
    expect(intent.status).toBe('processing');
    await advance(now + days(7));
    const after = await stripe.paymentIntents.retrieve(intent.id);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    if (outcome === 'fails') {
      expect(after.status).toBe('requires_payment_method');
      expect(after.last_payment_error).toMatchObject({ code: 'insufficient_funds', message: expect.any(String) });
      expect(charge).toMatchObject({ status: 'failed', failure_code: 'insufficient_funds', balance_transaction: null });
      return;
    }
    expect(after.status).toBe('succeeded');
    expect(charge.status).toBe('succeeded');
    const disputes = await stripe.disputes.list({ charge: charge.id });
    if (outcome === 'disputed') expect(disputes.data[0]).toMatchObject({ reason: 'general', amount: 2_000, status: 'needs_response' });
    else expect(disputes.data).toEqual([]);
  });

  it('publishes charge.failed and payment_intent.payment_failed for a returned debit', async () => {
    const intent = await debit('DE62370400440532013001');
    await advance(now + days(7));
    const events = (await stripe.events.list({ limit: 100 })).data;
    expect(events.find((event) => event.type === 'payment_intent.payment_failed' && (event.data.object as Stripe.PaymentIntent).id === intent.id)).toBeDefined();
    expect(events.find((event) => event.type === 'charge.failed' && (event.data.object as Stripe.Charge).payment_intent === intent.id)).toBeDefined();
  });
});

describe('SetupIntents', () => {
  it('saves a SEPA account with a mandate that later debits use off session', async () => {
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    const paymentMethod = await sepaMethod('DE89370400440532013000');
    const setup = await stripe.setupIntents.create({ customer: customer.id, payment_method: paymentMethod.id, allowed_payment_method_types: ['sepa_debit'], confirm: true, mandate_data: onlineMandate });
    expect(setup).toMatchObject({ object: 'setup_intent', status: 'succeeded', usage: 'off_session', customer: customer.id, mandate: expect.stringMatching(/^mandate_/) });
    const saved = await stripe.paymentMethods.retrieve(String(setup.payment_method));
    expect(saved.customer).toBe(customer.id);
    expect((await stripe.mandates.retrieve(String(setup.mandate))).payment_method).toBe(saved.id);
    expect((await stripe.setupIntents.retrieve(setup.id)).status).toBe('succeeded');

    const intent = await stripe.paymentIntents.create({ amount: 700, currency: 'eur', customer: customer.id, payment_method: saved.id, confirm: true, off_session: true });
    expect(intent.status).toBe('processing');
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge.payment_method_details?.sepa_debit).toMatchObject({ mandate: setup.mandate, last4: '3000' });
    const byId = await stripe.paymentIntents.create({ amount: 700, currency: 'eur', customer: customer.id, payment_method: saved.id, confirm: true, mandate: String(setup.mandate) });
    expect(byId.status).toBe('processing');
  });

  it('refuses a SEPA setup without mandate data', async () => {
    const paymentMethod = await sepaMethod('DE89370400440532013000');
    const error = await stripe.setupIntents.create({ payment_method: paymentMethod.id, allowed_payment_method_types: ['sepa_debit'], confirm: true }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ param: 'mandate_data' });
  });

  it('confirms in two steps and attaches a card, sending setup_intent.created and setup_intent.succeeded', async () => {
    const customer = await stripe.customers.create({});
    const setup = await stripe.setupIntents.create({ customer: customer.id, metadata: { account: 'acc_1' } });
    expect(setup.status).toBe('requires_payment_method');
    const confirmed = await stripe.setupIntents.confirm(setup.id, { payment_method: 'pm_card_authenticationRequired', return_url: 'https://merchant.example/back' });
    expect(confirmed).toMatchObject({ status: 'succeeded', metadata: { account: 'acc_1' } });
    expect((await stripe.paymentMethods.retrieve(String(confirmed.payment_method))).customer).toBe(customer.id);
    const types = (await stripe.events.list({ limit: 5 })).data.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['setup_intent.succeeded', 'payment_method.attached']);
  });

  it('refuses a declining card with a card_error and setup_intent.setup_failed', async () => {
    const customer = await stripe.customers.create({});
    const error = (await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true }).catch((caught: unknown) => caught)) as Stripe.errors.StripeCardError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.code).toBe('card_declined');
    const [failed] = (await stripe.events.list({ limit: 1 })).data;
    expect(failed).toMatchObject({ type: 'setup_intent.setup_failed', data: { object: { status: 'requires_payment_method', last_setup_error: { code: 'card_declined' } } } });
    const attachesButFails = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeCustomerFail', confirm: true });
    expect(attachesButFails.status).toBe('succeeded');
  });
});

describe('storage', () => {
  it('keeps no full IBAN or card number anywhere', () => {
    const json = JSON.stringify(started.sandbox.store);
    expect(secretsIn(json)).toEqual([]);
    for (const iban of Object.keys(testIbans)) expect(json).not.toContain(iban);
  });

  it('the audit itself finds an IBAN or a card number when one is there', () => {
    expect(secretsIn('{"x":"DE89370400440532013000"}')).toEqual(['DE89370400440532013000']);
    expect(secretsIn('{"x":"4242424242424242"}')).toEqual(['4242424242424242']);
  });
});
