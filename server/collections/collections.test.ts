// Collections end to end, with the simulated clock, the sandbox (real Stripe gateway over HTTP,
// webhooks delivered to Settle) and a real SMTP server: automatic charging at renewal, retries on
// schedule with an e-mail at each step, recovery by a new default method, a hard decline that is
// never retried, attempts that run out into the policy's final action, a SEPA debit processing at
// the due date that triggers no reminder, and a charge made once despite a crash before commit.
import { and, asc, eq, min, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { dunningOutcomes, invoiceDunnings, invoices, jobs, outboxMessages, paymentMethods, payments, subscriptions, timelineEvents } from '@/db/schema';
import { setGatewaysForTesting } from '../gateways';
import { checkInvariants } from '../invariants';
import { newId } from '../ids';
import { createDraftInvoice, finalizeInvoice } from '../invoices';
import { jobHandlers } from '../jobs/handlers';
import { drainDue } from '../jobs/queue';
import { setMailSettingsForTesting } from '../notifications/outbox';
import { addPaymentMethod, ensureGatewayCustomer } from '../payments/methods';
import { payInvoice } from '../payments/pay';
import { cancelSubscription, createSubscription } from '../subscriptions';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../testing/payments';
import { startSmtpServer } from '../testing/smtp';
import { collectionChargeJob } from './collect';
import { collectionChargeQueue, saveDunningPolicy } from './dunning';
import { defaultDunningPolicy } from './rules';

let handle: DatabaseHandle;
let gateway: TestGateway;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let stripe: Stripe;
const day = 24 * 3600_000;
let clock = new Date('2026-06-01T10:00:00Z'); // a Monday
const actor = { type: 'system' as const };

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  setMailSettingsForTesting({ smtp: { url: smtp.url }, from: 'Nimbus <billing@nimbus.example>' });
  gateway = await startTestGateway({ db: handle.db, now: () => clock });
  await gateway.advanceTo(clock);
  setGatewaysForTesting(gateway.registry);
  const base = new URL(gateway.config.apiBase);
  stripe = new Stripe(gateway.config.secretKey, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  // Whatever the tests did, every invariant holds (the collection ones included).
  expect(await checkInvariants(handle.db)).toEqual([]);
  setGatewaysForTesting(null);
  setMailSettingsForTesting(null);
  await gateway.close();
  await smtp.close();
  await handle.close();
});

const drain = async () => {
  const ran = await drainDue(handle.db, { now: clock, workerId: 'test', handlers: jobHandlers });
  await gateway.settled();
  return ran;
};

/** The simulation clock's walk: each due job runs at its own time, in order; the sandbox follows. */
async function advanceTo(target: Date) {
  for (;;) {
    const [next] = await handle.db
      .select({ at: min(jobs.runAt) })
      .from(jobs)
      .where(sql`${jobs.status} = 'pending' and ${jobs.runAt} <= ${target.toISOString()}::timestamptz`);
    if (!next?.at) break;
    if (next.at > clock) clock = next.at;
    if ((await drain()) === 0) break;
  }
  clock = target;
  await gateway.advanceTo(clock);
  await gateway.settled();
  await drain();
}
const advanceDays = (days: number) => advanceTo(new Date(clock.getTime() + days * day));

const mailsTo = (address: string, kind?: string) =>
  handle.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.toAddress, address), kind ? eq(outboxMessages.kind, kind) : undefined))
    .orderBy(asc(outboxMessages.createdAt));
const deliveredTo = (address: string, subjectPart: string) => smtp.received.filter((mail) => mail.to.includes(address) && mail.raw.includes(subjectPart));
const timeline = (customerId: string) => handle.db.select().from(timelineEvents).where(eq(timelineEvents.customerId, customerId)).orderBy(asc(timelineEvents.occurredAt), asc(timelineEvents.createdAt));
const attemptsOf = (invoiceId: string) => handle.db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(asc(payments.attempt));
const dunningOf = async (invoiceId: string) => (await handle.db.select().from(invoiceDunnings).where(eq(invoiceDunnings.invoiceId, invoiceId)))[0];
const subscriptionOf = async (id: string) => (await handle.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!;
const firstInvoiceOf = async (subscriptionId: string) =>
  (await handle.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId)).orderBy(asc(invoices.createdAt)))[0]!;
const intentsFor = (invoiceId: string) => [...gateway.sandbox.store.paymentIntents.values()].map((stored) => stored.object).filter((intent) => (intent.metadata as Record<string, string>).settle_invoice_id === invoiceId);

async function subscribedCustomer(token: string | null, options: { trialDays?: number; locale?: string } = {}) {
  const customer = await makeBillingCustomer(handle.db, { locale: options.locale ?? 'en' });
  if (token) await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token, actor }, clock);
  const price = await makePrice(handle.db, { unitAmount: 2500 }, clock);
  const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }], trialDays: options.trialDays ?? 0 }, clock);
  return { customer, subscription };
}

describe('a renewal on a card that attaches but fails (pm_card_chargeCustomerFail)', () => {
  it('fails at renewal, is retried on schedule with an e-mail at each step, recovers with a new default card, and gets no dunning e-mail afterwards', async () => {
    const { customer, subscription } = await subscribedCustomer('pm_card_chargeCustomerFail', { trialDays: 7 });
    const start = clock;
    // The trial ends: the renewal bills the first period and the collection job charges it.
    await advanceTo(new Date(start.getTime() + 7 * day + 60_000));
    const invoice = await firstInvoiceOf(subscription.id);
    expect(invoice).toMatchObject({ status: 'open', collectionMethod: 'charge_automatically', billingReason: 'subscription_cycle' });
    expect((await attemptsOf(invoice.id)).map((p) => [p.status, p.initiatedBy, p.offSession, p.declineCode])).toEqual([['failed', 'automatic', true, 'generic_decline']]);
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'active', failedAttempts: 1, maxAttempts: 5, declineClass: 'soft', nextAction: 'retry' });
    expect((await subscriptionOf(subscription.id)).status).toBe('past_due');
    const firstFailure = (await dunningOf(invoice.id))!.firstFailedAt;

    // Retry 2 falls 3 days after the first failure, and fails too.
    await advanceTo(new Date(firstFailure.getTime() + 3 * day - 60_000));
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
    await advanceTo(new Date(firstFailure.getTime() + 3 * day + 60_000));
    expect((await attemptsOf(invoice.id)).map((p) => p.status)).toEqual(['failed', 'failed']);
    expect(await dunningOf(invoice.id)).toMatchObject({ failedAttempts: 2, nextActionAt: new Date(firstFailure.getTime() + 8 * day) });

    // An e-mail at each step, delivered over SMTP, each on the timeline; every step with its reason.
    const failedMails = await mailsTo(customer.email, 'payment_failed');
    expect(failedMails.map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(deliveredTo(customer.email, 'We could not collect the payment')).toHaveLength(2);
    expect(failedMails[0]!.text).toContain('your bank declined the payment');
    expect(failedMails[0]!.text).toContain(`/i/${invoice.hostedToken}`);
    const steps = (await timeline(customer.id)).filter((e) => e.kind.startsWith('dunning.'));
    expect(steps.map((e) => [e.kind, (e.data as { reason: string }).reason])).toEqual([
      ['dunning.started', `automatic payment of invoice ${invoice.number} failed`],
      ['dunning.retry_scheduled', 'retry scheduled in 3 days: declined by the bank (soft decline), attempt 2 of 5'],
      ['dunning.retry_scheduled', 'retry scheduled in 5 days: declined by the bank (soft decline), attempt 3 of 5'],
    ]);
    expect((await timeline(customer.id)).filter((e) => e.kind === 'email.sent' && (e.data as { kind: string }).kind === 'payment_failed')).toHaveLength(2);

    // A day later the customer adds 4242 as the new default: retried at once, paid.
    await advanceDays(1);
    await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_visa', makeDefault: true, actor }, clock);
    await drain();
    expect((await attemptsOf(invoice.id)).map((p) => p.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe('paid');
    expect((await subscriptionOf(subscription.id)).status).toBe('active');
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'recovered', nextAction: null });
    const [outcome] = await handle.db.select().from(dunningOutcomes).where(eq(dunningOutcomes.invoiceId, invoice.id));
    expect(outcome).toMatchObject({ outcome: 'recovered', attempts: 3, daysInDunning: 4 });
    expect((await mailsTo(customer.email, 'payment_receipt')).length).toBe(1);

    // From then on: the scheduled retry does nothing, and no dunning e-mail, even over the next renewal.
    const dunningMails = async () => (await mailsTo(customer.email)).filter((m) => ['payment_failed', 'final_notice', 'invoice_reminder'].includes(m.kind));
    await advanceDays(40);
    expect(await dunningMails()).toHaveLength(2);
    expect(await attemptsOf(invoice.id)).toHaveLength(3);
    const renewed = (await handle.db.select().from(invoices).where(eq(invoices.subscriptionId, subscription.id))).filter((i) => i.id !== invoice.id);
    expect(renewed.length).toBeGreaterThanOrEqual(1);
    expect(renewed.every((i) => i.status === 'paid')).toBe(true);
  });
});

describe('a card reported stolen', () => {
  it('is never retried; the customer is told to update the method; the window closes into the final action', async () => {
    // Stripe documents no card that attaches and then declines as stolen (its stolen test card
    // fails when attached). The card is recorded as if saved before it was reported stolen: its
    // gateway id is Stripe's documented pm_card_chargeDeclinedStolenCard, which the sandbox, like
    // Stripe, charges as a fresh card of that number — and declines with stolen_card.
    const customer = await makeBillingCustomer(handle.db, { locale: 'fr' });
    await ensureGatewayCustomer(handle.db, gateway.registry.get('stripe'), customer);
    await handle.db.insert(paymentMethods).values({
      id: newId('pmeth'),
      customerId: customer.id,
      gateway: 'stripe',
      gatewayPaymentMethodId: 'pm_card_chargeDeclinedStolenCard',
      type: 'card',
      brand: 'visa',
      last4: '9979',
      expMonth: 12,
      expYear: 2030,
      isDefault: true,
      createdAt: clock,
    });
    const price = await makePrice(handle.db, { unitAmount: 2500 }, clock);
    const { subscription } = await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, clock);
    await drain();
    const invoice = await firstInvoiceOf(subscription.id);
    expect((await attemptsOf(invoice.id)).map((p) => [p.status, p.declineCode])).toEqual([['failed', 'stolen_card']]);
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'active', declineClass: 'hard', nextAction: 'await_method' });
    const [mail] = await mailsTo(customer.email, 'payment_failed');
    expect(mail!.subject).toBe(`Le paiement de la facture ${invoice.number} n’a pas abouti`);
    expect(mail!.text).toContain('votre carte a été déclarée volée');
    expect(mail!.text).toContain('Nous ne réessaierons pas ce moyen de paiement');
    const step = (await timeline(customer.id)).find((e) => e.kind === 'dunning.awaiting_method');
    expect((step!.data as { reason: string }).reason).toBe('not retried on this method: card reported stolen (hard decline); the customer is asked to update the payment method (attempt 1 of 5)');

    // Three weeks pass: not one retry.
    await advanceDays(21);
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
    expect(intentsFor(invoice.id)).toHaveLength(1);
    // The policy's window (3+5+7+7 days) closes: cancel_subscription, the final notice, a loss for finance.
    await advanceDays(2);
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'exhausted' });
    expect((await subscriptionOf(subscription.id)).status).toBe('canceled');
    expect((await mailsTo(customer.email, 'final_notice')).map((m) => m.subject)).toEqual([`Dernier avis pour la facture ${invoice.number}`]);
    expect(await handle.db.select().from(dunningOutcomes).where(eq(dunningOutcomes.invoiceId, invoice.id))).toMatchObject([{ outcome: 'lost', attempts: 1, detail: 'cancel subscription' }]);
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
  });
});

describe('cancelling a subscription in dunning', () => {
  it('stops its dunning: the retry already queued charges nothing', async () => {
    const { customer, subscription } = await subscribedCustomer('pm_card_chargeCustomerFail');
    await drain();
    const invoice = await firstInvoiceOf(subscription.id);
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'active', failedAttempts: 1 });
    await cancelSubscription(handle.db, subscription.id, {}, clock);
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'stopped', stoppedReason: 'the subscription was canceled' });
    await advanceDays(30);
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
    expect(intentsFor(invoice.id)).toHaveLength(1);
    expect(await mailsTo(customer.email, 'payment_failed')).toHaveLength(1);
    expect((await timeline(customer.id)).find((e) => e.kind === 'dunning.stopped')).toBeDefined();
  });
});

describe('attempts that run out', () => {
  it('meet the policy’s final action: mark unpaid and the invoice uncollectible', async () => {
    await saveDunningPolicy(handle.db, { ...defaultDunningPolicy, retryIntervalsDays: [1, 2], finalAction: 'mark_unpaid', markUncollectible: true }, clock);
    const { customer, subscription } = await subscribedCustomer('pm_card_chargeCustomerFail');
    await drain();
    const invoice = await firstInvoiceOf(subscription.id);
    await advanceDays(4);
    expect((await attemptsOf(invoice.id)).map((p) => p.status)).toEqual(['failed', 'failed', 'failed']);
    expect(await dunningOf(invoice.id)).toMatchObject({ status: 'exhausted', failedAttempts: 3, maxAttempts: 3 });
    expect((await subscriptionOf(subscription.id)).status).toBe('unpaid');
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe('uncollectible');
    expect((await mailsTo(customer.email)).map((m) => m.kind).sort()).toEqual(['final_notice', 'payment_failed', 'payment_failed', 'payment_failed']);
    expect(deliveredTo(customer.email, 'Final notice')).toHaveLength(1);
    const exhausted = (await timeline(customer.id)).find((e) => e.kind === 'dunning.exhausted');
    expect((exhausted!.data as { reason: string }).reason).toBe('attempts exhausted: declined by the bank (soft decline), attempt 3 of 3; final action: mark unpaid, invoice marked uncollectible');
    await advanceDays(10);
    expect(await attemptsOf(invoice.id)).toHaveLength(3);
    await saveDunningPolicy(handle.db, defaultDunningPolicy, clock);
  });
});

describe('a SEPA debit processing at the due date', () => {
  it('triggers no reminder; the reminders skipped are on the timeline with the reason', async () => {
    // Paid on a Friday, a debit settles the Wednesday after (three business days).
    const friday = new Date(clock);
    friday.setUTCDate(friday.getUTCDate() + ((5 - friday.getUTCDay() + 7) % 7 || 7));
    await advanceTo(friday);
    const customer = await makeBillingCustomer(handle.db, { paymentTerms: { type: 'net', days: 2 } });
    const draft = await createDraftInvoice(handle.db, {
      customer,
      subscriptionId: null,
      billingReason: 'manual',
      collectionMethod: 'send_invoice',
      periodStart: null,
      periodEnd: null,
      lines: [{ description: 'Consulting', priceId: null, productId: null, subscriptionItemId: null, quantity: 1n, unitAmountDecimal: null, amountMinor: 10_000n, taxBehavior: 'exclusive', periodStart: null, periodEnd: null, proration: false }],
      discount: null,
      now: clock,
    });
    const invoice = await handle.db.transaction((tx) => finalizeInvoice(tx, draft!.id, clock));
    await drain();
    const issued = await mailsTo(customer.email, 'invoice_issued');
    expect(issued).toHaveLength(1);
    expect(issued[0]!.text).toContain(invoice.paymentReference!);
    expect(issued[0]!.text).toContain(`/i/${invoice.hostedToken}`);
    // The customer pays by SEPA debit the same day: processing for three business days.
    const sepa = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: customer.name, email: customer.email } });
    await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: sepa.id, type: 'sepa_debit', mandate: { acceptedAt: clock, ipAddress: '203.0.113.7', userAgent: 'vitest' }, actor }, clock);
    const { payment } = await payInvoice(handle.db, gateway.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, clock);
    expect(payment.status).toBe('processing');
    // Due on Sunday; the reminder of the day after (Monday) falls while the debit processes.
    await advanceDays(3.1);
    expect((await attemptsOf(invoice.id))[0]!.status).toBe('processing');
    expect(await mailsTo(customer.email, 'invoice_reminder')).toEqual([]);
    const skipped = (await timeline(customer.id)).filter((e) => e.kind === 'reminder.skipped');
    expect(skipped.map((e) => [(e.data as { step: string }).step, (e.data as { reason: string }).reason])).toEqual([['after_1', `reminder after 1 day(s) not sent: payment ${payment.id} is processing`]]);
    await advanceDays(20);
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe('paid');
    expect(await mailsTo(customer.email, 'invoice_reminder')).toEqual([]);
  }, 120_000);
});

describe('a collection job that dies after the charge, before its commit', () => {
  it('is retried and charges once at the sandbox', async () => {
    const customer = await makeBillingCustomer(handle.db);
    await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token: 'pm_card_visa', actor }, clock);
    // Finalised open: its collection job is queued, due now.
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now: clock });
    let crashes = 0;
    const crashing = collectionChargeJob(() => gateway.registry, {
      afterCharge: () => {
        crashes++;
        throw new Error('the worker died after the charge');
      },
    });
    await drainDue(handle.db, { now: clock, workerId: 'doomed', handlers: { [collectionChargeQueue]: crashing } });
    expect(crashes).toBe(1);
    // The charge happened at the sandbox; Settle's transaction (attempt row included) was rolled back.
    expect(intentsFor(invoice.id).map((intent) => intent.status)).toEqual(['succeeded']);
    expect(await attemptsOf(invoice.id)).toEqual([]);
    const [job] = await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, `collection:${invoice.id}:1`));
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    // The retry (after its backoff) opens the same attempt; the gateway answers with the first charge.
    await advanceTo(new Date(clock.getTime() + 60_000));
    expect(intentsFor(invoice.id)).toHaveLength(1);
    expect([...gateway.sandbox.store.charges.values()].filter((charge) => (charge.metadata as Record<string, string>).settle_invoice_id === invoice.id)).toHaveLength(1);
    expect((await attemptsOf(invoice.id)).map((p) => p.status)).toEqual(['succeeded']);
    expect((await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe('paid');
  });
});

describe('the collection invariants', () => {
  const rollback = new Error('rollback');
  async function plantAndCheck(plant: (tx: typeof handle.db) => Promise<unknown>): Promise<string[]> {
    let names: string[] = [];
    await handle.db
      .transaction(async (tx) => {
        await plant(tx);
        names = (await checkInvariants(tx)).map((violation) => violation.invariant);
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    return names;
  }

  it('each catches what it forbids', async () => {
    const [paid] = await handle.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.status, 'paid'), sql`${invoices.paidAt} is not null`, sql`not exists (select 1 from invoice_dunnings d where d.invoice_id = ${invoices.id})`))
      .limit(1);
    const [stopped] = await handle.db.select().from(invoiceDunnings).where(eq(invoiceDunnings.status, 'stopped'));
    const [canceled] = await handle.db.select().from(subscriptions).where(eq(subscriptions.id, stopped!.subscriptionId!));
    const late = new Date(clock.getTime() + day);
    expect(
      await plantAndCheck((tx) =>
        tx.insert(invoiceDunnings).values({ invoiceId: paid!.id, customerId: paid!.customerId, status: 'active', failedAttempts: 1, maxAttempts: 5, firstFailedAt: clock }),
      ),
    ).toContain('dunning.only_while_owed');
    expect(await plantAndCheck((tx) => tx.update(invoiceDunnings).set({ status: 'active', closedAt: null }).where(eq(invoiceDunnings.invoiceId, stopped!.invoiceId)))).toContain(
      'dunning.stops_with_subscription',
    );
    expect(
      await plantAndCheck((tx) =>
        tx.insert(payments).values({
          id: newId('pay'),
          invoiceId: stopped!.invoiceId,
          customerId: stopped!.customerId,
          attempt: 99,
          gateway: 'stripe',
          idempotencyKey: newId('pay'),
          amountMinor: 100n,
          currency: 'EUR',
          status: 'failed',
          initiatedBy: 'automatic',
          createdAt: new Date(canceled!.endedAt!.getTime() + 1000),
        }),
      ),
    ).toContain('collection.no_charge_after_cancellation');
    expect(
      await plantAndCheck((tx) =>
        tx.insert(outboxMessages).values({
          id: newId('msg'),
          kind: 'invoice_reminder',
          toAddress: 'x@example.com',
          fromAddress: 'billing@example.com',
          subject: 'Reminder',
          html: '',
          text: '',
          status: 'stored',
          dedupeKey: `invoice_reminder:${paid!.id}:after_1`,
          createdAt: late,
        }),
      ),
    ).toContain('collection.no_reminder_when_settled');
    expect(await plantAndCheck((tx) => tx.delete(timelineEvents).where(and(eq(timelineEvents.invoiceId, stopped!.invoiceId), eq(timelineEvents.kind, 'dunning.stopped'))))).toContain(
      'dunning.steps_on_timeline',
    );
  });
});
