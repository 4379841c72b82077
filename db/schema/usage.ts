// Usage events, stored once per event id however often they are sent.
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { customers } from './customers';

export const usageEvents = pgTable(
  'usage_events',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    metric: text('metric').notNull(),
    /** A decimal string, so fractional usage (GB, hours) is exact. */
    value: text('value').notNull(),
    timestamp: timestamptz('timestamp').notNull(),
    properties: jsonb('properties'),
    receivedAt: timestamptz('received_at').notNull(),
  },
  (t) => [index('usage_events_customer_metric_time_idx').on(t.customerId, t.metric, t.timestamp)],
);
