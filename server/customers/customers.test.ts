import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoices } from '@/db/schema';
import { createTestDatabase } from '../testing/database';
import { createCustomer, updateCustomer, type CustomerInput } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const valid: CustomerInput = {
  name: 'Atelier Ferrand',
  email: 'Billing@Ferrand.example',
  currency: 'eur',
  locale: 'fr',
  address: { line1: '3 rue Oberkampf', city: 'Paris', postalCode: '75011', country: 'fr' },
  taxIds: [{ type: 'eu_vat', value: 'FR 36 851 234 566' }],
  paymentTerms: { type: 'net', days: 30 },
  collectionMethod: 'send_invoice',
};

describe('customers', () => {
  it('creates a billing account with normalised, validated details', async () => {
    const customer = await createCustomer(handle.db, valid);
    expect(customer).toMatchObject({
      email: 'billing@ferrand.example',
      currency: 'EUR',
      country: 'FR',
      taxIds: [{ type: 'eu_vat', value: 'FR36851234566', country: 'FR' }],
      paymentTermsDays: 30,
      collectionMethod: 'send_invoice',
      creditBalanceMinor: 0n,
    });
  });

  it.each([
    [{ ...valid, currency: 'XYZ' }, 'currency'],
    [{ ...valid, email: 'nope' }, 'email'],
    [{ ...valid, name: '  ' }, 'name'],
    [{ ...valid, locale: 'de' }, 'locale'],
    [{ ...valid, address: { country: 'ZZ' } }, 'address.country'],
    [{ ...valid, taxIds: [{ type: 'eu_vat', value: 'FR36851234567' }] }, 'taxIds[0].value'],
    [{ ...valid, taxIds: [{ type: 'us_ein', value: '12-3456789' }] }, 'taxIds[0].type'],
    [{ ...valid, paymentTerms: { type: 'net' as const, days: 0 } }, 'paymentTerms.days'],
    [{ ...valid, paymentTerms: { type: 'net' as const, days: 12.5 } }, 'paymentTerms.days'],
  ])('refuses bad input naming the field (%#: %s)', async (input, param) => {
    const before = (await handle.db.select().from(customers)).length;
    await expect(createCustomer(handle.db, input as CustomerInput)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param });
    expect((await handle.db.select().from(customers)).length).toBe(before);
  });

  it('says whether a VAT number has the wrong format or fails its checksum', async () => {
    await expect(createCustomer(handle.db, { ...valid, taxIds: [{ type: 'eu_vat', value: 'FR36851234567' }] })).rejects.toThrow(/checksum/);
    await expect(createCustomer(handle.db, { ...valid, taxIds: [{ type: 'eu_vat', value: 'FR123' }] })).rejects.toThrow(/format/i);
  });

  it('updates details, and fixes the currency once an invoice has been issued', async () => {
    const customer = await createCustomer(handle.db, valid);
    const renamed = await updateCustomer(handle.db, customer.id, { name: 'Ferrand & Fils', currency: 'usd', address: { city: 'Lyon' } });
    expect(renamed).toMatchObject({ name: 'Ferrand & Fils', currency: 'USD', city: 'Lyon', country: 'FR' });
    await handle.db.insert(invoices).values({
      id: 'in_issued',
      number: 'INV-TEST-1',
      customerId: customer.id,
      status: 'open',
      billingReason: 'manual',
      collectionMethod: 'send_invoice',
      currency: 'USD',
    });
    await expect(updateCustomer(handle.db, customer.id, { currency: 'EUR' })).rejects.toMatchObject({ code: 'CONFLICT', param: 'currency' });
    expect((await updateCustomer(handle.db, customer.id, { currency: 'usd' })).currency).toBe('USD');
    await expect(updateCustomer(handle.db, 'cus_missing', { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
