import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createDraftInvoice } from '../invoices';
import { createTestDatabase } from '../testing/database';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { recentInvoices } from './recent-invoices';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('recent invoices for the console', () => {
  it('lists the newest invoices first, each with its own customer’s name', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const customer = await makeBillingCustomer(handle.db, { name: `Customer number ${i}` });
      names.push(customer.name);
      await createDraftInvoice(handle.db, {
        customer, subscriptionId: null, billingReason: 'manual', collectionMethod: 'send_invoice', periodStart: null, periodEnd: null, discount: null,
        lines: [{ description: 'Setup', priceId: null, productId: null, subscriptionItemId: null, quantity: 1n, unitAmountDecimal: null, amountMinor: 1000n, taxBehavior: 'exclusive', periodStart: null, periodEnd: null, proration: false }],
        now: new Date(Date.UTC(2026, 0, 1 + i)),
      });
    }
    const rows = await recentInvoices(handle.db, 2);
    expect(rows.map((row) => row.customerName)).toEqual([names[2], names[1]]);
  });
});
