// The pure rules of collections: which declines are worth retrying, when the next retry falls,
// what happens when attempts run out, and the reason given for each step. No I/O, no clock.
//
// Decline classes. A hard decline says the method itself is unusable — retrying it can only fail
// again and, for some codes, makes the issuer suspicious — so it is never retried on the same
// method and the customer is asked for another. A soft decline is about this moment (funds, an
// issuer or network hiccup) and follows the schedule.
//   hard: lost_card, stolen_card, fraudulent, pickup_card, incorrect_number, invalid_number,
//         expired_card, invalid_account, account_closed, card_not_supported, restricted_card,
//         security_violation, revocation_of_authorization, invalid_expiry_*, and
//         authentication_required (off session nobody can pass the challenge: the customer must pay
//         once themselves, so retrying in the background is pointless).
//   soft: everything else, including insufficient_funds, processing_error, generic_decline,
//         try_again_later, card_declined, issuer_not_available, and do_not_honor — issuers use
//         do_not_honor as a catch-all for temporary refusals, and card networks allow it to be
//         retried, so it follows the schedule rather than giving up after one refusal.
// An unknown code is soft: the schedule is bounded, so the cost of one wrong guess is a few
// retries, whereas a wrong "hard" would stop collecting from a card that works.
export type DeclineClass = 'soft' | 'hard';

const hardDeclines = new Set([
  'lost_card',
  'stolen_card',
  'fraudulent',
  'pickup_card',
  'incorrect_number',
  'invalid_number',
  'expired_card',
  'invalid_account',
  'account_closed',
  'card_not_supported',
  'restricted_card',
  'security_violation',
  'revocation_of_authorization',
  'invalid_expiry_month',
  'invalid_expiry_year',
  'authentication_required',
]);

/** The decline code says most; the failure code when there is none. */
export const declineCodeOf = (failure: { code: string | null; declineCode: string | null }): string => failure.declineCode ?? failure.code ?? 'unknown';

export function classifyDecline(failure: { code: string | null; declineCode: string | null }): DeclineClass {
  return hardDeclines.has(failure.declineCode ?? '') || hardDeclines.has(failure.code ?? '') ? 'hard' : 'soft';
}

export type FinalAction = 'cancel_subscription' | 'mark_unpaid' | 'leave_past_due';

export interface DunningPolicy {
  retryMode: 'intervals' | 'spread';
  retryIntervalsDays: number[];
  spreadTries: number;
  spreadWeeks: number;
  reminderDaysBeforeDue: number[];
  reminderDaysAfterDue: number[];
  finalAction: FinalAction;
  markUncollectible: boolean;
  upcomingRenewalDays: number;
  trialEndingDays: number;
}

export const defaultDunningPolicy: DunningPolicy = {
  retryMode: 'intervals',
  retryIntervalsDays: [3, 5, 7, 7],
  spreadTries: 4,
  spreadWeeks: 3,
  reminderDaysBeforeDue: [3],
  reminderDaysAfterDue: [1, 7, 14],
  finalAction: 'cancel_subscription',
  markUncollectible: false,
  upcomingRenewalDays: 7,
  trialEndingDays: 3,
};

/** Reasons a policy is refused, by field; empty when it is valid. */
export function validatePolicy(policy: DunningPolicy): Record<string, string> {
  const errors: Record<string, string> = {};
  const days = (list: number[], max: number) => list.every((d) => Number.isInteger(d) && d >= 1 && d <= max);
  if (policy.retryIntervalsDays.length > 12 || !days(policy.retryIntervalsDays, 60)) errors.retryIntervalsDays = 'Up to 12 retries, each 1 to 60 days after the one before.';
  if (!Number.isInteger(policy.spreadTries) || policy.spreadTries < 0 || policy.spreadTries > 12) errors.spreadTries = 'From 0 to 12 retries.';
  if (!Number.isInteger(policy.spreadWeeks) || policy.spreadWeeks < 1 || policy.spreadWeeks > 8) errors.spreadWeeks = 'From 1 to 8 weeks.';
  if (policy.retryMode === 'spread' && policy.spreadTries > policy.spreadWeeks * 7) errors.spreadTries = 'At most one retry a day.';
  if (policy.reminderDaysBeforeDue.length > 5 || !days(policy.reminderDaysBeforeDue, 60)) errors.reminderDaysBeforeDue = 'Up to 5 reminders, 1 to 60 days before the due date.';
  if (policy.reminderDaysAfterDue.length > 8 || !days(policy.reminderDaysAfterDue, 120)) errors.reminderDaysAfterDue = 'Up to 8 reminders, 1 to 120 days after the due date.';
  if (!Number.isInteger(policy.upcomingRenewalDays) || policy.upcomingRenewalDays < 1 || policy.upcomingRenewalDays > 60) errors.upcomingRenewalDays = 'From 1 to 60 days.';
  if (!Number.isInteger(policy.trialEndingDays) || policy.trialEndingDays < 1 || policy.trialEndingDays > 30) errors.trialEndingDays = 'From 1 to 30 days.';
  return errors;
}

/**
 * The days to wait after each failed attempt before the next retry. "N tries within W weeks"
 * spreads N retries evenly over W weeks (the longer waits last, when a payday is likelier).
 */
export function retryIntervals(policy: DunningPolicy): number[] {
  if (policy.retryMode === 'intervals') return [...policy.retryIntervalsDays];
  const total = policy.spreadWeeks * 7;
  const n = policy.spreadTries;
  if (n === 0) return [];
  const base = Math.floor(total / n);
  const longer = total - base * n;
  return Array.from({ length: n }, (_, index) => base + (index >= n - longer ? 1 : 0));
}

/** The first charge and every retry. */
export const maxAttemptsOf = (policy: DunningPolicy) => 1 + retryIntervals(policy).length;

const dayMs = 24 * 60 * 60 * 1000;

export type DunningDecision =
  | { kind: 'retry'; at: Date; attempt: number; maxAttempts: number; inDays: number }
  | { kind: 'await_method'; deadline: Date; maxAttempts: number }
  | { kind: 'exhausted'; maxAttempts: number; finalAction: FinalAction; markUncollectible: boolean };

/**
 * What follows failed attempt `failedAttempts` (1 = the first charge). Retries fall on the
 * schedule counted from the first failure — retry k at the sum of the first k intervals — so a
 * retry made early (a new method) does not push the later ones back; a retry whose day has
 * already passed waits its own interval from now. After a hard decline, or with no method to
 * charge, nothing is retried: the dunning waits for a new method until the schedule's last day,
 * then the final action applies.
 */
export function decideAfterFailure(input: {
  policy: DunningPolicy;
  failedAttempts: number;
  firstFailedAt: Date;
  now: Date;
  declineClass: DeclineClass | 'no_method';
}): DunningDecision {
  const intervals = retryIntervals(input.policy);
  const maxAttempts = intervals.length + 1;
  const windowEnd = new Date(input.firstFailedAt.getTime() + intervals.reduce((a, b) => a + b, 0) * dayMs);
  if (input.failedAttempts >= maxAttempts) return { kind: 'exhausted', maxAttempts, finalAction: input.policy.finalAction, markUncollectible: input.policy.markUncollectible };
  if (input.declineClass !== 'soft') {
    if (windowEnd.getTime() <= input.now.getTime()) return { kind: 'exhausted', maxAttempts, finalAction: input.policy.finalAction, markUncollectible: input.policy.markUncollectible };
    return { kind: 'await_method', deadline: windowEnd, maxAttempts };
  }
  const offsetDays = intervals.slice(0, input.failedAttempts).reduce((a, b) => a + b, 0);
  let at = new Date(input.firstFailedAt.getTime() + offsetDays * dayMs);
  if (at.getTime() <= input.now.getTime()) at = new Date(input.now.getTime() + intervals[input.failedAttempts - 1]! * dayMs);
  return { kind: 'retry', at, attempt: input.failedAttempts + 1, maxAttempts, inDays: Math.round((at.getTime() - input.now.getTime()) / dayMs) };
}

/** Plain words for a decline, for support and the timeline. */
export function describeDecline(code: string): string {
  const words: Record<string, string> = {
    insufficient_funds: 'insufficient funds',
    generic_decline: 'declined by the bank',
    card_declined: 'declined by the bank',
    processing_error: 'processing error',
    try_again_later: 'temporary refusal',
    do_not_honor: 'declined by the bank (do not honor)',
    lost_card: 'card reported lost',
    stolen_card: 'card reported stolen',
    fraudulent: 'suspected fraud',
    pickup_card: 'card to be retained',
    incorrect_number: 'incorrect card number',
    expired_card: 'card expired',
    authentication_required: 'authentication required',
    no_payment_method: 'no payment method on file',
  };
  return words[code] ?? code.replace(/_/g, ' ');
}

/**
 * The reason recorded with a dunning step, in one sentence support can read:
 * "retry scheduled in 3 days: insufficient funds (soft decline), attempt 2 of 5".
 */
export function reasonFor(decision: DunningDecision, failure: { code: string; declineClass: DeclineClass | 'no_method'; failedAttempts: number }): string {
  const why = `${describeDecline(failure.code)} (${failure.declineClass === 'no_method' ? 'no method' : `${failure.declineClass} decline`})`;
  switch (decision.kind) {
    case 'retry':
      return `retry scheduled in ${decision.inDays} day${decision.inDays === 1 ? '' : 's'}: ${why}, attempt ${decision.attempt} of ${decision.maxAttempts}`;
    case 'await_method':
      return `not retried on this method: ${why}; the customer is asked to update the payment method (attempt ${failure.failedAttempts} of ${decision.maxAttempts})`;
    case 'exhausted':
      return `attempts exhausted: ${why}, attempt ${failure.failedAttempts} of ${decision.maxAttempts}; final action: ${decision.finalAction.replace(/_/g, ' ')}${decision.markUncollectible ? ', invoice marked uncollectible' : ''}`;
  }
}

/** send_invoice reminders: before the due date (only those still ahead) and after it. */
export function reminderSchedule(input: { dueAt: Date; now: Date; policy: DunningPolicy }): Array<{ step: string; at: Date }> {
  const before = input.policy.reminderDaysBeforeDue
    .map((days) => ({ step: `before_${days}`, at: new Date(input.dueAt.getTime() - days * dayMs) }))
    .filter((reminder) => reminder.at.getTime() > input.now.getTime());
  const after = input.policy.reminderDaysAfterDue.map((days) => ({ step: `after_${days}`, at: new Date(input.dueAt.getTime() + days * dayMs) }));
  return [...before, ...after].sort((a, b) => a.at.getTime() - b.at.getTime());
}
