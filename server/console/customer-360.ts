// Customer 360 for the staff console: everything support needs to answer "why was I charged?" or
// "why did my renewal fail?" on one page — account, subscriptions, invoices with their dunning,
// payments with decline codes, methods (brand and last 4 only), credit, e-mails, gateway events,
// notes — and the one timeline built from the same rows (customer-timeline.ts).
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import {
  auditLog,
  customerBalanceTransactions,
  customerNotes,
  customers,
  dunningPauses,
  invoiceDunnings,
  invoices,
  outboxMessages,
  paymentMethods,
  payments,
  refunds,
  subscriptions,
  timelineEvents,
  users,
  webhookEvents,
} from '@/db/schema';
import { getCustomer, listContacts } from '../customers';
import { loadItemsOf } from '../subscriptions/items';
import { buildTimeline, threadsOf } from './customer-timeline';

/** Enough history for a support call; older rows stay in the reports and the API. */
const historyLimit = 200;

export async function customer360(db: Database, customerId: string) {
  const customer = await getCustomer(db, customerId);
  const contacts = await listContacts(db, customerId);
  const addresses = [...new Set([customer.email, ...contacts.map((contact) => contact.email)])];
  const ofCustomer = <T extends { customerId: unknown }>(table: T) => eq(table.customerId as typeof customers.id, customerId);
  const [subscriptionRows, invoiceRows, dunnings, paymentRows, refundRows, methods, balance, emails, notes, events, pause] = await Promise.all([
    db.select().from(subscriptions).where(ofCustomer(subscriptions)).orderBy(desc(subscriptions.createdAt)),
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        status: invoices.status,
        billingReason: invoices.billingReason,
        collectionMethod: invoices.collectionMethod,
        currency: invoices.currency,
        totalMinor: invoices.totalMinor,
        amountPaidMinor: invoices.amountPaidMinor,
        amountRemainingMinor: invoices.amountRemainingMinor,
        subscriptionId: invoices.subscriptionId,
        dueAt: invoices.dueAt,
        finalizedAt: invoices.finalizedAt,
        paidAt: invoices.paidAt,
        voidedAt: invoices.voidedAt,
        markedUncollectibleAt: invoices.markedUncollectibleAt,
        createdAt: invoices.createdAt,
      })
      .from(invoices)
      .where(ofCustomer(invoices))
      .orderBy(desc(invoices.createdAt), desc(invoices.id))
      .limit(historyLimit),
    db.select().from(invoiceDunnings).where(ofCustomer(invoiceDunnings)),
    db
      .select({ payment: payments, method: { type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType }, invoiceNumber: invoices.number })
      .from(payments)
      .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
      .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
      .where(eq(payments.customerId, customerId))
      .orderBy(desc(payments.createdAt), desc(payments.attempt))
      .limit(historyLimit),
    db.select().from(refunds).where(ofCustomer(refunds)).orderBy(desc(refunds.createdAt)),
    db
      .select({
        id: paymentMethods.id,
        type: paymentMethods.type,
        brand: paymentMethods.brand,
        last4: paymentMethods.last4,
        expMonth: paymentMethods.expMonth,
        expYear: paymentMethods.expYear,
        walletType: paymentMethods.walletType,
        isDefault: paymentMethods.isDefault,
        status: paymentMethods.status,
        gateway: paymentMethods.gateway,
        createdAt: paymentMethods.createdAt,
      })
      .from(paymentMethods)
      .where(ofCustomer(paymentMethods))
      .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt)),
    db.select().from(customerBalanceTransactions).where(ofCustomer(customerBalanceTransactions)).orderBy(desc(customerBalanceTransactions.createdAt)).limit(historyLimit),
    db
      .select({ id: outboxMessages.id, kind: outboxMessages.kind, toAddress: outboxMessages.toAddress, subject: outboxMessages.subject, status: outboxMessages.status, createdAt: outboxMessages.createdAt, sentAt: outboxMessages.sentAt, dedupeKey: outboxMessages.dedupeKey })
      .from(outboxMessages)
      .where(or(eq(outboxMessages.customerId, customerId), inArray(outboxMessages.toAddress, addresses)))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(historyLimit),
    db.select().from(customerNotes).where(ofCustomer(customerNotes)).orderBy(desc(customerNotes.createdAt)),
    db.select().from(timelineEvents).where(ofCustomer(timelineEvents)).orderBy(desc(timelineEvents.occurredAt)).limit(historyLimit * 2),
    db.select().from(dunningPauses).where(ofCustomer(dunningPauses)),
  ]);
  const paymentIds = paymentRows.map((row) => row.payment.id);
  const remoteIds = [...paymentRows.map((row) => row.payment.gatewayPaymentId), ...refundRows.map((row) => row.gatewayRefundId)].filter((id): id is string => Boolean(id));
  const subjects = [
    and(eq(auditLog.subjectType, 'customer'), eq(auditLog.subjectId, customerId)),
    invoiceRows.length ? and(eq(auditLog.subjectType, 'invoice'), inArray(auditLog.subjectId, invoiceRows.map((row) => row.id))) : undefined,
    paymentIds.length ? and(eq(auditLog.subjectType, 'payment'), inArray(auditLog.subjectId, paymentIds)) : undefined,
    subscriptionRows.length ? and(eq(auditLog.subjectType, 'subscription'), inArray(auditLog.subjectId, subscriptionRows.map((row) => row.id))) : undefined,
    and(eq(auditLog.subjectType, 'outbox_message'), sql`${auditLog.subjectId} in (select ${outboxMessages.id} from ${outboxMessages} where ${outboxMessages.customerId} = ${customerId})`),
  ];
  const [audits, gatewayEvents, items] = await Promise.all([
    db
      .select({ audit: auditLog, actorEmail: users.email })
      .from(auditLog)
      .leftJoin(users, and(eq(auditLog.actorType, 'staff'), eq(users.id, auditLog.actorId)))
      .where(or(...subjects))
      .orderBy(desc(auditLog.createdAt))
      .limit(historyLimit),
    remoteIds.length
      ? db
          .select({ id: webhookEvents.id, gateway: webhookEvents.gateway, eventId: webhookEvents.eventId, type: webhookEvents.type, status: webhookEvents.status, outcome: webhookEvents.outcome, receivedAt: webhookEvents.receivedAt, objectId: sql<string>`coalesce(${webhookEvents.payload} #>> '{data,object,payment_intent}', ${webhookEvents.payload} #>> '{data,object,id}')` })
          .from(webhookEvents)
          .where(or(inArray(sql`${webhookEvents.payload} #>> '{data,object,id}'`, remoteIds), inArray(sql`${webhookEvents.payload} #>> '{data,object,payment_intent}'`, remoteIds)))
          .orderBy(desc(webhookEvents.receivedAt))
          .limit(historyLimit)
      : Promise.resolve([]),
    loadItemsOf(db, subscriptionRows.map((row) => row.id)),
  ]);
  const dunningOf = new Map(dunnings.map((row) => [row.invoiceId, row]));
  const refundedByPayment = new Map<string, bigint>();
  for (const refund of refundRows) if (refund.status === 'succeeded') refundedByPayment.set(refund.paymentId, (refundedByPayment.get(refund.paymentId) ?? 0n) + refund.amountMinor);
  const timeline = buildTimeline({
    events: events.reverse(),
    invoices: invoiceRows,
    emails,
    audits: audits.map(({ audit, actorEmail }) => ({ ...audit, actorEmail })),
    notes: notes.map((note) => ({ id: note.id, authorEmail: note.authorEmail, body: note.body, createdAt: note.createdAt })),
    payments: paymentRows.map(({ payment }) => payment),
  });
  return {
    customer,
    contacts,
    dunningPaused: pause[0] ? { pausedAt: pause[0].pausedAt, reason: pause[0].reason } : null,
    subscriptions: subscriptionRows.map((subscription) => ({
      ...subscription,
      items: (items.get(subscription.id) ?? []).map((item) => ({ id: item.id, priceId: item.price.id, productName: item.productName, nickname: item.price.nickname, quantity: item.quantity })),
    })),
    invoices: invoiceRows.map((invoice) => {
      const dunning = dunningOf.get(invoice.id);
      return { ...invoice, dunning: dunning ? { status: dunning.status, failedAttempts: dunning.failedAttempts, maxAttempts: dunning.maxAttempts, nextAction: dunning.nextAction, nextActionAt: dunning.nextActionAt, lastDeclineCode: dunning.lastDeclineCode ?? dunning.lastFailureCode } : null };
    }),
    payments: paymentRows.map(({ payment, method, invoiceNumber }) => ({
      id: payment.id,
      invoiceId: payment.invoiceId,
      invoiceNumber,
      attempt: payment.attempt,
      gateway: payment.gateway,
      amountMinor: payment.amountMinor,
      amountRefundedMinor: refundedByPayment.get(payment.id) ?? payment.amountRefundedMinor,
      currency: payment.currency,
      status: payment.status,
      initiatedBy: payment.initiatedBy,
      declineCode: payment.declineCode,
      failureCode: payment.failureCode,
      method: method?.type ? method : null,
      createdAt: payment.createdAt,
    })),
    paymentMethods: methods,
    credit: { balanceMinor: customer.creditBalanceMinor, currency: customer.currency, transactions: balance },
    emails: emails.map(({ dedupeKey: _dedupeKey, ...email }) => email),
    gatewayEvents,
    notes,
    timeline,
    threads: threadsOf(timeline),
  };
}

export type Customer360 = Awaited<ReturnType<typeof customer360>>;

/** For the 360's refund form: the refundable rest of each succeeded payment. */
export const refundableMinor = (payment: Pick<Customer360['payments'][number], 'status' | 'amountMinor' | 'amountRefundedMinor'>) =>
  payment.status === 'succeeded' ? payment.amountMinor - payment.amountRefundedMinor : 0n;

