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

export class SettleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = 'SettleError';
  }

  get httpStatus(): number {
    return errorCodes[this.code];
  }
}

/**
 * By name as well as class: the production build can hold two copies of this module (see
 * server/gateways/types.ts), and a refusal made by one must still be recognised by the other.
 */
export const isSettleError = (error: unknown): error is SettleError => error instanceof SettleError || (error instanceof Error && error.name === 'SettleError' && 'code' in error);
