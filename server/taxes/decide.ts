// Which tax an invoice line carries, from where the merchant and the customer are. Pure: rates
// come from the table in rates.ts (or the merchant's configuration), VAT numbers were validated
// before (and are re-checked here, since they may come back from storage).
//
// The rules, in order:
//   1. A product marked not taxable carries no tax.
//   2. Domestic (same country): the local rate, for businesses and consumers alike (Canada: the
//      customer's province; United States: 0 unless the merchant configured a rate).
//   3. Customer in the EU, in another country than the merchant:
//      a. a business with a valid VAT number of that country → 0 %, reverse charge, with the
//         Article 196 mention (whether the merchant is in the EU or not);
//      b. otherwise, from an EU merchant → the customer's country rate (OSS). A business without a
//         VAT number is taxed as a consumer. The €10,000 EU-wide threshold under which a small
//         merchant may charge its own rate is not applied: destination rates are always used;
//      c. otherwise, from a non-EU merchant → the customer's rate if the merchant is registered
//         (registeredIn has the country or "EU" for the non-Union OSS scheme), else 0 % export.
//   4. Customer outside the EU, in another country → 0 % export, unless the customer is a consumer
//      and the merchant is registered to collect there (registeredIn has "GB", "CA-QC", "US-NY", …),
//      in which case the rate for that place. Businesses abroad account for any tax themselves.
// Not modelled: special territories, domestic reverse-charge schemes, reduced rates, thresholds.
import { SettleError } from '../errors';
import { fromInteger, type Fraction } from '../money';
import { isEuMemberState, jurisdictionOf, parseCountryCode, taxRateFor, type TaxRate, type TaxRateOverrides } from './rates';
import { validateVatId, type ValidatedVatId } from './vat-id';

export const reverseChargeMention = {
  en: 'Reverse charge — VAT due by the customer, Article 196 of Council Directive 2006/112/EC',
  fr: 'Autoliquidation — TVA due par le preneur, article 196 de la directive 2006/112/CE du Conseil',
} as const;

export type TaxReason = 'not_taxable' | 'domestic' | 'eu_reverse_charge' | 'eu_destination' | 'foreign_registration' | 'export';

export interface TaxDecision {
  /** Share of the taxable amount (1/5 for 20 %). */
  readonly rate: Fraction;
  /** The rate as an exact decimal percentage, as stored on invoice lines ("20", "14.975", "0"). */
  readonly percent: string;
  readonly label: string;
  /** Where the supply is taxed: "FR", "CA-QC", … */
  readonly jurisdiction: string;
  readonly reverseCharge: boolean;
  /** Why this rate, for the audit trail and support. */
  readonly reason: TaxReason;
  /** The legal wording the invoice must carry, in English and French. */
  readonly mention?: { readonly en: string; readonly fr: string };
  /** The taxes that make up the rate, to print separately (GST and QST in Quebec). */
  readonly components: TaxRate['components'];
}

export interface TaxCustomer {
  country: string;
  /** Province or state: a code ("QC" or "CA-QC") for Canada, where it is required, and the US; free text elsewhere. */
  region?: string;
  isBusiness: boolean;
  vatId?: ValidatedVatId;
}

export interface TaxDecisionInput {
  merchantCountry: string;
  customer: TaxCustomer;
  /** Defaults to true. */
  productTaxable?: boolean;
  /**
   * Places outside its home country where the merchant is registered to collect tax from
   * consumers: ISO country codes, "COUNTRY-REGION" codes, or "EU" for the non-Union OSS scheme.
   */
  registeredIn?: readonly string[];
  /** Merchant-configured rates (e.g. US states), see taxRateFor. */
  rateOverrides?: TaxRateOverrides;
}

const zero = (label: string, jurisdiction: string, reason: TaxReason, extra: Partial<TaxDecision> = {}): TaxDecision => ({
  rate: fromInteger(0),
  percent: '0',
  label,
  jurisdiction,
  reverseCharge: false,
  reason,
  components: [],
  ...extra,
});

const fromRate = (rate: TaxRate, reason: TaxReason): TaxDecision => ({
  rate: rate.rate,
  percent: rate.percent,
  label: rate.label,
  jurisdiction: rate.jurisdiction,
  reverseCharge: false,
  reason,
  components: rate.components,
});

export function decideTax(input: TaxDecisionInput): TaxDecision {
  const merchantCountry = parseCountryCode(input.merchantCountry, 'merchantCountry');
  const { customer } = input;
  const country = parseCountryCode(customer.country, 'customer.country');
  const placeOfSupply = jurisdictionOf({ country, region: customer.region });

  const vatId = customer.vatId ? validateVatId(customer.vatId.number, 'customer.vatId') : undefined;
  if (vatId && vatId.country !== country) {
    throw new SettleError(
      'VALIDATION_FAILED',
      `The VAT number ${vatId.number} belongs to ${vatId.country}, but the customer is in ${country}.`,
      'customer.vatId',
    );
  }

  if (input.productTaxable === false) return zero('Not taxable', placeOfSupply, 'not_taxable');

  const rateOf = () =>
    taxRateFor({ country, region: customer.region }, { rateOverrides: input.rateOverrides, params: { country: 'customer.country', region: 'customer.region' } });

  if (country === merchantCountry) return fromRate(rateOf(), 'domestic');

  const registrations = new Set((input.registeredIn ?? []).map((code) => code.trim().toUpperCase()));
  const registeredForCustomer = registrations.has(country) || registrations.has(placeOfSupply);

  if (isEuMemberState(country)) {
    if (customer.isBusiness && vatId) {
      return zero('VAT reverse charge', country, 'eu_reverse_charge', { reverseCharge: true, mention: reverseChargeMention });
    }
    if (isEuMemberState(merchantCountry)) return fromRate(rateOf(), 'eu_destination');
    if (registeredForCustomer || registrations.has('EU')) return fromRate(rateOf(), 'foreign_registration');
    return zero('No tax (export)', country, 'export');
  }

  if (!customer.isBusiness && registeredForCustomer) return fromRate(rateOf(), 'foreign_registration');
  return zero('No tax (export)', placeOfSupply, 'export');
}
