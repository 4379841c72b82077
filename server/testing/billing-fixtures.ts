// Builders for billing tests: a merchant, customers in a given country and currency, and prices.
import type { Database } from '@/db/client';
import { merchant } from '@/db/schema';
import { createPrice, createProduct } from '../catalog';
import { createCustomer, type CustomerInput } from '../customers';
import { randomToken } from '../ids';
import type { PriceInput } from '../pricing/price';

export async function ensureMerchant(db: Database, country = 'FR') {
  await db
    .insert(merchant)
    .values({ name: 'Nimbus', legalName: 'Nimbus SAS', addressLine1: '1 rue', city: 'Paris', postalCode: '75001', country, vatNumber: 'FR36851234566', supportEmail: 'support@nimbus.example' })
    .onConflictDoNothing();
}

export async function makeBillingCustomer(db: Database, overrides: Partial<CustomerInput> = {}) {
  await ensureMerchant(db);
  return createCustomer(db, {
    name: `Customer ${randomToken(5)}`,
    email: `billing-${randomToken(8)}@example.com`,
    currency: 'EUR',
    address: { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' },
    ...overrides,
  });
}

export async function makePrice(db: Database, input: Partial<PriceInput> & { unitAmount?: number; nickname?: string }, now = new Date('2026-01-01T00:00:00Z')) {
  const product = await createProduct(db, { name: `Product ${randomToken(4)}` }, now);
  return createPrice(
    db,
    {
      currency: 'EUR',
      type: 'recurring',
      recurring: { interval: 'month' },
      billingScheme: 'per_unit',
      taxBehavior: 'exclusive',
      ...input,
      productId: product.id,
    } as PriceInput & { productId: string },
    now,
  );
}
