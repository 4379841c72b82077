import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, fraction, fromInteger, multiply, subtract, type Fraction } from '../money';
import { cancellationCredit, prorate, prorationFraction } from '.';

const utc = (iso: string) => new Date(iso);
const refused = (param: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', param });

// 30 days: 2028-01-01 → 2028-01-31.
const periodStart = utc('2028-01-01T00:00:00Z');
const periodEnd = utc('2028-01-31T00:00:00Z');

describe('prorate', () => {
  it('Stripe’s example: 10/month changed to 20/month half-way nets +5', () => {
    expect(prorate({ oldAmountMinor: 1000n, newAmountMinor: 2000n, periodStart, periodEnd, changeAt: utc('2028-01-16T00:00:00Z') })).toEqual({
      creditMinor: -500n,
      chargeMinor: 1000n,
      netMinor: 500n,
      fraction: fraction(1n, 2n),
    });
  });

  it('a downgrade nets a credit; a quantity change is just old and new amounts', () => {
    const changeAt = utc('2028-01-21T00:00:00Z'); // one third remains
    expect(prorate({ oldAmountMinor: 3000n, newAmountMinor: 1500n, periodStart, periodEnd, changeAt })).toMatchObject({
      creditMinor: -1000n,
      chargeMinor: 500n,
      netMinor: -500n,
    });
    // 3 seats → 5 seats at 999 each.
    expect(prorate({ oldAmountMinor: 3n * 999n, newAmountMinor: 5n * 999n, periodStart, periodEnd, changeAt })).toMatchObject({
      creditMinor: -999n,
      chargeMinor: 1665n,
      netMinor: 666n,
    });
  });

  it('rounds each line once, halves away from zero, and nets the rounded lines', () => {
    const changeAt = utc('2028-01-11T00:00:00Z'); // two thirds remain
    expect(prorate({ oldAmountMinor: 1000n, newAmountMinor: 1000n, periodStart, periodEnd, changeAt })).toMatchObject({
      creditMinor: -667n, // −666.67
      chargeMinor: 667n,
      netMinor: 0n,
    });
    const halfWay = utc('2028-01-16T00:00:00Z');
    expect(prorate({ oldAmountMinor: 1n, newAmountMinor: 3n, periodStart, periodEnd, changeAt: halfWay })).toMatchObject({
      creditMinor: -1n, // −0.5
      chargeMinor: 2n, // 1.5
      netMinor: 1n,
    });
  });

  it('at the start it credits the whole old price and charges the whole new one; at the end nothing', () => {
    expect(prorate({ oldAmountMinor: 1234n, newAmountMinor: 5678n, periodStart, periodEnd, changeAt: periodStart })).toMatchObject({
      creditMinor: -1234n,
      chargeMinor: 5678n,
      netMinor: 4444n,
    });
    expect(prorate({ oldAmountMinor: 1234n, newAmountMinor: 5678n, periodStart, periodEnd, changeAt: periodEnd })).toMatchObject({
      creditMinor: 0n,
      chargeMinor: 0n,
      netMinor: 0n,
    });
  });

  it('counts whole seconds: milliseconds within the second of the change do not matter', () => {
    const atSecond = prorationFraction(periodStart, periodEnd, utc('2028-01-16T00:00:00.000Z'));
    expect(prorationFraction(periodStart, periodEnd, utc('2028-01-16T00:00:00.999Z'))).toEqual(atSecond);
    expect(prorationFraction(periodStart, periodEnd, utc('2028-01-16T00:00:01.000Z'))).toEqual(fraction(30n * 86_400n / 2n - 1n, 30n * 86_400n));
  });

  it('refuses a period that ends before it starts, a change outside the period, and negative amounts', () => {
    const changeAt = utc('2028-01-16T00:00:00Z');
    expect(() => prorate({ oldAmountMinor: 1000n, newAmountMinor: 2000n, periodStart: periodEnd, periodEnd: periodStart, changeAt })).toThrow(refused('periodEnd'));
    expect(() => prorate({ oldAmountMinor: 1000n, newAmountMinor: 2000n, periodStart, periodEnd, changeAt: utc('2027-12-31T23:59:59Z') })).toThrow(
      refused('changeAt'),
    );
    expect(() => prorate({ oldAmountMinor: 1000n, newAmountMinor: 2000n, periodStart, periodEnd, changeAt: utc('2028-01-31T00:00:00.001Z') })).toThrow(
      refused('changeAt'),
    );
    expect(() => prorate({ oldAmountMinor: 1000n, newAmountMinor: 2000n, periodStart, periodEnd, changeAt: new Date(Number.NaN) })).toThrow(refused('changeAt'));
    expect(() => prorate({ oldAmountMinor: -1n, newAmountMinor: 2000n, periodStart, periodEnd, changeAt })).toThrow(refused('oldAmountMinor'));
    expect(() => prorate({ oldAmountMinor: 1000n, newAmountMinor: -5n, periodStart, periodEnd, changeAt })).toThrow(refused('newAmountMinor'));
    expect(() => prorationFraction(utc('2028-01-01T00:00:00.100Z'), utc('2028-01-01T00:00:00.900Z'), utc('2028-01-01T00:00:00.500Z'))).toThrow(
      refused('periodEnd'),
    );
  });
});

describe('cancellationCredit', () => {
  it('credits the unused rest of the period on the current price', () => {
    expect(cancellationCredit({ amountMinor: 3000n, periodStart, periodEnd, cancelAt: utc('2028-01-21T00:00:00Z') })).toBe(-1000n);
    expect(cancellationCredit({ amountMinor: 3000n, periodStart, periodEnd, cancelAt: periodEnd })).toBe(0n);
    expect(() => cancellationCredit({ amountMinor: 3000n, periodStart, periodEnd, cancelAt: utc('2028-02-01T00:00:00Z') })).toThrow(refused('cancelAt'));
  });
});

const anyPeriod = fc
  .tuple(
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: 1_000, max: 400 * 86_400_000 }),
  )
  .map(([start, lengthMs]) => ({ periodStart: start, periodEnd: new Date(start.getTime() + lengthMs) }));
const anyAmount = fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) });
const atShare = (period: { periodStart: Date; periodEnd: Date }, share: number) =>
  new Date(period.periodStart.getTime() + Math.floor((period.periodEnd.getTime() - period.periodStart.getTime()) * share));
const withinHalf = (rounded: bigint, exact: Fraction) => {
  const doubledError = multiply(subtract(fromInteger(rounded), exact), fromInteger(2));
  return compare(doubledError, fromInteger(1)) <= 0 && compare(doubledError, fromInteger(-1)) >= 0;
};

describe('properties', () => {
  it('over the whole period the credit is minus one old price and the charge one new price', () => {
    fc.assert(
      fc.property(anyPeriod, anyAmount, anyAmount, (period, oldAmountMinor, newAmountMinor) => {
        const result = prorate({ oldAmountMinor, newAmountMinor, ...period, changeAt: period.periodStart });
        expect(result.creditMinor).toBe(-oldAmountMinor);
        expect(result.chargeMinor).toBe(newAmountMinor);
        expect(result.netMinor).toBe(newAmountMinor - oldAmountMinor);
      }),
    );
  });

  it('each line is within half a minor unit of its exact value, so the net is within one', () => {
    fc.assert(
      fc.property(anyPeriod, anyAmount, anyAmount, fc.double({ min: 0, max: 1, noNaN: true }), (period, oldAmountMinor, newAmountMinor, share) => {
        const result = prorate({ oldAmountMinor, newAmountMinor, ...period, changeAt: atShare(period, share) });
        const exactCredit = multiply(fromInteger(-oldAmountMinor), result.fraction);
        const exactCharge = multiply(fromInteger(newAmountMinor), result.fraction);
        expect(withinHalf(result.creditMinor, exactCredit)).toBe(true);
        expect(withinHalf(result.chargeMinor, exactCharge)).toBe(true);
        expect(result.creditMinor).toBeLessThanOrEqual(0n);
        expect(result.chargeMinor).toBeGreaterThanOrEqual(0n);
        expect(result.netMinor).toBe(result.creditMinor + result.chargeMinor);
      }),
    );
  });

  it('the fraction lies in [0, 1] and never increases as the change moves later', () => {
    fc.assert(
      fc.property(anyPeriod, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (period, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const early = prorationFraction(period.periodStart, period.periodEnd, atShare(period, earlier));
        const late = prorationFraction(period.periodStart, period.periodEnd, atShare(period, later));
        expect(compare(late, fromInteger(0))).toBeGreaterThanOrEqual(0);
        expect(compare(early, fromInteger(1))).toBeLessThanOrEqual(0);
        expect(compare(late, early)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
