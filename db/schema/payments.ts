// Payments: saved methods (tokens and display data only), payment attempts, refunds, disputes,
// payouts with their balance transactions, the webhook inbox, bank-statement imports and the
// customer timeline. Amounts are bigint minor units; a row never holds a card number or an IBAN.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';
import { invoices } from './invoices';

const minor = (name: string) => bigint(name, { mode: 'bigint' });

/** The customer's record at each gateway. */
export const gatewayCustomers = pgTable(
  'gateway_customers',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    gateway: text('gateway').notNull(),
    gatewayCustomerId: text('gateway_customer_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.gateway] }), uniqueIndex('gateway_customers_remote_unique').on(t.gateway, t.gatewayCustomerId)],
);

export const paymentMethodTypes = ['card', 'sepa_debit', 'wallet'] as const;

export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: idColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    gateway: text('gateway').notNull(),
    gatewayPaymentMethodId: text('gateway_payment_method_id').notNull(),
    type: text('type', { enum: paymentMethodTypes }).notNull(),
    brand: text('brand'),
    last4: text('last4'),
    expMonth: integer('exp_month'),
    expYear: integer('exp_year'),
    fingerprint: text('fingerprint'),
    country: text('country'),
    walletType: text('wallet_type'),
    mandateId: text('mandate_id'),
    mandateReference: text('mandate_reference'),
    bankCode: text('bank_code'),
    isDefault: boolean('is_default').notNull().default(false),
    status: text('status', { enum: ['active', 'removed'] }).notNull().default('active'),
    removedAt: timestamptz('removed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payment_methods_remote_unique').on(t.gateway, t.gatewayPaymentMethodId),
    // One default per customer, whatever races.
    uniqueIndex('payment_methods_one_default').on(t.customerId).where(sql`${t.isDefault}`),
    index('payment_methods_customer_idx').on(t.customerId),
    index('payment_methods_last4_idx').on(t.last4),
    check('payment_methods_last4_short', sql`${t.last4} is null or ${t.last4} ~ '^[0-9]{4}$'`),
    check('payment_methods_default_active', sql`not ${t.isDefault} or ${t.status} = 'active'`),
  ],
);

export const paymentStatuses = ['requires_action', 'processing', 'succeeded', 'failed', 'canceled'] as const;
export const inFlightPaymentStatuses = ['requires_action', 'processing'] as const;

/** One row per attempt to collect an invoice. */
export const payments = pgTable(
  'payments',
  {
    id: idColumn(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    attempt: integer('attempt').notNull(),
    /** `gateway` is the configured gateway id, or `bank_transfer` for a matched bank credit. */
    gateway: text('gateway').notNull(),
    paymentMethodId: text('payment_method_id').references(() => paymentMethods.id),
    /** Derived from invoice and attempt; the gateway deduplicates on it. */
    idempotencyKey: text('idempotency_key').notNull(),
    gatewayPaymentId: text('gateway_payment_id'),
    gatewayChargeId: text('gateway_charge_id'),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    /** The gateway did not answer: the outcome is being settled by retrieval or webhook. */
    outcomeUnknown: boolean('outcome_unknown').notNull().default(false),
    offSession: boolean('off_session').notNull().default(false),
    initiatedBy: text('initiated_by', { enum: ['customer', 'staff', 'api', 'automatic', 'hosted_page', 'bank_transfer'] }).notNull(),
    failureCode: text('failure_code'),
    declineCode: text('decline_code'),
    failureMessage: text('failure_message'),
    nextActionUrl: text('next_action_url'),
    amountRefundedMinor: minor('amount_refunded_minor').notNull().default(sql`0`),
    /** Part of the amount that exceeded what the invoice owed and went to the customer's credit. */
    overpaidMinor: minor('overpaid_minor').notNull().default(sql`0`),
    disputeStatus: text('dispute_status', { enum: ['needs_response', 'under_review', 'won', 'lost'] }),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    settledAt: timestamptz('settled_at'),
  },
  (t) => [
    uniqueIndex('payments_idempotency_unique').on(t.idempotencyKey),
    uniqueIndex('payments_attempt_unique').on(t.invoiceId, t.attempt),
    uniqueIndex('payments_remote_unique').on(t.gateway, t.gatewayPaymentId),
    // At most one attempt per invoice in flight: twenty simultaneous "Pay" make one charge.
    uniqueIndex('payments_one_in_flight').on(t.invoiceId).where(sql`${t.status} in ('requires_action', 'processing')`),
    index('payments_customer_idx').on(t.customerId, t.createdAt),
    // Finance reports: attempts and collections in a period, per currency.
    index('payments_currency_created_idx').on(t.currency, t.createdAt),
    index('payments_currency_settled_idx').on(t.currency, t.settledAt).where(sql`${t.status} = 'succeeded'`),
    index('payments_unsettled_idx').on(t.updatedAt).where(sql`${t.status} in ('requires_action', 'processing')`),
    check('payments_refunds_within_amount', sql`${t.amountRefundedMinor} >= 0 and ${t.amountRefundedMinor} <= ${t.amountMinor}`),
    check('payments_amount_positive', sql`${t.amountMinor} > 0`),
  ],
);

export const refundStatuses = ['pending', 'succeeded', 'failed', 'canceled'] as const;

export const refunds = pgTable(
  'refunds',
  {
    id: idColumn(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    gateway: text('gateway').notNull(),
    gatewayRefundId: text('gateway_refund_id'),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: refundStatuses }).notNull(),
    reason: text('reason', { enum: ['duplicate', 'fraudulent', 'requested_by_customer'] }),
    memo: text('memo'),
    creditNoteId: text('credit_note_id'),
    failureMessage: text('failure_message'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refunds_remote_unique').on(t.gateway, t.gatewayRefundId),
    index('refunds_payment_idx').on(t.paymentId),
    check('refunds_amount_positive', sql`${t.amountMinor} > 0`),
  ],
);

export const disputes = pgTable(
  'disputes',
  {
    id: idColumn(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    gateway: text('gateway').notNull(),
    gatewayDisputeId: text('gateway_dispute_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['needs_response', 'under_review', 'won', 'lost'] }).notNull(),
    openedAt: timestamptz('opened_at').notNull(),
    closedAt: timestamptz('closed_at'),
  },
  (t) => [uniqueIndex('disputes_remote_unique').on(t.gateway, t.gatewayDisputeId), index('disputes_payment_idx').on(t.paymentId)],
);

export const payouts = pgTable(
  'payouts',
  {
    id: idColumn(),
    gateway: text('gateway').notNull(),
    gatewayPayoutId: text('gateway_payout_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['pending', 'in_transit', 'paid', 'failed', 'canceled'] }).notNull(),
    arrivalDate: timestamptz('arrival_date').notNull(),
    gatewayCreatedAt: timestamptz('gateway_created_at').notNull(),
    /** Sum of the balance transactions recorded for it; equals the amount once reconciled. */
    reconciledAt: timestamptz('reconciled_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payouts_remote_unique').on(t.gateway, t.gatewayPayoutId)],
);

/** Money movements at a gateway (charges, refunds, dispute adjustments, fees), each in at most one payout. */
export const gatewayBalanceTransactions = pgTable(
  'gateway_balance_transactions',
  {
    id: idColumn(),
    gateway: text('gateway').notNull(),
    gatewayTransactionId: text('gateway_transaction_id').notNull(),
    type: text('type').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    feeMinor: minor('fee_minor').notNull(),
    netMinor: minor('net_minor').notNull(),
    currency: text('currency').notNull(),
    sourceId: text('source_id'),
    paymentId: text('payment_id').references(() => payments.id),
    refundId: text('refund_id').references(() => refunds.id),
    disputeId: text('dispute_id').references(() => disputes.id),
    payoutId: text('payout_id').references(() => payouts.id),
    availableOn: timestamptz('available_on').notNull(),
    gatewayCreatedAt: timestamptz('gateway_created_at').notNull(),
  },
  (t) => [
    // A transaction is recorded once, so it can only ever belong to one payout.
    uniqueIndex('gateway_balance_transactions_remote_unique').on(t.gateway, t.gatewayTransactionId),
    index('gateway_balance_transactions_payout_idx').on(t.payoutId),
    index('gateway_balance_transactions_payment_idx').on(t.paymentId),
  ],
);

/** Every webhook event received, verified, stored once, and processed by a job. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: idColumn(),
    gateway: text('gateway').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    gatewayCreatedAt: timestamptz('gateway_created_at').notNull(),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
    status: text('status', { enum: ['pending', 'processed', 'ignored', 'failed'] }).notNull().default('pending'),
    processedAt: timestamptz('processed_at'),
    /** What processing did (or why it did nothing), for support. */
    outcome: text('outcome'),
  },
  (t) => [uniqueIndex('webhook_events_unique').on(t.gateway, t.eventId), index('webhook_events_status_idx').on(t.status, t.receivedAt)],
);

/** One file of bank-statement lines imported by finance; the same file twice is refused. */
export const bankStatementImports = pgTable(
  'bank_statement_imports',
  {
    id: idColumn(),
    fileSha256: text('file_sha256').notNull(),
    fileName: text('file_name'),
    importedBy: text('imported_by'),
    lineCount: integer('line_count').notNull(),
    matchedCount: integer('matched_count').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bank_statement_imports_file_unique').on(t.fileSha256)],
);

export const bankStatementLines = pgTable(
  'bank_statement_lines',
  {
    id: idColumn(),
    importId: text('import_id')
      .notNull()
      .references(() => bankStatementImports.id),
    lineNumber: integer('line_number').notNull(),
    bookedOn: date('booked_on', { mode: 'string' }).notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    reference: text('reference').notNull(),
    counterparty: text('counterparty'),
    status: text('status', { enum: ['matched', 'unmatched', 'resolved'] }).notNull(),
    /** Why it did not match, for finance. */
    note: text('note'),
    invoiceId: text('invoice_id').references(() => invoices.id),
    paymentId: text('payment_id'),
  },
  (t) => [uniqueIndex('bank_statement_lines_position_unique').on(t.importId, t.lineNumber), index('bank_statement_lines_status_idx').on(t.status)],
);

/**
 * What happened to a customer's account, in order: the timeline support reads. `kind` names the
 * event; `data` holds what a page needs to render it in any language.
 */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: idColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    occurredAt: timestamptz('occurred_at').notNull(),
    kind: text('kind').notNull(),
    invoiceId: text('invoice_id'),
    paymentId: text('payment_id'),
    data: jsonb('data').notNull().default({}),
    /** A unique key makes recording idempotent when the same fact is reported twice. */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
  },
  (t) => [index('timeline_events_customer_idx').on(t.customerId, t.occurredAt), uniqueIndex('timeline_events_dedupe_unique').on(t.dedupeKey)],
);
