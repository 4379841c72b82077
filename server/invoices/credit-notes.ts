// Credit notes: a numbered document that takes back part of an issued invoice, by amount or by
// line, with a reason. It first reduces what the invoice still owes (an invoice left owing
// nothing is settled); what exceeds that is credited to the customer's balance.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { creditNotes, customerBalanceTransactions, customers, invoiceLines, invoices } from '@/db/schema';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { fraction, parseAmountMinor, roundHalfAwayFromZero } from '../money';
import { creditNoteSeries, numberingPrefixes, takeNextNumber } from './numbering';

export const creditNoteReasons = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory', 'goodwill', 'refund'] as const;
export type CreditNoteReason = (typeof creditNoteReasons)[number];
export type CreditNoteRow = typeof creditNotes.$inferSelect;

export interface CreditNoteInput {
  invoiceId: string;
  reason: string;
  memo?: string | null;
  /** A total to credit, tax included; or… */
  amount?: number | string | null;
  /** …lines to credit, each whole or for part of its total (tax included). */
  lines?: Array<{ lineId: string; amount?: number | string | null }> | null;
  /** The credit note documents this refund: its amount went back as money, not to the invoice or balance. */
  refundId?: string | null;
}

/** Splits a credited total into its net and tax parts in the invoice's own proportion. */
const taxShare = (creditMinor: bigint, totalMinor: bigint, taxMinor: bigint) =>
  totalMinor === 0n ? 0n : roundHalfAwayFromZero(fraction(creditMinor * taxMinor, totalMinor));

export async function createCreditNote(db: Database, input: CreditNoteInput, now: Date): Promise<CreditNoteRow> {
  if (!(creditNoteReasons as readonly string[]).includes(input.reason)) {
    throw new SettleError('VALIDATION_FAILED', `reason must be one of ${creditNoteReasons.join(', ')}.`, 'reason');
  }
  if ((input.amount === undefined || input.amount === null) === !input.lines?.length) {
    throw new SettleError('VALIDATION_FAILED', 'Give either an amount or lines to credit, not both.', 'amount');
  }
  return db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).for('update');
    if (!invoice) throw new SettleError('NOT_FOUND', `No invoice ${input.invoiceId}.`, 'invoiceId');
    if (invoice.status !== 'open' && invoice.status !== 'paid') {
      throw new SettleError('INVOICE_NOT_OPEN', `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; only open or paid invoices can be credited.`, 'invoiceId');
    }
    const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
    const credited = await tx
      .select({ total: sql<string>`coalesce(sum(${creditNotes.totalMinor}), 0)` })
      .from(creditNotes)
      .where(eq(creditNotes.invoiceId, invoice.id));
    const available = invoice.totalMinor - BigInt(credited[0]!.total);

    let creditLines: Array<{ lineId: string | null; description: string; totalMinor: bigint; taxMinor: bigint }>;
    if (input.lines?.length) {
      creditLines = input.lines.map((requested, index) => {
        const line = lines.find((l) => l.id === requested.lineId);
        if (!line) throw new SettleError('NOT_FOUND', `No line ${requested.lineId} on this invoice.`, `lines[${index}].lineId`);
        const lineTotal = line.amountMinor - line.discountMinor + (line.taxBehavior === 'exclusive' ? line.taxMinor : 0n);
        const amount = requested.amount === undefined || requested.amount === null ? lineTotal : parseAmountMinor(requested.amount, `lines[${index}].amount`);
        if (amount <= 0n || amount > lineTotal) throw new SettleError('VALIDATION_FAILED', `Credit between 1 and ${lineTotal} for this line.`, `lines[${index}].amount`);
        return { lineId: line.id, description: line.description, totalMinor: amount, taxMinor: taxShare(amount, lineTotal, line.taxMinor) };
      });
    } else {
      const amount = parseAmountMinor(input.amount, 'amount');
      if (amount <= 0n) throw new SettleError('VALIDATION_FAILED', 'The amount to credit must be positive.', 'amount');
      creditLines = [{ lineId: null, description: input.memo?.trim() || 'Credit', totalMinor: amount, taxMinor: taxShare(amount, invoice.totalMinor, invoice.taxMinor) }];
    }
    const totalMinor = creditLines.reduce((sum, line) => sum + line.totalMinor, 0n);
    if (totalMinor > available) {
      throw new SettleError('CREDIT_EXCEEDS_INVOICE', `At most ${available} can still be credited on invoice ${invoice.number}.`, input.lines?.length ? 'lines' : 'amount');
    }
    const taxMinor = creditLines.reduce((sum, line) => sum + line.taxMinor, 0n);
    const refunded = input.refundId ? totalMinor : 0n;
    const toInvoice = refunded === 0n && invoice.status === 'open' ? (totalMinor < invoice.amountRemainingMinor ? totalMinor : invoice.amountRemainingMinor) : 0n;
    const toBalance = totalMinor - refunded - toInvoice;
    const number = await takeNextNumber(tx, creditNoteSeries(now, await numberingPrefixes(tx)));
    const [note] = await tx
      .insert(creditNotes)
      .values({
        id: newId('cn'),
        number,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        currency: invoice.currency,
        reason: input.reason as CreditNoteReason,
        memo: input.memo?.trim() || null,
        subtotalMinor: totalMinor - taxMinor,
        taxMinor,
        totalMinor,
        appliedToInvoiceMinor: toInvoice,
        creditedToBalanceMinor: toBalance,
        refundedMinor: refunded,
        refundId: input.refundId ?? null,
        lines: creditLines.map((line) => ({ ...line, totalMinor: line.totalMinor.toString(), taxMinor: line.taxMinor.toString() })),
        createdAt: now,
      })
      .returning();
    if (toInvoice > 0n) {
      const remaining = invoice.amountRemainingMinor - toInvoice;
      await tx
        .update(invoices)
        .set({ amountRemainingMinor: remaining, ...(remaining === 0n ? { status: 'paid' as const, paidAt: now } : {}) })
        .where(and(eq(invoices.id, invoice.id), eq(invoices.status, 'open')));
    }
    if (toBalance > 0n) {
      await tx.update(customers).set({ creditBalanceMinor: sql`${customers.creditBalanceMinor} + ${toBalance}` }).where(eq(customers.id, invoice.customerId));
      await tx.insert(customerBalanceTransactions).values({
        id: newId('cbt'),
        customerId: invoice.customerId,
        currency: invoice.currency,
        amountMinor: toBalance,
        kind: 'credit_note',
        invoiceId: invoice.id,
        creditNoteId: note!.id,
        description: `Credit note ${number}`,
        createdAt: now,
      });
    }
    return note!;
  });
}

export async function listCreditNotes(db: Database, input: { invoiceId?: string; customerId?: string }) {
  return db
    .select()
    .from(creditNotes)
    .where(and(input.invoiceId ? eq(creditNotes.invoiceId, input.invoiceId) : undefined, input.customerId ? eq(creditNotes.customerId, input.customerId) : undefined))
    .orderBy(asc(creditNotes.createdAt), asc(creditNotes.id));
}
