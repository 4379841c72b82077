// Issues one invoice for a subscription: draft from lines, pending items pulled in, finalised.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { pendingInvoiceItems, subscriptions } from '@/db/schema';
import type { Customer } from '../customers';
import type { DraftLine } from '../invoices/compose';
import { getMerchant } from '../merchant';
import {
  createDraftInvoice,
  finalizeInvoice,
  finalizeInvoiceUnnumbered,
  type BillingReason,
  type InvoiceRow,
  type InvoicingContext,
  type UnnumberedInvoice,
} from '../invoices';
import { discountFor } from './discount';

type SubscriptionRow = typeof subscriptions.$inferSelect;
export type PendingLine = DraftLine & { pendingId: string };

/** Pending items (e.g. prorations) waiting for this subscription's next invoice. */
export async function pendingLines(db: Database, subscriptionId: string): Promise<PendingLine[]> {
  return (await pendingLinesOf(db, [subscriptionId])).get(subscriptionId) ?? [];
}

/** Pending items of several subscriptions with one query (a batch of renewals), by subscription id. */
export async function pendingLinesOf(db: Database, subscriptionIds: string[]): Promise<Map<string, PendingLine[]>> {
  const bySubscription = new Map<string, PendingLine[]>();
  if (subscriptionIds.length === 0) return bySubscription;
  const rows = await db
    .select()
    .from(pendingInvoiceItems)
    .where(
      and(
        subscriptionIds.length === 1 ? eq(pendingInvoiceItems.subscriptionId, subscriptionIds[0]!) : inArray(pendingInvoiceItems.subscriptionId, subscriptionIds),
        isNull(pendingInvoiceItems.invoiceId),
      ),
    )
    // Items of one change share a timestamp: the credit for the old terms comes before the new charge.
    .orderBy(pendingInvoiceItems.createdAt, pendingInvoiceItems.amountMinor, pendingInvoiceItems.id);
  for (const row of rows) {
    const lines = bySubscription.get(row.subscriptionId!) ?? [];
    lines.push({
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
    });
    bySubscription.set(row.subscriptionId!, lines);
  }
  return bySubscription;
}

export interface SubscriptionInvoiceInput {
  subscription: SubscriptionRow;
  customer: Customer;
  billingReason: BillingReason;
  period: { start: Date; end: Date } | null;
  lines: DraftLine[];
  includePending: boolean;
  now: Date;
}

/** What the caller already loaded in this transaction: the invoicing context, and the pending items. */
export type SubscriptionInvoicingContext = InvoicingContext & { pending?: PendingLine[] };

/**
 * Creates and finalises the invoice. Returns null when the unique (subscription, period) index
 * says this period was already invoiced.
 */
export async function issueSubscriptionInvoice(tx: Database, input: SubscriptionInvoiceInput, context: SubscriptionInvoicingContext = {}): Promise<InvoiceRow | null> {
  const created = await createSubscriptionDraft(tx, input, context);
  return created && finalizeInvoice(tx, created.draft.id, input.now, created.invoicing);
}

/**
 * Like issueSubscriptionInvoice, but leaves the invoice awaiting its number: the caller numbers
 * it with numberInvoices before commit (a batch of renewals numbers all its invoices at once).
 */
export async function issueSubscriptionInvoiceUnnumbered(
  tx: Database,
  input: SubscriptionInvoiceInput,
  context: SubscriptionInvoicingContext = {},
): Promise<UnnumberedInvoice | null> {
  const created = await createSubscriptionDraft(tx, input, context);
  return created && finalizeInvoiceUnnumbered(tx, created.draft.id, input.now, created.invoicing);
}

async function createSubscriptionDraft(tx: Database, input: SubscriptionInvoiceInput, context: SubscriptionInvoicingContext) {
  const { pending: loadedPending, ...invoicingContext } = context;
  const pending = input.includePending ? (loadedPending ?? (await pendingLines(tx, input.subscription.id))) : [];
  const lines = [...input.lines, ...pending.map(({ pendingId: _pendingId, ...line }) => line)];
  if (lines.length === 0) return null;
  const discount = await discountFor(tx, input.subscription, input.now);
  // One merchant read serves the draft and its finalisation.
  const invoicing = { ...invoicingContext, merchant: invoicingContext.merchant ?? (await getMerchant(tx)) };
  const draft = await createDraftInvoice(
    tx,
    {
      customer: input.customer,
      subscriptionId: input.subscription.id,
      billingReason: input.billingReason,
      collectionMethod: input.subscription.collectionMethod,
      periodStart: input.period?.start ?? null,
      periodEnd: input.period?.end ?? null,
      lines,
      discount,
      now: input.now,
    },
    invoicing,
  );
  if (!draft) return null;
  if (pending.length) {
    await tx
      .update(pendingInvoiceItems)
      .set({ invoiceId: draft.id })
      .where(
        and(
          inArray(
            pendingInvoiceItems.id,
            pending.map((item) => item.pendingId),
          ),
          isNull(pendingInvoiceItems.invoiceId),
        ),
      );
  }
  if (discount) {
    await tx
      .update(subscriptions)
      .set({ couponPeriodsApplied: input.subscription.couponPeriodsApplied + 1 })
      .where(eq(subscriptions.id, input.subscription.id));
  }
  return { draft, invoicing: { ...invoicing, createdDraft: draft } };
}
