// Support's own records: notes staff leave on a customer, customers whose dunning support paused,
// and the refund limits admins set for support (per currency). Every change to them is audited.
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';

/** Append-only: a note is never edited; a correction is a new note. */
export const customerNotes = pgTable(
  'customer_notes',
  {
    id: idColumn(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    authorId: text('author_id').notNull(),
    authorEmail: text('author_email').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('customer_notes_customer_idx').on(t.customerId, t.createdAt)],
);

/** A row means automatic retries and reminders are paused for the customer; resuming deletes it. */
export const dunningPauses = pgTable('dunning_pauses', {
  customerId: text('customer_id')
    .primaryKey()
    .references(() => customers.id),
  pausedBy: text('paused_by').notNull(),
  reason: text('reason').notNull(),
  pausedAt: timestamptz('paused_at').notNull(),
});

/** The most support may refund at a time, per currency; without a row support may not refund in it. */
export const supportRefundLimits = pgTable('support_refund_limits', {
  currency: text('currency').primaryKey(),
  limitMinor: bigint('limit_minor', { mode: 'bigint' }).notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});
