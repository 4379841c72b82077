// Invoice numbering and taxes as admins set them, checked on what they produce: the numbers the
// next invoice and credit note take, the tax the next invoice carries — and refusals that change
// nothing. The merchant is French (Nimbus SAS).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { createCreditNote } from '../invoices/credit-notes';
import { getMerchant } from '../merchant';
import { makeBillingCustomer, ensureMerchant } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { contextFor, makeStaff } from '../testing/fixtures';
import { makeOpenInvoice } from '../testing/payments';
import { createCaller } from '../trpc/root';
import { updateNumbering, updateTaxes } from './billing-settings';
import { numberingSettings, taxSettings } from './settings-summary';

let handle: DatabaseHandle;
const now = new Date('2026-06-01T10:00:00Z');
const admin = { type: 'staff' as const, id: 'usr_admin' };

beforeAll(async () => {
  handle = await createTestDatabase();
  await ensureMerchant(handle.db);
});
afterAll(async () => {
  await handle.close();
});

const audits = (action: string) => handle.db.select().from(auditLog).where(eq(auditLog.action, action));
const londoner = () => makeBillingCustomer(handle.db, { currency: 'GBP', address: { line1: '1 Strand', city: 'London', postalCode: 'WC2N 5HR', country: 'GB' } });
const newYorker = () => makeBillingCustomer(handle.db, { currency: 'USD', address: { line1: '1 Broadway', city: 'New York', postalCode: '10004', country: 'US', state: 'NY' } });

describe('invoice numbering', () => {
  it('a new prefix starts its own gapless series for the next invoice and credit note; issued numbers keep theirs', async () => {
    const { invoice: before } = await makeOpenInvoice(handle.db, { now });
    expect(before.number).toMatch(/^INV-2026-\d{6}$/);

    expect(await updateNumbering(handle.db, { invoicePrefix: ' nim ', creditNotePrefix: 'av', reason: 'Our accountant’s series' }, admin, now)).toEqual({ invoicePrefix: 'NIM', creditNotePrefix: 'AV' });
    const { invoice: first } = await makeOpenInvoice(handle.db, { now });
    const { invoice: second } = await makeOpenInvoice(handle.db, { now });
    expect([first.number, second.number]).toEqual(['NIM-2026-000001', 'NIM-2026-000002']);
    expect(first.series).toBe('NIM-2026');
    const note = await createCreditNote(handle.db, { invoiceId: first.id, reason: 'goodwill', amount: 100 }, now);
    expect(note.number).toBe('AV-2026-000001');

    const settings = await numberingSettings(handle.db, now);
    expect(settings).toMatchObject({ invoicePrefix: 'NIM', creditNotePrefix: 'AV', invoiceFormat: 'NIM-2026-000001' });
    expect(settings.series.find((row) => row.series === 'NIM-2026')?.nextNumber).toBe('NIM-2026-000003');

    const [row] = await audits('settings.numbering_updated');
    expect(row).toMatchObject({ actorId: 'usr_admin', reason: 'Our accountant’s series', before: { invoicePrefix: 'INV', creditNotePrefix: 'CN' }, after: { invoicePrefix: 'NIM', creditNotePrefix: 'AV' } });
  });

  it.each([
    [{ invoicePrefix: 'N-1', creditNotePrefix: 'AV' }, 'invoicePrefix', /capital letters or digits/],
    [{ invoicePrefix: '9NIM', creditNotePrefix: 'AV' }, 'invoicePrefix', /starting with a letter/],
    [{ invoicePrefix: 'ABCDEFGHIJK', creditNotePrefix: 'AV' }, 'invoicePrefix', /One to ten/],
    [{ invoicePrefix: 'NIM', creditNotePrefix: 'nim' }, 'creditNotePrefix', /a prefix of their own/],
    [{ invoicePrefix: '', creditNotePrefix: 'AV' }, 'invoicePrefix', /One to ten/],
  ])('refuses %o, naming %s, and changes nothing', async (input, param, message) => {
    const auditsBefore = (await audits('settings.numbering_updated')).length;
    const merchantBefore = await getMerchant(handle.db);
    await expect(updateNumbering(handle.db, input, admin, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param, message: expect.stringMatching(message) });
    const merchantAfter = await getMerchant(handle.db);
    expect([merchantAfter.invoicePrefix, merchantAfter.creditNotePrefix]).toEqual([merchantBefore.invoicePrefix, merchantBefore.creditNotePrefix]);
    expect(await audits('settings.numbering_updated')).toHaveLength(auditsBefore);
  });
});

describe('taxes', () => {
  it('registrations abroad and the rates set beside them decide the tax of the next invoice', async () => {
    // Before: a French merchant's consumers in London and New York are exports, 0 %.
    expect((await makeOpenInvoice(handle.db, { now, customer: await londoner(), amountMinor: 10_000n })).invoice.taxMinor).toBe(0n);
    expect((await makeOpenInvoice(handle.db, { now, customer: await newYorker(), amountMinor: 10_000n })).invoice.taxMinor).toBe(0n);

    const saved = await updateTaxes(
      handle.db,
      { taxRegistrations: ['gb', 'US-NY', 'GB'], taxRates: [{ jurisdiction: 'us-ny', label: 'NY sales tax', percent: '8.875' }], reason: 'Registered with HMRC and New York State' },
      admin,
      now,
    );
    expect(saved).toEqual({ taxRegistrations: ['GB', 'US-NY'], taxRates: [{ jurisdiction: 'US-NY', label: 'NY sales tax', percent: '8.875' }] });

    // After: UK VAT at the table's 20 %, New York at the configured 8.875 % (of 100.00: 8.875 → 8.88).
    const uk = (await makeOpenInvoice(handle.db, { now, customer: await londoner(), amountMinor: 10_000n })).invoice;
    expect([uk.taxMinor, uk.totalMinor]).toEqual([2_000n, 12_000n]);
    const ny = (await makeOpenInvoice(handle.db, { now, customer: await newYorker(), amountMinor: 10_000n })).invoice;
    expect([ny.taxMinor, ny.totalMinor]).toEqual([888n, 10_888n]);

    expect(await taxSettings(handle.db)).toMatchObject({ country: 'FR', taxRegistrations: ['GB', 'US-NY'], taxRates: [{ jurisdiction: 'US-NY', label: 'NY sales tax', percent: '8.875' }] });
    const [row] = await audits('settings.taxes_updated');
    expect(row).toMatchObject({ reason: 'Registered with HMRC and New York State', before: { taxRegistrations: [], taxRates: {} }, after: { taxRegistrations: ['GB', 'US-NY'], taxRates: { 'US-NY': { label: 'NY sales tax', percent: '8.875' } } } });
  });

  it.each([
    [{ taxRegistrations: ['FR'], taxRates: [] }, 'taxRegistrations.0', /own country/],
    [{ taxRegistrations: ['DE'], taxRates: [] }, 'taxRegistrations.0', /no registration is needed/],
    [{ taxRegistrations: ['EU'], taxRates: [] }, 'taxRegistrations.0', /no registration is needed/],
    [{ taxRegistrations: ['GB', 'US-CA'], taxRates: [] }, 'taxRegistrations.1', /Add the rate you collect in US-CA/],
    [{ taxRegistrations: ['ZZ'], taxRates: [] }, 'taxRegistrations.0', /No tax rate is known for ZZ/],
    [{ taxRegistrations: ['Great Britain'], taxRates: [] }, 'taxRegistrations.0', /A country code/],
    [{ taxRegistrations: [], taxRates: [{ jurisdiction: 'US-NY', label: 'NY', percent: '101' }] }, 'taxRates.0.percent', /At most 100/],
    [{ taxRegistrations: [], taxRates: [{ jurisdiction: 'US-NY', label: 'NY', percent: '8,875' }] }, 'taxRates.0.percent', /A percentage/],
    [{ taxRegistrations: [], taxRates: [{ jurisdiction: 'US-NY', label: ' ', percent: '8' }] }, 'taxRates.0.label', /Required/],
    [{ taxRegistrations: [], taxRates: [{ jurisdiction: 'US-NY', label: 'a', percent: '8' }, { jurisdiction: 'us-ny', label: 'b', percent: '9' }] }, 'taxRates.1.jurisdiction', /two rates/],
  ])('refuses %o, naming %s, and changes nothing', async (input, param, message) => {
    const auditsBefore = (await audits('settings.taxes_updated')).length;
    const before = await taxSettings(handle.db);
    await expect(updateTaxes(handle.db, input, admin, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param, message: expect.stringMatching(message) });
    expect(await taxSettings(handle.db)).toEqual(before);
    expect(await audits('settings.taxes_updated')).toHaveLength(auditsBefore);
  });
});

describe('who may change them', () => {
  it('only admins: finance and support are FORBIDDEN, and nothing changes', async () => {
    for (const role of ['finance', 'support'] as const) {
      const settings = createCaller(contextFor(handle.db, await makeStaff(handle.db, role))).staff.settings;
      await expect(settings.updateNumbering({ invoicePrefix: 'X', creditNotePrefix: 'Y' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(settings.updateTaxes({ taxRegistrations: ['GB'], taxRates: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const admin = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'admin'))).staff.settings;
    expect((await admin.numbering()).invoicePrefix).toBe('NIM');
  });
});
