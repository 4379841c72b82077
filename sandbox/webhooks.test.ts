// Webhook delivery to a real local receiver, verified with the official SDK's constructEvent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './server';
import { signPayload } from './webhooks';

const secretKey = 'sk_test_sandbox_webhooks';
const webhookSecret = 'whsec_sandbox_webhooks_test';

interface Delivery {
  body: string;
  signature: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

/** A receiver answering with the given statuses in turn (the last one repeats). */
async function startReceiver(statuses: number[]): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['stripe-signature']) });
      response.statusCode = statuses[Math.min(deliveries.length - 1, statuses.length - 1)]!;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`, deliveries };
}

async function startSandbox(webhookUrl: string, options: { maxAttempts?: number } = {}): Promise<{ sandbox: Sandbox; stripe: Stripe }> {
  const sandbox = createSandbox({ secretKey, webhookSecret, webhookUrl, webhookRetryBaseDelayMs: 60_000, webhookMaxAttempts: options.maxAttempts ?? 5 });
  const { port } = await sandbox.listen(0);
  closers.push(() => sandbox.close());
  return { sandbox, stripe: new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 }) };
}

describe('webhooks', () => {
  it('posts every event signed so that stripe.webhooks.constructEvent verifies it', async () => {
    const receiver = await startReceiver([200]);
    const { sandbox, stripe } = await startSandbox(receiver.url);
    const intent = await stripe.paymentIntents.create({ amount: 1200, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, metadata: { invoice: 'inv_7' } });
    await sandbox.events.flush();

    const verified = receiver.deliveries.map((delivery) => stripe.webhooks.constructEvent(delivery.body, delivery.signature, webhookSecret));
    expect(verified.map((event) => event.type).sort()).toEqual(['charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded']);
    const succeeded = verified.find((event) => event.type === 'payment_intent.succeeded')!;
    expect(succeeded.data.object).toMatchObject({ id: intent.id, status: 'succeeded', metadata: { invoice: 'inv_7' } });
    expect(() => stripe.webhooks.constructEvent(receiver.deliveries[0]!.body, receiver.deliveries[0]!.signature, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('sends a failed payment as payment_intent.payment_failed', async () => {
    const receiver = await startReceiver([200]);
    const { sandbox, stripe } = await startSandbox(receiver.url);
    await stripe.paymentIntents.create({ amount: 1200, currency: 'eur', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }).catch(() => undefined);
    await sandbox.events.flush();
    const failed = receiver.deliveries.map((delivery) => JSON.parse(delivery.body) as Stripe.Event).find((event) => event.type === 'payment_intent.payment_failed');
    expect((failed?.data.object as Stripe.PaymentIntent).last_payment_error).toMatchObject({ decline_code: 'insufficient_funds' });
  });

  it('retries an event the receiver refused until it answers 2xx', async () => {
    const receiver = await startReceiver([500, 200]);
    const { sandbox, stripe } = await startSandbox(receiver.url);
    const customer = await stripe.customers.create({ email: 'retry@example.com' });
    await sandbox.events.flush();
    expect(receiver.deliveries).toHaveLength(2);
    const [first, second] = receiver.deliveries.map((delivery) => stripe.webhooks.constructEvent(delivery.body, delivery.signature, webhookSecret));
    expect(second!.id).toBe(first!.id);
    expect(second!.data.object).toMatchObject({ id: customer.id });
    expect(sandbox.store.events.find((event) => event.id === first!.id)?.pending_webhooks).toBe(0);
  });

  it('gives up after the bounded number of attempts', async () => {
    const receiver = await startReceiver([503]);
    const { sandbox, stripe } = await startSandbox(receiver.url, { maxAttempts: 3 });
    await stripe.customers.create({});
    await sandbox.events.flush();
    expect(receiver.deliveries).toHaveLength(3);
    expect(sandbox.store.events[0]?.pending_webhooks).toBe(1);
  });

  it('takes created times and signature timestamps from the injected clock', async () => {
    const receiver = await startReceiver([200]);
    const fixedNowMs = Date.UTC(2026, 0, 15, 12, 0, 0);
    const sandbox = createSandbox({ secretKey, webhookSecret, webhookUrl: receiver.url, clock: { now: () => fixedNowMs } });
    const { port } = await sandbox.listen(0);
    closers.push(() => sandbox.close());
    const stripe = new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({});
    await sandbox.events.flush();
    expect(customer.created).toBe(fixedNowMs / 1000);
    const [delivery] = receiver.deliveries;
    expect(delivery!.signature.startsWith(`t=${fixedNowMs / 1000},v1=`)).toBe(true);
    // constructEvent refuses signatures older than its tolerance; a wide one accepts the fixed time.
    const event = stripe.webhooks.constructEvent(delivery!.body, delivery!.signature, webhookSecret, 10 * 365 * 24 * 3600);
    expect(event).toMatchObject({ type: 'customer.created', created: fixedNowMs / 1000 });
  });

  it('signs as Stripe documents: v1 is the HMAC-SHA256 of "t.payload"', () => {
    const header = signPayload('{"id":"evt_1"}', webhookSecret, 1_700_000_000);
    const stripe = new Stripe(secretKey);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(header).toBe(stripe.webhooks.generateTestHeaderString({ payload: '{"id":"evt_1"}', secret: webhookSecret, timestamp: 1_700_000_000 }));
  });
});
