import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDecline, decideAfterFailure, defaultDunningPolicy, maxAttemptsOf, reasonFor, reminderSchedule, retryIntervals, validatePolicy, type DunningPolicy } from './rules';

const day = 24 * 60 * 60 * 1000;
const t0 = new Date('2026-07-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * day);

describe('decline classes', () => {
  it.each(['lost_card', 'stolen_card', 'fraudulent', 'pickup_card', 'incorrect_number', 'expired_card', 'authentication_required'])('%s is hard', (code) => {
    expect(classifyDecline({ code: 'card_declined', declineCode: code })).toBe('hard');
  });
  it.each(['insufficient_funds', 'processing_error', 'generic_decline', 'try_again_later', 'do_not_honor', 'something_new'])('%s is soft', (code) => {
    expect(classifyDecline({ code: 'card_declined', declineCode: code })).toBe('soft');
  });
  it('reads the failure code when there is no decline code', () => {
    expect(classifyDecline({ code: 'expired_card', declineCode: null })).toBe('hard');
    expect(classifyDecline({ code: 'gateway_error', declineCode: null })).toBe('soft');
  });
});

describe('the retry schedule', () => {
  it('retries on the default schedule counted from the first failure, then exhausts', () => {
    const policy = defaultDunningPolicy;
    expect(maxAttemptsOf(policy)).toBe(5);
    const first = decideAfterFailure({ policy, failedAttempts: 1, firstFailedAt: t0, now: t0, declineClass: 'soft' });
    expect(first).toMatchObject({ kind: 'retry', attempt: 2, maxAttempts: 5, inDays: 3, at: at(3) });
    expect(decideAfterFailure({ policy, failedAttempts: 2, firstFailedAt: t0, now: at(3), declineClass: 'soft' })).toMatchObject({ kind: 'retry', attempt: 3, at: at(8) });
    expect(decideAfterFailure({ policy, failedAttempts: 4, firstFailedAt: t0, now: at(15), declineClass: 'soft' })).toMatchObject({ kind: 'retry', attempt: 5, at: at(22) });
    expect(decideAfterFailure({ policy, failedAttempts: 5, firstFailedAt: t0, now: at(22), declineClass: 'soft' })).toMatchObject({ kind: 'exhausted', finalAction: 'cancel_subscription' });
  });

  it('never retries a hard decline: waits for a new method until the window closes', () => {
    const decision = decideAfterFailure({ policy: defaultDunningPolicy, failedAttempts: 1, firstFailedAt: t0, now: t0, declineClass: 'hard' });
    expect(decision).toEqual({ kind: 'await_method', deadline: at(22), maxAttempts: 5 });
    expect(decideAfterFailure({ policy: defaultDunningPolicy, failedAttempts: 1, firstFailedAt: t0, now: at(22), declineClass: 'hard' }).kind).toBe('exhausted');
  });

  it('gives the reason in one sentence', () => {
    const decision = decideAfterFailure({ policy: defaultDunningPolicy, failedAttempts: 1, firstFailedAt: t0, now: t0, declineClass: 'soft' });
    expect(reasonFor(decision, { code: 'insufficient_funds', declineClass: 'soft', failedAttempts: 1 })).toBe('retry scheduled in 3 days: insufficient funds (soft decline), attempt 2 of 5');
  });

  it('spreads N tries over W weeks', () => {
    expect(retryIntervals({ ...defaultDunningPolicy, retryMode: 'spread', spreadTries: 8, spreadWeeks: 2 })).toEqual([1, 1, 2, 2, 2, 2, 2, 2]);
  });

  const policies = fc.record({
    retryMode: fc.constantFrom('intervals' as const, 'spread' as const),
    retryIntervalsDays: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
    spreadTries: fc.integer({ min: 0, max: 12 }),
    spreadWeeks: fc.integer({ min: 2, max: 8 }),
  }).map((p): DunningPolicy => ({ ...defaultDunningPolicy, ...p }));

  it('property: retries move forward in time, are bounded by the policy, and a spread fills its weeks exactly', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 100 }), (policy, lateDays) => {
        expect(validatePolicy(policy)).toEqual({});
        const intervals = retryIntervals(policy);
        if (policy.retryMode === 'spread' && policy.spreadTries > 0) {
          expect(intervals.reduce((a, b) => a + b, 0)).toBe(policy.spreadWeeks * 7);
          expect(intervals).toHaveLength(policy.spreadTries);
        }
        let previous = t0;
        for (let failed = 1; failed <= maxAttemptsOf(policy) + 1; failed++) {
          const now = new Date(previous.getTime() + (failed === 3 ? lateDays * day : 0));
          const decision = decideAfterFailure({ policy, failedAttempts: failed, firstFailedAt: t0, now, declineClass: 'soft' });
          if (failed >= maxAttemptsOf(policy)) {
            expect(decision.kind).toBe('exhausted');
            break;
          }
          expect(decision.kind).toBe('retry');
          if (decision.kind !== 'retry') break;
          expect(decision.at.getTime()).toBeGreaterThan(now.getTime());
          expect(decision.attempt).toBe(failed + 1);
          previous = decision.at;
        }
      }),
    );
  });

  it('property: a hard decline or a missing method is never scheduled for a retry', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 200 }), fc.constantFrom('hard' as const, 'no_method' as const), (policy, failed, days, declineClass) => {
        expect(decideAfterFailure({ policy, failedAttempts: failed, firstFailedAt: t0, now: at(days), declineClass }).kind).not.toBe('retry');
      }),
    );
  });

  it('refuses policies out of bounds, field by field', () => {
    expect(validatePolicy({ ...defaultDunningPolicy, retryIntervalsDays: [0] })).toHaveProperty('retryIntervalsDays');
    expect(validatePolicy({ ...defaultDunningPolicy, retryIntervalsDays: Array(13).fill(1) })).toHaveProperty('retryIntervalsDays');
    expect(validatePolicy({ ...defaultDunningPolicy, retryMode: 'spread', spreadTries: 12, spreadWeeks: 1 })).toHaveProperty('spreadTries');
    expect(validatePolicy({ ...defaultDunningPolicy, reminderDaysAfterDue: [1.5] })).toHaveProperty('reminderDaysAfterDue');
    expect(validatePolicy({ ...defaultDunningPolicy, trialEndingDays: 0 })).toHaveProperty('trialEndingDays');
  });
});

describe('reminders', () => {
  it('sends those still ahead before the due date, and every one after it, in order', () => {
    const schedule = reminderSchedule({ dueAt: at(14), now: at(12), policy: { ...defaultDunningPolicy, reminderDaysBeforeDue: [7, 1], reminderDaysAfterDue: [1, 7] } });
    expect(schedule).toEqual([
      { step: 'before_1', at: at(13) },
      { step: 'after_1', at: at(15) },
      { step: 'after_7', at: at(21) },
    ]);
  });
});
