// Issues one invoice for a subscription: draft from lines, pending items pulled in, finalised.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { pendingInvoiceItems, subscriptions } from '@/db/schema';
import type { Customer } from '../customers';
import type { DraftLine } from '../invoices/compose';
import { getMerchant } from '../merchant';
import { createDraftInvoice, finalizeInvoice, type BillingReason, type InvoiceRow, type InvoicingContext } from '../invoices';
import { discountFor } from './discount';

type SubscriptionRow = typeof subscriptions.$inferSelect;

/** Pending items (e.g. prorations) waiting for this subscription's next invoice. */
export async function pendingLines(db: Database, subscriptionId: string): Promise<Array<DraftLine & { pendingId: string }>> {
  const rows = await db
    .select()
    .from(pendingInvoiceItems)
    .where(and(eq(pendingInvoiceItems.subscriptionId, subscriptionId), isNull(pendingInvoiceItems.invoiceId)))
    // Items of one change share a timestamp: the credit for the old terms comes before the new charge.
    .orderBy(pendingInvoiceItems.createdAt, pendingInvoiceItems.amountMinor, pendingInvoiceItems.id);
  return rows.map((row) => ({
    pendingId: row.id,
    description: row.description,
    priceId: row.priceId,
    productId: null,
    subscriptionItemId: null,
    quantity: row.quantity,
    unitAmountDecimal: null,
    amountMinor: row.amountMinor,
    taxBehavior: row.taxBehavior,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    proration: row.proration,
  }));
}

/**
 * Creates and finalises the invoice. Returns null when the unique (subscription, period) index
 * says this period was already invoiced.
 */
export async function issueSubscriptionInvoice(
  tx: Database,
  input: {
    subscription: SubscriptionRow;
    customer: Customer;
    billingReason: BillingReason;
    period: { start: Date; end: Date } | null;
    lines: DraftLine[];
    includePending: boolean;
    now: Date;
  },
  context: InvoicingContext = {},
): Promise<InvoiceRow | null> {
  const pending = input.includePending ? await pendingLines(tx, input.subscription.id) : [];
  const lines = [...input.lines, ...pending.map(({ pendingId: _pendingId, ...line }) => line)];
  if (lines.length === 0) return null;
  const discount = await discountFor(tx, input.subscription, input.now);
  // One merchant read serves the draft and its finalisation.
  const invoicing = { ...context, merchant: context.merchant ?? (await getMerchant(tx)) };
  const draft = await createDraftInvoice(tx, {
    customer: input.customer,
    subscriptionId: input.subscription.id,
    billingReason: input.billingReason,
    collectionMethod: input.subscription.collectionMethod,
    periodStart: input.period?.start ?? null,
    periodEnd: input.period?.end ?? null,
    lines,
    discount,
    now: input.now,
  }, invoicing);
  if (!draft) return null;
  if (pending.length) {
    await tx
      .update(pendingInvoiceItems)
      .set({ invoiceId: draft.id })
      .where(and(inArray(pendingInvoiceItems.id, pending.map((item) => item.pendingId)), isNull(pendingInvoiceItems.invoiceId)));
  }
  if (discount) {
    await tx
      .update(subscriptions)
      .set({ couponPeriodsApplied: input.subscription.couponPeriodsApplied + 1 })
      .where(eq(subscriptions.id, input.subscription.id));
  }
  return finalizeInvoice(tx, draft.id, input.now, { ...invoicing, createdDraft: draft });
}
