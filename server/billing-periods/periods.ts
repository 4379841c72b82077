// Billing periods of a cycle: which period an instant falls in, and which renewals fall due when
// the clock moves. Periods are half-open [start, end): the instant a period ends is the instant
// the next one starts, so consecutive periods tile time with no gap and no overlap.
import { SettleError } from '../errors';
import {
  assertPositiveInteger,
  assertValidDate,
  boundaryAt,
  calendarMonthsBetween,
  fixedCycleMs,
  parseBillingInterval,
  type BillingInterval,
} from './intervals';

export interface BillingPeriod {
  /** Inclusive. */
  readonly start: Date;
  /** Exclusive; equal to the next period's start. */
  readonly end: Date;
  /** 0 for the period opening at the anchor, then 1, 2, … */
  readonly index: number;
}

/**
 * A scheduler catching up must advance in steps; past this many renewals in one call, something
 * (a clock jump, a wrong anchor) is more likely wrong than a real backlog.
 */
export const maxPeriodsBetween = 10_000;

/** Refuses an empty or inverted period: a period must last, or proration would divide by zero. */
export function assertPeriodBounds(periodStart: Date, periodEnd: Date): void {
  assertValidDate(periodStart, 'periodStart');
  assertValidDate(periodEnd, 'periodEnd');
  if (periodEnd.getTime() <= periodStart.getTime()) {
    throw new SettleError(
      'VALIDATION_FAILED',
      `periodEnd (${periodEnd.toISOString()}) must be after periodStart (${periodStart.toISOString()}).`,
      'periodEnd',
    );
  }
}

function validateCycle(anchor: Date, interval: BillingInterval, intervalCount: number): void {
  assertValidDate(anchor, 'anchor');
  parseBillingInterval(interval);
  assertPositiveInteger(intervalCount, 'intervalCount');
}

const periodAt = (anchor: Date, interval: BillingInterval, intervalCount: number, index: number): BillingPeriod => ({
  start: boundaryAt(anchor, interval, intervalCount, index),
  end: boundaryAt(anchor, interval, intervalCount, index + 1),
  index,
});

/** Index of the period containing `at`, for `at` at or after the anchor. */
function periodIndexAt(anchor: Date, interval: BillingInterval, intervalCount: number, at: Date): number {
  // An estimate from whole calendar months (or fixed-length cycles), then corrected against the real
  // boundaries: the estimate can be one too high when `at` is earlier in its month than the anchor
  // day, or off by one from floating-point division of large millisecond counts.
  let index =
    interval === 'day' || interval === 'week'
      ? Math.floor((at.getTime() - anchor.getTime()) / fixedCycleMs(interval, intervalCount))
      : Math.floor(calendarMonthsBetween(anchor, at) / (intervalCount * (interval === 'year' ? 12 : 1)));
  index = Math.max(index, 0);
  while (index > 0 && boundaryAt(anchor, interval, intervalCount, index).getTime() > at.getTime()) index -= 1;
  while (boundaryAt(anchor, interval, intervalCount, index + 1).getTime() <= at.getTime()) index += 1;
  return index;
}

/** The period containing `at` (start ≤ at < end). Instants before the anchor belong to no period. */
export function currentPeriod(anchor: Date, interval: BillingInterval, intervalCount: number, at: Date): BillingPeriod {
  validateCycle(anchor, interval, intervalCount);
  assertValidDate(at, 'at');
  if (at.getTime() < anchor.getTime()) {
    throw new SettleError('VALIDATION_FAILED', `at (${at.toISOString()}) is before the billing-cycle anchor (${anchor.toISOString()}).`, 'at');
  }
  return periodAt(anchor, interval, intervalCount, periodIndexAt(anchor, interval, intervalCount, at));
}

/**
 * The periods that start in (from, to], earliest first: the renewals that fall due when a clock
 * moves from `from` to `to`. The interval is open at `from` so a boundary exactly at `from` was
 * handled by the previous advance, and closed at `to` so a boundary exactly at `to` is due now;
 * successive advances (a→b, b→c) therefore list every boundary exactly once. The anchor itself is
 * boundary 0 (the first period opening), listed if it falls in the window; callers that bill the
 * first period at creation skip index 0. Refuses more than `maxPeriodsBetween` periods.
 */
export function periodsBetween(anchor: Date, interval: BillingInterval, intervalCount: number, from: Date, to: Date): BillingPeriod[] {
  validateCycle(anchor, interval, intervalCount);
  assertValidDate(from, 'from');
  assertValidDate(to, 'to');
  if (to.getTime() < from.getTime()) {
    throw new SettleError('VALIDATION_FAILED', `to (${to.toISOString()}) must not be before from (${from.toISOString()}).`, 'to');
  }
  const periods: BillingPeriod[] = [];
  let index = from.getTime() < anchor.getTime() ? 0 : periodIndexAt(anchor, interval, intervalCount, from) + 1;
  let start = boundaryAt(anchor, interval, intervalCount, index);
  while (start.getTime() <= to.getTime()) {
    if (periods.length === maxPeriodsBetween) {
      throw new SettleError(
        'VALIDATION_FAILED',
        `More than ${maxPeriodsBetween} billing periods start between from and to; advance the clock in smaller steps.`,
        'to',
      );
    }
    const end = boundaryAt(anchor, interval, intervalCount, index + 1);
    periods.push({ start, end, index });
    index += 1;
    start = end;
  }
  return periods;
}
