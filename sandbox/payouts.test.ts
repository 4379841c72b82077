// Balance and automatic payouts through the official SDK, on a test clock: funds become
// available the next business day at 00:00 UTC and are swept by that day's payout, once.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monday, startSandbox, type Started } from './test-support';

let started: Started;
let stripe: Stripe;
let advance: (toMs: number) => Promise<unknown>;

beforeAll(async () => {
  started = await startSandbox();
  stripe = started.stripe;
  ({ advance } = await started.clock(monday(10)));
});

afterAll(async () => {
  await started.sandbox.close();
});

const pay = (amount: number, currency = 'eur', paymentMethod = 'pm_card_visa') => stripe.paymentIntents.create({ amount, currency, payment_method: paymentMethod, confirm: true });

async function allTransactions(params: Stripe.BalanceTransactionListParams = {}): Promise<Stripe.BalanceTransaction[]> {
  const all: Stripe.BalanceTransaction[] = [];
  for await (const transaction of stripe.balanceTransactions.list({ limit: 3, ...params })) all.push(transaction);
  return all;
}

const balanceOf = (entries: Stripe.Balance.Available[] | Stripe.Balance.Pending[], currency: string) => entries.find((entry) => entry.currency === currency)?.amount ?? 0;

describe('balance and payouts', () => {
  it('keeps funds pending until the next business day, then pays each currency out and marks the payout paid on arrival', async () => {
    const first = await pay(10_000);
    await pay(2_000);
    await pay(5_000, 'usd');
    await stripe.refunds.create({ payment_intent: first.id, amount: 1_000 });
    const pending = await stripe.balance.retrieve();
    expect(balanceOf(pending.available, 'eur')).toBe(0);
    // 10 000 - 175 + 2 000 - 55 - 1 000
    expect(balanceOf(pending.pending, 'eur')).toBe(10_770);
    const transaction = (await allTransactions())[0]!;
    expect(transaction).toMatchObject({ status: 'pending', available_on: Date.UTC(2030, 0, 8) / 1000 });

    await advance(Date.UTC(2030, 0, 8, 0, 0)); // Tuesday 00:00 UTC
    const payouts = (await stripe.payouts.list()).data;
    expect(payouts.map((payout) => [payout.currency, payout.amount]).sort()).toEqual([['eur', 10_770], ['usd', 4_900]]);
    for (const payout of payouts) {
      expect(payout).toMatchObject({ object: 'payout', automatic: true, status: 'in_transit', method: 'standard', type: 'bank_account', arrival_date: Date.UTC(2030, 0, 9) / 1000 });
      const swept = await allTransactions({ payout: payout.id });
      const own = swept.filter((entry) => entry.type === 'payout');
      expect(own.map((entry) => entry.id)).toEqual([payout.balance_transaction]);
      expect(own[0]).toMatchObject({ amount: -payout.amount, status: 'available' });
      expect(swept.filter((entry) => entry.type !== 'payout').reduce((sum, entry) => sum + entry.net, 0)).toBe(payout.amount);
    }
    const after = await stripe.balance.retrieve();
    expect(balanceOf(after.available, 'eur')).toBe(0);
    expect(balanceOf(after.pending, 'eur')).toBe(0);

    await advance(Date.UTC(2030, 0, 9, 0, 0));
    expect((await stripe.payouts.retrieve(payouts[0]!.id)).status).toBe('paid');
    const paidEvents = (await stripe.events.list({ type: 'payout.paid' })).data;
    expect(paidEvents).toHaveLength(2);
    expect((await stripe.events.list({ type: 'payout.created' })).data).toHaveLength(2);
  });

  it('carries a negative balance over to the next payout, which then sweeps it too', async () => {
    // Wednesday 10:00: a disputed payment nets negative (withdrawn amount plus the fee).
    await advance(Date.UTC(2030, 0, 9, 10));
    await pay(1_000, 'eur', 'pm_card_createDispute');
    await advance(Date.UTC(2030, 0, 10, 0)); // Thursday 00:00: nothing to pay out
    expect((await stripe.payouts.list({ arrival_date: { gte: Date.UTC(2030, 0, 10) / 1000 } })).data).toEqual([]);
    expect(balanceOf((await stripe.balance.retrieve()).available, 'eur')).toBe(1_000 - 40 - 1_000 - 1_500);

    await advance(Date.UTC(2030, 0, 10, 9));
    await pay(20_000);
    await advance(Date.UTC(2030, 0, 11, 0)); // Friday 00:00
    const [payout] = (await stripe.payouts.list({ limit: 1 })).data;
    expect(payout).toMatchObject({ amount: 20_000 - 325 - 1_540, currency: 'eur', status: 'in_transit' });
    const swept = await allTransactions({ payout: payout!.id });
    expect(swept.map((entry) => entry.type).sort()).toEqual(['adjustment', 'charge', 'charge', 'payout']);
  });

  it('skips weekends: Friday funds are paid out on Monday', async () => {
    await advance(Date.UTC(2030, 0, 11, 12)); // Friday noon
    const intent = await pay(3_000);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect((await stripe.balanceTransactions.retrieve(String(charge.balance_transaction))).available_on).toBe(Date.UTC(2030, 0, 14) / 1000);
    const since = async () => (await stripe.payouts.list()).data.filter((payout) => payout.created > Date.UTC(2030, 0, 11, 12) / 1000);
    await advance(Date.UTC(2030, 0, 13, 23)); // Sunday night
    expect(await since()).toEqual([]);
    await advance(Date.UTC(2030, 0, 14, 0)); // Monday
    expect((await since()).map((payout) => [payout.amount, payout.created])).toEqual([[3_000 - 70, Date.UTC(2030, 0, 14) / 1000]]);
    // Friday's payout arrived on Monday too.
    expect((await stripe.payouts.list({ status: 'paid' })).data.some((payout) => payout.arrival_date === Date.UTC(2030, 0, 14) / 1000)).toBe(true);
  });

  it('sweeps every available transaction into exactly one payout', async () => {
    const payouts = (await stripe.payouts.list({ limit: 100 })).data;
    const owner = new Map<string, string>();
    for (const payout of payouts) {
      for (const transaction of await allTransactions({ payout: payout.id })) {
        if (transaction.type === 'payout') continue;
        expect(owner.get(transaction.id), transaction.id).toBeUndefined();
        owner.set(transaction.id, payout.id);
      }
    }
    const available = (await allTransactions()).filter((transaction) => transaction.type !== 'payout' && transaction.status === 'available');
    expect(available.map((transaction) => transaction.id).sort()).toEqual([...owner.keys()].sort());
    expect(await allTransactions({ type: 'payout' })).toHaveLength(payouts.length);
  });
});
