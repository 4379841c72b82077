// Coupons: what one takes off an invoice, how that discount is spread over the invoice's lines,
// and which invoices it still applies to. The discount is computed once for the invoice (so a
// percentage is rounded once, on the eligible subtotal) and then apportioned to lines, because tax
// is computed per line on the discounted amount and the lines must add up to the invoice.
import { compare, divide, fraction, multiply, parseAmountMinor, parseCurrency, parseDecimal, roundHalfAwayFromZero, toDecimalString, type Fraction } from '../money';
import { apportion } from './apportion';
import { isAbsent, oneOf, parseSmallInteger, refuse, requireString } from './validation';

export const couponDurations = ['once', 'repeating', 'forever'] as const;
export type CouponDuration = (typeof couponDurations)[number];

export interface CouponInput {
  /** A decimal string, 0 < percentOff ≤ 100 ("12.5" = 12.5 %). */
  percentOff?: string | null;
  /** Minor units of `currency`. */
  amountOff?: number | string | bigint | null;
  currency?: string | null;
  duration: CouponDuration;
  /** Required for, and only for, duration 'repeating'. */
  durationInMonths?: number | null;
}

interface CouponCommon {
  readonly duration: CouponDuration;
  /** Set exactly when duration is 'repeating'. */
  readonly durationInMonths: number | null;
}

export interface PercentCoupon extends CouponCommon {
  /** Canonical decimal string. */
  readonly percentOff: string;
  readonly amountOff: null;
  readonly currency: null;
}

export interface AmountCoupon extends CouponCommon {
  readonly percentOff: null;
  readonly amountOff: bigint;
  readonly currency: string;
}

export type Coupon = PercentCoupon | AmountCoupon;

export interface DiscountableLine {
  id: string;
  amountMinor: bigint;
  /** False for lines the coupon does not cover (other products, credits, tax-only lines…). */
  eligible: boolean;
}

// Ten years of monthly invoices: far beyond any real promotion, but a bound all the same.
const maximumDurationInMonths = 120;

export function validateCoupon(input: CouponInput): Coupon {
  const duration = oneOf(input.duration, couponDurations, 'duration');
  let durationInMonths: number | null = null;
  if (duration === 'repeating') {
    if (isAbsent(input.durationInMonths)) refuse('A repeating coupon needs durationInMonths.', 'durationInMonths');
    durationInMonths = parseSmallInteger(input.durationInMonths, 'durationInMonths', 1, maximumDurationInMonths);
  } else if (!isAbsent(input.durationInMonths)) {
    refuse(`durationInMonths only applies to repeating coupons, not ${duration} ones.`, 'durationInMonths');
  }

  const hasPercent = !isAbsent(input.percentOff);
  const hasAmount = !isAbsent(input.amountOff);
  // Both would leave it unclear which applies, or whether they stack.
  if (hasPercent && hasAmount) refuse('A coupon takes off a percentage or an amount, not both.', 'percentOff');
  if (!hasPercent && !hasAmount) refuse('A coupon needs percentOff or amountOff.', 'percentOff');

  if (hasPercent) {
    if (!isAbsent(input.currency)) refuse('currency only applies to amountOff coupons.', 'currency');
    const percentOff = parseDecimal(requireString(input.percentOff, 'percentOff'), 'percentOff');
    if (percentOff.numerator <= 0n) refuse('percentOff must be greater than 0.', 'percentOff');
    if (compare(percentOff, fraction(100n)) > 0) refuse('percentOff must be at most 100.', 'percentOff');
    return { duration, durationInMonths, percentOff: toDecimalString(percentOff), amountOff: null, currency: null };
  }

  const amountOff = parseAmountMinor(input.amountOff, 'amountOff');
  if (amountOff === 0n) refuse('amountOff must be greater than 0.', 'amountOff');
  if (isAbsent(input.currency)) refuse('An amountOff coupon needs the currency of its amount.', 'currency');
  const currency = parseCurrency(requireString(input.currency, 'currency'));
  return { duration, durationInMonths, percentOff: null, amountOff, currency };
}

/**
 * The discount on each line, by line id (every line is present; ineligible lines get 0).
 *
 * The invoice discount is a percentage of the eligible subtotal rounded once, or the fixed amount
 * capped at the eligible subtotal so a total never goes negative. It is then apportioned over the
 * eligible lines in proportion to their amounts (largest remainder, ties to the smaller id so the
 * result does not depend on line order): the line discounts add up to the invoice discount exactly
 * and none exceeds its line's amount.
 */
export function applyDiscount(lines: readonly DiscountableLine[], coupon: Coupon, invoiceCurrency: string): Map<string, bigint> {
  const currency = parseCurrency(invoiceCurrency, 'invoiceCurrency');
  if (coupon.amountOff !== null && coupon.currency !== currency) {
    refuse(`This coupon takes off an amount in ${coupon.currency}; the invoice is in ${currency}.`, 'currency');
  }

  const discounts = new Map<string, bigint>();
  for (const [index, line] of lines.entries()) {
    if (discounts.has(line.id)) refuse(`Line ${line.id} appears twice.`, `lines[${index}].id`);
    // A negative eligible line (a credit) would take a negative share, i.e. raise the total.
    if (line.eligible && line.amountMinor < 0n) refuse('A discounted line must not be negative; mark credits as not eligible.', `lines[${index}].amountMinor`);
    discounts.set(line.id, 0n);
  }

  const eligible = lines.filter((line) => line.eligible).sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const eligibleSubtotal = eligible.reduce((total, line) => total + line.amountMinor, 0n);
  if (eligibleSubtotal === 0n) return discounts;

  const invoiceDiscount = invoiceDiscountMinor(coupon, eligibleSubtotal);
  // Each share is at most its line's amount (the discount never exceeds the subtotal) and that
  // amount is whole, so rounding a share up still keeps the line's discount within its amount.
  const shares = eligible.map((line) => divide(multiply(fraction(invoiceDiscount), fraction(line.amountMinor)), fraction(eligibleSubtotal)));
  const parts = apportion(invoiceDiscount, shares);
  eligible.forEach((line, index) => discounts.set(line.id, parts[index] ?? 0n));
  return discounts;
}

/** The whole invoice's discount on an eligible subtotal: a percentage rounded once, or the amount capped. */
export function invoiceDiscountMinor(coupon: Coupon, eligibleSubtotalMinor: bigint): bigint {
  if (eligibleSubtotalMinor <= 0n) return 0n;
  if (coupon.percentOff !== null) {
    const rate: Fraction = divide(parseDecimal(coupon.percentOff, 'percentOff'), fraction(100n));
    return roundHalfAwayFromZero(multiply(fraction(eligibleSubtotalMinor), rate));
  }
  return coupon.amountOff < eligibleSubtotalMinor ? coupon.amountOff : eligibleSubtotalMinor;
}

/**
 * Whether a coupon redeemed at `redeemedAt` applies to an invoice created at `invoiceAt`, given how
 * many invoices it has already discounted. Like Stripe's, durations count from redemption and are
 * judged at the invoice's creation, whatever the billing interval, so a 3-month coupon on a yearly
 * plan discounts the first yearly invoice only.
 *  - once: the first invoice created at or after redemption;
 *  - repeating: invoices created before redemption + durationInMonths (calendar months in UTC; a
 *    redemption on 31 January ends on the last day of the target month, at the same time of day);
 *  - forever: every invoice created at or after redemption.
 */
export function couponAppliesToInvoice(coupon: Coupon, at: { redeemedAt: Date; invoiceAt: Date; timesApplied: number }): boolean {
  assertValidDate(at.redeemedAt, 'redeemedAt');
  assertValidDate(at.invoiceAt, 'invoiceAt');
  if (!Number.isSafeInteger(at.timesApplied) || at.timesApplied < 0) refuse('timesApplied must be a whole number, 0 or more.', 'timesApplied');
  if (at.invoiceAt.getTime() < at.redeemedAt.getTime()) return false;
  switch (coupon.duration) {
    case 'once':
      return at.timesApplied === 0;
    case 'forever':
      return true;
    case 'repeating':
      return at.invoiceAt.getTime() < addMonthsUtc(at.redeemedAt, coupon.durationInMonths ?? 0).getTime();
  }
}

/** When a repeating coupon stops applying; null for once (ends by use) and forever (never ends). */
export function couponEndsAt(coupon: Coupon, redeemedAt: Date): Date | null {
  assertValidDate(redeemedAt, 'redeemedAt');
  return coupon.duration === 'repeating' ? addMonthsUtc(redeemedAt, coupon.durationInMonths ?? 0) : null;
}

function addMonthsUtc(from: Date, months: number): Date {
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1));
  const lastDayOfTargetMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDayOfTargetMonth));
  target.setUTCHours(from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds());
  return target;
}

function assertValidDate(value: unknown, param: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) refuse(`${param} must be a valid date.`, param);
}
