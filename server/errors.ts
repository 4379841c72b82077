// One error class for every expected refusal, with a code from a closed list. Adapters map the
// code to an HTTP/tRPC status in one place, so an expected refusal is never a 500.

export const errorCodes = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  DATABASE_IN_USE: 409,
  EMAIL_TAKEN: 409,
  WEAK_PASSWORD: 422,
  INVALID_ROLE: 422,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVOICE_NOT_DRAFT: 409,
  INVOICE_NOT_OPEN: 409,
  CREDIT_EXCEEDS_INVOICE: 422,
  SUBSCRIPTION_NOT_ACTIVE: 409,
  COUPON_EXPIRED: 422,
  COUPON_LIMIT_REACHED: 422,
  /** No payment gateway is configured (or none takes this payment method): payments are off. */
  PAYMENTS_NOT_CONFIGURED: 503,
  NO_PAYMENT_METHOD: 422,
  PAYMENT_DECLINED: 402,
  REFUND_EXCEEDS_PAYMENT: 422,
  GATEWAY_UNAVAILABLE: 502,
} as const;

export type ErrorCode = keyof typeof errorCodes;

const settleErrorBrand = Symbol.for('settle.SettleError');

export class SettleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = 'SettleError';
    Object.defineProperty(this, settleErrorBrand, { value: true });
  }

  // Another server bundle (the start-up code's, which builds the shared gateway registry) may
  // throw its own copy of this class: `instanceof` goes by a shared brand, not by identity.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[settleErrorBrand] === true;
  }

  get httpStatus(): number {
    return errorCodes[this.code];
  }
}

export const isSettleError = (error: unknown): error is SettleError => error instanceof SettleError;
