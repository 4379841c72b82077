import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, fraction, multiply, subtract, toMajorString, type Fraction } from '../money';
import { describeTiers, priceAmount } from './amount';
import { unitAmountOf, validatePrice, type TieredPrice, type TierInput } from './price';
import { perUnitPrice, refusal, stripeGraduatedTiers, tieredPrice } from './test-helpers';

const meteredPerUnit = (unitAmountDecimal: string) =>
  validatePrice({
    currency: 'USD',
    type: 'recurring',
    recurring: { interval: 'month', usageType: 'metered', metric: 'gigabytes', aggregation: 'sum' },
    billingScheme: 'per_unit',
    unitAmountDecimal,
    taxBehavior: 'exclusive',
  });
const packagePrice = (metered = false) =>
  validatePrice({
    currency: 'USD',
    type: 'recurring',
    recurring: metered ? { interval: 'month', usageType: 'metered', metric: 'messages', aggregation: 'sum' } : { interval: 'month' },
    billingScheme: 'package',
    unitAmount: 500,
    packageSize: 5,
    taxBehavior: 'exclusive',
  });
const asTiered = (price: ReturnType<typeof validatePrice>) => price as TieredPrice;

describe('per-unit prices', () => {
  it('multiplies, in the currency’s own minor units (JPY has none, KWD has three)', () => {
    expect(toMajorString(priceAmount(perUnitPrice({ unitAmount: 110 }, 'JPY'), 3n).amountMinor, 'JPY')).toBe('330');
    expect(toMajorString(priceAmount(perUnitPrice({ unitAmount: 1250 }, 'KWD'), 3n).amountMinor, 'KWD')).toBe('3.750');
    expect(toMajorString(priceAmount(perUnitPrice({ unitAmountDecimal: '0.4' }, 'KWD'), 3n).amountMinor, 'KWD')).toBe('0.001');
    expect(priceAmount(perUnitPrice({ unitAmountDecimal: '0.5' }, 'JPY'), 3n).amountMinor).toBe(2n);
  });

  it('prices below a minor unit are exact until the line is rounded once: 0.8 × 3 = 2.4 → 2, 0.8 × 7 = 5.6 → 6', () => {
    const price = perUnitPrice({ unitAmountDecimal: '0.8' });
    expect(priceAmount(price, 3n)).toEqual({ amountMinor: 2n, exact: fraction(12n, 5n), unitAmountDecimal: '0.8' });
    expect(priceAmount(price, 7n)).toEqual({ amountMinor: 6n, exact: fraction(28n, 5n), unitAmountDecimal: '0.8' });
    expect(priceAmount(price, 0n).amountMinor).toBe(0n);
  });

  it('rounds exact halves away from zero', () => {
    expect(priceAmount(perUnitPrice({ unitAmountDecimal: '0.5' }), 5n).amountMinor).toBe(3n);
    expect(priceAmount(perUnitPrice({ unitAmountDecimal: '0.25' }), 2n).amountMinor).toBe(1n);
    expect(priceAmount(perUnitPrice({ unitAmountDecimal: '0.25' }), 6n).amountMinor).toBe(2n);
  });

  it('reports the unit price given as a whole number too', () => {
    expect(priceAmount(perUnitPrice({ unitAmount: 1999 }), 2n)).toMatchObject({ amountMinor: 3998n, unitAmountDecimal: '1999' });
  });
});

describe('package prices', () => {
  it('charges every started package: 5 per package at 500', () => {
    const price = packagePrice();
    expect(priceAmount(price, 6n)).toMatchObject({ amountMinor: 1000n, unitAmountDecimal: '500' });
    expect(priceAmount(price, 5n).amountMinor).toBe(500n);
    expect(priceAmount(price, 1n).amountMinor).toBe(500n);
    expect(priceAmount(price, 11n).amountMinor).toBe(1500n);
    expect(priceAmount(price, 0n).amountMinor).toBe(0n);
  });
});

describe('graduated tiers', () => {
  const stripe = asTiered(tieredPrice('graduated', stripeGraduatedTiers));

  it('matches Stripe’s example: 15,000 units cost 107.00 USD', () => {
    const amount = priceAmount(stripe, 15_000n);
    expect(amount.amountMinor).toBe(10_700n);
    expect(amount.unitAmountDecimal).toBeUndefined();
    expect(describeTiers(stripe, 15_000n)).toEqual([
      { tierIndex: 0, firstUnit: 1n, lastUnit: 1000n, units: fraction(1000n), unitAmountDecimal: '1', flatAmountMinor: 0n, amountMinor: 1000n },
      { tierIndex: 1, firstUnit: 1001n, lastUnit: 10_000n, units: fraction(9000n), unitAmountDecimal: '0.8', flatAmountMinor: 0n, amountMinor: 7200n },
      { tierIndex: 2, firstUnit: 10_001n, lastUnit: null, units: fraction(5000n), unitAmountDecimal: '0.5', flatAmountMinor: 0n, amountMinor: 2500n },
    ]);
  });

  it('lists only the tiers a quantity reaches, and nothing for 0', () => {
    expect(describeTiers(stripe, 1000n).map((line) => line.tierIndex)).toEqual([0]);
    expect(describeTiers(stripe, 1001n).map((line) => line.amountMinor)).toEqual([1000n, 1n]);
    expect(describeTiers(stripe, 0n)).toEqual([]);
    expect(priceAmount(stripe, 0n).amountMinor).toBe(0n);
  });

  it('charges a tier’s flat fee once any unit falls in it', () => {
    const price = asTiered(
      tieredPrice('graduated', [
        { upTo: 5, unitAmount: 500, flatAmount: 1000 },
        { upTo: 10, unitAmount: 400, flatAmount: 500 },
        { upTo: null, unitAmount: 300 },
      ]),
    );
    expect(priceAmount(price, 5n).amountMinor).toBe(3500n);
    expect(priceAmount(price, 6n).amountMinor).toBe(3500n + 400n + 500n);
    expect(priceAmount(price, 7n).amountMinor).toBe(4800n);
    expect(describeTiers(price, 7n).map(({ flatAmountMinor, amountMinor }) => [flatAmountMinor, amountMinor])).toEqual([
      [1000n, 3500n],
      [500n, 1300n],
    ]);
  });

  it('rounds the line once and apportions it, rather than rounding each tier', () => {
    const price = asTiered(tieredPrice('graduated', [{ upTo: 1, unitAmountDecimal: '0.5' }, { upTo: 2, unitAmountDecimal: '0.5' }, { upTo: null, unitAmountDecimal: '0.5' }]));
    // Rounding each tier would give 1 + 1 + 1 = 3; the exact line is 1.5, which rounds to 2.
    expect(priceAmount(price, 3n).amountMinor).toBe(2n);
    expect(describeTiers(price, 3n).map((line) => line.amountMinor)).toEqual([1n, 1n, 0n]);
  });
});

describe('volume tiers', () => {
  const price = asTiered(tieredPrice('volume', [{ upTo: 5, unitAmount: 700 }, { upTo: 10, unitAmount: 650 }, { upTo: null, unitAmount: 600 }]));

  it('charges every unit at the tier the whole quantity falls in', () => {
    expect(priceAmount(price, 5n)).toMatchObject({ amountMinor: 3500n, unitAmountDecimal: '700' });
    expect(priceAmount(price, 6n)).toMatchObject({ amountMinor: 3900n, unitAmountDecimal: '650' });
    expect(priceAmount(price, 10n).amountMinor).toBe(6500n);
    // Not monotonic, by design of volume pricing: 11 units cost less than 10.
    expect(priceAmount(price, 11n)).toMatchObject({ amountMinor: 6600n, unitAmountDecimal: '600' });
    expect(describeTiers(price, 6n)).toEqual([
      { tierIndex: 1, firstUnit: 6n, lastUnit: 10n, units: fraction(6n), unitAmountDecimal: '650', flatAmountMinor: 0n, amountMinor: 3900n },
    ]);
  });

  it('charges the chosen tier’s flat fee', () => {
    const flat = asTiered(tieredPrice('volume', [{ upTo: 10, flatAmount: 1000 }, { upTo: null, unitAmount: 50, flatAmount: 500 }]));
    expect(priceAmount(flat, 3n)).toMatchObject({ amountMinor: 1000n, unitAmountDecimal: '0' });
    expect(priceAmount(flat, 20n).amountMinor).toBe(1500n);
  });

  it('charges nothing, not even a flat fee, for quantity 0 (the convention: no unit selects no tier)', () => {
    const flat = asTiered(tieredPrice('volume', [{ upTo: 10, flatAmount: 1000 }, { upTo: null, unitAmount: 50 }]));
    expect(priceAmount(flat, 0n)).toEqual({ amountMinor: 0n, exact: fraction(0n) });
    expect(describeTiers(flat, 0n)).toEqual([]);
  });

  it('prices sub-minor volume tiers exactly, then rounds once', () => {
    const decimal = asTiered(tieredPrice('volume', [{ upTo: 1000, unitAmountDecimal: '0.8' }, { upTo: null, unitAmountDecimal: '0.5' }]));
    expect(priceAmount(decimal, 3n).amountMinor).toBe(2n);
    expect(priceAmount(decimal, 1001n).amountMinor).toBe(501n);
  });
});

describe('metered prices take exact fractional usage', () => {
  it('charges 0.7 GB at 10 ¢ as 7 ¢, not a whole rounded-up gigabyte', () => {
    expect(priceAmount(meteredPerUnit('10'), fraction(7n, 10n)).amountMinor).toBe(7n);
    expect(priceAmount(meteredPerUnit('0.8'), fraction(7n, 2n)).amountMinor).toBe(3n);
  });

  it('starts a package with any part of a unit', () => {
    expect(priceAmount(packagePrice(true), fraction(1n, 2n)).amountMinor).toBe(500n);
    expect(priceAmount(packagePrice(true), fraction(11n, 2n)).amountMinor).toBe(1000n);
  });

  it('splits fractional usage at tier boundaries', () => {
    const price = asTiered(tieredPrice('graduated', stripeGraduatedTiers, true));
    const quantity = fraction(2001n, 2n); // 1000.5 units
    expect(priceAmount(price, quantity).exact).toEqual(fraction(5002n, 5n)); // 1000 + 0.5 × 0.8
    expect(describeTiers(price, quantity).map((line) => line.units)).toEqual([fraction(1000n), fraction(1n, 2n)]);
  });
});

describe('quantities that are refused', () => {
  const licensed = perUnitPrice({ unitAmount: 100 });
  it.each<[string, unknown]>([
    ['a negative quantity', -1n],
    ['a fractional number', 1.5],
    ['a JavaScript number, even a whole one', 3],
    ['a decimal string', '2'],
    ['a fraction on a licensed price', fraction(3n, 2n)],
    ['a fraction with a zero denominator', { numerator: 1n, denominator: 0n }],
    ['a quantity beyond 2^53 − 1', 2n ** 53n],
  ])('%s', (_case, quantity) => {
    expect(() => priceAmount(licensed, quantity as bigint)).toThrow(refusal('quantity'));
  });

  it('refuses a negative fraction on a metered price and negative quantities in a tier breakdown', () => {
    expect(() => priceAmount(meteredPerUnit('1'), fraction(-1n, 2n))).toThrow(refusal('quantity'));
    expect(() => describeTiers(asTiered(tieredPrice('graduated', stripeGraduatedTiers)), -5n)).toThrow(refusal('quantity'));
  });

  it('refuses a line whose amount would not fit in 2^53 − 1 minor units', () => {
    expect(() => priceAmount(perUnitPrice({ unitAmount: Number.MAX_SAFE_INTEGER }), 2n)).toThrow(refusal('quantity'));
  });

  it('accepts a whole fraction on a licensed price', () => {
    expect(priceAmount(licensed, fraction(4n)).amountMinor).toBe(400n);
  });
});

// ── properties ──────────────────────────────────────────────────────────────────────────────

const decimalString = fc.tuple(fc.bigInt({ min: 0n, max: 100_000n }), fc.integer({ min: 0, max: 3 })).map(([digits, scale]) => {
  const text = digits.toString().padStart(scale + 1, '0');
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
});
const tierPrice = fc.record(
  {
    unit: fc.oneof(fc.integer({ min: 0, max: 10_000 }).map((unitAmount) => ({ unitAmount })), decimalString.map((unitAmountDecimal) => ({ unitAmountDecimal }))),
    flatAmount: fc.integer({ min: 0, max: 10_000 }),
  },
  { requiredKeys: ['unit'] },
);
const tierList = fc
  .uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 4 })
  .map((bounds) => [...bounds].sort((a, b) => a - b))
  .chain((bounds) => fc.array(tierPrice, { minLength: bounds.length + 1, maxLength: bounds.length + 1 }).map((prices) => ({ bounds, prices })))
  .map(({ bounds, prices }) => prices.map(({ unit, flatAmount }, index): TierInput => ({ upTo: bounds[index] ?? null, ...unit, flatAmount })));
const quantity = fc.bigInt({ min: 0n, max: 200_000n });

describe('properties', () => {
  it('graduated cost never falls as the quantity rises', () => {
    fc.assert(
      fc.property(tierList, quantity, quantity, (tiers, first, second) => {
        const price = tieredPrice('graduated', tiers);
        const [low, high] = first <= second ? [first, second] : [second, first];
        expect(priceAmount(price, low).amountMinor).toBeLessThanOrEqual(priceAmount(price, high).amountMinor);
      }),
    );
  });

  it('the tier breakdown adds up to the line exactly, each tier within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(tierList, fc.constantFrom('graduated' as const, 'volume' as const), quantity, (tiers, mode, units) => {
        const price = asTiered(tieredPrice(mode, tiers));
        const lines = describeTiers(price, units);
        expect(lines.reduce((total, line) => total + line.amountMinor, 0n)).toBe(priceAmount(price, units).amountMinor);
        for (const line of lines) {
          const tier = price.tiers[line.tierIndex]!;
          const exactShare = add(multiply(line.units, unitAmountOf(tier)), fraction(tier.flatAmount ?? 0n));
          const error = subtract(fraction(line.amountMinor), exactShare);
          expect(compare(error, fraction(-1n))).toBeGreaterThan(0);
          expect(compare(error, fraction(1n))).toBeLessThan(0);
        }
      }),
    );
  });

  it('per-unit amounts are additive to within one minor unit (each side is rounded once)', () => {
    fc.assert(
      fc.property(decimalString, quantity, quantity, (unitAmountDecimal, first, second) => {
        const price = perUnitPrice({ unitAmountDecimal });
        const together = priceAmount(price, first + second).amountMinor;
        const apart = priceAmount(price, first).amountMinor + priceAmount(price, second).amountMinor;
        const difference = together - apart;
        expect(difference >= -1n && difference <= 1n).toBe(true);
      }),
    );
  });

  it('the exact amount is within half a minor unit of the rounded one', () => {
    fc.assert(
      fc.property(tierList, quantity, (tiers, units) => {
        const { amountMinor, exact } = priceAmount(tieredPrice('graduated', tiers), units);
        const twiceError: Fraction = multiply(subtract(fraction(amountMinor), exact), fraction(2n));
        expect(compare(twiceError, fraction(1n))).toBeLessThanOrEqual(0);
        expect(compare(twiceError, fraction(-1n))).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
