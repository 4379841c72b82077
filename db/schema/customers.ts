// Customer accounts (billing accounts). The billing issue extends them with terms, tax ids and credit.
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns';

export const customers = pgTable(
  'customers',
  {
    id: idColumn(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    locale: text('locale').notNull().default('en'),
    currency: text('currency').notNull(),
    country: text('country').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('customers_email_idx').on(t.email)],
);
