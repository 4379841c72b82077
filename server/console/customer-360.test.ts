// Search and the customer 360 on a known data set, through the real sandbox gateway: a renewal
// charge that fails, a retry scheduled by dunning, the e-mail that says so, a new default card
// that pays, and a staff note — and one timeline that tells it in order, cause before effect.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { timelineEvents } from '@/db/schema';
import { addCustomerContact } from '../auth/users';
import { addPaymentMethod } from '../payments/methods';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { contextFor, makeStaff } from '../testing/fixtures';
import { makeOpenInvoice } from '../testing/payments';
import { gatewayTestbed } from '../testing/gateway-testbed';
import { createCaller } from '../trpc/root';
import { addNote } from './actions';
import { customer360 } from './customer-360';
import { buildTimeline } from './customer-timeline';
import { searchConsole } from './search';

const bed = gatewayTestbed(new Date('2026-06-01T10:00:00Z'));
const day = 24 * 3600_000;
const actor = { type: 'system' as const };


/** A customer whose automatic charge failed, then paid three days later by a new default card. */
async function failedThenPaid() {
  const customer = await makeBillingCustomer(bed.db, { name: 'Pâtisserie Zéphyr' });
  await addCustomerContact(bed.db, { customerId: customer.id, email: `zephyr-${customer.id}@example.com`, name: 'Zoé' });
  await addPaymentMethod(bed.db, bed.registry, { customerId: customer.id, token: 'pm_card_chargeCustomerFail', actor }, bed.now);
  const { invoice } = await makeOpenInvoice(bed.db, { customer, amountMinor: 4_000n, now: bed.now });
  await bed.drain();
  bed.advance(3 * day - 3_600_000);
  await addPaymentMethod(bed.db, bed.registry, { customerId: customer.id, token: 'pm_card_visa', makeDefault: true, actor }, bed.now);
  await bed.drain();
  return { customer, invoice };
}

describe('search', () => {
  it('finds a customer by name, e-mail, contact, invoice number, payment id and card last 4, and says what matched', async () => {
    const { customer, invoice } = await failedThenPaid();
    const view = await customer360(bed.db, customer.id);
    const failed = view.payments.find((payment) => payment.status === 'failed')!;
    const hit = async (query: string) => (await searchConsole(bed.db, { query, limit: 10 })).find((row) => row.id === customer.id)?.matches;
    expect(await hit('zéphyr')).toEqual([{ kind: 'name', value: 'Pâtisserie Zéphyr' }]);
    expect(await hit(customer.email.slice(0, 12))).toEqual([{ kind: 'email', value: customer.email }]);
    expect(await hit(`zephyr-${customer.id}`)).toEqual([{ kind: 'contact', value: `zephyr-${customer.id}@example.com` }]);
    expect(await hit(invoice.number!.toLowerCase())).toEqual([{ kind: 'invoice', value: invoice.number }]);
    expect(await hit(failed.id)).toEqual([{ kind: 'payment', value: failed.id }]);
    expect(await hit('0341')).toEqual([{ kind: 'card', value: 'visa 0341' }]);
    expect(await hit('4242')).toContainEqual({ kind: 'card', value: 'visa 4242' });
    // Wildcards are typed, not interpreted; a miss is an empty list.
    expect(await searchConsole(bed.db, { query: '%_%', limit: 10 })).toEqual([]);
    expect((await searchConsole(bed.db, { query: '', limit: 10 })).map((row) => row.id)).toContain(customer.id);
  });
});

describe('customer 360', () => {
  it('shows the failed charge, its decline code, the retry, the e-mail and the payment by the new card as one chain', async () => {
    const { customer, invoice } = await failedThenPaid();
    const staff = await makeStaff(bed.db, 'support');
    bed.advance(60_000);
    await addNote(bed.db, { customerId: customer.id, body: 'Called: card replaced.' }, { id: staff.userId, role: 'support', email: staff.email }, bed.now);
    const view = await createCaller(contextFor(bed.db, staff, bed.now.toISOString(), bed.registry)).staff.support.view({ id: customer.id });

    expect(view.payments.map((payment) => [payment.attempt, payment.status, payment.declineCode, payment.method?.last4])).toEqual([
      [2, 'succeeded', null, '4242'],
      [1, 'failed', 'generic_decline', '0341'],
    ]);
    expect(view.invoices[0]).toMatchObject({ id: invoice.id, status: 'paid', dunning: { status: 'recovered', failedAttempts: 1 } });
    // Display data only: nothing a gateway could charge.
    expect(Object.keys(view.paymentMethods[0]!)).not.toContain('gatewayPaymentMethodId');
    expect(view.paymentMethods.map((method) => [method.last4, method.isDefault])).toEqual([
      ['4242', true],
      ['0341', false],
    ]);
    expect(view.emails.map((email) => email.kind)).toEqual(expect.arrayContaining(['payment_failed', 'payment_receipt']));
    expect(view.gatewayEvents.length).toBeGreaterThan(0);
    expect(view.notes.map((note) => note.body)).toEqual(['Called: card replaced.']);

    const thread = view.timeline.filter((item) => item.invoiceId === invoice.id);
    const kinds = thread.map((item) => item.kind);
    expect(kinds.slice(0, 5)).toEqual(['invoice.finalized', 'payment.failed', 'dunning.started', 'dunning.retry_scheduled', 'email.sent']);
    expect(kinds).toEqual(expect.arrayContaining(['payment.succeeded', 'invoice.paid', 'dunning.recovered']));
    expect(kinds.indexOf('payment.succeeded')).toBeGreaterThan(kinds.indexOf('email.sent'));
    expect(thread[1]!.facts).toMatchObject({ declineCode: 'generic_decline', method: 'visa •••• 0341' });
    expect(thread[3]!.facts.inDays).toBe(3);
    expect(thread[4]!.facts.emailKind).toBe('payment_failed');
    expect(thread.find((item) => item.kind === 'payment.succeeded')!.facts.method).toBe('visa •••• 4242');
    // Each entry of the thread names the one before it as its cause.
    thread.forEach((item, index) => expect(item.causeId).toBe(index === 0 ? null : thread[index - 1]!.id));
    // In time order overall; the note and its audit row are there too.
    const times = view.timeline.map((item) => item.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(view.timeline.filter((item) => item.kind === 'note' || item.facts.action === 'customer.note')).toHaveLength(2);
    expect(view.threads.map((t) => t.invoiceId)).toContain(invoice.id);
    // E-mails come from the outbox once, not twice (the recorded email.sent adds only the invoice link).
    const sent = await bed.db.select().from(timelineEvents).where(eq(timelineEvents.customerId, customer.id));
    expect(view.timeline.filter((item) => item.kind === 'email.sent')).toHaveLength(view.emails.length);
    expect(sent.some((event) => event.kind === 'email.sent')).toBe(true);
  });

  it('answers NOT_FOUND for an unknown customer', async () => {
    const staff = await makeStaff(bed.db, 'finance');
    await expect(createCaller(contextFor(bed.db, staff)).staff.support.view({ id: 'cus_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('buildTimeline', () => {
  it('orders a story told at one frozen instant by the attempt each entry belongs to', () => {
    const at = new Date('2026-06-01T10:00:00Z');
    const event = (id: string, kind: string, extra: { invoiceId?: string | null; paymentId?: string | null; data?: unknown } = {}) => ({ id, occurredAt: at, createdAt: at, kind, invoiceId: extra.invoiceId === undefined ? 'in_1' : extra.invoiceId, paymentId: extra.paymentId ?? null, data: extra.data ?? {} });
    const items = buildTimeline({
      events: [
        event('recovered', 'dunning.recovered', { paymentId: 'p3' }),
        event('paid', 'invoice.paid', { paymentId: 'p3' }),
        event('ok', 'payment.succeeded', { paymentId: 'p3' }),
        event('retry-new-card', 'dunning.retry_scheduled', { data: { paymentMethodId: 'pm_b' } }),
        event('card', 'payment_method.added', { invoiceId: null, data: { paymentMethodId: 'pm_b' } }),
        event('fail2', 'payment.failed', { paymentId: 'p2' }),
        event('email-link', 'email.sent', { data: { messageId: 'msg_failed' } }),
        event('retry', 'dunning.retry_scheduled', { data: { paymentId: 'p1', nextRetryAt: new Date(at.getTime() + 3 * day).toISOString() } }),
        event('started', 'dunning.started'),
        event('fail1', 'payment.failed', { paymentId: 'p1' }),
        event('receipt-link', 'email.sent', { paymentId: 'p3', data: { messageId: 'msg_receipt' } }),
      ],
      invoices: [{ id: 'in_1', number: 'INV-1', totalMinor: 100n, currency: 'EUR', billingReason: 'subscription_cycle', finalizedAt: at, voidedAt: null, markedUncollectibleAt: null }],
      emails: [
        { id: 'msg_receipt', kind: 'payment_receipt', toAddress: 'a@example.com', subject: 'Receipt', status: 'stored', createdAt: at, dedupeKey: null },
        { id: 'msg_failed', kind: 'payment_failed', toAddress: 'a@example.com', subject: 'Failed', status: 'stored', createdAt: at, dedupeKey: 'payment_failed:in_1:1' },
      ],
      audits: [{ id: 'staff-retry', actorType: 'staff', actorId: 'usr_1', actorEmail: 'support@example.com', action: 'payment.retry', subjectType: 'invoice', subjectId: 'in_1', reason: 'asked', before: {}, after: { paymentId: 'p2' }, createdAt: at }],
      notes: [],
      payments: [
        { id: 'p3', invoiceId: 'in_1', attempt: 3, initiatedBy: 'automatic', status: 'succeeded', paymentMethodId: 'pm_b' },
        { id: 'p2', invoiceId: 'in_1', attempt: 2, initiatedBy: 'staff', status: 'failed', paymentMethodId: 'pm_a' },
        { id: 'p1', invoiceId: 'in_1', attempt: 1, initiatedBy: 'automatic', status: 'failed', paymentMethodId: 'pm_a' },
      ],
    });
    expect(items.map((item) => item.id)).toEqual([
      'in_1:finalized',
      'fail1',
      'started',
      'retry',
      'msg_failed',
      'staff-retry',
      'fail2',
      'card',
      'retry-new-card',
      'ok',
      'paid',
      'recovered',
      'msg_receipt',
    ]);
    expect(items.find((item) => item.id === 'staff-retry')!.causeId).toBe('msg_failed');
  });


  it('puts a cause before its effect within one instant, whatever order the rows come in', () => {
    const at = new Date('2026-06-01T10:00:00Z');
    const items = buildTimeline({
      events: [
        { id: 'e2', occurredAt: at, createdAt: at, kind: 'dunning.retry_scheduled', invoiceId: 'in_1', paymentId: null, data: { nextRetryAt: new Date(at.getTime() + 3 * day).toISOString() } },
        { id: 'e1', occurredAt: at, createdAt: at, kind: 'payment.failed', invoiceId: 'in_1', paymentId: 'pay_1', data: { declineCode: 'insufficient_funds' } },
      ],
      invoices: [{ id: 'in_1', number: 'INV-1', totalMinor: 100n, currency: 'EUR', billingReason: 'subscription_cycle', finalizedAt: at, voidedAt: null, markedUncollectibleAt: null }],
      emails: [{ id: 'msg_1', kind: 'payment_failed', toAddress: 'a@example.com', subject: 'Failed', status: 'stored', createdAt: at, dedupeKey: null }],
      audits: [],
      notes: [],
      payments: [],
    });
    expect(items.map((item) => item.kind)).toEqual(['invoice.finalized', 'payment.failed', 'dunning.retry_scheduled', 'email.sent']);
    expect(items[2]!.facts.inDays).toBe(3);
    expect(items[2]!.causeId).toBe('e1');
    expect(items[3]!.causeId).toBeNull();
  });
});
