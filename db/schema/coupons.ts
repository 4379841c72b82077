// Coupons and promotion codes. times_redeemed moves by a conditional update, so a redemption
// limit holds however many customers redeem at once.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';

export const coupons = pgTable(
  'coupons',
  {
    id: idColumn(),
    code: text('code').notNull(),
    name: text('name'),
    percentOff: text('percent_off'),
    amountOffMinor: bigint('amount_off_minor', { mode: 'bigint' }),
    currency: text('currency'),
    duration: text('duration', { enum: ['once', 'repeating', 'forever'] }).notNull(),
    durationInMonths: integer('duration_in_months'),
    maxRedemptions: integer('max_redemptions'),
    timesRedeemed: integer('times_redeemed').notNull().default(0),
    expiresAt: timestamptz('expires_at'),
    /** Empty means every product. */
    appliesToProductIds: jsonb('applies_to_product_ids').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('coupons_code_unique').on(sql`upper(${t.code})`),
    check('coupons_within_limit', sql`${t.maxRedemptions} is null or ${t.timesRedeemed} <= ${t.maxRedemptions}`),
  ],
);

export const couponRedemptions = pgTable('coupon_redemptions', {
  id: idColumn(),
  couponId: text('coupon_id')
    .notNull()
    .references(() => coupons.id),
  customerId: text('customer_id')
    .notNull()
    .references(() => customers.id),
  subscriptionId: text('subscription_id'),
  redeemedAt: timestamptz('redeemed_at').notNull(),
});
