// The webhook inbox. Receiving: the raw body is verified (signature, neither stale nor future
// dated), then stored under a unique (gateway, event id) and queued in one statement, and the
// route answers at once. Processing (a job): the stored event is applied through the same
// forward-only functions the API uses, and marked processed in the same transaction — so a
// duplicate is stored once and applied once, and events in any order end in the same state.
import { and, eq, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { jobs, payments, refunds, webhookEvents } from '@/db/schema';
import type { Gateway, GatewayEvent, GatewayRegistry } from '../gateways';
import { newId } from '../ids';
import type { Job } from '../jobs/queue';
import { applyGatewayPayment } from './apply';
import { applyGatewayDispute } from './disputes';
import { applyGatewayPayout } from './payouts';
import { applyGatewayRefund } from './refunds';

export const webhookQueue = 'webhook.process';

export type WebhookEventRow = typeof webhookEvents.$inferSelect;

/**
 * Verifies and stores one delivery. Throws WebhookVerificationError (nothing stored) when the
 * event is not genuine. `realNow` is wall-clock time: signatures are timed by the gateway's clock.
 */
export async function receiveWebhook(
  db: Database,
  gateway: Gateway,
  input: { rawBody: string; signature: string | null; realNow: Date },
): Promise<{ event: GatewayEvent; stored: boolean; jobId: string | null }> {
  const event = gateway.verifyWebhook(input.rawBody, input.signature, input.realNow);
  // One statement, so one round trip and atomic like a transaction: the event is stored under its
  // unique (gateway, event id), and its job queued only if it was — due at once whatever the
  // billing clock says, as a gateway's news is never scheduled for later. The job is what
  // enqueue() would insert.
  const eventRowId = newId('whe');
  const jobId = newId('job');
  const result = await db.execute(sql`
    with stored as (
      insert into ${webhookEvents} (id, gateway, event_id, type, payload, gateway_created_at, received_at)
      values (${eventRowId}, ${gateway.id}, ${event.id}, ${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${event.createdAt.toISOString()}::timestamptz, ${input.realNow.toISOString()}::timestamptz)
      on conflict do nothing
      returning id
    ), queued as (
      insert into ${jobs} (id, queue, payload, run_at, dedupe_key, max_attempts)
      select ${jobId}, ${webhookQueue}, jsonb_build_object('webhookEventId', stored.id), ${new Date(0).toISOString()}::timestamptz, 'webhook:' || stored.id, 10 from stored
      on conflict (dedupe_key) do nothing
      returning id
    )
    select (select id from stored) as stored, (select id from queued) as queued`);
  const [row] = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{ stored: string | null; queued: string | null }>;
  if (!row?.stored) return { event, stored: false, jobId: null };
  return { event, stored: true, jobId: row.queued };
}

/** Applies a stored event. Runs inside the job's transaction. */
export async function processWebhookEvent(tx: Database, registry: GatewayRegistry, webhookEventId: string, now: Date): Promise<WebhookEventRow> {
  const [row] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, webhookEventId)).for('update');
  if (!row) throw new Error(`No webhook event ${webhookEventId}`);
  if (row.status !== 'pending') return row;
  const gateway = registry.get(row.gateway);
  const event = gateway.parseEvent(row.payload);
  const outcome = await applyEvent(tx, gateway, event, now);
  const [done] = await tx
    .update(webhookEvents)
    .set({ status: outcome.applied ? 'processed' : 'ignored', processedAt: now, outcome: outcome.note })
    .where(eq(webhookEvents.id, row.id))
    .returning();
  return done!;
}

async function applyEvent(tx: Database, gateway: Gateway, event: GatewayEvent, now: Date): Promise<{ applied: boolean; note: string }> {
  const subject = event.subject;
  switch (subject.kind) {
    case 'payment': {
      const reported = subject.payment;
      const [payment] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(
          and(
            eq(payments.gateway, gateway.id),
            or(eq(payments.gatewayPaymentId, reported.gatewayPaymentId), reported.settlePaymentId ? eq(payments.id, reported.settlePaymentId) : undefined),
          ),
        )
        .limit(1);
      if (!payment) return { applied: false, note: `No Settle payment for ${reported.gatewayPaymentId}.` };
      const after = await applyGatewayPayment(tx, payment.id, reported, now);
      return { applied: true, note: `Payment ${payment.id} is ${after.status}.` };
    }
    case 'refund': {
      const reported = subject.refund;
      const [refund] = await tx
        .select({ id: refunds.id })
        .from(refunds)
        .where(and(eq(refunds.gateway, gateway.id), or(eq(refunds.gatewayRefundId, reported.gatewayRefundId), reported.settleRefundId ? eq(refunds.id, reported.settleRefundId) : undefined)))
        .limit(1);
      if (!refund) return { applied: false, note: `No Settle refund for ${reported.gatewayRefundId}.` };
      const after = await applyGatewayRefund(tx, refund.id, reported, now);
      return { applied: true, note: `Refund ${refund.id} is ${after.status}.` };
    }
    case 'dispute': {
      const dispute = await applyGatewayDispute(tx, gateway.id, subject.dispute, now);
      return dispute ? { applied: true, note: `Dispute ${dispute.id} is ${dispute.status}.` } : { applied: false, note: 'The disputed payment was not made by Settle.' };
    }
    case 'payout': {
      const payout = await applyGatewayPayout(tx, gateway, subject.payout, now);
      return { applied: true, note: `Payout ${payout.id} is ${payout.status}.` };
    }
    case 'other':
      return { applied: false, note: `Settle does not act on ${event.type}; stored and acknowledged.` };
  }
}

/** The job handler; the registry is looked up when it runs, so tests can swap gateways. */
export function webhookJob(registry: () => GatewayRegistry) {
  return (tx: Database, job: Job, now: Date) => processWebhookEvent(tx, registry(), (job.payload as { webhookEventId: string }).webhookEventId, now).then(() => undefined);
}
