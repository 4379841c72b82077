// Standard VAT/GST/sales-tax rates by jurisdiction, as exact decimal percentages. This is data,
// not law: rates change (six EU members changed their standard rate in 2024–2025 alone), so every
// entry is the standard rate known to apply on `ratesAsOf`, and a merchant must check it before
// relying on it. Reduced rates (books, food, …) and special territories are not modelled: a
// country's entry is its mainland standard rate (e.g. not the Azores, Madeira, Åland, the Canary
// Islands or the French overseas departments). Where a rate changed recently the date is noted,
// because invoices for periods before that date would need the old rate.
import { SettleError } from '../errors';
import { compare, divide, fromInteger, parseDecimal, sum, toDecimalString, type Fraction } from '../money';

/** The date on which every rate in this table was last checked. */
export const ratesAsOf = '2025-08-01';

interface RateComponent {
  readonly label: string;
  /** Percent as an exact decimal string: "20", "8.1", "9.975". */
  readonly percent: string;
}

interface RateEntry {
  readonly label: string;
  readonly components: readonly RateComponent[];
}

const vat = (percent: string): RateEntry => ({ label: 'VAT', components: [{ label: 'VAT', percent }] });
const single = (label: string, percent: string): RateEntry => ({ label, components: [{ label, percent }] });

/** The 27 member states of the European Union (ISO 3166-1 codes: Greece is GR here, EL in VAT numbers). */
export const euMemberStates = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
export type EuMemberState = (typeof euMemberStates)[number];

export const isEuMemberState = (country: string): country is EuMemberState => (euMemberStates as readonly string[]).includes(country);

const countryRates: Readonly<Record<string, RateEntry>> = {
  // European Union — standard rates.
  AT: vat('20'),
  BE: vat('21'),
  BG: vat('20'),
  CY: vat('19'),
  CZ: vat('21'),
  DE: vat('19'),
  DK: vat('25'),
  EE: vat('24'), // 22 until 30 June 2025
  ES: vat('21'),
  FI: vat('25.5'), // 24 until 31 August 2024
  FR: vat('20'),
  GR: vat('24'),
  HR: vat('25'),
  HU: vat('27'),
  IE: vat('23'),
  IT: vat('22'),
  LT: vat('21'),
  LU: vat('17'), // 16 during 2023
  LV: vat('21'),
  MT: vat('18'),
  NL: vat('21'),
  PL: vat('23'),
  PT: vat('23'),
  RO: vat('21'), // 19 until 31 July 2025
  SE: vat('25'),
  SI: vat('22'),
  SK: vat('23'), // 20 until 31 December 2024

  // Rest of Europe.
  GB: vat('20'),
  CH: vat('8.1'), // 7.7 until 31 December 2023
  LI: vat('8.1'), // Liechtenstein shares the Swiss VAT area
  NO: vat('25'),
  IS: vat('24'),

  // Asia-Pacific and the Gulf.
  AU: single('GST', '10'),
  NZ: single('GST', '15'),
  JP: single('Consumption tax', '10'),
  SG: single('GST', '9'), // 8 during 2023
  AE: vat('5'),
  SA: vat('15'),
  KW: single('No VAT', '0'),
  QA: single('No VAT', '0'),

  // Countries whose tax depends on the region: see regionRates; these are never used directly.
  CA: single('GST', '5'),
  US: single('No sales tax', '0'),
};

/**
 * Canada by province and territory (ISO 3166-2 subdivision codes). GST is federal (5 %); five
 * provinces fold it into a harmonised HST; Quebec adds QST, and British Columbia, Manitoba and
 * Saskatchewan add a provincial sales tax shown separately on the invoice.
 */
const canadianGst: RateComponent = { label: 'GST', percent: '5' };
const canadaRates: Readonly<Record<string, RateEntry>> = {
  AB: { label: 'GST', components: [canadianGst] },
  NT: { label: 'GST', components: [canadianGst] },
  NU: { label: 'GST', components: [canadianGst] },
  YT: { label: 'GST', components: [canadianGst] },
  ON: single('HST', '13'),
  NB: single('HST', '15'),
  NL: single('HST', '15'),
  NS: single('HST', '14'), // 15 until 31 March 2025
  PE: single('HST', '15'),
  QC: { label: 'GST + QST', components: [canadianGst, { label: 'QST', percent: '9.975' }] },
  BC: { label: 'GST + PST', components: [canadianGst, { label: 'PST', percent: '7' }] },
  MB: { label: 'GST + RST', components: [canadianGst, { label: 'RST', percent: '7' }] },
  SK: { label: 'GST + PST', components: [canadianGst, { label: 'PST', percent: '6' }] },
};

/** A rate configured by the merchant for a jurisdiction ("US-NY", "US", "GB"), taking precedence over the table. */
export interface ConfiguredRate {
  readonly label: string;
  readonly percent: string;
}
export type TaxRateOverrides = Readonly<Record<string, ConfiguredRate>>;

export interface TaxRate {
  /** The share of the taxable amount, e.g. 1/5 for 20 %; never a float. */
  readonly rate: Fraction;
  /** The same rate as an exact decimal percentage, e.g. "20" or "14.975", as stored on invoice lines. */
  readonly percent: string;
  readonly label: string;
  /** "FR", "CA-QC", "US-NY", … */
  readonly jurisdiction: string;
  /** The taxes that make up the rate, to print separately (GST and QST in Quebec). */
  readonly components: readonly { readonly label: string; readonly percent: string; readonly rate: Fraction }[];
}

const hundred = fromInteger(100);

function percentToFraction(percent: string, param: string): Fraction {
  const value = divide(parseDecimal(percent, param), hundred);
  if (compare(value, fromInteger(0)) < 0 || compare(value, fromInteger(1)) > 0) {
    throw new SettleError('VALIDATION_FAILED', `A tax rate must be between 0 and 100 percent (got ${percent}).`, param);
  }
  return value;
}

function toTaxRate(entry: RateEntry, jurisdiction: string, param: string): TaxRate {
  const components = entry.components.map((component) => ({ ...component, rate: percentToFraction(component.percent, param) }));
  return {
    rate: sum(components.map((component) => component.rate)),
    percent: toDecimalString(sum(entry.components.map((component) => parseDecimal(component.percent, param)))),
    label: entry.label,
    jurisdiction,
    components,
  };
}

/** Upper-cased ISO 3166-1 alpha-2 code, or a VALIDATION_FAILED error naming the field. */
export function parseCountryCode(value: string, param = 'country'): string {
  const country = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new SettleError('VALIDATION_FAILED', `"${String(value)}" is not a two-letter ISO 3166 country code.`, param);
  }
  return country;
}

export interface TaxRateQuery {
  country: string;
  region?: string;
}

/** Countries whose tax depends on the state or province, so a region must be a code there. */
const regionalCountries: ReadonlySet<string> = new Set(['CA', 'US']);

/** "QC" or "CA-QC" → "QC"; undefined for an empty region or free text such as "Bayern". */
function regionCode(country: string, region: string | undefined): string | undefined {
  const upper = region?.trim().toUpperCase() ?? '';
  const bare = upper.startsWith(`${country}-`) ? upper.slice(country.length + 1) : upper;
  return /^[A-Z0-9]{1,3}$/.test(bare) ? bare : undefined;
}

/**
 * Where a sale is taxed: "CA-QC" or "US-NY" where the region decides the tax and is given as a
 * code, otherwise the country. Never throws on the region, which customers type as free text.
 */
export function jurisdictionOf(query: TaxRateQuery, param = 'country'): string {
  const country = parseCountryCode(query.country, param);
  const region = regionalCountries.has(country) ? regionCode(country, query.region) : undefined;
  return region ? `${country}-${region}` : country;
}

function configuredRate(overrides: TaxRateOverrides | undefined, jurisdiction: string): TaxRate | undefined {
  const configured = overrides?.[jurisdiction];
  if (!configured) return undefined;
  return toTaxRate(single(configured.label, configured.percent), jurisdiction, `rateOverrides.${jurisdiction}`);
}

/**
 * The standard rate for a place: a merchant-configured rate for "COUNTRY-REGION" or "COUNTRY"
 * first, then the table. Canada needs a province. United States sales tax is 0 unless configured,
 * since it depends on the merchant's nexus and the product. An unknown country is refused.
 * `params` names the fields in errors when the query comes from a larger input.
 */
export function taxRateFor(
  query: TaxRateQuery,
  options: { rateOverrides?: TaxRateOverrides; params?: { country?: string; region?: string } } = {},
): TaxRate {
  const countryParam = options.params?.country ?? 'country';
  const regionParam = options.params?.region ?? 'region';
  const country = parseCountryCode(query.country, countryParam);
  const region = regionCode(country, query.region);
  // Elsewhere the region is free text and only matters if a rate is configured for its code.
  if (regionalCountries.has(country) && query.region?.trim() && region === undefined) {
    throw new SettleError('VALIDATION_FAILED', `"${query.region}" is not a region code of ${country} (e.g. "NY" or "${country}-NY").`, regionParam);
  }

  const configured =
    (region === undefined ? undefined : configuredRate(options.rateOverrides, `${country}-${region}`)) ??
    configuredRate(options.rateOverrides, country);
  if (configured) return configured;

  if (country === 'CA') {
    if (region === undefined) {
      throw new SettleError('VALIDATION_FAILED', 'A Canadian address needs its province or territory to determine the sales tax.', regionParam);
    }
    const entry = canadaRates[region];
    if (!entry) throw new SettleError('VALIDATION_FAILED', `"${region}" is not a Canadian province or territory.`, regionParam);
    return toTaxRate(entry, `CA-${region}`, regionParam);
  }
  const entry = countryRates[country];
  if (!entry) {
    throw new SettleError('VALIDATION_FAILED', `No tax rate is known for ${country}; configure one for this country.`, countryParam);
  }
  return toTaxRate(entry, country === 'US' && region !== undefined ? `US-${region}` : country, countryParam);
}

/** Whether the table or the configuration has a rate for the country, without throwing. */
export const hasTaxRate = (country: string, rateOverrides?: TaxRateOverrides): boolean =>
  Object.hasOwn(countryRates, country) || Object.keys(rateOverrides ?? {}).some((key) => key === country || key.startsWith(`${country}-`));

/** The countries the table knows, for a settings screen or a test. */
export const tabledCountries = (): string[] => Object.keys(countryRates).sort();
