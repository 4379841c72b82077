// Events and their delivery: every state change becomes an event in Stripe's format, kept in
// the store for GET /v1/events and POSTed, signed, to the webhook URL until it answers 2xx.
import { createHmac } from 'node:crypto';
import type { Clock, SandboxStore, StripeObject } from './store';

/** The API version the sandbox's objects follow (the one stripe@23.1.0 pins). */
export const sandboxApiVersion = '2026-10-28.endive';

export interface WebhookOptions {
  url: string | null;
  secret: string;
  /** First retry after this delay, doubling each attempt. */
  retryBaseDelayMs?: number;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  onDeliveryFailure?: (event: StripeObject, attempts: number, lastError: string) => void;
  chaos?: ChaosOptions | null;
  /**
   * The clock signatures are dated by: the wall clock (or the injected one), not a test clock's
   * frozen time, because the receiver checks the timestamp against its own clock, as it does
   * with Stripe, whose signatures are dated when sent even for test-clock events.
   */
  signingClock?: Clock;
}

/**
 * Opt-in unreliable delivery, as Stripe's is: some events are delivered twice (same event id)
 * and some are held back up to maxDelayMs, so they arrive late and out of order. Decisions come
 * from a seeded PRNG, in publication order, so a seed reproduces them.
 */
export interface ChaosOptions {
  duplicateRate: number;
  delayRate: number;
  maxDelayMs: number;
  seed: number;
}

export const defaultChaos: Omit<ChaosOptions, 'seed'> = { duplicateRate: 0.1, delayRate: 0.1, maxDelayMs: 3_000 };

/** mulberry32: small, fast and good enough to make delivery chaos reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function signPayload(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`).digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

export class EventPublisher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private readonly stopWaiters = new Set<() => void>();
  private readonly retryBaseDelayMs: number;
  private readonly maxAttempts: number;
  private readonly requestTimeoutMs: number;
  private stopped = false;
  private readonly random: (() => number) | null;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: WebhookOptions,
  ) {
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.random = options.chaos ? mulberry32(options.chaos.seed) : null;
  }

  /** Records an event carrying a snapshot of `object` and starts delivering it. */
  publish(type: string, object: StripeObject, request: { idempotencyKey: string | null } = { idempotencyKey: null }): StripeObject {
    const event: StripeObject = {
      id: this.store.newId('evt'),
      object: 'event',
      api_version: sandboxApiVersion,
      created: this.store.nowSeconds(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.options.url ? 1 : 0,
      request: { id: null, idempotency_key: request.idempotencyKey },
      type,
    };
    this.store.events.push(event);
    if (this.options.url) {
      for (const delayMs of this.deliveryDelays()) this.track(this.deliver(event, this.options.url, delayMs));
    }
    return event;
  }

  /** One entry per delivery of an event: how long to hold it back first. */
  private deliveryDelays(): number[] {
    const chaos = this.options.chaos;
    if (!chaos || !this.random) return [0];
    const copies = this.random() < chaos.duplicateRate ? 2 : 1;
    const delays: number[] = [];
    for (let copy = 0; copy < copies; copy++) delays.push(this.random() < chaos.delayRate ? Math.round(this.random() * chaos.maxDelayMs) : 0);
    return delays;
  }

  /**
   * Resolves once every delivery has succeeded or given up; pending backoff waits end at once,
   * while chaos delays run their course (ending them would undo the reordering).
   */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) {
      for (const wake of this.sleepers) wake();
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, 5))]);
    }
  }

  /** Abandons pending retries (the sandbox is shutting down). */
  stop(): void {
    this.stopped = true;
    for (const wake of this.stopWaiters) wake();
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(event: StripeObject, url: string, initialDelayMs = 0): Promise<void> {
    if (initialDelayMs > 0) await this.sleep(initialDelayMs, false);
    const payload = JSON.stringify(event, null, 2);
    let lastError = '';
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Settle-Sandbox/1.0 (+webhooks)',
            'stripe-signature': signPayload(payload, this.options.secret, Math.floor((this.options.signingClock ?? this.store.clock).now() / 1000)),
          },
          body: payload,
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          event.pending_webhooks = 0;
          return;
        }
        lastError = `HTTP ${response.status}`;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (attempt < this.maxAttempts) await this.sleep(this.retryBaseDelayMs * 2 ** (attempt - 1));
    }
    this.options.onDeliveryFailure?.(event, this.maxAttempts, lastError);
  }

  /** A wait that stop() ends, and flush() too when `wakeOnFlush`. */
  private sleep(delayMs: number, wakeOnFlush = true): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        this.stopWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      timer.unref();
      if (wakeOnFlush) this.sleepers.add(wake);
      this.stopWaiters.add(wake);
    });
  }
}

export function listEvents(store: SandboxStore, params: { limit: number; startingAfter?: string; type?: string }): { data: StripeObject[]; hasMore: boolean } | null {
  const newestFirst = store.events.filter((event) => params.type === undefined || event.type === params.type).reverse();
  let start = 0;
  if (params.startingAfter !== undefined) {
    const index = newestFirst.findIndex((event) => event.id === params.startingAfter);
    if (index === -1) return null;
    start = index + 1;
  }
  const data = newestFirst.slice(start, start + params.limit);
  return { data, hasMore: start + params.limit < newestFirst.length };
}
