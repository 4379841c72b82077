// Stripe webhooks: the signature and its timestamp are checked before anything is parsed, and
// an event is reduced to the subject Settle acts on.
import Stripe from 'stripe';
import { toGatewayDispute, toGatewayPayment, toGatewayPayout, toGatewayRefund, dateOf } from './stripe-mapping';
import { WebhookVerificationError, type GatewayEvent } from './types';

/** Stripe's own limit on the age of a signature, in seconds. */
export const webhookToleranceSeconds = 300;
/**
 * How far in the future a signature's timestamp may be, in seconds. The SDK does not check the
 * future at all; a future-dated event is refused, allowing only for clock skew between Stripe's
 * servers and ours (NTP keeps them well within this).
 */
export const webhookFutureSkewSeconds = 5;

/** The `t=` of a Stripe-Signature header, read the way the SDK reads it (the last one counts). */
function signatureTimestamp(header: string): number | null {
  let timestamp: number | null = null;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  }
  return timestamp;
}

export function verifyStripeWebhook(webhooks: Stripe['webhooks'], secret: string, rawBody: string, header: string | null, now: Date): GatewayEvent {
  if (header === null || header.trim() === '') throw new WebhookVerificationError('The Stripe-Signature header is missing');
  const timestamp = signatureTimestamp(header);
  if (timestamp === null) throw new WebhookVerificationError('The Stripe-Signature header has no timestamp');
  const nowMs = now.getTime();
  if (timestamp > Math.floor(nowMs / 1000) + webhookFutureSkewSeconds) {
    throw new WebhookVerificationError(`The Stripe-Signature timestamp is in the future (${new Date(timestamp * 1000).toISOString()})`);
  }
  let event: unknown;
  try {
    // receivedAt: the age is measured from the `now` Settle passes, not from Date.now().
    event = webhooks.constructEvent(rawBody, header, secret, webhookToleranceSeconds, undefined, nowMs);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      // The SDK's message runs over several lines with documentation links; the first says why.
      throw new WebhookVerificationError(`Stripe signature refused: ${error.message.split('\n')[0]!.trim()}`);
    }
    if (error instanceof SyntaxError) throw new WebhookVerificationError('The webhook body is not JSON');
    throw error;
  }
  return parseStripeEvent(event);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The data object of an event, checked to be what the event type says it is. */
function objectOf<T>(event: Stripe.Event, expected: string): T {
  const object = (event.data as { object: unknown }).object;
  if (!isRecord(object) || object.object !== expected) {
    throw new WebhookVerificationError(`Stripe event ${event.id} (${event.type}) does not carry a ${expected}`);
  }
  return object as T;
}

const paymentEvents = new Set(['payment_intent.succeeded', 'payment_intent.processing', 'payment_intent.payment_failed', 'payment_intent.requires_action', 'payment_intent.canceled']);
// charge.refunded carries the charge, not the refund; the refund.* event sent with it carries
// the refund and its metadata, so charge.refunded is left as `other`.
const refundEvents = new Set(['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated']);
const disputeEvents = new Set(['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated']);
const payoutEvents = new Set(['payout.created', 'payout.paid', 'payout.failed', 'payout.updated', 'payout.canceled']);

/** Parses a verified (or stored) event. Anything that is not a Stripe event is refused. */
export function parseStripeEvent(payload: unknown): GatewayEvent {
  if (!isRecord(payload) || payload.object !== 'event' || typeof payload.id !== 'string' || typeof payload.type !== 'string' || typeof payload.created !== 'number' || !isRecord(payload.data)) {
    throw new WebhookVerificationError('The webhook body is not a Stripe event');
  }
  const event = payload as unknown as Stripe.Event;
  const base = { id: event.id, type: event.type, createdAt: dateOf(event.created), payload };
  if (paymentEvents.has(event.type)) return { ...base, subject: { kind: 'payment', payment: toGatewayPayment(objectOf(event, 'payment_intent')) } };
  if (refundEvents.has(event.type)) return { ...base, subject: { kind: 'refund', refund: toGatewayRefund(objectOf(event, 'refund')) } };
  if (disputeEvents.has(event.type)) return { ...base, subject: { kind: 'dispute', dispute: toGatewayDispute(objectOf(event, 'dispute')) } };
  if (payoutEvents.has(event.type)) return { ...base, subject: { kind: 'payout', payout: toGatewayPayout(objectOf(event, 'payout')) } };
  return { ...base, subject: { kind: 'other' } };
}
