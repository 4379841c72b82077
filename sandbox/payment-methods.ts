// PaymentMethods: Stripe's test ids (pm_card_visa …), cards created from test numbers, the
// sandbox's one-tap wallet, SEPA Direct Debit accounts, and customer-specific copies made by
// attaching. Only brand, last4, expiry, country and a fingerprint of a card are kept (the
// number and CVC are dropped on arrival); of an IBAN, its bank codes, last4 and a fingerprint.
import { describeCardNumber, describeTestPaymentMethod, isTestPaymentMethodId, type CardBehaviour, type CardDetails } from './cards';
import { getCustomer } from './customers';
import { SandboxError, integerParam, invalidParam, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import { describeIban } from './iban';
import type { SandboxStore, StoredPaymentMethod, StripeObject } from './store';
import type { EventPublisher } from './webhooks';

/**
 * The sandbox's wallet ("Sandbox Pay"): a Visa success card presented as Google Pay. The card
 * form's wallet button creates one with `card[token]=tok_sandbox_wallet`, as a wallet's token
 * becomes a PaymentMethod at Stripe; `pm_sandbox_wallet` is its ready-made test id.
 */
export const walletToken = 'tok_sandbox_wallet';
export const walletTestPaymentMethodId = 'pm_sandbox_wallet';
const walletCardNumber = '4242424242424242';
const wallet = { type: 'google_pay', dynamic_last4: '1881', google_pay: {} };

type BillingDetails = { address: Record<string, string | null> | null; email: string | null; name: string | null; phone: string | null };

function billingDetailsParam(params: FormParams): BillingDetails {
  const given = params.billing_details;
  if (given === undefined || given === '') return { address: null, email: null, name: null, phone: null };
  if (typeof given !== 'object' || Array.isArray(given)) throw invalidParam('billing_details', 'Invalid billing_details: must be a hash.');
  const details = given as FormParams;
  const text = (name: string) => {
    const value = stringParam(details, name);
    if (value !== undefined && value.length > 500) throw invalidParam(`billing_details[${name}]`, `billing_details[${name}] is too long.`);
    return value?.trim() || null;
  };
  const address = typeof details.address === 'object' && !Array.isArray(details.address) ? (details.address as FormParams) : null;
  const addressField = (name: string) => (address ? (stringParam(address, name)?.trim() ?? null) : null);
  return {
    address: address
      ? { city: addressField('city'), country: addressField('country'), line1: addressField('line1'), line2: addressField('line2'), postal_code: addressField('postal_code'), state: addressField('state') }
      : null,
    email: text('email'),
    name: text('name'),
    phone: text('phone'),
  };
}

function paymentMethodObject(
  store: SandboxStore,
  id: string,
  details: CardDetails,
  expiry: { month: number; year: number },
  customer: string | null,
  metadata: Record<string, string>,
  extra: { billingDetails?: BillingDetails; wallet?: boolean } = {},
): StripeObject {
  return {
    id,
    object: 'payment_method',
    type: 'card',
    billing_details: extra.billingDetails ?? { address: null, email: null, name: null, phone: null },
    card: {
      brand: details.brand,
      country: details.country,
      exp_month: expiry.month,
      exp_year: expiry.year,
      fingerprint: details.fingerprint,
      funding: 'credit',
      last4: details.last4,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: extra.wallet ? null : 'pass' },
      wallet: extra.wallet ? structuredClone(wallet) : null,
    },
    created: store.nowSeconds(),
    customer,
    livemode: false,
    metadata,
  };
}

function defaultExpiry(store: SandboxStore): { month: number; year: number } {
  const now = new Date(store.clock.now());
  return { month: 12, year: now.getUTCFullYear() + 3 };
}

function createSepaDebitPaymentMethod(store: SandboxStore, params: FormParams): StripeObject {
  const billingDetails = billingDetailsParam(params);
  // Stripe requires the account holder's name and e-mail address for SEPA Direct Debit.
  if (!billingDetails.name) throw invalidParam('billing_details[name]', 'Missing required param: billing_details[name].');
  if (!billingDetails.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(billingDetails.email)) {
    throw invalidParam('billing_details[email]', 'Missing or invalid param: billing_details[email].');
  }
  const account = params.sepa_debit;
  const iban = typeof account === 'object' && !Array.isArray(account) ? stringParam(account as FormParams, 'iban') : undefined;
  if (!iban) throw invalidParam('sepa_debit[iban]', 'Missing required param: sepa_debit[iban].');
  const described = describeIban(iban);
  if (!described) throw new SandboxError('invalid_request_error', 'The IBAN you entered is invalid.', { code: 'invalid_bank_account_iban', param: 'sepa_debit[iban]' });
  const paymentMethod: StripeObject = {
    id: store.newId('pm'),
    object: 'payment_method',
    type: 'sepa_debit',
    billing_details: billingDetails,
    sepa_debit: { ...described.details, generated_from: { charge: null, setup_attempt: null } },
    created: store.nowSeconds(),
    customer: null,
    livemode: false,
    metadata: metadataParam(params),
  };
  store.paymentMethods.set(paymentMethod.id, { object: paymentMethod, behaviour: described.behaviour });
  return paymentMethod;
}

export function createPaymentMethod(store: SandboxStore, params: FormParams): StripeObject {
  const type = stringParam(params, 'type');
  if (type === 'sepa_debit') return createSepaDebitPaymentMethod(store, params);
  if (type !== 'card') throw invalidParam('type', 'The sandbox supports PaymentMethods of type card and sepa_debit.');
  const card = params.card;
  if (typeof card !== 'object' || Array.isArray(card)) throw invalidParam('card', 'Missing required param: card.');
  const cardParams = card as FormParams;
  const token = stringParam(cardParams, 'token');
  if (token !== undefined) {
    if (token !== walletToken) throw resourceMissing('token', token, 'card[token]');
    const described = describeCardNumber(walletCardNumber)!;
    const paymentMethod = paymentMethodObject(store, store.newId('pm'), described.details, defaultExpiry(store), null, metadataParam(params), { billingDetails: billingDetailsParam(params), wallet: true });
    store.paymentMethods.set(paymentMethod.id, { object: paymentMethod, behaviour: described.behaviour });
    return paymentMethod;
  }
  const number = stringParam(cardParams, 'number');
  if (number === undefined) throw invalidParam('card[number]', 'Missing required param: card[number].');
  const described = describeCardNumber(number);
  if (!described) throw new SandboxError('card_error', 'Your card number is incorrect.', { code: 'incorrect_number', param: 'card[number]' });
  const month = integerParam(cardParams, 'exp_month');
  const year = integerParam(cardParams, 'exp_year');
  if (month === undefined || month < 1 || month > 12) throw new SandboxError('card_error', "Your card's expiration month is invalid.", { code: 'invalid_expiry_month', param: 'card[exp_month]' });
  if (year === undefined || year < 1000) throw new SandboxError('card_error', "Your card's expiration year is invalid.", { code: 'invalid_expiry_year', param: 'card[exp_year]' });
  const paymentMethod = paymentMethodObject(store, store.newId('pm'), described.details, { month, year }, null, metadataParam(params), { billingDetails: billingDetailsParam(params) });
  store.paymentMethods.set(paymentMethod.id, { object: paymentMethod, behaviour: described.behaviour });
  return paymentMethod;
}

function describeTestId(id: string): { details: CardDetails; behaviour: CardBehaviour } | null {
  return id === walletTestPaymentMethodId ? describeCardNumber(walletCardNumber) : describeTestPaymentMethod(id);
}

/**
 * Finds a PaymentMethod to charge or attach. A test id (pm_card_visa) stands for a fresh,
 * unattached card each time it is used, as it does at Stripe.
 */
export function resolvePaymentMethod(store: SandboxStore, id: string, param = 'payment_method'): StoredPaymentMethod {
  const stored = store.paymentMethods.get(id);
  if (stored?.detached) throw invalidParam(param, `The PaymentMethod ${id} was detached from its customer and can no longer be used.`);
  if (stored) return stored;
  const described = describeTestId(id);
  if (!described) throw resourceMissing('PaymentMethod', id, param);
  const copy = paymentMethodObject(store, store.newId('pm'), described.details, defaultExpiry(store), null, {}, { wallet: id === walletTestPaymentMethodId });
  const created = { object: copy, behaviour: described.behaviour };
  store.paymentMethods.set(copy.id, created);
  return created;
}

export function getPaymentMethod(store: SandboxStore, id: string): StripeObject {
  const stored = store.paymentMethods.get(id);
  if (stored) return stored.object;
  const described = describeTestId(id);
  if (!described) throw resourceMissing('PaymentMethod', id);
  return paymentMethodObject(store, id, described.details, defaultExpiry(store), null, {}, { wallet: id === walletTestPaymentMethodId });
}

export function declineError(behaviour: CardBehaviour & { kind: 'decline' }, extra: Record<string, unknown> = {}): SandboxError {
  return new SandboxError('card_error', behaviour.message, { code: behaviour.code, declineCode: behaviour.declineCode, extra });
}

export function attachPaymentMethod(store: SandboxStore, events: EventPublisher, id: string, params: FormParams): StripeObject {
  const customerId = stringParam(params, 'customer');
  if (!customerId) throw invalidParam('customer', 'Missing required param: customer.');
  getCustomer(store, customerId, 'customer');
  if (!store.paymentMethods.has(id) && !isTestPaymentMethodId(id) && id !== walletTestPaymentMethodId) throw resourceMissing('PaymentMethod', id);
  return attachToCustomer(store, events, resolvePaymentMethod(store, id, 'id'), customerId).object;
}

/** Shared by attach and SetupIntent confirmation; a declining card refuses with its card_error. */
export function attachToCustomer(store: SandboxStore, events: EventPublisher, source: StoredPaymentMethod, customerId: string): StoredPaymentMethod {
  const currentCustomer = source.object.customer;
  if (currentCustomer === customerId) return source;
  if (currentCustomer !== null) throw invalidParam('customer', 'The payment method you provided has already been attached to a customer.');
  if (source.behaviour.kind === 'decline' && source.behaviour.failsOnAttach) throw declineError(source.behaviour);
  // Attaching makes a customer-specific copy with its own id; the source stays unattached.
  const attached: StripeObject = { ...structuredClone(source.object), id: store.newId('pm'), customer: customerId, created: store.nowSeconds() };
  const stored = { object: attached, behaviour: source.behaviour };
  store.paymentMethods.set(attached.id, stored);
  events.publish('payment_method.attached', attached);
  return stored;
}

/** Detaching ends a method's use for its customer: it can no longer be charged for them. */
export function detachPaymentMethod(store: SandboxStore, events: EventPublisher, id: string): StripeObject {
  const stored = store.paymentMethods.get(id);
  if (!stored) throw resourceMissing('PaymentMethod', id);
  if (stored.object.customer === null) throw invalidParam('payment_method', 'The payment method you provided is not attached to a customer so detachment is impossible.');
  stored.object.customer = null;
  stored.detached = true;
  events.publish('payment_method.detached', stored.object);
  return stored.object;
}
