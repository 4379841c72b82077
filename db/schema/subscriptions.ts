// Subscriptions and their items. The current period and the billing-cycle anchor decide when
// the next renewal falls due.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { prices } from './catalog';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';

export const subscriptionStatuses = ['incomplete', 'trialing', 'active', 'past_due', 'paused', 'canceled', 'unpaid'] as const;

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: idColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: subscriptionStatuses }).notNull(),
    currency: text('currency').notNull(),
    interval: text('interval', { enum: ['day', 'week', 'month', 'year'] }).notNull(),
    intervalCount: integer('interval_count').notNull(),
    collectionMethod: text('collection_method', { enum: ['charge_automatically', 'send_invoice'] }).notNull(),
    billingCycleAnchor: timestamptz('billing_cycle_anchor').notNull(),
    currentPeriodStart: timestamptz('current_period_start').notNull(),
    currentPeriodEnd: timestamptz('current_period_end').notNull(),
    trialEnd: timestamptz('trial_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancellationReason: text('cancellation_reason'),
    canceledAt: timestamptz('canceled_at'),
    endedAt: timestamptz('ended_at'),
    pauseCollection: boolean('pause_collection').notNull().default(false),
    couponId: text('coupon_id'),
    /** How many invoices the coupon has discounted so far (for "repeating N months"). */
    couponPeriodsApplied: integer('coupon_periods_applied').notNull().default(0),
    defaultPaymentMethodId: text('default_payment_method_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('subscriptions_customer_idx').on(t.customerId),
    index('subscriptions_renewal_idx').on(t.currentPeriodEnd).where(sql`${t.status} in ('trialing', 'active', 'past_due')`),
    check('subscriptions_period_order', sql`${t.currentPeriodEnd} > ${t.currentPeriodStart}`),
  ],
);

export const subscriptionItems = pgTable(
  'subscription_items',
  {
    id: idColumn(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    priceId: text('price_id')
      .notNull()
      .references(() => prices.id),
    quantity: bigint('quantity', { mode: 'bigint' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('subscription_items_subscription_idx').on(t.subscriptionId), check('subscription_items_quantity', sql`${t.quantity} >= 0`)],
);
