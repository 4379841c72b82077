// The merchant running this Settle instance: its legal identity and branding, one row.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

export const merchant = pgTable('merchant', {
  id: integer('id').primaryKey().default(1),
  name: text('name').notNull(),
  legalName: text('legal_name').notNull(),
  addressLine1: text('address_line1').notNull(),
  city: text('city').notNull(),
  postalCode: text('postal_code').notNull(),
  country: text('country').notNull(),
  vatNumber: text('vat_number'),
  supportEmail: text('support_email').notNull(),
  logoUrl: text('logo_url'),
  brandColor: text('brand_color').notNull().default('#4f46e5'),
  createdAt: createdAt(),
});
