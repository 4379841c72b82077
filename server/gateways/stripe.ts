// The Stripe gateway: Settle's Gateway interface over the official SDK. It talks to Stripe, or
// to the sandbox (the same API on another base URL). Money moves only in `charge` (one
// confirmation per idempotency key) and `refund`; everything else reads or saves.
import Stripe from 'stripe';
import type { GatewayConfig } from '../config';
import { verifyStripeWebhook, parseStripeEvent } from './stripe-events';
import { isResourceMissing, isStripeError, isUnknownOutcome, translateStripeError } from './stripe-errors';
import {
  idOf,
  paymentMethodTypeOf,
  stripeAmountOf,
  stripeCurrencyOf,
  stripeTypeOf,
  toGatewayBalanceTransaction,
  toGatewayPayment,
  toGatewayPaymentMethod,
  toGatewayPayout,
  toGatewayRefund,
} from './stripe-mapping';
import { GatewayRequestError, GatewayUnavailableError, type ChargeRequest, type Gateway, type GatewayPayment, type MandateAcceptance, type PaymentMethodType } from './types';

export const realStripeApiBase = 'https://api.stripe.com';

export interface StripeGatewayOptions {
  /** Per request; an answer slower than this is an unknown outcome. Default 20 s. */
  timeoutMs?: number;
  /**
   * The SDK's automatic retries (connection errors, 409, 5xx), which reuse the request's
   * idempotency key and so never repeat an effect. Default 0: Settle's jobs retry with the same
   * keys themselves, and a customer waiting on a payment gets an answer within one timeout.
   * Confirming a payment never retries automatically, whatever this says.
   */
  maxNetworkRetries?: number;
  /** What this gateway may be sent. Default: cards, SEPA debits and wallets. */
  paymentMethodTypes?: readonly PaymentMethodType[];
  /** How often a test clock that is advancing is polled until ready. Default 500 ms. */
  clockPollIntervalMs?: number;
}

const defaultTimeoutMs = 20_000;
const clockPollAttempts = 240;

/** The SDK takes a host, port and protocol rather than a base URL. */
function connectionOf(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiBase);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Gateway apiBase ${apiBase} must be an http(s) URL`);
  if (url.pathname !== '/' || url.search !== '') throw new Error(`Gateway apiBase ${apiBase} must not have a path: the SDK adds /v1/… itself`);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

const isTestKey = (secretKey: string) => /^(sk|rk)_test_/.test(secretKey);

/** The creation half of a charge. Also replayed to find a payment whose id was lost, so it must be a pure function of the request. */
function creationParamsOf(request: ChargeRequest): Stripe.PaymentIntentCreateParams {
  return {
    amount: stripeAmountOf(request.amountMinor),
    currency: stripeCurrencyOf(request.currency),
    customer: request.gatewayCustomerId,
    payment_method: request.gatewayPaymentMethodId,
    // The API version stripe@23.1.0 pins calls it allowed_payment_method_types (was payment_method_types).
    allowed_payment_method_types: [stripeTypeOf(request.paymentMethodType)],
    description: request.description,
    metadata: { settle_payment_id: request.settlePaymentId, settle_invoice_id: request.invoiceId },
  };
}

/** Stripe takes `mandate`, `off_session` and `return_url` only when confirming. */
function confirmationParamsOf(request: ChargeRequest): Stripe.PaymentIntentConfirmParams {
  const params: Stripe.PaymentIntentConfirmParams = {};
  if (request.offSession) params.off_session = true;
  // Without return_url a required challenge would be `use_stripe_sdk` (Stripe.js only); with
  // it, a redirect URL Settle can send the customer to.
  else if (request.returnUrl !== null) params.return_url = request.returnUrl;
  if (request.paymentMethodType === 'sepa_debit' && request.mandateId !== null) params.mandate = request.mandateId;
  return params;
}

function mandateDataOf(mandate: MandateAcceptance): Stripe.SetupIntentCreateParams.MandateData {
  return {
    customer_acceptance: {
      type: 'online',
      accepted_at: Math.floor(mandate.acceptedAt.getTime() / 1000),
      online: { ip_address: mandate.ipAddress, user_agent: mandate.userAgent },
    },
  };
}

const refusal = (message: string, code: string) => new GatewayRequestError(message, { code, declineCode: null, message });

export function createStripeGateway(config: GatewayConfig, options: StripeGatewayOptions = {}): Gateway {
  const stripe = new Stripe(config.secretKey, {
    ...connectionOf(config.apiBase),
    timeout: options.timeoutMs ?? defaultTimeoutMs,
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    telemetry: false,
  });
  const paymentMethodTypes: readonly PaymentMethodType[] = options.paymentMethodTypes ?? ['card', 'sepa_debit', 'wallet'];

  async function call<T>(operation: string, run: () => Promise<T>, refusals: 'request' | 'error' = 'error'): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateStripeError(error, operation, refusals);
    }
  }

  /**
   * The payment as a failed confirmation left it. A decline is an answer, not an error: Stripe
   * sends the intent with the error (an older API version may not, then it is fetched).
   */
  async function paymentAfterRefusedConfirmation(error: unknown, paymentIntentId: string): Promise<GatewayPayment | null> {
    if (!isStripeError(error) || isUnknownOutcome(error)) return null;
    const declined = error instanceof Stripe.errors.StripeCardError;
    // Already confirmed (a retried charge whose first confirmation did go through): its state.
    const alreadyConfirmed = error.code === 'payment_intent_unexpected_state';
    if (!declined && !alreadyConfirmed) return null;
    const intent = error.payment_intent ?? (await call(`the lookup of payment ${paymentIntentId}`, () => stripe.paymentIntents.retrieve(paymentIntentId)));
    return toGatewayPayment(intent);
  }

  // One test clock per gateway instance, moved forward only, one move at a time.
  let testClock: { id: string; frozenTime: number } | null = null;
  let clockQueue: Promise<unknown> = Promise.resolve();

  async function waitForClock(id: string): Promise<void> {
    for (let attempt = 0; attempt < clockPollAttempts; attempt++) {
      const clock = await stripe.testHelpers.testClocks.retrieve(id);
      if (clock.status === 'ready') return;
      if (clock.status === 'internal_failure') throw new Error(`Stripe test clock ${id} failed while advancing`);
      await new Promise((resolve) => setTimeout(resolve, options.clockPollIntervalMs ?? 500));
    }
    throw new GatewayUnavailableError(`Stripe test clock ${id} is still advancing`);
  }

  async function moveClock(to: Date): Promise<void> {
    const target = Math.floor(to.getTime() / 1000);
    if (testClock === null) {
      const created = await stripe.testHelpers.testClocks.create({ frozen_time: target, name: `Settle ${config.id}` });
      testClock = { id: created.id, frozenTime: created.frozen_time };
      return;
    }
    if (target <= testClock.frozenTime) return; // Stripe's clocks never go back; neither does Settle's simulation.
    await stripe.testHelpers.testClocks.advance(testClock.id, { frozen_time: target });
    await waitForClock(testClock.id);
    testClock.frozenTime = target;
  }

  const gateway: Gateway = {
    id: config.id,
    paymentMethodTypes,

    async createCustomer({ settleCustomerId, name, email, idempotencyKey }) {
      const customer = await call(`the creation of customer ${settleCustomerId}`, () =>
        stripe.customers.create(
          { name, email, metadata: { settle_customer_id: settleCustomerId }, ...(testClock ? { test_clock: testClock.id } : {}) },
          { idempotencyKey },
        ),
      );
      return { gatewayCustomerId: customer.id };
    },

    async attachPaymentMethod({ gatewayCustomerId, token, mandate, idempotencyKey }) {
      // The type decides the SetupIntent's parameters; test ids (pm_card_visa) resolve too.
      const source = await call('the lookup of the payment method to save', () => stripe.paymentMethods.retrieve(token), 'request');
      const type = paymentMethodTypeOf(source);
      if (type === null || !paymentMethodTypes.includes(type)) {
        throw refusal(`Gateway ${config.id} does not take ${type ?? source.type} payment methods`, 'payment_method_unsupported');
      }
      if (type === 'sepa_debit' && mandate === null) {
        throw refusal('A SEPA Direct Debit can only be saved with the customer’s mandate acceptance (time, IP address, user agent)', 'mandate_required');
      }
      // A SetupIntent rather than a bare attach: Stripe checks the method with the issuer or
      // bank and records the mandate, so later off-session charges are allowed.
      const setupIntent = await call(
        'saving the payment method',
        () =>
          stripe.setupIntents.create(
            {
              customer: gatewayCustomerId,
              payment_method: token,
              confirm: true,
              usage: 'off_session',
              allowed_payment_method_types: [stripeTypeOf(type)],
              ...(type === 'sepa_debit' && mandate ? { mandate_data: mandateDataOf(mandate) } : {}),
            },
            { idempotencyKey: `${idempotencyKey}:setup` },
          ),
        'request',
      );
      if (setupIntent.status === 'requires_action') {
        // Settle confirms on the server: there is no page to run a challenge on here.
        throw refusal('The bank asks the customer to authenticate this card, which cannot be done while saving it', 'authentication_required');
      }
      if (setupIntent.status !== 'succeeded' && setupIntent.status !== 'processing') {
        const error = setupIntent.last_setup_error;
        throw new GatewayRequestError(`Stripe could not save the payment method (${setupIntent.status})`, {
          code: error?.code ?? setupIntent.status,
          declineCode: error?.decline_code ?? null,
          message: error?.message ?? 'The payment method could not be saved.',
        });
      }
      const savedId = idOf(setupIntent.payment_method);
      if (savedId === null) throw new Error(`Stripe SetupIntent ${setupIntent.id} succeeded without a payment method`);
      const saved = await call('the lookup of the saved payment method', () => stripe.paymentMethods.retrieve(savedId));
      const mandateId = type === 'sepa_debit' ? idOf(setupIntent.mandate) : null;
      const mandateReference =
        mandateId === null ? null : ((await call(`the lookup of mandate ${mandateId}`, () => stripe.mandates.retrieve(mandateId))).payment_method_details.sepa_debit?.reference ?? null);
      return toGatewayPaymentMethod(saved, mandateId === null ? null : { id: mandateId, reference: mandateReference });
    },

    async detachPaymentMethod(gatewayPaymentMethodId) {
      try {
        await stripe.paymentMethods.detach(gatewayPaymentMethodId);
      } catch (error) {
        if (isResourceMissing(error)) return;
        // Detaching twice is refused by Stripe; for Settle it is done either way.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) {
          const current = await call(`the lookup of payment method ${gatewayPaymentMethodId}`, () => stripe.paymentMethods.retrieve(gatewayPaymentMethodId));
          if (current.customer === null) return;
        }
        throw translateStripeError(error, `detaching payment method ${gatewayPaymentMethodId}`);
      }
    },

    async charge(request, onCreated) {
      // Step 1: create without confirming. Nothing can be charged yet, and the id is known.
      const created = await call(`the creation of payment ${request.settlePaymentId}`, () =>
        stripe.paymentIntents.create(creationParamsOf(request), { idempotencyKey: `${request.idempotencyKey}:create` }),
      );
      await onCreated(created.id);
      // Step 2: confirm. Its own key: a retry replays the first answer instead of charging again.
      try {
        const confirmed = await stripe.paymentIntents.confirm(created.id, confirmationParamsOf(request), {
          idempotencyKey: `${request.idempotencyKey}:confirm`,
          maxNetworkRetries: 0,
        });
        return toGatewayPayment(confirmed);
      } catch (error) {
        const payment = await paymentAfterRefusedConfirmation(error, created.id);
        if (payment) return payment;
        throw translateStripeError(error, `the confirmation of payment ${request.settlePaymentId} (${created.id})`);
      }
    },

    async retrievePayment(request, gatewayPaymentId) {
      if (gatewayPaymentId !== null) {
        try {
          return toGatewayPayment(await stripe.paymentIntents.retrieve(gatewayPaymentId));
        } catch (error) {
          if (isResourceMissing(error)) return null;
          throw translateStripeError(error, `the lookup of payment ${gatewayPaymentId}`);
        }
      }
      // The answer to the creation was lost: replaying it with the same key returns the same
      // intent (Stripe keeps keys 24 hours). It never confirms, so it never charges; if the
      // first creation never arrived, this creates it, unconfirmed (requires_confirmation).
      try {
        const intent = await stripe.paymentIntents.create(creationParamsOf(request), { idempotencyKey: `${request.idempotencyKey}:create` });
        return toGatewayPayment(intent);
      } catch (error) {
        // Refused again as it was the first time: there is no payment.
        if (error instanceof Stripe.errors.StripeInvalidRequestError && !(error instanceof Stripe.errors.StripeIdempotencyError)) return null;
        throw translateStripeError(error, `the lookup of payment ${request.settlePaymentId} by its idempotency key`);
      }
    },

    async cancelPayment(gatewayPaymentId) {
      try {
        await stripe.paymentIntents.cancel(gatewayPaymentId);
      } catch (error) {
        if (isStripeError(error) && error.code === 'payment_intent_unexpected_state' && error.payment_intent?.status === 'canceled') return;
        throw translateStripeError(error, `cancelling payment ${gatewayPaymentId}`, 'request');
      }
    },

    async refund(request) {
      const refund = await call(
        `refund ${request.settleRefundId}`,
        () =>
          stripe.refunds.create(
            {
              payment_intent: request.gatewayPaymentId,
              amount: stripeAmountOf(request.amountMinor),
              ...(request.reason ? { reason: request.reason } : {}),
              metadata: { settle_refund_id: request.settleRefundId },
            },
            { idempotencyKey: request.idempotencyKey },
          ),
        'request',
      );
      return toGatewayRefund(refund);
    },

    verifyWebhook(rawBody, signatureHeader, now) {
      return verifyStripeWebhook(stripe.webhooks, config.webhookSecret, rawBody, signatureHeader, now);
    },

    parseEvent(payload) {
      return parseStripeEvent(payload);
    },

    async retrievePayout(gatewayPayoutId) {
      return toGatewayPayout(await call(`the lookup of payout ${gatewayPayoutId}`, () => stripe.payouts.retrieve(gatewayPayoutId)));
    },

    async listPayouts({ limit, startingAfter }) {
      const page = await call('listing payouts', () => stripe.payouts.list({ limit, ...(startingAfter ? { starting_after: startingAfter } : {}) }));
      return { payouts: page.data.map(toGatewayPayout), hasMore: page.has_more };
    },

    async listPayoutTransactions(gatewayPayoutId) {
      // Stripe lists what an automatic payout swept by its id (manual payouts sweep nothing).
      return call(`listing the transactions of payout ${gatewayPayoutId}`, async () => {
        const transactions = [];
        for await (const transaction of stripe.balanceTransactions.list({ payout: gatewayPayoutId, limit: 100 })) transactions.push(toGatewayBalanceTransaction(transaction));
        return transactions;
      });
    },
  };

  // Test clocks exist in test mode only.
  if (isTestKey(config.secretKey)) {
    gateway.advanceClock = (to) => {
      const move = clockQueue.then(() => call('moving the test clock', () => moveClock(to)));
      clockQueue = move.catch(() => undefined);
      return move;
    };
  }

  // The sandbox serves its own card form; real Stripe needs Stripe.js in the page (not
  // available offline), so there is no form URL for it.
  const publishableKey = config.publishableKey;
  if (publishableKey !== null && config.apiBase !== realStripeApiBase) {
    gateway.paymentFormUrl = ({ parentOrigin, locale, types, name, email }) => {
      const url = new URL('/elements/payment-method', config.apiBase);
      url.searchParams.set('key', publishableKey);
      url.searchParams.set('origin', parentOrigin);
      url.searchParams.set('locale', locale);
      url.searchParams.set('types', types.join(','));
      if (name !== undefined) url.searchParams.set('name', name);
      if (email !== undefined) url.searchParams.set('email', email);
      return url.toString();
    };
  }

  return gateway;
}
