// What Settle needs from a payment gateway, in Settle's own terms. Amounts are bigint minor units
// and currencies upper-case ISO 4217 codes on this side; a gateway converts to its own format.
// Nothing here ever carries a card number: payment methods arrive as gateway tokens.

export type PaymentMethodType = 'card' | 'sepa_debit' | 'wallet';

/** Display data of a saved payment method; never a card number, CVC or full IBAN. */
export interface GatewayPaymentMethod {
  gatewayPaymentMethodId: string;
  type: PaymentMethodType;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  fingerprint: string | null;
  country: string | null;
  /** e.g. google_pay for a wallet card. */
  walletType: string | null;
  /** SEPA: the mandate the customer accepted, its reference, and the bank code. */
  mandateId: string | null;
  mandateReference: string | null;
  bankCode: string | null;
}

/** Proof the customer accepted a SEPA mandate (Settle shows the text; the gateway records it). */
export interface MandateAcceptance {
  acceptedAt: Date;
  ipAddress: string;
  userAgent: string;
}

/**
 * - `requires_confirmation`: created but never confirmed (the process stopped between the two
 *   steps of `charge`, or only the lost-answer lookup found it). No money moved and none will
 *   unless it is confirmed: run `charge` again with the same request (idempotent, it confirms
 *   at most once) or abandon it with `cancelPayment`.
 * - `processing`: confirmed, the outcome comes later by webhook (SEPA debits; an authorised
 *   card awaiting capture counts here too).
 * - `failed`: confirmed and refused (decline, failed authentication); `failure` says why.
 * - `canceled`: abandoned with `cancelPayment` (or by the gateway); never charged.
 */
export type GatewayPaymentStatus = 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface PaymentFailure {
  /** The gateway's error code, e.g. card_declined, expired_card, authentication_required. */
  code: string;
  /** The issuer's reason as Stripe names it, e.g. insufficient_funds, lost_card. */
  declineCode: string | null;
  message: string;
}

/** A payment as the gateway sees it now. */
export interface GatewayPayment {
  gatewayPaymentId: string;
  status: GatewayPaymentStatus;
  amountMinor: bigint;
  currency: string;
  gatewayChargeId: string | null;
  failure: PaymentFailure | null;
  /** Where the customer completes a required action (3-D Secure challenge). */
  nextActionUrl: string | null;
  /** The Settle payment id the payment was created for (metadata), when it carries one. */
  settlePaymentId: string | null;
}

export interface ChargeRequest {
  /** The Settle payment attempt; sent as metadata so webhooks and lookups can find it. */
  settlePaymentId: string;
  invoiceId: string;
  gatewayCustomerId: string;
  gatewayPaymentMethodId: string;
  paymentMethodType: PaymentMethodType;
  amountMinor: bigint;
  currency: string;
  /** Derived from the invoice and attempt number; the same request always carries the same key. */
  idempotencyKey: string;
  /** Renewals run without the customer: no 3-D Secure challenge is possible. */
  offSession: boolean;
  /** Where the gateway sends the customer back after a challenge. */
  returnUrl: string | null;
  mandateId: string | null;
  description: string;
}

export interface RefundRequest {
  settleRefundId: string;
  gatewayPaymentId: string;
  amountMinor: bigint;
  currency: string;
  idempotencyKey: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
}

export type GatewayRefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface GatewayRefund {
  gatewayRefundId: string;
  gatewayPaymentId: string | null;
  status: GatewayRefundStatus;
  amountMinor: bigint;
  currency: string;
  settleRefundId: string | null;
}

export type GatewayDisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost';

export interface GatewayDispute {
  gatewayDisputeId: string;
  gatewayPaymentId: string | null;
  gatewayChargeId: string | null;
  status: GatewayDisputeStatus;
  amountMinor: bigint;
  currency: string;
  reason: string;
}

export interface GatewayPayout {
  gatewayPayoutId: string;
  status: 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';
  amountMinor: bigint;
  currency: string;
  arrivalDate: Date;
  createdAt: Date;
}

export interface GatewayBalanceTransaction {
  gatewayTransactionId: string;
  /** charge, refund, adjustment (disputes), payout… as the gateway names it. */
  type: string;
  amountMinor: bigint;
  feeMinor: bigint;
  netMinor: bigint;
  currency: string;
  /** The gateway id of what moved the money: a charge, refund, dispute or payout. */
  sourceId: string | null;
  createdAt: Date;
  availableOn: Date;
}

/** A verified webhook event, reduced to what Settle acts on; `payload` is the whole event. */
export interface GatewayEvent {
  id: string;
  type: string;
  createdAt: Date;
  subject:
    | { kind: 'payment'; payment: GatewayPayment }
    | { kind: 'refund'; refund: GatewayRefund }
    | { kind: 'dispute'; dispute: GatewayDispute }
    | { kind: 'payout'; payout: GatewayPayout }
    | { kind: 'other' };
  payload: unknown;
}

/** The signature, its timestamp or the body is wrong: the event is refused and nothing is stored. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/** The gateway gave no answer (timeout, network, 5xx): the outcome is unknown, never a failure. */
/**
 * The gateways live in one registry per process (on globalThis), made by whichever bundle asked
 * first — in production the start-up hook's, not a route's — so an error may come from another
 * copy of this module. `instanceof` checks the name, so it holds across bundles.
 */
const isNamedError = (value: unknown, name: string): boolean => value instanceof Error && value.name === name;

export class GatewayUnavailableError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isNamedError(value, 'GatewayUnavailableError');
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayUnavailableError';
  }
}

/** The gateway refused the request itself (bad token, declined card on attach…). */
export class GatewayRequestError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isNamedError(value, 'GatewayRequestError') && typeof (value as { failure?: unknown }).failure === 'object';
  }

  constructor(
    message: string,
    readonly failure: PaymentFailure,
  ) {
    super(message);
    this.name = 'GatewayRequestError';
  }
}

export interface Gateway {
  /** The configured name, stored on every payment: `stripe`, or another configured gateway. */
  readonly id: string;
  /** What the gateway can take; routing never sends it anything else. */
  readonly paymentMethodTypes: readonly PaymentMethodType[];

  createCustomer(input: { settleCustomerId: string; name: string; email: string; idempotencyKey: string }): Promise<{ gatewayCustomerId: string }>;
  /**
   * Saves a tokenised method for future payments (a SetupIntent with the SDK), with the
   * customer's SEPA mandate acceptance when it is a debit. Declines raise GatewayRequestError.
   */
  attachPaymentMethod(input: { gatewayCustomerId: string; token: string; mandate: MandateAcceptance | null; idempotencyKey: string }): Promise<GatewayPaymentMethod>;
  detachPaymentMethod(gatewayPaymentMethodId: string): Promise<void>;
  /**
   * Charges a saved method. Creates the payment, reports its id through `onCreated` (so it is
   * stored before anything can be charged), then confirms it. A decline is a `failed` payment,
   * not an exception; GatewayUnavailableError means the outcome is unknown.
   */
  charge(request: ChargeRequest, onCreated: (gatewayPaymentId: string) => Promise<void>): Promise<GatewayPayment>;
  /**
   * The payment as the gateway sees it now. Without its id (the answer to the creation was lost)
   * the gateway finds it from the request's idempotency key — this never confirms, so never charges.
   */
  retrievePayment(request: ChargeRequest, gatewayPaymentId: string | null): Promise<GatewayPayment | null>;
  /** Abandons a payment that was created but never confirmed. */
  cancelPayment(gatewayPaymentId: string): Promise<void>;
  refund(request: RefundRequest): Promise<GatewayRefund>;
  /** Verifies the signature and the timestamp (neither stale nor in the future) and parses the event. */
  verifyWebhook(rawBody: string, signatureHeader: string | null, now: Date): GatewayEvent;
  /** Parses an event stored after verification. */
  parseEvent(payload: unknown): GatewayEvent;
  retrievePayout(gatewayPayoutId: string): Promise<GatewayPayout>;
  listPayouts(input: { limit: number; startingAfter?: string }): Promise<{ payouts: GatewayPayout[]; hasMore: boolean }>;
  /** Every balance transaction a payout swept (its own payout transaction included). */
  listPayoutTransactions(gatewayPayoutId: string): Promise<GatewayBalanceTransaction[]>;
  /** In simulation, moves the gateway's test clock so its time-based work (SEPA, payouts) follows Settle's. */
  advanceClock?(to: Date): Promise<void>;
  /** Where the portal embeds the gateway's payment-method form, for a page served at `parentOrigin`. */
  paymentFormUrl?(input: { parentOrigin: string; locale: string; types: PaymentMethodType[]; name?: string; email?: string }): string;
}
