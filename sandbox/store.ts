// In-memory state of the sandbox processor: its resources, its event log and its idempotency
// cache. Nothing here is shared with Settle; time comes from an injectable clock.
import { randomBytes } from 'node:crypto';
import type { CardBehaviour } from './cards';

export interface Clock {
  now(): number; // milliseconds since the epoch
}

export const systemClock: Clock = { now: () => Date.now() };

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export interface StoredPaymentMethod {
  object: StripeObject;
  behaviour: CardBehaviour;
}

export interface StoredPaymentIntent {
  object: StripeObject;
  returnUrl: string | null;
}

export interface IdempotentResponse {
  requestFingerprint: string;
  statusCode: number;
  body: unknown;
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) token += idAlphabet[byte % idAlphabet.length];
  return token;
}

export class SandboxStore {
  readonly customers = new Map<string, StripeObject>();
  readonly paymentMethods = new Map<string, StoredPaymentMethod>();
  readonly paymentIntents = new Map<string, StoredPaymentIntent>();
  readonly charges = new Map<string, StripeObject>();
  readonly refunds = new Map<string, StripeObject>();
  readonly balanceTransactions = new Map<string, StripeObject>();
  /** Oldest first; listed newest first. */
  readonly events: StripeObject[] = [];
  readonly idempotentResponses = new Map<string, IdempotentResponse>();

  constructor(readonly clock: Clock = systemClock) {}

  newId(prefix: string): string {
    return `${prefix}_${randomToken(24)}`;
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** Everything the sandbox holds, as one JSON document (used to audit what is stored). */
  toJSON(): unknown {
    return {
      customers: [...this.customers.values()],
      paymentMethods: [...this.paymentMethods.values()],
      paymentIntents: [...this.paymentIntents.values()],
      charges: [...this.charges.values()],
      refunds: [...this.refunds.values()],
      balanceTransactions: [...this.balanceTransactions.values()],
      events: this.events,
      idempotentResponses: [...this.idempotentResponses.entries()],
    };
  }
}
