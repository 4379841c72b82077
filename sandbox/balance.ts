// The account balance: every movement of money is a balance transaction, pending until its
// available_on (simplified to 00:00 UTC of the next business day after it was created) and
// then available for the next automatic payout.
import { integerParam, resourceMissing, stringParam, type FormParams } from './http';
import type { SandboxStore, StripeObject } from './store';
import { nextBusinessDayStart } from './time';

export interface BalanceMovement {
  amount: number;
  currency: unknown;
  fee?: number;
  feeDescription?: string;
  source: string;
  type: 'charge' | 'refund' | 'adjustment' | 'payout';
  reportingCategory: string;
  description?: string | null;
  /** Payouts leave the available balance at once. */
  availableNow?: boolean;
}

export function recordBalanceTransaction(store: SandboxStore, movement: BalanceMovement): StripeObject {
  const nowMs = store.clock.now();
  const fee = movement.fee ?? 0;
  const transaction: StripeObject = {
    id: store.newId('txn'),
    object: 'balance_transaction',
    amount: movement.amount,
    available_on: Math.floor((movement.availableNow ? nowMs : nextBusinessDayStart(nowMs)) / 1000),
    created: Math.floor(nowMs / 1000),
    currency: movement.currency,
    description: movement.description ?? null,
    exchange_rate: null,
    fee,
    fee_details: fee === 0 ? [] : [{ amount: fee, application: null, currency: movement.currency, description: movement.feeDescription ?? 'Sandbox processing fees', type: 'stripe_fee' }],
    net: movement.amount - fee,
    reporting_category: movement.reportingCategory,
    source: movement.source,
    status: movement.availableNow ? 'available' : 'pending',
    type: movement.type,
  };
  store.balanceTransactions.set(transaction.id, transaction);
  return transaction;
}

/** Pending transactions whose available_on has come become available. */
export function releaseAvailableFunds(store: SandboxStore): void {
  const nowSeconds = store.nowSeconds();
  for (const transaction of store.balanceTransactions.values()) {
    if (transaction.status === 'pending' && (transaction.available_on as number) <= nowSeconds) transaction.status = 'available';
  }
}

export function getBalance(store: SandboxStore): StripeObject {
  releaseAvailableFunds(store);
  const totals = new Map<string, { available: number; pending: number }>();
  for (const transaction of store.balanceTransactions.values()) {
    const currency = String(transaction.currency);
    const total = totals.get(currency) ?? { available: 0, pending: 0 };
    total[transaction.status === 'available' ? 'available' : 'pending'] += transaction.net as number;
    totals.set(currency, total);
  }
  const entries = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    object: 'balance',
    id: 'balance',
    available: entries.map(([currency, total]) => ({ amount: total.available, currency, source_types: { card: total.available } })),
    pending: entries.map(([currency, total]) => ({ amount: total.pending, currency, source_types: { card: total.pending } })),
    livemode: false,
  };
}

export function getBalanceTransaction(store: SandboxStore, id: string): StripeObject {
  const transaction = store.balanceTransactions.get(id);
  if (!transaction) throw resourceMissing('balance_transaction', id);
  return transaction;
}

/** Newest first, Stripe's cursor pagination: limit (1–100, default 10) and starting_after. */
export function paginate(items: StripeObject[], params: FormParams, url: string, kind: string): StripeObject {
  const limit = Math.min(Math.max(integerParam(params, 'limit') ?? 10, 1), 100);
  const startingAfter = stringParam(params, 'starting_after');
  let start = 0;
  if (startingAfter !== undefined) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index === -1) throw resourceMissing(kind, startingAfter, 'starting_after');
    start = index + 1;
  }
  return { id: url, object: 'list', data: items.slice(start, start + limit), has_more: start + limit < items.length, url };
}

/** Newest first by creation; ties keep the order of insertion, reversed. */
export function newestFirst(items: Iterable<StripeObject>): StripeObject[] {
  return [...items].reverse().sort((a, b) => (b.created as number) - (a.created as number));
}

/**
 * `payout` lists what a payout swept, as Stripe does for reconciliation, including the payout's
 * own transaction; `type` and `source` filter further.
 */
export function listBalanceTransactions(store: SandboxStore, params: FormParams): StripeObject {
  releaseAvailableFunds(store);
  const payout = stringParam(params, 'payout');
  const type = stringParam(params, 'type');
  const source = stringParam(params, 'source');
  let payoutTransaction: string | null = null;
  if (payout !== undefined) {
    const found = store.payouts.get(payout);
    if (!found) throw resourceMissing('payout', payout, 'payout');
    payoutTransaction = String(found.balance_transaction);
  }
  const matching = [...store.balanceTransactions.values()].filter(
    (transaction) =>
      (payout === undefined || store.payoutOfTransaction.get(transaction.id) === payout || transaction.id === payoutTransaction) &&
      (type === undefined || transaction.type === type) &&
      (source === undefined || transaction.source === source),
  );
  return paginate(newestFirst(matching), params, '/v1/balance_transactions', 'balance_transaction');
}
