// Exact arithmetic for amounts that may be finer than a minor unit (e.g. 0.8 cent per API call).
// A value is a fraction of two bigints; nothing is ever a float. Rounding happens once per line,
// by `roundHalfAwayFromZero`, the one documented rule:
//   the exact amount is rounded to the nearest minor unit; exact halves go away from zero
//   (2.5 → 3, −2.5 → −3).
import { SettleError } from '../errors';

export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint; // always > 0
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
};

export function fraction(numerator: bigint, denominator = 1n): Fraction {
  if (denominator === 0n) throw new RangeError('denominator must not be zero');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator) || 1n;
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

export const fromInteger = (value: bigint | number): Fraction => fraction(BigInt(value));

const decimalPattern = /^-?\d{1,15}(\.\d{1,12})?$/;

/** Parses a decimal string such as "0.8" or "12.345" exactly. */
export function parseDecimal(value: string, param = 'amount'): Fraction {
  if (!decimalPattern.test(value)) {
    throw new SettleError('VALIDATION_FAILED', `"${value}" is not a decimal number (up to 15 digits, 12 decimals).`, param);
  }
  const negative = value.startsWith('-');
  const [whole, decimals = ''] = (negative ? value.slice(1) : value).split('.');
  const numerator = BigInt(`${whole}${decimals}`) * (negative ? -1n : 1n);
  return fraction(numerator, 10n ** BigInt(decimals.length));
}

export const add = (a: Fraction, b: Fraction): Fraction =>
  fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);

export const subtract = (a: Fraction, b: Fraction): Fraction => add(a, fraction(-b.numerator, b.denominator));

export const multiply = (a: Fraction, b: Fraction): Fraction => fraction(a.numerator * b.numerator, a.denominator * b.denominator);

export const divide = (a: Fraction, b: Fraction): Fraction => {
  if (b.numerator === 0n) throw new RangeError('division by zero');
  return fraction(a.numerator * b.denominator, a.denominator * b.numerator);
};

export const sum = (values: Fraction[]): Fraction => values.reduce(add, fromInteger(0));

export const compare = (a: Fraction, b: Fraction): -1 | 0 | 1 => {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
};

/** The one rounding rule: nearest integer, exact halves away from zero. */
export function roundHalfAwayFromZero(value: Fraction): bigint {
  const magnitude = value.numerator < 0n ? -value.numerator : value.numerator;
  const rounded = (2n * magnitude + value.denominator) / (2n * value.denominator);
  return value.numerator < 0n ? -rounded : rounded;
}

/** Rounds toward negative infinity (used where a remainder must be distributed explicitly). */
export function floor(value: Fraction): bigint {
  const quotient = value.numerator / value.denominator;
  return value.numerator < 0n && quotient * value.denominator !== value.numerator ? quotient - 1n : quotient;
}

export const toDecimalString = (value: Fraction, maxDecimals = 12): string => {
  const negative = value.numerator < 0n;
  const magnitude = negative ? -value.numerator : value.numerator;
  const scale = 10n ** BigInt(maxDecimals);
  const scaled = roundHalfAwayFromZero(fraction(magnitude * scale, value.denominator));
  const whole = scaled / scale;
  const decimals = (scaled % scale).toString().padStart(maxDecimals, '0').replace(/0+$/, '');
  return `${negative && scaled !== 0n ? '-' : ''}${whole}${decimals ? `.${decimals}` : ''}`;
};
