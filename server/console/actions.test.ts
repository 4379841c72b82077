// Support's actions through the staff router, on the real sandbox gateway: each one by a role that
// may take it and refused to one that may not (nothing changed), each with its audit row — who,
// what, why, before → after — and each refused clearly where it does not apply.
import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, customers, outboxMessages, payments, refunds, subscriptions } from '@/db/schema';
import type { Viewer } from '../auth/users';
import { queueEmail } from '../notifications/outbox';
import { addPaymentMethod } from '../payments/methods';
import { payInvoice } from '../payments/pay';
import { createSubscription } from '../subscriptions';
import { makeBillingCustomer, makePrice } from '../testing/billing-fixtures';
import { contextFor, makeCustomerWithContact, makeStaff } from '../testing/fixtures';
import { makeOpenInvoice } from '../testing/payments';
import { gatewayTestbed } from '../testing/gateway-testbed';
import { createCaller } from '../trpc/root';

const bed = gatewayTestbed(new Date('2026-06-01T10:00:00Z'));
const day = 24 * 3600_000;
const system = { type: 'system' as const };
let support: Viewer, finance: Viewer, admin: Viewer, customerViewer: Viewer;

beforeAll(async () => {
  [support, finance, admin] = await Promise.all([makeStaff(bed.db, 'support'), makeStaff(bed.db, 'finance'), makeStaff(bed.db, 'admin')]);
  const { contact } = await makeCustomerWithContact(bed.db);
  customerViewer = { ...contact, kind: 'customer' } as unknown as Viewer;
});

const as = (viewer: Viewer) => createCaller(contextFor(bed.db, viewer, bed.now.toISOString(), bed.registry)).staff.actions;
const lastAudit = async (action: string) => (await bed.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.createdAt)).limit(1))[0];
const auditCount = async (action: string) => (await bed.db.select().from(auditLog).where(eq(auditLog.action, action))).length;

async function customerWithCard(token: string) {
  const customer = await makeBillingCustomer(bed.db);
  await addPaymentMethod(bed.db, bed.registry, { customerId: customer.id, token, actor: system }, bed.now);
  return customer;
}

async function paidPayment(amountMinor = 10_000n) {
  const customer = await customerWithCard('pm_card_visa');
  const { invoice } = await makeOpenInvoice(bed.db, { customer, amountMinor, now: bed.now });
  const { payment } = await payInvoice(bed.db, bed.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, bed.now);
  expect(payment.status).toBe('succeeded');
  return { customer, invoice, payment };
}

describe('retry a payment bed.now', () => {
  it('charges again for support, shows the outcome, and audits it; a customer is refused', async () => {
    const customer = await customerWithCard('pm_card_chargeCustomerFail');
    const { invoice } = await makeOpenInvoice(bed.db, { customer, now: bed.now });
    await expect(createCaller(contextFor(bed.db, customerViewer, bed.now.toISOString(), bed.registry)).staff.actions.retryPayment({ invoiceId: invoice.id, reason: 'asked' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const failed = await as(support).retryPayment({ invoiceId: invoice.id, reason: 'Customer asked on the phone' });
    expect(failed).toMatchObject({ status: 'failed', declineCode: 'generic_decline', initiatedBy: 'staff' });
    expect(await lastAudit('payment.retry')).toMatchObject({
      actorType: 'staff',
      actorId: support.userId,
      subjectId: invoice.id,
      reason: 'Customer asked on the phone',
      before: { status: 'open' },
      after: { paymentId: failed.id, paymentStatus: 'failed', declineCode: 'generic_decline' },
    });
    await addPaymentMethod(bed.db, bed.registry, { customerId: customer.id, token: 'pm_card_visa', makeDefault: true, actor: system }, bed.now);
    expect(await as(finance).retryPayment({ invoiceId: invoice.id, reason: 'New card on file' })).toMatchObject({ status: 'succeeded' });
    // Paid now: a retry does not apply, and nothing is charged or audited.
    const audits = await auditCount('payment.retry');
    await expect(as(support).retryPayment({ invoiceId: invoice.id, reason: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { code: 'INVOICE_NOT_OPEN' } });
    await expect(as(support).retryPayment({ invoiceId: invoice.id, reason: '' })).rejects.toMatchObject({ cause: { code: 'VALIDATION_FAILED', param: 'reason' } });
    expect(await auditCount('payment.retry')).toBe(audits);
  });
});

describe('apply a credit', () => {
  it('is finance’s: the balance grows and the audit row says from what to what; support is refused', async () => {
    const customer = await makeBillingCustomer(bed.db);
    await expect(as(support).applyCredit({ customerId: customer.id, amountMinor: '500', reason: 'Goodwill' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await as(finance).applyCredit({ customerId: customer.id, amountMinor: '500', reason: 'Goodwill after outage' })).toEqual({ creditBalanceMinor: 500n, currency: 'EUR' });
    const [row] = await bed.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.creditBalanceMinor).toBe(500n);
    expect(await lastAudit('customer.credit')).toMatchObject({ actorId: finance.userId, subjectId: customer.id, reason: 'Goodwill after outage', before: { creditBalanceMinor: '0' }, after: { creditBalanceMinor: '500' } });
    await expect(as(finance).applyCredit({ customerId: customer.id, amountMinor: '0', reason: 'Nothing' })).rejects.toMatchObject({ cause: { code: 'VALIDATION_FAILED', param: 'amountMinor' } });
  });
});

describe('refunds and the support limit', () => {
  it('refuses support above the limit admins set (nothing refunded), allows it below, and lets finance refund more', async () => {
    const { payment } = await paidPayment(10_000n);
    // No limit for EUR yet: support may not refund at all.
    await expect(as(support).refund({ paymentId: payment.id, amountMinor: '100', reason: 'Late delivery' })).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { param: 'amountMinor' } });
    await expect(as(support).setRefundLimit({ currency: 'EUR', limitMinor: '5000', reason: 'Support policy' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(finance).setRefundLimit({ currency: 'EUR', limitMinor: '5000', reason: 'Support policy' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await as(admin).setRefundLimit({ currency: 'eur', limitMinor: '5000', reason: 'Support policy' });
    expect(await lastAudit('settings.refund_limit')).toMatchObject({ actorId: admin.userId, subjectId: 'support_refund_limit:EUR', before: { limitMinor: null }, after: { limitMinor: '5000' }, reason: 'Support policy' });
    expect(await as(support).refundLimits()).toMatchObject([{ currency: 'EUR', limitMinor: 5000n }]);

    await expect(as(support).refund({ paymentId: payment.id, amountMinor: '6000', reason: 'Late delivery' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await bed.db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toEqual([]);
    expect(await as(support).refund({ paymentId: payment.id, amountMinor: '2000', reason: 'Late delivery' })).toMatchObject({ status: 'succeeded', amountMinor: 2000n });
    expect(await lastAudit('refund.create')).toMatchObject({ actorId: support.userId, subjectId: payment.id, reason: 'Late delivery', after: { amountMinor: '2000' } });
    // Finance: any amount up to what is left (12,000 paid with VAT − 2,000), never more.
    await expect(as(finance).refund({ paymentId: payment.id, amountMinor: '10001', reason: 'Too much' })).rejects.toMatchObject({ cause: { code: 'REFUND_EXCEEDS_PAYMENT' } });
    expect(await as(finance).refund({ paymentId: payment.id, amountMinor: '10000', reason: 'Contract ended' })).toMatchObject({ status: 'succeeded', amountMinor: 10000n });
    const [after] = await bed.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after!.amountRefundedMinor).toBe(12_000n);
  });
});

describe('subscriptions', () => {
  async function subscribed(trialDays: number) {
    const customer = await makeBillingCustomer(bed.db);
    const price = await makePrice(bed.db, { unitAmount: 2500 }, bed.now);
    const { subscription } = await createSubscription(bed.db, { customerId: customer.id, items: [{ priceId: price.id }], trialDays, collectionMethod: 'send_invoice' }, bed.now);
    return { customer, subscription };
  }

  it('extends a running trial (support), moving the renewal; refuses a subscription not in a trial', async () => {
    const { subscription } = await subscribed(7);
    await expect(createCaller(contextFor(bed.db, customerViewer, bed.now.toISOString())).staff.actions.extendTrial({ subscriptionId: subscription.id, days: 7, reason: 'Onboarding' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const after = await as(support).extendTrial({ subscriptionId: subscription.id, days: 7, reason: 'Onboarding took longer' });
    expect(after.trialEnd).toEqual(new Date(bed.now.getTime() + 14 * day));
    expect(after.currentPeriodEnd).toEqual(new Date(bed.now.getTime() + 14 * day));
    expect(await lastAudit('subscription.extend_trial')).toMatchObject({
      actorId: support.userId,
      before: { trialEnd: new Date(bed.now.getTime() + 7 * day).toISOString() },
      after: { trialEnd: new Date(bed.now.getTime() + 14 * day).toISOString() },
    });
    await expect(as(support).extendTrial({ subscriptionId: subscription.id, days: 0, reason: 'x y z' })).rejects.toMatchObject({ cause: { param: 'days' } });
    const { subscription: active } = await subscribed(0);
    await expect(as(support).extendTrial({ subscriptionId: active.id, days: 7, reason: 'Onboarding' })).rejects.toMatchObject({ cause: { code: 'SUBSCRIPTION_NOT_ACTIVE' } });
  });

  it('changes the quantity and cancels at period end, each audited before → after', async () => {
    const { subscription } = await subscribed(0);
    const [item] = await createCaller(contextFor(bed.db, support)).staff.support.view({ id: subscription.customerId }).then((view) => view.subscriptions[0]!.items);
    await as(support).changeSubscription({ subscriptionId: subscription.id, itemId: item!.id!, quantity: 3, reason: 'Two more seats' });
    expect(await lastAudit('subscription.change')).toMatchObject({ subjectId: subscription.id, before: { quantity: '1' }, after: { quantity: '3' }, reason: 'Two more seats' });
    await as(finance).cancelSubscription({ subscriptionId: subscription.id, atPeriodEnd: true, reason: 'Closing the shop' });
    const [row] = await bed.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(row!.cancelAtPeriodEnd).toBe(true);
    expect(await lastAudit('subscription.cancel_at_period_end')).toMatchObject({ actorId: finance.userId, before: { cancelAtPeriodEnd: false }, after: { cancelAtPeriodEnd: true } });
    await as(finance).cancelSubscription({ subscriptionId: subscription.id, atPeriodEnd: false, reason: 'Closing bed.now' });
    await expect(as(finance).cancelSubscription({ subscriptionId: subscription.id, atPeriodEnd: false, reason: 'Again' })).rejects.toMatchObject({ cause: { code: 'SUBSCRIPTION_NOT_ACTIVE' } });
  });
});

describe('void or mark uncollectible', () => {
  it('is finance’s, for open invoices only: support is refused and a paid invoice cannot be voided', async () => {
    const customer = await makeBillingCustomer(bed.db);
    const { invoice } = await makeOpenInvoice(bed.db, { customer, now: bed.now });
    await expect(as(support).voidInvoice({ invoiceId: invoice.id, reason: 'Duplicate' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await as(finance).voidInvoice({ invoiceId: invoice.id, reason: 'Issued twice' })).toMatchObject({ status: 'void' });
    expect(await lastAudit('invoice.void')).toMatchObject({ actorId: finance.userId, subjectId: invoice.id, before: { status: 'open' }, after: { status: 'void', amountRemainingMinor: '0' } });
    const { invoice: second } = await makeOpenInvoice(bed.db, { customer, now: bed.now });
    expect(await as(admin).markUncollectible({ invoiceId: second.id, reason: 'Company closed' })).toMatchObject({ status: 'uncollectible' });
    expect(await lastAudit('invoice.mark_uncollectible')).toMatchObject({ actorId: admin.userId, before: { status: 'open' }, after: { status: 'uncollectible' } });
    const { invoice: paid } = await paidPayment();
    await expect(as(finance).voidInvoice({ invoiceId: paid.id, reason: 'Oops' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { code: 'INVOICE_NOT_OPEN' } });
  });
});

describe('resend an e-mail and add a note', () => {
  it('queues the message again as a new one, and keeps notes with their audit row', async () => {
    const customer = await makeBillingCustomer(bed.db);
    const { message } = await queueEmail(bed.db, { smtp: null, from: 'Nimbus <billing@nimbus.example>' }, { kind: 'invoice_issued', to: customer.email, customerId: customer.id, subject: 'Your invoice', html: '<p>Hi</p>', text: 'Hi', dedupeKey: `test:${customer.id}` }, bed.now);
    await expect(createCaller(contextFor(bed.db, customerViewer)).staff.actions.resendEmail({ messageId: message.id, reason: 'Lost it' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const again = await as(support).resendEmail({ messageId: message.id, reason: 'Customer lost it' });
    expect(again.id).not.toBe(message.id);
    const sent = await bed.db.select().from(outboxMessages).where(and(eq(outboxMessages.customerId, customer.id), eq(outboxMessages.subject, 'Your invoice')));
    expect(sent).toHaveLength(2);
    expect(await lastAudit('email.resend')).toMatchObject({ subjectId: message.id, after: { messageId: again.id, to: customer.email }, reason: 'Customer lost it' });

    await expect(createCaller(contextFor(bed.db, customerViewer)).staff.actions.addNote({ customerId: customer.id, body: 'Hello' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const note = await as(support).addNote({ customerId: customer.id, body: 'Prefers e-mail to calls.' });
    expect(await lastAudit('customer.note')).toMatchObject({ actorId: support.userId, subjectId: customer.id, after: { noteId: note.id } });
    await expect(as(support).addNote({ customerId: customer.id, body: ' ' })).rejects.toMatchObject({ cause: { param: 'body' } });
  });
});
