// Collection with no human step: when an invoice is finalised open, a charge_automatically invoice
// gets a collection job that charges the default method off session; a send_invoice invoice is
// e-mailed (pay link, bank reference) with reminders around its due date. Finalisation only
// queues jobs — a gateway is never called inside a renewal's transaction.
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoiceDunnings, invoices, subscriptions } from '@/db/schema';
import { invoicePdfAttachment } from '../documents/attachments';
import { SettleError } from '../errors';
import type { GatewayRegistry } from '../gateways';
import { enqueueMany, type Job } from '../jobs/queue';
import { methodFor, payInvoice } from '../payments/pay';
import { recordTimeline } from '../payments/timeline';
import { collectible, collectionChargeQueue, emailCustomer, getDunningPolicy, invoiceFacts, recordCollectionFailure } from './dunning';
import { invoiceIssuedEmail, reminderEmail } from './emails';
import { reminderSchedule } from './rules';

export const invoiceEmailQueue = 'collection.invoice_email';
export const reminderQueue = 'collection.reminder';

export interface FinalizedInvoice {
  id: string;
  status: string;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  dueAt: Date | null;
  amountRemainingMinor: bigint;
}

/**
 * Queues the collection of invoices just finalised, in the finalising transaction (one insert):
 * jobs, never a gateway call, so a renewal run stays short and a rollback takes the jobs with it.
 */
export async function queueCollection(tx: Database, finalized: FinalizedInvoice[], now: Date): Promise<void> {
  const open = finalized.filter((invoice) => invoice.status === 'open' && invoice.amountRemainingMinor > 0n);
  if (open.length === 0) return;
  const sendInvoice = open.filter((invoice) => invoice.collectionMethod === 'send_invoice');
  const policy = sendInvoice.length ? await getDunningPolicy(tx) : null;
  await enqueueMany(tx, [
    ...open
      .filter((invoice) => invoice.collectionMethod === 'charge_automatically')
      .map((invoice) => ({
        queue: collectionChargeQueue,
        payload: { invoiceId: invoice.id, attempt: 1, paymentMethodId: null, trigger: 'finalized' },
        runAt: now,
        dedupeKey: `collection:${invoice.id}:1`,
      })),
    ...sendInvoice.flatMap((invoice) => [
      { queue: invoiceEmailQueue, payload: { invoiceId: invoice.id }, runAt: now, dedupeKey: `invoice-email:${invoice.id}` },
      ...(invoice.dueAt ? reminderSchedule({ dueAt: invoice.dueAt, now, policy: policy! }) : []).map((reminder) => ({
        queue: reminderQueue,
        payload: { invoiceId: invoice.id, step: reminder.step },
        runAt: reminder.at,
        dedupeKey: `reminder:${invoice.id}:${reminder.step}`,
      })),
    ]),
  ]);
}

export interface CollectionJobPayload {
  invoiceId: string;
  /** Which attempt this job makes: a job for an attempt already made (or overtaken) does nothing. */
  attempt: number;
  paymentMethodId: string | null;
  trigger: 'finalized' | 'retry' | 'new_method';
}

export interface CollectionHooks {
  /** Tests: runs after the charge, before the job commits (to simulate a crash there). */
  afterCharge?: (invoiceId: string) => void | Promise<void>;
}

/**
 * Makes one automatic attempt on an invoice. Runs in the job's transaction: the attempt row is
 * opened with an idempotency key and id derived from (invoice, attempt), so a job that charged
 * and then died before commit opens the same attempt again when retried, and the gateway answers
 * with the first charge instead of making a second.
 */
export async function collectInvoice(tx: Database, registry: GatewayRegistry, input: CollectionJobPayload, now: Date, hooks: CollectionHooks = {}): Promise<'charged' | 'skipped'> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId));
  if (!invoice) return 'skipped';
  const [state] = await tx.select().from(invoiceDunnings).where(eq(invoiceDunnings.invoiceId, invoice.id));
  const failedSoFar = state?.failedAttempts ?? 0;
  // Stale: this attempt was made, or the dunning ended.
  if (input.attempt !== failedSoFar + 1 || (state && state.status !== 'active')) return 'skipped';
  const skip = async (reason: string) => {
    await recordTimeline(tx, {
      customerId: invoice.customerId,
      occurredAt: now,
      invoiceId: invoice.id,
      kind: 'collection.skipped',
      data: { invoiceNumber: invoice.number, attempt: input.attempt, reason: `attempt ${input.attempt} not made: ${reason}` },
      dedupeKey: `collection:${invoice.id}:${input.attempt}:${input.trigger}:${input.paymentMethodId ?? ''}:skipped`,
    });
    return 'skipped' as const;
  };
  const open = await collectible(tx, invoice);
  if (!open.ok) return skip(open.reason);
  if (invoice.subscriptionId) {
    const [subscription] = await tx.select({ status: subscriptions.status, pauseCollection: subscriptions.pauseCollection }).from(subscriptions).where(eq(subscriptions.id, invoice.subscriptionId));
    if (subscription?.status === 'canceled') return skip('the subscription is canceled');
    if (subscription?.pauseCollection) return skip('collection is paused');
  }
  // Payments are off on this instance: invoices are paid by transfer, nothing to record.
  if (registry.all().length === 0) return 'skipped';
  let methodId = input.paymentMethodId;
  if (!methodId) {
    try {
      methodId = (await methodFor(tx, invoice, null)).id;
    } catch (error) {
      if (!(error instanceof SettleError) || error.code !== 'NO_PAYMENT_METHOD') throw error;
      await recordCollectionFailure(tx, { invoiceId: invoice.id, failure: { code: 'no_payment_method', declineCode: null }, paymentMethodId: null, paymentId: null, declineClass: 'no_method' }, now);
      return 'skipped';
    }
    // The default failed hard on this invoice: the subscription's method is skipped for the customer's.
    if (methodId === state?.blockedPaymentMethodId) return skip('the default payment method was declined for good; waiting for a new one');
  }
  const { payment } = await payInvoice(tx, registry, { invoiceId: invoice.id, paymentMethodId: methodId, initiatedBy: 'automatic', offSession: true }, now);
  await hooks.afterCharge?.(payment.id);
  return 'charged';
}

export function collectionChargeJob(registry: () => GatewayRegistry, hooks: CollectionHooks = {}) {
  return async (tx: Database, job: Job, now: Date) => {
    await collectInvoice(tx, registry(), job.payload as CollectionJobPayload, now, hooks);
  };
}

/** Sends a send_invoice invoice to the customer (once per invoice). */
export async function sendInvoiceEmail(tx: Database, invoiceId: string, now: Date): Promise<void> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice || invoice.status !== 'open') return;
  await emailCustomer(
    tx,
    {
      customerId: invoice.customerId,
      kind: 'invoice_issued',
      key: `invoice_issued:${invoice.id}`,
      invoiceId: invoice.id,
      render: (locale, merchant) => invoiceIssuedEmail(merchant, locale, invoiceFacts(invoice)),
      attachments: () => invoicePdfAttachment(tx, invoice.id),
    },
    now,
  );
}

/**
 * A reminder before or after the due date — only while the invoice is open, owes something and
 * no payment is in flight (a SEPA debit still processing is not late). A reminder not sent is on
 * the timeline with the reason.
 */
export async function sendReminder(tx: Database, input: { invoiceId: string; step: string }, now: Date): Promise<'sent' | 'skipped'> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId));
  if (!invoice) return 'skipped';
  const open = await collectible(tx, invoice);
  if (!open.ok) {
    await recordTimeline(tx, {
      customerId: invoice.customerId,
      occurredAt: now,
      invoiceId: invoice.id,
      kind: 'reminder.skipped',
      data: { invoiceNumber: invoice.number, step: input.step, reason: `reminder ${input.step.replace('_', ' ')} day(s) not sent: ${open.reason}` },
      dedupeKey: `reminder:${invoice.id}:${input.step}:skipped`,
    });
    return 'skipped';
  }
  const when = input.step.startsWith('before') ? 'before' : 'after';
  await emailCustomer(
    tx,
    { customerId: invoice.customerId, kind: 'invoice_reminder', key: `invoice_reminder:${invoice.id}:${input.step}`, invoiceId: invoice.id, render: (locale, merchant) => reminderEmail(merchant, locale, invoiceFacts(invoice), when) },
    now,
  );
  await recordTimeline(tx, {
    customerId: invoice.customerId,
    occurredAt: now,
    invoiceId: invoice.id,
    kind: 'reminder.sent',
    data: { invoiceNumber: invoice.number, step: input.step, reason: `invoice ${when === 'before' ? 'due soon' : 'overdue'} (${input.step.replace('_', ' ')} day(s))` },
    dedupeKey: `reminder:${invoice.id}:${input.step}:sent`,
  });
  return 'sent';
}

export const invoiceEmailJob = (tx: Database, job: Job, now: Date) => sendInvoiceEmail(tx, (job.payload as { invoiceId: string }).invoiceId, now);
export const reminderJob = (tx: Database, job: Job, now: Date) => sendReminder(tx, job.payload as { invoiceId: string; step: string }, now).then(() => undefined);

/** After a hard decline the dunning waited for a new method; its window ended without one. */
export async function dunningDeadlineJob(tx: Database, job: Job, now: Date): Promise<void> {
  const { invoiceId, failedAttempts } = job.payload as { invoiceId: string; failedAttempts: number };
  const [state] = await tx.select().from(invoiceDunnings).where(and(eq(invoiceDunnings.invoiceId, invoiceId), eq(invoiceDunnings.status, 'active')));
  if (!state || state.failedAttempts !== failedAttempts || state.nextAction !== 'await_method') return;
  await exhaustAtDeadline(tx, state, now);
}

async function exhaustAtDeadline(tx: Database, state: typeof invoiceDunnings.$inferSelect, now: Date) {
  await recordCollectionFailure(
    tx,
    {
      invoiceId: state.invoiceId,
      failure: { code: state.lastFailureCode, declineCode: state.lastDeclineCode },
      paymentMethodId: state.blockedPaymentMethodId,
      paymentId: null,
      declineClass: state.declineClass === 'no_method' ? 'no_method' : undefined,
      countsAsAttempt: false,
    },
    now,
  );
}
