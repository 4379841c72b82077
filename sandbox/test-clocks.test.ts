// Sandbox time: test clocks drive it as Settle's simulated billing clock will, and without
// one, due work runs on a timer and before each request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { days, monday, onlineMandate, startSandbox, type Started } from './test-support';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function started(options: Parameters<typeof startSandbox>[0] = {}): Promise<Started> {
  const sandbox = await startSandbox(options);
  closers.push(() => sandbox.sandbox.close());
  return sandbox;
}

async function sepaDebit(stripe: Stripe, amount = 1_000): Promise<Stripe.PaymentIntent> {
  const paymentMethod = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } });
  return stripe.paymentIntents.create({ amount, currency: 'eur', payment_method: paymentMethod.id, confirm: true, mandate_data: onlineMandate });
}

describe('test clocks', () => {
  it('creates, retrieves and advances a clock, and refuses to go backwards', async () => {
    const { stripe } = await started();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: monday() / 1000, name: 'Simulation' });
    expect(clock).toMatchObject({ object: 'test_helpers.test_clock', frozen_time: monday() / 1000, name: 'Simulation', status: 'ready', livemode: false });
    expect(clock.id).toMatch(/^clock_/);
    const customer = await stripe.customers.create({});
    expect(customer.created).toBe(monday() / 1000);

    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: (monday() + days(1)) / 1000 });
    expect(advanced).toMatchObject({ frozen_time: (monday() + days(1)) / 1000, status: 'ready' });
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time).toBe((monday() + days(1)) / 1000);
    const backwards = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: monday() / 1000 }).catch((caught: unknown) => caught);
    expect(backwards).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(backwards).toMatchObject({ param: 'frozen_time' });
    const types = (await stripe.events.list({ limit: 3 })).data.map((event) => event.type);
    expect(types).toEqual(['test_helpers.test_clock.ready', 'test_helpers.test_clock.advancing', 'customer.created']);
  });

  it('runs everything that became due in time order, each at its own time', async () => {
    const { stripe, clock } = await started();
    const { advance } = await clock(monday(10));
    const early = await sepaDebit(stripe); // due Thursday 10:00
    await advance(monday(15));
    const late = await sepaDebit(stripe); // due Thursday 15:00
    await advance(monday(10) + days(10));

    const events = (await stripe.events.list({ limit: 100 })).data.reverse();
    const succeeded = events.filter((event) => event.type === 'payment_intent.succeeded').map((event) => [(event.data.object as Stripe.PaymentIntent).id, event.created]);
    expect(succeeded).toEqual([
      [early.id, (monday(10) + days(3)) / 1000],
      [late.id, (monday(15) + days(3)) / 1000],
    ]);
    const payout = events.find((event) => event.type === 'payout.created');
    // Both settled on Thursday; their funds became available on Friday 00:00 and were paid out then.
    expect(payout?.created).toBe((monday(0) + days(4)) / 1000);
    expect((payout?.data.object as Stripe.Payout).amount).toBe(2 * (1_000 - 8));
    const createdTimes = events.map((event) => event.created);
    expect(createdTimes).toEqual([...createdTimes].sort((a, b) => a - b));
  });

  it('dates webhook signatures by the wall clock, so receivers verify them with the default tolerance', async () => {
    const bodies: { body: string; signature: string }[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        bodies.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['stripe-signature']) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    const { stripe, sandbox, clock } = await started({ webhookSecret: 'whsec_clock', webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` });
    await clock(monday());
    await stripe.customers.create({});
    await sandbox.events.flush();
    const customerCreated = bodies.map((delivery) => stripe.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_clock')).find((event) => event.type === 'customer.created');
    expect(customerCreated?.created).toBe(monday() / 1000);
  });

  it('advanceTo does the same for a host process', async () => {
    const { stripe, sandbox } = await started();
    sandbox.advanceTo(monday());
    const intent = await sepaDebit(stripe);
    sandbox.advanceTo(monday() + days(3));
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });
});

describe('real time', () => {
  it('runs due work before handling a request', async () => {
    let nowMs = monday();
    const { stripe } = await started({ clock: { now: () => nowMs } });
    const intent = await sepaDebit(stripe);
    nowMs += days(3) - 1;
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('processing');
    nowMs += 1;
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('runs due work on a timer, without any request', async () => {
    let nowMs = monday();
    const { stripe, sandbox } = await started({ clock: { now: () => nowMs }, dueWorkIntervalMs: 10 });
    const intent = await sepaDebit(stripe);
    nowMs += days(3);
    await expect.poll(() => sandbox.store.paymentIntents.get(intent.id)?.object.status, { timeout: 1_000, interval: 10 }).toBe('succeeded');
  });
});
