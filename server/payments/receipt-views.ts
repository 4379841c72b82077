// Receipts as the customer sees them: one per succeeded payment, with the method it was paid by and
// the invoice it paid. Always scoped by customer: another customer's payment is NOT_FOUND.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoices, paymentMethods, payments } from '@/db/schema';
import { SettleError } from '../errors';
import { getMerchant } from '../merchant';

/** The most receipts a list shows; older ones stay on their invoices. */
export const receiptListLimit = 100;

const receiptColumns = {
  payment: payments,
  invoice: { id: invoices.id, number: invoices.number, customerSnapshot: invoices.customerSnapshot, merchantSnapshot: invoices.merchantSnapshot },
  method: { type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType },
};

type ReceiptJoin = { payment: typeof payments.$inferSelect; invoice: { id: string; number: string | null }; method: { type: string | null; brand: string | null; last4: string | null; walletType: string | null } | null };

function summaryOf({ payment, invoice, method }: ReceiptJoin) {
  return {
    paymentId: payment.id,
    amountMinor: payment.amountMinor,
    amountRefundedMinor: payment.amountRefundedMinor,
    currency: payment.currency,
    paidAt: payment.settledAt ?? payment.createdAt,
    /** Null for a bank transfer matched by its reference. */
    method: method?.type ? { type: method.type, brand: method.brand, last4: method.last4, walletType: method.walletType } : null,
    invoice: { id: invoice.id, number: invoice.number },
  };
}

export type ReceiptSummary = ReturnType<typeof summaryOf>;

/** The newest receipts first; `hasMore` when older ones were left out. */
export async function listReceipts(db: Database, customerId: string): Promise<{ receipts: ReceiptSummary[]; hasMore: boolean; limit: number }> {
  const rows = await db
    .select(receiptColumns)
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
    .where(and(eq(payments.customerId, customerId), eq(payments.status, 'succeeded')))
    .orderBy(desc(payments.settledAt), desc(payments.id))
    .limit(receiptListLimit + 1);
  return { receipts: rows.slice(0, receiptListLimit).map(summaryOf), hasMore: rows.length > receiptListLimit, limit: receiptListLimit };
}

/** One receipt, with who was paid and who paid as the invoice recorded them when it was issued. */
export async function getReceipt(db: Database, paymentId: string, scope: { customerId: string }) {
  const [row] = await db
    .select(receiptColumns)
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
    .where(and(eq(payments.id, paymentId), eq(payments.customerId, scope.customerId), eq(payments.status, 'succeeded')));
  // Another customer's payment, or one that did not succeed, answers like one that does not exist.
  if (!row) throw new SettleError('NOT_FOUND', `No receipt ${paymentId}.`, 'paymentId');
  const merchant = await getMerchant(db);
  const issuer = (row.invoice.merchantSnapshot ?? {}) as { name?: string; legalName?: string | null; address?: Array<string | null>; vatNumber?: string | null; supportEmail?: string };
  const customer = (row.invoice.customerSnapshot ?? {}) as { name?: string; email?: string; address?: Record<string, string | null> | null };
  return {
    ...summaryOf(row),
    reference: row.payment.gatewayPaymentId,
    merchant: {
      name: issuer.name ?? merchant.name,
      legalName: issuer.legalName ?? null,
      address: (issuer.address ?? []).filter((part): part is string => Boolean(part && part.trim())),
      vatNumber: issuer.vatNumber ?? null,
      supportEmail: issuer.supportEmail ?? merchant.supportEmail,
    },
    customer: { name: customer.name ?? '', email: customer.email ?? null, address: customer.address ?? null },
  };
}

export type ReceiptDetail = Awaited<ReturnType<typeof getReceipt>>;
