// PaymentIntents and the charges they make: creation, confirmation with a test card's outcome,
// and the 3-D Secure challenge that moves an intent out of requires_action.
import { authenticationRequiredDecline, type CardBehaviour } from './cards';
import { getCustomer } from './customers';
import { SandboxError, booleanParam, integerParam, invalidParam, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import { declineError, resolvePaymentMethod } from './payment-methods';
import { randomToken, type SandboxStore, type StoredPaymentIntent, type StripeObject } from './store';
import type { EventPublisher } from './webhooks';

export interface RequestContext {
  /** Where this sandbox is reachable from the caller, for the challenge page URL. */
  publicBaseUrl: string;
  idempotencyKey: string | null;
}

/** Stripe's fee on a card charge in the sandbox: 1.5 % (rounded half up) plus 25 minor units. */
export function sandboxFeeMinor(amountMinor: number): number {
  return Math.floor((amountMinor * 15 + 500) / 1000) + 25;
}

export function getPaymentIntent(store: SandboxStore, id: string): StoredPaymentIntent {
  const stored = store.paymentIntents.get(id);
  if (!stored) throw resourceMissing('payment_intent', id);
  return stored;
}

export function createPaymentIntent(store: SandboxStore, events: EventPublisher, params: FormParams, context: RequestContext): StripeObject {
  const amount = integerParam(params, 'amount');
  if (amount === undefined) throw invalidParam('amount', 'Missing required param: amount.');
  if (amount < 1) throw invalidParam('amount', 'Amount must be at least 1 minor unit.');
  const currency = stringParam(params, 'currency')?.toLowerCase();
  if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', 'Missing or invalid param: currency.');
  const customer = stringParam(params, 'customer') ?? null;
  if (customer !== null) getCustomer(store, customer, 'customer');
  const paymentMethodId = stringParam(params, 'payment_method');
  const paymentMethod = paymentMethodId === undefined ? null : resolvePaymentMethod(store, paymentMethodId);
  if (paymentMethod && paymentMethod.object.customer !== null && paymentMethod.object.customer !== customer) {
    throw invalidParam('payment_method', 'The provided PaymentMethod belongs to another customer.');
  }
  const id = store.newId('pi');
  const intent: StripeObject = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomToken(24)}`,
    confirmation_method: 'automatic',
    created: store.nowSeconds(),
    currency,
    customer,
    description: stringParam(params, 'description') ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: metadataParam(params),
    next_action: null,
    payment_method: paymentMethod?.object.id ?? null,
    payment_method_types: ['card'],
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
  };
  const stored: StoredPaymentIntent = { object: intent, returnUrl: null };
  store.paymentIntents.set(id, stored);
  events.publish('payment_intent.created', intent, context);
  if (booleanParam(params, 'confirm')) return confirm(store, events, stored, params, context);
  return intent;
}

export function confirmPaymentIntent(store: SandboxStore, events: EventPublisher, id: string, params: FormParams, context: RequestContext): StripeObject {
  const stored = getPaymentIntent(store, id);
  const paymentMethodId = stringParam(params, 'payment_method');
  if (paymentMethodId !== undefined) stored.object.payment_method = resolvePaymentMethod(store, paymentMethodId).object.id;
  return confirm(store, events, stored, params, context);
}

function confirm(store: SandboxStore, events: EventPublisher, stored: StoredPaymentIntent, params: FormParams, context: RequestContext): StripeObject {
  const intent = stored.object;
  if (intent.status !== 'requires_confirmation' && intent.status !== 'requires_payment_method') {
    throw new SandboxError('invalid_request_error', `This PaymentIntent's status is ${String(intent.status)} and cannot be confirmed.`, {
      code: 'payment_intent_unexpected_state',
      extra: { payment_intent: intent },
    });
  }
  if (intent.payment_method === null) {
    throw new SandboxError('invalid_request_error', 'You cannot confirm this PaymentIntent because it is missing a payment method.', {
      code: 'payment_intent_unexpected_state',
      param: 'payment_method',
    });
  }
  const paymentMethod = resolvePaymentMethod(store, String(intent.payment_method));
  const returnUrl = stringParam(params, 'return_url') ?? null;
  stored.returnUrl = returnUrl;
  const offSession = booleanParam(params, 'off_session');
  let behaviour: CardBehaviour = paymentMethod.behaviour;
  if (behaviour.kind === 'authenticate' && offSession) behaviour = authenticationRequiredDecline;

  if (behaviour.kind === 'authenticate') {
    Object.assign(intent, {
      status: 'requires_action',
      last_payment_error: null,
      next_action: {
        type: 'redirect_to_url',
        redirect_to_url: { url: `${context.publicBaseUrl}/3ds/${intent.id}`, return_url: returnUrl },
      },
    });
    events.publish('payment_intent.requires_action', intent, context);
    return intent;
  }
  const charge = createCharge(store, intent, paymentMethod.object, behaviour);
  events.publish(behaviour.kind === 'succeed' ? 'charge.succeeded' : 'charge.failed', charge, context);
  if (behaviour.kind === 'succeed') {
    succeed(intent, charge);
    events.publish('payment_intent.succeeded', intent, context);
    return intent;
  }
  fail(intent, charge, paymentMethod.object, behaviour);
  events.publish('payment_intent.payment_failed', intent, context);
  throw declineError(behaviour, { charge: charge.id, payment_intent: intent, payment_method: paymentMethod.object });
}

function succeed(intent: StripeObject, charge: StripeObject): void {
  Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, last_payment_error: null, next_action: null });
}

function fail(intent: StripeObject, charge: StripeObject | null, paymentMethod: StripeObject, behaviour: CardBehaviour & { kind: 'decline' }): void {
  Object.assign(intent, {
    status: 'requires_payment_method',
    latest_charge: charge?.id ?? intent.latest_charge,
    next_action: null,
    last_payment_error: {
      type: 'card_error',
      charge: charge?.id ?? null,
      code: behaviour.code,
      decline_code: behaviour.declineCode,
      message: behaviour.message,
      payment_method: paymentMethod,
    },
  });
}

function createCharge(store: SandboxStore, intent: StripeObject, paymentMethod: StripeObject, behaviour: CardBehaviour): StripeObject {
  const succeeded = behaviour.kind === 'succeed';
  const amount = intent.amount as number;
  const id = store.newId('ch');
  let balanceTransaction: string | null = null;
  if (succeeded) {
    const fee = sandboxFeeMinor(amount);
    const transaction: StripeObject = {
      id: store.newId('txn'),
      object: 'balance_transaction',
      amount,
      currency: intent.currency,
      fee,
      fee_details: [{ amount: fee, currency: intent.currency, description: 'Sandbox processing fees', type: 'stripe_fee' }],
      net: amount - fee,
      created: store.nowSeconds(),
      source: id,
      status: 'available',
      type: 'charge',
    };
    store.balanceTransactions.set(transaction.id, transaction);
    balanceTransaction = transaction.id;
  }
  const decline = behaviour.kind === 'decline' ? behaviour : null;
  const charge: StripeObject = {
    id,
    object: 'charge',
    amount,
    amount_captured: succeeded ? amount : 0,
    amount_refunded: 0,
    balance_transaction: balanceTransaction,
    captured: succeeded,
    created: store.nowSeconds(),
    currency: intent.currency,
    customer: intent.customer,
    disputed: false,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    livemode: false,
    metadata: intent.metadata,
    outcome: decline
      ? { network_status: 'declined_by_network', reason: decline.declineCode, seller_message: 'The bank declined the payment.', type: 'issuer_declined' }
      : { network_status: 'approved_by_network', reason: null, seller_message: 'Payment complete.', type: 'authorized' },
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    payment_method_details: { type: 'card', card: paymentMethod.card },
    refunded: false,
    status: succeeded ? 'succeeded' : 'failed',
  };
  store.charges.set(id, charge);
  return charge;
}

/** The cardholder's answer on the challenge page. */
export function completeChallenge(store: SandboxStore, events: EventPublisher, id: string, passed: boolean): StoredPaymentIntent {
  const stored = getPaymentIntent(store, id);
  const intent = stored.object;
  if (intent.status !== 'requires_action') return stored;
  const paymentMethod = resolvePaymentMethod(store, String(intent.payment_method));
  if (passed) {
    const charge = createCharge(store, intent, paymentMethod.object, { kind: 'succeed' });
    events.publish('charge.succeeded', charge);
    succeed(intent, charge);
    events.publish('payment_intent.succeeded', intent);
  } else {
    fail(intent, null, paymentMethod.object, {
      kind: 'decline',
      code: 'payment_intent_authentication_failure',
      declineCode: null,
      message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      failsOnAttach: false,
    });
    events.publish('payment_intent.payment_failed', intent);
  }
  return stored;
}
