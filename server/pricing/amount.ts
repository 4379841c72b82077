// What a price charges for a quantity. The amount is computed exactly, as a fraction of minor
// units (unit prices may be finer than a minor unit), and rounded once, by the money rule
// (roundHalfAwayFromZero), to give the line amount. Nothing is rounded on the way: not per unit,
// not per tier, so an invoice line is never off by the sum of many small roundings.
import { SettleError } from '../errors';
import { add, compare, divide, fraction, maxAmountMinor, multiply, roundHalfAwayFromZero, subtract, type Fraction } from '../money';
import { apportion } from './apportion';
import { isMetered, unitAmountDecimalOf, unitAmountOf, type Price, type Tier, type TieredPrice } from './price';

export interface PriceAmount {
  /** The line amount in minor units: `exact`, rounded once, halves away from zero. */
  amountMinor: bigint;
  /** The amount before rounding, in minor units. */
  exact: Fraction;
  /**
   * The price, in minor units as a decimal string ("0.8", "500"), that every unit was charged at,
   * when there is one: the unit price (per_unit), the price of one package (package), the chosen
   * tier's unit price (volume). Absent for graduated tiers, which charge several prices, and for a
   * volume price at quantity 0, which selects no tier.
   */
  unitAmountDecimal?: string;
}

/** One line of a tiered price's breakdown on an invoice. */
export interface TierBreakdownLine {
  tierIndex: number;
  /** The tier covers units firstUnit to lastUnit, counted from 1; lastUnit null means "and above". */
  firstUnit: bigint;
  lastUnit: bigint | null;
  /** Units charged at this tier (fractional only for metered usage). */
  units: Fraction;
  unitAmountDecimal: string;
  /** The tier's flat fee, charged once when any unit falls in the tier (0 if it has none). */
  flatAmountMinor: bigint;
  /** This tier's share of the line amount; the shares of all lines add up to it exactly. */
  amountMinor: bigint;
}

/**
 * The amount a validated price charges for `quantity` units.
 *
 * The quantity is a whole number of units (seats, items): a bigint. Metered prices also take an
 * exact fraction, because aggregated usage may be fractional (0.7 GB) and rounding it up to whole
 * units first would be a second rounding on the line; see aggregateUsage in ./usage.
 */
export function priceAmount(price: Price, quantity: bigint | Fraction): PriceAmount {
  const units = parseQuantity(price, quantity);
  switch (price.billingScheme) {
    case 'per_unit':
      return rounded(multiply(units, unitAmountOf(price)), unitAmountDecimalOf(price));
    case 'package': {
      // A started package is a whole package: 6 units in packages of 5 buy 2 packages.
      const packages = ceiling(divide(units, fraction(price.packageSize)));
      return rounded(multiply(fraction(packages), unitAmountOf(price)), unitAmountDecimalOf(price));
    }
    case 'tiered': {
      const slices = tierSlices(price, units);
      const exact = slices.reduce((total, slice) => add(total, slice.exact), fraction(0n));
      const only = price.tiersMode === 'volume' ? slices[0] : undefined;
      return rounded(exact, only ? unitAmountDecimalOf(only.tier) : undefined);
    }
  }
}

/**
 * The per-tier breakdown of a tiered line, for the invoice: only tiers that charge something
 * (for volume pricing, the one tier every unit is charged at). Each tier's exact amount is not
 * rounded on its own — that could make the lines disagree with the total — the rounded line amount
 * is apportioned over the tiers instead, so each shown amount is within one minor unit of its
 * exact share and together they add up to priceAmount(price, quantity).amountMinor exactly.
 */
export function describeTiers(price: TieredPrice, quantity: bigint | Fraction): TierBreakdownLine[] {
  const units = parseQuantity(price, quantity);
  const slices = tierSlices(price, units);
  const { amountMinor } = rounded(slices.reduce((total, slice) => add(total, slice.exact), fraction(0n)));
  const shares = apportion(amountMinor, slices.map((slice) => slice.exact));
  return slices.map((slice, index) => ({
    tierIndex: slice.tierIndex,
    firstUnit: slice.startsAfter + 1n,
    lastUnit: slice.tier.upTo,
    units: slice.units,
    unitAmountDecimal: unitAmountDecimalOf(slice.tier),
    flatAmountMinor: slice.tier.flatAmount ?? 0n,
    amountMinor: shares[index] ?? 0n,
  }));
}

interface TierSlice {
  tierIndex: number;
  tier: Tier;
  /** The upTo of the tier before (0 for the first): this tier starts with the next unit. */
  startsAfter: bigint;
  units: Fraction;
  exact: Fraction;
}

function tierSlices(price: TieredPrice, quantity: Fraction): TierSlice[] {
  const slice = (tierIndex: number, tier: Tier, startsAfter: bigint, units: Fraction): TierSlice => ({
    tierIndex,
    tier,
    startsAfter,
    units,
    exact: add(multiply(units, unitAmountOf(tier)), fraction(tier.flatAmount ?? 0n)),
  });

  // Quantity 0 charges nothing in either mode. For volume pricing that is a convention: no unit
  // falls in any tier, so no tier is selected and no tier's flat fee is charged.
  if (quantity.numerator === 0n) return [];

  const slices: TierSlice[] = [];
  let startsAfter = 0n;
  for (const [tierIndex, tier] of price.tiers.entries()) {
    const reachesIntoTier = tier.upTo === null || compare(quantity, fraction(tier.upTo)) <= 0;
    if (price.tiersMode === 'volume') {
      // Volume: the tier the whole quantity falls in prices every unit.
      if (reachesIntoTier) return [slice(tierIndex, tier, startsAfter, quantity)];
    } else {
      // Graduated: each tier prices the units between the previous bound and its own.
      const end = reachesIntoTier ? quantity : fraction(tier.upTo ?? 0n);
      slices.push(slice(tierIndex, tier, startsAfter, subtract(end, fraction(startsAfter))));
      if (reachesIntoTier) return slices;
    }
    startsAfter = tier.upTo ?? startsAfter;
  }
  // validatePrice guarantees an open-ended last tier, so every quantity lands in one.
  throw new Error('A validated tiered price always ends with an open-ended tier.');
}

function parseQuantity(price: Price, quantity: unknown): Fraction {
  let value: Fraction;
  if (typeof quantity === 'bigint') value = fraction(quantity);
  else if (isFraction(quantity)) value = fraction(quantity.numerator, quantity.denominator);
  else throw new SettleError('VALIDATION_FAILED', 'quantity must be a whole number of units.', 'quantity');

  if (value.numerator < 0n) throw new SettleError('VALIDATION_FAILED', 'quantity must not be negative.', 'quantity');
  if (value.denominator !== 1n && !isMetered(price)) {
    // A licensed quantity counts things (seats, items); half a seat is a mistake, not usage.
    throw new SettleError('VALIDATION_FAILED', 'quantity must be a whole number of units; only metered prices bill fractional usage.', 'quantity');
  }
  if (compare(value, fraction(maxAmountMinor)) > 0) {
    throw new SettleError('VALIDATION_FAILED', `quantity must be at most ${maxAmountMinor}.`, 'quantity');
  }
  return value;
}

const isFraction = (value: unknown): value is Fraction =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Fraction).numerator === 'bigint' &&
  typeof (value as Fraction).denominator === 'bigint' &&
  (value as Fraction).denominator !== 0n;

function rounded(exact: Fraction, unitAmountDecimal?: string): PriceAmount {
  const amountMinor = roundHalfAwayFromZero(exact);
  // Amounts cross JSON as numbers; a line that could not be written back exactly is refused.
  if (amountMinor > maxAmountMinor) {
    throw new SettleError('VALIDATION_FAILED', `The amount for this quantity exceeds the largest amount Settle can bill (${maxAmountMinor} minor units).`, 'quantity');
  }
  return unitAmountDecimal === undefined ? { amountMinor, exact } : { amountMinor, exact, unitAmountDecimal };
}

/** Smallest integer not below a non-negative fraction. */
const ceiling = (value: Fraction): bigint => (value.numerator + value.denominator - 1n) / value.denominator;
