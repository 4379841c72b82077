// Calendar arithmetic for billing cycles, in UTC. Every period boundary is computed from the
// billing-cycle anchor (anchor + n intervals), never by chaining the previous boundary, so a
// subscription anchored on the 31st bills on 31 Jan → 29 Feb → 31 Mar → 30 Apr → 31 May and never
// drifts to the 28th. Month and year steps clamp to the last day of a short month; day and week
// steps are exact multiples of 24 hours (UTC has no daylight saving). The time of day is always
// the anchor's.
import { SettleError } from '../errors';

export const billingIntervals = ['day', 'week', 'month', 'year'] as const;
export type BillingInterval = (typeof billingIntervals)[number];

const dayMs = 86_400_000;
const weekMs = 7 * dayMs;
/** The largest instant a JavaScript Date can hold (±100,000,000 days around 1970). */
const maxDateMs = 8.64e15;

export function assertValidDate(value: unknown, param: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new SettleError('VALIDATION_FAILED', `${param} must be a valid date.`, param);
  }
}

export function parseBillingInterval(value: unknown, param = 'interval'): BillingInterval {
  if (typeof value !== 'string' || !(billingIntervals as readonly string[]).includes(value)) {
    throw new SettleError('VALIDATION_FAILED', `${param} must be one of ${billingIntervals.join(', ')}.`, param);
  }
  return value as BillingInterval;
}

export function assertPositiveInteger(value: unknown, param: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new SettleError('VALIDATION_FAILED', `${param} must be a whole number of at least 1 (got ${String(value)}).`, param);
  }
}

function assertNonNegativeInteger(value: unknown, param: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SettleError('VALIDATION_FAILED', `${param} must be a whole number of at least 0 (got ${String(value)}).`, param);
  }
}

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month of the proleptic Gregorian calendar; `monthIndex` is 0 for January. */
export function daysInMonth(year: number, monthIndex: number): number {
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[monthIndex] as number;
}

function checkedDate(milliseconds: number, param: string): Date {
  if (!Number.isFinite(milliseconds) || Math.abs(milliseconds) > maxDateMs) {
    throw new SettleError('VALIDATION_FAILED', `${param} takes the date beyond the range of representable dates.`, param);
  }
  return new Date(milliseconds);
}

/**
 * Moves `start` by `units` whole intervals (zero or negative allowed, for internal use). For month
 * and year, the day of month is `anchorDay` clamped to the target month's length.
 */
function shift(start: Date, interval: BillingInterval, units: number, anchorDay: number, param: string): Date {
  if (interval === 'day' || interval === 'week') {
    return checkedDate(start.getTime() + units * (interval === 'day' ? dayMs : weekMs), param);
  }
  const months = interval === 'year' ? units * 12 : units;
  const monthNumber = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  if (!Number.isSafeInteger(monthNumber)) {
    throw new SettleError('VALIDATION_FAILED', `${param} takes the date beyond the range of representable dates.`, param);
  }
  const year = Math.floor(monthNumber / 12);
  const monthIndex = monthNumber - year * 12;
  const day = Math.min(anchorDay, daysInMonth(year, monthIndex));
  // Built field by field rather than with Date.UTC, which maps years 0–99 to 1900–1999.
  const result = new Date(0);
  result.setUTCFullYear(year, monthIndex, day);
  result.setUTCHours(start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
  return checkedDate(result.getTime(), param);
}

/**
 * `start` plus `count` intervals. For month and year steps the day of month is `anchorDay`
 * (default: the day of `start`) clamped to the length of the target month: pass the original
 * anchor day when stepping from an already-clamped date (28 Feb with anchorDay 31 → 31 Mar).
 * `anchorDay` has no meaning for day and week steps and is ignored there.
 */
export function addInterval(start: Date, interval: BillingInterval, count: number, anchorDay?: number): Date {
  assertValidDate(start, 'start');
  parseBillingInterval(interval);
  assertPositiveInteger(count, 'count');
  if (anchorDay !== undefined && (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31)) {
    throw new SettleError('VALIDATION_FAILED', `anchorDay must be a day of the month from 1 to 31 (got ${String(anchorDay)}).`, 'anchorDay');
  }
  return shift(start, interval, count, anchorDay ?? start.getUTCDate(), 'count');
}

function validateCycle(anchor: Date, interval: BillingInterval, intervalCount: number): void {
  assertValidDate(anchor, 'anchor');
  parseBillingInterval(interval);
  assertPositiveInteger(intervalCount, 'intervalCount');
}

/** The start of the period numbered `periodIndex` (0 is the period that opens at the anchor). */
export function periodStartFor(anchor: Date, interval: BillingInterval, intervalCount: number, periodIndex: number): Date {
  validateCycle(anchor, interval, intervalCount);
  assertNonNegativeInteger(periodIndex, 'periodIndex');
  return boundaryAt(anchor, interval, intervalCount, periodIndex);
}

/** The (exclusive) end of the period numbered `periodIndex`, which is also the next period's start. */
export function periodEndFor(anchor: Date, interval: BillingInterval, intervalCount: number, periodIndex: number): Date {
  validateCycle(anchor, interval, intervalCount);
  assertNonNegativeInteger(periodIndex, 'periodIndex');
  return boundaryAt(anchor, interval, intervalCount, periodIndex + 1);
}

/**
 * The boundary `boundaryIndex` cycles after the anchor, without re-validating the cycle: the one
 * computation every period function goes through, so boundaries agree wherever they are asked for.
 */
export function boundaryAt(anchor: Date, interval: BillingInterval, intervalCount: number, boundaryIndex: number): Date {
  const units = boundaryIndex * intervalCount;
  if (!Number.isSafeInteger(units)) {
    throw new SettleError('VALIDATION_FAILED', 'periodIndex takes the date beyond the range of representable dates.', 'periodIndex');
  }
  return shift(anchor, interval, units, anchor.getUTCDate(), 'periodIndex');
}

/** Whole months (for month/year cycles) from the anchor's month to `at`'s month, ignoring days. */
export function calendarMonthsBetween(anchor: Date, at: Date): number {
  return (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
}

/** Nominal length of one cycle in milliseconds, for day and week cycles only. */
export function fixedCycleMs(interval: 'day' | 'week', intervalCount: number): number {
  return intervalCount * (interval === 'day' ? dayMs : weekMs);
}
