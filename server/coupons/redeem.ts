// Redeeming a coupon. One conditional UPDATE alone decides whether a redemption still fits
// (active, not expired, under the limit), so the limit holds however many redemptions race;
// the reason for a refusal is looked up only afterwards, to name it.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { couponRedemptions, coupons } from '@/db/schema';
import { getCustomer } from '../customers';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { getCoupon, getCouponByCode, type CouponRow } from './queries';

export type CouponRedemptionRow = typeof couponRedemptions.$inferSelect;

export interface RedeemCouponInput {
  code: string;
  customerId: string;
  /** Recorded as given; the subscription domain, which calls this, owns that id. */
  subscriptionId?: string | null;
  now: Date;
}

/**
 * Counts one redemption of the coupon with this code (any case) by this customer and records it.
 * Refusals name `couponCode`: NOT_FOUND (no such code), CONFLICT (archived), COUPON_EXPIRED,
 * COUPON_LIMIT_REACHED, or VALIDATION_FAILED when an amount coupon is in another currency than
 * the customer's. The count and the redemption row commit together, inside the caller's
 * transaction when there is one.
 */
export async function redeemCoupon(tx: Database, input: RedeemCouponInput): Promise<{ coupon: CouponRow; redemption: CouponRedemptionRow }> {
  const customer = await getCustomer(tx, input.customerId, 'customerId');
  const coupon = await getCouponByCode(tx, typeof input.code === 'string' ? input.code : '', 'couponCode');
  // Checked before counting: the currency of a coupon never changes, and a refused redemption
  // must not use up one of a limited coupon's redemptions.
  if (coupon.currency !== null && coupon.currency !== customer.currency) {
    throw new SettleError('VALIDATION_FAILED', `Coupon ${coupon.code} takes off an amount in ${coupon.currency}; this account is billed in ${customer.currency}.`, 'couponCode');
  }

  // A savepoint inside the caller's transaction, or a transaction of its own: either way the
  // count never moves without its redemption row.
  return tx.transaction(async (inner) => {
    const [counted] = await inner
      .update(coupons)
      .set({ timesRedeemed: sql`${coupons.timesRedeemed} + 1` })
      .where(
        and(
          eq(coupons.id, coupon.id),
          eq(coupons.active, true),
          or(isNull(coupons.maxRedemptions), lt(coupons.timesRedeemed, coupons.maxRedemptions)),
          or(isNull(coupons.expiresAt), gt(coupons.expiresAt, input.now)),
        ),
      )
      .returning();
    if (!counted) throw refusal(await getCoupon(inner, coupon.id, 'couponCode'), input.now);
    const [redemption] = await inner
      .insert(couponRedemptions)
      .values({ id: newId('red'), couponId: counted.id, customerId: customer.id, subscriptionId: input.subscriptionId ?? null, redeemedAt: input.now })
      .returning();
    return { coupon: counted, redemption: redemption! };
  });
}

// Archiving, expiry and redemptions only ever move one way, so whatever made the update miss is
// still true when the coupon is read again.
function refusal(coupon: CouponRow, now: Date): Error {
  if (!coupon.active) return new SettleError('CONFLICT', `Coupon ${coupon.code} has been archived and can no longer be redeemed.`, 'couponCode');
  if (coupon.expiresAt !== null && coupon.expiresAt.getTime() <= now.getTime()) {
    return new SettleError('COUPON_EXPIRED', `Coupon ${coupon.code} expired on ${coupon.expiresAt.toISOString()}.`, 'couponCode');
  }
  if (coupon.maxRedemptions !== null && coupon.timesRedeemed >= coupon.maxRedemptions) {
    return new SettleError('COUPON_LIMIT_REACHED', `Coupon ${coupon.code} has been redeemed the most times it allows (${coupon.maxRedemptions}).`, 'couponCode');
  }
  return new Error(`Coupon ${coupon.id} could not be redeemed, yet it is active, unexpired and under its limit.`);
}
