// The small checks the pricing rules are built from. Each turns bad input into one
// VALIDATION_FAILED refusal that names the offending field, so an API caller can point at it.
import { SettleError } from '../errors';
import { maxAmountMinor } from '../money';

export function refuse(message: string, param: string): never {
  throw new SettleError('VALIDATION_FAILED', message, param);
}

/** JSON sends an unset optional field as null as often as it leaves it out; both mean "absent". */
export const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], param: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return refuse(`${param} must be one of: ${allowed.join(', ')}.`, param);
}

/**
 * A count of units (a tier bound, a package size) as it may arrive from JSON, a form or the
 * database. Counts cross JSON as numbers, so they share the money bound of 2^53 − 1.
 */
export function parseCount(value: unknown, param: string, minimum: bigint): bigint {
  const isWhole =
    (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value));
  if (!isWhole) return refuse(`${param} must be a whole number.`, param);
  const count = BigInt(value);
  if (count < minimum || count > maxAmountMinor) return refuse(`${param} must be between ${minimum} and ${maxAmountMinor}.`, param);
  return count;
}

/** A small setting such as a number of days or months: a JavaScript integer within bounds. */
export function parseSmallInteger(value: unknown, param: string, minimum: number, maximum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) return refuse(`${param} must be a whole number.`, param);
  if (value < minimum || value > maximum) return refuse(`${param} must be between ${minimum} and ${maximum}.`, param);
  return value;
}

export function requireString(value: unknown, param: string): string {
  if (typeof value !== 'string') return refuse(`${param} is required and must be a string.`, param);
  return value;
}
