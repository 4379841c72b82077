// Payouts and the balance transactions they sweep. When a payout is paid, the gateway lists
// what it contained; each transaction is stored once (unique per gateway), tied to the Settle
// payment, refund or dispute it came from, so every payment and fee belongs to exactly one payout.
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { disputes, gatewayBalanceTransactions, payments, payouts, refunds } from '@/db/schema';
import type { Gateway, GatewayPayout } from '../gateways/types';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { afterCursor, newestFirst, pageLimit, toPage, type Page } from '../pagination';

export type PayoutRow = typeof payouts.$inferSelect;

const rank = { pending: 1, in_transit: 1, paid: 2, failed: 2, canceled: 2 } as const;

export async function applyGatewayPayout(tx: Database, gateway: Gateway, reported: GatewayPayout, now: Date): Promise<PayoutRow> {
  await tx
    .insert(payouts)
    .values({
      id: newId('po'),
      gateway: gateway.id,
      gatewayPayoutId: reported.gatewayPayoutId,
      amountMinor: reported.amountMinor,
      currency: reported.currency,
      status: reported.status,
      arrivalDate: reported.arrivalDate,
      gatewayCreatedAt: reported.createdAt,
      createdAt: now,
    })
    .onConflictDoNothing();
  const [payout] = await tx
    .select()
    .from(payouts)
    .where(and(eq(payouts.gateway, gateway.id), eq(payouts.gatewayPayoutId, reported.gatewayPayoutId)))
    .for('update');
  let row = payout!;
  if (rank[reported.status] > rank[row.status]) {
    [row] = await tx.update(payouts).set({ status: reported.status }).where(eq(payouts.id, row.id)).returning() as [PayoutRow];
  }
  if (row.status === 'paid' && !row.reconciledAt) row = await recordPayoutTransactions(tx, gateway, row, now);
  return row;
}

async function recordPayoutTransactions(tx: Database, gateway: Gateway, payout: PayoutRow, now: Date): Promise<PayoutRow> {
  const transactions = await gateway.listPayoutTransactions(payout.gatewayPayoutId);
  for (const transaction of transactions) {
    const source = transaction.sourceId;
    const [payment] = source
      ? await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.gateway, gateway.id), or(eq(payments.gatewayChargeId, source), eq(payments.gatewayPaymentId, source)))).limit(1)
      : [];
    const [refund] = source ? await tx.select({ id: refunds.id, paymentId: refunds.paymentId }).from(refunds).where(and(eq(refunds.gateway, gateway.id), eq(refunds.gatewayRefundId, source))) : [];
    const [dispute] = source
      ? await tx.select({ id: disputes.id, paymentId: disputes.paymentId }).from(disputes).where(and(eq(disputes.gateway, gateway.id), eq(disputes.gatewayDisputeId, source)))
      : [];
    const values = {
      type: transaction.type,
      amountMinor: transaction.amountMinor,
      feeMinor: transaction.feeMinor,
      netMinor: transaction.netMinor,
      currency: transaction.currency,
      sourceId: source,
      paymentId: payment?.id ?? refund?.paymentId ?? dispute?.paymentId ?? null,
      refundId: refund?.id ?? null,
      disputeId: dispute?.id ?? null,
      availableOn: transaction.availableOn,
      gatewayCreatedAt: transaction.createdAt,
    };
    await tx
      .insert(gatewayBalanceTransactions)
      .values({ id: newId('gbt'), gateway: gateway.id, gatewayTransactionId: transaction.gatewayTransactionId, ...values, payoutId: payout.id })
      .onConflictDoNothing();
    // Recorded earlier without a payout (never by another payout: that would be the gateway paying twice).
    await tx
      .update(gatewayBalanceTransactions)
      .set({ payoutId: payout.id })
      .where(and(eq(gatewayBalanceTransactions.gateway, gateway.id), eq(gatewayBalanceTransactions.gatewayTransactionId, transaction.gatewayTransactionId), isNull(gatewayBalanceTransactions.payoutId)));
  }
  const [row] = await tx.update(payouts).set({ reconciledAt: now }).where(eq(payouts.id, payout.id)).returning();
  return row!;
}

export async function listPayouts(db: Database, input: { limit?: number } = {}) {
  return db.select().from(payouts).orderBy(desc(payouts.gatewayCreatedAt)).limit(input.limit ?? 100);
}

export async function payoutTransactions(db: Database, payoutId: string) {
  return db.select().from(gatewayBalanceTransactions).where(eq(gatewayBalanceTransactions.payoutId, payoutId)).orderBy(gatewayBalanceTransactions.gatewayCreatedAt);
}

export async function getPayout(db: Database, id: string): Promise<PayoutRow> {
  const [row] = await db.select().from(payouts).where(eq(payouts.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No payout ${id}.`, 'id');
  return row;
}

/** One page of payouts, newest recorded first, for the API. */
export async function pagePayouts(db: Database, input: { limit?: number; cursor?: string }): Promise<Page<PayoutRow>> {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(payouts)
    .where(afterCursor(input.cursor, payouts))
    .orderBy(...newestFirst(payouts))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}
