// Proration of a mid-period change (price, plan or quantity) and of a cancellation with credit.
//
// The rule:
//   - Time is counted in whole seconds. Each instant is truncated to its second (floor of its
//     milliseconds / 1000) before subtracting, so 12:00:00.999 counts as 12:00:00.
//   - fraction = remaining seconds / period seconds
//              = (end − changeAt) / (end − start), an exact fraction in [0, 1].
//   - credit = −(old amount × fraction): the unused time on the old price, negative or zero.
//     charge = new amount × fraction: the remaining time on the new price.
//     Each is one invoice line, rounded once with roundHalfAwayFromZero from its exact value.
//   - net = credit + charge, the sum of the two rounded lines, so the invoice adds up; it is not
//     rounded separately.
// A quantity change is the same computation with old = old quantity × unit price and new = new
// quantity × unit price; a cancellation is the credit line alone.
import { SettleError } from '../errors';
import { fraction, fromInteger, multiply, parseAmountMinor, roundHalfAwayFromZero, type Fraction } from '../money';
import { assertValidDate } from './intervals';
import { assertPeriodBounds } from './periods';

const wholeSeconds = (instant: Date): number => Math.floor(instant.getTime() / 1000);

function remainingFraction(periodStart: Date, periodEnd: Date, at: Date, atParam: string): Fraction {
  assertPeriodBounds(periodStart, periodEnd);
  assertValidDate(at, atParam);
  if (at.getTime() < periodStart.getTime() || at.getTime() > periodEnd.getTime()) {
    throw new SettleError(
      'VALIDATION_FAILED',
      `${atParam} (${at.toISOString()}) must be within the period ${periodStart.toISOString()} – ${periodEnd.toISOString()}.`,
      atParam,
    );
  }
  const periodSeconds = wholeSeconds(periodEnd) - wholeSeconds(periodStart);
  if (periodSeconds < 1) {
    throw new SettleError('VALIDATION_FAILED', 'The period must last at least one second to be prorated.', 'periodEnd');
  }
  return fraction(BigInt(wholeSeconds(periodEnd) - wholeSeconds(at)), BigInt(periodSeconds));
}

/** Remaining seconds / total seconds of the period at `changeAt`: 1 at the start, 0 at the end. */
export function prorationFraction(periodStart: Date, periodEnd: Date, changeAt: Date): Fraction {
  return remainingFraction(periodStart, periodEnd, changeAt, 'changeAt');
}

export interface ProrationInput {
  /** The old price for one whole period, in minor units. */
  oldAmountMinor: bigint;
  /** The new price for one whole period, in minor units. */
  newAmountMinor: bigint;
  periodStart: Date;
  periodEnd: Date;
  changeAt: Date;
}

export interface Proration {
  /** Unused time on the old price; negative or zero. */
  creditMinor: bigint;
  /** Remaining time on the new price; positive or zero. */
  chargeMinor: bigint;
  /** creditMinor + chargeMinor. */
  netMinor: bigint;
  /** The exact share of the period that remained at the change. */
  fraction: Fraction;
}

const prorateLine = (amountMinor: bigint, share: Fraction): bigint => roundHalfAwayFromZero(multiply(fromInteger(amountMinor), share));

export function prorate(input: ProrationInput): Proration {
  const oldAmountMinor = parseAmountMinor(input.oldAmountMinor, 'oldAmountMinor');
  const newAmountMinor = parseAmountMinor(input.newAmountMinor, 'newAmountMinor');
  const share = prorationFraction(input.periodStart, input.periodEnd, input.changeAt);
  const creditMinor = -prorateLine(oldAmountMinor, share);
  const chargeMinor = prorateLine(newAmountMinor, share);
  return { creditMinor, chargeMinor, netMinor: creditMinor + chargeMinor, fraction: share };
}

/** The credit for the unused rest of a period when a subscription is cancelled at `cancelAt`. */
export function cancellationCredit(input: { amountMinor: bigint; periodStart: Date; periodEnd: Date; cancelAt: Date }): bigint {
  const amountMinor = parseAmountMinor(input.amountMinor, 'amountMinor');
  return -prorateLine(amountMinor, remainingFraction(input.periodStart, input.periodEnd, input.cancelAt, 'cancelAt'));
}
