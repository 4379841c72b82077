// The merchant's identity and branding as admins edit them. Every field is checked before
// anything is written: one bad field and nothing is saved; a save is audited before → after.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { recordAudit, type Actor } from '../audit';
import { SettleError } from '../errors';
import { getMerchant, saveMerchant, type MerchantDetails } from '../merchant';
import { checkVatId, hasTaxRate, isEuMemberState } from '../taxes';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const text = (max: number) => z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);
// Empty means "none"; null is taken too, so a parsed value parses again to itself.
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .nullish()
    .transform((value) => value || null);

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

export const merchantSettingsInput = z
  .object({
    name: text(100),
    legalName: text(200),
    addressLine1: text(200),
    city: text(100),
    postalCode: text(20),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'A two-letter ISO 3166 country code.')
      // Invoices are taxed from the merchant's country: it must be one whose rates are known.
      .refine((country) => hasTaxRate(country) && country !== 'CA', 'No tax rates are known for this country.'),
    vatNumber: optional(20),
    supportEmail: z.string().trim().toLowerCase().max(254).regex(emailPattern, 'An e-mail address.'),
    logoUrl: optional(500).refine((value) => value === null || isHttpsUrl(value), 'An https:// address.'),
    brandColor: z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, 'A colour as #RRGGBB.')
      .transform((value) => value.toLowerCase()),
    /** Why, for the audit row; optional since most edits explain themselves. */
    reason: optional(500),
  })
  // An EU merchant's VAT number must pass its country's format and checksum; elsewhere a tax
  // number has no rule we know, so only its shape is checked.
  .superRefine((value, context) => {
    if (!value.vatNumber) return;
    if (isEuMemberState(value.country)) {
      const check = checkVatId(value.vatNumber);
      if (!check.valid) context.addIssue({ code: 'custom', path: ['vatNumber'], message: check.message });
      else if (check.country !== value.country) context.addIssue({ code: 'custom', path: ['vatNumber'], message: `Not a VAT number of ${value.country}.` });
    } else if (!/^[A-Z0-9][A-Z0-9 .-]{3,19}$/i.test(value.vatNumber)) {
      context.addIssue({ code: 'custom', path: ['vatNumber'], message: 'Letters, digits, spaces, dots and dashes only.' });
    }
  })
  .transform((value) => ({
    ...value,
    vatNumber: value.vatNumber && isEuMemberState(value.country) ? (checkVatId(value.vatNumber) as { number: string }).number : value.vatNumber,
  }));

export type MerchantSettingsInput = z.input<typeof merchantSettingsInput>;

const fields = ['name', 'legalName', 'addressLine1', 'city', 'postalCode', 'country', 'vatNumber', 'supportEmail', 'logoUrl', 'brandColor'] as const;
const details = (source: MerchantDetails): MerchantDetails => Object.fromEntries(fields.map((field) => [field, source[field]])) as MerchantDetails;

export async function getMerchantSettings(db: Database): Promise<MerchantDetails> {
  return details(await getMerchant(db));
}

/** Saves the merchant's details; refuses (naming the first bad field) and saves nothing if any is wrong. */
export async function updateMerchantSettings(db: Database, input: MerchantSettingsInput, actor: Actor, now: Date): Promise<MerchantDetails> {
  const parsed = merchantSettingsInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SettleError('VALIDATION_FAILED', issue.message, String(issue.path[0] ?? 'input'));
  }
  return db.transaction(async (tx) => {
    const before = details(await getMerchant(tx));
    const after = details(await saveMerchant(tx, details(parsed.data)));
    const changed = fields.filter((field) => before[field] !== after[field]);
    if (changed.length > 0) {
      // Only the fields that changed, so the audit row reads as the edit it was.
      const pick = (source: MerchantDetails) => Object.fromEntries(changed.map((field) => [field, source[field]]));
      await recordAudit(tx, { actor, action: 'merchant.updated', subjectType: 'merchant', subjectId: 'merchant', reason: parsed.data.reason ?? undefined, before: pick(before), after: pick(after), at: now });
    }
    return after;
  });
}
