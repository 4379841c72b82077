import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invoices } from '@/db/schema';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  call = apiClient(handle, { secret: setup.secret });
});
afterAll(() => handle.close());

const valid = (email = 'Billing@Ferrand.example') => ({
  name: 'Atelier Ferrand',
  email,
  currency: 'eur',
  locale: 'fr',
  address: { line1: '3 rue Oberkampf', city: 'Paris', postalCode: '75011', country: 'fr' },
  taxIds: [{ type: 'eu_vat', value: 'FR 36 851 234 566' }],
  paymentTerms: { type: 'net', days: 30 },
  collectionMethod: 'send_invoice',
});

describe('/v1/customers', () => {
  it('creates a customer and answers in the API shape', async () => {
    const response = await call('POST', '/v1/customers', { body: valid() });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^cus_/),
      name: 'Atelier Ferrand',
      email: 'billing@ferrand.example',
      currency: 'EUR',
      locale: 'fr',
      address: { line1: '3 rue Oberkampf', line2: null, city: 'Paris', postalCode: '75011', state: null, country: 'FR' },
      taxIds: [{ type: 'eu_vat', value: 'FR36851234566', country: 'FR' }],
      paymentTerms: { type: 'net', days: 30 },
      collectionMethod: 'send_invoice',
      creditBalance: 0,
      createdAt: testNow.toISOString(),
    });
    expect((await call('GET', `/v1/customers/${response.body.id}`)).body).toEqual(response.body);
  });

  it('applies the defaults for what is left out', async () => {
    const { locale: _locale, taxIds: _taxIds, paymentTerms: _terms, collectionMethod: _method, ...minimal } = valid('minimal@example.com');
    const response = await call('POST', '/v1/customers', { body: minimal });
    expect(response.body).toMatchObject({ locale: 'en', taxIds: [], paymentTerms: { type: 'due_on_receipt' }, collectionMethod: 'charge_automatically' });
  });

  it.each([
    ['a country that does not exist', { address: { ...valid().address, country: 'XX' } }, 'address.country'],
    ['a missing address', { address: undefined }, 'address'],
    ['a missing city', { address: { ...valid().address, city: undefined } }, 'address.city'],
    ['an invalid VAT number', { taxIds: [{ type: 'eu_vat', value: 'FR 00 000' }] }, 'taxIds[0].value'],
    ['net terms of 0 days', { paymentTerms: { type: 'net', days: 0 } }, 'paymentTerms.days'],
    ['net terms without days', { paymentTerms: { type: 'net' } }, 'paymentTerms.days'],
    ['unknown terms', { paymentTerms: { type: 'net_eom', days: 30 } }, 'paymentTerms.type'],
    ['an invalid e-mail', { email: 'not-an-email' }, 'email'],
    ['an unsupported locale', { locale: 'de' }, 'locale'],
    ['an unknown currency', { currency: 'EURO' }, 'currency'],
    ['an unknown collection method', { collectionMethod: 'cash' }, 'collectionMethod'],
    ['an empty name', { name: '  ' }, 'name'],
  ])('refuses %s, naming the field', async (_name, change, param) => {
    const response = await call('POST', '/v1/customers', { body: { ...valid(), ...change } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param });
  });

  it('says which payment terms exist', async () => {
    const response = await call('POST', '/v1/customers', { body: { ...valid(), paymentTerms: { type: 'net_eom' } } });
    expect(response.body.error.message).toBe('paymentTerms.type must be one of: "due_on_receipt", "net".');
  });

  it('updates only the fields sent, the address field by field', async () => {
    const created = (await call('POST', '/v1/customers', { body: valid('patch@example.com') })).body;
    const response = await call('PATCH', `/v1/customers/${created.id}`, { body: { name: 'Ferrand & Fils', address: { city: 'Lyon', line2: 'Bâtiment B' }, paymentTerms: { type: 'due_on_receipt' } } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...created,
      name: 'Ferrand & Fils',
      address: { ...created.address, city: 'Lyon', line2: 'Bâtiment B' },
      paymentTerms: { type: 'due_on_receipt' },
    });
    expect((await call('PATCH', `/v1/customers/${created.id}`, { body: {} })).body).toEqual(response.body);
    const cleared = await call('PATCH', `/v1/customers/${created.id}`, { body: { address: { line2: null }, taxIds: null } });
    expect(cleared.body).toMatchObject({ address: { line2: null, city: 'Lyon' }, taxIds: [] });
  });

  it('refuses a bad update, and an update of an unknown customer', async () => {
    const created = (await call('POST', '/v1/customers', { body: valid('bad-patch@example.com') })).body;
    expect((await call('PATCH', `/v1/customers/${created.id}`, { body: { address: { country: 'ZZ' } } })).body.error.param).toBe('address.country');
    expect((await call('PATCH', `/v1/customers/${created.id}`, { body: { address: { line1: null } } })).body.error.param).toBe('address.line1');
    expect((await call('PATCH', `/v1/customers/${created.id}`, { body: { id: 'cus_other' } })).body.error.param).toBe('id');
    const missing = await call('PATCH', '/v1/customers/cus_nope', { body: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'NOT_FOUND', message: 'No customer cus_nope.', param: 'id' });
  });

  it('refuses to change the currency once an invoice has been issued in it (409)', async () => {
    const created = (await call('POST', '/v1/customers', { body: valid('invoiced@example.com') })).body;
    await handle.db.insert(invoices).values({ id: 'in_api_issued', number: 'INV-API-1', customerId: created.id, status: 'open', billingReason: 'manual', collectionMethod: 'send_invoice', currency: 'EUR' });
    const response = await call('PATCH', `/v1/customers/${created.id}`, { body: { currency: 'usd' } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'CONFLICT', param: 'currency' });
  });

  it('answers 404 for an unknown customer', async () => {
    const response = await call('GET', '/v1/customers/cus_nope');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', param: 'id' });
  });

  it('filters by e-mail, in any case, and pages', async () => {
    for (let index = 0; index < 3; index++) await call('POST', '/v1/customers', { body: valid('same@example.com') });
    const first = await call('GET', '/v1/customers?email=SAME@example.com&limit=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const second = await call('GET', `/v1/customers?email=same@example.com&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(second.body.data).toHaveLength(1);
    const emails = [...first.body.data, ...second.body.data].map((customer: { email: string }) => customer.email);
    expect(emails).toEqual(['same@example.com', 'same@example.com', 'same@example.com']);
  });
});
