import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, currencyExponent, floor, fraction, multiply, parseAmountMinor, parseCurrency, parseDecimal, roundHalfAwayFromZero, subtract, toDecimalString, toMajorString } from '.';

const anyFraction = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n })).map(([n, d]) => fraction(n, d));

describe('currencies', () => {
  it('knows the exponents of zero-, two- and three-decimal currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('EUR')).toBe(2);
    for (const code of ['KWD', 'BHD', 'JOD', 'OMR', 'TND']) expect(currencyExponent(code)).toBe(3);
  });

  it('refuses an unknown currency with the field named', () => {
    expect(() => parseCurrency('XYZ')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', param: 'currency' }));
    expect(parseCurrency(' eur ')).toBe('EUR');
  });

  it('writes minor units in major units with the currency’s own decimals', () => {
    expect(toMajorString(1100n, 'JPY')).toBe('1100');
    expect(toMajorString(1999n, 'EUR')).toBe('19.99');
    expect(toMajorString(5n, 'EUR')).toBe('0.05');
    expect(toMajorString(-1234n, 'KWD')).toBe('-1.234');
  });
});

describe('amounts from outside', () => {
  it.each([[1.5], ['12.3'], [Number.MAX_SAFE_INTEGER + 1], [2n ** 53n], [-1], ['abc'], [null]])('refuses %s', (value) => {
    expect(() => parseAmountMinor(value, 'unitAmount')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', param: 'unitAmount' }));
  });

  it('accepts whole numbers up to 2^53 − 1', () => {
    expect(parseAmountMinor(Number.MAX_SAFE_INTEGER)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect(parseAmountMinor('-5', 'x', { allowNegative: true })).toBe(-5n);
  });
});

describe('exact decimals', () => {
  it('parses decimal strings exactly and refuses others', () => {
    expect(parseDecimal('0.8')).toEqual(fraction(4n, 5n));
    expect(parseDecimal('-12.50')).toEqual(fraction(-25n, 2n));
    for (const bad of ['1e3', '0.1.2', '', '.5', 'NaN', '1.0000000000001']) expect(() => parseDecimal(bad)).toThrow(/is not a decimal number/);
  });

  it('rounds halves away from zero, once', () => {
    expect(roundHalfAwayFromZero(parseDecimal('2.5'))).toBe(3n);
    expect(roundHalfAwayFromZero(parseDecimal('-2.5'))).toBe(-3n);
    expect(roundHalfAwayFromZero(parseDecimal('2.4999'))).toBe(2n);
    expect(roundHalfAwayFromZero(parseDecimal('0.5'))).toBe(1n);
    expect(floor(parseDecimal('-0.5'))).toBe(-1n);
  });

  it('rounding is within half a unit and symmetric', () => {
    fc.assert(
      fc.property(anyFraction, (value) => {
        const rounded = roundHalfAwayFromZero(value);
        const error = subtract(fraction(rounded), value);
        expect(compare(multiply(error, fraction(2n)), fraction(1n))).toBeLessThanOrEqual(0);
        expect(compare(multiply(error, fraction(2n)), fraction(-1n))).toBeGreaterThanOrEqual(0);
        expect(roundHalfAwayFromZero(fraction(-value.numerator, value.denominator))).toBe(-rounded);
      }),
    );
  });

  it('addition is exact: order does not matter', () => {
    fc.assert(
      fc.property(anyFraction, anyFraction, anyFraction, (a, b, c) => {
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
        expect(add(a, b)).toEqual(add(b, a));
      }),
    );
  });

  it('prints fractions back as decimals', () => {
    expect(toDecimalString(parseDecimal('0.8'))).toBe('0.8');
    expect(toDecimalString(fraction(1n, 3n), 4)).toBe('0.3333');
    expect(toDecimalString(parseDecimal('-12.5'))).toBe('-12.5');
  });
});
