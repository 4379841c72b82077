// Customer accounts (billing accounts): who is billed, where, in which currency and on what terms.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns';

export interface CustomerTaxId {
  type: 'eu_vat';
  value: string;
  country: string;
}

export const customers = pgTable(
  'customers',
  {
    id: idColumn(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    locale: text('locale').notNull().default('en'),
    /** Fixed once the first invoice is finalised. */
    currency: text('currency').notNull(),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    postalCode: text('postal_code'),
    state: text('state'),
    country: text('country').notNull(),
    taxIds: jsonb('tax_ids').$type<CustomerTaxId[]>().notNull().default([]),
    /** 0 means due on receipt; otherwise net N days. */
    paymentTermsDays: integer('payment_terms_days').notNull().default(0),
    collectionMethod: text('collection_method', { enum: ['charge_automatically', 'send_invoice'] })
      .notNull()
      .default('charge_automatically'),
    /** Credit the merchant owes the customer, applied to the next invoices; the sum of balance transactions. */
    creditBalanceMinor: bigint('credit_balance_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    createdAt: createdAt(),
  },
  (t) => [index('customers_email_idx').on(t.email), index('customers_name_idx').on(t.name)],
);
