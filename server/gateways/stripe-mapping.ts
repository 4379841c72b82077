// Stripe's objects in Settle's terms: bigint minor units, upper-case currencies, Dates, and
// statuses from Settle's closed lists. Pure functions, so events stored long ago parse the same.
import type Stripe from 'stripe';
import type {
  GatewayBalanceTransaction,
  GatewayDispute,
  GatewayDisputeStatus,
  GatewayPayment,
  GatewayPaymentMethod,
  GatewayPaymentStatus,
  GatewayPayout,
  GatewayRefund,
  GatewayRefundStatus,
  PaymentMethodType,
} from './types';

export const minorOf = (amount: number): bigint => BigInt(amount);

/** Stripe takes a JSON number; anything beyond 2^53 would be silently rounded, so it is refused. */
export function stripeAmountOf(amountMinor: bigint): number {
  if (amountMinor < 1n || amountMinor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`Amount ${amountMinor} (minor units) cannot be sent to Stripe`);
  return Number(amountMinor);
}

export function stripeCurrencyOf(currency: string): string {
  if (!/^[A-Za-z]{3}$/.test(currency)) throw new Error(`"${currency}" is not an ISO 4217 currency code`);
  return currency.toLowerCase();
}

export const dateOf = (seconds: number): Date => new Date(seconds * 1000);

/** An expandable field: the id whether Stripe sent the id or the object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** A wallet card (Google Pay, Apple Pay…) is a card to Stripe; Settle shows it apart. */
export function paymentMethodTypeOf(paymentMethod: Stripe.PaymentMethod): PaymentMethodType | null {
  if (paymentMethod.type === 'card') return paymentMethod.card?.wallet ? 'wallet' : 'card';
  if (paymentMethod.type === 'sepa_debit') return 'sepa_debit';
  return null;
}

/** What Stripe calls the type of a Settle payment-method type. */
export const stripeTypeOf = (type: PaymentMethodType): 'card' | 'sepa_debit' => (type === 'sepa_debit' ? 'sepa_debit' : 'card');

/** Display data only: brand, last four, expiry, fingerprint — never a number or an IBAN. */
export function toGatewayPaymentMethod(paymentMethod: Stripe.PaymentMethod, mandate: { id: string; reference: string | null } | null): GatewayPaymentMethod {
  const type = paymentMethodTypeOf(paymentMethod);
  if (type === null) throw new Error(`Stripe PaymentMethod ${paymentMethod.id} has type ${paymentMethod.type}, which Settle does not take`);
  const base: GatewayPaymentMethod = {
    gatewayPaymentMethodId: paymentMethod.id,
    type,
    brand: null,
    last4: null,
    expMonth: null,
    expYear: null,
    fingerprint: null,
    country: null,
    walletType: null,
    mandateId: null,
    mandateReference: null,
    bankCode: null,
  };
  if (type === 'sepa_debit') {
    const sepa = paymentMethod.sepa_debit;
    return {
      ...base,
      last4: sepa?.last4 ?? null,
      fingerprint: sepa?.fingerprint ?? null,
      country: sepa?.country ?? null,
      bankCode: sepa?.bank_code ?? null,
      mandateId: mandate?.id ?? null,
      mandateReference: mandate?.reference ?? null,
    };
  }
  const card = paymentMethod.card;
  return {
    ...base,
    brand: card?.brand ?? null,
    last4: card?.last4 ?? null,
    expMonth: card?.exp_month ?? null,
    expYear: card?.exp_year ?? null,
    fingerprint: card?.fingerprint ?? null,
    country: card?.country ?? null,
    walletType: card?.wallet?.type ?? null,
  };
}

function paymentStatusOf(intent: Stripe.PaymentIntent): GatewayPaymentStatus {
  switch (intent.status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
    // Settle captures automatically; an authorisation awaiting capture is still in progress.
    case 'requires_capture':
      return 'processing';
    case 'requires_action':
      return 'requires_action';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      // Back to requires_payment_method after a confirmation: declined or authentication failed.
      // Without an error it was never confirmed.
      return intent.last_payment_error ? 'failed' : 'requires_confirmation';
    case 'requires_confirmation':
      return 'requires_confirmation';
    default:
      throw new Error(`Stripe PaymentIntent ${intent.id} has an unknown status ${String(intent.status)}`);
  }
}

export function toGatewayPayment(intent: Stripe.PaymentIntent): GatewayPayment {
  const status = paymentStatusOf(intent);
  const error = intent.last_payment_error;
  return {
    gatewayPaymentId: intent.id,
    status,
    amountMinor: minorOf(intent.amount),
    currency: intent.currency.toUpperCase(),
    gatewayChargeId: idOf(intent.latest_charge),
    failure:
      status === 'failed' && error
        ? { code: error.code ?? error.type, declineCode: error.decline_code ?? null, message: error.message ?? 'The payment failed.' }
        : null,
    nextActionUrl: status === 'requires_action' ? (intent.next_action?.redirect_to_url?.url ?? null) : null,
    settlePaymentId: intent.metadata?.settle_payment_id ?? null,
  };
}

function refundStatusOf(refund: Stripe.Refund): GatewayRefundStatus {
  switch (refund.status) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    // pending, requires_action (the customer must give bank details for some methods), or
    // a status this SDK version does not know yet: not final.
    default:
      return 'pending';
  }
}

export function toGatewayRefund(refund: Stripe.Refund): GatewayRefund {
  return {
    gatewayRefundId: refund.id,
    gatewayPaymentId: idOf(refund.payment_intent),
    status: refundStatusOf(refund),
    amountMinor: minorOf(refund.amount),
    currency: refund.currency.toUpperCase(),
    settleRefundId: refund.metadata?.settle_refund_id ?? null,
  };
}

/**
 * Stripe's inquiries (warning_*) are shown like disputes; an inquiry closed without becoming a
 * dispute, or a dispute prevented, took no money: both count as won.
 */
function disputeStatusOf(status: Stripe.Dispute.Status): GatewayDisputeStatus {
  switch (status) {
    case 'won':
    case 'warning_closed':
    case 'prevented':
      return 'won';
    case 'lost':
      return 'lost';
    case 'under_review':
    case 'warning_under_review':
    case 'appeal_under_review':
      return 'under_review';
    default:
      return 'needs_response';
  }
}

export function toGatewayDispute(dispute: Stripe.Dispute): GatewayDispute {
  return {
    gatewayDisputeId: dispute.id,
    gatewayPaymentId: idOf(dispute.payment_intent),
    gatewayChargeId: idOf(dispute.charge),
    status: disputeStatusOf(dispute.status),
    amountMinor: minorOf(dispute.amount),
    currency: dispute.currency.toUpperCase(),
    reason: dispute.reason,
  };
}

const payoutStatuses = new Set<GatewayPayout['status']>(['pending', 'in_transit', 'paid', 'failed', 'canceled']);

export function toGatewayPayout(payout: Stripe.Payout): GatewayPayout {
  const status = payout.status as GatewayPayout['status'];
  if (!payoutStatuses.has(status)) throw new Error(`Stripe payout ${payout.id} has an unknown status ${payout.status}`);
  return {
    gatewayPayoutId: payout.id,
    status,
    amountMinor: minorOf(payout.amount),
    currency: payout.currency.toUpperCase(),
    arrivalDate: dateOf(payout.arrival_date),
    createdAt: dateOf(payout.created),
  };
}

export function toGatewayBalanceTransaction(transaction: Stripe.BalanceTransaction): GatewayBalanceTransaction {
  return {
    gatewayTransactionId: transaction.id,
    type: transaction.type,
    amountMinor: minorOf(transaction.amount),
    feeMinor: minorOf(transaction.fee),
    netMinor: minorOf(transaction.net),
    currency: transaction.currency.toUpperCase(),
    sourceId: idOf(transaction.source),
    createdAt: dateOf(transaction.created),
    availableOn: dateOf(transaction.available_on),
  };
}
