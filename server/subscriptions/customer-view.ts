// A customer's own view of their subscriptions: the plans with their items, the next renewal
// (computed as the renewal will compute it), the usage recorded so far this period for metered
// prices, and the plans each subscription may switch to.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { prices, products } from '@/db/schema';
import { getCustomer } from '../customers';
import { priceAmount } from '../pricing/amount';
import { loadItemsOf } from './items';
import { listSubscriptions, type SubscriptionRow } from './lifecycle';
import { meteredLines } from './lines';
import { upcomingInvoices } from './upcoming';

/** Statuses a customer still has a plan in; canceled and ended subscriptions are history. */
export const currentStatuses = ['trialing', 'active', 'past_due', 'paused', 'incomplete', 'unpaid'] as const satisfies ReadonlyArray<SubscriptionRow['status']>;

export interface PlanOption {
  priceId: string;
  productName: string;
  nickname: string | null;
  /** The price of one unit for one period, in minor units (null for tiered prices). */
  unitAmountMinor: bigint | null;
  billingScheme: string;
}

/**
 * The customer's current subscriptions, each with its items, next renewal and, for metered items,
 * the usage and amount so far this period. Ordered oldest first.
 */
export async function customerSubscriptions(db: Database, customerId: string, now: Date) {
  const customer = await getCustomer(db, customerId, 'customerId');
  const rows = await listSubscriptions(db, { customerId, statuses: [...currentStatuses] });
  const [itemsBySubscription, upcoming] = await Promise.all([loadItemsOf(db, rows.map((row) => row.id)), upcomingInvoices(db, customerId, now)]);
  const upcomingBySubscription = new Map(upcoming.map((preview) => [preview.subscriptionId, preview]));
  return Promise.all(
    rows.map(async (subscription) => {
      const items = itemsBySubscription.get(subscription.id) ?? [];
      const periodSoFar = { start: subscription.currentPeriodStart, end: now < subscription.currentPeriodEnd ? now : subscription.currentPeriodEnd };
      const usage =
        subscription.status === 'trialing' || periodSoFar.end <= periodSoFar.start ? [] : await meteredLines(db, customerId, items, periodSoFar);
      const usageByItem = new Map(usage.map((line) => [line.subscriptionItemId, line]));
      const next = upcomingBySubscription.get(subscription.id);
      return {
        id: subscription.id,
        status: subscription.status,
        currency: customer.currency,
        interval: subscription.interval,
        intervalCount: subscription.intervalCount,
        currentPeriodStart: subscription.currentPeriodStart,
        currentPeriodEnd: subscription.currentPeriodEnd,
        trialEnd: subscription.trialEnd,
        cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
        cancellationReason: subscription.cancellationReason,
        collectionMethod: subscription.collectionMethod,
        items: items.map((item) => {
          const used = usageByItem.get(item.id);
          return {
            id: item.id!,
            priceId: item.price.id,
            productName: item.productName,
            nickname: item.price.nickname,
            metered: item.metered,
            quantity: item.metered ? null : item.quantity,
            /** For one period at this quantity, before tax; metered: null. */
            amountMinor: item.metered ? null : priceAmount(item.definition, item.quantity).amountMinor,
            usage: item.metered && used ? { metric: item.price.metric!, quantity: used.quantity, amountMinor: used.amountMinor, from: periodSoFar.start, to: periodSoFar.end } : null,
          };
        }),
        /** The next renewal's invoice, or null when the subscription ends at the period end. */
        nextInvoice: next ? { date: next.date, totalMinor: next.totals.totalMinor, periodStart: next.periodStart, periodEnd: next.periodEnd } : null,
      };
    }),
  );
}

/**
 * The plans a subscription may switch to: active licensed recurring prices in the customer's
 * currency on the subscription's own interval (the change engine refuses another interval, since
 * the period being prorated would no longer be the period being billed).
 */
export async function planOptions(db: Database, subscription: Pick<SubscriptionRow, 'currency' | 'interval' | 'intervalCount'>): Promise<PlanOption[]> {
  const rows = await db
    .select({ price: prices, productName: products.name })
    .from(prices)
    .innerJoin(products, eq(products.id, prices.productId))
    .where(
      and(
        eq(prices.active, true),
        eq(products.active, true),
        eq(prices.type, 'recurring'),
        eq(prices.currency, subscription.currency),
        eq(prices.interval, subscription.interval),
        eq(prices.intervalCount, subscription.intervalCount),
      ),
    )
    .orderBy(asc(prices.unitAmountMinor), asc(prices.id));
  // Licensed only: a metered price is billed on usage, not chosen as a plan.
  return rows
    .filter((row) => row.price.usageType !== 'metered')
    .map((row) => ({ priceId: row.price.id, productName: row.productName, nickname: row.price.nickname, unitAmountMinor: row.price.unitAmountMinor, billingScheme: row.price.billingScheme }));
}
