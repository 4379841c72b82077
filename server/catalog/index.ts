// Products and prices. Prices are validated by the pricing rules, stored once and never changed:
// to change terms, archive a price and create another.
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { prices, products } from '@/db/schema';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { afterCursor, newestFirst, pageLimit, toPage } from '../pagination';
import { validatePrice, type Price, type PriceInput } from '../pricing/price';

export type ProductRow = typeof products.$inferSelect;
export type PriceRow = typeof prices.$inferSelect;

export async function createProduct(db: Database, input: { name: string; description?: string | null }, now: Date) {
  const name = input.name?.trim();
  if (!name || name.length > 200) throw new SettleError('VALIDATION_FAILED', 'A product needs a name of 1 to 200 characters.', 'name');
  const [row] = await db
    .insert(products)
    .values({ id: newId('prod'), name, description: input.description?.trim() || null, createdAt: now })
    .returning();
  return row!;
}

export async function getProduct(db: Database, id: string): Promise<ProductRow> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No product ${id}.`, 'id');
  return row;
}

export async function listProducts(db: Database, input: { limit?: number; cursor?: string }) {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(products)
    .where(afterCursor(input.cursor, products))
    .orderBy(...newestFirst(products))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}

export async function createPrice(db: Database, input: PriceInput & { productId: string; nickname?: string | null }, now: Date): Promise<PriceRow> {
  const product = await getProduct(db, input.productId).catch(() => {
    throw new SettleError('NOT_FOUND', `No product ${input.productId}.`, 'productId');
  });
  if (!product.active) throw new SettleError('CONFLICT', `Product ${product.id} is archived.`, 'productId');
  const price = validatePrice(input);
  const [row] = await db
    .insert(prices)
    .values({
      id: newId('price'),
      productId: product.id,
      nickname: input.nickname?.trim() || null,
      currency: price.currency,
      type: price.type,
      interval: price.recurring?.interval ?? null,
      intervalCount: price.recurring?.intervalCount ?? null,
      usageType: price.recurring?.usageType ?? null,
      metric: price.recurring?.metric ?? null,
      aggregation: price.recurring?.aggregation ?? null,
      billingScheme: price.billingScheme,
      unitAmountMinor: price.billingScheme === 'tiered' ? null : price.unitAmount,
      unitAmountDecimal: price.billingScheme === 'tiered' ? null : price.unitAmountDecimal,
      tiersMode: price.billingScheme === 'tiered' ? price.tiersMode : null,
      tiers:
        price.billingScheme === 'tiered'
          ? price.tiers.map((tier) => ({
              upTo: tier.upTo === null ? null : Number(tier.upTo),
              ...(tier.unitAmount !== null ? { unitAmount: Number(tier.unitAmount) } : {}),
              ...(tier.unitAmountDecimal !== null ? { unitAmountDecimal: tier.unitAmountDecimal } : {}),
              ...(tier.flatAmount !== null ? { flatAmount: Number(tier.flatAmount) } : {}),
            }))
          : null,
      packageSize: price.billingScheme === 'package' ? Number(price.packageSize) : null,
      taxBehavior: price.taxBehavior,
      trialDays: price.trialDays || null,
      createdAt: now,
    })
    .returning();
  return row!;
}

export async function getPrice(db: Database, id: string, param = 'id'): Promise<PriceRow> {
  const [row] = await db.select().from(prices).where(eq(prices.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No price ${id}.`, param);
  return row;
}

export async function listPrices(db: Database, input: { limit?: number; cursor?: string; productId?: string; active?: boolean }) {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(prices)
    .where(
      and(
        afterCursor(input.cursor, prices),
        input.productId ? eq(prices.productId, input.productId) : undefined,
        input.active === undefined ? undefined : eq(prices.active, input.active),
      ),
    )
    .orderBy(...newestFirst(prices))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}

export async function archivePrice(db: Database, id: string): Promise<PriceRow> {
  const [row] = await db.update(prices).set({ active: false }).where(eq(prices.id, id)).returning();
  if (!row) throw new SettleError('NOT_FOUND', `No price ${id}.`, 'id');
  return row;
}

/** A stored price in the shape it was created from (the API shape). */
export function priceInputOf(row: PriceRow) {
  return {
    currency: row.currency,
    type: row.type,
    recurring: row.interval
      ? { interval: row.interval, intervalCount: row.intervalCount ?? 1, usageType: row.usageType ?? 'licensed', metric: row.metric, aggregation: row.aggregation }
      : null,
    billingScheme: row.billingScheme,
    unitAmount: row.unitAmountMinor,
    unitAmountDecimal: row.unitAmountDecimal,
    tiersMode: row.tiersMode,
    tiers: row.tiers,
    packageSize: row.packageSize,
    taxBehavior: row.taxBehavior,
    trialDays: row.trialDays,
  } satisfies PriceInput;
}

/** The pricing rules' view of a stored price (stored prices were validated on the way in). */
export const priceDefinition = (row: PriceRow): Price => validatePrice(priceInputOf(row));
