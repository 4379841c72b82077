// The portal's billing details: scoped to the caller, validated field by field (nothing saved when
// one field is refused), audited, and never rewriting an invoice that was already finalised.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, invoices } from '@/db/schema';
import { getCustomer } from '../../customers';
import { createTestDatabase } from '../../testing/database';
import { ensureMerchant } from '../../testing/billing-fixtures';
import { contextFor, makeCustomerWithContact } from '../../testing/fixtures';
import { makeOpenInvoice } from '../../testing/payments';
import { createCaller } from '../root';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await ensureMerchant(handle.db);
});
afterAll(() => handle.close());

const at = '2026-06-15T12:00:00Z';
const form = {
  name: 'Van Dijk Fietsen B.V.',
  email: 'Facturen@VanDijk.example',
  line1: 'Prinsengracht 263',
  line2: null,
  city: 'Amsterdam',
  postalCode: '1016 GV',
  state: null,
  country: 'nl',
  vatId: 'NL 1234 56 782 B01',
  locale: 'fr' as const,
};

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { param?: string } | undefined;
    return { code: error.code, param: cause?.param ?? null, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('portal.billingDetails', () => {
  it('reads and changes only the caller’s own account, normalised, and records the change in the audit log', async () => {
    const mine = await makeCustomerWithContact(handle.db, 'Mine BV');
    const other = await makeCustomerWithContact(handle.db, 'Other SARL');
    const caller = createCaller(contextFor(handle.db, mine.contact, at));
    expect(await caller.portal.billingDetails.get()).toMatchObject({ name: 'Mine BV', country: 'FR', vatId: null, locale: 'en', currency: 'EUR' });

    const saved = await caller.portal.billingDetails.update(form);
    expect(saved).toMatchObject({ name: 'Van Dijk Fietsen B.V.', email: 'facturen@vandijk.example', country: 'NL', vatId: 'NL123456782B01', city: 'Amsterdam', locale: 'fr' });
    expect(await caller.portal.billingDetails.get()).toEqual(saved);
    expect((await getCustomer(handle.db, mine.customer.id)).taxIds).toEqual([{ type: 'eu_vat', value: 'NL123456782B01', country: 'NL' }]);
    // The other account is untouched: there is no input naming a customer at all.
    expect(await getCustomer(handle.db, other.customer.id)).toMatchObject({ name: 'Other SARL', country: 'FR', taxIds: [] });

    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.subjectId, mine.customer.id), eq(auditLog.action, 'customer.billing_details.update')));
    expect(audit).toMatchObject({ actorType: 'customer', actorId: mine.contact.userId, subjectType: 'customer' });
    expect(audit!.before).toMatchObject({ name: 'Mine BV', country: 'FR', vatId: null, locale: 'en' });
    expect(audit!.after).toMatchObject({ name: 'Van Dijk Fietsen B.V.', country: 'NL', vatId: 'NL123456782B01', locale: 'fr' });
    expect(Object.keys(audit!.after as object)).not.toContain('line2');

    // Saving the same details again records nothing new.
    await caller.portal.billingDetails.update(form);
    const audits = await handle.db.select().from(auditLog).where(and(eq(auditLog.subjectId, mine.customer.id), eq(auditLog.action, 'customer.billing_details.update')));
    expect(audits).toHaveLength(1);
  });

  it('refuses a bad field with its name as param and saves nothing, not even the valid fields', async () => {
    const { customer, contact } = await makeCustomerWithContact(handle.db, 'Careful SAS');
    const caller = createCaller(contextFor(handle.db, contact, at));
    const before = await caller.portal.billingDetails.get();
    const cases: Array<[Partial<typeof form>, string]> = [
      [{ vatId: 'NL 8047 09 541 B01' }, 'taxIds[0].value'], // checksum
      [{ vatId: 'GB123456789' }, 'taxIds[0].value'], // not an EU member state
      [{ vatId: 'FR123' }, 'taxIds[0].value'], // format
      [{ email: 'not an address' }, 'email'],
      [{ name: '   ' }, 'name'],
      [{ country: 'XX' }, 'address.country'],
    ];
    for (const [change, param] of cases) {
      expect(await refusal(caller.portal.billingDetails.update({ ...form, ...change }))).toMatchObject({ code: 'BAD_REQUEST', param });
    }
    expect(await caller.portal.billingDetails.get()).toEqual(before);
    expect(await getCustomer(handle.db, customer.id)).toMatchObject({ name: 'Careful SAS', taxIds: [] });
    // Too long for the form: refused by the input schema before anything runs.
    expect(await refusal(caller.portal.billingDetails.update({ ...form, city: 'x'.repeat(101) }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('clears the VAT number when the field is emptied', async () => {
    const { contact } = await makeCustomerWithContact(handle.db);
    const caller = createCaller(contextFor(handle.db, contact, at));
    await caller.portal.billingDetails.update(form);
    expect(await caller.portal.billingDetails.update({ ...form, vatId: '  ' })).toMatchObject({ vatId: null });
  });

  it('leaves a finalised invoice’s customer snapshot exactly as it was issued', async () => {
    const { customer, contact } = await makeCustomerWithContact(handle.db, 'Snapshot SARL');
    const { invoice } = await makeOpenInvoice(handle.db, { customer, now: new Date(at) });
    expect(invoice.status).toBe('open');
    const [issued] = await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(issued!.customerSnapshot).toMatchObject({ name: 'Snapshot SARL' });

    await createCaller(contextFor(handle.db, contact, at)).portal.billingDetails.update({ ...form, name: 'Renamed BV' });

    const [after] = await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after!.customerSnapshot).toEqual(issued!.customerSnapshot);
    expect(JSON.stringify(after!.customerSnapshot)).not.toContain('Renamed BV');
    expect(JSON.stringify(after!.customerSnapshot)).not.toContain('NL123456782B01');
    expect(await getCustomer(handle.db, customer.id)).toMatchObject({ name: 'Renamed BV', country: 'NL' });
  });
});
