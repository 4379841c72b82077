// The upcoming invoice: what the next renewal will bill, computed exactly as the renewal would,
// and saved nowhere.
import type { Database } from '@/db/client';
import { currentPeriod } from '../billing-periods/periods';
import { getCustomer } from '../customers';
import { priceDraft } from '../invoices';
import { discountFor } from './discount';
import { pendingLines } from './invoicing';
import { loadItems } from './items';
import { licensedLines, meteredLines } from './lines';
import { listSubscriptions } from './lifecycle';

export async function upcomingInvoices(db: Database, customerId: string, now: Date) {
  const customer = await getCustomer(db, customerId, 'customerId');
  const live = await listSubscriptions(db, { customerId, statuses: ['trialing', 'active', 'past_due'] });
  const previews = [];
  for (const subscription of live.filter((s) => !s.cancelAtPeriodEnd)) {
    const items = await loadItems(db, subscription.id);
    const ended = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
    const next = currentPeriod(subscription.billingCycleAnchor, subscription.interval, subscription.intervalCount, ended.end);
    // Usage so far this period: the renewal will bill at least this much. None yet at the very
    // instant the period starts (a subscription created now, on a clock that has not moved).
    const soFar = { start: ended.start, end: now < ended.end ? now : ended.end };
    const usage = subscription.status === 'trialing' || soFar.end <= soFar.start ? [] : await meteredLines(db, customer.id, items, soFar);
    const pending = (await pendingLines(db, subscription.id)).map(({ pendingId: _pendingId, ...line }) => line);
    const lines = [...licensedLines(items, next), ...usage, ...pending];
    const priced = await priceDraft(db, { customer, lines, discount: await discountFor(db, subscription, ended.end) });
    previews.push({ subscriptionId: subscription.id, date: ended.end, periodStart: next.start, periodEnd: next.end, currency: customer.currency, lines: priced.lines, totals: priced.totals });
  }
  return previews;
}
