import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { prices } from '@/db/schema';
import { priceAmount } from '../pricing/amount';
import { createTestDatabase } from '../testing/database';
import { archivePrice, createPrice, createProduct, listPrices, listProducts, priceDefinition } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-06-01T00:00:00Z');

describe('catalog', () => {
  it('stores a graduated price and bills Stripe’s worked example from the stored row: 15,000 units → 107.00', async () => {
    const product = await createProduct(handle.db, { name: 'API calls' }, now);
    const row = await createPrice(
      handle.db,
      {
        productId: product.id,
        currency: 'usd',
        type: 'recurring',
        recurring: { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' },
        billingScheme: 'tiered',
        tiersMode: 'graduated',
        tiers: [
          { upTo: 1000, unitAmount: 1 },
          { upTo: 10000, unitAmountDecimal: '0.8' },
          { upTo: null, unitAmountDecimal: '0.5' },
        ],
        taxBehavior: 'exclusive',
      },
      now,
    );
    expect(row).toMatchObject({ currency: 'USD', interval: 'month', intervalCount: 1, billingScheme: 'tiered', active: true });
    expect(priceAmount(priceDefinition(row), 15000n).amountMinor).toBe(10700n);
  });

  it('refuses a bad price with the offending field, and stores nothing', async () => {
    const product = await createProduct(handle.db, { name: 'Seats' }, now);
    const before = (await handle.db.select().from(prices)).length;
    const base = { productId: product.id, currency: 'EUR', type: 'recurring' as const, recurring: { interval: 'month' as const }, billingScheme: 'per_unit' as const, taxBehavior: 'exclusive' as const };
    await expect(createPrice(handle.db, { ...base, currency: 'ABC', unitAmount: 1000 }, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'currency' });
    await expect(createPrice(handle.db, { ...base, unitAmount: 10.5 }, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'unitAmount' });
    await expect(createPrice(handle.db, { ...base, unitAmount: 2 ** 53 }, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'unitAmount' });
    await expect(createPrice(handle.db, { ...base, productId: 'prod_nope', unitAmount: 1 }, now)).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'productId' });
    expect((await handle.db.select().from(prices)).length).toBe(before);
  });

  it('never changes a price: it can only be archived', async () => {
    const product = await createProduct(handle.db, { name: 'Plan' }, now);
    const row = await createPrice(handle.db, { productId: product.id, currency: 'JPY', type: 'recurring', recurring: { interval: 'month' }, billingScheme: 'per_unit', unitAmount: 1100, taxBehavior: 'inclusive' }, now);
    await expect(handle.db.update(prices).set({ unitAmountMinor: 900n }).where(eq(prices.id, row.id))).rejects.toThrow();
    await expect(handle.db.delete(prices).where(eq(prices.id, row.id))).rejects.toThrow();
    const archived = await archivePrice(handle.db, row.id);
    expect(archived.active).toBe(false);
    expect(archived.unitAmountMinor).toBe(1100n);
    await expect(handle.db.update(prices).set({ active: true }).where(eq(prices.id, row.id))).rejects.toThrow();
  });

  it('pages newest first with a stable cursor', async () => {
    for (let i = 0; i < 5; i++) await createProduct(handle.db, { name: `Paged ${i}` }, new Date(now.getTime() + (i + 10) * 1000));
    const first = await listProducts(handle.db, { limit: 2 });
    expect(first.data.map((p) => p.name)).toEqual(['Paged 4', 'Paged 3']);
    expect(first.hasMore).toBe(true);
    const second = await listProducts(handle.db, { limit: 2, cursor: first.nextCursor! });
    expect(second.data.map((p) => p.name)).toEqual(['Paged 2', 'Paged 1']);
    await expect(listProducts(handle.db, { cursor: 'garbage' })).rejects.toMatchObject({ param: 'cursor' });
    await expect(listPrices(handle.db, { limit: 0 })).rejects.toMatchObject({ param: 'limit' });
  });
});
