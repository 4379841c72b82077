// Disputes (chargebacks) as the gateway reports them: the funds are withdrawn, the payment and
// its invoice carry the dispute, and the outcome (won or lost) is recorded when it is decided.
import { and, eq, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { disputes, payments } from '@/db/schema';
import type { GatewayDispute } from '../gateways/types';
import { newId } from '../ids';
import { recordTimeline } from './timeline';

export type DisputeRow = typeof disputes.$inferSelect;

const rank = { needs_response: 1, under_review: 2, won: 3, lost: 3 } as const;

/** Records a dispute or moves it forward; returns null when it is about a payment Settle did not make. */
export async function applyGatewayDispute(tx: Database, gateway: string, reported: GatewayDispute, now: Date): Promise<DisputeRow | null> {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.gateway, gateway),
        or(
          reported.gatewayPaymentId ? eq(payments.gatewayPaymentId, reported.gatewayPaymentId) : undefined,
          reported.gatewayChargeId ? eq(payments.gatewayChargeId, reported.gatewayChargeId) : undefined,
        ),
      ),
    )
    .limit(1);
  if (!payment || (!reported.gatewayPaymentId && !reported.gatewayChargeId)) return null;
  const closed = reported.status === 'won' || reported.status === 'lost';
  const [inserted] = await tx
    .insert(disputes)
    .values({
      id: newId('dp'),
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      customerId: payment.customerId,
      gateway,
      gatewayDisputeId: reported.gatewayDisputeId,
      amountMinor: reported.amountMinor,
      currency: reported.currency,
      reason: reported.reason,
      status: reported.status,
      openedAt: now,
      closedAt: closed ? now : null,
    })
    .onConflictDoNothing()
    .returning();
  const event = { customerId: payment.customerId, occurredAt: now, invoiceId: payment.invoiceId, paymentId: payment.id };
  const data = { amountMinor: reported.amountMinor.toString(), currency: reported.currency, reason: reported.reason, gatewayDisputeId: reported.gatewayDisputeId };
  let row = inserted;
  if (inserted) {
    await recordTimeline(tx, { ...event, kind: 'dispute.opened', data, dedupeKey: `${gateway}:${reported.gatewayDisputeId}:opened` });
  } else {
    const [existing] = await tx.select().from(disputes).where(and(eq(disputes.gateway, gateway), eq(disputes.gatewayDisputeId, reported.gatewayDisputeId))).for('update');
    if (rank[reported.status] <= rank[existing!.status]) return existing!;
    [row] = await tx.update(disputes).set({ status: reported.status, closedAt: closed ? now : null }).where(eq(disputes.id, existing!.id)).returning();
  }
  await tx.update(payments).set({ disputeStatus: row!.status, updatedAt: now }).where(eq(payments.id, payment.id));
  if (closed) await recordTimeline(tx, { ...event, kind: `dispute.${reported.status}`, data, dedupeKey: `${gateway}:${reported.gatewayDisputeId}:closed` });
  return row!;
}
