// Refunds of a succeeded charge, in part or in full; the refunded total never exceeds what
// was charged. Each refund is a new balance transaction (the original fee is not returned),
// swept by the next payout like any other.
import { recordBalanceTransaction } from './balance';
import { SandboxError, integerParam, invalidParam, metadataParam, resourceMissing, stringParam, type FormParams } from './http';
import type { RequestContext } from './payment-intents';
import type { SandboxStore, StripeObject } from './store';
import type { EventPublisher } from './webhooks';

const refundReasons = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

function chargeToRefund(store: SandboxStore, params: FormParams): StripeObject {
  const chargeId = stringParam(params, 'charge');
  const paymentIntentId = stringParam(params, 'payment_intent');
  if (chargeId !== undefined) {
    const charge = store.charges.get(chargeId);
    if (!charge) throw resourceMissing('charge', chargeId, 'charge');
    return charge;
  }
  if (paymentIntentId === undefined) throw invalidParam('payment_intent', 'One of charge or payment_intent is required.');
  const intent = store.paymentIntents.get(paymentIntentId);
  if (!intent) throw resourceMissing('payment_intent', paymentIntentId, 'payment_intent');
  const charge = intent.object.status === 'succeeded' ? store.charges.get(String(intent.object.latest_charge)) : undefined;
  if (!charge) {
    throw new SandboxError('invalid_request_error', `This PaymentIntent (${paymentIntentId}) does not have a successful charge to refund.`, { code: 'charge_not_refundable', param: 'payment_intent' });
  }
  return charge;
}

export function createRefund(store: SandboxStore, events: EventPublisher, params: FormParams, context: RequestContext): StripeObject {
  const charge = chargeToRefund(store, params);
  if (charge.status !== 'succeeded') throw new SandboxError('invalid_request_error', `Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable' });
  const chargedMinor = charge.amount as number;
  const refundedMinor = charge.amount_refunded as number;
  const remainingMinor = chargedMinor - refundedMinor;
  if (remainingMinor === 0) throw new SandboxError('invalid_request_error', `Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = integerParam(params, 'amount') ?? remainingMinor;
  if (amount < 1) throw invalidParam('amount', 'Refund amount must be at least 1 minor unit.');
  if (amount > remainingMinor) {
    throw new SandboxError('invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${remainingMinor}).`, { code: 'amount_too_large', param: 'amount' });
  }
  const reason = stringParam(params, 'reason') ?? null;
  if (reason !== null && !refundReasons.has(reason)) throw invalidParam('reason', `Invalid reason: ${reason}`);

  const refundId = store.newId('re');
  const transaction = recordBalanceTransaction(store, { amount: -amount, currency: charge.currency, source: refundId, type: 'refund', reportingCategory: 'refund' });
  const refund: StripeObject = {
    id: refundId,
    object: 'refund',
    amount,
    balance_transaction: transaction.id,
    charge: charge.id,
    created: store.nowSeconds(),
    currency: charge.currency,
    metadata: metadataParam(params),
    payment_intent: charge.payment_intent,
    reason,
    status: 'succeeded',
  };
  store.refunds.set(refundId, refund);
  Object.assign(charge, { amount_refunded: refundedMinor + amount, refunded: refundedMinor + amount === chargedMinor });
  events.publish('refund.created', refund, context);
  events.publish('charge.refunded', charge, context);
  return refund;
}

export function getRefund(store: SandboxStore, id: string): StripeObject {
  const refund = store.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id);
  return refund;
}
