// The outbox: every e-mail Settle sends is a row here first, with its delivery status.
import { customType, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
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
    /**
     * (message kind, subject, step): a message asked for twice — a job retried after a crash — is
     * recorded once, and so delivered at most once by Settle's own doing.
     */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt), index('outbox_customer_idx').on(t.customerId), uniqueIndex('outbox_dedupe_unique').on(t.dedupeKey)],
);

// Raw bytes. PGlite hands back a Uint8Array and postgres.js a Buffer (a Uint8Array too); both are
// copied into a plain Uint8Array so callers compare bytes the same way on either engine.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | string }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => (typeof value === 'string' ? new Uint8Array(Buffer.from(value.replace(/^\\x/, ''), 'hex')) : new Uint8Array(value)),
});

/**
 * The files a message carries (an invoice PDF, a receipt), stored with it when it is recorded:
 * what is delivered, and what the Mailbox shows, are the bytes decided at that moment.
 */
export const outboxAttachments = pgTable(
  'outbox_attachments',
  {
    id: idColumn(),
    messageId: text('message_id')
      .notNull()
      .references(() => outboxMessages.id),
    position: integer('position').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outbox_attachments_message_position').on(t.messageId, t.position)],
);
