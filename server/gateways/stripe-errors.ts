// How a failed Stripe call reaches Settle. The distinction that matters is whether the outcome
// is known: no answer (network, timeout, 5xx, rate limit) means it may or may not have
// happened, so it is never reported as a refusal.
import Stripe from 'stripe';
import { GatewayRequestError, GatewayUnavailableError, type PaymentFailure } from './types';

export const isStripeError = (error: unknown): error is Stripe.errors.StripeError => error instanceof Stripe.errors.StripeError;

/** Stripe gave no usable answer: the request may or may not have taken effect. */
export function isUnknownOutcome(error: unknown): boolean {
  if (!isStripeError(error)) return false;
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) return true;
  // 429 (rate limit, lock timeout) is not an unknown outcome strictly, but the answer is the
  // same: try again later with the same idempotency key.
  return (error.statusCode ?? 0) >= 500 || error.statusCode === 429;
}

export const isResourceMissing = (error: unknown): boolean => isStripeError(error) && error.code === 'resource_missing';

export function failureOf(error: Stripe.errors.StripeError): PaymentFailure {
  return { code: error.code ?? error.rawType ?? 'stripe_error', declineCode: error.decline_code ?? null, message: error.message };
}

/**
 * Translates a failed call. `refusals: 'request'` is for operations where Stripe refusing the
 * request is an expected answer for Settle (a declined or unknown token on attach, a refund
 * over the remaining amount): those become GatewayRequestError. Elsewhere an invalid request is
 * a bug or a misconfiguration and stays a plain Error. Authentication, permission and
 * idempotency errors are always plain Errors: retrying cannot fix them.
 */
export function translateStripeError(error: unknown, operation: string, refusals: 'request' | 'error' = 'error'): Error {
  if (!isStripeError(error)) return error instanceof Error ? error : new Error(String(error));
  if (isUnknownOutcome(error)) {
    return new GatewayUnavailableError(`Stripe gave no answer to ${operation} (${error.type}${error.statusCode ? ` ${error.statusCode}` : ''}): ${error.message}`, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeCardError) return new GatewayRequestError(`Stripe declined ${operation}: ${error.message}`, failureOf(error));
  if (refusals === 'request' && error instanceof Stripe.errors.StripeInvalidRequestError) {
    return new GatewayRequestError(`Stripe refused ${operation}: ${error.message}`, failureOf(error));
  }
  return new Error(`Stripe refused ${operation} (${error.type}${error.code ? ` ${error.code}` : ''}): ${error.message}`, { cause: error });
}
