// Support's actions on a customer. Each one is a use case: it checks that it applies (and refuses
// clearly when it does not), makes the change and writes an append-only audit row — who, what,
// when, why, before → after — in the same transaction. Which roles may take each action is
// decided here, once: the tRPC procedures gate on it and the page hides what a role cannot do.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customerNotes, invoices, outboxMessages, payments } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { roleAllows, type StaffRole } from '../auth/roles';
import { isDunningPaused, pauseDunning, resumeDunning } from '../collections/pause';
import { getCustomer, lockCustomer } from '../customers';
import { SettleError } from '../errors';
import type { GatewayRegistry } from '../gateways';
import { newId } from '../ids';
import { getInvoice, markUncollectible, voidInvoice } from '../invoices';
import { mailSettings, queueEmail } from '../notifications/outbox';
import { payInvoice } from '../payments/pay';
import { refundPayment } from '../payments/refunds';
import { cancelSubscription, updateSubscription } from '../subscriptions';
import { creditBalance, lockSubscription } from '../subscriptions/lifecycle';
import { loadItems } from '../subscriptions/items';
import { extendTrial } from '../subscriptions/trial';
import { refundLimitFor } from './refund-limits';

/** Who may do what (admins may do everything). Support refunds only up to the admins' limit. */
export const actionRoles = {
  retryPayment: ['support', 'finance'],
  applyCredit: ['finance'],
  refund: ['support', 'finance'],
  extendTrial: ['support', 'finance'],
  changeSubscription: ['support', 'finance'],
  cancelSubscription: ['support', 'finance'],
  voidInvoice: ['finance'],
  markUncollectible: ['finance'],
  resendEmail: ['support', 'finance'],
  addNote: ['support', 'finance'],
  pauseDunning: ['support', 'finance'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type SupportAction = keyof typeof actionRoles;

/** What a role may do on the 360, for the page to offer only that (the procedures check again). */
export async function permissionsFor(db: Database, role: StaffRole, currency: string) {
  const can = Object.fromEntries(Object.entries(actionRoles).map(([action, roles]) => [action, roleAllows(role, roles)])) as Record<SupportAction, boolean>;
  // Null: no limit beyond what was paid. Support without a limit for the currency may refund nothing.
  const refundLimitMinor = role === 'support' ? ((await refundLimitFor(db, currency)) ?? 0n) : null;
  return { ...can, refundLimitMinor };
}

export interface StaffMember {
  id: string;
  role: StaffRole;
}

const actorOf = (staff: StaffMember): Actor => ({ type: 'staff', id: staff.id });
export const maxReasonLength = 500;

/** Every action says why: the reason is what the next person reading the audit log needs. */
export function requireReason(reason: string | null | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length < 3) throw new SettleError('VALIDATION_FAILED', 'Say why, in a few words.', 'reason');
  if (trimmed.length > maxReasonLength) throw new SettleError('VALIDATION_FAILED', `A reason has at most ${maxReasonLength} characters.`, 'reason');
  return trimmed;
}

/** Charges an open invoice now with the customer's current method, whatever dunning planned. */
export async function retryPaymentNow(db: Database, registry: GatewayRegistry, input: { invoiceId: string; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const invoice = await getInvoice(tx, input.invoiceId);
    if (invoice.status !== 'open' || invoice.amountRemainingMinor <= 0n) {
      throw new SettleError('INVOICE_NOT_OPEN', `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; only an open invoice with something left to pay can be retried.`, 'invoiceId');
    }
    const { payment, created } = await payInvoice(tx, registry, { invoiceId: invoice.id, initiatedBy: 'staff', offSession: true }, now);
    if (!created) throw new SettleError('CONFLICT', `Payment ${payment.id} of invoice ${invoice.number} is still ${payment.status}; wait for its outcome.`, 'invoiceId');
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: 'payment.retry',
      subjectType: 'invoice',
      subjectId: invoice.id,
      reason,
      before: { status: invoice.status, amountRemainingMinor: invoice.amountRemainingMinor.toString() },
      after: { paymentId: payment.id, paymentStatus: payment.status, declineCode: payment.declineCode ?? payment.failureCode },
      at: now,
    });
    return payment;
  });
}

export async function applyCredit(db: Database, input: { customerId: string; amountMinor: bigint; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  if (input.amountMinor <= 0n) throw new SettleError('VALIDATION_FAILED', 'A credit is a positive amount.', 'amountMinor');
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, input.customerId);
    await creditBalance(tx, { customerId: customer.id, currency: customer.currency, amountMinor: input.amountMinor, kind: 'adjustment', description: reason, now });
    const after = customer.creditBalanceMinor + input.amountMinor;
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: 'customer.credit',
      subjectType: 'customer',
      subjectId: customer.id,
      reason,
      before: { creditBalanceMinor: customer.creditBalanceMinor.toString(), currency: customer.currency },
      after: { creditBalanceMinor: after.toString(), currency: customer.currency },
      at: now,
    });
    return { creditBalanceMinor: after, currency: customer.currency };
  });
}

/** Refunds part or all of a payment; support only up to the limit admins set for its currency. */
export async function refundAsStaff(db: Database, registry: GatewayRegistry, input: { paymentId: string; amountMinor: bigint; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  if (input.amountMinor <= 0n) throw new SettleError('VALIDATION_FAILED', 'The amount to refund must be positive.', 'amountMinor');
  const [payment] = await db.select({ currency: payments.currency }).from(payments).where(eq(payments.id, input.paymentId));
  if (!payment) throw new SettleError('NOT_FOUND', `No payment ${input.paymentId}.`, 'paymentId');
  let limitMinor: bigint | null = null;
  if (staff.role === 'support') {
    limitMinor = (await refundLimitFor(db, payment.currency)) ?? 0n;
    if (input.amountMinor > limitMinor) {
      throw new SettleError('FORBIDDEN', `Support may refund at most ${limitMinor} (minor units of ${payment.currency}) at a time; ask finance.`, 'amountMinor');
    }
  }
  // refundPayment writes the audit row (refund.create, with what was refundable before) with the refund.
  return refundPayment(db, registry, { paymentId: input.paymentId, amount: input.amountMinor, reason: 'requested_by_customer', memo: reason, actor: actorOf(staff), limitMinor }, now);
}

const subscriptionView = (row: { status: string; trialEnd: Date | null; currentPeriodEnd: Date; cancelAtPeriodEnd: boolean }) => ({
  status: row.status,
  trialEnd: row.trialEnd?.toISOString() ?? null,
  currentPeriodEnd: row.currentPeriodEnd.toISOString(),
  cancelAtPeriodEnd: row.cancelAtPeriodEnd,
});

export async function extendTrialAsStaff(db: Database, input: { subscriptionId: string; days: number; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const { before, after } = await extendTrial(tx, input, now);
    await recordAudit(tx, { actor: actorOf(staff), action: 'subscription.extend_trial', subjectType: 'subscription', subjectId: before.id, reason, before: subscriptionView(before), after: subscriptionView(after), at: now });
    return after;
  });
}

/** Changes one item's price or quantity; the difference is prorated onto the next invoice. */
export async function changeSubscriptionAsStaff(
  db: Database,
  input: { subscriptionId: string; itemId: string; priceId?: string | null; quantity?: number | null; reason: string },
  staff: StaffMember,
  now: Date,
) {
  const reason = requireReason(input.reason);
  if (!input.priceId && (input.quantity === undefined || input.quantity === null)) throw new SettleError('VALIDATION_FAILED', 'Choose a new plan or a new quantity.', 'quantity');
  return db.transaction(async (tx) => {
    const items = await loadItems(tx, input.subscriptionId);
    const item = items.find((candidate) => candidate.id === input.itemId);
    if (!item) throw new SettleError('NOT_FOUND', `Subscription ${input.subscriptionId} has no item ${input.itemId}.`, 'itemId');
    const { subscription } = await updateSubscription(
      tx,
      input.subscriptionId,
      { items: [{ id: input.itemId, priceId: input.priceId ?? undefined, quantity: input.quantity ?? undefined }], prorationBehavior: 'create_prorations' },
      now,
    );
    const after = (await loadItems(tx, input.subscriptionId)).find((candidate) => candidate.id === input.itemId)!;
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: 'subscription.change',
      subjectType: 'subscription',
      subjectId: input.subscriptionId,
      reason,
      before: { priceId: item.price.id, product: item.productName, quantity: item.quantity.toString() },
      after: { priceId: after.price.id, product: after.productName, quantity: after.quantity.toString() },
      at: now,
    });
    return subscription;
  });
}

export async function cancelSubscriptionAsStaff(db: Database, input: { subscriptionId: string; atPeriodEnd: boolean; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const before = await lockSubscription(tx, input.subscriptionId);
    const { subscription } = await cancelSubscription(tx, input.subscriptionId, { atPeriodEnd: input.atPeriodEnd, reason: 'other' }, now);
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: input.atPeriodEnd ? 'subscription.cancel_at_period_end' : 'subscription.cancel',
      subjectType: 'subscription',
      subjectId: before.id,
      reason,
      before: subscriptionView(before),
      after: subscriptionView(subscription),
      at: now,
    });
    return subscription;
  });
}

/** Voids an open invoice (nothing paid on it yet) or marks it uncollectible. */
export async function closeInvoiceAsStaff(db: Database, input: { invoiceId: string; to: 'void' | 'uncollectible'; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).for('update');
    if (!before) throw new SettleError('NOT_FOUND', `No invoice ${input.invoiceId}.`, 'invoiceId');
    if (input.to === 'void' && before.status === 'open' && before.amountPaidMinor > 0n) {
      throw new SettleError('CONFLICT', `Invoice ${before.number} is partly paid; refund or credit it instead of voiding it.`, 'invoiceId');
    }
    const after = input.to === 'void' ? await voidInvoice(tx, before.id, now) : await markUncollectible(tx, before.id, now);
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: input.to === 'void' ? 'invoice.void' : 'invoice.mark_uncollectible',
      subjectType: 'invoice',
      subjectId: before.id,
      reason,
      before: { status: before.status, amountRemainingMinor: before.amountRemainingMinor.toString() },
      after: { status: after.status, amountRemainingMinor: after.amountRemainingMinor.toString() },
      at: now,
    });
    return after;
  });
}

/** Sends an e-mail again as a new outbox message (the original stays as it was). */
export async function resendEmail(db: Database, input: { messageId: string; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  return db.transaction(async (tx) => {
    const [original] = await tx.select().from(outboxMessages).where(eq(outboxMessages.id, input.messageId));
    if (!original || !original.customerId) throw new SettleError('NOT_FOUND', `No e-mail ${input.messageId} to a customer.`, 'messageId');
    if (original.kind.startsWith('sign_in')) throw new SettleError('CONFLICT', 'A sign-in link is never sent again; the customer asks for a new one.', 'messageId');
    const auditId = newId('aud');
    const { message } = await queueEmail(
      tx,
      mailSettings(),
      { kind: original.kind, to: original.toAddress, customerId: original.customerId, subject: original.subject, html: original.html, text: original.text, dedupeKey: `resend:${original.id}:${auditId}` },
      now,
    );
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: 'email.resend',
      subjectType: 'outbox_message',
      subjectId: original.id,
      reason,
      before: { messageId: original.id, status: original.status },
      after: { messageId: message.id, status: message.status, to: message.toAddress },
      at: now,
    });
    return message;
  });
}

export async function addNote(db: Database, input: { customerId: string; body: string }, staff: StaffMember & { email: string }, now: Date) {
  const body = input.body.trim();
  if (body.length < 2) throw new SettleError('VALIDATION_FAILED', 'Write the note.', 'body');
  if (body.length > 4000) throw new SettleError('VALIDATION_FAILED', 'A note has at most 4,000 characters.', 'body');
  const customer = await getCustomer(db, input.customerId, 'customerId');
  return db.transaction(async (tx) => {
    const [note] = await tx.insert(customerNotes).values({ id: newId('note'), customerId: customer.id, authorId: staff.id, authorEmail: staff.email, body, createdAt: now }).returning();
    await recordAudit(tx, { actor: actorOf(staff), action: 'customer.note', subjectType: 'customer', subjectId: customer.id, reason: body.slice(0, maxReasonLength), after: { noteId: note!.id }, at: now });
    return note!;
  });
}

export async function setDunningPaused(db: Database, input: { customerId: string; paused: boolean; reason: string }, staff: StaffMember, now: Date) {
  const reason = requireReason(input.reason);
  const customer = await getCustomer(db, input.customerId, 'customerId');
  return db.transaction(async (tx) => {
    const wasPaused = await isDunningPaused(tx, customer.id);
    let requeued = 0;
    if (input.paused) await pauseDunning(tx, { customerId: customer.id, pausedBy: staff.id, reason }, now);
    else requeued = (await resumeDunning(tx, { customerId: customer.id }, now)).requeued;
    await recordAudit(tx, {
      actor: actorOf(staff),
      action: input.paused ? 'dunning.pause' : 'dunning.resume',
      subjectType: 'customer',
      subjectId: customer.id,
      reason,
      before: { dunningPaused: wasPaused },
      after: { dunningPaused: input.paused, ...(input.paused ? {} : { attemptsRequeued: requeued }) },
      at: now,
    });
    return { paused: input.paused, requeued };
  });
}

/** The invoices of a customer that a retry could collect now (for the page's buttons). */
export const retryable = (invoice: { status: string; amountRemainingMinor: bigint }) => invoice.status === 'open' && invoice.amountRemainingMinor > 0n;

