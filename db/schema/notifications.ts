// The outbox: every e-mail Settle sends is a row here first, with its delivery status.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';
import { customers } from './customers';

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: idColumn(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    /** stored: kept for the Mailbox (no SMTP configured); queued → sent | failed over SMTP. */
    status: text('status', { enum: ['stored', 'queued', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt), index('outbox_customer_idx').on(t.customerId)],
);
