// Invoices, their lines, gapless numbering and credit notes. Amounts are bigint minor units.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';
import { subscriptions } from './subscriptions';

const minor = (name: string) => bigint(name, { mode: 'bigint' });

export const invoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;

export const invoices = pgTable(
  'invoices',
  {
    id: idColumn(),
    /** Assigned at finalisation from the series, never before. */
    number: text('number'),
    series: text('series'),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    subscriptionId: text('subscription_id').references(() => subscriptions.id),
    status: text('status', { enum: invoiceStatuses }).notNull(),
    billingReason: text('billing_reason', {
      enum: ['subscription_create', 'subscription_cycle', 'subscription_update', 'subscription_cancel', 'manual'],
    }).notNull(),
    collectionMethod: text('collection_method', { enum: ['charge_automatically', 'send_invoice'] }).notNull(),
    currency: text('currency').notNull(),
    periodStart: timestamptz('period_start'),
    periodEnd: timestamptz('period_end'),
    subtotalMinor: minor('subtotal_minor').notNull().default(sql`0`),
    discountMinor: minor('discount_minor').notNull().default(sql`0`),
    taxMinor: minor('tax_minor').notNull().default(sql`0`),
    totalMinor: minor('total_minor').notNull().default(sql`0`),
    creditAppliedMinor: minor('credit_applied_minor').notNull().default(sql`0`),
    amountDueMinor: minor('amount_due_minor').notNull().default(sql`0`),
    amountPaidMinor: minor('amount_paid_minor').notNull().default(sql`0`),
    amountRemainingMinor: minor('amount_remaining_minor').notNull().default(sql`0`),
    dueAt: timestamptz('due_at'),
    finalizedAt: timestamptz('finalized_at'),
    paidAt: timestamptz('paid_at'),
    voidedAt: timestamptz('voided_at'),
    markedUncollectibleAt: timestamptz('marked_uncollectible_at'),
    /** Customer and merchant as they were at finalisation; later edits never change an issued invoice. */
    customerSnapshot: jsonb('customer_snapshot'),
    merchantSnapshot: jsonb('merchant_snapshot'),
    taxMention: jsonb('tax_mention'),
    /** Reference a bank transfer must quote. */
    paymentReference: text('payment_reference'),
    /** The unguessable token of the hosted invoice page. */
    hostedToken: text('hosted_token'),
    couponId: text('coupon_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoices_number_unique').on(t.number),
    uniqueIndex('invoices_hosted_token_unique').on(t.hostedToken),
    // Exactly one renewal invoice per subscription period, however many workers renew at once.
    uniqueIndex('invoices_subscription_period_unique')
      .on(t.subscriptionId, t.periodStart)
      .where(sql`${t.billingReason} in ('subscription_create', 'subscription_cycle')`),
    index('invoices_customer_idx').on(t.customerId, t.createdAt),
    index('invoices_status_idx').on(t.status, t.dueAt),
    // Finance reports: what was billed and what was paid in a period, per currency. The trailing
    // columns are what DSO and late payers read, so those scans never visit the table.
    index('invoices_currency_finalized_idx').on(t.currency, t.finalizedAt, t.status, t.amountDueMinor),
    index('invoices_currency_paid_idx').on(t.currency, t.paidAt, t.customerId, t.dueAt, t.finalizedAt),
    check('invoices_numbered_when_final', sql`(${t.status} = 'draft') = (${t.number} is null)`),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: idColumn(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    priceId: text('price_id'),
    subscriptionItemId: text('subscription_item_id'),
    quantity: bigint('quantity', { mode: 'bigint' }).notNull(),
    unitAmountDecimal: text('unit_amount_decimal'),
    amountMinor: minor('amount_minor').notNull(),
    discountMinor: minor('discount_minor').notNull().default(sql`0`),
    taxMinor: minor('tax_minor').notNull().default(sql`0`),
    taxRate: text('tax_rate'),
    taxLabel: text('tax_label'),
    taxBehavior: text('tax_behavior', { enum: ['exclusive', 'inclusive'] }).notNull(),
    periodStart: timestamptz('period_start'),
    periodEnd: timestamptz('period_end'),
    proration: boolean('proration').notNull().default(false),
    /** Tier breakdown or usage detail shown under the line. */
    details: jsonb('details'),
  },
  (t) => [
    uniqueIndex('invoice_lines_position_unique').on(t.invoiceId, t.position),
    // MRR reports read the subscription lines whose service period overlaps a window.
    index('invoice_lines_service_period_idx')
      .on(t.periodEnd, t.periodStart)
      .where(sql`${t.subscriptionItemId} is not null and not ${t.proration}`),
    // Churn and NRR read the lines covering one instant: a range index finds them directly, where
    // the B-tree above would walk every line ending after it.
    index('invoice_lines_service_range_idx')
      .using('gist', sql`tstzrange(${t.periodStart}, ${t.periodEnd})`)
      .where(sql`${t.subscriptionItemId} is not null and not ${t.proration}`),
  ],
);

/** One counter per numbering series; the row lock taken at finalisation keeps numbers gapless. */
export const invoiceNumberSeries = pgTable('invoice_number_series', {
  series: text('series').primaryKey(),
  nextNumber: bigint('next_number', { mode: 'bigint' }).notNull(),
});

/** Charges waiting for the next invoice, e.g. prorations with create_prorations. */
export const pendingInvoiceItems = pgTable(
  'pending_invoice_items',
  {
    id: idColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    subscriptionId: text('subscription_id').references(() => subscriptions.id),
    currency: text('currency').notNull(),
    description: text('description').notNull(),
    priceId: text('price_id'),
    quantity: bigint('quantity', { mode: 'bigint' }).notNull(),
    amountMinor: minor('amount_minor').notNull(),
    taxBehavior: text('tax_behavior', { enum: ['exclusive', 'inclusive'] }).notNull(),
    periodStart: timestamptz('period_start'),
    periodEnd: timestamptz('period_end'),
    proration: boolean('proration').notNull().default(false),
    invoiceId: text('invoice_id').references(() => invoices.id),
    createdAt: createdAt(),
  },
  (t) => [index('pending_items_customer_idx').on(t.customerId).where(sql`${t.invoiceId} is null`)],
);

export const creditNotes = pgTable(
  'credit_notes',
  {
    id: idColumn(),
    number: text('number').notNull(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    currency: text('currency').notNull(),
    reason: text('reason', { enum: ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory', 'goodwill', 'refund'] }).notNull(),
    memo: text('memo'),
    subtotalMinor: minor('subtotal_minor').notNull(),
    taxMinor: minor('tax_minor').notNull(),
    totalMinor: minor('total_minor').notNull(),
    /** Part that reduced what the invoice still owed. */
    appliedToInvoiceMinor: minor('applied_to_invoice_minor').notNull(),
    /** Part credited to the customer's balance (the invoice was already paid). */
    creditedToBalanceMinor: minor('credited_to_balance_minor').notNull(),
    /** Part given back as money: the refund this credit note documents. */
    refundedMinor: minor('refunded_minor').notNull().default(sql`0`),
    refundId: text('refund_id'),
    lines: jsonb('lines').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('credit_notes_number_unique').on(t.number), index('credit_notes_invoice_idx').on(t.invoiceId)],
);

/** Every change to a customer's credit balance, so the balance can always be explained. */
export const customerBalanceTransactions = pgTable(
  'customer_balance_transactions',
  {
    id: idColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    currency: text('currency').notNull(),
    /** Positive adds credit, negative uses it. */
    amountMinor: minor('amount_minor').notNull(),
    kind: text('kind', { enum: ['credit_note', 'applied_to_invoice', 'adjustment', 'overpayment', 'proration_credit'] }).notNull(),
    invoiceId: text('invoice_id'),
    creditNoteId: text('credit_note_id'),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [index('balance_transactions_customer_idx').on(t.customerId)],
);
