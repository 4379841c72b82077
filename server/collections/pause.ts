// Pausing dunning for one customer (a support decision: a dispute being sorted out, a customer in
// hospital…). While paused, `collectible` in dunning.ts refuses every automatic attempt and
// reminder, so retries and reminders that fall due are skipped with that reason on the timeline.
// Resuming re-queues, at once, the attempts that were skipped while paused; reminders whose date
// passed are not sent late.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { dunningPauses, invoiceDunnings, invoices, payments } from '@/db/schema';
import { SettleError } from '../errors';
import { enqueueMany } from '../jobs/queue';
import { collectionChargeQueue } from './dunning';

export async function isDunningPaused(db: Database, customerId: string): Promise<boolean> {
  const [row] = await db.select({ customerId: dunningPauses.customerId }).from(dunningPauses).where(eq(dunningPauses.customerId, customerId));
  return Boolean(row);
}

export async function pauseDunning(tx: Database, input: { customerId: string; pausedBy: string; reason: string }, now: Date) {
  const [row] = await tx
    .insert(dunningPauses)
    .values({ customerId: input.customerId, pausedBy: input.pausedBy, reason: input.reason, pausedAt: now })
    .onConflictDoNothing({ target: dunningPauses.customerId })
    .returning();
  if (!row) throw new SettleError('CONFLICT', 'Dunning is already paused for this customer.', 'customerId');
  return row;
}

/** Ends the pause and queues now the automatic attempts that fell due meanwhile. Returns how many. */
export async function resumeDunning(tx: Database, input: { customerId: string }, now: Date): Promise<{ pausedAt: Date; requeued: number }> {
  const [row] = await tx.delete(dunningPauses).where(eq(dunningPauses.customerId, input.customerId)).returning();
  if (!row) throw new SettleError('CONFLICT', 'Dunning is not paused for this customer.', 'customerId');
  const key = `resumed:${now.toISOString()}`;
  // Retries whose time came while paused: their job ran and was skipped.
  const missedRetries = await tx
    .select({ invoiceId: invoiceDunnings.invoiceId, failedAttempts: invoiceDunnings.failedAttempts })
    .from(invoiceDunnings)
    .where(and(eq(invoiceDunnings.customerId, input.customerId), eq(invoiceDunnings.status, 'active'), eq(invoiceDunnings.nextAction, 'retry'), lte(invoiceDunnings.nextActionAt, now)));
  // First charges skipped while paused: open automatic invoices never attempted and not in dunning.
  const neverCharged = await tx
    .select({ invoiceId: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.customerId, input.customerId),
        inArray(invoices.status, ['open']),
        eq(invoices.collectionMethod, 'charge_automatically'),
        sql`${invoices.amountRemainingMinor} > 0`,
        sql`not exists (select 1 from ${payments} where ${payments.invoiceId} = ${invoices.id})`,
        sql`not exists (select 1 from ${invoiceDunnings} where ${invoiceDunnings.invoiceId} = ${invoices.id})`,
      ),
    );
  const jobs = [
    ...missedRetries.map((state) => ({ invoiceId: state.invoiceId, attempt: state.failedAttempts + 1 })),
    ...neverCharged.map((invoice) => ({ invoiceId: invoice.invoiceId, attempt: 1 })),
  ].map((job) => ({
    queue: collectionChargeQueue,
    payload: { invoiceId: job.invoiceId, attempt: job.attempt, paymentMethodId: null, trigger: 'retry' },
    runAt: now,
    dedupeKey: `collection:${job.invoiceId}:${job.attempt}:${key}`,
  }));
  const queued = await enqueueMany(tx, jobs);
  return { pausedAt: row.pausedAt, requeued: queued.length };
}
