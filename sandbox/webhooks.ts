// Events and their delivery: every state change becomes an event in Stripe's format, kept in
// the store for GET /v1/events and POSTed, signed, to the webhook URL until it answers 2xx.
import { createHmac } from 'node:crypto';
import type { SandboxStore, StripeObject } from './store';

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
}

export function signPayload(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`).digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

export class EventPublisher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private readonly retryBaseDelayMs: number;
  private readonly maxAttempts: number;
  private readonly requestTimeoutMs: number;
  private stopped = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: WebhookOptions,
  ) {
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
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
    if (this.options.url) this.track(this.deliver(event, this.options.url));
    return event;
  }

  /** Resolves once every delivery has succeeded or given up; pending backoff waits end at once. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) {
      for (const wake of this.sleepers) wake();
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, 5))]);
    }
  }

  /** Abandons pending retries (the sandbox is shutting down). */
  stop(): void {
    this.stopped = true;
    for (const wake of this.sleepers) wake();
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(event: StripeObject, url: string): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    let lastError = '';
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Settle-Sandbox/1.0 (+webhooks)',
            'stripe-signature': signPayload(payload, this.options.secret, this.store.nowSeconds()),
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

  private sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      timer.unref();
      this.sleepers.add(wake);
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
