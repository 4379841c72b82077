// PaymentIntents and the charges they make: creation, confirmation with a test card's outcome,
// the 3-D Secure challenge that moves an intent out of requires_action, and SEPA Direct Debits,
// which stay processing for some business days of sandbox time before they settle or fail.
import { recordBalanceTransaction } from './balance';
import { authenticationRequiredDecline, type CardBehaviour } from './cards';
import { getCustomer } from './customers';
import { createDispute } from './disputes';
import { SandboxError, booleanParam, integerParam, invalidParam, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import { mandateForDebit } from './mandates';
import { declineError, resolvePaymentMethod } from './payment-methods';
import { randomToken, type SandboxStore, type StoredPaymentIntent, type StoredPaymentMethod, type StripeObject } from './store';
import { addBusinessDays } from './time';
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

/** The sandbox's SEPA Direct Debit fee: 0.8 % (rounded half up), at most 5.00. */
export function sepaFeeMinor(amountMinor: number): number {
  return Math.min(Math.floor((amountMinor * 8 + 500) / 1000), 500);
}

const supportedTypes = new Set(['card', 'sepa_debit']);

/**
 * The API version the SDK pins takes `allowed_payment_method_types[]`; older clients send
 * `payment_method_types[]`. Objects carry both: what was allowed, and the types in use.
 */
export function paymentMethodTypesParam(params: FormParams): string[] | undefined {
  const name = params.allowed_payment_method_types !== undefined ? 'allowed_payment_method_types' : 'payment_method_types';
  const value = params[name];
  if (value === undefined) return undefined;
  const types = Array.isArray(value) ? value : [value];
  if (types.length === 0 || types.some((type) => typeof type !== 'string' || !supportedTypes.has(type))) {
    throw invalidParam(name, `${name} may hold card and sepa_debit.`);
  }
  return types as string[];
}

/** Refuses a payment method whose type the intent does not accept, or SEPA in a currency other than euro. */
export function checkPaymentMethodFits(paymentMethod: StripeObject, types: unknown, currency: unknown, param = 'payment_method'): void {
  const type = String(paymentMethod.type);
  if (Array.isArray(types) && !types.includes(type)) {
    throw invalidParam(param, `The PaymentMethod type ${type} is not in this intent's payment_method_types (${types.join(', ')}).`);
  }
  if (type === 'sepa_debit' && currency !== undefined && currency !== 'eur') throw invalidParam('currency', 'SEPA Direct Debit only supports eur.');
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
  const allowed = paymentMethodTypesParam(params) ?? null;
  const types = allowed ?? [paymentMethod ? String(paymentMethod.object.type) : 'card'];
  if (paymentMethod) checkPaymentMethodFits(paymentMethod.object, types, currency);
  else if (types.length === 1 && types[0] === 'sepa_debit' && currency !== 'eur') throw invalidParam('currency', 'SEPA Direct Debit only supports eur.');
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
    allowed_payment_method_types: allowed,
    payment_method_types: types,
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
  if (paymentMethodId !== undefined) {
    const paymentMethod = resolvePaymentMethod(store, paymentMethodId);
    checkPaymentMethodFits(paymentMethod.object, stored.object.payment_method_types, stored.object.currency);
    stored.object.payment_method = paymentMethod.object.id;
  }
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
  if (paymentMethod.object.type === 'sepa_debit') return startDebit(store, events, intent, paymentMethod, params, context);
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
    // The ...0259 card is disputed as soon as it is paid, as at Stripe.
    if (behaviour.disputed) createDispute(store, events, charge.id);
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

function paymentMethodDetails(paymentMethod: StripeObject, mandate: string | null): Record<string, unknown> {
  if (paymentMethod.type === 'sepa_debit') {
    const { generated_from: _generatedFrom, ...account } = paymentMethod.sepa_debit as Record<string, unknown>;
    return { type: 'sepa_debit', sepa_debit: { ...account, mandate } };
  }
  return { type: 'card', card: paymentMethod.card };
}

function recordChargeFunds(store: SandboxStore, charge: StripeObject, paymentMethod: StripeObject): string {
  const amount = charge.amount as number;
  const isSepa = paymentMethod.type === 'sepa_debit';
  const transaction = recordBalanceTransaction(store, {
    amount,
    currency: charge.currency,
    fee: isSepa ? sepaFeeMinor(amount) : sandboxFeeMinor(amount),
    feeDescription: isSepa ? 'Sandbox SEPA Direct Debit fees' : 'Sandbox processing fees',
    source: charge.id,
    type: 'charge',
    reportingCategory: 'charge',
  });
  return transaction.id;
}

/** `pending` is for SEPA debits until they settle; a failed charge carries its decline. */
function createCharge(store: SandboxStore, intent: StripeObject, paymentMethod: StripeObject, behaviour: CardBehaviour | 'pending', mandate: string | null = null): StripeObject {
  const succeeded = behaviour !== 'pending' && behaviour.kind === 'succeed';
  const amount = intent.amount as number;
  const id = store.newId('ch');
  const decline = behaviour !== 'pending' && behaviour.kind === 'decline' ? behaviour : null;
  const charge: StripeObject = {
    id,
    object: 'charge',
    amount,
    amount_captured: succeeded ? amount : 0,
    amount_refunded: 0,
    balance_transaction: null,
    captured: succeeded,
    created: store.nowSeconds(),
    currency: intent.currency,
    customer: intent.customer,
    disputed: false,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    livemode: false,
    metadata: intent.metadata,
    outcome: chargeOutcome(paymentMethod, behaviour),
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    payment_method_details: paymentMethodDetails(paymentMethod, mandate),
    refunded: false,
    status: behaviour === 'pending' ? 'pending' : succeeded ? 'succeeded' : 'failed',
  };
  if (succeeded) charge.balance_transaction = recordChargeFunds(store, charge, paymentMethod);
  store.charges.set(id, charge);
  return charge;
}

function chargeOutcome(paymentMethod: StripeObject, behaviour: CardBehaviour | 'pending'): Record<string, unknown> | null {
  if (behaviour === 'pending') return null;
  if (behaviour.kind === 'decline') {
    const seller = paymentMethod.type === 'sepa_debit' ? "The customer's bank returned the debit." : 'The bank declined the payment.';
    return { network_status: 'declined_by_network', reason: behaviour.declineCode ?? behaviour.code, seller_message: seller, type: 'issuer_declined' };
  }
  return { network_status: 'approved_by_network', reason: null, seller_message: 'Payment complete.', type: 'authorized' };
}

/**
 * Confirming a SEPA debit needs a mandate; the intent is then processing and its charge
 * pending until the business-day delay has passed in sandbox time (settleDebit).
 */
function startDebit(store: SandboxStore, events: EventPublisher, intent: StripeObject, paymentMethod: StoredPaymentMethod, params: FormParams, context: RequestContext): StripeObject {
  checkPaymentMethodFits(paymentMethod.object, intent.payment_method_types, intent.currency);
  const mandate = mandateForDebit(store, params, paymentMethod.object.id, context.publicBaseUrl);
  const charge = createCharge(store, intent, paymentMethod.object, 'pending', mandate.id);
  Object.assign(intent, { status: 'processing', latest_charge: charge.id, last_payment_error: null, next_action: null });
  events.publish('charge.pending', charge, context);
  events.publish('payment_intent.processing', intent, context);
  store.schedule('settle_debit', intent.id, addBusinessDays(store.clock.now(), store.settings.sepaProcessingBusinessDays));
  return intent;
}

/** The debit's outcome, once its business days have passed: the IBAN's test behaviour decides. */
export function settleDebit(store: SandboxStore, events: EventPublisher, intentId: string): void {
  const stored = store.paymentIntents.get(intentId);
  if (!stored || stored.object.status !== 'processing') return;
  const intent = stored.object;
  const charge = store.charges.get(String(intent.latest_charge));
  const paymentMethod = store.paymentMethods.get(String(intent.payment_method));
  if (!charge || !paymentMethod) return;
  const behaviour = paymentMethod.behaviour;
  charge.outcome = chargeOutcome(paymentMethod.object, behaviour);
  if (behaviour.kind === 'succeed') {
    Object.assign(charge, { status: 'succeeded', paid: true, captured: true, amount_captured: charge.amount });
    charge.balance_transaction = recordChargeFunds(store, charge, paymentMethod.object);
    events.publish('charge.succeeded', charge);
    succeed(intent, charge);
    events.publish('payment_intent.succeeded', intent);
    if (behaviour.disputed) store.schedule('create_dispute', charge.id, addBusinessDays(store.clock.now(), store.settings.sepaDisputeBusinessDays));
    return;
  }
  const failure = behaviour.kind === 'decline' ? behaviour : { kind: 'decline' as const, code: 'payment_method_not_available', declineCode: null, message: 'The debit could not be collected.', failsOnAttach: false };
  Object.assign(charge, { status: 'failed', failure_code: failure.code, failure_message: failure.message });
  events.publish('charge.failed', charge);
  fail(intent, charge, paymentMethod.object, failure);
  events.publish('payment_intent.payment_failed', intent);
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
