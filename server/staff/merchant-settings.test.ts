import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { getMerchant } from '../merchant';
import { createTestDatabase } from '../testing/database';
import { contextFor, makeStaff } from '../testing/fixtures';
import { createCaller } from '../trpc/root';
import { getMerchantSettings, updateMerchantSettings, type MerchantSettingsInput } from './merchant-settings';
import { numberingSettings, taxSettings } from './settings-summary';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const actor = { type: 'staff', id: 'usr_admin' } as const;
const now = new Date('2026-06-15T12:00:00Z');
const valid: MerchantSettingsInput = {
  name: 'Nimbus',
  legalName: 'Nimbus Analytics SAS',
  addressLine1: '12 rue de la Paix',
  city: 'Paris',
  postalCode: '75002',
  country: 'fr',
  vatNumber: 'fr 36 851234566',
  supportEmail: ' Help@Nimbus.example ',
  logoUrl: '',
  brandColor: '#0F766E',
};
const merchantAudit = () => handle.db.select().from(auditLog).where(eq(auditLog.subjectType, 'merchant')).orderBy(auditLog.createdAt);

describe('merchant settings', () => {
  it('saves normalised details and audits the changed fields before → after', async () => {
    const saved = await updateMerchantSettings(handle.db, { ...valid, reason: 'Rebrand' }, actor, now);
    expect(saved).toEqual({
      name: 'Nimbus',
      legalName: 'Nimbus Analytics SAS',
      addressLine1: '12 rue de la Paix',
      city: 'Paris',
      postalCode: '75002',
      country: 'FR',
      vatNumber: 'FR36851234566',
      supportEmail: 'help@nimbus.example',
      logoUrl: null,
      brandColor: '#0f766e',
    });
    expect(await getMerchantSettings(handle.db)).toEqual(saved);
    expect((await merchantAudit())[0]).toMatchObject({ reason: 'Rebrand', before: { name: 'Settle', brandColor: '#4f46e5' }, after: { name: 'Nimbus', brandColor: '#0f766e' } });

    await updateMerchantSettings(handle.db, { ...saved, brandColor: '#111827', city: 'Lyon' }, actor, new Date('2026-06-16T12:00:00Z'));
    const rows = await merchantAudit();
    expect(rows.at(-1)).toMatchObject({ action: 'merchant.updated', actorId: 'usr_admin', before: { brandColor: '#0f766e', city: 'Paris' }, after: { brandColor: '#111827', city: 'Lyon' } });
    expect(Object.keys(rows.at(-1)!.after as object).sort()).toEqual(['brandColor', 'city']);

    // Saving the same details again changes nothing and records nothing.
    await updateMerchantSettings(handle.db, { ...saved, brandColor: '#111827', city: 'Lyon' }, actor, now);
    expect(await merchantAudit()).toHaveLength(rows.length);
  });

  it.each([
    ['brandColor', { brandColor: 'teal' }],
    ['brandColor', { brandColor: '#12345' }],
    ['vatNumber', { vatNumber: 'FR00000000000' }],
    ['vatNumber', { vatNumber: 'DE123456788' }],
    ['supportEmail', { supportEmail: 'help at nimbus' }],
    ['logoUrl', { logoUrl: 'http://nimbus.example/logo.png' }],
    ['logoUrl', { logoUrl: 'javascript:alert(1)' }],
    ['country', { country: 'France' }],
    ['country', { country: 'ZZ' }],
    ['name', { name: '  ' }],
  ])('refuses a bad %s and saves nothing', async (param, change) => {
    const before = await getMerchant(handle.db);
    const auditBefore = (await merchantAudit()).length;
    await expect(updateMerchantSettings(handle.db, { ...valid, city: 'Marseille', ...change }, actor, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param });
    expect(await getMerchant(handle.db)).toEqual(before);
    expect(await merchantAudit()).toHaveLength(auditBefore);
  });

  it('names every bad field at once through the procedure, and saves nothing', async () => {
    const before = await getMerchant(handle.db);
    const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'admin')));
    const error = await caller.staff.settings.updateMerchant({ ...valid, brandColor: 'teal', vatNumber: 'FR00000000000', supportEmail: 'nope' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(Object.keys(z.flattenError((error as TRPCError).cause as z.ZodError).fieldErrors).sort()).toEqual(['brandColor', 'supportEmail', 'vatNumber']);
    expect(await getMerchant(handle.db)).toEqual(before);
  });

  it('takes a tax number outside the EU by its shape only', async () => {
    const saved = await updateMerchantSettings(handle.db, { ...valid, country: 'GB', vatNumber: 'GB 123 4567 89' }, actor, now);
    expect(saved).toMatchObject({ country: 'GB', vatNumber: 'GB 123 4567 89' });
    await updateMerchantSettings(handle.db, valid, actor, now);
  });

  it('shows taxes and numbering as they apply', async () => {
    expect(await taxSettings(handle.db)).toEqual({ country: 'FR', vatNumber: 'FR36851234566', euMember: true, domesticRate: { label: 'VAT', percent: '20' }, taxRegistrations: [], taxRates: [] });
    expect(await numberingSettings(handle.db, now)).toEqual({ year: 2026, invoicePrefix: 'INV', creditNotePrefix: 'CN', invoiceFormat: 'INV-2026-000001', creditNoteFormat: 'CN-2026-000001', series: [] });
  });
});
