// Extending a trial: the trial, the current (trial) period and the billing-cycle anchor all move
// by the same number of days, and the renewal is rescheduled at the new end — the job of the old
// end finds the period moved and does nothing.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { SettleError } from '../errors';
import { lockSubscription, scheduleRenewal, type SubscriptionRow } from './lifecycle';

const dayMs = 24 * 60 * 60 * 1000;
export const maxTrialExtensionDays = 90;

export async function extendTrial(tx: Database, input: { subscriptionId: string; days: number }, now: Date): Promise<{ before: SubscriptionRow; after: SubscriptionRow }> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > maxTrialExtensionDays) {
    throw new SettleError('VALIDATION_FAILED', `A trial is extended by 1 to ${maxTrialExtensionDays} days.`, 'days');
  }
  const before = await lockSubscription(tx, input.subscriptionId);
  if (before.status !== 'trialing' || !before.trialEnd || before.trialEnd <= now) {
    throw new SettleError('SUBSCRIPTION_NOT_ACTIVE', `Subscription ${before.id} is ${before.status}, not in a trial; only a running trial can be extended.`, 'subscriptionId');
  }
  const shift = (at: Date) => new Date(at.getTime() + input.days * dayMs);
  const [after] = await tx
    .update(subscriptions)
    .set({ trialEnd: shift(before.trialEnd), currentPeriodEnd: shift(before.currentPeriodEnd), billingCycleAnchor: shift(before.billingCycleAnchor) })
    .where(eq(subscriptions.id, before.id))
    .returning();
  await scheduleRenewal(tx, before.id, after!.currentPeriodEnd);
  return { before, after: after! };
}
