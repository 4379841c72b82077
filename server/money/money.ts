// Money is an integer number of minor units beside an ISO 4217 code. Amounts are bigint in the
// domain and the database; they cross JSON as numbers and must stay within ±(2^53 − 1).
import { SettleError } from '../errors';
import { currencyExponent, parseCurrency } from './currencies';

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

export const maxAmountMinor = BigInt(Number.MAX_SAFE_INTEGER);

/** Validates an integer amount of minor units coming from outside (API, forms). */
export function parseAmountMinor(value: unknown, param = 'amount', { allowNegative = false } = {}): bigint {
  const isInteger = (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value));
  if (!isInteger) throw new SettleError('VALIDATION_FAILED', `${param} must be a whole number of minor units (e.g. 1999 for 19.99).`, param);
  const amount = BigInt(value as number | bigint | string);
  if (amount > maxAmountMinor || amount < -maxAmountMinor) {
    throw new SettleError('VALIDATION_FAILED', `${param} must be at most ${Number.MAX_SAFE_INTEGER} minor units.`, param);
  }
  if (!allowNegative && amount < 0n) throw new SettleError('VALIDATION_FAILED', `${param} must not be negative.`, param);
  return amount;
}

export function money(amountMinor: bigint, currency: string): Money {
  return { amountMinor, currency: parseCurrency(currency) };
}

export function assertSameCurrency(a: Money, b: Money, param = 'currency'): void {
  if (a.currency !== b.currency) {
    throw new SettleError('VALIDATION_FAILED', `Cannot combine ${a.currency} with ${b.currency}.`, param);
  }
}

export const addMoney = (a: Money, b: Money): Money => {
  assertSameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
};

/** Converts minor units to a decimal string in major units: (110n, 'JPY') → "110", (1999n, 'EUR') → "19.99". */
export function toMajorString(amountMinor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const decimals = exponent ? `.${digits.slice(-exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${decimals}`;
}
