// The webhook inbox through Settle's endpoint: genuine events only, each stored and applied once,
// in any order and any number of times, with the sandbox's real events and signatures.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invoices, payments, timelineEvents, webhookEvents } from '@/db/schema';
import { signPayload } from '@/sandbox/webhooks';
import { drainDue } from '../jobs/queue';
import { createTestDatabase } from '../testing/database';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../testing/payments';
import { addPaymentMethod } from './methods';
import { payInvoice } from './pay';
import { handleWebhookRequest } from './webhook-endpoint';
import { webhookJob, webhookQueue } from './webhooks';

let handle: DatabaseHandle;
// Its webhooks go nowhere: each test delivers the sandbox's events itself, as it chooses.
let gateway: TestGateway;
const now = new Date('2026-06-01T09:00:00Z');
const actor = { type: 'system' as const };

beforeAll(async () => {
  handle = await createTestDatabase();
  gateway = await startTestGateway({ db: handle.db, now: () => now, webhooks: false });
});
afterAll(async () => {
  await gateway.close();
  await handle.close();
});

type StripeEvent = { id: string; type: string; data: { object: { id: string } } };

function deliver(event: unknown, options: { secret?: string; signedAt?: number; header?: string | null; tamper?: (body: string) => string } = {}) {
  const body = JSON.stringify(event);
  const signature = signPayload(body, options.secret ?? gateway.config.webhookSecret, options.signedAt ?? Math.floor(Date.now() / 1000));
  const headers = new Headers({ 'content-type': 'application/json' });
  const header = options.header === undefined ? signature : options.header;
  if (header !== null) headers.set('stripe-signature', header);
  const request = new Request('http://settle.test/api/webhooks/stripe', { method: 'POST', headers, body: options.tamper ? options.tamper(body) : body });
  return handleWebhookRequest(request, { gatewayId: 'stripe', db: handle.db, registry: gateway.registry, realNow: new Date() });
}

const processAll = () => drainDue(handle.db, { now, workerId: 'test', handlers: { [webhookQueue]: webhookJob(() => gateway.registry) } });

/** A paid-by-3-D-Secure payment whose events were never delivered, and those events, oldest first. */
async function undeliveredPayment() {
  const { customer, invoice } = await makeOpenInvoice(handle.db, { now });
  await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_authenticationRequired', actor }, now);
  const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer', returnUrl: 'http://localhost:3000/' }, now);
  await fetch(new URL(`/3ds/${payment.gatewayPaymentId}/complete`, gateway.config.apiBase), { method: 'POST', redirect: 'manual' });
  const events = (gateway.sandbox.store.events as unknown as StripeEvent[]).filter((event) => event.data.object.id === payment.gatewayPaymentId || (event.data.object as { payment_intent?: string }).payment_intent === payment.gatewayPaymentId);
  return { invoice, payment, events };
}

async function stateOf(paymentId: string, invoiceId: string) {
  const [payment] = await handle.db.select({ status: payments.status, failureCode: payments.failureCode }).from(payments).where(eq(payments.id, paymentId));
  const [invoice] = await handle.db.select({ status: invoices.status, paid: invoices.amountPaidMinor, remaining: invoices.amountRemainingMinor }).from(invoices).where(eq(invoices.id, invoiceId));
  const timeline = await handle.db.select({ kind: timelineEvents.kind }).from(timelineEvents).where(eq(timelineEvents.paymentId, paymentId));
  return { payment, invoice, timeline: timeline.map((row) => row.kind).sort() };
}

const storedCount = async (eventId: string) => (await handle.db.select({ n: count() }).from(webhookEvents).where(eq(webhookEvents.eventId, eventId)))[0]!.n;

describe('verification', () => {
  it('accepts a genuine event with 200, stores it once and applies it', async () => {
    const { invoice, payment, events } = await undeliveredPayment();
    const succeeded = events.find((event) => event.type === 'payment_intent.succeeded')!;
    const response = await deliver(succeeded);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    await processAll();
    expect((await stateOf(payment.id, invoice.id)).invoice).toMatchObject({ status: 'paid' });
    const [row] = await handle.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, succeeded.id));
    expect(row).toMatchObject({ status: 'processed', type: 'payment_intent.succeeded' });
  });

  it.each([
    ['a wrong secret', { secret: 'whsec_someone_else' }],
    ['one changed byte', { tamper: (body: string) => body.replace('"livemode":false', '"livemode":fals3') }],
    ['no signature header', { header: null }],
    ['a stale signature (301 s old)', { signedAt: Math.floor(Date.now() / 1000) - 301 }],
    ['a future-dated signature', { signedAt: Math.floor(Date.now() / 1000) + 120 }],
  ])('refuses %s with 400 and stores nothing', async (_, options) => {
    const { events } = await undeliveredPayment();
    const event = events.at(-1)!;
    const response = await deliver(event, options);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('INVALID_SIGNATURE');
    expect(await storedCount(event.id)).toBe(0);
  });

  it('answers 404 for a gateway that is not configured', async () => {
    const request = new Request('http://settle.test/api/webhooks/paypal', { method: 'POST', body: '{}' });
    const response = await handleWebhookRequest(request, { gatewayId: 'paypal', db: handle.db, registry: gateway.registry, realNow: new Date() });
    expect(response.status).toBe(404);
  });

  it('stores and acknowledges an event type Settle does not act on', async () => {
    const event = (gateway.sandbox.store.events as unknown as StripeEvent[]).find((candidate) => candidate.type === 'customer.created')!;
    expect((await deliver(event)).status).toBe(200);
    await processAll();
    const [row] = await handle.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id));
    expect(row).toMatchObject({ status: 'ignored' });
    expect(row!.outcome).toContain('customer.created');
  });
});

describe('once, and in any order', () => {
  it('fifty simultaneous deliveries of one event store it once and apply it once', async () => {
    const { invoice, payment, events } = await undeliveredPayment();
    const succeeded = events.find((event) => event.type === 'payment_intent.succeeded')!;
    const responses = await Promise.all(Array.from({ length: 50 }, () => deliver(succeeded)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const bodies = await Promise.all(responses.map((response) => response.json() as Promise<{ duplicate: boolean }>));
    expect(bodies.filter((body) => !body.duplicate)).toHaveLength(1);
    await Promise.all([processAll(), processAll(), processAll()]);
    expect(await storedCount(succeeded.id)).toBe(1);
    const state = await stateOf(payment.id, invoice.id);
    expect(state.invoice).toMatchObject({ status: 'paid', paid: payment.amountMinor, remaining: 0n });
    expect(state.timeline.filter((kind) => kind === 'payment.succeeded')).toHaveLength(1);
  });

  it('duplicates and reversed order end in the same state as in-order delivery', async () => {
    const inOrder = await undeliveredPayment();
    for (const event of inOrder.events) {
      await deliver(event);
      await processAll();
    }
    const shuffled = await undeliveredPayment();
    const replay = [...shuffled.events].reverse();
    for (const event of [...replay, ...replay, shuffled.events[0]!]) {
      await deliver(event);
      await processAll();
    }
    const expected = await stateOf(inOrder.payment.id, inOrder.invoice.id);
    expect(expected.payment!.status).toBe('succeeded');
    expect(await stateOf(shuffled.payment.id, shuffled.invoice.id)).toEqual(expected);
  });

  it('a late payment_failed never undoes a success', async () => {
    const { invoice, payment, events } = await undeliveredPayment();
    await deliver(events.find((event) => event.type === 'payment_intent.succeeded')!);
    await processAll();
    const late = structuredClone(events.find((event) => event.type === 'payment_intent.succeeded')!) as StripeEvent & { data: { object: Record<string, unknown> } };
    late.id = `${late.id}_late`;
    late.type = 'payment_intent.payment_failed';
    Object.assign(late.data.object, { status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } });
    expect((await deliver(late)).status).toBe(200);
    await processAll();
    expect(await stateOf(payment.id, invoice.id)).toMatchObject({ payment: { status: 'succeeded' }, invoice: { status: 'paid' } });
  });
});

describe('an unreliable gateway', () => {
  it('with events duplicated, late and out of order (chaos), every payment ends applied exactly once', async () => {
    const chaotic = await startTestGateway({ db: handle.db, now: () => now, chaos: { duplicateRate: 0.4, delayRate: 0.4, maxDelayMs: 150, seed: 7 } });
    try {
      const paid = [];
      for (let index = 0; index < 6; index++) {
        const { customer, invoice } = await makeOpenInvoice(handle.db, { now });
        const token = index % 2 ? 'pm_card_visa' : 'pm_card_authenticationRequired';
        await addPaymentMethod(handle.db, chaotic.registry, { customerId: customer.id, token, actor }, now);
        const { payment } = await payInvoice(handle.db, chaotic.registry, { invoiceId: invoice.id, initiatedBy: 'customer', returnUrl: 'http://localhost:3000/' }, now);
        if (payment.status === 'requires_action') await fetch(new URL(`/3ds/${payment.gatewayPaymentId}/complete`, chaotic.config.apiBase), { method: 'POST', redirect: 'manual' });
        paid.push({ invoice, payment });
      }
      await chaotic.settled();
      const delivered = (await handle.db.select({ eventId: webhookEvents.eventId }).from(webhookEvents).where(eq(webhookEvents.gateway, 'stripe'))).map((row) => row.eventId);
      expect(new Set(delivered).size).toBe(delivered.length);
      for (const { invoice, payment } of paid) {
        const state = await stateOf(payment.id, invoice.id);
        expect(state).toMatchObject({ payment: { status: 'succeeded' }, invoice: { status: 'paid', paid: payment.amountMinor, remaining: 0n } });
        expect(state.timeline.filter((kind) => kind === 'payment.succeeded')).toHaveLength(1);
      }
    } finally {
      await chaotic.close();
    }
  });
});
