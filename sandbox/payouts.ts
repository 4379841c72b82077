// Automatic payouts: at 00:00 UTC of every business day of sandbox time, the available balance
// of each currency is paid out, if positive. Each available transaction is swept by exactly one
// payout; a negative net (refunds, disputes) stays in the balance until later funds cover it.
import { newestFirst, paginate, recordBalanceTransaction, releaseAvailableFunds } from './balance';
import { integerParam, resourceMissing, stringParam, type FormParams } from './http';
import type { SandboxStore, StripeObject } from './store';
import { nextBusinessDayStart } from './time';
import type { EventPublisher } from './webhooks';

export function runAutomaticPayouts(store: SandboxStore, events: EventPublisher): void {
  releaseAvailableFunds(store);
  const unswept = new Map<string, StripeObject[]>();
  for (const transaction of store.balanceTransactions.values()) {
    if (transaction.status !== 'available' || transaction.type === 'payout' || store.payoutOfTransaction.has(transaction.id)) continue;
    const currency = String(transaction.currency);
    unswept.set(currency, [...(unswept.get(currency) ?? []), transaction]);
  }
  for (const [currency, transactions] of [...unswept.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const amount = transactions.reduce((sum, transaction) => sum + (transaction.net as number), 0);
    if (amount <= 0) continue;
    const id = store.newId('po');
    const transaction = recordBalanceTransaction(store, { amount: -amount, currency, source: id, type: 'payout', reportingCategory: 'payout', description: 'STRIPE PAYOUT', availableNow: true });
    const arrivalMs = nextBusinessDayStart(store.clock.now());
    const payout: StripeObject = {
      id,
      object: 'payout',
      amount,
      arrival_date: Math.floor(arrivalMs / 1000),
      automatic: true,
      balance_transaction: transaction.id,
      created: store.nowSeconds(),
      currency,
      description: 'STRIPE PAYOUT',
      destination: null,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: {},
      method: 'standard',
      reconciliation_status: 'completed',
      source_type: 'card',
      statement_descriptor: null,
      status: 'in_transit',
      type: 'bank_account',
    };
    for (const swept of transactions) store.payoutOfTransaction.set(swept.id, id);
    store.payouts.set(id, payout);
    store.schedule('payout_paid', id, arrivalMs);
    events.publish('payout.created', payout);
  }
}

export function markPayoutPaid(store: SandboxStore, events: EventPublisher, id: string): void {
  const payout = store.payouts.get(id);
  if (!payout || payout.status !== 'in_transit') return;
  payout.status = 'paid';
  events.publish('payout.paid', payout);
}

export function getPayout(store: SandboxStore, id: string): StripeObject {
  const payout = store.payouts.get(id);
  if (!payout) throw resourceMissing('payout', id);
  return payout;
}

/** `status`, and `arrival_date[gte|gt|lte|lt]` or an exact `arrival_date`, as Stripe filters them. */
export function listPayouts(store: SandboxStore, params: FormParams): StripeObject {
  const status = stringParam(params, 'status');
  const arrival = params.arrival_date;
  const bounds = typeof arrival === 'object' && !Array.isArray(arrival) ? (arrival as FormParams) : {};
  const exact = typeof arrival === 'string' ? integerParam(params, 'arrival_date') : undefined;
  const gte = integerParam(bounds, 'gte');
  const gt = integerParam(bounds, 'gt');
  const lte = integerParam(bounds, 'lte');
  const lt = integerParam(bounds, 'lt');
  const matching = [...store.payouts.values()].filter((payout) => {
    const date = payout.arrival_date as number;
    return (
      (status === undefined || payout.status === status) &&
      (exact === undefined || date === exact) &&
      (gte === undefined || date >= gte) &&
      (gt === undefined || date > gt) &&
      (lte === undefined || date <= lte) &&
      (lt === undefined || date < lt)
    );
  });
  return paginate(newestFirst(matching), params, '/v1/payouts', 'payout');
}
