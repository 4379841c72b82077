import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, fraction, roundHalfAwayFromZero, subtract, sum } from '../money';
import { apportion } from './apportion';

describe('apportion', () => {
  it('gives the spare units to the largest remainders, ties to the earlier share', () => {
    expect(apportion(1n, [fraction(1n, 3n), fraction(1n, 3n), fraction(1n, 3n)])).toEqual([1n, 0n, 0n]);
    expect(apportion(10n, [fraction(19n, 10n), fraction(27n, 10n), fraction(54n, 10n)])).toEqual([2n, 3n, 5n]);
    expect(apportion(0n, [])).toEqual([]);
  });

  it('treats a broken precondition as a programming error, not a refusal', () => {
    expect(() => apportion(5n, [fraction(1n)])).toThrow(Error);
    expect(() => apportion(5n, [fraction(1n)])).not.toThrow(expect.objectContaining({ name: 'SettleError' }));
  });

  it('parts add up to the once-rounded total and each is within one unit of its share', () => {
    const share = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n })).map(([numerator, denominator]) => fraction(numerator, denominator));
    fc.assert(
      fc.property(fc.array(share, { maxLength: 20 }), (shares) => {
        const total = roundHalfAwayFromZero(sum(shares));
        const parts = apportion(total, shares);
        expect(parts.reduce((accumulated, part) => accumulated + part, 0n)).toBe(total);
        parts.forEach((part, index) => {
          const error = subtract(fraction(part), shares[index]!);
          expect(compare(error, fraction(-1n))).toBe(1);
          expect(compare(error, fraction(1n))).toBe(-1);
        });
      }),
    );
  });
});
