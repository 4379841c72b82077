import { describe, expect, it } from 'vitest';
import { validatePrice, type PriceInput } from './price';
import { basePrice, refusal } from './test-helpers';

const recurring: PriceInput = { ...basePrice, type: 'recurring', recurring: { interval: 'month' } };
const metered: PriceInput = { ...basePrice, type: 'recurring', recurring: { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' } };
const tiered: PriceInput = {
  ...basePrice,
  unitAmount: undefined,
  billingScheme: 'tiered',
  tiersMode: 'graduated',
  tiers: [
    { upTo: 10, unitAmount: 100 },
    { upTo: 100, unitAmountDecimal: '50.5' },
    { upTo: null, unitAmount: 10, flatAmount: 500 },
  ],
};
const tiers = (list: unknown[]) => ({ ...tiered, tiers: list }) as PriceInput;
const packaged: PriceInput = { ...basePrice, billingScheme: 'package', unitAmount: 500, packageSize: 5 };

describe('validatePrice: valid prices, normalised', () => {
  it('normalises a per-unit one-time price', () => {
    expect(validatePrice({ ...basePrice, currency: ' usd ', unitAmount: '250' })).toEqual({
      currency: 'USD',
      type: 'one_time',
      recurring: null,
      billingScheme: 'per_unit',
      unitAmount: 250n,
      unitAmountDecimal: null,
      taxBehavior: 'exclusive',
      trialDays: 0,
    });
  });

  it('fills recurring defaults: one interval, licensed', () => {
    expect(validatePrice({ ...recurring, trialDays: 14 })).toMatchObject({
      recurring: { interval: 'month', intervalCount: 1, usageType: 'licensed', metric: null, aggregation: null },
      trialDays: 14,
    });
  });

  it('keeps a metered price’s metric and aggregation', () => {
    expect(validatePrice(metered).recurring).toEqual({ interval: 'month', intervalCount: 1, usageType: 'metered', metric: 'api_calls', aggregation: 'sum' });
  });

  it('writes unit amount decimals canonically and counts as bigints', () => {
    const price = validatePrice({ ...basePrice, unitAmount: null, unitAmountDecimal: '0.80' });
    expect(price).toMatchObject({ unitAmount: null, unitAmountDecimal: '0.8' });
    expect(validatePrice(packaged)).toMatchObject({ billingScheme: 'package', unitAmount: 500n, packageSize: 5n });
  });

  it('normalises tiers', () => {
    expect(validatePrice(tiered)).toMatchObject({
      billingScheme: 'tiered',
      tiersMode: 'graduated',
      tiers: [
        { upTo: 10n, unitAmount: 100n, unitAmountDecimal: null, flatAmount: null },
        { upTo: 100n, unitAmount: null, unitAmountDecimal: '50.5', flatAmount: null },
        { upTo: null, unitAmount: 10n, unitAmountDecimal: null, flatAmount: 500n },
      ],
    });
  });

  it('accepts a tier with only a flat fee, a single open tier, and zero prices', () => {
    expect(() => validatePrice(tiers([{ upTo: 10, flatAmount: 1000 }, { upTo: null, unitAmount: 0 }]))).not.toThrow();
    expect(() => validatePrice(tiers([{ upTo: null, unitAmountDecimal: '0' }]))).not.toThrow();
    expect(() => validatePrice({ ...basePrice, unitAmount: 0 })).not.toThrow();
  });

  it.each([
    ['day', 365],
    ['week', 156],
    ['month', 36],
    ['year', 3],
  ] as const)('allows %s intervals up to %i (three years at most)', (interval, intervalCount) => {
    expect(validatePrice({ ...recurring, recurring: { interval, intervalCount } }).recurring?.intervalCount).toBe(intervalCount);
  });

  it('allows the largest amount, 2^53 − 1 minor units', () => {
    expect(validatePrice({ ...basePrice, unitAmount: Number.MAX_SAFE_INTEGER })).toMatchObject({ unitAmount: 2n ** 53n - 1n });
  });
});

describe('validatePrice refuses', () => {
  it.each<[string, PriceInput, string]>([
    ['an unknown currency', { ...basePrice, currency: 'XYZ' }, 'currency'],
    ['a missing currency', { ...basePrice, currency: undefined as never }, 'currency'],
    ['an unknown type', { ...basePrice, type: 'weekly' as never }, 'type'],
    ['recurring settings on a one-time price', { ...basePrice, recurring: { interval: 'month' } }, 'recurring'],
    ['a recurring price without recurring settings', { ...basePrice, type: 'recurring' }, 'recurring'],
    ['an unknown interval', { ...recurring, recurring: { interval: 'hour' as never } }, 'recurring.interval'],
    ['intervalCount 0', { ...recurring, recurring: { interval: 'day', intervalCount: 0 } }, 'recurring.intervalCount'],
    ['a fractional intervalCount', { ...recurring, recurring: { interval: 'day', intervalCount: 1.5 } }, 'recurring.intervalCount'],
    ['intervalCount above 365', { ...recurring, recurring: { interval: 'day', intervalCount: 366 } }, 'recurring.intervalCount'],
    ['more than three years of weeks', { ...recurring, recurring: { interval: 'week', intervalCount: 157 } }, 'recurring.intervalCount'],
    ['more than three years of months', { ...recurring, recurring: { interval: 'month', intervalCount: 37 } }, 'recurring.intervalCount'],
    ['more than three years', { ...recurring, recurring: { interval: 'year', intervalCount: 4 } }, 'recurring.intervalCount'],
    ['an unknown usage type', { ...recurring, recurring: { interval: 'month', usageType: 'seats' as never } }, 'recurring.usageType'],
    ['a metered price without a metric', { ...metered, recurring: { interval: 'month', usageType: 'metered', aggregation: 'sum' } }, 'recurring.metric'],
    ['a metered price with a blank metric', { ...metered, recurring: { interval: 'month', usageType: 'metered', metric: '  ', aggregation: 'sum' } }, 'recurring.metric'],
    ['a metered price without an aggregation', { ...metered, recurring: { interval: 'month', usageType: 'metered', metric: 'calls' } }, 'recurring.aggregation'],
    ['an unknown aggregation', { ...metered, recurring: { interval: 'month', usageType: 'metered', metric: 'calls', aggregation: 'avg' as never } }, 'recurring.aggregation'],
    ['a metric on a licensed price', { ...recurring, recurring: { interval: 'month', metric: 'calls' } }, 'recurring.metric'],
    ['an aggregation on a licensed price', { ...recurring, recurring: { interval: 'month', aggregation: 'sum' } }, 'recurring.aggregation'],
    ['an unknown billing scheme', { ...basePrice, billingScheme: 'flat' as never }, 'billingScheme'],
    ['an unknown tax behaviour', { ...basePrice, taxBehavior: 'included' as never }, 'taxBehavior'],
    ['a missing tax behaviour', { ...basePrice, taxBehavior: undefined as never }, 'taxBehavior'],
    ['trialDays above 730', { ...recurring, trialDays: 731 }, 'trialDays'],
    ['negative trialDays', { ...recurring, trialDays: -1 }, 'trialDays'],
    ['fractional trialDays', { ...recurring, trialDays: 1.5 }, 'trialDays'],
    ['a trial on a one-time price', { ...basePrice, trialDays: 7 }, 'trialDays'],
    ['both unitAmount and unitAmountDecimal', { ...basePrice, unitAmountDecimal: '1.5' }, 'unitAmountDecimal'],
    ['neither unitAmount nor unitAmountDecimal', { ...basePrice, unitAmount: undefined }, 'unitAmount'],
    ['a package price without a unit amount', { ...packaged, unitAmount: null }, 'unitAmount'],
    ['a unitAmount beyond 2^53 − 1', { ...basePrice, unitAmount: 2n ** 53n }, 'unitAmount'],
    ['a unitAmount beyond 2^53 − 1, as a number', { ...basePrice, unitAmount: Number.MAX_SAFE_INTEGER + 1 }, 'unitAmount'],
    ['a negative unitAmount', { ...basePrice, unitAmount: -1 }, 'unitAmount'],
    ['a fractional unitAmount', { ...basePrice, unitAmount: 1.5 }, 'unitAmount'],
    ['a negative unitAmountDecimal', { ...basePrice, unitAmount: undefined, unitAmountDecimal: '-0.5' }, 'unitAmountDecimal'],
    ['a unitAmountDecimal that is not a decimal', { ...basePrice, unitAmount: undefined, unitAmountDecimal: '1e3' }, 'unitAmountDecimal'],
    ['a unitAmountDecimal sent as a float', { ...basePrice, unitAmount: undefined, unitAmountDecimal: 0.8 as never }, 'unitAmountDecimal'],
    ['a package price without packageSize', { ...packaged, packageSize: undefined }, 'packageSize'],
    ['packageSize 0', { ...packaged, packageSize: 0 }, 'packageSize'],
    ['a negative packageSize', { ...packaged, packageSize: -5 }, 'packageSize'],
    ['a fractional packageSize', { ...packaged, packageSize: 2.5 }, 'packageSize'],
    ['a packageSize beyond 2^53 − 1', { ...packaged, packageSize: 2n ** 53n }, 'packageSize'],
    ['packageSize on a per-unit price', { ...basePrice, packageSize: 5 }, 'packageSize'],
    ['tiers on a per-unit price', { ...basePrice, tiers: [{ upTo: null, unitAmount: 1 }] }, 'tiers'],
    ['tiersMode on a package price', { ...packaged, tiersMode: 'volume' }, 'tiersMode'],
    ['a unit amount on a tiered price', { ...tiered, unitAmount: 100 }, 'unitAmount'],
    ['a unit amount decimal on a tiered price', { ...tiered, unitAmountDecimal: '1' }, 'unitAmountDecimal'],
    ['packageSize on a tiered price', { ...tiered, packageSize: 5 }, 'packageSize'],
    ['a tiered price without tiersMode', { ...tiered, tiersMode: undefined }, 'tiersMode'],
    ['an unknown tiersMode', { ...tiered, tiersMode: 'mixed' as never }, 'tiersMode'],
    ['a tiered price without tiers', { ...tiered, tiers: undefined }, 'tiers'],
    ['a tiered price with no tiers', tiers([]), 'tiers'],
    ['tiers out of order', tiers([{ upTo: 100, unitAmount: 1 }, { upTo: 10, unitAmount: 1 }, { upTo: null, unitAmount: 1 }]), 'tiers[1].upTo'],
    ['two tiers with the same upTo', tiers([{ upTo: 10, unitAmount: 1 }, { upTo: 10, unitAmount: 1 }, { upTo: null, unitAmount: 1 }]), 'tiers[1].upTo'],
    ['a last tier that is not open-ended', tiers([{ upTo: 10, unitAmount: 1 }, { upTo: 100, unitAmount: 1 }]), 'tiers[1].upTo'],
    ['an open-ended tier before the last', tiers([{ upTo: null, unitAmount: 1 }, { upTo: null, unitAmount: 1 }]), 'tiers[0].upTo'],
    ['a missing upTo before the last tier', tiers([{ unitAmount: 1 }, { upTo: null, unitAmount: 1 }]), 'tiers[0].upTo'],
    ['upTo 0', tiers([{ upTo: 0, unitAmount: 1 }, { upTo: null, unitAmount: 1 }]), 'tiers[0].upTo'],
    ['a fractional upTo', tiers([{ upTo: 1.5, unitAmount: 1 }, { upTo: null, unitAmount: 1 }]), 'tiers[0].upTo'],
    ['a tier with no price at all', tiers([{ upTo: 10, unitAmount: 1 }, { upTo: null }]), 'tiers[1].unitAmount'],
    ['a tier with both unit amount forms', tiers([{ upTo: 10, unitAmount: 1, unitAmountDecimal: '1' }, { upTo: null, unitAmount: 1 }]), 'tiers[0].unitAmountDecimal'],
    ['a negative tier unit amount decimal', tiers([{ upTo: null, unitAmountDecimal: '-1' }]), 'tiers[0].unitAmountDecimal'],
    ['a tier flatAmount beyond 2^53 − 1', tiers([{ upTo: null, flatAmount: 2n ** 53n }]), 'tiers[0].flatAmount'],
    ['a negative tier flatAmount', tiers([{ upTo: null, unitAmount: 1, flatAmount: -100 }]), 'tiers[0].flatAmount'],
    ['a tier that is not an object', tiers([null]), 'tiers[0]'],
  ])('%s', (_case, input, param) => {
    expect(() => validatePrice(input)).toThrow(refusal(param));
  });
});
