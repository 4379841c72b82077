// The merchant running this Settle instance: its legal identity and branding, one row.
import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
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
  /** Invoice numbers read "<prefix>-<year>-<six digits>"; a new prefix starts a new gapless series. */
  invoicePrefix: text('invoice_prefix').notNull().default('INV'),
  creditNotePrefix: text('credit_note_prefix').notNull().default('CN'),
  /** Where, outside its own country, the merchant collects tax from consumers: "GB", "US-NY", or "EU" (non-Union OSS). */
  taxRegistrations: jsonb('tax_registrations').$type<string[]>().notNull().default([]),
  /** Rates the merchant sets by jurisdiction ("US-NY", "US"), taking precedence over the built-in table. */
  taxRates: jsonb('tax_rates').$type<Record<string, { label: string; percent: string }>>().notNull().default({}),
  createdAt: createdAt(),
});
