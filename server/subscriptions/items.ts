// Subscription items with their prices: loading them and validating a requested set of items.
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { prices, products, subscriptionItems } from '@/db/schema';
import { priceDefinition, type PriceRow } from '../catalog';
import { SettleError } from '../errors';
import type { Price } from '../pricing/price';

export interface PricedItem {
  id: string | null;
  price: PriceRow;
  definition: Price;
  productName: string;
  quantity: bigint;
  metered: boolean;
}

export interface ItemRequest {
  priceId: string;
  quantity?: number | string | bigint | null;
}

export const maxItems = 20;

function parseQuantity(value: ItemRequest['quantity'], param: string): bigint {
  if (value === undefined || value === null) return 1n;
  const valid = (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint' || (typeof value === 'string' && /^\d+$/.test(value));
  const quantity = valid ? BigInt(value as number) : -1n;
  if (quantity < 0n || quantity > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SettleError('VALIDATION_FAILED', 'A quantity is a whole number of at least 0.', param);
  }
  return quantity;
}

/** Loads the prices of requested items and checks they can be billed together for this customer. */
export async function priceItems(db: Database, requests: ItemRequest[], customer: { currency: string }, param = 'items'): Promise<PricedItem[]> {
  if (!Array.isArray(requests) || requests.length === 0) throw new SettleError('VALIDATION_FAILED', 'A subscription needs at least one item.', param);
  if (requests.length > maxItems) throw new SettleError('VALIDATION_FAILED', `A subscription has at most ${maxItems} items.`, param);
  const ids = [...new Set(requests.map((r) => r.priceId))];
  const rows = await db.select({ price: prices, productName: products.name }).from(prices).innerJoin(products, eq(products.id, prices.productId)).where(inArray(prices.id, ids));
  const byId = new Map(rows.map((row) => [row.price.id, row]));
  const items = requests.map((request, index) => {
    const row = byId.get(request.priceId);
    const at = `${param}[${index}]`;
    if (!row) throw new SettleError('NOT_FOUND', `No price ${request.priceId}.`, `${at}.priceId`);
    if (!row.price.active) throw new SettleError('VALIDATION_FAILED', `Price ${row.price.id} is archived.`, `${at}.priceId`);
    if (row.price.type !== 'recurring') throw new SettleError('VALIDATION_FAILED', `Price ${row.price.id} is one-time, not recurring.`, `${at}.priceId`);
    if (row.price.currency !== customer.currency) {
      throw new SettleError('VALIDATION_FAILED', `Price ${row.price.id} is in ${row.price.currency} but the customer pays in ${customer.currency}.`, `${at}.priceId`);
    }
    const metered = row.price.usageType === 'metered';
    if (metered && request.quantity !== undefined && request.quantity !== null) {
      throw new SettleError('VALIDATION_FAILED', 'A metered price is billed on usage; it takes no quantity.', `${at}.quantity`);
    }
    return { id: null, price: row.price, definition: priceDefinition(row.price), productName: row.productName, quantity: metered ? 0n : parseQuantity(request.quantity, `${at}.quantity`), metered };
  });
  if (new Set(items.map((i) => i.price.id)).size !== items.length) throw new SettleError('VALIDATION_FAILED', 'Each price may appear once in a subscription.', param);
  const [first] = items;
  for (const [index, item] of items.entries()) {
    if (item.price.interval !== first!.price.interval || item.price.intervalCount !== first!.price.intervalCount) {
      throw new SettleError('VALIDATION_FAILED', 'All items of a subscription must renew on the same interval.', `${param}[${index}].priceId`);
    }
  }
  return items;
}

export async function loadItems(db: Database, subscriptionId: string): Promise<PricedItem[]> {
  return (await loadItemsOf(db, [subscriptionId])).get(subscriptionId) ?? [];
}

/** The items of several subscriptions with one query (a batch of renewals), by subscription id. */
export async function loadItemsOf(db: Database, subscriptionIds: string[]): Promise<Map<string, PricedItem[]>> {
  const bySubscription = new Map<string, PricedItem[]>();
  if (subscriptionIds.length === 0) return bySubscription;
  const rows = await db
    .select({ item: subscriptionItems, price: prices, productName: products.name })
    .from(subscriptionItems)
    .innerJoin(prices, eq(prices.id, subscriptionItems.priceId))
    .innerJoin(products, eq(products.id, prices.productId))
    .where(subscriptionIds.length === 1 ? eq(subscriptionItems.subscriptionId, subscriptionIds[0]!) : inArray(subscriptionItems.subscriptionId, subscriptionIds))
    .orderBy(subscriptionItems.createdAt, subscriptionItems.id);
  for (const row of rows) {
    const items = bySubscription.get(row.item.subscriptionId) ?? [];
    items.push({
      id: row.item.id,
      price: row.price,
      definition: priceDefinition(row.price),
      productName: row.productName,
      quantity: row.item.quantity,
      metered: row.price.usageType === 'metered',
    });
    bySubscription.set(row.item.subscriptionId, items);
  }
  return bySubscription;
}
