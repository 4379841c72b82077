import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoices } from '@/db/schema';
import { createTestDatabase } from '../testing/database';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { createCreditNote } from './credit-notes';
import { createDraftInvoice, finalizeInvoice, getInvoiceWithLines } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-05-05T12:00:00Z');

async function openInvoice() {
  const customer = await makeBillingCustomer(handle.db);
  const line = (description: string, amountMinor: bigint) => ({
    description, priceId: null, productId: null, subscriptionItemId: null, quantity: 1n, unitAmountDecimal: null, amountMinor,
    taxBehavior: 'exclusive' as const, periodStart: null, periodEnd: null, proration: false,
  });
  const draft = await createDraftInvoice(handle.db, {
    customer, subscriptionId: null, billingReason: 'manual', collectionMethod: 'send_invoice', periodStart: null, periodEnd: null,
    lines: [line('Setup', 5000n), line('Training', 5000n)], discount: null, now,
  });
  const invoice = await finalizeInvoice(handle.db, draft!.id, now); // 100.00 + 20.00 VAT
  return { customer, invoice, lines: (await getInvoiceWithLines(handle.db, invoice.id)).lines };
}

describe('credit notes', () => {
  it('by line on an open invoice: reduces what is owed, with the tax share, and a CN number', async () => {
    const { invoice, lines } = await openInvoice();
    const note = await createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'order_change', lines: [{ lineId: lines[1]!.id }] }, now);
    expect(note).toMatchObject({ totalMinor: 6000n, taxMinor: 1000n, subtotalMinor: 5000n, appliedToInvoiceMinor: 6000n, creditedToBalanceMinor: 0n });
    expect(note.number).toMatch(/^CN-2026-\d{6}$/);
    const [after] = await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ status: 'open', amountRemainingMinor: 6000n });
  });

  it('settles an invoice it covers, and credits the rest to the customer once it is paid', async () => {
    const { customer, invoice } = await openInvoice();
    await createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'goodwill', amount: 12000 }, now);
    const [settled] = await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(settled).toMatchObject({ status: 'paid', amountRemainingMinor: 0n });
    await expect(createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'goodwill', amount: 1 }, now)).rejects.toMatchObject({ code: 'CREDIT_EXCEEDS_INVOICE' });

    const second = await openInvoice();
    await handle.db.update(invoices).set({ status: 'paid', amountPaidMinor: 12000n, amountRemainingMinor: 0n }).where(eq(invoices.id, second.invoice.id));
    const note = await createCreditNote(handle.db, { invoiceId: second.invoice.id, reason: 'product_unsatisfactory', amount: 3000 }, now);
    expect(note).toMatchObject({ appliedToInvoiceMinor: 0n, creditedToBalanceMinor: 3000n });
    const [row] = await handle.db.select().from(customers).where(eq(customers.id, second.customer.id));
    expect(row!.creditBalanceMinor).toBe(3000n);
    expect(customer.id).not.toBe(second.customer.id);
  });

  it('never credits more than the invoice, even in pieces at once', async () => {
    const { invoice } = await openInvoice();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => createCreditNote(handle.db, { invoiceId: invoice.id, reason: 'duplicate', amount: 5000 }, now)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
  });

  it.each([
    [{ reason: 'because' }, 'reason'],
    [{ reason: 'goodwill' }, 'amount'],
    [{ reason: 'goodwill', amount: -5 }, 'amount'],
    [{ reason: 'goodwill', amount: 1.5 }, 'amount'],
    [{ reason: 'goodwill', lines: [{ lineId: 'il_nope' }] }, 'lines[0].lineId'],
  ])('refuses %j naming %s', async (input, param) => {
    const { invoice } = await openInvoice();
    await expect(createCreditNote(handle.db, { invoiceId: invoice.id, ...input } as Parameters<typeof createCreditNote>[1], now)).rejects.toMatchObject({ param });
  });
});
