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
  /** Stripe: once detached, a PaymentMethod can no longer be used for a payment or re-attached. */
  detached?: boolean;
}

export interface StoredPaymentIntent {
  object: StripeObject;
  returnUrl: string | null;
}

/** Time-based work waiting for sandbox time to reach `dueAt` (ms); `target` is an object id. */
export interface ScheduledJob {
  id: string;
  dueAt: number;
  kind: 'settle_debit' | 'create_dispute' | 'payout_paid';
  target: string;
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
  readonly setupIntents = new Map<string, StripeObject>();
  readonly mandates = new Map<string, StripeObject>();
  readonly disputes = new Map<string, StripeObject>();
  readonly payouts = new Map<string, StripeObject>();
  readonly testClocks = new Map<string, StripeObject>();
  /** Which payout swept a balance transaction (Stripe's objects carry no such field). */
  readonly payoutOfTransaction = new Map<string, string>();
  readonly jobs: ScheduledJob[] = [];
  /** Business days a SEPA debit stays processing, and from its settlement to a test dispute. */
  readonly settings = { sepaProcessingBusinessDays: 3, sepaDisputeBusinessDays: 2 };
  /** Automatic payouts run at 00:00 UTC of each business day after this instant (ms). */
  lastPayoutRunMs: number;
  /** Oldest first; listed newest first. */
  readonly events: StripeObject[] = [];
  readonly idempotentResponses = new Map<string, IdempotentResponse>();

  constructor(readonly clock: Clock = systemClock) {
    this.lastPayoutRunMs = clock.now();
  }

  schedule(kind: ScheduledJob['kind'], target: string, dueAt: number): void {
    this.jobs.push({ id: this.newId('job'), dueAt, kind, target });
  }

  newId(prefix: string): string {
    return `${prefix}_${randomToken(24)}`;
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** Everything the sandbox holds, as one JSON document (audited in tests, and persisted). */
  toJSON(): StoreDocument {
    return {
      customers: [...this.customers.values()],
      paymentMethods: [...this.paymentMethods.values()],
      paymentIntents: [...this.paymentIntents.values()],
      charges: [...this.charges.values()],
      refunds: [...this.refunds.values()],
      balanceTransactions: [...this.balanceTransactions.values()],
      setupIntents: [...this.setupIntents.values()],
      mandates: [...this.mandates.values()],
      disputes: [...this.disputes.values()],
      payouts: [...this.payouts.values()],
      testClocks: [...this.testClocks.values()],
      payoutOfTransaction: [...this.payoutOfTransaction.entries()],
      // Instants as ISO strings: a millisecond timestamp is a 13-digit run that may pass the
      // Luhn check the card-number audit looks for.
      jobs: this.jobs.map((job) => ({ ...job, dueAt: new Date(job.dueAt).toISOString() })),
      lastPayoutRun: new Date(this.lastPayoutRunMs).toISOString(),
      events: this.events,
      idempotentResponses: [...this.idempotentResponses.entries()],
    };
  }

  /** Loads what toJSON() wrote into this (empty) store. */
  restore(document: StoreDocument): void {
    const byId = <T extends { id: string }>(map: Map<string, T>, items: T[] = []) => {
      for (const item of items) map.set(item.id, item);
    };
    byId(this.customers, document.customers);
    for (const stored of document.paymentMethods ?? []) this.paymentMethods.set(stored.object.id, stored);
    for (const stored of document.paymentIntents ?? []) this.paymentIntents.set(stored.object.id, stored);
    byId(this.charges, document.charges);
    byId(this.refunds, document.refunds);
    byId(this.balanceTransactions, document.balanceTransactions);
    byId(this.setupIntents, document.setupIntents);
    byId(this.mandates, document.mandates);
    byId(this.disputes, document.disputes);
    byId(this.payouts, document.payouts);
    byId(this.testClocks, document.testClocks);
    for (const [transaction, payout] of document.payoutOfTransaction ?? []) this.payoutOfTransaction.set(transaction, payout);
    for (const job of document.jobs ?? []) this.jobs.push({ ...job, dueAt: Date.parse(job.dueAt) });
    if (document.lastPayoutRun) this.lastPayoutRunMs = Date.parse(document.lastPayoutRun);
    this.events.push(...(document.events ?? []));
    for (const [key, response] of document.idempotentResponses ?? []) this.idempotentResponses.set(key, response);
  }
}

/** The shape toJSON() writes. */
export interface StoreDocument {
  customers?: StripeObject[];
  paymentMethods?: StoredPaymentMethod[];
  paymentIntents?: StoredPaymentIntent[];
  charges?: StripeObject[];
  refunds?: StripeObject[];
  balanceTransactions?: StripeObject[];
  setupIntents?: StripeObject[];
  mandates?: StripeObject[];
  disputes?: StripeObject[];
  payouts?: StripeObject[];
  testClocks?: StripeObject[];
  payoutOfTransaction?: [string, string][];
  jobs?: (Omit<ScheduledJob, 'dueAt'> & { dueAt: string })[];
  lastPayoutRun?: string;
  events?: StripeObject[];
  idempotentResponses?: [string, IdempotentResponse][];
}
