// Products and their prices. A price never changes once created: it is archived and replaced
// (a trigger refuses any update other than archiving), so every invoice line can name the exact
// terms it was billed on.
import { bigint, boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns';

export const products = pgTable('products', {
  id: idColumn(),
  name: text('name').notNull(),
  description: text('description'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export interface PriceTierRow {
  upTo: number | null;
  unitAmount?: number;
  unitAmountDecimal?: string;
  flatAmount?: number;
}

export const prices = pgTable(
  'prices',
  {
    id: idColumn(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    nickname: text('nickname'),
    currency: text('currency').notNull(),
    type: text('type', { enum: ['one_time', 'recurring'] }).notNull(),
    interval: text('interval', { enum: ['day', 'week', 'month', 'year'] }),
    intervalCount: integer('interval_count'),
    usageType: text('usage_type', { enum: ['licensed', 'metered'] }),
    metric: text('metric'),
    aggregation: text('aggregation', { enum: ['sum', 'count', 'max', 'unique_count', 'last'] }),
    billingScheme: text('billing_scheme', { enum: ['per_unit', 'tiered', 'package'] }).notNull(),
    unitAmountMinor: bigint('unit_amount_minor', { mode: 'bigint' }),
    unitAmountDecimal: text('unit_amount_decimal'),
    tiersMode: text('tiers_mode', { enum: ['graduated', 'volume'] }),
    tiers: jsonb('tiers').$type<PriceTierRow[]>(),
    packageSize: integer('package_size'),
    taxBehavior: text('tax_behavior', { enum: ['exclusive', 'inclusive'] }).notNull(),
    trialDays: integer('trial_days'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('prices_product_idx').on(t.productId)],
);
