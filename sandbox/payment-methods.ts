// Card PaymentMethods: Stripe's test ids (pm_card_visa …), cards created from test numbers,
// and customer-specific copies made by attaching. Only brand, last4, expiry, country and a
// fingerprint are kept; the card number and CVC are dropped on arrival.
import { describeCardNumber, describeTestPaymentMethod, isTestPaymentMethodId, type CardBehaviour, type CardDetails } from './cards';
import { getCustomer } from './customers';
import { SandboxError, integerParam, invalidParam, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import type { SandboxStore, StoredPaymentMethod, StripeObject } from './store';
import type { EventPublisher } from './webhooks';

function paymentMethodObject(store: SandboxStore, id: string, details: CardDetails, expiry: { month: number; year: number }, customer: string | null, metadata: Record<string, string>): StripeObject {
  return {
    id,
    object: 'payment_method',
    type: 'card',
    billing_details: { address: null, email: null, name: null, phone: null },
    card: {
      brand: details.brand,
      country: details.country,
      exp_month: expiry.month,
      exp_year: expiry.year,
      fingerprint: details.fingerprint,
      funding: 'credit',
      last4: details.last4,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
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

export function createPaymentMethod(store: SandboxStore, params: FormParams): StripeObject {
  const type = stringParam(params, 'type');
  if (type !== 'card') throw invalidParam('type', 'The sandbox only supports PaymentMethods of type card.');
  const card = params.card;
  if (typeof card !== 'object' || Array.isArray(card)) throw invalidParam('card', 'Missing required param: card.');
  const cardParams = card as FormParams;
  const number = stringParam(cardParams, 'number');
  if (number === undefined) throw invalidParam('card[number]', 'Missing required param: card[number].');
  const described = describeCardNumber(number);
  if (!described) throw new SandboxError('card_error', 'Your card number is incorrect.', { code: 'incorrect_number', param: 'card[number]' });
  const month = integerParam(cardParams, 'exp_month');
  const year = integerParam(cardParams, 'exp_year');
  if (month === undefined || month < 1 || month > 12) throw new SandboxError('card_error', "Your card's expiration month is invalid.", { code: 'invalid_expiry_month', param: 'card[exp_month]' });
  if (year === undefined || year < 1000) throw new SandboxError('card_error', "Your card's expiration year is invalid.", { code: 'invalid_expiry_year', param: 'card[exp_year]' });
  const paymentMethod = paymentMethodObject(store, store.newId('pm'), described.details, { month, year }, null, metadataParam(params));
  store.paymentMethods.set(paymentMethod.id, { object: paymentMethod, behaviour: described.behaviour });
  return paymentMethod;
}

/**
 * Finds a PaymentMethod to charge or attach. A test id (pm_card_visa) stands for a fresh,
 * unattached card each time it is used, as it does at Stripe.
 */
export function resolvePaymentMethod(store: SandboxStore, id: string, param = 'payment_method'): StoredPaymentMethod {
  const stored = store.paymentMethods.get(id);
  if (stored) return stored;
  const described = describeTestPaymentMethod(id);
  if (!described) throw resourceMissing('PaymentMethod', id, param);
  const copy = paymentMethodObject(store, store.newId('pm'), described.details, defaultExpiry(store), null, {});
  const created = { object: copy, behaviour: described.behaviour };
  store.paymentMethods.set(copy.id, created);
  return created;
}

export function getPaymentMethod(store: SandboxStore, id: string): StripeObject {
  const stored = store.paymentMethods.get(id);
  if (stored) return stored.object;
  const described = describeTestPaymentMethod(id);
  if (!described) throw resourceMissing('PaymentMethod', id);
  return paymentMethodObject(store, id, described.details, defaultExpiry(store), null, {});
}

export function declineError(behaviour: CardBehaviour & { kind: 'decline' }, extra: Record<string, unknown> = {}): SandboxError {
  return new SandboxError('card_error', behaviour.message, { code: behaviour.code, declineCode: behaviour.declineCode, extra });
}

export function attachPaymentMethod(store: SandboxStore, events: EventPublisher, id: string, params: FormParams): StripeObject {
  const customerId = stringParam(params, 'customer');
  if (!customerId) throw invalidParam('customer', 'Missing required param: customer.');
  getCustomer(store, customerId, 'customer');
  if (!store.paymentMethods.has(id) && !isTestPaymentMethodId(id)) throw resourceMissing('PaymentMethod', id);
  const source = resolvePaymentMethod(store, id, 'id');
  const currentCustomer = source.object.customer;
  if (currentCustomer === customerId) return source.object;
  if (currentCustomer !== null) throw invalidParam('customer', 'The payment method you provided has already been attached to a customer.');
  if (source.behaviour.kind === 'decline' && source.behaviour.failsOnAttach) throw declineError(source.behaviour);
  // Attaching makes a customer-specific copy with its own id; the source stays unattached.
  const attached: StripeObject = { ...structuredClone(source.object), id: store.newId('pm'), customer: customerId, created: store.nowSeconds() };
  store.paymentMethods.set(attached.id, { object: attached, behaviour: source.behaviour });
  events.publish('payment_method.attached', attached);
  return attached;
}
