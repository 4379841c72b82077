// The invariants over a small, consistent set of books written row by row (as the invoice engine
// would leave them), then broken one rule at a time inside a transaction that is rolled back.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { couponRedemptions, coupons, creditNotes, customerBalanceTransactions, customers, invoiceLines, invoiceNumberSeries, invoices, payments, subscriptions } from '@/db/schema';
import { createCoupon, redeemCoupon } from '../coupons';
import { createCustomer } from '../customers';
import { createTestDatabase } from '../testing/database';
import { checkInvariants, invariantChecks, type InvariantViolation } from '.';

let handle: DatabaseHandle;
const now = new Date('2026-03-15T10:00:00Z');
const periodOne = new Date('2026-01-15T00:00:00Z');
const periodTwo = new Date('2026-02-15T00:00:00Z');
const periodThree = new Date('2026-03-15T00:00:00Z');

// Ids of the rows the breaking changes below aim at.
const ids = { alice: '', bob: '', subscription: 'sub_books', paid: 'in_paid', open: 'in_open', voided: 'in_void', uncollectible: 'in_uncollectible', limited: '', unlimited: '' };

type InvoiceValues = typeof invoices.$inferInsert;
const finalisedInvoice = (values: Partial<InvoiceValues> & Pick<InvoiceValues, 'id' | 'customerId' | 'status'>): InvoiceValues => ({
  billingReason: 'manual',
  collectionMethod: 'charge_automatically',
  currency: 'EUR',
  finalizedAt: now,
  customerSnapshot: { name: 'snapshot' },
  merchantSnapshot: { name: 'merchant' },
  createdAt: now,
  ...values,
});

async function writeBooks(db: Database) {
  const alice = await createCustomer(db, { name: 'Alice', email: 'alice@example.com', currency: 'EUR', address: { country: 'FR' } });
  const bob = await createCustomer(db, { name: 'Bob', email: 'bob@example.com', currency: 'EUR', address: { country: 'DE' } });
  Object.assign(ids, { alice: alice.id, bob: bob.id });
  await db.insert(subscriptions).values({
    id: ids.subscription,
    customerId: alice.id,
    status: 'active',
    currency: 'EUR',
    interval: 'month',
    intervalCount: 1,
    collectionMethod: 'charge_automatically',
    billingCycleAnchor: periodOne,
    currentPeriodStart: periodThree,
    currentPeriodEnd: new Date('2026-04-15T00:00:00Z'),
  });

  await db.insert(invoices).values([
    // 10000 − 1000 discount + 20 % exclusive tax on 9000 (1800), and 1200 with 20 % included (200):
    // total 10800 + 1200 = 12000; 1200 of credit applied, the rest paid.
    finalisedInvoice({
      id: ids.paid, customerId: alice.id, status: 'paid', number: 'INV-2026-000001', series: 'INV-2026',
      subscriptionId: ids.subscription, billingReason: 'subscription_create', periodStart: periodOne, periodEnd: periodTwo,
      subtotalMinor: 11200n, discountMinor: 1000n, taxMinor: 2000n, totalMinor: 12000n, creditAppliedMinor: 1200n,
      amountDueMinor: 10800n, amountPaidMinor: 10800n, amountRemainingMinor: 0n, paidAt: now,
    }),
    finalisedInvoice({
      id: ids.open, customerId: alice.id, status: 'open', number: 'INV-2026-000002', series: 'INV-2026',
      subscriptionId: ids.subscription, billingReason: 'subscription_cycle', periodStart: periodTwo, periodEnd: periodThree,
      subtotalMinor: 5000n, totalMinor: 5000n, amountDueMinor: 5000n, amountRemainingMinor: 5000n,
    }),
    // Voiding clears what remains.
    finalisedInvoice({
      id: ids.voided, customerId: bob.id, status: 'void', number: 'INV-2026-000003', series: 'INV-2026',
      subtotalMinor: 3000n, totalMinor: 3000n, amountDueMinor: 3000n, amountRemainingMinor: 0n, voidedAt: now,
    }),
    finalisedInvoice({
      id: ids.uncollectible, customerId: bob.id, status: 'uncollectible', number: 'INV-2026-000004', series: 'INV-2026',
      subtotalMinor: 700n, totalMinor: 700n, amountDueMinor: 700n, amountRemainingMinor: 700n, markedUncollectibleAt: now,
    }),
    // Nothing to pay: paid at finalisation.
    finalisedInvoice({ id: 'in_zero', customerId: bob.id, status: 'paid', number: 'INV-2025-000001', series: 'INV-2025', paidAt: now }),
    // A draft has no number, no snapshot, and its own renewal period.
    {
      id: 'in_draft', customerId: alice.id, status: 'draft', billingReason: 'subscription_cycle', collectionMethod: 'charge_automatically', currency: 'EUR',
      subscriptionId: ids.subscription, periodStart: periodThree, subtotalMinor: 100n, totalMinor: 100n, amountDueMinor: 100n, amountRemainingMinor: 100n, createdAt: now,
    },
  ]);
  const line = { quantity: 1n, taxBehavior: 'exclusive' as const, description: 'Line' };
  await db.insert(invoiceLines).values([
    { ...line, id: 'il_1', invoiceId: ids.paid, position: 0, amountMinor: 10000n, discountMinor: 1000n, taxMinor: 1800n, taxRate: '20' },
    { ...line, id: 'il_2', invoiceId: ids.paid, position: 1, amountMinor: 1200n, taxMinor: 200n, taxRate: '20', taxBehavior: 'inclusive' },
    { ...line, id: 'il_3', invoiceId: ids.open, position: 0, amountMinor: 5000n },
    { ...line, id: 'il_4', invoiceId: ids.voided, position: 0, amountMinor: 3000n },
    { ...line, id: 'il_5', invoiceId: ids.uncollectible, position: 0, amountMinor: 1000n },
    { ...line, id: 'il_6', invoiceId: ids.uncollectible, position: 1, amountMinor: -300n },
    { ...line, id: 'il_7', invoiceId: 'in_draft', position: 0, amountMinor: 100n },
  ]);
  await db.insert(invoiceNumberSeries).values([
    { series: 'INV-2026', nextNumber: 5n },
    { series: 'INV-2025', nextNumber: 2n },
    { series: 'CN-2026', nextNumber: 2n },
  ]);
  await db.insert(creditNotes).values({
    id: 'cn_1', number: 'CN-2026-000001', invoiceId: ids.paid, customerId: alice.id, currency: 'EUR', reason: 'goodwill',
    subtotalMinor: 2000n, taxMinor: 0n, totalMinor: 2000n, appliedToInvoiceMinor: 0n, creditedToBalanceMinor: 2000n, lines: [], createdAt: now,
  });
  // 2000 credited, 1200 of it applied to the first invoice: 800 left.
  await db.insert(customerBalanceTransactions).values([
    { id: 'cbt_1', customerId: alice.id, currency: 'EUR', amountMinor: 2000n, kind: 'credit_note', creditNoteId: 'cn_1', createdAt: now },
    { id: 'cbt_2', customerId: alice.id, currency: 'EUR', amountMinor: -1200n, kind: 'applied_to_invoice', invoiceId: ids.paid, createdAt: now },
  ]);
  await db.update(customers).set({ creditBalanceMinor: 800n }).where(eq(customers.id, alice.id));
  // What was paid of the first invoice came from one card payment.
  await db.insert(payments).values({
    id: 'pay_books', invoiceId: ids.paid, customerId: alice.id, attempt: 1, gateway: 'stripe', idempotencyKey: 'settle-in_paid-attempt-1',
    amountMinor: 10800n, currency: 'EUR', status: 'succeeded', initiatedBy: 'automatic', createdAt: now, settledAt: now,
  });

  // Coupons through their own domain functions: what they write must keep the invariants too.
  const limited = await createCoupon(db, { code: 'LIMITED', percentOff: '10', duration: 'once', maxRedemptions: 2 }, now);
  const unlimited = await createCoupon(db, { code: 'FOREVER', amountOff: 500, currency: 'EUR', duration: 'forever' }, now);
  await createCoupon(db, { code: 'UNUSED', percentOff: '5', duration: 'once' }, now);
  Object.assign(ids, { limited: limited.id, unlimited: unlimited.id });
  await redeemCoupon(db, { code: 'limited', customerId: alice.id, now });
  await redeemCoupon(db, { code: 'LIMITED', customerId: bob.id, subscriptionId: ids.subscription, now });
  await redeemCoupon(db, { code: 'forever', customerId: alice.id, now });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await writeBooks(handle.db);
});
afterAll(() => handle.close());

class RolledBack extends Error {}

/** The violations after a change, which is then rolled back so every case starts from the same books. */
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

const setInvoice = (id: string, values: Partial<InvoiceValues>) => (tx: Database) => tx.update(invoices).set(values).where(eq(invoices.id, id));
const paidBy = (tx: Database, invoiceId: string, customerId: string, amountMinor: bigint) =>
  tx.insert(payments).values({ id: `pay_${invoiceId}`, invoiceId, customerId, attempt: 1, gateway: 'stripe', idempotencyKey: `key-${invoiceId}`, amountMinor, currency: 'EUR', status: 'succeeded', initiatedBy: 'automatic', createdAt: now });

describe('invariants', () => {
  it('hold on consistent books, and have distinct names', async () => {
    expect(await checkInvariants(handle.db)).toEqual([]);
    expect(new Set(invariantChecks.map((check) => check.name)).size).toBe(invariantChecks.length);
  });

  it('hold on an empty database', async () => {
    expect(await violationsAfter(async (tx) => {
      for (const table of ['payments', 'coupon_redemptions', 'coupons', 'customer_balance_transactions', 'credit_notes', 'invoice_lines', 'invoices', 'invoice_number_series', 'subscriptions', 'customers']) {
        await tx.execute(sql.raw(`delete from ${table}`));
      }
    })).toEqual([]);
  });

  it.each<[string, string, (tx: Database) => Promise<unknown>]>([
    // Each with the payments that explain amount_paid, so only the rule named breaks.
    [
      'invoice.paid_has_nothing_remaining',
      'in_paid',
      (tx) => setInvoice(ids.paid, { amountPaidMinor: 10700n, amountRemainingMinor: 100n })(tx).then(() => tx.update(payments).set({ amountMinor: 10700n }).where(eq(payments.id, 'pay_books'))),
    ],
    ['invoice.nothing_remaining_is_paid', 'in_open', (tx) => setInvoice(ids.open, { amountPaidMinor: 5000n, amountRemainingMinor: 0n })(tx).then(() => paidBy(tx, ids.open, ids.alice, 5000n))],
    [
      'invoice.nothing_remaining_is_paid',
      'in_uncollectible',
      (tx) => setInvoice(ids.uncollectible, { amountPaidMinor: 700n, amountRemainingMinor: 0n })(tx).then(() => paidBy(tx, ids.uncollectible, ids.bob, 700n)),
    ],
    ['invoice.amount_due', 'in_open', setInvoice(ids.open, { creditAppliedMinor: 100n })],
    ['invoice.amount_remaining', 'in_open', setInvoice(ids.open, { amountRemainingMinor: 4999n })],
    ['invoice.subtotal_is_lines', 'in_paid', setInvoice(ids.paid, { subtotalMinor: 11201n })],
    ['invoice.discount_is_lines', 'in_paid', setInvoice(ids.paid, { discountMinor: 999n })],
    ['invoice.tax_is_lines', 'in_paid', setInvoice(ids.paid, { taxMinor: 2001n })],
    // Same amounts, discounts and taxes: only whether the tax is added again changes.
    ['invoice.total_is_lines', 'in_paid', (tx) => tx.update(invoiceLines).set({ taxBehavior: 'inclusive' }).where(eq(invoiceLines.id, 'il_1'))],
    ['invoice.total_is_lines', 'in_paid', (tx) => tx.update(invoiceLines).set({ taxBehavior: 'exclusive' }).where(eq(invoiceLines.id, 'il_2'))],
    ['invoice.total_is_lines', 'in_draft', (tx) => tx.delete(invoiceLines).where(eq(invoiceLines.id, 'il_7')).then(() => setInvoice('in_draft', { subtotalMinor: 0n })(tx))],
    [
      'invoice.one_per_subscription_period',
      'subscription sub_books, period starting 2026-02-15T00:00:00Z',
      async (tx) => {
        await tx.execute(sql`drop index invoices_subscription_period_unique`);
        await tx.insert(invoices).values({
          id: 'in_twin', customerId: ids.alice, status: 'draft', billingReason: 'subscription_create', collectionMethod: 'charge_automatically',
          currency: 'EUR', subscriptionId: ids.subscription, periodStart: periodTwo, createdAt: now,
        });
      },
    ],
    ['invoice.finalised_is_complete', 'in_void', setInvoice(ids.voided, { customerSnapshot: null })],
    ['invoice.finalised_is_complete', 'in_uncollectible', setInvoice(ids.uncollectible, { finalizedAt: null })],
    ['invoice.finalised_is_complete', 'in_open', setInvoice(ids.open, { merchantSnapshot: null })],
    [
      'invoice.number_matches_series',
      'in_odd',
      (tx) => tx.insert(invoices).values(finalisedInvoice({ id: 'in_odd', customerId: ids.bob, status: 'void', number: 'INV-2026-A1', series: 'INV-2026' })),
    ],
    [
      'numbering.gapless',
      'series INV-2026',
      (tx) => setInvoice(ids.uncollectible, { number: 'INV-2026-000005' })(tx).then(() => tx.update(invoiceNumberSeries).set({ nextNumber: 6n }).where(eq(invoiceNumberSeries.series, 'INV-2026'))),
    ],
    // The same sequence twice, written differently: the unique index on number cannot see it.
    [
      'numbering.gapless',
      'series INV-2026',
      (tx) => setInvoice(ids.uncollectible, { number: 'INV-2026-0000003' })(tx).then(() => tx.update(invoiceNumberSeries).set({ nextNumber: 4n }).where(eq(invoiceNumberSeries.series, 'INV-2026'))),
    ],
    ['numbering.next_number', 'series INV-2026', (tx) => tx.update(invoiceNumberSeries).set({ nextNumber: 7n }).where(eq(invoiceNumberSeries.series, 'INV-2026'))],
    ['numbering.next_number', 'series CN-2026', (tx) => tx.update(invoiceNumberSeries).set({ nextNumber: 1n }).where(eq(invoiceNumberSeries.series, 'CN-2026'))],
    ['numbering.next_number', 'series INV-2025', (tx) => tx.delete(invoiceNumberSeries).where(eq(invoiceNumberSeries.series, 'INV-2025'))],
    ['customer.credit_balance', 'customer {alice}', (tx) => tx.update(customers).set({ creditBalanceMinor: 801n }).where(eq(customers.id, ids.alice))],
    [
      'customer.credit_balance',
      'customer {bob}',
      (tx) => tx.insert(customerBalanceTransactions).values({ id: 'cbt_3', customerId: ids.bob, currency: 'EUR', amountMinor: 50n, kind: 'adjustment', createdAt: now }),
    ],
    ['coupon.times_redeemed', 'FOREVER', (tx) => tx.insert(couponRedemptions).values({ id: 'red_extra', couponId: ids.unlimited, customerId: ids.bob, redeemedAt: now })],
    ['coupon.times_redeemed', 'LIMITED', (tx) => tx.delete(couponRedemptions).where(eq(couponRedemptions.customerId, ids.bob))],
    [
      'coupon.within_limit',
      'LIMITED',
      async (tx) => {
        await tx.execute(sql`alter table coupons drop constraint coupons_within_limit`);
        await tx.update(coupons).set({ maxRedemptions: 1 }).where(eq(coupons.id, ids.limited));
      },
    ],
  ])('name %s when it is broken (%s)', async (invariant, subject, change) => {
    // Customer ids are made by beforeAll, after this table is built: {alice} stands for one.
    const resolved = subject.replace(/\{(\w+)\}/g, (_, key: keyof typeof ids) => ids[key]);
    const violations = await violationsAfter(change);
    expect(violations).toEqual([{ invariant, subject: expect.stringContaining(resolved), detail: expect.any(String) }]);
  });

  it('describe a violation with the figures involved', async () => {
    const [violation] = await violationsAfter(setInvoice(ids.open, { amountRemainingMinor: 4999n }));
    expect(violation).toEqual({
      invariant: 'invoice.amount_remaining',
      subject: `invoice ${ids.open} (INV-2026-000002)`,
      detail: 'amount_remaining is 4999, but amount_due 5000 − amount_paid 0 − credited 0 = 5000',
    });
    const [gap] = await violationsAfter(setInvoice(ids.uncollectible, { number: 'INV-2026-000006' }));
    expect(gap).toMatchObject({ invariant: 'numbering.gapless', detail: 'uses 4 numbers from 1 to 6: 2 missing, 0 repeated' });
  });

  it('report a finalised invoice without a number, alongside what that does to its series', async () => {
    const violations = await violationsAfter(async (tx) => {
      await tx.execute(sql`alter table invoices drop constraint invoices_numbered_when_final`);
      await setInvoice(ids.uncollectible, { number: null })(tx);
    });
    expect(violations.map((violation) => violation.invariant)).toEqual(['invoice.finalised_is_complete', 'numbering.next_number']);
    expect(violations[0]!.detail).toBe('is uncollectible but has no number');
  });
});
