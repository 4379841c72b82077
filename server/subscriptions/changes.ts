// Changing a subscription's items or quantities. The same plan drives the preview a customer sees
// before confirming and the change itself, so the previewed amount is the invoiced amount.
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { pendingInvoiceItems, subscriptionItems, subscriptions } from '@/db/schema';
import { prorate } from '../billing-periods/proration';
import { getCustomer, type Customer } from '../customers';
import { SettleError } from '../errors';
import { newId } from '../ids';
import type { DraftLine } from '../invoices/compose';
import { priceDraft } from '../invoices';
import { priceAmount } from '../pricing/amount';
import { loadItems, priceItems, type PricedItem } from './items';
import { issueSubscriptionInvoice, pendingLines } from './invoicing';
import { discountFor } from './discount';
import { lockSubscription, type SubscriptionRow } from './lifecycle';

export const prorationBehaviors = ['create_prorations', 'always_invoice', 'none'] as const;
export type ProrationBehavior = (typeof prorationBehaviors)[number];

export interface ItemChange {
  /** An existing item to change or delete; absent to add a new item. */
  id?: string;
  priceId?: string;
  quantity?: number | string | null;
  deleted?: boolean;
}

interface Plan {
  next: PricedItem[];
  removed: PricedItem[];
  prorationLines: DraftLine[];
}

const amountOf = (item: PricedItem) => (item.metered ? 0n : priceAmount(item.definition, item.quantity).amountMinor);

async function planChange(db: Database, subscription: SubscriptionRow, customer: Customer, changes: ItemChange[], now: Date): Promise<Plan> {
  if (!Array.isArray(changes) || changes.length === 0) throw new SettleError('VALIDATION_FAILED', 'Name at least one item to change.', 'items');
  const current = await loadItems(db, subscription.id);
  const byId = new Map(current.map((item) => [item.id!, item]));
  const kept = new Map<string, { priceId: string; quantity: bigint | number | string | null }>(current.map((item) => [item.id!, { priceId: item.price.id, quantity: item.metered ? null : item.quantity }]));
  const added: Array<{ priceId: string; quantity?: number | string | null }> = [];
  for (const [index, change] of changes.entries()) {
    if (change.id === undefined) {
      if (!change.priceId) throw new SettleError('VALIDATION_FAILED', 'A new item needs a priceId.', `items[${index}].priceId`);
      added.push({ priceId: change.priceId, quantity: change.quantity });
      continue;
    }
    const existing = byId.get(change.id);
    if (!existing) throw new SettleError('NOT_FOUND', `No item ${change.id} on subscription ${subscription.id}.`, `items[${index}].id`);
    if (change.deleted) kept.delete(change.id);
    else kept.set(change.id, { priceId: change.priceId ?? existing.price.id, quantity: change.quantity === undefined ? (existing.metered ? null : existing.quantity) : change.quantity });
  }
  const requests = [...[...kept.values()].map((k) => ({ priceId: k.priceId, quantity: k.quantity === null ? undefined : k.quantity })), ...added];
  const priced = await priceItems(db, requests, customer);
  const keptIds = [...kept.keys()];
  priced.forEach((item, index) => (item.id = keptIds[index] ?? null));
  if (priced[0]!.price.interval !== subscription.interval || priced[0]!.price.intervalCount !== subscription.intervalCount) {
    throw new SettleError('VALIDATION_FAILED', 'A new price must renew on the subscription’s interval.', 'items');
  }
  const removed = current.filter((item) => !kept.has(item.id!));

  // Licensed items are billed in advance, so a change mid-period credits the unused time of the
  // old terms and charges the remaining time of the new ones. Trials are free: nothing to prorate.
  const prorationLines: DraftLine[] = [];
  if (subscription.status !== 'trialing' && now < subscription.currentPeriodEnd) {
    const period = { periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, changeAt: now };
    const before = new Map(current.map((item) => [item.id, item]));
    for (const item of [...priced, ...removed.map((r) => ({ ...r, removed: true }))]) {
      const old = item.id ? before.get(item.id) : undefined;
      const isRemoved = 'removed' in item;
      const oldAmount = old ? amountOf(old) : 0n;
      const newAmount = isRemoved ? 0n : amountOf(item);
      if (old && !isRemoved && old.price.id === item.price.id && old.quantity === item.quantity) continue;
      if (oldAmount === 0n && newAmount === 0n) continue;
      const { creditMinor, chargeMinor } = prorate({ oldAmountMinor: oldAmount, newAmountMinor: newAmount, ...period });
      const line = (description: string, amountMinor: bigint, source: PricedItem, quantity: bigint): DraftLine => ({
        description,
        priceId: source.price.id,
        productId: source.price.productId,
        subscriptionItemId: source.id,
        quantity,
        unitAmountDecimal: null,
        amountMinor,
        taxBehavior: source.price.taxBehavior,
        periodStart: now,
        periodEnd: subscription.currentPeriodEnd,
        proration: true,
      });
      if (old && creditMinor !== 0n) prorationLines.push(line(`Unused time on ${old.productName} × ${old.quantity}`, creditMinor, old, old.quantity));
      if (!isRemoved && chargeMinor !== 0n) prorationLines.push(line(`Remaining time on ${item.productName} × ${item.quantity}`, chargeMinor, item, item.quantity));
    }
  }
  return { next: priced, removed, prorationLines };
}

function parseBehavior(value: string | undefined | null): ProrationBehavior {
  const behavior = value ?? 'create_prorations';
  if (!(prorationBehaviors as readonly string[]).includes(behavior)) {
    throw new SettleError('VALIDATION_FAILED', `prorationBehavior must be one of ${prorationBehaviors.join(', ')}.`, 'prorationBehavior');
  }
  return behavior as ProrationBehavior;
}

const maxProrationAgeMs = 60 * 60 * 1000;

function parseProrationDate(value: Date | null | undefined, now: Date): Date {
  if (value === undefined || value === null) return now;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()) || value > now || now.getTime() - value.getTime() > maxProrationAgeMs) {
    throw new SettleError('VALIDATION_FAILED', 'prorationDate is a time within the last hour.', 'prorationDate');
  }
  return value;
}

/**
 * What a change would cost, without saving anything: the proration lines, priced and taxed. With
 * `always_invoice` the preview is the invoice the change will issue at once, built as
 * issueSubscriptionInvoice builds it (the subscription's pending items and its coupon included),
 * with the credit balance that finalisation will apply: `amountDueMinor` is what is charged now.
 */
export async function previewChange(db: Database, id: string, input: { items: ItemChange[]; prorationBehavior?: string | null }, now: Date, scope?: { customerId: string }) {
  const behavior = parseBehavior(input.prorationBehavior);
  const subscription = await getScoped(db, id, scope);
  const customer = await getCustomer(db, subscription.customerId);
  const plan = await planChange(db, subscription, customer, input.items, now);
  const invoicedNow = behavior === 'always_invoice' && plan.prorationLines.length > 0;
  const pending = invoicedNow ? (await pendingLines(db, subscription.id)).map(({ pendingId: _pendingId, ...line }) => line) : [];
  const discount = invoicedNow ? await discountFor(db, subscription, now) : null;
  const priced = await priceDraft(db, { customer, lines: [...plan.prorationLines, ...pending], discount });
  const total = priced.totals.totalMinor;
  // As finalisation decides it: the credit balance pays what it can; a negative total is credited.
  const creditAppliedMinor = !invoicedNow ? 0n : total < 0n ? total : total > 0n && customer.creditBalanceMinor > 0n ? (customer.creditBalanceMinor < total ? customer.creditBalanceMinor : total) : 0n;
  return { lines: priced.lines, totals: priced.totals, currency: customer.currency, invoicedNow, creditAppliedMinor, amountDueMinor: invoicedNow ? total - creditAppliedMinor : 0n };
}

async function getScoped(db: Database, id: string, scope?: { customerId: string }) {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), scope ? eq(subscriptions.customerId, scope.customerId) : undefined));
  if (!row) throw new SettleError('NOT_FOUND', `No subscription ${id}.`, 'id');
  return row;
}

export async function updateSubscription(
  db: Database,
  id: string,
  input: {
    items?: ItemChange[];
    prorationBehavior?: string | null;
    cancelAtPeriodEnd?: boolean | null;
    /**
     * The instant a preview prorated at (Stripe's proration_date), so a change confirmed a few
     * minutes after its preview bills the same amounts. At most an hour old, never in the future.
     */
    prorationDate?: Date | null;
    /** With `always_invoice`: refuse (CONFLICT, nothing changed) unless the invoice asks exactly this. */
    expectedAmountDueMinor?: bigint | null;
  },
  now: Date,
  scope?: { customerId: string },
) {
  const behavior = parseBehavior(input.prorationBehavior);
  const changeAt = parseProrationDate(input.prorationDate, now);
  await getScoped(db, id, scope);
  return db.transaction(async (tx) => {
    const subscription = await lockSubscription(tx, id);
    if (subscription.status === 'canceled') throw new SettleError('SUBSCRIPTION_NOT_ACTIVE', `Subscription ${id} is canceled.`, 'id');
    let invoice = null;
    if (input.items) {
      const customer = await getCustomer(tx, subscription.customerId);
      if (changeAt < subscription.currentPeriodStart) throw new SettleError('VALIDATION_FAILED', 'prorationDate is before the current period.', 'prorationDate');
      const plan = await planChange(tx, subscription, customer, input.items, changeAt);
      for (const item of plan.removed) await tx.delete(subscriptionItems).where(eq(subscriptionItems.id, item.id!));
      for (const item of plan.next) {
        if (item.id) await tx.update(subscriptionItems).set({ priceId: item.price.id, quantity: item.quantity }).where(eq(subscriptionItems.id, item.id));
        else await tx.insert(subscriptionItems).values({ id: newId('si'), subscriptionId: id, priceId: item.price.id, quantity: item.quantity, createdAt: now });
      }
      if (behavior === 'create_prorations' && plan.prorationLines.length) {
        await tx.insert(pendingInvoiceItems).values(
          plan.prorationLines.map((line) => ({
            id: newId('ii'),
            customerId: customer.id,
            subscriptionId: id,
            currency: customer.currency,
            description: line.description,
            priceId: line.priceId,
            quantity: line.quantity,
            amountMinor: line.amountMinor,
            taxBehavior: line.taxBehavior,
            periodStart: line.periodStart,
            periodEnd: line.periodEnd,
            proration: true,
            createdAt: now,
          })),
        );
      }
      if (behavior === 'always_invoice' && plan.prorationLines.length) {
        invoice = await issueSubscriptionInvoice(tx, { subscription, customer, billingReason: 'subscription_update', period: null, lines: plan.prorationLines, includePending: true, now });
      }
      if (input.expectedAmountDueMinor !== undefined && input.expectedAmountDueMinor !== null && (invoice?.amountDueMinor ?? 0n) !== input.expectedAmountDueMinor) {
        // Something moved since the preview (another change, a credit): the customer confirms a new one.
        throw new SettleError('CONFLICT', 'The amount changed since the preview; preview the change again.', 'expectedAmountDueMinor');
      }
    }
    if (input.cancelAtPeriodEnd !== undefined && input.cancelAtPeriodEnd !== null) {
      await tx.update(subscriptions).set({ cancelAtPeriodEnd: input.cancelAtPeriodEnd }).where(eq(subscriptions.id, id));
    }
    // Read back once, after every change above.
    return { subscription: await lockSubscription(tx, id), invoice };
  });
}
