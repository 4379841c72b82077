// Whether the subscription's coupon discounts an invoice issued now, and in what form.
import type { Database } from '@/db/client';
import type { subscriptions } from '@/db/schema';
import { couponDefinition, getCoupon } from '../coupons';
import type { AppliedCoupon } from '../invoices/compose';
import { couponAppliesToInvoice } from '../pricing/discounts';

type SubscriptionRow = typeof subscriptions.$inferSelect;

export async function discountFor(db: Database, subscription: SubscriptionRow, invoiceAt: Date): Promise<AppliedCoupon | null> {
  if (!subscription.couponId) return null;
  const row = await getCoupon(db, subscription.couponId);
  const coupon = couponDefinition(row);
  // The coupon was redeemed when the subscription was created.
  const applies = couponAppliesToInvoice(coupon, { redeemedAt: subscription.createdAt, invoiceAt, timesApplied: subscription.couponPeriodsApplied });
  return applies ? { couponId: row.id, coupon, appliesToProductIds: row.appliesToProductIds } : null;
}
