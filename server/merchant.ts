// The merchant's identity and branding, read wherever a document or e-mail carries them.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { merchant } from '@/db/schema';

export type Merchant = typeof merchant.$inferSelect;

const unnamed: Merchant = {
  id: 1,
  name: 'Settle',
  legalName: 'Settle',
  addressLine1: '',
  city: '',
  postalCode: '',
  country: 'FR',
  vatNumber: null,
  supportEmail: 'support@settle.localhost',
  logoUrl: null,
  brandColor: '#4f46e5',
  invoicePrefix: 'INV',
  creditNotePrefix: 'CN',
  taxRegistrations: [],
  taxRates: {},
  createdAt: new Date(0),
};

export async function findMerchant(db: Database): Promise<Merchant | null> {
  const [row] = await db.select().from(merchant).limit(1);
  return row ?? null;
}

/** The merchant, or a neutral identity before one is set up. */
export async function getMerchant(db: Database): Promise<Merchant> {
  return (await findMerchant(db)) ?? unnamed;
}

/** The merchant's identity and branding; numbering and taxes are billing settings, saved apart. */
export type MerchantDetails = Omit<Merchant, 'id' | 'createdAt' | BillingSettingField>;
export type BillingSettingField = 'invoicePrefix' | 'creditNotePrefix' | 'taxRegistrations' | 'taxRates';
export type BillingSettings = Pick<Merchant, BillingSettingField>;

/** Writes the merchant's one row (creating it the first time, with default billing settings), inside the caller's transaction. */
export async function saveMerchant(tx: Database, details: MerchantDetails): Promise<Merchant> {
  const [row] = await tx
    .insert(merchant)
    .values({ id: 1, ...details })
    .onConflictDoUpdate({ target: merchant.id, set: details })
    .returning();
  return row!;
}

/** Writes the numbering and tax settings of the merchant's row, which must exist, inside the caller's transaction. */
export async function saveBillingSettings(tx: Database, settings: Partial<BillingSettings>): Promise<Merchant | null> {
  const [row] = await tx.update(merchant).set(settings).where(eq(merchant.id, 1)).returning();
  return row ?? null;
}
