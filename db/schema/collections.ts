// Collections: the merchant's dunning policy, the dunning state of each invoice whose automatic
// payment failed, and one outcome row per finished dunning for finance (recovered or lost).
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';
import { invoices } from './invoices';

export const dunningFinalActions = ['cancel_subscription', 'mark_unpaid', 'leave_past_due'] as const;

/** One policy per merchant for now (id 1); without a row the defaults in server/collections apply. */
export const dunningPolicies = pgTable('dunning_policies', {
  id: integer('id').primaryKey().default(1),
  /** 'intervals': retryIntervalsDays; 'spread': spreadTries retries spread evenly over spreadWeeks. */
  retryMode: text('retry_mode', { enum: ['intervals', 'spread'] }).notNull().default('intervals'),
  /** Days to wait after each failed attempt before the next retry (Polar-like [3, 5, 7, 7]). */
  retryIntervalsDays: jsonb('retry_intervals_days').$type<number[]>().notNull(),
  spreadTries: integer('spread_tries').notNull().default(4),
  spreadWeeks: integer('spread_weeks').notNull().default(3),
  /** send_invoice: reminders this many days before the due date, then after it. */
  reminderDaysBeforeDue: jsonb('reminder_days_before_due').$type<number[]>().notNull(),
  reminderDaysAfterDue: jsonb('reminder_days_after_due').$type<number[]>().notNull(),
  finalAction: text('final_action', { enum: dunningFinalActions }).notNull().default('cancel_subscription'),
  markUncollectible: boolean('mark_uncollectible').notNull().default(false),
  upcomingRenewalDays: integer('upcoming_renewal_days').notNull().default(7),
  trialEndingDays: integer('trial_ending_days').notNull().default(3),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const dunningStatuses = ['active', 'recovered', 'exhausted', 'stopped'] as const;

/** The dunning of one invoice: opened by its first failed automatic payment. */
export const invoiceDunnings = pgTable(
  'invoice_dunnings',
  {
    invoiceId: text('invoice_id')
      .primaryKey()
      .references(() => invoices.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    subscriptionId: text('subscription_id'),
    status: text('status', { enum: dunningStatuses }).notNull(),
    /** Failed automatic attempts so far (the first charge included). */
    failedAttempts: integer('failed_attempts').notNull(),
    /** Attempts the policy allows in all: the first charge plus its retries. */
    maxAttempts: integer('max_attempts').notNull(),
    firstFailedAt: timestamptz('first_failed_at').notNull(),
    lastFailureCode: text('last_failure_code'),
    lastDeclineCode: text('last_decline_code'),
    declineClass: text('decline_class', { enum: ['soft', 'hard', 'no_method'] }),
    /** The method that failed hard: never charged again for this invoice. */
    blockedPaymentMethodId: text('blocked_payment_method_id'),
    nextAction: text('next_action', { enum: ['retry', 'await_method'] }),
    nextActionAt: timestamptz('next_action_at'),
    stoppedReason: text('stopped_reason'),
    closedAt: timestamptz('closed_at'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('invoice_dunnings_customer_idx').on(t.customerId),
    index('invoice_dunnings_active_idx').on(t.customerId).where(sql`${t.status} = 'active'`),
    check('invoice_dunnings_closed', sql`(${t.status} = 'active') = (${t.closedAt} is null)`),
  ],
);

/** For finance: how each dunning ended. One row per invoice. */
export const dunningOutcomes = pgTable(
  'dunning_outcomes',
  {
    id: idColumn(),
    invoiceId: text('invoice_id')
      .notNull()
      .unique()
      .references(() => invoices.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    subscriptionId: text('subscription_id'),
    outcome: text('outcome', { enum: ['recovered', 'lost', 'stopped'] }).notNull(),
    /** The attempt that collected it (recovered), or how many were made (lost). */
    attempts: integer('attempts').notNull(),
    daysInDunning: integer('days_in_dunning').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    /** What was done at the end: the policy's final action, or why it stopped. */
    detail: text('detail'),
    recordedAt: timestamptz('recorded_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('dunning_outcomes_recorded_idx').on(t.recordedAt)],
);
