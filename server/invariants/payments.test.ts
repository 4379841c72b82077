// The payment invariants over consistent books made by the domain (an invoice paid by a bank
// transfer, a refunded card payment, processed webhook events), each then broken by writing
// rows directly inside a transaction that is rolled back.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { customers, payments, refunds, timelineEvents, webhookEvents } from '@/db/schema';
import { importBankStatement } from '../payments/bank-statements';
import { makeOpenInvoice } from '../testing/payments';
import { createTestDatabase } from '../testing/database';
import { cardNumbersIn, findCardNumbers, luhnValid } from './card-numbers';
import { checkInvariants, type InvariantViolation } from '.';

let handle: DatabaseHandle;
const now = new Date('2026-06-01T09:00:00Z');
const ids = { invoice: '', customer: '', payment: '', open: '' };

beforeAll(async () => {
  // The card-number check is tested by planting one.
  handle = await createTestDatabase({ plantsCardNumbers: true });
  const db = handle.db;
  const { invoice, customer } = await makeOpenInvoice(db, { now, amountMinor: 10_000n });
  const { invoice: open } = await makeOpenInvoice(db, { now, amountMinor: 5_000n, customer });
  // 100.00 + 20 % VAT paid by transfer: one succeeded payment of 12 000.
  const { lines } = await importBankStatement(db, { csv: `date,amount,currency,reference\n2026-05-31,120.00,EUR,${invoice.paymentReference}\n`, actor: { type: 'cli' } }, now);
  Object.assign(ids, { invoice: invoice.id, customer: customer.id, payment: lines[0]!.paymentId!, open: open.id });
  // A part refunded, recorded as the refund flow records it.
  await db.insert(refunds).values({ id: 'rf_books', paymentId: ids.payment, invoiceId: invoice.id, customerId: customer.id, gateway: 'stripe', amountMinor: 1_000n, currency: 'EUR', status: 'succeeded', createdAt: now });
  await db.update(payments).set({ amountRefundedMinor: 1_000n }).where(eq(payments.id, ids.payment));
  await db.insert(webhookEvents).values([
    { id: 'whe_1', gateway: 'stripe', eventId: 'evt_1', type: 'charge.succeeded', payload: { id: 'evt_1' }, gatewayCreatedAt: now, status: 'processed', processedAt: now },
    { id: 'whe_2', gateway: 'stripe', eventId: 'evt_2', type: 'charge.refunded', payload: { id: 'evt_2' }, gatewayCreatedAt: now, status: 'pending' },
  ]);
});
afterAll(() => handle.close());

class RolledBack extends Error {}

async function violationsAfter(change: (tx: Database) => Promise<unknown>): Promise<InvariantViolation[]> {
  let violations: InvariantViolation[] = [];
  await handle.db
    .transaction(async (tx) => {
      await change(tx);
      violations = await checkInvariants(tx);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return violations;
}

const attempt = (values: Partial<typeof payments.$inferInsert> & { id: string; attempt: number }): typeof payments.$inferInsert => ({
  invoiceId: ids.open,
  customerId: ids.customer,
  gateway: 'stripe',
  idempotencyKey: `key-${values.id}`,
  amountMinor: 6_000n,
  currency: 'EUR',
  status: 'processing',
  initiatedBy: 'api',
  createdAt: now,
  ...values,
});

const refund = (id: string, amountMinor: bigint, status: 'pending' | 'succeeded') => ({
  id, paymentId: ids.payment, invoiceId: ids.invoice, customerId: ids.customer, gateway: 'stripe', amountMinor, currency: 'EUR', status, createdAt: now,
});

describe('payment invariants', () => {
  it('hold on the consistent books', async () => {
    expect(await checkInvariants(handle.db)).toEqual([]);
  });

  it.each<[string, string[], (tx: Database) => Promise<unknown>]>([
    // 1 000 refunded + 11 500 pending > 12 000 paid.
    ['refunds beyond the payment', ['payment.refunds_within_amount'], (tx) => tx.insert(refunds).values(refund('rf_pending', 11_500n, 'pending'))],
    ['amount_refunded not the refunds', ['payment.amount_refunded'], (tx) => tx.update(payments).set({ amountRefundedMinor: 2_000n }).where(eq(payments.id, ids.payment))],
    ['a succeeded refund not on the payment', ['payment.amount_refunded'], (tx) => tx.insert(refunds).values(refund('rf_more', 500n, 'succeeded'))],
    [
      'two attempts in flight',
      ['payment.one_in_flight_per_invoice'],
      async (tx) => {
        await tx.execute(sql`drop index payments_one_in_flight`);
        await tx.insert(payments).values([attempt({ id: 'pay_a', attempt: 1 }), attempt({ id: 'pay_b', attempt: 2, status: 'requires_action' })]);
      },
    ],
    [
      'two successes for one attempt',
      // They also pay more than the invoice shows as paid.
      ['payment.one_success_per_attempt', 'invoice.amount_paid_is_payments'],
      async (tx) => {
        await tx.execute(sql`drop index payments_attempt_unique`);
        await tx.insert(payments).values([attempt({ id: 'pay_c', attempt: 1, status: 'succeeded' }), attempt({ id: 'pay_d', attempt: 1, status: 'succeeded' })]);
      },
    ],
    ['overpaid not what the invoice lacks', ['invoice.amount_paid_is_payments'], (tx) => tx.update(payments).set({ overpaidMinor: 100n }).where(eq(payments.id, ids.payment))],
    [
      'a webhook event stored twice',
      ['webhook.stored_once'],
      async (tx) => {
        await tx.execute(sql`drop index webhook_events_unique`);
        await tx.insert(webhookEvents).values({ id: 'whe_dup', gateway: 'stripe', eventId: 'evt_1', type: 'charge.succeeded', payload: {}, gatewayCreatedAt: now, status: 'ignored' });
      },
    ],
    ['a processed event without processed_at', ['webhook.processed_has_time'], (tx) => tx.update(webhookEvents).set({ processedAt: null }).where(eq(webhookEvents.id, 'whe_1'))],
    ['a card number in a name', ['database.no_card_numbers'], (tx) => tx.update(customers).set({ name: 'Paid with 4242424242424242' }).where(eq(customers.id, ids.customer))],
    [
      'a card number in JSON',
      ['database.no_card_numbers'],
      (tx) => tx.update(webhookEvents).set({ payload: { card: { number: 5555555555554444 } } }).where(eq(webhookEvents.id, 'whe_2')),
    ],
  ])('report %s', async (_, expected, change) => {
    const violations = await violationsAfter(change);
    expect(violations.map((violation) => violation.invariant).sort()).toEqual([...expected].sort());
  });

  it('name where a card number is, and never print it', async () => {
    const [violation] = await violationsAfter((tx) =>
      tx.update(timelineEvents).set({ data: { note: 'customer read out 4000 0566 5566 5556 then 4000056655665556' } }).where(eq(timelineEvents.paymentId, ids.payment)),
    );
    expect(violation).toEqual({ invariant: 'database.no_card_numbers', subject: expect.stringMatching(/^timeline_events\.data of row tl_/), detail: 'holds a card number (16 digits ending 5556)' });
    expect(JSON.stringify(violation)).not.toContain('4000056655665556');
  });
});

describe('findCardNumbers', () => {
  it('finds nothing in the consistent books, which hold last fours, hashes and timestamps', async () => {
    expect(await findCardNumbers(handle.db)).toEqual([]);
  });

  it('reads whole Luhn-valid runs of 13 to 19 digits, outside hexadecimal digests', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(cardNumbersIn('a 4242424242424242 b')).toEqual(['4242424242424242']);
    expect(cardNumbersIn('"378282246310005"')).toEqual(['378282246310005']); // 15-digit Amex
    expect(cardNumbersIn('4242424242424241')).toEqual([]); // Luhn fails
    expect(cardNumbersIn('942424242424242420')).toEqual([]); // 18 digits, Luhn fails as a whole
    expect(cardNumbersIn('12345678901234567890123')).toEqual([]); // longer than 19
    expect(cardNumbersIn('4242 4242 4242 4242')).toEqual([]); // groups of four: not a run (documented limit)
    // A SHA-256 whose digit run happens to pass Luhn is a digest, not a card.
    expect(cardNumbersIn(`ab${'4242424242424242'}cdef0123456789abcdef0123456789abcdef0123456789`)).toEqual([]);
  });
});
