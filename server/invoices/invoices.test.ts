import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoiceNumberSeries, invoices } from '@/db/schema';
import { updateCustomer } from '../customers';
import { createTestDatabase } from '../testing/database';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { validateCoupon } from '../pricing/discounts';
import type { DraftLine } from './compose';
import { createDraftInvoice, finalizeInvoice, getInvoiceWithLines, markUncollectible, priceDraft, voidInvoice } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-03-10T10:00:00Z');
const line = (amountMinor: bigint, extra: Partial<DraftLine> = {}): DraftLine => ({
  description: 'Pro plan',
  priceId: null,
  productId: 'prod_a',
  subscriptionItemId: null,
  quantity: 1n,
  unitAmountDecimal: amountMinor.toString(),
  amountMinor,
  taxBehavior: 'exclusive',
  periodStart: new Date('2026-03-10T00:00:00Z'),
  periodEnd: new Date('2026-04-10T00:00:00Z'),
  proration: false,
  ...extra,
});

async function draft(customerOverrides = {}, lines = [line(10000n)], discount: Parameters<typeof createDraftInvoice>[1]['discount'] = null) {
  const customer = await makeBillingCustomer(handle.db, customerOverrides);
  const invoice = await createDraftInvoice(handle.db, {
    customer,
    subscriptionId: null,
    billingReason: 'manual',
    collectionMethod: customer.collectionMethod,
    periodStart: null,
    periodEnd: null,
    lines,
    discount,
    now,
  });
  return { customer, invoice: invoice! };
}

describe('invoice drafts', () => {
  it('prices lines with French VAT for a French customer: 100.00 + 20 % = 120.00', async () => {
    const { invoice } = await draft();
    expect(invoice).toMatchObject({ status: 'draft', number: null, subtotalMinor: 10000n, taxMinor: 2000n, totalMinor: 12000n, amountDueMinor: 12000n });
    const { lines } = await getInvoiceWithLines(handle.db, invoice.id);
    expect(lines[0]).toMatchObject({ taxRate: '20', taxMinor: 2000n, amountMinor: 10000n });
  });

  it('applies a reverse charge at 0 % with the legal mention for an EU business with a valid VAT number', async () => {
    const { invoice } = await draft({
      currency: 'EUR',
      address: { country: 'DE', city: 'Berlin' },
      taxIds: [{ type: 'eu_vat', value: 'DE136695976' }],
    });
    expect(invoice.taxMinor).toBe(0n);
    expect(invoice.totalMinor).toBe(10000n);
    expect(invoice.taxMention).toMatchObject({ fr: expect.stringContaining('Autoliquidation') });
  });

  it('keeps tax-inclusive prices at their sticker price and shows the tax inside', async () => {
    const { invoice } = await draft({}, [line(12000n, { taxBehavior: 'inclusive' })]);
    expect(invoice).toMatchObject({ subtotalMinor: 12000n, taxMinor: 2000n, totalMinor: 12000n });
  });

  it('spreads a coupon over eligible lines only, and the preview matches the saved invoice', async () => {
    const coupon = validateCoupon({ percentOff: '25', duration: 'once' });
    const lines = [line(10000n), line(3333n, { productId: 'prod_b' }), line(-500n, { proration: true })];
    const discount = { couponId: 'coupon_x', coupon, appliesToProductIds: ['prod_a', 'prod_b'] };
    const { customer, invoice } = await draft({}, lines, discount);
    const preview = await priceDraft(handle.db, { customer, lines, discount });
    expect(invoice.discountMinor).toBe(3333n); // 25 % of 13,333, rounded once
    expect(preview.totals.totalMinor).toBe(invoice.totalMinor);
    const saved = await getInvoiceWithLines(handle.db, invoice.id);
    expect(saved.lines.map((l) => l.discountMinor)).toEqual([2500n, 833n, 0n]);
  });

  it('refuses a line whose period ends before it starts, and saves nothing', async () => {
    const before = (await handle.db.select().from(invoices)).length;
    await expect(draft({}, [line(100n, { periodEnd: new Date('2026-01-01T00:00:00Z') })])).rejects.toMatchObject({ param: 'periodEnd' });
    expect((await handle.db.select().from(invoices)).length).toBe(before);
  });
});

describe('finalisation', () => {
  it('numbers, freezes details, sets the due date from the terms', async () => {
    const { customer, invoice } = await draft({ paymentTerms: { type: 'net', days: 30 } });
    const final = await finalizeInvoice(handle.db, invoice.id, now);
    expect(final.status).toBe('open');
    expect(final.number).toMatch(/^INV-2026-\d{6}$/);
    expect(final.dueAt).toEqual(new Date('2026-04-09T10:00:00Z'));
    expect(final.hostedToken).toMatch(/^[0-9a-z]{40}$/);
    await updateCustomer(handle.db, customer.id, { name: 'Renamed Ltd' });
    const again = await getInvoiceWithLines(handle.db, invoice.id);
    expect((again.customerSnapshot as { name: string }).name).toBe(customer.name);
    await expect(finalizeInvoice(handle.db, invoice.id, now)).rejects.toMatchObject({ code: 'INVOICE_NOT_DRAFT' });
  });

  it('applies credit balance first and pays the invoice outright when credit covers it', async () => {
    const { customer, invoice } = await draft();
    await handle.db.update(customers).set({ creditBalanceMinor: 15000n }).where(eq(customers.id, customer.id));
    const final = await finalizeInvoice(handle.db, invoice.id, now);
    expect(final).toMatchObject({ status: 'paid', creditAppliedMinor: 12000n, amountDueMinor: 0n, amountRemainingMinor: 0n });
    const [after] = await handle.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after!.creditBalanceMinor).toBe(3000n);
  });

  it('moves what an invoice owes the customer to their credit balance, and nothing is due below zero', async () => {
    const { customer, invoice } = await draft({}, [line(-2500n, { proration: true })]);
    const final = await finalizeInvoice(handle.db, invoice.id, now);
    expect(final).toMatchObject({ status: 'paid', totalMinor: -3000n, creditAppliedMinor: -3000n, amountDueMinor: 0n, amountRemainingMinor: 0n });
    const [after] = await handle.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after!.creditBalanceMinor).toBe(3000n);
  });

  it('hands out numbers without gap or duplicate when many finalise at once', async () => {
    const drafts = await Promise.all(Array.from({ length: 25 }, () => draft()));
    const [series] = await handle.db.select().from(invoiceNumberSeries).where(eq(invoiceNumberSeries.series, 'INV-2026'));
    const firstNumber = series ? Number(series.nextNumber) : 1;
    const finals = await Promise.all(drafts.map(({ invoice }) => handle.db.transaction((tx) => finalizeInvoice(tx, invoice.id, now))));
    const numbers = finals.map((f) => Number(f.number!.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => firstNumber + i));
  });

  it('gives a number back when the finalising transaction rolls back', async () => {
    const a = await draft();
    const b = await draft();
    await expect(
      handle.db.transaction(async (tx) => {
        await finalizeInvoice(tx, a.invoice.id, now);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [series] = await handle.db.select().from(invoiceNumberSeries).where(eq(invoiceNumberSeries.series, 'INV-2026'));
    const expected = `INV-2026-${(series!.nextNumber).toString().padStart(6, '0')}`;
    expect((await finalizeInvoice(handle.db, b.invoice.id, now)).number).toBe(expected);
  });
});

describe('open invoices', () => {
  it('can be voided or marked uncollectible once, and only when open', async () => {
    const first = await draft();
    await expect(voidInvoice(handle.db, first.invoice.id, now)).rejects.toMatchObject({ code: 'INVOICE_NOT_OPEN' });
    await finalizeInvoice(handle.db, first.invoice.id, now);
    expect((await voidInvoice(handle.db, first.invoice.id, now)).status).toBe('void');
    await expect(markUncollectible(handle.db, first.invoice.id, now)).rejects.toMatchObject({ code: 'INVOICE_NOT_OPEN' });
    const second = await draft();
    await finalizeInvoice(handle.db, second.invoice.id, now);
    const results = await Promise.allSettled([voidInvoice(handle.db, second.invoice.id, now), markUncollectible(handle.db, second.invoice.id, now)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
