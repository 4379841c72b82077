// The customer's overview in one read: current plans and their renewals, the next invoice, what is
// owed, the credit balance, the default payment method, and the alerts that each ask for one
// action. It composes the other domains' exported functions; it owns only the alert rules.
import type { Database } from '@/db/client';
import { getCustomer } from '../customers';
import { openBalance } from '../invoices/open-balance';
import { latestAttempts } from '../payments/latest-attempts';
import { describeMethod, expiryState, listPaymentMethods } from '../payments/methods';
import { customerSubscriptions } from '../subscriptions/customer-view';

export type OverviewAlert =
  | { kind: 'payment_failed'; invoiceId: string; invoiceNumber: string | null; amountMinor: bigint; declineCode: string | null }
  | { kind: 'overdue'; invoiceId: string; invoiceNumber: string | null; amountMinor: bigint; dueAt: Date }
  | { kind: 'overdue_many'; count: number; amountMinor: bigint; oldestDueAt: Date }
  | { kind: 'payment_processing'; invoiceId: string; invoiceNumber: string | null; amountMinor: bigint }
  | { kind: 'card_expiring'; paymentMethodId: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null; expired: boolean };

/** The order alerts are shown in: money not collected first, then what will stop collection. */
const alertOrder: Record<OverviewAlert['kind'], number> = { payment_failed: 0, overdue: 1, overdue_many: 1, card_expiring: 2, payment_processing: 3 };

/** More overdue invoices than this make one alert that leads to the list, not one per invoice. */
export const overdueAlertLimit = 2;

export async function customerOverview(db: Database, customerId: string, now: Date) {
  const [customer, subscriptions, balance, methods] = await Promise.all([
    getCustomer(db, customerId, 'customerId'),
    customerSubscriptions(db, customerId, now),
    openBalance(db, customerId),
    listPaymentMethods(db, customerId),
  ]);
  const attempts = await latestAttempts(
    db,
    balance.invoices.map((invoice) => invoice.id),
  );

  const alerts: OverviewAlert[] = [];
  for (const invoice of balance.invoices) {
    const attempt = attempts.get(invoice.id);
    const about = { invoiceId: invoice.id, invoiceNumber: invoice.number, amountMinor: invoice.amountRemainingMinor };
    // One alert per invoice: the most pressing thing to do about it.
    if (attempt?.status === 'processing') alerts.push({ kind: 'payment_processing', ...about });
    else if (attempt?.status === 'failed') alerts.push({ kind: 'payment_failed', ...about, declineCode: attempt.declineCode ?? attempt.failureCode });
    else if (invoice.dueAt && invoice.dueAt < now) alerts.push({ kind: 'overdue', ...about, dueAt: invoice.dueAt });
  }
  for (const method of methods) {
    const state = expiryState(method, now);
    // An expiring card matters when it is the one that pays.
    if (state !== 'ok' && method.isDefault) {
      alerts.push({ kind: 'card_expiring', paymentMethodId: method.id, brand: method.brand, last4: method.last4, expMonth: method.expMonth, expYear: method.expYear, expired: state === 'expired' });
    }
  }
  const overdue = alerts.filter((alert) => alert.kind === 'overdue');
  if (overdue.length > overdueAlertLimit) {
    const grouped: OverviewAlert = {
      kind: 'overdue_many',
      count: overdue.length,
      amountMinor: overdue.reduce((sum, alert) => sum + alert.amountMinor, 0n),
      oldestDueAt: overdue.reduce((oldest, alert) => (alert.dueAt < oldest ? alert.dueAt : oldest), overdue[0]!.dueAt),
    };
    alerts.splice(0, alerts.length, ...alerts.filter((alert) => alert.kind !== 'overdue'), grouped);
  }
  alerts.sort((a, b) => alertOrder[a.kind] - alertOrder[b.kind]);

  const nextInvoice = subscriptions
    .map((subscription) => subscription.nextInvoice)
    .filter((next) => next !== null)
    .sort((a, b) => a.date.getTime() - b.date.getTime())[0];
  const defaultMethod = methods.find((method) => method.isDefault);
  return {
    currency: customer.currency,
    plans: subscriptions.map((subscription) => ({
      subscriptionId: subscription.id,
      status: subscription.status,
      names: subscription.items.map((item) => (item.metered ? item.productName : `${item.productName}${item.quantity !== null && item.quantity !== 1n ? ` × ${item.quantity}` : ''}`)),
      renewsAt: subscription.cancelAtPeriodEnd ? null : subscription.currentPeriodEnd,
      endsAt: subscription.cancelAtPeriodEnd ? subscription.currentPeriodEnd : null,
      trialEnd: subscription.status === 'trialing' ? subscription.trialEnd : null,
    })),
    nextInvoice: nextInvoice ? { date: nextInvoice.date, totalMinor: nextInvoice.totalMinor } : null,
    balanceDue: { amountMinor: balance.remainingMinor, invoiceCount: balance.count },
    creditBalanceMinor: customer.creditBalanceMinor,
    defaultPaymentMethod: defaultMethod ? { ...describeMethod(defaultMethod), id: defaultMethod.id, expiry: expiryState(defaultMethod, now) } : null,
    alerts,
  };
}
