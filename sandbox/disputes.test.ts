// Disputes through the official SDK: the ...0259 card is disputed as soon as it is paid; the
// evidence texts Stripe documents decide the outcome, with the balance moving accordingly.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Started } from './test-support';

let started: Started;
let stripe: Stripe;

beforeAll(async () => {
  started = await startSandbox();
  stripe = started.stripe;
});

afterAll(async () => {
  await started.sandbox.close();
});

async function disputedPayment(amount: number): Promise<{ intent: Stripe.PaymentIntent; dispute: Stripe.Dispute }> {
  const intent = await stripe.paymentIntents.create({ amount, currency: 'eur', payment_method: 'pm_card_createDispute', confirm: true });
  const { data } = await stripe.disputes.list({ charge: String(intent.latest_charge) });
  expect(data).toHaveLength(1);
  return { intent, dispute: data[0]! };
}

const netOf = async (source: string) => (await stripe.balanceTransactions.list({ source, limit: 100 })).data.reduce((sum, transaction) => sum + transaction.net, 0);

describe('disputes', () => {
  it('opens a fraudulent dispute on the ...0259 card at once and withdraws the amount plus a 15.00 fee', async () => {
    const { intent, dispute } = await disputedPayment(4_000);
    expect(intent.status).toBe('succeeded');
    expect(dispute).toMatchObject({ object: 'dispute', amount: 4_000, currency: 'eur', reason: 'fraudulent', status: 'needs_response', charge: intent.latest_charge, payment_intent: intent.id });
    expect(await stripe.disputes.retrieve(dispute.id)).toMatchObject({ id: dispute.id, status: 'needs_response' });
    expect((await stripe.charges.retrieve(String(intent.latest_charge))).disputed).toBe(true);
    const [withdrawal] = (await stripe.balanceTransactions.list({ source: dispute.id })).data;
    expect(withdrawal).toMatchObject({ type: 'adjustment', reporting_category: 'dispute', amount: -4_000, fee: 1_500, net: -5_500 });
    const types = (await stripe.events.list({ limit: 2 })).data.map((event) => event.type);
    expect(types).toEqual(['charge.dispute.funds_withdrawn', 'charge.dispute.created']);
  });

  it('is won with winning_evidence: the amount comes back, the fee does not', async () => {
    const { dispute } = await disputedPayment(2_000);
    const updated = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(updated.status).toBe('won');
    expect(await netOf(dispute.id)).toBe(-1_500);
    const types = (await stripe.events.list({ limit: 3 })).data.map((event) => event.type);
    expect(types).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed', 'charge.dispute.updated']);
    const reinstated = (await stripe.balanceTransactions.list({ source: dispute.id })).data.find((transaction) => transaction.amount > 0);
    expect(reinstated).toMatchObject({ type: 'adjustment', amount: 2_000, fee: 0, reporting_category: 'dispute_reversal' });
  });

  it('is lost with losing_evidence, and closing accepts the loss', async () => {
    const lost = await disputedPayment(3_000);
    expect((await stripe.disputes.update(lost.dispute.id, { evidence: { uncategorized_text: 'losing_evidence' } })).status).toBe('lost');
    expect(await netOf(lost.dispute.id)).toBe(-4_500);
    expect((await stripe.events.list({ limit: 1 })).data[0]?.type).toBe('charge.dispute.closed');

    const accepted = await disputedPayment(1_000);
    expect((await stripe.disputes.close(accepted.dispute.id)).status).toBe('lost');
    expect(await netOf(accepted.dispute.id)).toBe(-2_500);
    const again = await stripe.disputes.close(accepted.dispute.id).catch((caught: unknown) => caught);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('keeps other evidence under review', async () => {
    const { dispute } = await disputedPayment(1_200);
    const updated = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'The customer received the goods.' } });
    expect(updated).toMatchObject({ status: 'under_review', evidence: { uncategorized_text: 'The customer received the goods.' }, evidence_details: { has_evidence: true, submission_count: 1 } });
  });

  it('does not dispute an ordinary card', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
    expect((await stripe.disputes.list({ charge: String(intent.latest_charge) })).data).toEqual([]);
  });
});
