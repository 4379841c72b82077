// The Stripe gateway against the sandbox processor over real HTTP, through the official SDK.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '@/sandbox/server';
import { signPayload } from '@/sandbox/webhooks';
import type { GatewayConfig } from '../config';
import { createStripeGateway, realStripeApiBase } from './stripe';
import { toGatewayPaymentMethod } from './stripe-mapping';
import { GatewayRequestError, GatewayUnavailableError, WebhookVerificationError, type ChargeRequest, type Gateway, type GatewayEvent } from './types';

const secretKey = 'sk_test_gateway_unit';
const webhookSecret = 'whsec_gateway_unit';
let sandbox: Sandbox;
let baseUrl: string;
let gateway: Gateway;
let customerId: string;

const configFor = (apiBase: string, overrides: Partial<GatewayConfig> = {}): GatewayConfig => ({ id: 'stripe', secretKey, webhookSecret, publishableKey: null, apiBase, ...overrides });

beforeAll(async () => {
  sandbox = createSandbox({ secretKey, webhookSecret });
  ({ url: baseUrl } = await sandbox.listen(0));
  gateway = createStripeGateway(configFor(baseUrl));
  ({ gatewayCustomerId: customerId } = await gateway.createCustomer({ settleCustomerId: 'cust_main', name: 'Ada Lovelace', email: 'ada@example.com', idempotencyKey: 'customer-main' }));
});

afterAll(async () => {
  await sandbox.close();
});

let sequence = 0;
const runId = Date.now().toString(36);

function chargeRequest(overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  sequence += 1;
  return {
    settlePaymentId: `pay_${sequence}`,
    invoiceId: `inv_${sequence}`,
    gatewayCustomerId: customerId,
    gatewayPaymentMethodId: 'pm_card_visa',
    paymentMethodType: 'card',
    amountMinor: 2500n,
    currency: 'EUR',
    idempotencyKey: `${runId}-attempt-${sequence}`,
    offSession: true,
    returnUrl: null,
    mandateId: null,
    description: `Invoice ${sequence}`,
    ...overrides,
  };
}

const noop = async () => {};
const chargesOf = (paymentIntentId: string) => [...sandbox.store.charges.values()].filter((charge) => charge.payment_intent === paymentIntentId);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('customers', () => {
  it('creates a customer carrying the Settle id, once per idempotency key', async () => {
    const stored = sandbox.store.customers.get(customerId);
    expect(stored).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', metadata: { settle_customer_id: 'cust_main' } });
    const again = await gateway.createCustomer({ settleCustomerId: 'cust_main', name: 'Ada Lovelace', email: 'ada@example.com', idempotencyKey: 'customer-main' });
    expect(again.gatewayCustomerId).toBe(customerId);
  });
});

describe('payment methods', () => {
  it('shows a card by brand, last four, expiry and fingerprint, and never its number', async () => {
    // Saving goes through a SetupIntent, which the sandbox does not serve yet; the display data
    // is checked on the sandbox's own card object.
    const stripe = new Stripe(secretKey, { host: '127.0.0.1', port: Number(new URL(baseUrl).port), protocol: 'http', maxNetworkRetries: 0 });
    const card = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 7, exp_year: 2031, cvc: '314' } });
    const shown = toGatewayPaymentMethod(card, null);
    expect(shown).toEqual({
      gatewayPaymentMethodId: card.id,
      type: 'card',
      brand: 'visa',
      last4: '4242',
      expMonth: 7,
      expYear: 2031,
      fingerprint: expect.stringMatching(/^\w+$/),
      country: 'US',
      walletType: null,
      mandateId: null,
      mandateReference: null,
      bankCode: null,
    });
    expect(JSON.stringify(shown)).not.toMatch(/\d{13,19}/);
    expect(toGatewayPaymentMethod(await stripe.paymentMethods.retrieve('pm_card_visa'), null)).toMatchObject({ brand: 'visa', last4: '4242' });
  });

  it('refuses to save an unknown token with a GatewayRequestError', async () => {
    const error = await rejectionOf(gateway.attachPaymentMethod({ gatewayCustomerId: customerId, token: 'pm_unknown', mandate: null, idempotencyKey: `${runId}-attach-unknown` }));
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).failure.code).toBe('resource_missing');
  });
});

describe('charges', () => {
  it('charges a card in two steps: created (reported through onCreated, not yet charged), then confirmed', async () => {
    const request = chargeRequest({ amountMinor: 4200n, currency: 'usd' });
    const seen: { id: string; status: unknown; charges: number }[] = [];
    const payment = await gateway.charge(request, async (id) => {
      seen.push({ id, status: sandbox.store.paymentIntents.get(id)?.object.status, charges: chargesOf(id).length });
    });
    expect(seen).toEqual([{ id: payment.gatewayPaymentId, status: 'requires_confirmation', charges: 0 }]);
    expect(payment).toEqual({
      gatewayPaymentId: expect.stringMatching(/^pi_/),
      status: 'succeeded',
      amountMinor: 4200n,
      currency: 'USD',
      gatewayChargeId: expect.stringMatching(/^ch_/),
      failure: null,
      nextActionUrl: null,
      settlePaymentId: request.settlePaymentId,
    });
    const stored = sandbox.store.paymentIntents.get(payment.gatewayPaymentId)!.object;
    expect(stored).toMatchObject({ amount: 4200, currency: 'usd', customer: customerId, description: request.description, metadata: { settle_payment_id: request.settlePaymentId, settle_invoice_id: request.invoiceId } });
    expect(chargesOf(payment.gatewayPaymentId)).toHaveLength(1);
  });

  it('never confirms when onCreated fails: the id could not be stored, so nothing is charged', async () => {
    let createdId = '';
    const error = await rejectionOf(
      gateway.charge(chargeRequest(), async (id) => {
        createdId = id;
        throw new Error('database down');
      }),
    );
    expect((error as Error).message).toBe('database down');
    expect(sandbox.store.paymentIntents.get(createdId)?.object.status).toBe('requires_confirmation');
    expect(chargesOf(createdId)).toHaveLength(0);
  });

  const declines: [string, string, string][] = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline'],
  ];
  it.each(declines)('%s is a failed payment (%s / %s), not an exception', async (paymentMethod, code, declineCode) => {
    const payment = await gateway.charge(chargeRequest({ gatewayPaymentMethodId: paymentMethod }), noop);
    expect(payment.status).toBe('failed');
    expect(payment.failure).toEqual({ code, declineCode, message: expect.stringMatching(/.+/) });
    expect(payment.gatewayChargeId).toMatch(/^ch_/);
    expect(chargesOf(payment.gatewayPaymentId).map((charge) => charge.status)).toEqual(['failed']);
  });

  it('on session, a card needing 3-D Secure waits for the challenge; completing it succeeds', async () => {
    const request = chargeRequest({ gatewayPaymentMethodId: 'pm_card_authenticationRequired', offSession: false, returnUrl: 'https://billing.example.com/pay/return' });
    const payment = await gateway.charge(request, noop);
    expect(payment).toMatchObject({ status: 'requires_action', failure: null, nextActionUrl: `${baseUrl}/3ds/${payment.gatewayPaymentId}` });
    const answer = await fetch(`${payment.nextActionUrl}/complete`, { method: 'POST', redirect: 'manual' });
    expect(answer.headers.get('location')).toMatch(/^https:\/\/billing\.example\.com\/pay\/return\?/);
    const after = await gateway.retrievePayment(request, payment.gatewayPaymentId);
    expect(after).toMatchObject({ status: 'succeeded', gatewayChargeId: expect.stringMatching(/^ch_/) });
  });

  it('off session, a card needing 3-D Secure fails with authentication_required', async () => {
    const payment = await gateway.charge(chargeRequest({ gatewayPaymentMethodId: 'pm_card_authenticationRequired' }), noop);
    expect(payment.status).toBe('failed');
    expect(payment.failure?.code).toBe('authentication_required');
    expect(payment.nextActionUrl).toBeNull();
  });

  it('charges once for the same idempotency key, however often it is sent', async () => {
    const request = chargeRequest();
    const intentsBefore = sandbox.store.paymentIntents.size;
    const reported: string[] = [];
    const first = await gateway.charge(request, async (id) => void reported.push(id));
    const second = await gateway.charge(request, async (id) => void reported.push(id));
    expect(second).toEqual(first);
    expect(reported).toEqual([first.gatewayPaymentId, first.gatewayPaymentId]);
    expect(sandbox.store.paymentIntents.size).toBe(intentsBefore + 1);
    expect(chargesOf(first.gatewayPaymentId)).toHaveLength(1);
  });

  it('a decline replayed for the same key is the same failed payment, without a second attempt', async () => {
    const request = chargeRequest({ gatewayPaymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds' });
    const first = await gateway.charge(request, noop);
    const second = await gateway.charge(request, noop);
    expect(second).toEqual(first);
    expect(chargesOf(first.gatewayPaymentId)).toHaveLength(1);
  });
});

describe('when Stripe gives no answer', () => {
  it('a closed port is an unknown outcome (GatewayUnavailableError), and nothing is reported created', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const unreachable = createStripeGateway(configFor(`http://127.0.0.1:${port}`));
    let reported = false;
    const error = await rejectionOf(unreachable.charge(chargeRequest(), async () => void (reported = true)));
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect(reported).toBe(false);
  });

  it('a server that never answers is an unknown outcome once the timeout passes', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = createStripeGateway(configFor(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`), { timeoutMs: 200 });
      const started = Date.now();
      const error = await rejectionOf(slow.retrievePayment(chargeRequest(), 'pi_whatever'));
      expect(error).toBeInstanceOf(GatewayUnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('a 5xx is an unknown outcome; an authentication error is a plain error', async () => {
    const failing = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'api_error', message: 'Something broke.' } }));
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const broken = createStripeGateway(configFor(`http://127.0.0.1:${(failing.address() as AddressInfo).port}`));
      expect(await rejectionOf(broken.charge(chargeRequest(), noop))).toBeInstanceOf(GatewayUnavailableError);
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
    const wrongKey = createStripeGateway(configFor(baseUrl, { secretKey: 'sk_test_wrong_key' }));
    const error = await rejectionOf(wrongKey.charge(chargeRequest(), noop));
    expect(error).not.toBeInstanceOf(GatewayUnavailableError);
    expect(error).not.toBeInstanceOf(GatewayRequestError);
    expect((error as Error).message).toMatch(/Stripe refused .*authentication/i);
  });
});

describe('finding a payment', () => {
  it('without its id, finds the charged payment by the idempotency key and never charges again', async () => {
    const request = chargeRequest();
    const charged = await gateway.charge(request, noop);
    const intentsBefore = sandbox.store.paymentIntents.size;
    const found = await gateway.retrievePayment(request, null);
    expect(found?.gatewayPaymentId).toBe(charged.gatewayPaymentId);
    expect(sandbox.store.paymentIntents.size).toBe(intentsBefore);
    expect(chargesOf(charged.gatewayPaymentId)).toHaveLength(1);
    // The replayed creation answers with the intent as it was created; by id it is current.
    expect((await gateway.retrievePayment(request, charged.gatewayPaymentId))?.status).toBe('succeeded');
  });

  it('without its id, a payment whose creation never arrived comes back unconfirmed; charging it then confirms that one', async () => {
    const request = chargeRequest();
    const found = await gateway.retrievePayment(request, null);
    expect(found).toMatchObject({ status: 'requires_confirmation', failure: null, settlePaymentId: request.settlePaymentId });
    expect(chargesOf(found!.gatewayPaymentId)).toHaveLength(0);
    const charged = await gateway.charge(request, noop);
    expect(charged).toMatchObject({ gatewayPaymentId: found!.gatewayPaymentId, status: 'succeeded' });
    expect(chargesOf(charged.gatewayPaymentId)).toHaveLength(1);
  });

  it('answers null for an unknown id', async () => {
    expect(await gateway.retrievePayment(chargeRequest(), 'pi_does_not_exist')).toBeNull();
  });
});

describe('refunds', () => {
  it('refunds in full, carrying the Settle refund id, once per idempotency key', async () => {
    const payment = await gateway.charge(chargeRequest({ amountMinor: 1999n }), noop);
    const request = { settleRefundId: 'ref_full', gatewayPaymentId: payment.gatewayPaymentId, amountMinor: 1999n, currency: 'EUR', idempotencyKey: `${runId}-refund-full`, reason: 'requested_by_customer' as const };
    const refund = await gateway.refund(request);
    expect(refund).toEqual({ gatewayRefundId: expect.stringMatching(/^re_/), gatewayPaymentId: payment.gatewayPaymentId, status: 'succeeded', amountMinor: 1999n, currency: 'EUR', settleRefundId: 'ref_full' });
    expect(await gateway.refund(request)).toEqual(refund);
    expect([...sandbox.store.refunds.values()].filter((stored) => stored.payment_intent === payment.gatewayPaymentId)).toHaveLength(1);
    expect(sandbox.store.refunds.get(refund.gatewayRefundId)).toMatchObject({ reason: 'requested_by_customer', metadata: { settle_refund_id: 'ref_full' } });
  });

  it('refunds in parts, and refuses more than what remains with a GatewayRequestError', async () => {
    const payment = await gateway.charge(chargeRequest({ amountMinor: 1000n }), noop);
    const refund = (id: string, amountMinor: bigint) => gateway.refund({ settleRefundId: id, gatewayPaymentId: payment.gatewayPaymentId, amountMinor, currency: 'EUR', idempotencyKey: `${runId}-${id}`, reason: null });
    expect(await refund('ref_part_1', 600n)).toMatchObject({ status: 'succeeded', amountMinor: 600n });
    const error = await rejectionOf(refund('ref_part_2', 401n));
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).failure.code).toBe('amount_too_large');
    expect(await refund('ref_part_3', 400n)).toMatchObject({ status: 'succeeded', amountMinor: 400n });
  });
});

describe('webhook verification', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  let body: string;

  beforeAll(async () => {
    const payment = await gateway.charge(chargeRequest(), noop);
    const event = sandbox.store.events.find((stored) => stored.type === 'payment_intent.succeeded' && (stored.data as { object: { id: string } }).object.id === payment.gatewayPaymentId);
    body = JSON.stringify(event, null, 2);
  });

  it('accepts a valid signature and parses the event', () => {
    const event = gateway.verifyWebhook(body, signPayload(body, webhookSecret, nowSeconds - 10), now);
    expect(event.type).toBe('payment_intent.succeeded');
    expect(event.subject).toMatchObject({ kind: 'payment', payment: { status: 'succeeded' } });
  });

  it('accepts a timestamp up to 300 s old and up to 5 s ahead (clock skew)', () => {
    expect(() => gateway.verifyWebhook(body, signPayload(body, webhookSecret, nowSeconds - 300), now)).not.toThrow();
    expect(() => gateway.verifyWebhook(body, signPayload(body, webhookSecret, nowSeconds + 5), now)).not.toThrow();
  });

  const refusals: [string, () => [string, string | null]][] = [
    ['a wrong secret', () => [body, signPayload(body, 'whsec_someone_else', nowSeconds)]],
    ['one changed byte in the body', () => [body.replace('"succeeded"', '"succeedea"'), signPayload(body, webhookSecret, nowSeconds)]],
    ['a missing header', () => [body, null]],
    ['an empty header', () => [body, '']],
    ['a header without a timestamp', () => [body, signPayload(body, webhookSecret, nowSeconds).replace(/^t=\d+,/, '')]],
    ['a stale timestamp (301 s)', () => [body, signPayload(body, webhookSecret, nowSeconds - 301)]],
    ['a future timestamp (+60 s)', () => [body, signPayload(body, webhookSecret, nowSeconds + 60)]],
    ['a future timestamp (+6 s)', () => [body, signPayload(body, webhookSecret, nowSeconds + 6)]],
    ['a signed body that is not JSON', () => ['not json', signPayload('not json', webhookSecret, nowSeconds)]],
    ['a signed JSON body that is not an event', () => ['{"id":"x"}', signPayload('{"id":"x"}', webhookSecret, nowSeconds)]],
  ];
  it.each(refusals)('refuses %s with a WebhookVerificationError', (_case, make) => {
    const [rawBody, header] = make();
    expect(() => gateway.verifyWebhook(rawBody, header, now)).toThrow(WebhookVerificationError);
  });

  it('parses a stored event again to the same result', () => {
    const verified = gateway.verifyWebhook(body, signPayload(body, webhookSecret, nowSeconds), now);
    expect(gateway.parseEvent(JSON.parse(body))).toEqual(verified);
    expect(() => gateway.parseEvent({ hello: 'world' })).toThrow(WebhookVerificationError);
  });
});

describe('webhook deliveries from the sandbox', () => {
  let receiver: Server;
  let delivering: Sandbox;
  const received: { body: string; signature: string | null }[] = [];

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      void readBody(request).then((body) => {
        received.push({ body, signature: (request.headers['stripe-signature'] as string | undefined) ?? null });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    delivering = createSandbox({ secretKey, webhookSecret, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe` });
  });

  afterAll(async () => {
    await delivering.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('delivers events that verify and parse to payments and refunds carrying the Settle ids', async () => {
    const { url } = await delivering.listen(0);
    const other = createStripeGateway(configFor(url));
    const { gatewayCustomerId } = await other.createCustomer({ settleCustomerId: 'cust_hooks', name: 'Grace', email: 'grace@example.com', idempotencyKey: `${runId}-hooks` });
    const paid = await other.charge(chargeRequest({ gatewayCustomerId, settlePaymentId: 'pay_hooked', amountMinor: 800n }), noop);
    await other.charge(chargeRequest({ gatewayCustomerId, settlePaymentId: 'pay_declined', gatewayPaymentMethodId: 'pm_card_chargeDeclinedLostCard' }), noop);
    await other.refund({ settleRefundId: 'ref_hooked', gatewayPaymentId: paid.gatewayPaymentId, amountMinor: 300n, currency: 'EUR', idempotencyKey: `${runId}-hooked-refund`, reason: null });
    await delivering.events.flush();

    const events = received.map(({ body, signature }) => other.verifyWebhook(body, signature, new Date()));
    const byType = (type: string) => events.filter((event) => event.type === type);
    const subjectOf = (event: GatewayEvent | undefined) => event?.subject;

    expect(subjectOf(byType('payment_intent.succeeded')[0])).toEqual({
      kind: 'payment',
      payment: expect.objectContaining({ gatewayPaymentId: paid.gatewayPaymentId, status: 'succeeded', amountMinor: 800n, settlePaymentId: 'pay_hooked' }),
    });
    expect(subjectOf(byType('payment_intent.payment_failed')[0])).toEqual({
      kind: 'payment',
      payment: expect.objectContaining({ status: 'failed', settlePaymentId: 'pay_declined', failure: expect.objectContaining({ declineCode: 'lost_card' }) }),
    });
    expect(subjectOf(byType('refund.created')[0])).toEqual({
      kind: 'refund',
      refund: { gatewayRefundId: expect.stringMatching(/^re_/), gatewayPaymentId: paid.gatewayPaymentId, status: 'succeeded', amountMinor: 300n, currency: 'EUR', settleRefundId: 'ref_hooked' },
    });
    // Carried by refund.created instead; customer and charge events are not acted on.
    for (const type of ['charge.refunded', 'charge.succeeded', 'customer.created', 'payment_intent.created']) {
      expect(byType(type).length).toBeGreaterThan(0);
      expect(byType(type).every((event) => event.subject.kind === 'other')).toBe(true);
    }
  });
});

describe('parsing documented events the sandbox does not send yet', () => {
  const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', object: 'event', type, created: 1_900_000_000, data: { object } });

  it('maps a dispute to its payment and charge, inquiries included', () => {
    const dispute = { id: 'du_1', object: 'dispute', amount: 1500, currency: 'eur', charge: 'ch_1', payment_intent: 'pi_1', reason: 'fraudulent', status: 'warning_needs_response' };
    expect(gateway.parseEvent(event('charge.dispute.created', dispute)).subject).toEqual({
      kind: 'dispute',
      dispute: { gatewayDisputeId: 'du_1', gatewayPaymentId: 'pi_1', gatewayChargeId: 'ch_1', status: 'needs_response', amountMinor: 1500n, currency: 'EUR', reason: 'fraudulent' },
    });
    expect(gateway.parseEvent(event('charge.dispute.closed', { ...dispute, status: 'lost' })).subject).toMatchObject({ dispute: { status: 'lost' } });
  });

  it('maps a payout with its dates', () => {
    const payout = { id: 'po_1', object: 'payout', amount: 98_000, currency: 'usd', status: 'paid', arrival_date: 1_900_086_400, created: 1_900_000_000 };
    expect(gateway.parseEvent(event('payout.paid', payout)).subject).toEqual({
      kind: 'payout',
      payout: { gatewayPayoutId: 'po_1', status: 'paid', amountMinor: 98_000n, currency: 'USD', arrivalDate: new Date(1_900_086_400_000), createdAt: new Date(1_900_000_000_000) },
    });
  });

  it('refuses an event whose object is not what its type says', () => {
    expect(() => gateway.parseEvent(event('payout.paid', { id: 'pi_1', object: 'payment_intent' }))).toThrow(WebhookVerificationError);
  });
});

describe('optional abilities', () => {
  it('offers the sandbox card form only with a publishable key and a non-Stripe base', () => {
    const withKey = createStripeGateway(configFor(baseUrl, { publishableKey: 'pk_test_form' }));
    const url = new URL(withKey.paymentFormUrl!({ parentOrigin: 'http://localhost:3000', locale: 'de', types: ['card', 'sepa_debit', 'wallet'], name: 'Ada L', email: 'ada@example.com' }));
    expect(url.origin + url.pathname).toBe(`${baseUrl}/elements/payment-method`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ key: 'pk_test_form', origin: 'http://localhost:3000', locale: 'de', types: 'card,sepa_debit,wallet', name: 'Ada L', email: 'ada@example.com' });
    expect(gateway.paymentFormUrl).toBeUndefined();
    expect(createStripeGateway(configFor(realStripeApiBase, { publishableKey: 'pk_test_form' })).paymentFormUrl).toBeUndefined();
  });

  it('has a test clock in test mode only', () => {
    expect(gateway.advanceClock).toBeTypeOf('function');
    expect(createStripeGateway(configFor(realStripeApiBase, { secretKey: 'sk_live_abc' })).advanceClock).toBeUndefined();
  });

  it('refuses an apiBase with a path', () => {
    expect(() => createStripeGateway(configFor('http://127.0.0.1:1234/stripe'))).toThrow(/must not have a path/);
  });
});
