// A price definition: what a product costs per unit, per package or per tier, once or every
// billing period, and for metered prices how usage becomes a quantity. `validatePrice` is the one
// way in: every rule a price must satisfy is checked here, once, so the amount code can trust it.
import { fraction, parseAmountMinor, parseCurrency, parseDecimal, toDecimalString, type Fraction } from '../money';
import { isAbsent, oneOf, parseCount, parseSmallInteger, refuse, requireString } from './validation';

export const priceTypes = ['one_time', 'recurring'] as const;
export const intervals = ['day', 'week', 'month', 'year'] as const;
export const usageTypes = ['licensed', 'metered'] as const;
export const aggregations = ['sum', 'count', 'max', 'unique_count', 'last'] as const;
export const billingSchemes = ['per_unit', 'tiered', 'package'] as const;
export const tiersModes = ['graduated', 'volume'] as const;
export const taxBehaviors = ['exclusive', 'inclusive'] as const;

export type PriceType = (typeof priceTypes)[number];
export type Interval = (typeof intervals)[number];
export type UsageType = (typeof usageTypes)[number];
export type Aggregation = (typeof aggregations)[number];
export type BillingScheme = (typeof billingSchemes)[number];
export type TiersMode = (typeof tiersModes)[number];
export type TaxBehavior = (typeof taxBehaviors)[number];

/** A whole number as it may arrive from JSON, a form or the database. */
type WholeNumberInput = number | string | bigint;

export interface TierInput {
  upTo: WholeNumberInput | null;
  unitAmount?: WholeNumberInput | null;
  unitAmountDecimal?: string | null;
  flatAmount?: WholeNumberInput | null;
}

/** The API shape of a price, before validation. Absent optional fields may be undefined or null. */
export interface PriceInput {
  currency: string;
  type: PriceType;
  recurring?: {
    interval: Interval;
    intervalCount?: number | null;
    usageType?: UsageType | null;
    metric?: string | null;
    aggregation?: Aggregation | null;
  } | null;
  billingScheme: BillingScheme;
  unitAmount?: WholeNumberInput | null;
  unitAmountDecimal?: string | null;
  tiersMode?: TiersMode | null;
  tiers?: readonly TierInput[] | null;
  packageSize?: WholeNumberInput | null;
  taxBehavior: TaxBehavior;
  trialDays?: number | null;
}

export interface Recurring {
  readonly interval: Interval;
  readonly intervalCount: number;
  readonly usageType: UsageType;
  /** Set exactly when usageType is 'metered'. */
  readonly metric: string | null;
  readonly aggregation: Aggregation | null;
}

/**
 * A unit price in minor units, in one of its two forms: a whole `unitAmount` (80 = 80 cents) or a
 * `unitAmountDecimal` that may be finer than a minor unit ("0.8" = 0.8 cent). At most one is set;
 * neither is set only on a tier that charges a flat fee alone.
 */
export interface UnitAmount {
  readonly unitAmount: bigint | null;
  /** Canonical decimal string ("0.80" is stored as "0.8"). */
  readonly unitAmountDecimal: string | null;
}

export interface Tier extends UnitAmount {
  /** The last unit this tier covers; null on the last tier only, which covers every unit above. */
  readonly upTo: bigint | null;
  readonly flatAmount: bigint | null;
}

interface PriceCommon {
  readonly currency: string;
  readonly type: PriceType;
  /** Null exactly when type is 'one_time'. */
  readonly recurring: Recurring | null;
  readonly taxBehavior: TaxBehavior;
  /** 0 when there is no trial (always 0 on one-time prices). */
  readonly trialDays: number;
}

export interface PerUnitPrice extends PriceCommon, UnitAmount {
  readonly billingScheme: 'per_unit';
}

export interface PackagePrice extends PriceCommon, UnitAmount {
  readonly billingScheme: 'package';
  /** Units per package; the unit amount is the price of one package. */
  readonly packageSize: bigint;
}

export interface TieredPrice extends PriceCommon {
  readonly billingScheme: 'tiered';
  readonly tiersMode: TiersMode;
  /** At least one tier, upTo strictly ascending, the last one open-ended. */
  readonly tiers: readonly Tier[];
}

export type Price = PerUnitPrice | PackagePrice | TieredPrice;

/** The exact unit price in minor units (0 for a tier that only has a flat fee). */
export function unitAmountOf(amount: UnitAmount): Fraction {
  if (amount.unitAmountDecimal !== null) return parseDecimal(amount.unitAmountDecimal, 'unitAmountDecimal');
  return fraction(amount.unitAmount ?? 0n);
}

/** The unit price in minor units as a decimal string, as shown on an invoice line ("0.8", "500"). */
export function unitAmountDecimalOf(amount: UnitAmount): string {
  return amount.unitAmountDecimal ?? (amount.unitAmount ?? 0n).toString();
}

/** Metered prices bill measured usage, which may be fractional (0.7 GB); licensed prices bill whole items. */
export const isMetered = (price: Price): boolean => price.recurring?.usageType === 'metered';

// A billing period is at most three years, however it is counted. Days are further held to 365 by
// the general intervalCount bound, so their three-year figure never bites; it is here for symmetry.
const maximumIntervalCount: Record<Interval, number> = { day: 1095, week: 156, month: 36, year: 3 };
const maximumTrialDays = 730;
const maximumMetricLength = 100;

export function validatePrice(input: PriceInput): Price {
  const currency = parseCurrency(requireString(input.currency, 'currency'));
  const type = oneOf(input.type, priceTypes, 'type');
  const recurring = parseRecurring(input.recurring, type);
  const trialDays = isAbsent(input.trialDays) ? 0 : parseSmallInteger(input.trialDays, 'trialDays', 0, maximumTrialDays);
  if (type === 'one_time' && trialDays > 0) refuse('Only recurring prices can have a trial.', 'trialDays');
  const taxBehavior = oneOf(input.taxBehavior, taxBehaviors, 'taxBehavior');
  const common = { currency, type, recurring, taxBehavior, trialDays };

  const billingScheme = oneOf(input.billingScheme, billingSchemes, 'billingScheme');
  // A field that belongs to another scheme is refused rather than ignored: a price sent with tiers
  // but billingScheme 'per_unit' is a mistake that would otherwise bill the wrong amount silently.
  const refuseIfPresent = (field: keyof PriceInput) => {
    if (!isAbsent(input[field])) refuse(`${field} does not apply to a ${billingScheme} price.`, field);
  };

  if (billingScheme === 'tiered') {
    refuseIfPresent('unitAmount');
    refuseIfPresent('unitAmountDecimal');
    refuseIfPresent('packageSize');
    if (isAbsent(input.tiersMode)) refuse('A tiered price needs tiersMode: graduated or volume.', 'tiersMode');
    const tiersMode = oneOf(input.tiersMode, tiersModes, 'tiersMode');
    return { ...common, billingScheme, tiersMode, tiers: parseTiers(input.tiers) };
  }

  refuseIfPresent('tiersMode');
  refuseIfPresent('tiers');
  const unitAmount = parseUnitAmount(input, '');
  if (unitAmount.unitAmount === null && unitAmount.unitAmountDecimal === null) {
    refuse(`A ${billingScheme} price needs unitAmount or unitAmountDecimal.`, 'unitAmount');
  }
  if (billingScheme === 'per_unit') {
    refuseIfPresent('packageSize');
    return { ...common, billingScheme, ...unitAmount };
  }
  if (isAbsent(input.packageSize)) refuse('A package price needs packageSize, the number of units per package.', 'packageSize');
  return { ...common, billingScheme, ...unitAmount, packageSize: parseCount(input.packageSize, 'packageSize', 1n) };
}

function parseRecurring(input: PriceInput['recurring'], type: PriceType): Recurring | null {
  if (type === 'one_time') {
    if (!isAbsent(input)) refuse('A one-time price has no recurring settings.', 'recurring');
    return null;
  }
  if (isAbsent(input) || typeof input !== 'object') return refuse('A recurring price needs recurring.interval.', 'recurring');

  const interval = oneOf(input.interval, intervals, 'recurring.interval');
  const intervalCount = isAbsent(input.intervalCount) ? 1 : parseSmallInteger(input.intervalCount, 'recurring.intervalCount', 1, 365);
  if (intervalCount > maximumIntervalCount[interval]) {
    refuse(`A billing period is at most three years: ${interval} intervals allow an intervalCount up to ${maximumIntervalCount[interval]}.`, 'recurring.intervalCount');
  }

  const usageType = isAbsent(input.usageType) ? 'licensed' : oneOf(input.usageType, usageTypes, 'recurring.usageType');
  if (usageType === 'licensed') {
    // Only usage is aggregated; a metric on a licensed price would suggest usage is billed when it is not.
    if (!isAbsent(input.metric)) refuse('Only metered prices have a usage metric.', 'recurring.metric');
    if (!isAbsent(input.aggregation)) refuse('Only metered prices aggregate usage.', 'recurring.aggregation');
    return { interval, intervalCount, usageType, metric: null, aggregation: null };
  }

  if (isAbsent(input.metric)) refuse('A metered price needs the usage metric it bills.', 'recurring.metric');
  const metric = requireString(input.metric, 'recurring.metric').trim();
  if (metric === '' || metric.length > maximumMetricLength) {
    refuse(`recurring.metric must be 1 to ${maximumMetricLength} characters.`, 'recurring.metric');
  }
  if (isAbsent(input.aggregation)) refuse('A metered price needs an aggregation: sum, count, max, unique_count or last.', 'recurring.aggregation');
  const aggregation = oneOf(input.aggregation, aggregations, 'recurring.aggregation');
  return { interval, intervalCount, usageType, metric, aggregation };
}

function parseTiers(input: PriceInput['tiers']): Tier[] {
  if (!Array.isArray(input) || input.length === 0) return refuse('A tiered price needs at least one tier.', 'tiers');
  const tiers: Tier[] = [];
  let previousUpTo = 0n;
  for (const [index, tier] of input.entries()) {
    const param = `tiers[${index}]`;
    if (typeof tier !== 'object' || tier === null) return refuse(`${param} must be an object.`, param);
    const isLast = index === input.length - 1;
    let upTo: bigint | null = null;
    if (isLast) {
      // An open-ended last tier means every quantity has a price; there is no "quantity too large".
      if (!isAbsent(tier.upTo)) refuse('The last tier must have upTo: null, so it covers every quantity above the others.', `${param}.upTo`);
    } else {
      if (isAbsent(tier.upTo)) refuse('Only the last tier may have upTo: null.', `${param}.upTo`);
      upTo = parseCount(tier.upTo, `${param}.upTo`, 1n);
      if (upTo <= previousUpTo) refuse(`Tiers must be in ascending order of upTo: ${upTo} does not follow ${previousUpTo}.`, `${param}.upTo`);
      previousUpTo = upTo;
    }
    const unitAmount = parseUnitAmount(tier, `${param}.`);
    const flatAmount = isAbsent(tier.flatAmount) ? null : parseAmountMinor(tier.flatAmount, `${param}.flatAmount`);
    if (unitAmount.unitAmount === null && unitAmount.unitAmountDecimal === null && flatAmount === null) {
      refuse('Each tier needs a unit amount (unitAmount or unitAmountDecimal), a flatAmount, or both.', `${param}.unitAmount`);
    }
    tiers.push({ upTo, ...unitAmount, flatAmount });
  }
  return tiers;
}

/** Either form of unit price, never both: two figures for one price leave the amount ambiguous. */
function parseUnitAmount(input: { unitAmount?: unknown; unitAmountDecimal?: unknown }, prefix: string): UnitAmount {
  const hasWhole = !isAbsent(input.unitAmount);
  const hasDecimal = !isAbsent(input.unitAmountDecimal);
  if (hasWhole && hasDecimal) refuse(`Give ${prefix}unitAmount or ${prefix}unitAmountDecimal, not both.`, `${prefix}unitAmountDecimal`);
  if (hasWhole) return { unitAmount: parseAmountMinor(input.unitAmount, `${prefix}unitAmount`), unitAmountDecimal: null };
  if (!hasDecimal) return { unitAmount: null, unitAmountDecimal: null };

  const param = `${prefix}unitAmountDecimal`;
  // A string, never a JSON number: 0.1 as a float is not 0.1, and that is the point of this field.
  const value = parseDecimal(requireString(input.unitAmountDecimal, param), param);
  if (value.numerator < 0n) refuse(`${param} must not be negative.`, param);
  return { unitAmount: null, unitAmountDecimal: toDecimalString(value) };
}
