// The billing clock. In simulation its time is stored here and only moves forward when advanced.
import { boolean, integer, pgTable } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

export const billingClock = pgTable('billing_clock', {
  id: integer('id').primaryKey().default(1),
  simulatedNow: timestamptz('simulated_now').notNull(),
  simulation: boolean('simulation').notNull(),
});
