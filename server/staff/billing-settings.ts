// Invoice numbering and taxes as admins set them. As with the merchant's identity, everything is
// checked first (one bad field and nothing is saved; the error names it), and a save is audited
// before → after in the same transaction. A new prefix starts a new gapless series
// ("<prefix>-<year>"); numbers already given keep theirs. Tax settings apply to invoices finalised
// from then on: an issued invoice keeps the tax it was issued with.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { recordAudit, type Actor } from '../audit';
import { SettleError } from '../errors';
import { getMerchant, saveBillingSettings, type BillingSettings } from '../merchant';
import { isEuMemberState, taxRateFor } from '../taxes';

const optionalReason = z
  .string()
  .trim()
  .max(500, 'At most 500 characters.')
  .nullish()
  .transform((value) => value || null);

const prefix = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{0,9}$/, 'One to ten capital letters or digits, starting with a letter.');

export const numberingInput = z
  .object({ invoicePrefix: prefix, creditNotePrefix: prefix, reason: optionalReason })
  .refine((value) => value.invoicePrefix !== value.creditNotePrefix, { path: ['creditNotePrefix'], message: 'Credit notes need a prefix of their own, not the invoices’.' });
export type NumberingInput = z.input<typeof numberingInput>;

const jurisdiction = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'A country code (GB) or a country and region (US-NY).');

export const taxesInput = z.object({
  taxRegistrations: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^(EU|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/, 'A country code (GB), a country and region (US-NY), or EU.'),
    )
    .max(60, 'At most 60 registrations.'),
  taxRates: z
    .array(
      z.object({
        jurisdiction,
        label: z.string().trim().min(1, 'Required.').max(40, 'At most 40 characters.'),
        percent: z
          .string()
          .trim()
          .regex(/^\d{1,3}(\.\d{1,4})?$/, 'A percentage such as 8.875 (at most four decimals).')
          .refine((value) => Number(value) <= 100, 'At most 100 %.'),
      }),
    )
    .max(100, 'At most 100 rates.'),
  reason: optionalReason,
});
export type TaxesInput = z.input<typeof taxesInput>;
export type TaxRateSetting = { jurisdiction: string; label: string; percent: string };

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new SettleError('VALIDATION_FAILED', issue.message, issue.path.length ? issue.path.join('.') : 'input');
}

/** The rates as the tax rules read them (jurisdiction → rate), refusing a jurisdiction given twice. */
function toRateOverrides(rates: TaxRateSetting[]): BillingSettings['taxRates'] {
  const overrides: BillingSettings['taxRates'] = {};
  rates.forEach((rate, index) => {
    if (Object.hasOwn(overrides, rate.jurisdiction)) throw new SettleError('VALIDATION_FAILED', `${rate.jurisdiction} has two rates; keep one.`, `taxRates.${index}.jurisdiction`);
    overrides[rate.jurisdiction] = { label: rate.label, percent: rate.percent };
  });
  return overrides;
}

/**
 * Registrations must name places the rules can tax: abroad (the home country is taxed already),
 * with a rate known from the table or set beside them. US sales tax has no table rate, so a US
 * registration needs its rate.
 */
function checkRegistrations(registrations: string[], rates: BillingSettings['taxRates'], homeCountry: string): string[] {
  const unique = [...new Set(registrations)];
  unique.forEach((code, index) => {
    const param = `taxRegistrations.${index}`;
    const [country, region] = code.split('-') as [string, string | undefined];
    if ((code === 'EU' || isEuMemberState(country)) && isEuMemberState(homeCountry)) {
      throw new SettleError('VALIDATION_FAILED', `${code}: from ${homeCountry} you already charge EU consumers their own country’s rate (OSS); no registration is needed.`, param);
    }
    if (code === 'EU') return;
    if (country === homeCountry) throw new SettleError('VALIDATION_FAILED', `${code} is in your own country (${homeCountry}): domestic sales are taxed already.`, param);
    if (country === 'US' && !Object.hasOwn(rates, code) && !Object.hasOwn(rates, 'US')) {
      throw new SettleError('VALIDATION_FAILED', `Add the rate you collect in ${code}: US sales tax has no built-in rate.`, param);
    }
    try {
      taxRateFor({ country, region }, { rateOverrides: rates });
    } catch (error) {
      if (error instanceof SettleError) throw new SettleError('VALIDATION_FAILED', `${code}: ${error.message}`, param);
      throw error;
    }
  });
  return unique;
}

const numberingFields = ['invoicePrefix', 'creditNotePrefix'] as const;
const taxFields = ['taxRegistrations', 'taxRates'] as const;

async function saveAudited(
  db: Database,
  input: { fields: readonly (keyof BillingSettings)[]; values: Partial<BillingSettings>; action: string; reason: string | null; actor: Actor; now: Date },
): Promise<BillingSettings> {
  return db.transaction(async (tx) => {
    const current = await getMerchant(tx);
    const saved = await saveBillingSettings(tx, input.values);
    if (!saved) throw new SettleError('CONFLICT', 'Save the merchant’s identity first: numbering and taxes belong to it.', 'merchant');
    const pick = (source: BillingSettings) => Object.fromEntries(input.fields.map((field) => [field, source[field]]));
    const before = pick(current);
    const after = pick(saved);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, { actor: input.actor, action: input.action, subjectType: 'merchant', subjectId: 'merchant', reason: input.reason ?? undefined, before, after, at: input.now });
    }
    return saved;
  });
}

export async function updateNumbering(db: Database, input: NumberingInput, actor: Actor, now: Date) {
  const parsed = parse(numberingInput, input);
  const values = { invoicePrefix: parsed.invoicePrefix, creditNotePrefix: parsed.creditNotePrefix };
  await saveAudited(db, { fields: numberingFields, values, action: 'settings.numbering_updated', reason: parsed.reason, actor, now });
  return values;
}

export async function updateTaxes(db: Database, input: TaxesInput, actor: Actor, now: Date) {
  const parsed = parse(taxesInput, input);
  const taxRates = toRateOverrides(parsed.taxRates);
  const merchant = await getMerchant(db);
  const taxRegistrations = checkRegistrations(parsed.taxRegistrations, taxRates, merchant.country);
  const saved = await saveAudited(db, { fields: taxFields, values: { taxRegistrations, taxRates }, action: 'settings.taxes_updated', reason: parsed.reason, actor, now });
  return { taxRegistrations: saved.taxRegistrations, taxRates: rateList(saved.taxRates) };
}

/** The configured rates as a list for forms and tables, in jurisdiction order. */
export const rateList = (rates: BillingSettings['taxRates']): TaxRateSetting[] =>
  Object.entries(rates)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, rate]) => ({ jurisdiction: code, label: rate.label, percent: rate.percent }));
