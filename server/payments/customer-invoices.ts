// What a customer sees of their own invoices: the list (with whether a payment is on its way),
// one invoice explained (lines, discount, tax per rate, payments, refunds, credit notes), and a
// cheap "version" of the account that moves whenever a payment or an invoice changes, for the
// portal's live updates. Every read is scoped by the customer: another's invoice is NOT_FOUND.
import { and, count, eq, inArray, max, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { inFlightPaymentStatuses, invoices, paymentMethods, payments, timelineEvents } from '@/db/schema';
import { getCoupon } from '../coupons';
import { SettleError } from '../errors';
import { getInvoiceWithLines, listInvoices, type InvoiceLineRow, type InvoiceRow } from '../invoices';
import { listCreditNotes } from '../invoices/credit-notes';
import { listRefunds } from './refunds';

/** What a customer may filter by: drafts are the merchant's business until finalised. */
export const customerInvoiceStatuses = ['open', 'paid', 'void', 'uncollectible'] as const;
export type CustomerInvoiceStatus = (typeof customerInvoiceStatuses)[number];
type InFlightStatus = (typeof inFlightPaymentStatuses)[number];

function summaryOf(invoice: InvoiceRow, inFlight: InFlightStatus | null, now: Date) {
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status as CustomerInvoiceStatus,
    currency: invoice.currency,
    totalMinor: invoice.totalMinor,
    amountDueMinor: invoice.amountDueMinor,
    amountPaidMinor: invoice.amountPaidMinor,
    amountRemainingMinor: invoice.amountRemainingMinor,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    issuedAt: invoice.finalizedAt ?? invoice.createdAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    overdue: invoice.status === 'open' && invoice.dueAt !== null && invoice.dueAt < now && invoice.amountRemainingMinor > 0n,
    /** A payment on its way (a SEPA debit at the bank, a 3-D Secure challenge): nothing to pay twice. */
    paymentInFlight: inFlight,
  };
}

export type CustomerInvoiceSummary = ReturnType<typeof summaryOf>;

async function inFlightByInvoice(db: Database, invoiceIds: string[]): Promise<Map<string, InFlightStatus>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await db
    .select({ invoiceId: payments.invoiceId, status: payments.status })
    .from(payments)
    .where(and(inArray(payments.invoiceId, invoiceIds), inArray(payments.status, [...inFlightPaymentStatuses])));
  return new Map(rows.map((row) => [row.invoiceId, row.status as InFlightStatus]));
}

/** The customer's invoices, newest first, optionally of one status. */
export async function listCustomerInvoices(db: Database, input: { customerId: string; status?: CustomerInvoiceStatus; cursor?: string; limit?: number }, now: Date) {
  const page = await listInvoices(db, { customerId: input.customerId, statuses: input.status ? [input.status] : [...customerInvoiceStatuses], cursor: input.cursor, limit: input.limit });
  const inFlight = await inFlightByInvoice(
    db,
    page.data.map((invoice) => invoice.id),
  );
  return { ...page, data: page.data.map((invoice) => summaryOf(invoice, inFlight.get(invoice.id) ?? null, now)) };
}

/** Tax per rate, as the invoice's lines carry it: the base each rate applies to and its tax. */
export function taxesByRate(lines: Pick<InvoiceLineRow, 'amountMinor' | 'discountMinor' | 'taxMinor' | 'taxRate' | 'taxLabel' | 'taxBehavior'>[]) {
  const groups = new Map<string, { rate: string | null; label: string | null; netMinor: bigint; taxMinor: bigint }>();
  for (const line of lines) {
    const key = `${line.taxRate ?? ''}|${line.taxLabel ?? ''}`;
    const group = groups.get(key) ?? { rate: line.taxRate, label: line.taxLabel, netMinor: 0n, taxMinor: 0n };
    // An inclusive price already holds its tax: the base is what remains without it.
    group.netMinor += line.amountMinor - line.discountMinor - (line.taxBehavior === 'inclusive' ? line.taxMinor : 0n);
    group.taxMinor += line.taxMinor;
    groups.set(key, group);
  }
  return [...groups.values()].filter((group) => group.rate !== null || group.taxMinor !== 0n);
}

/** One invoice of the customer, explained. A draft, or another customer's invoice, is NOT_FOUND. */
export async function customerInvoiceDetail(db: Database, input: { customerId: string; invoiceId: string }, now: Date) {
  const invoice = await getInvoiceWithLines(db, input.invoiceId, { customerId: input.customerId });
  if (invoice.status === 'draft') throw new SettleError('NOT_FOUND', `No invoice ${input.invoiceId}.`, 'id');
  const [attempts, refunds, creditNotes, coupon] = await Promise.all([
    db
      .select({
        payment: payments,
        method: { type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType, mandateReference: paymentMethods.mandateReference },
      })
      .from(payments)
      .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
      .where(eq(payments.invoiceId, invoice.id))
      .orderBy(payments.attempt),
    listRefunds(db, { invoiceId: invoice.id }),
    listCreditNotes(db, { invoiceId: invoice.id }),
    invoice.couponId ? getCoupon(db, invoice.couponId).catch(() => null) : Promise.resolve(null),
  ]);
  const inFlight = attempts.find((row) => (inFlightPaymentStatuses as readonly string[]).includes(row.payment.status));
  return {
    ...summaryOf(invoice, (inFlight?.payment.status as InFlightStatus | undefined) ?? null, now),
    billingReason: invoice.billingReason,
    subtotalMinor: invoice.subtotalMinor,
    discountMinor: invoice.discountMinor,
    taxMinor: invoice.taxMinor,
    creditAppliedMinor: invoice.creditAppliedMinor,
    voidedAt: invoice.voidedAt,
    paymentReference: invoice.paymentReference,
    taxMention: (invoice.taxMention as { en: string; fr: string } | null) ?? null,
    discount: coupon ? { name: coupon.name ?? coupon.code, code: coupon.code } : null,
    lines: invoice.lines.map((line) => ({
      id: line.id,
      description: line.description,
      quantity: line.quantity,
      unitAmountDecimal: line.unitAmountDecimal,
      amountMinor: line.amountMinor,
      discountMinor: line.discountMinor,
      taxMinor: line.taxMinor,
      taxRate: line.taxRate,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      proration: line.proration,
    })),
    taxes: taxesByRate(invoice.lines),
    payments: attempts.map(({ payment, method }) => ({
      id: payment.id,
      attempt: payment.attempt,
      status: payment.status,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      gateway: payment.gateway,
      method: method?.type ? method : null,
      failureCode: payment.failureCode,
      declineCode: payment.declineCode,
      /** Where the customer confirms a payment their bank asked about (3-D Secure), while it waits. */
      nextActionUrl: payment.status === 'requires_action' ? payment.nextActionUrl : null,
      amountRefundedMinor: payment.amountRefundedMinor,
      createdAt: payment.createdAt,
      settledAt: payment.settledAt,
      disputeStatus: payment.disputeStatus,
    })),
    refunds: refunds.map((refund) => ({ id: refund.id, paymentId: refund.paymentId, amountMinor: refund.amountMinor, currency: refund.currency, status: refund.status, createdAt: refund.createdAt })),
    creditNotes: creditNotes.map((note) => ({ id: note.id, number: note.number, reason: note.reason, totalMinor: note.totalMinor, currency: note.currency, createdAt: note.createdAt })),
  };
}

export type CustomerInvoiceDetail = Awaited<ReturnType<typeof customerInvoiceDetail>>;

/**
 * A string that changes whenever the customer's payments, invoices or timeline change: every
 * payment state change writes a timeline row (deduplicated per state), and the counts and sums
 * below catch the rest. Cheap: each part reads one customer's rows through its customer index.
 */
export async function accountVersion(db: Database, customerId: string): Promise<string> {
  const [paymentPart] = await db
    .select({
      count: count(),
      updatedAt: max(payments.updatedAt),
      settled: sql<string>`count(${payments.settledAt})`,
      refunded: sql<string>`coalesce(sum(${payments.amountRefundedMinor}), 0)`,
    })
    .from(payments)
    .where(eq(payments.customerId, customerId));
  const [invoicePart] = await db
    .select({ count: count(), remaining: sql<string>`coalesce(sum(${invoices.amountRemainingMinor}), 0)`, open: sql<string>`count(*) filter (where ${invoices.status} = 'open')` })
    .from(invoices)
    .where(eq(invoices.customerId, customerId));
  const [timelinePart] = await db.select({ count: count(), createdAt: max(timelineEvents.createdAt) }).from(timelineEvents).where(eq(timelineEvents.customerId, customerId));
  return [
    paymentPart?.count,
    paymentPart?.updatedAt?.toISOString?.() ?? paymentPart?.updatedAt,
    paymentPart?.settled,
    paymentPart?.refunded,
    invoicePart?.count,
    invoicePart?.remaining,
    invoicePart?.open,
    timelinePart?.count,
    timelinePart?.createdAt instanceof Date ? timelinePart.createdAt.toISOString() : timelinePart?.createdAt,
  ].join(':');
}
